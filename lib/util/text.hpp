// Internal text helpers shared by ingest, extract, index and search.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annals::detail {

/// Offset of the first byte that is not part of valid UTF-8 (overlongs,
/// surrogates and code points past U+10FFFF are invalid); nullopt when valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

/// Appends code point @p cp as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
/// Inline: the tagger calls it per character of every token.
inline void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// True when @p needle occurs in @p hay (std::string_view::contains is C++23).
inline bool contains(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

/// Number of code points of UTF-8 @p s (bytes that do not continue a sequence).
inline std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/// Case- and accent-insensitive form used for entity terms and field matching:
/// Unicode case folding, NFKD, combining marks removed, curly quotes to ASCII,
/// runs of whitespace and punctuation other than '&' and '-' to one space, trimmed.
/// "Kyïv " -> "kyiv", "Lord’s Press" -> "lord s press".
std::string fold(std::string_view s);

/// The words of fold(s), split at spaces.
std::vector<std::string> fold_words(std::string_view s);

/// The pieces of @p s between the occurrences of @p sep, empty ones included, as
/// Python's str.split(sep) gives them: "a,,b" -> {"a", "", "b"}, "a," -> {"a", ""},
/// "" -> {""}. The views point into @p s. @p sep must not be empty.
std::vector<std::string_view> split_at(std::string_view s, std::string_view sep);

/// @p s with each run of ASCII whitespace (space, tab, CR, LF) made one space, trimmed.
std::string squeeze_spaces(std::string_view s);

/// s without leading and trailing ASCII/Unicode whitespace (NBSP included).
std::string_view trim(std::string_view s);

/// Typographic punctuation to ASCII: ’‘ to ', “” to ", NBSP to space. For metadata
/// such as publication names, never for article text (offsets must not move).
std::string ascii_punctuation(std::string_view s);

}  // namespace annals::detail
