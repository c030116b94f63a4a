// annals/json.hpp: articles to and from JSON (docs/formats.md: the article record, --extract).
#pragma once

#include <string>
#include <string_view>

#include "annals/article.hpp"
#include "annals/export.hpp"

namespace annals {

/// Parses one JSON object into an Article. Known fields fill the struct; unknown
/// fields go to Article::extra verbatim. A string given where an array of strings
/// is expected becomes a one-element array.
///
/// Throws InputError (file "" and line counted from 1 inside @p json) for malformed
/// JSON, invalid UTF-8, a non-object, a known field of the wrong type, or an object
/// with neither title nor body. The reason names the column and the field.
ANNALS_EXPORT Article article_from_json(std::string_view json);

/// How to_json() writes an article.
struct JsonWriteOptions {
    bool entities = true;  ///< include the "entities" array (docs/formats.md, --extract)
};

/// One JSON object on one line (no trailing newline): the record's non-empty
/// fields in a fixed order (docs/formats.md), then extra fields, then "about_countries"
/// (when not empty) and "entities". Never throws except
/// std::bad_alloc.
ANNALS_EXPORT std::string to_json(const Article& article, const JsonWriteOptions& options = {});

}  // namespace annals
