// The Indexer: the same archive whatever the thread count, messages in input
// order, stopping early without losing what was read, errors that stop the run
// cleanly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "annals/indexer.hpp"
#include "annals/search.hpp"
#include "scratch.hpp"

namespace {

namespace fs = std::filesystem;
const std::string kFixtures = ANNALS_TEST_FIXTURES;

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// A folder with JSON Lines (more lines than one chunk, a broken line, an id
// given twice), a JSON array, web pages (one with title only) and a missing
// path, so that every kind of event goes through the pipeline.
std::vector<std::string> make_inputs(const fs::path& dir) {
    fs::create_directories(dir / "in");
    std::string lines;
    for (int i = 0; i < 300; ++i) {
        if (i == 150) lines += "{\"id\": \"broken\", \"title\": \"no comma\" \"body\": \"x\"}\n";
        lines += "{\"id\": \"n" + std::to_string(i % 250) + "\", \"title\": \"Talks in Geneva, round " +
                 std::to_string(i) + "\", \"body\": \"Marco Rubio met Sergei Lavrov in Geneva on 3 March 2024 for round " +
                 std::to_string(i) + " of the talks on Ukraine. Zürich bankers watched.\"}\n";
    }
    write(dir / "in" / "a.jsonl", lines);
    fs::copy(kFixtures + "/json/array.json", dir / "in" / "b.json");
    fs::copy(kFixtures + "/html/jsonld_article.html", dir / "in" / "c.html");
    fs::copy(kFixtures + "/html/title_only.html", dir / "in" / "d.html");
    fs::copy(kFixtures + "/html/boilerplate_heavy.html", dir / "in" / "e.html");
    return {(dir / "in").string(), (dir / "missing.jsonl").string(), kFixtures + "/json/mixed.jsonl"};
}

struct Run {
    annals::IndexStats stats;
    std::vector<std::string> messages;  // rejections, warnings and articles, in the order told
};

Run index(const std::string& db, const std::vector<std::string>& inputs, unsigned threads) {
    annals::Archive archive = annals::Archive::open(db, {.batch_size = 100});
    annals::Indexer indexer(archive, annals::Extractor(), {.threads = threads});
    Run run;
    annals::IndexerSinks sinks;
    sinks.indexed = [&](const annals::Article& a, const annals::SourceLocation& where) {
        run.messages.push_back("indexed " + a.id + " at " + where.file + ":" + std::to_string(where.line));
    };
    sinks.rejected = [&](const annals::InputError& e) { run.messages.push_back(std::string("rejected ") + e.what()); };
    sinks.warned = [&](const annals::InputError& e) { run.messages.push_back(std::string("warned ") + e.what()); };
    run.stats = indexer.run(inputs, sinks);
    archive.commit();
    return run;
}

// Everything Xapian stores for each document, by docid.
std::vector<std::string> dump(const std::string& path) {
    Xapian::Database db(path);
    std::vector<std::string> out;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        Xapian::Document doc = db.get_document(*d);
        std::string s = std::to_string(*d) + "|" + doc.get_data();
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            s += "|" + *t + ":" + std::to_string(t.get_wdf());
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) s += "," + std::to_string(*p);
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) s += "|v" + std::to_string(v.get_valueno()) + "=" + *v;
        out.push_back(std::move(s));
    }
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
        out.push_back("spelling " + *w + " " + std::to_string(w.get_termfreq()));
    return out;
}

}  // namespace

TEST_CASE("indexer: the archive and the messages are the same whatever the thread count", "[index]") {
    ScratchDir dir("indexer-threads");
    const auto inputs = make_inputs(dir.path);
    const Run one = index((dir.path / "db1").string(), inputs, 1);
    const Run four = index((dir.path / "db4").string(), inputs, 4);

    CHECK(one.stats.articles == 300 + 2 + 3 + 2);  // lines, array, pages, mixed.jsonl's good ones
    CHECK(one.stats.rejected == 4);  // broken line, array's bad date, missing file, mixed.jsonl's broken line
    CHECK(one.stats.warned == 1);                   // the title-only page
    CHECK_FALSE(one.stats.stopped);
    CHECK(four.messages == one.messages);
    CHECK(dump((dir.path / "db4").string()) == dump((dir.path / "db1").string()));

    // The later of two articles with one id wins, as in input order.
    annals::Searcher searcher((dir.path / "db4").string());
    CHECK(searcher.size() == 250 + 2 + 3 + 2);
    annals::SearchRequest request;
    request.query = "id:n10";
    const auto results = searcher.search(request);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].article.title == "Talks in Geneva, round 260");
}

