// annals-eval reuters-places FILE...: how well the extracted places agree with
// the places Reuters' editors assigned to each story (the PLACES of
// Reuters-21578, one country or region code each).
//   editors'   the PLACES names, resolved to ISO country codes with the gazetteer
//              (the country named, else the most populous place of that name)
//   ours       the countries of the places extracted from title and body, with
//              the curated PEOPLE, PLACES and ORGS removed before extraction
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

// The country of an editors' place name; "" when the gazetteer does not know it.
std::string country_of(const detail::Lexicon& lex, const std::string& name) {
    const auto cands = lex.places(detail::fold(name));
    for (const auto& c : cands)
        if (c.place->kind == detail::PlaceKind::Country) return c.place->country;
    return cands.empty() ? std::string() : cands.front().place->country;
}

double percent(std::size_t a, std::size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; }

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
    std::size_t editors_total = 0, editors_found = 0, all_found = 0, top1 = 0, none_found = 0;
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
    std::printf("  recall     %5.1f%%  (%zu of %zu editors' countries among the extracted places)\n",
                percent(editors_found, editors_total), editors_found, editors_total);
    std::printf("  all found  %5.1f%%  (%zu of %zu stories: every editors' country extracted)\n",
                percent(all_found, scored), all_found, scored);
    std::printf("  top-1      %5.1f%%  (%zu of %zu stories: the most-mentioned country is an editors' one;"
                " %zu with no place found)\n",
                percent(top1, scored), top1, scored, none_found);
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
