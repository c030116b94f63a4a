// A guess at the language of an article that does not say: extraction runs the
// English model only on English text. The article's `language` field is never
// changed (absent means "en", docs/formats.md); only how it is read.
#pragma once

#include <string>
#include <string_view>

namespace annals::detail {

/// The language @p text (title and body) is plainly written in: "de", "fr",
/// "es", "it", "nl" or "pt" when its common words say so, "und" when most of
/// its letters are outside the Latin script, "en" otherwise (also for short or
/// unclear text). Reads at most the first few thousand bytes.
std::string guess_language(std::string_view title, std::string_view body);

}  // namespace annals::detail
