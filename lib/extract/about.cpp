// The countries a story is about (about.hpp).
#include "extract/about.hpp"

#include <algorithm>
#include <map>

namespace annals::detail {

namespace {

// How much one sign weighs by where it is. The dateline says where the story
// happened; a headline names what it is about; the lead, the story in brief.
double weight(const CountryEvidence& e, std::size_t lead_end) {
    double w = 1.0;
    if (e.kind == CountryEvidence::Kind::Dateline) return 3.0;
    if (e.field == Field::Title) w = 2.0;
    else if (e.start < lead_end) w = 1.5;
    // "Argentine grain board", "the Bundesbank": the country named in passing.
    if (e.kind == CountryEvidence::Kind::Demonym || e.kind == CountryEvidence::Kind::Organization) w *= 0.6;
    return w;
}

}  // namespace

std::vector<CountryScore> rank_countries(const std::vector<CountryEvidence>& evidence, std::size_t lead_end) {
    struct Tally {
        std::vector<double> weights;
        std::size_t first = 0;  // order of the first sign
    };
    std::map<std::string, Tally> by_country;
    std::size_t order = 0;
    for (const auto& e : evidence) {
        if (e.country.empty()) continue;
        auto [it, fresh] = by_country.try_emplace(e.country);
        if (fresh) it->second.first = order++;
        it->second.weights.push_back(weight(e, lead_end));
    }
    std::vector<std::pair<std::size_t, CountryScore>> scored;
    for (auto& [cc, t] : by_country) {
        // Heaviest first; each further sign adds less (the k-th counts 1/(1 + k/4)).
        std::sort(t.weights.rbegin(), t.weights.rend());
        double s = 0;
        for (std::size_t k = 0; k < t.weights.size(); ++k) s += t.weights[k] / (1.0 + static_cast<double>(k) / 4.0);
        scored.push_back({t.first, {cc, s}});
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        return a.second.score != b.second.score ? a.second.score > b.second.score : a.first < b.first;
    });
    std::vector<CountryScore> out;
    out.reserve(scored.size());
    for (auto& [first, s] : scored) out.push_back(std::move(s));
    return out;
}

std::vector<std::string> top_countries(const std::vector<CountryScore>& ranking) {
    std::vector<std::string> out;
    for (const auto& s : ranking) {
        if (out.size() == 3 || s.score < 0.5 * ranking.front().score) break;
        out.push_back(s.country);
    }
    return out;
}

std::size_t lead_end(std::string_view body) {
    const std::size_t cap = std::min<std::size_t>(body.size(), 600);
    std::size_t end = std::min(cap, body.find("\n\n"));
    for (std::size_t at = 200; at < end; ++at)
        if ((body[at] == '.' || body[at] == '!' || body[at] == '?') &&
            (at + 1 == body.size() || body[at + 1] == ' ' || body[at + 1] == '\n'))
            return at + 1;
    return end;
}

}  // namespace annals::detail