TEST_CASE("indexer: rejections name the file and line, in input order", "[index]") {
    ScratchDir dir("indexer-order");
    const auto inputs = make_inputs(dir.path);
    const Run run = index((dir.path / "db").string(), inputs, 3);
    auto at = [&](const std::string& needle) {
        for (std::size_t i = 0; i < run.messages.size(); ++i)
            if (run.messages[i].find(needle) != std::string::npos) return i;
        FAIL("no message with " << needle);
        return std::size_t{0};
    };
    const auto broken = at("a.jsonl:151:");
    CHECK(run.messages[broken - 1].find("a.jsonl:150") != std::string::npos);  // the article just before it
    CHECK(at("warned") > at("c.html"));
    CHECK(at("missing.jsonl: no such file or directory") > at("e.html"));
    CHECK(at("mixed.jsonl:2:") > at("missing.jsonl"));
}

TEST_CASE("indexer: stopping keeps every article read so far and only those", "[index]") {
    ScratchDir dir("indexer-stop");
    fs::create_directories(dir.path);
    std::string lines;
    for (int i = 0; i < 3000; ++i)
        lines += "{\"id\": \"s" + std::to_string(i) + "\", \"title\": \"Report " + std::to_string(i) +
                 "\", \"body\": \"Angela Merkel spoke in Berlin.\"}\n";
    write(dir.path / "many.jsonl", lines);
    for (unsigned threads : {1u, 2u}) {
        const std::string db = (dir.path / ("db" + std::to_string(threads))).string();
        std::size_t told = 0;
        annals::IndexStats stats;
        {
            annals::Archive archive = annals::Archive::open(db);
            annals::IndexerOptions options{.threads = threads, .stop = [&] { return told > 0; }};
            annals::Indexer indexer(archive, annals::Extractor(), options);
            stats = indexer.run({(dir.path / "many.jsonl").string()},
                                {.indexed = [&](const annals::Article&, const annals::SourceLocation&) { ++told; }});
        }
        CHECK(stats.stopped);
        CHECK(stats.articles == told);
        CHECK(told < 3000);
        CHECK(annals::Searcher(db).size() == told);
    }
}

TEST_CASE("indexer: an exception from a sink stops the run and reaches the caller", "[index]") {
    ScratchDir dir("indexer-throw");
    const auto inputs = make_inputs(dir.path);
    annals::Indexer indexer(annals::Extractor(), {.threads = 2});
    std::size_t told = 0;
    auto sink = [&](const annals::Article&, const annals::SourceLocation&) {
        if (++told == 70) throw std::runtime_error("sink failed");
    };
    CHECK_THROWS_WITH(indexer.run(inputs, {.indexed = sink}), "sink failed");
    CHECK(told == 70);
}

TEST_CASE("indexer: progress counts files, articles and bytes up to the known total", "[index]") {
    ScratchDir dir("indexer-progress");
    const auto inputs = make_inputs(dir.path);
    annals::Indexer indexer(annals::Extractor(), {.threads = 2});
    std::vector<annals::IndexProgress> seen;
    indexer.run({inputs[0]}, {.progress = [&](const annals::IndexProgress& p) { seen.push_back(p); }});
    REQUIRE(seen.size() > 5);
    const auto& last = seen.back();
    REQUIRE(last.total_bytes);
    CHECK(last.bytes == *last.total_bytes);
    CHECK(last.files == 5);
    CHECK(last.total_files == std::optional<std::size_t>(5));
    CHECK(last.articles == 300 + 2 + 3);
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i].bytes >= seen[i - 1].bytes);
}

