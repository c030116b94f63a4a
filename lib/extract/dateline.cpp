// Datelines: the place line above a story ("COMMACK, N.Y., Feb 26") or at the
// start of its body ("KYIV (Reuters) - "). See dateline.hpp.
#include "extract/dateline.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>

namespace annals::detail {

std::optional<std::string_view> us_state_of_abbreviation(std::string_view text) {
    static const std::unordered_map<std::string, std::string_view> states = {
        {"ala", "Alabama"}, {"ariz", "Arizona"}, {"ark", "Arkansas"}, {"calif", "California"},
        {"cal", "California"}, {"colo", "Colorado"}, {"conn", "Connecticut"}, {"del", "Delaware"},
        {"dc", "District of Columbia"}, {"fla", "Florida"}, {"ga", "Georgia"}, {"ill", "Illinois"},
        {"ind", "Indiana"}, {"kan", "Kansas"}, {"kans", "Kansas"}, {"ky", "Kentucky"}, {"la", "Louisiana"},
        {"md", "Maryland"}, {"mass", "Massachusetts"}, {"mich", "Michigan"}, {"minn", "Minnesota"},
        {"miss", "Mississippi"}, {"mo", "Missouri"}, {"mont", "Montana"}, {"neb", "Nebraska"},
        {"nebr", "Nebraska"}, {"nev", "Nevada"}, {"nh", "New Hampshire"}, {"nj", "New Jersey"},
        {"nm", "New Mexico"}, {"ny", "New York"}, {"nc", "North Carolina"}, {"nd", "North Dakota"},
        {"okla", "Oklahoma"}, {"ore", "Oregon"}, {"oreg", "Oregon"}, {"pa", "Pennsylvania"},
        {"penn", "Pennsylvania"}, {"ri", "Rhode Island"}, {"sc", "South Carolina"}, {"sd", "South Dakota"},
        {"tenn", "Tennessee"}, {"tex", "Texas"}, {"vt", "Vermont"}, {"va", "Virginia"}, {"wash", "Washington"},
        {"wva", "West Virginia"}, {"wis", "Wisconsin"}, {"wisc", "Wisconsin"}, {"wyo", "Wyoming"},
    };
    std::string key;
    for (char c : text)
        if (c != '.' && c != ' ' && c != '\t') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto it = states.find(key);
    if (it == states.end()) return std::nullopt;
    return it->second;
}

std::optional<BodyDateline> body_dateline(std::string_view body) {
    const std::string_view opening = body.substr(0, 160);
    std::size_t dash = std::string_view::npos;
    for (std::string_view d : {" - ", " -- ", " \u2014 ", " \u2013 "})
        dash = std::min(dash, opening.find(d));
    if (dash == std::string_view::npos) return std::nullopt;
    std::string_view head = body.substr(0, dash);
    if (const auto paren = head.find('('); paren != std::string_view::npos) head = head.substr(0, paren);
    const std::size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return std::nullopt;
    std::size_t comma = head.find(',', start);
    std::string_view place = head.substr(start, (comma == std::string_view::npos ? head.size() : comma) - start);
    place = place.substr(0, place.find_last_not_of(" \t") + 1);
    int letters = 0;
    for (char c : place) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 'A' && u <= 'Z') ++letters;
        else if (u < 0x80 && c != ' ' && c != '.' && c != '\'' && c != '-') return std::nullopt;  // lower case, digits
    }
    if (letters < 2) return std::nullopt;
    BodyDateline d{start, start + place.size(), start + place.size(), std::string(place)};
    while (comma != std::string_view::npos) {
        const std::size_t next = head.find(',', comma + 1);
        std::string_view part = head.substr(comma + 1, (next == std::string_view::npos ? head.size() : next) - comma - 1);
        part = part.substr(std::min(part.size(), part.find_first_not_of(" \t")));
        part = part.substr(0, part.find_last_not_of(" \t") + 1);
        if (!part.empty() && part.find_first_of("0123456789") == std::string_view::npos) {
            d.line += ", " + std::string(part);
            d.regions_end = static_cast<std::size_t>(part.data() + part.size() - body.data());
        }
        comma = next;
    }
    return d;
}

}  // namespace annals::detail
