// Indexing throughput and query latency over a synthetic archive: N articles of
// news-like text with people, places, organisations and mentioned dates filled in
// code (no extractor), written to a temporary directory that is removed at the end.
// Prints figures only; nothing passes or fails.
//
// Build: cmake -B build -DANNALS_BUILD_BENCH=ON && cmake --build build --target search_bench
//   build/bench/search_bench [ARTICLES] [REPEATS] [BATCH] [ARCHIVE]   (defaults 20000, 25, 1000)
// BATCH is ArchiveOptions::batch_size: articles per commit. With ARCHIVE, the
// archive is written there and kept, or reused when it exists (for profiling
// queries without indexing again).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <time.h>
#include <unistd.h>

#include "annals/archive.hpp"
#include "annals/search.hpp"

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

// CPU time of this thread: what a query costs whatever else the machine runs.
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
    const std::size_t repeats = argc > 2 ? std::max(1ul, std::strtoul(argv[2], nullptr, 10)) : 25;
    const std::size_t batch = argc > 3 ? std::max(1ul, std::strtoul(argv[3], nullptr, 10)) : 1000;
    const bool keep = argc > 4;
    const fs::path dir = keep ? fs::path(argv[4]) : fs::temp_directory_path() / ("annals-search-bench-" + std::to_string(::getpid()));
    const bool reuse = keep && fs::exists(dir);
    if (!keep) fs::remove_all(dir);

    std::mt19937 rng(20251129);
    std::vector<annals::Article> articles;
    articles.reserve(n);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < n && !reuse; ++i) {
        articles.push_back(make_article(i, rng));
        bytes += articles.back().title.size() + articles.back().body.size();
    }

    const auto t0 = Clock::now();
    if (!reuse) {
        annals::ArchiveOptions options;
        options.batch_size = batch;
        auto archive = annals::Archive::open(dir.string(), options);
        for (const auto& a : articles) archive.add(a);
        archive.commit();
    }
    const double index_ms = ms_since(t0);
    if (reuse) std::printf("reusing the archive at %s\n", dir.c_str());
    else std::printf("indexed %zu articles (%.1f MB of text, commit every %zu) in %.2f s: %.0f articles/s, %.2f MB/s\n", n,
                static_cast<double>(bytes) / 1e6, batch, index_ms / 1000, static_cast<double>(n) / (index_ms / 1000),
                static_cast<double>(bytes) / 1e6 / (index_ms / 1000));

    // Opening is what every annals-query process pays before its query; the first
    // search also reads whatever the Searcher loads lazily.
    const auto s0 = Clock::now();
    const annals::Searcher searcher(dir.string());
    const double open_ms = ms_since(s0);
    const auto s1 = Clock::now();
    {
        annals::SearchRequest first;
        first.query = "ceasefire";
        first.facets = {"person"};
        searcher.search(first);
    }
    std::printf("open: %.2f ms; first search (ceasefire, person facet): %.2f ms\n", open_ms, ms_since(s1));
    const std::vector<std::string> facets3 = {"person", "country", "year"};
    const std::vector<std::string> facets5 = {"person", "place", "country", "organization", "month"};
    struct Shape {
        const char* what;
        std::string query;
        const std::vector<std::string>* facets;
        annals::SortOrder sort;
    };
    const std::vector<Shape> shapes = {
        {"one word", "ceasefire", &facets3, annals::SortOrder::Relevance},
        {"two words", "peace talks", &facets5, annals::SortOrder::Relevance},
        {"accent-folded word", "zurich", &facets5, annals::SortOrder::Relevance},
        {"phrase", "\"central bank\"", &facets5, annals::SortOrder::Relevance},
        {"OR and NOT", "(inflation OR tariffs) -war", &facets5, annals::SortOrder::Relevance},
        {"wildcard", "econ*", &facets3, annals::SortOrder::Relevance},
        {"NEAR", "peace NEAR guarantees", &facets3, annals::SortOrder::Relevance},
        {"entity + date filter", "person:rubio date:2020..2022", &facets5, annals::SortOrder::Newest},
        {"country name + word", "country:ukraine ceasefire", &facets5, annals::SortOrder::Relevance},
        {"mentions range", "mentions:2016..2017 org:nato", &facets3, annals::SortOrder::Oldest},
        {"everything, newest", "", &facets5, annals::SortOrder::Newest},
    };
    std::printf("\nquery latency over %zu runs each (10 hits, snippets, facets counted over all matches);\n"
                "cpu: median CPU time of the searching thread (wall time less waiting on a busy machine);\n"
                "cpu no facets: the same query without facets (matching, hits and snippets alone)\n",
                repeats);
    std::printf("%-22s %-32s %7s %6s %10s %10s %10s %8s %14s\n", "shape", "query", "matches", "facets", "median ms",
                "p95 ms", "p99 ms", "cpu ms", "cpu no facets");
    auto percentile = [](const std::vector<double>& sorted, std::size_t pct) {
        return sorted[std::min(sorted.size() - 1, (sorted.size() * pct + 99) / 100 - 1)];
    };
    std::vector<double> all;
    for (const auto& s : shapes) {
        annals::SearchRequest req;
        req.query = s.query;
        req.facets = *s.facets;
        req.sort = s.sort;
        std::size_t total = searcher.search(req).total;  // warm the cache once
        std::vector<double> times, cpu, bare;
        for (std::size_t r = 0; r < repeats; ++r) {
            const auto q0 = Clock::now();
            const double c0 = cpu_ms();
            total = searcher.search(req).total;
            cpu.push_back(cpu_ms() - c0);
            times.push_back(ms_since(q0));
        }
        annals::SearchRequest plain = req;
        plain.facets.clear();
        for (std::size_t r = 0; r < repeats; ++r) {
            const double c0 = cpu_ms();
            searcher.search(plain);
            bare.push_back(cpu_ms() - c0);
        }
        all.insert(all.end(), times.begin(), times.end());
        for (auto* v : {&times, &cpu, &bare}) std::sort(v->begin(), v->end());
        std::printf("%-22s %-32s %7zu %6zu %10.2f %10.2f %10.2f %8.2f %14.2f\n", s.what, s.query.c_str(), total,
                    s.facets->size(), times[times.size() / 2], percentile(times, 95), percentile(times, 99),
                    cpu[cpu.size() / 2], bare[bare.size() / 2]);
    }
    std::sort(all.begin(), all.end());
    std::printf("%-22s %-32s %7s %6s %10.2f %10.2f %10.2f\n", "whole mix", "", "", "", all[all.size() / 2],
                percentile(all, 95), percentile(all, 99));
    if (!keep) fs::remove_all(dir);
    return 0;
}
