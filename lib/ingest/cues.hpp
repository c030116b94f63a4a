// Internal helpers shared by the saved-page and HTML readers: recognising
// bylines, contributor lines, site chrome and publication names in text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annals::detail {

/// lower_ascii(@p s) (util/ascii.hpp) with the Latin-1 capitals (À..Þ) lowered too
/// ("Über" -> "über").
std::string lower_latin(std::string_view s);

/// Number of space-separated words in @p s.
std::size_t word_count(std::string_view s);

/// Names from a byline: "By Jane Doe and John Roe" -> {"Jane Doe", "John Roe"}.
/// nullopt when @p line is not a byline (must start with "By ", be short, and
/// hold capitalised names).
std::optional<std::vector<std::string>> parse_byline(std::string_view line);

/// Names from "X and Y contributed to this report." / "Additional reporting by
/// X and Y."; nullopt when @p line is not such a line.
std::optional<std::vector<std::string>> parse_contributors(std::string_view line);

/// Splits "A, B and C" / "A & B" into names, trimmed, empty ones dropped.
std::vector<std::string> split_names(std::string_view list);

/// True when @p s looks like a person's or desk's name: 1-6 words, each
/// capitalised (or a connector like "van", "de"), no sentence punctuation.
bool name_like(std::string_view s);

/// A publication named in a chrome line ("© 2024 The Ledger. All rights
/// reserved.", "Writers at Lord’s Press come ...", "stories from X."), ASCII
/// punctuation; nullopt when none. @p strength receives how sure the match is
/// (3 copyright, 2 "writers at", 1 weaker forms).
std::optional<std::string> publication_in(std::string_view line, int& strength);

/// The published date of a date line, trying the whole line and then its parts
/// split at '|' and '·' and without a leading label ("Published:", "Updated").
std::optional<std::string> date_in_line(std::string_view line);

/// True when @p low (lower case) starts with @p cue followed by a non-letter.
bool starts_with_word(const std::string& low, std::string_view cue);

/// True when @p t ends like a sentence or a quotation (". ? ! : ) ” …").
bool ends_sentence(std::string_view t);

/// Footer or box chrome that ends an article when it comes after the text:
/// "Related stories", "© 2024 The Ledger", "Sign up for our newsletter", and
/// their German, French, Spanish, Italian and Polish forms ("Mehr zum Thema",
/// "Lire aussi", "Lea también"). @p low is lower_latin(@p t).
bool chrome_cue(std::string_view t, const std::string& low);

/// Chrome dropped wherever it is, without ending the article: "Advertisement",
/// "Skip to content", "World | Business | Sport", "5 min read".
bool soft_chrome(std::string_view t, const std::string& low);

/// A short paragraph inside a web page's story box that speaks to the reader
/// rather than telling the story: a call to subscribe, to get the newsletter or
/// the app, to support the site, or a photo credit ("Foto: dpa", "©"). Not used
/// for saved-page text, whose lines are judged by chrome_cue(). @p low as above.
bool reader_appeal(const std::string& low);

}  // namespace annals::detail