namespace {

// Totals, facet counts and the set of hit ids of @p query (ids sorted: hits
// with equal scores come in docid order, which shards interleave).
std::string summary(const annals::Searcher& searcher, const std::string& query) {
    annals::SearchRequest request;
    request.query = query;
    request.limit = 1000;
    request.facets = {"person", "place", "country", "year"};
    const auto results = searcher.search(request);
    std::vector<std::string> ids;
    for (const auto& hit : results.hits) ids.push_back(hit.article.id);
    std::sort(ids.begin(), ids.end());
    std::string out = std::to_string(results.total);
    for (const auto& id : ids) out += " " + id;
    for (const auto& [facet, values] : results.facets)
        for (const auto& v : values) out += " " + facet + ":" + v.value + "=" + std::to_string(v.count);
    return out;
}

}  // namespace

TEST_CASE("indexer: a sharded archive finds and counts what one database does, and compacts into one",
          "[index]") {
    ScratchDir dir("indexer-shards");
    const auto inputs = make_inputs(dir.path);
    const std::string one = (dir.path / "one").string(), three = (dir.path / "three").string();
    index(one, inputs, 2);
    {
        annals::Archive archive = annals::Archive::open(three, {.batch_size = 100, .shards = 3});
        annals::Indexer(archive, annals::Extractor(), {.threads = 2}).run(inputs, {});
        CHECK(archive.size() == 257);
        REQUIRE(archive.get("n10"));
        CHECK(archive.get("n10")->title == "Talks in Geneva, round 260");  // the later copy won in its shard
        CHECK(archive.remove("n11"));
    }
    {
        annals::Archive archive = annals::Archive::open(one);
        CHECK(archive.remove("n11"));
    }
    CHECK(fs::exists(fs::path(three) / "shard-2"));
    CHECK_THROWS_AS(annals::Archive::open(three, {.shards = 2}), annals::UsageError);
    CHECK_THROWS_AS(annals::Archive::open(one, {.shards = 2}), annals::UsageError);

    const std::vector<std::string> queries = {"", "geneva", "person:rubio", "\"round 12\"", "date:2024"};
    {
        const annals::Searcher a(one), b(three);
        for (const auto& q : queries) CHECK(summary(b, q) == summary(a, q));
    }
    CHECK(annals::compact_archive(three) == 256);
    CHECK_FALSE(fs::exists(fs::path(three) / "shard-0"));
    const annals::Searcher a(one), b(three);
    for (const auto& q : queries) CHECK(summary(b, q) == summary(a, q));
    annals::Archive reopened = annals::Archive::open(three, {.shards = 1});  // one database now
    CHECK(reopened.size() == 256);
}

TEST_CASE("indexer: a body past the extraction limit is indexed whole, with a warning", "[index]") {
    ScratchDir dir("indexer-long");
    fs::create_directories(dir.path);
    std::string body = "Marco Rubio flew to Geneva.";
    while (body.size() < annals::kMaxExtractBytes + 100) body += " The harbour budget was agreed again.";
    body += " zanzibarite";
    write(dir.path / "long.jsonl", "{\"id\":\"long\",\"title\":\"Long\",\"body\":\"" + body + "\"}\n");
    const Run run = index((dir.path / "db").string(), {(dir.path / "long.jsonl").string()}, 1);
    CHECK(run.stats.articles == 1);
    CHECK(run.stats.warned == 1);
    REQUIRE(run.messages.size() == 2);
    CHECK(run.messages[0] == "warned " + (dir.path / "long.jsonl").string() + ":1: body of " +
                                 std::to_string(body.size()) + " bytes: entities found in its first MiB only");
    annals::Searcher searcher((dir.path / "db").string());
    CHECK(searcher.search({.query = "zanzibarite"}).total == 1);  // past the limit, still searchable
    CHECK(searcher.search({.query = "person:rubio"}).total == 1);
}
