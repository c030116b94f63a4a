// next_attribute(): the attributes of a start tag, split as the HTML tokenizer
// splits them. Both the encoding prescan (charset.cpp, on the raw bytes) and the
// pass that slims tags before gumbo parses them (html_doc.cpp) read tags this way.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "util/ascii.hpp"

namespace annals::detail {

/// One attribute of a tag: spans of the text it was read from.
struct AttributeSpan {
    std::string_view name;   ///< as written (any case)
    std::string_view value;  ///< without its quotes; empty when it has none
};

/// The attribute at or after @p s[@p i] (spaces and '/' before it skipped);
/// @p i moves past it. nullopt at a '>' (@p i left on it), at the end of @p s,
/// and at a quoted value never closed (@p i set to the end of @p s).
inline std::optional<AttributeSpan> next_attribute(std::string_view s, std::size_t& i) {
    while (i < s.size() && (is_ascii_space(s[i]) || s[i] == '/')) ++i;
    if (i >= s.size() || s[i] == '>') return std::nullopt;
    const std::size_t name = i++;  // a first '=' belongs to the name
    while (i < s.size() && !is_ascii_space(s[i]) && s[i] != '/' && s[i] != '=' && s[i] != '>') ++i;
    AttributeSpan a{s.substr(name, i - name), {}};
    std::size_t at = i;
    while (at < s.size() && is_ascii_space(s[at])) ++at;
    if (at >= s.size() || s[at] != '=') return a;
    ++at;
    while (at < s.size() && is_ascii_space(s[at])) ++at;
    if (at >= s.size()) {
        i = at;
        return std::nullopt;
    }
    if (s[at] == '"' || s[at] == '\'') {
        const std::size_t close = s.find(s[at], at + 1);
        if (close == std::string_view::npos) {
            i = s.size();
            return std::nullopt;
        }
        a.value = s.substr(at + 1, close - at - 1);
        i = close + 1;
        return a;
    }
    i = at;
    while (i < s.size() && !is_ascii_space(s[i]) && s[i] != '>') ++i;
    a.value = s.substr(at, i - at);
    return a;
}

}  // namespace annals::detail
