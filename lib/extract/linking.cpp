// Place linking: each place mention's gazetteer candidates weighed by the
// document's context (its countries, regions, dateline and "X, Y" neighbours).
// See linking.hpp.
#include "extract/linking.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "extract/dateline.hpp"
#include "util/text.hpp"

namespace annals::detail {

bool names_country(const Lexicon& lex, std::string_view key) {
    const auto cands = lex.places(key);
    return std::any_of(cands.begin(), cands.end(),
                       [](const PlaceCandidate& c) { return c.place->kind == PlaceKind::Country; });
}

double prior(const PlaceCandidate& c) {
    // Comparable scales: a country beats any city named like it, a US state beats
    // most towns, a city ten times larger gains 1.5.
    const PlaceRecord& p = *c.place;
    double s = 0;
    switch (p.kind) {
        case PlaceKind::Country: s = 12; break;
        case PlaceKind::Region: s = 11; break;
        case PlaceKind::Subdivision: s = p.country == "US" ? 8.5 : 7; break;
        case PlaceKind::City: s = 1.5 * std::log10(static_cast<double>(p.population) + 10.0); break;
    }
    if (c.curated) s += 3;
    if (c.foreign) s -= 0.5;
    return s;
}

void linking_votes(const Work& w, std::map<std::string, double>& cc_votes, std::map<std::string, double>& local_cc,
                   std::map<std::string, double>& local_admin) {
    if (w.cands.empty()) return;
    // A name that is a country (or a region) votes for that country only.
    const PlaceCandidate& top = *std::max_element(w.cands.begin(), w.cands.end(), [](const auto& a, const auto& b) {
        return prior(a) < prior(b);
    });
    if (top.place->kind == PlaceKind::Country || top.place->kind == PlaceKind::Region) {
        if (!top.place->country.empty()) cc_votes[top.place->country] += 1;
        return;
    }
    std::set<std::string> ccs, admins;
    for (const auto& c : w.cands) {
        if (c.place->kind == PlaceKind::Country) continue;
        ccs.insert(c.place->country);
        if (!c.place->admin.empty()) admins.insert(c.place->admin);
    }
    for (const auto& cc : ccs) local_cc[cc] += 1.0 / static_cast<double>(ccs.size());
    for (const auto& a : admins) local_admin[a] += 1.0 / static_cast<double>(admins.size());
}

namespace {

double total_votes(const std::map<std::string, double>& m) {
    double t = 0;
    for (const auto& [k, v] : m) t += v;
    return t;
}

}  // namespace

// The best candidate for a place mention; *support is how much of its score came
// from the document's context rather than from the candidate itself.
const PlaceCandidate* choose(const Work& w, const Context& ctx, const std::vector<PlaceCandidate>& following,
                             const std::vector<PlaceCandidate>& preceding,
                             const std::vector<const PlaceRecord*>& dateline, double* support) {
    std::map<std::string, double> self_cc, self_local, self_admin;
    linking_votes(w, self_cc, self_local, self_admin);
    auto get = [](const std::map<std::string, double>& m, const std::string& k) {
        auto it = m.find(k);
        return it == m.end() ? 0.0 : it->second;
    };
    const double other_votes = total_votes(ctx.countries) - total_votes(self_cc);
    const PlaceCandidate* best = nullptr;
    double best_score = -1e9;
    for (const auto& c : w.cands) {
        const PlaceRecord& p = *c.place;
        double s = prior(c);
        if (!p.country.empty()) {
            // In proportion to how much of the story is about that country: a US
            // story's "Geneva" stays in Switzerland, a British story's "Surrey" in England.
            const double votes = get(ctx.countries, p.country) - get(self_cc, p.country);
            if (votes > 0.01) s += 2.5 * votes / std::max(1.0, other_votes);
            if (p.kind != PlaceKind::Country && get(ctx.local_cc, p.country) - get(self_local, p.country) > 0.01)
                s += 2;
        }
        if (!p.admin.empty() && p.kind != PlaceKind::Country &&
            get(ctx.local_admin, p.admin) - get(self_admin, p.admin) > 0.01)
            s += 2;
        // The place the story was filed from ("PARIS, Texas" above the story).
        if (std::find(dateline.begin(), dateline.end(), &p) != dateline.end()) s += 3;
        // "Paris, Texas", "Geneva, Switzerland": the next name says where.
        for (const auto& f : following) {
            const PlaceRecord& q = *f.place;
            if (&q == &p) continue;
            if ((q.kind == PlaceKind::Country && q.country == p.country && p.kind != PlaceKind::Country) ||
                (q.kind == PlaceKind::Subdivision && !p.admin.empty() && q.admin == p.admin &&
                 p.kind == PlaceKind::City)) {
                s += 10;
                break;
            }
        }
        // "Atlanta, Georgia", "Lyon, France": the city before says which one.
        for (const auto& b : preceding) {
            const PlaceRecord& q = *b.place;
            if (&q == &p || q.kind != PlaceKind::City) continue;
            if ((p.kind == PlaceKind::Subdivision && !q.admin.empty() && q.admin == p.admin) ||
                (p.kind == PlaceKind::Country && q.country == p.country)) {
                s += 10;
                break;
            }
        }
        if (s > best_score + 1e-9) {
            best = &c;
            best_score = s;
            *support = s - prior(c);
        }
    }
    return best;
}

DatelineLink link_dateline(const Article& article, bool english, Context& ctx) {
    const Lexicon& lex = Lexicon::get();
    DatelineLink out;
    // The record's dateline, else one that opens the body.
    const std::optional<BodyDateline> from_body =
        article.dateline.empty() ? body_dateline(article.body) : std::nullopt;
            const std::string_view dl = from_body ? std::string_view(from_body->line) : std::string_view(article.dateline);
    if (!dl.empty()) {
        // "London, UK": its country votes; its place, linked like a body mention
        // followed by ", UK", favours that place for the same name in the story.
        std::vector<std::vector<PlaceCandidate>> parts;
        for (const std::string_view part : split_at(dl, ",")) {
            const auto state = parts.empty() ? std::nullopt : us_state_of_abbreviation(part);
            parts.push_back(lex.places(fold(state ? *state : part), !english));
        }
        for (const auto& part : parts)
            for (const auto& c : part)
                if (c.place->kind == PlaceKind::Country && parts.size() > 1) ctx.countries[c.place->country] += 2;
        if (!parts.empty() && !parts[0].empty()) {
            Work head;
            head.cands = parts[0];
            double unused = 0;
            const std::vector<PlaceCandidate> rest = parts.size() > 1 ? parts[1] : std::vector<PlaceCandidate>{};
            if (const PlaceCandidate* c = choose(head, ctx, rest, {}, {}, &unused)) {
                out.places.push_back(c->place);
                if (!c->place->country.empty()) ctx.countries[c->place->country] += 1;
                // The story's own place: a mention like any other, so that it
                // counts in the place and country facets.
                const std::string_view name = dl.substr(0, std::min(dl.find(','), dl.size()));
                std::size_t first = name.find_first_not_of(" \t");
                std::size_t last = name.find_last_not_of(" \t");
                if (from_body) {
                    first = from_body->start;
                    last = from_body->end - 1;
                    out.body_span.emplace(from_body->start, from_body->regions_end);
                }
                if (first != std::string_view::npos) {
                    const PlaceRecord& p = *c->place;
                    const std::string_view text = from_body ? std::string_view(article.body) : name;
                    Entity e;
                    e.type = EntityType::Place;
                    e.field = from_body ? Field::Body : Field::Dateline;
                    e.start = first;
                    e.end = last + 1;
                    e.text = std::string(text.substr(first, last + 1 - first));
                    e.canonical = p.name;
                    e.country = p.country;
                    e.lat = p.lat;
                    e.lon = p.lon;
                    e.geonames = p.geonames;
                    out.mention = std::move(e);
                }
            }
        }
    }
    return out;
}

void link_places(std::vector<Work>& work, const std::vector<Token>& body_tokens,
                 const std::vector<Token>& title_tokens, const Context& ctx,
                 const std::vector<const PlaceRecord*>& dateline) {
    // "X, Y": each side says where the other is ("Paris, Texas"; "Atlanta, Georgia").
    std::vector<std::vector<PlaceCandidate>> following(work.size()), preceding(work.size());
    auto place_key = [](Field field, std::size_t start) {
        return static_cast<std::uint64_t>(start) * 2 + (field == Field::Title ? 1 : 0);
    };
    std::unordered_map<std::uint64_t, std::size_t> place_at;  // (field, start) -> index in work
    for (std::size_t j = 0; j < work.size(); ++j)
        if (work[j].e.type == EntityType::Place) place_at.emplace(place_key(work[j].e.field, work[j].e.start), j);
    for (std::size_t i = 0; i < work.size(); ++i) {
        const Work& w = work[i];
        if (w.e.type != EntityType::Place || w.next_comma_token < 0) continue;
        const auto& tokens = w.e.field == Field::Body ? body_tokens : title_tokens;
        const std::size_t y_start = tokens[static_cast<std::size_t>(w.next_comma_token)].start;
        if (auto y = place_at.find(place_key(w.e.field, y_start)); y != place_at.end()) {
            following[i] = work[y->second].cands;
            preceding[y->second] = w.cands;
        }
    }
    // A place so pinned down is that place wherever the story names it again
    // ("the governor of Georgia" after "Atlanta, Georgia").
    std::vector<const PlaceCandidate*> chosen(work.size(), nullptr);
    std::vector<double> chosen_support(work.size(), 0);
    auto has_neighbour = [&](std::size_t i) { return !following[i].empty() || !preceding[i].empty(); };
    std::map<std::string, const PlaceRecord*, std::less<>> pinned;
    for (std::size_t i = 0; i < work.size(); ++i) {
        if (work[i].e.type != EntityType::Place || !has_neighbour(i)) continue;
        chosen[i] = choose(work[i], ctx, following[i], preceding[i], dateline, &chosen_support[i]);
        if (chosen[i]) pinned.emplace(fold(work[i].e.text), chosen[i]->place);
    }
    for (std::size_t i = 0; i < work.size(); ++i) {
        Work& w = work[i];
        if (w.e.type != EntityType::Place) continue;
        const PlaceCandidate* best = chosen[i];
        double support = chosen_support[i];
        if (!has_neighbour(i)) {
            if (auto pin = pinned.find(fold(w.e.text)); pin != pinned.end())
                for (const auto& c : w.cands)
                    if (c.place == pin->second) {
                        best = &c;
                        support = 1;
                    }
            if (!best) best = choose(w, ctx, following[i], preceding[i], dateline, &support);
        }
        // A small town chosen only for its name, in a story about somewhere else
        // ("Westminster" in a Scottish story, the gazetteer holding only Westminster,
        // Colorado): better unlinked than wrong.
        if (best && !best->curated && support <= 0 &&
            ((best->place->kind == PlaceKind::City && best->place->population < 150000) ||
             (best->place->kind == PlaceKind::Subdivision && best->place->country != "US"))) {
            bool elsewhere = false;
            for (const auto& [cc, votes] : ctx.countries) elsewhere = elsewhere || (cc != best->place->country && votes >= 1);
            for (const auto& [cc, votes] : ctx.local_cc) elsewhere = elsewhere || (cc != best->place->country && votes >= 1);
            if (elsewhere) best = nullptr;
        }
        if (!best) {
            w.e.canonical = w.e.text;
            continue;
        }
        const PlaceRecord& p = *best->place;
        w.e.canonical = p.name;
        w.e.country = p.country;
        w.e.lat = p.lat;
        w.e.lon = p.lon;
        w.e.geonames = p.geonames;
    }

}

}  // namespace annals::detail
