// Indexing throughput and query latency over a synthetic archive: N articles of
// news-like text with people, places, organisations and mentioned dates filled in
// code (no extractor), written to a temporary directory that is removed at the end.
// Prints figures only; nothing passes or fails. bench/run_bench.py runs it at
// several sizes with --json and puts the figures beside its other measurements.
//
// Build: cmake -B build -DANNALS_BUILD_BENCH=ON && cmake --build build --target search_bench
//   build/bench/search_bench [ARTICLES] [REPEATS] [BATCH] [ARCHIVE] [--json] [--only TEXT]
//                            [--threads N]
//   (defaults 20000, 25, 1000)
// ARTICLES may be a list of ascending sizes, "20000,100000,200000": the archive grows
// from one size to the next and the queries are timed at each. BATCH is
// ArchiveOptions::batch_size: articles per commit. With ARCHIVE, the archive is
// written there and kept, or reused as it is when it exists (for profiling queries
// without indexing again). --json prints one JSON object per size, one a line,
// instead of the tables. Articles are generated while indexing, never all held in
// memory, so 200,000 of them fit on a small machine. --only TEXT times only the
// shapes whose name contains TEXT (to profile one shape, e.g. under callgrind).
// --threads N: Searcher::set_threads(N), the threads that count one search
// (default 0, one per core; 1 counts on the searching thread alone).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "annals/archive.hpp"
#include "annals/search.hpp"
#include "extract/gazetteer.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kWords = {
    "the", "of", "and", "to", "in", "a", "said", "on", "for", "that", "with", "was", "is", "by", "at",
    "government", "minister", "talks", "peace", "deal", "security", "economy", "inflation", "rates",
    "central", "bank", "election", "vote", "parliament", "court", "ruling", "war", "troops", "border",
    "trade", "tariffs", "exports", "prices", "energy", "gas", "oil", "climate", "summit", "leaders",
    "agreement", "sanctions", "officials", "spokesman", "statement", "report", "week", "month", "year",
    "growth", "markets", "shares", "investors", "budget", "taxes", "reform", "health", "hospital",
    "schools", "police", "protest", "crowd", "city", "region", "capital", "coalition", "opposition",
    "campaign", "ceasefire", "negotiators", "guarantees", "allies", "defence", "aid", "refugees",
    "storm", "floods", "harvest", "festival", "museum", "football", "championship", "coach", "players",
    "café", "naïve", "résumé", "Zürich", "São", "Paulo", "Düsseldorf", "Kraków", "Malmö",
};
const std::vector<std::string> kPeople = [] {
    const char* first[] = {"Marco", "Anna", "Olena", "James", "Maria", "Hiroshi", "Fatima", "Lars", "Chen", "Diego"};
    const char* last[] = {"Rubio", "Müller", "Kovalenko", "Smith", "García", "Tanaka", "Haddad", "Nilsson",
                          "Wang", "Fernández", "Dupont", "Rossi", "Novak", "Okafor", "Silva", "Ivanova",
                          "Jensen", "Kim", "Murphy", "Schmidt"};
    std::vector<std::string> out;
    for (const char* l : last)
        for (const char* f : first) out.push_back(std::string(f) + " " + l);
    return out;  // 200 people
}();
struct Place {
    const char* name;
    const char* country;
};
const std::vector<Place> kPlaces = {
    {"Kyiv", "UA"},       {"Lviv", "UA"},     {"Kharkiv", "UA"},      {"London", "GB"},   {"Manchester", "GB"},
    {"Geneva", "CH"},     {"Zürich", "CH"},   {"Paris", "FR"},        {"Lyon", "FR"},     {"Berlin", "DE"},
    {"Düsseldorf", "DE"}, {"Warsaw", "PL"},   {"Kraków", "PL"},       {"Moscow", "RU"},   {"Washington", "US"},
    {"New York", "US"},   {"Chicago", "US"},  {"São Paulo", "BR"},    {"Tokyo", "JP"},    {"Beijing", "CN"},
    {"Brussels", "BE"},   {"Rome", "IT"},     {"Madrid", "ES"},       {"Lisbon", "PT"},   {"Stockholm", "SE"},
    {"Malmö", "SE"},      {"Oslo", "NO"},     {"Cairo", "EG"},        {"Lagos", "NG"},    {"Delhi", "IN"},
};
const std::vector<std::string> kOrgs = {
    "NATO", "European Union", "United Nations", "State Department", "White House", "World Bank",
    "International Monetary Fund", "Red Cross", "Federal Reserve", "European Central Bank", "FIFA",
    "World Health Organization", "Kremlin", "Bundestag", "Supreme Court",
};
const std::vector<std::string> kCategories = {"World", "Politics", "Business", "Sport", "Culture", "Science"};

