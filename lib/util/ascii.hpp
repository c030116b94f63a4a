// Internal ASCII byte helpers shared by ingest and extract: character classes
// and case of single bytes, without the C library's locale lookups (scanners
// ask per byte) and without ICU. Bytes past 0x7F belong to no class and are left
// as they are, so these are safe on UTF-8. For Unicode-aware folding, trimming
// and classes see util/text.hpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace annals::detail {

/// True for A-Z and a-z.
constexpr bool is_ascii_alpha(char c) {
    return static_cast<unsigned char>((static_cast<unsigned char>(c) | 0x20) - 'a') < 26;
}

/// True for 0-9.
constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

/// ASCII white space as HTML and the WHATWG encoding standard define it: space,
/// tab, LF, FF and CR (not VT).
constexpr bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

/// @p c in lower case when it is A-Z; any other byte unchanged.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

/// ASCII lower case of @p s (other bytes unchanged).
inline std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

/// True when @p a and @p b are equal ignoring ASCII case (header and attribute names).
constexpr bool equals_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (ascii_lower(a[k]) != ascii_lower(b[k])) return false;
    return true;
}

/// True when @p s holds @p lower_word at byte @p at, ignoring the ASCII case of
/// @p s; @p lower_word must be lower case. @p at must not pass the end of @p s.
constexpr bool starts_with_ci(std::string_view s, std::size_t at, std::string_view lower_word) {
    if (s.size() - at < lower_word.size()) return false;
    for (std::size_t k = 0; k < lower_word.size(); ++k)
        if (ascii_lower(s[at + k]) != lower_word[k]) return false;
    return true;
}

}  // namespace annals::detail
