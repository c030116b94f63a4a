// annals-eval reuters-places FILE...: how well the extracted countries agree with
// the places Reuters' editors assigned to each story (the PLACES of
// Reuters-21578, one country or region code each).
//   editors'      the PLACES names, resolved to ISO country codes with the
//                 gazetteer (the country named, else the most populous place of
//                 that name); states of 1987 that no longer exist count as their
//                 successor (West Germany as DE, the Soviet Union as RU, ...)
//   country       ours: the countries of every place extracted from title, body
//                 and dateline (the country facet), the curated PEOPLE, PLACES and
//                 ORGS removed before extraction; its top-1 is the most-mentioned
//                 country (first mention breaks ties)
//   about_country ours: the countries the story is about (Article::about_countries,
//                 the about_country facet); its top-1 is the first of them
//   recall        editors' countries among ours, over all editors' countries
//   precision     our countries among the editors', over all of ours
//   all found     stories where every editors' country is among ours
//   top-1         stories whose first country is one of the editors'
//   no country    stories where we found none
// Each is printed with the record's dateline given, and again withheld (the
// story's text alone; a dateline that opens the body still counts).
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

double ratio(std::size_t a, std::size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

// Agreement counts for one way of collecting our countries.
struct Score {
    std::size_t editors_total = 0, editors_found = 0, ours_total = 0, ours_right = 0, all_found = 0, top1 = 0,
                none_found = 0, stories = 0;

    // @p ours: our countries, the first one first.
    void add(const std::set<std::string>& editors, const std::vector<std::string>& ours) {
        ++stories;
        editors_total += editors.size();
        std::size_t found = 0;
        for (const auto& cc : editors) found += std::find(ours.begin(), ours.end(), cc) != ours.end();
        editors_found += found;
        all_found += found == editors.size();
        ours_total += ours.size();
        for (const auto& cc : ours) ours_right += editors.count(cc);
        if (ours.empty()) {
            ++none_found;
            return;
        }
        top1 += editors.count(ours.front());
    }

    void print(const char* what) const {
        std::printf("  %-14s %6.3f %9.3f %9.3f %6.3f %10.3f\n", what,
                    ratio(editors_found, editors_total), ratio(ours_right, ours_total), ratio(all_found, stories),
                    ratio(top1, stories), ratio(none_found, stories));
    }
};

// The distinct countries of the extracted places, most-mentioned first (first
// mention breaks ties).
std::vector<std::string> mentioned_countries(const Article& a) {
    std::map<std::string, std::pair<std::size_t, std::size_t>> seen;  // cc -> (mentions, order of first)
    std::size_t order = 0;
    for (const auto& e : a.entities) {
        if (e.type != EntityType::Place || e.country.empty()) continue;
        auto [it, fresh] = seen.try_emplace(e.country, 0, order++);
        ++it->second.first;
    }
    std::vector<std::pair<std::pair<std::size_t, std::size_t>, std::string>> ranked;
    for (const auto& [cc, n] : seen) ranked.push_back({{n.first, n.second}, cc});
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
        return x.first.first != y.first.first ? x.first.first > y.first.first : x.first.second < y.first.second;
    });
    std::vector<std::string> out;
    for (auto& r : ranked) out.push_back(std::move(r.second));
    return out;
}

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
    Score given_country, given_about, withheld_country, withheld_about;
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
                    given_country.add(editors, mentioned_countries(a));
                    given_about.add(editors, a.about_countries);
                    a.dateline.clear();
                    extractor.annotate(a);
                    withheld_country.add(editors, mentioned_countries(a));
                    withheld_about.add(editors, a.about_countries);
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
    std::printf("  %-14s %6s %9s %9s %6s %10s\n", "", "recall", "precision", "all found", "top-1", "no country");
    std::printf("the record's dateline given:\n");
    given_country.print("country");
    given_about.print("about_country");
    std::printf("the dateline withheld:\n");
    withheld_country.print("country");
    withheld_about.print("about_country");
    std::printf("reuters-places: about_country recall %.3f top-1 %.3f no country %.3f; country recall %.3f top-1 %.3f"
                " no country %.3f (dateline given)\n",
                ratio(given_about.editors_found, given_about.editors_total), ratio(given_about.top1, given_about.stories),
                ratio(given_about.none_found, given_about.stories),
                ratio(given_country.editors_found, given_country.editors_total),
                ratio(given_country.top1, given_country.stories),
                ratio(given_country.none_found, given_country.stories));
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