annals::Entity entity(annals::EntityType type, const std::string& text, const std::string& country = "",
                      const std::string& value = "") {
    annals::Entity e;
    e.type = type;
    e.text = text;
    e.canonical = type == annals::EntityType::Date ? "" : text;
    e.country = country;
    e.value = value;
    if (type == annals::EntityType::Place) {
        // Linked as the extractor links a city, so that near: has points to find.
        for (const auto& c : annals::detail::Lexicon::get().places(annals::detail::fold(text)))
            if (c.place->kind == annals::detail::PlaceKind::City && c.place->country == country) {
                e.canonical = c.place->name;
                e.lat = c.place->lat;
                e.lon = c.place->lon;
                e.geonames = c.place->geonames;
                break;
            }
    }
    return e;
}

annals::Article make_article(std::size_t i, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    // Zipf-like word choice: low indexes (function words) far more often.
    auto word = [&] {
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        return kWords[static_cast<std::size_t>(u * u * u * static_cast<double>(kWords.size())) % kWords.size()];
    };
    annals::Article a;
    a.id = "bench-" + std::to_string(i);
    const auto& person = kPeople[pick(kPeople.size())];
    const auto& place = kPlaces[pick(kPlaces.size())];
    const auto& org = kOrgs[pick(kOrgs.size())];
    a.title = person + " in " + place.name + ": " + word() + " " + word() + " " + word();
    const std::size_t words = 150 + pick(350);
    for (std::size_t w = 0; w < words; ++w) {
        if (w % 40 == 5) a.body += person + " ";
        else if (w % 55 == 9) a.body += std::string(place.name) + " ";
        else if (w % 70 == 20) a.body += org + " ";
        a.body += word();
        a.body += (w % 18 == 17) ? ". " : " ";
    }
    // One article in ten republishes the one before with a line added, so that
    // --collapse has duplicate groups to fold.
    static std::string previous;
    if (i % 10 == 9 && !previous.empty()) a.body = previous + " Updated at " + std::to_string(i % 24) + ":00.";
    previous = a.body;
    const int year = 2015 + static_cast<int>(pick(11));
    const int month = 1 + static_cast<int>(pick(12));
    char date[32];
    std::snprintf(date, sizeof date, "%04d-%02d-%02dT08:00", year, month, 1 + static_cast<int>(pick(28)));
    a.published = date;
    a.publication = i % 3 ? "Daily Planet" : "Lord's Press";
    a.authors = {kPeople[pick(kPeople.size())]};
    a.categories = {kCategories[pick(kCategories.size())]};
    a.entities.push_back(entity(annals::EntityType::Person, person));
    a.entities.push_back(entity(annals::EntityType::Person, kPeople[pick(kPeople.size())]));
    a.entities.push_back(entity(annals::EntityType::Place, place.name, place.country));
    const auto& other = kPlaces[pick(kPlaces.size())];
    a.entities.push_back(entity(annals::EntityType::Place, other.name, other.country));
    a.entities.push_back(entity(annals::EntityType::Organization, org));
    char mentioned[16];
    std::snprintf(mentioned, sizeof mentioned, "%04d-%02d", year - static_cast<int>(pick(5)), month);
    a.entities.push_back(entity(annals::EntityType::Date, mentioned, "", mentioned));
    return a;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Shape {
    const char* what;
    std::string query;
    std::vector<std::string> facets;
    annals::SortOrder sort;
    bool collapse = false;
    std::string like = {};                  // more like this: an article id
    std::vector<std::string> related = {};  // related entity types
    bool fresh = false;                     // a phrase never asked before on every run (see fresh_phrase)
};

// The n-th of the distinct two-word phrases of kWords' content words ("peace
// talks", ...): a query the Searcher has not seen, so that nothing it keeps
// between searches (search/match_cache.hpp) helps; the other shapes repeat one query.
std::string fresh_phrase(std::size_t n) {
    constexpr std::size_t first = 15, content = 73;  // kWords[15..87]: "government" .. "players"
    const std::size_t a = n % content, b = (a + 1 + n / content) % content;
    return "\"" + kWords[first + a] + " " + kWords[first + b] + "\"";
}

// The fixed query mix: words, phrases, operators, fields and dates, with 2, 3 or 5 facets.
std::vector<Shape> query_mix() {
    const std::vector<std::string> facets2 = {"person", "year"};
    const std::vector<std::string> facets3 = {"person", "country", "year"};
    const std::vector<std::string> facets5 = {"person", "place", "country", "organization", "month"};
    using annals::SortOrder;
    return {
        {"one word", "ceasefire", facets3, SortOrder::Relevance},
        {"two words", "peace talks", facets5, SortOrder::Relevance},
        {"two words, 2 facets", "election vote", facets2, SortOrder::Relevance},
        {"accent-folded word", "zurich", facets5, SortOrder::Relevance},
        {"phrase", "\"central bank\"", facets5, SortOrder::Relevance},
        {"phrase, 2 facets", "\"security guarantees\"", facets2, SortOrder::Relevance},
        {"phrase, new each run", "", facets5, SortOrder::Relevance, false, "", {}, true},
        {"OR and NOT", "(inflation OR tariffs) -war", facets5, SortOrder::Relevance},
        {"wildcard", "econ*", facets3, SortOrder::Relevance},
        {"NEAR", "peace NEAR guarantees", facets3, SortOrder::Relevance},
        {"title field, 2 facets", "title:summit", facets2, SortOrder::Relevance},
        {"entity + date filter", "person:rubio date:2020..2022", facets5, SortOrder::Newest},
        {"country name + word", "country:ukraine ceasefire", facets5, SortOrder::Relevance},
        {"mentions range", "mentions:2016..2017 org:nato", facets3, SortOrder::Oldest},
        {"everything, newest", "", facets5, SortOrder::Newest},
        {"near: city + word", "near:kyiv~300km ceasefire", facets3, SortOrder::Relevance},
        {"near:, by distance", "near:50.1,8.7~400km", facets3, SortOrder::Distance},
        {"collapse, 2 words", "peace talks", facets5, SortOrder::Relevance, true},
        {"collapse, everything", "", facets3, SortOrder::Newest, true},
        {"place alias word", "kiev", facets3, SortOrder::Relevance},
        {"more like this", "", {}, SortOrder::Relevance, false, "bench-7"},
        {"like + date, 2 facets", "date:2020..", facets2, SortOrder::Relevance, false, "bench-7"},
        {"related, one word", "ceasefire", {}, SortOrder::Relevance, false, "", {"person", "place", "organization"}},
        {"related, entity filter", "person:rubio", {}, SortOrder::Relevance, false, "", {"person", "place"}},
        {"related + like", "", {}, SortOrder::Relevance, false, "bench-7", {"person", "organization"}},
    };
}

// CPU time of this process, every thread (a search counts on several): what a
// query costs whatever else the machine runs (the wall clock also counts
// waiting for a core).
double cpu_ms() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// The value at quantile q (0..1) of sorted times, nearest rank.
double quantile(const std::vector<double>& sorted, double q) {
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// Opens the archive in dir as a fresh Searcher and times the query mix on it: a
// table, or JSON members of out.
void measure_queries(const fs::path& dir, annals::detail::json::Writer& out, std::size_t repeats, bool json,
                     const std::string& only, std::size_t threads) {
    // Opening is what every annals-query process pays before its query; the first
    // search also reads whatever the Searcher loads lazily.
    const auto s0 = Clock::now();
    annals::Searcher searcher(dir.string());
    const double open_ms = ms_since(s0);
    searcher.set_threads(threads);
    const auto s1 = Clock::now();
    {
        annals::SearchRequest first;
        first.query = "ceasefire";
        first.facets = {"person"};
        searcher.search(first);
    }
    const double first_ms = ms_since(s1);
    out.key("open_ms").value(open_ms).key("first_search_ms").value(first_ms).key("repeats").value(repeats);
    out.key("shapes").begin_array();
    if (!json) {
        std::printf("open: %.2f ms; first search (ceasefire, person facet): %.2f ms\n", open_ms, first_ms);
        std::printf("\nquery latency over %zu runs each (10 hits, snippets, facets counted over all matches);\n"
                    "cpu, cpu p99: median and p99 CPU time of the process, all its threads (on a busy machine, wall time counts waiting too);\n"
                    "cpu no facets: the same query without facets (matching, hits and snippets alone)\n",
                    repeats);
        std::printf("(facets: facets counted, related types included; like:ID shown for more-like-this)\n");
        std::printf("%-22s %-32s %7s %6s %10s %10s %10s %8s %8s %14s\n", "shape", "query", "matches", "facets",
                    "median ms", "p95 ms", "p99 ms", "cpu ms", "cpu p99", "cpu no facets");
    }
    std::vector<double> all;
    for (const auto& s : query_mix()) {
        if (std::string_view(s.what).find(only) == std::string_view::npos) continue;
        annals::SearchRequest req;
        req.query = s.query;
        req.facets = s.facets;
        req.sort = s.sort;
        req.collapse = s.collapse;
        req.like = s.like;
        req.related = s.related;
        std::size_t fresh = 0;  // phrases used by this shape so far
        auto next_query = [&](annals::SearchRequest& r) {
            if (s.fresh) r.query = fresh_phrase(fresh++);
        };
        next_query(req);
        const std::string shown = s.fresh ? "\"W1 W2\", " + std::to_string(2 * repeats + 1) + " phrases"
                                  : s.like.empty() ? s.query
                                                   : "like:" + s.like + (s.query.empty() ? "" : " " + s.query);
        const std::size_t counted = s.facets.size() + s.related.size();
        std::size_t total = searcher.search(req).total;  // warm the cache once
        std::vector<double> times, cpu, bare;
        for (std::size_t r = 0; r < repeats; ++r) {
            next_query(req);
            const auto q0 = Clock::now();
            const double c0 = cpu_ms();
            total = searcher.search(req).total;
            cpu.push_back(cpu_ms() - c0);
            times.push_back(ms_since(q0));
        }
        annals::SearchRequest plain = req;
        plain.facets.clear();
        plain.related.clear();
        for (std::size_t r = 0; r < repeats; ++r) {
            next_query(plain);
            const double c0 = cpu_ms();
            searcher.search(plain);
            bare.push_back(cpu_ms() - c0);
        }
        all.insert(all.end(), times.begin(), times.end());
        for (auto* v : {&times, &cpu, &bare}) std::sort(v->begin(), v->end());
        const double median = quantile(times, 0.5), p95 = quantile(times, 0.95), p99 = quantile(times, 0.99);
        const double cpu_median = quantile(cpu, 0.5), cpu_p99 = quantile(cpu, 0.99), bare_median = quantile(bare, 0.5);
        if (!json)
            std::printf("%-22s %-32s %7zu %6zu %10.2f %10.2f %10.2f %8.2f %8.2f %14.2f\n", s.what, shown.c_str(), total,
                        counted, median, p95, p99, cpu_median, cpu_p99, bare_median);
        out.begin_object().key("shape").value(s.what).key("query").value(shown);
        out.key("facets").value(s.facets.size()).key("related").value(s.related.size()).key("matches").value(total);
        out.key("median_ms").value(median).key("p95_ms").value(p95).key("p99_ms").value(p99);
        out.key("cpu_median_ms").value(cpu_median).key("cpu_p99_ms").value(cpu_p99).key("cpu_no_facets_median_ms").value(bare_median).end_object();
    }
    out.end_array();
    if (all.empty()) return;  // --only matched no shape
    std::sort(all.begin(), all.end());
    out.key("whole_mix").begin_object().key("median_ms").value(quantile(all, 0.5));
    out.key("p95_ms").value(quantile(all, 0.95)).key("p99_ms").value(quantile(all, 0.99)).end_object();
    if (!json)
        std::printf("%-22s %-32s %7s %6s %10.2f %10.2f %10.2f\n", "whole mix", "", "", "", quantile(all, 0.5),
                    quantile(all, 0.95), quantile(all, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
    bool json = false;
    std::string only;
    std::size_t threads = 0;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--json") json = true;
        else if (std::string_view(argv[i]) == "--only" && i + 1 < argc) only = argv[++i];
        else if (std::string_view(argv[i]) == "--threads" && i + 1 < argc) threads = std::strtoul(argv[++i], nullptr, 10);
        else args.emplace_back(argv[i]);
    }
    std::vector<std::size_t> sizes;  // ascending: the archive grows from one to the next
    {
        std::string list = args.empty() ? "20000" : args[0];
        for (std::size_t pos = 0; pos <= list.size();) {
            const std::size_t comma = std::min(list.find(',', pos), list.size());
            const std::size_t size = std::strtoul(list.substr(pos, comma - pos).c_str(), nullptr, 10);
            if (size == 0 || (!sizes.empty() && size <= sizes.back())) {
                std::fprintf(stderr, "search_bench: ARTICLES must be sizes above 0, ascending (e.g. 20000,100000)\n");
                return 2;
            }
            sizes.push_back(size);
            pos = comma + 1;
        }
    }
    const std::size_t repeats = args.size() > 1 ? std::max<std::size_t>(1, std::strtoul(args[1].c_str(), nullptr, 10)) : 25;
    const std::size_t batch = args.size() > 2 ? std::max<std::size_t>(1, std::strtoul(args[2].c_str(), nullptr, 10)) : 1000;
    const bool keep = args.size() > 3;
    const fs::path dir =
        keep ? fs::path(args[3]) : fs::temp_directory_path() / ("annals-search-bench-" + std::to_string(::getpid()));
    if (keep && fs::exists(dir)) {
        if (!json) std::printf("reusing the archive at %s\n", dir.c_str());
        annals::detail::json::Writer out;
        out.begin_object().key("reused").value(dir.string());
        measure_queries(dir, out, repeats, json, only, threads);
        out.end_object();
        if (json) std::printf("%s\n", out.str().c_str());
        return 0;
    }
    fs::remove_all(dir);

    std::mt19937 rng(20251129);
    std::size_t written = 0, bytes = 0;
    for (std::size_t stage = 0; stage < sizes.size(); ++stage) {
        const std::size_t n = sizes[stage], added = n - written;
        double generate_ms = 0;
        const std::size_t bytes_before = bytes;
        const auto t0 = Clock::now();
        {
            annals::ArchiveOptions options;
            options.batch_size = batch;
            auto archive = annals::Archive::open(dir.string(), options);
            for (; written < n; ++written) {
                const auto g0 = Clock::now();
                const annals::Article a = make_article(written, rng);
                generate_ms += ms_since(g0);
                bytes += a.title.size() + a.body.size();
                archive.add(a);
            }
            archive.commit();
        }
        const double index_ms = ms_since(t0) - generate_ms;  // the writer's time only
        const double added_mb = static_cast<double>(bytes - bytes_before) / 1e6;

        annals::detail::json::Writer out;
        out.begin_object();
        out.key("articles").value(n).key("text_mb").value(static_cast<double>(bytes) / 1e6);
        out.key("batch").value(batch).key("added").value(added).key("index_s").value(index_ms / 1000);
        if (!json)
            std::printf("%sarchive of %zu articles: added %zu (%.1f MB of text, commit every %zu) in %.2f s: "
                        "%.0f articles/s, %.2f MB/s\n",
                        stage == 0 ? "" : "\n", n, added, added_mb, batch, index_ms / 1000,
                        static_cast<double>(added) / (index_ms / 1000), added_mb / (index_ms / 1000));
        measure_queries(dir, out, repeats, json, only, threads);
        out.end_object();
        if (json) std::printf("%s\n", out.str().c_str());
        std::fflush(stdout);
    }
    if (!keep) fs::remove_all(dir);
    return 0;
}
