// annals-eval reuters-places FILE...: how well the extracted places agree with
// the places Reuters' editors assigned to each story (the PLACES of
// Reuters-21578, one country or region code each).
//   editors'   the PLACES names, resolved to ISO country codes with the gazetteer
//              (the country named, else the most populous place of that name);
//              states of 1987 that no longer exist count as their successor
//              (West Germany as DE, the Soviet Union as RU, ...)
//   ours       the countries of the places extracted from title and body, with
//              the curated PEOPLE, PLACES and ORGS removed before extraction;
//              scored a second time with the dateline's place added (resolved
//              like the editors' names), since extraction reads the dateline
//              but reports mentions of title and body only
//   recall     editors' countries found among ours, over all editors' countries
//   all found  stories where every editors' country is among ours
//   top-1      stories whose most-mentioned country (first mention breaks ties)
//              is one of the editors'
#include <annals/extract.hpp>
#include <annals/ingest.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cpu_clock.hpp"
#include "extract/gazetteer.hpp"
#include "util/text.hpp"

namespace {

using namespace annals;

// The country of a place name; "" when the gazetteer does not know it.
std::string country_of(const detail::Lexicon& lex, std::string_view name) {
    static const std::map<std::string, std::string, std::less<>> kFormer{
        {"west germany", "DE"},  {"east germany", "DE"},        {"soviet union", "RU"},
        {"yugoslavia", "RS"},    {"czechoslovakia", "CZ"},      {"yemen arab republic", "YE"},
        {"yemen demo republic", "YE"}, {"trinidad tobago", "TT"}};
    const std::string key = detail::fold(name);
    if (auto it = kFormer.find(key); it != kFormer.end()) return it->second;
    const auto cands = lex.places(key);
    for (const auto& c : cands)
        if (c.place->kind == detail::PlaceKind::Country) return c.place->country;
    return cands.empty() ? std::string() : cands.front().place->country;
}

double percent(std::size_t a, std::size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; }

// Agreement counts for one way of collecting our countries.
struct Score {
    std::size_t editors_total = 0, editors_found = 0, all_found = 0, top1 = 0, none_found = 0, stories = 0;

    // @p ours: country -> (mentions, order of first mention).
    void add(const std::set<std::string>& editors, const std::map<std::string, std::pair<std::size_t, std::size_t>>& ours) {
        ++stories;
        editors_total += editors.size();
        std::size_t found = 0;
        for (const auto& cc : editors) found += ours.count(cc);
        editors_found += found;
        all_found += found == editors.size();
        if (ours.empty()) {
            ++none_found;
            return;
        }
        const auto best = std::max_element(ours.begin(), ours.end(), [](const auto& x, const auto& y) {
            return x.second.first != y.second.first ? x.second.first < y.second.first
                                                    : x.second.second > y.second.second;
        });
        top1 += editors.count(best->first);
    }

    void print(const char* what) const {
        std::printf("%s\n", what);
        std::printf("  recall     %5.1f%%  (%zu of %zu editors' countries among ours)\n",
                    percent(editors_found, editors_total), editors_found, editors_total);
        std::printf("  all found  %5.1f%%  (%zu of %zu stories: every editors' country among ours)\n",
                    percent(all_found, stories), all_found, stories);
        std::printf("  top-1      %5.1f%%  (%zu of %zu stories: our most-mentioned country is an editors' one;"
                    " %zu with no country found)\n",
                    percent(top1, stories), top1, stories, none_found);
    }
};

}  // namespace

int annals_eval_reuters_places(int argc, char** argv) {
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) files.emplace_back(argv[i]);
    if (files.empty()) {
        std::cerr << "Usage: annals-eval reuters-places FILE.sgm...\n";
        return 2;
    }
    const auto& lex = detail::Lexicon::get();
    Extractor extractor;
    std::size_t stories = 0, with_places = 0, scored = 0, rejected = 0;
    Score text, with_dateline;
    std::map<std::string, std::size_t> unknown;  // editors' places the gazetteer does not know
    const double cpu0 = annals::cli::thread_cpu_seconds();
    ReadOptions options;
    options.format = Format::Reuters;
    for (const auto& file : files) {
        try {
            read_articles(
                file, options,
                [&](Article&& a, const SourceLocation&) {
                    ++stories;
                    if (a.places.empty()) return;
                    ++with_places;
                    std::set<std::string> editors;
                    for (const auto& p : a.places) {
                        const std::string cc = country_of(lex, p);
                        if (cc.empty())
                            ++unknown[p];
                        else
                            editors.insert(cc);
                    }
                    if (editors.empty()) return;
                    ++scored;
                    a.people.clear();
                    a.places.clear();
                    a.organizations.clear();
                    extractor.annotate(a);
                    std::map<std::string, std::pair<std::size_t, std::size_t>> ours;  // cc -> (mentions, -first)
                    std::size_t order = 0;
                    for (const auto& e : a.entities) {
                        if (e.type != EntityType::Place || e.country.empty()) continue;
                        auto [it, fresh] = ours.try_emplace(e.country, 0, ++order);
                        ++it->second.first;
                    }
                    text.add(editors, ours);
                    const std::string_view dateline = a.dateline;
                    const std::string cc = country_of(lex, dateline.substr(0, dateline.find(',')));
                    if (!cc.empty()) ++ours.try_emplace(cc, 0, 0).first->second.first;
                    with_dateline.add(editors, ours);
                },
                [&](const InputError& e) {
                    std::cerr << e.what() << '\n';
                    ++rejected;
                });
        } catch (const InputError& e) {
            std::cerr << e.what() << '\n';
            return 2;
        }
    }
    const double cpu = annals::cli::thread_cpu_seconds() - cpu0;
    std::printf("reuters-places: %zu stories read (%zu rejected), %zu with editors' places, %zu scored\n", stories,
                rejected, with_places, scored);
    text.print("places extracted from title and body:");
    with_dateline.print("the same and the dateline's place:");
    std::size_t unknown_total = 0;
    for (const auto& [name, n] : unknown) unknown_total += n;
    std::printf("  editors' places not in the gazetteer: %zu (%zu names)", unknown_total, unknown.size());
    std::vector<std::pair<std::size_t, std::string>> top;
    for (const auto& [name, n] : unknown) top.emplace_back(n, name);
    std::sort(top.rbegin(), top.rend());
    for (std::size_t i = 0; i < top.size() && i < 8; ++i)
        std::printf("%s%s (%zu)", i ? ", " : ": ", top[i].second.c_str(), top[i].first);
    std::printf("\n  %.1f s of CPU time\n", cpu);
    return 0;
}
