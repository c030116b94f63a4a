// Near-duplicate articles: MinHash signatures, groups given at index time
// (stable across threads, shards, batches and runs), and --collapse.
#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <string>

#include <xapian.h>

#include "annals/archive.hpp"
#include "annals/indexer.hpp"
#include "annals/search.hpp"
#include "index/duplicates.hpp"
#include "index/schema.hpp"
#include "scratch.hpp"

namespace {

namespace dup = annals::detail::duplicates;
namespace schema = annals::detail::schema;

const std::string kWire =
    "Oil prices rose sharply on Monday after the producers' group agreed to cut output by one "
    "million barrels a day from next month, traders said. Benchmark crude for April delivery "
    "climbed 85 cents to 18.20 dlrs a barrel in early trading in New York, the highest level "
    "since December. Analysts said the agreement, reached after three days of talks in Geneva, "
    "was firmer than the market had expected and would drain stocks built up over the winter.";
// The same story, lightly edited and updated at the end.
const std::string kUpdate =
    "Oil prices rose sharply on Monday after the producers' group agreed to cut output by one "
    "million barrels a day from next month, traders said. Benchmark crude for April delivery "
    "climbed 90 cents to 18.25 dlrs a barrel in early trading in New York, the highest level "
    "since December. Analysts said the agreement, reached after three days of talks in Geneva, "
    "was firmer than the market had expected and would drain stocks built up over the winter. "
    "Later in the day prices eased slightly on profit taking.";
const std::string kOther =
    "The central bank left its main lending rate unchanged at 7.5 pct on Thursday, saying that "
    "inflation remained under control while growth in the second quarter had slowed more than "
    "forecast. Most economists had expected the decision and said a cut was likely later in "
    "the year if the currency held steady against the dollar and the mark.";

annals::Article article(std::string id, std::string title, std::string body) {
    annals::Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    return a;
}

// The articles of the tests, in write order: w1 original, w2 the same page
// again, w3 an edited update, o1 another story, w4 a copy of w1 under another title.
std::vector<annals::Article> stories() {
    return {article("w1", "Oil prices rise on output cut", kWire),
            article("o1", "Central bank holds rates", kOther),
            article("w2", "Oil prices rise on output cut", kWire),
            article("w3", "UPDATE 1-Oil prices rise on output cut", kUpdate),
            article("w4", "Crude jumps", kWire)};
}

// id -> duplicate group, read from the archive.
std::map<std::string, std::string> groups(const std::string& path) {
    Xapian::Database db(path);
    std::map<std::string, std::string> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        auto t = doc.termlist_begin();
        t.skip_to("Q");
        out[(*t).substr(1)] = doc.get_value(schema::kSlotDuplicateGroup);
    }
    return out;
}

// An article alone (o1) stores no group.
const std::map<std::string, std::string> kExpected = {
    {"w1", "w1"}, {"w2", "w1"}, {"w3", "w1"}, {"w4", "w1"}, {"o1", ""}};

// Articles carrying the XDG term of @p group.
Xapian::doccount members(const std::string& path, const std::string& group) {
    return Xapian::Database(path).get_termfreq(std::string(schema::kDuplicateGroupPrefix) + group);
}

}  // namespace

TEST_CASE("duplicates: signatures estimate shingle similarity", "[duplicates]") {
    const auto wire = dup::signature(kWire), update = dup::signature(kUpdate), other = dup::signature(kOther);
    REQUIRE(wire);
    REQUIRE(update);
    REQUIRE(other);
    CHECK(dup::signature(kWire) == wire);
    CHECK(dup::similarity(*wire, *wire) == 1.0);
    CHECK(dup::similarity(*wire, *update) >= dup::kThreshold);
    CHECK(dup::similarity(*wire, *other) < 0.2);
    // Case and punctuation do not matter; the words do.
    std::string shouted = kWire, flat = kWire;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (char& c : flat)
        if (c == ',' || c == '.' || c == '\'') c = ' ';
    CHECK(dup::signature(shouted) == wire);
    CHECK(dup::signature(flat) == wire);
    // Too short to judge: a dividend notice differs from the next in a name and a date.
    CHECK_FALSE(dup::signature("Qtly div six cts vs six cts prior Pay April One Record March 20 Reuter"));
    CHECK(dup::decode(dup::encode(*wire)) == wire);
    CHECK_FALSE(dup::decode("short"));
    // Equal bands give equal keys; the band's number is in its key.
    const auto keys = dup::band_keys(*wire);
    CHECK(dup::band_keys(*dup::signature(shouted)) == keys);
    CHECK(std::set<std::uint32_t>(keys.begin(), keys.end()).size() == dup::kBands);
    const auto other_keys = dup::band_keys(*dup::signature(kOther));
    for (std::size_t b = 0; b < dup::kBands; ++b) CHECK(other_keys[b] != keys[b]);
}

TEST_CASE("duplicates: the band index finds each key's documents as runs merge and old ones are forgotten",
          "[duplicates]") {
    dup::BandIndex index;
    auto docs_of = [&](std::uint32_t key, std::size_t limit = 100) {
        std::vector<Xapian::docid> out;
        index.each(key, limit, [&](Xapian::docid d) { out.push_back(d); });
        return out;
    };
    // Documents 1..40 in batches of 5, as commits add them: key 7 on every
    // document, key 9 on the even ones, and a key of its own on each.
    for (Xapian::docid first = 1; first <= 40; first += 5) {
        std::vector<std::uint64_t> batch;
        for (Xapian::docid d = first; d < first + 5; ++d) {
            batch.push_back(dup::BandIndex::entry(7, d));
            if (d % 2 == 0) batch.push_back(dup::BandIndex::entry(9, d));
            batch.push_back(dup::BandIndex::entry(1000 + d, d));
        }
        index.add(std::move(batch));
    }
    CHECK(index.size() == 40 + 20 + 40);
    std::vector<Xapian::docid> all(40);
    std::iota(all.begin(), all.end(), 1);
    CHECK(docs_of(7) == all);
    CHECK(docs_of(7, 3) == std::vector<Xapian::docid>{1, 2, 3});
    CHECK(docs_of(9).size() == 20);
    CHECK(docs_of(1017) == std::vector<Xapian::docid>{17});
    CHECK(docs_of(8).empty());
    CHECK(docs_of(UINT32_MAX).empty());
    index.forget_below(31);
    CHECK(docs_of(7) == std::vector<Xapian::docid>{31, 32, 33, 34, 35, 36, 37, 38, 39, 40});
    CHECK(docs_of(1017).empty());
    CHECK(index.size() == 10 + 5 + 10);
}

TEST_CASE("duplicates: copies and edited updates join the first article's group", "[duplicates]") {
    const ScratchDir dir("dup-groups");
    {
        auto archive = annals::Archive::open(dir.str());
        for (const auto& a : stories()) archive.add(a);
    }
    CHECK(groups(dir.str()) == kExpected);
}

TEST_CASE("duplicates: an article alone stores no group; the first gets it when a second joins", "[duplicates]") {
    const ScratchDir dir("dup-first");
    const auto all = stories();
    {
        auto archive = annals::Archive::open(dir.str());
        archive.add(all[0]);  // w1
        archive.add(all[1]);  // o1
    }
    CHECK(groups(dir.str()) == std::map<std::string, std::string>{{"w1", ""}, {"o1", ""}});
    CHECK(members(dir.str(), "w1") == 0);
    SECTION("in a later run") {
        auto archive = annals::Archive::open(dir.str());
        archive.add(all[2]);  // w2, a copy of w1
    }
    SECTION("in the same batch as the first") {
        annals::ArchiveOptions options;
        options.batch_size = 100;
        auto archive = annals::Archive::open(dir.str(), options);
        archive.add(all[0]);
        archive.add(all[2]);
    }
    CHECK(groups(dir.str()) == std::map<std::string, std::string>{{"w1", "w1"}, {"w2", "w1"}, {"o1", ""}});
    CHECK(members(dir.str(), "w1") == 2);
    CHECK(members(dir.str(), "o1") == 0);
}

TEST_CASE("duplicates: the first article rewritten with other text keeps its group while others name it",
          "[duplicates]") {
    const ScratchDir dir("dup-rewrite");
    const auto all = stories();
    {
        auto archive = annals::Archive::open(dir.str());
        archive.add(all[0]);  // w1
        archive.add(all[2]);  // w2 joins w1
    }
    {
        auto archive = annals::Archive::open(dir.str());
        archive.add(article("w1", "Central bank holds rates", kOther + " Corrected."));
        // o1 is alone when it is written again.
        archive.add(article("o1", "Oil output", "A story of its own, told in more than twenty words so that it has a "
                                                "signature of its own and matches no other article in this archive."));
    }
    CHECK(groups(dir.str()) == std::map<std::string, std::string>{{"w1", "w1"}, {"w2", "w1"}, {"o1", ""}});
    const annals::Searcher searcher(dir.str());
    annals::SearchRequest request;
    request.query = "oil OR bank";
    request.collapse = true;
    const auto folded = searcher.search(request);
    CHECK(folded.total == 2);
    CHECK(folded.articles == 3);
}

TEST_CASE("duplicates: groups do not depend on shards, batches, threads or runs", "[duplicates]") {
    SECTION("one article per commit, three shards") {
        const ScratchDir dir("dup-shards");
        annals::ArchiveOptions options;
        options.shards = 3;
        options.batch_size = 1;
        {
            auto archive = annals::Archive::open(dir.str(), options);
            for (const auto& a : stories()) archive.add(a);
        }
        CHECK(groups(dir.str()) == kExpected);
    }
    SECTION("a later run finds the group in the archive") {
        const ScratchDir dir("dup-runs");
        const auto all = stories();
        {
            auto archive = annals::Archive::open(dir.str());
            archive.add(all[0]);
            archive.add(all[1]);
        }
        {
            auto archive = annals::Archive::open(dir.str());
            for (std::size_t i = 2; i < all.size(); ++i) archive.add(all[i]);
        }
        CHECK(groups(dir.str()) == kExpected);
        // Adding the first article again keeps its group: it does not match itself.
        {
            auto archive = annals::Archive::open(dir.str());
            archive.add(all[0]);
        }
        CHECK(groups(dir.str()) == kExpected);
    }
    SECTION("the indexer on one thread and on four") {
        const ScratchDir input("dup-input");
        std::filesystem::create_directories(input.path);
        {
            std::ofstream out(input.path / "stories.jsonl");
            for (const auto& a : stories())
                out << "{\"id\":\"" << a.id << "\",\"title\":\"" << a.title << "\",\"body\":\"" << a.body << "\"}\n";
        }
        for (unsigned threads : {1u, 4u}) {
            const ScratchDir dir("dup-threads-" + std::to_string(threads));
            {
                auto archive = annals::Archive::open(dir.str());
                annals::IndexerOptions options;
                options.threads = threads;
                annals::Indexer(archive, annals::Extractor{}, options).run({(input.path / "stories.jsonl").string()}, {});
            }
            CHECK(groups(dir.str()) == kExpected);
        }
    }
}

TEST_CASE("duplicates: no band terms are stored; a version 5 archive grows as it is and is stamped 6",
          "[duplicates]") {
    const ScratchDir dir("dup-v5");
    const auto all = stories();
    {
        auto archive = annals::Archive::open(dir.str());
        archive.add(all[0]);
        archive.add(all[1]);
    }
    {
        Xapian::WritableDatabase db(dir.str(), Xapian::DB_OPEN);
        CHECK(db.allterms_begin("XDB") == db.allterms_end("XDB"));
        db.set_metadata(std::string(schema::kVersionKey), "5");
        db.commit();
    }
    CHECK(annals::Searcher(dir.str()).search(annals::SearchRequest{}).total == 2);
    {
        auto archive = annals::Archive::open(dir.str());
        for (std::size_t i = 2; i < all.size(); ++i) archive.add(all[i]);
    }
    CHECK(groups(dir.str()) == kExpected);
    CHECK(Xapian::Database(dir.str()).get_metadata(std::string(schema::kVersionKey)) == schema::kVersion);
}

TEST_CASE("duplicates: collapse folds each group into one hit listing the others", "[duplicates]") {
    const ScratchDir dir("dup-collapse");
    {
        auto archive = annals::Archive::open(dir.str());
        for (auto a : stories()) {
            a.categories = {"Energy"};
            archive.add(a);
        }
    }
    const annals::Searcher searcher(dir.str());
    annals::SearchRequest request;
    request.query = "oil OR bank";
    request.facets = {"category"};
    const auto plain = searcher.search(request);
    CHECK(plain.total == 5);
    CHECK(plain.articles == 5);
    for (const auto& h : plain.hits) CHECK(h.duplicates.empty());
    REQUIRE(plain.facets.size() == 1);
    CHECK(plain.facets[0].second == std::vector<annals::FacetValue>{{"Energy", 5}});

    request.collapse = true;
    const auto folded = searcher.search(request);
    CHECK(folded.total == 2);
    CHECK(folded.articles == 5);
    REQUIRE(folded.hits.size() == 2);
    std::map<std::string, std::vector<std::string>> others;
    for (const auto& h : folded.hits) {
        auto d = h.duplicates;
        std::sort(d.begin(), d.end());
        others[h.article.id] = d;
    }
    REQUIRE(others.count("o1"));
    CHECK(others["o1"].empty());
    // The group's best hit stands for it; the rest are listed.
    std::vector<std::string> group{"w1", "w2", "w3", "w4"};
    for (const auto& [id, d] : others) {
        if (id == "o1") continue;
        std::vector<std::string> all = d;
        all.push_back(id);
        std::sort(all.begin(), all.end());
        CHECK(all == group);
    }
    // Facets count every article unless asked to count groups once.
    CHECK(folded.facets[0].second == std::vector<annals::FacetValue>{{"Energy", 5}});
    request.facets_count_groups = true;
    CHECK(searcher.search(request).facets[0].second == std::vector<annals::FacetValue>{{"Energy", 2}});
    request.collapse = false;
    CHECK(searcher.search(request).facets[0].second == std::vector<annals::FacetValue>{{"Energy", 2}});

    // The others listed are those matching the query: "later" is only in w3.
    request.collapse = true;
    request.query = "later OR bank";
    const auto narrow = searcher.search(request);
    CHECK(narrow.total == 2);
    for (const auto& h : narrow.hits) CHECK(h.duplicates.empty());

    const std::string json = annals::to_json(folded);
    CHECK(json.find("\"total\":2,\"articles\":5,") != std::string::npos);
    CHECK(json.find("\"duplicates\":[\"w") != std::string::npos);
}

TEST_CASE("duplicates: collapse pages alike on one database (folded by annals) and on shards (by Xapian)",
          "[duplicates]") {
    const ScratchDir one("dup-page-one"), sharded("dup-page-shards");
    {
        auto archive = annals::Archive::open(one.str());
        for (const auto& a : stories()) archive.add(a);
    }
    {
        annals::ArchiveOptions options;
        options.shards = 3;
        auto archive = annals::Archive::open(sharded.str(), options);
        for (const auto& a : stories()) archive.add(a);
    }
    // A hit as its group: "w" for the wire story's group, else the id.
    auto kind = [](const annals::Hit& h) { return h.article.id[0] == 'w' ? std::string("w") : h.article.id; };
    for (const std::string& query : {std::string("oil OR bank"), std::string("")}) {
        std::vector<std::string> pages[2];
        for (int s = 0; s < 2; ++s) {
            const annals::Searcher searcher(s == 0 ? one.str() : sharded.str());
            annals::SearchRequest request;
            request.query = query;
            request.collapse = true;
            request.limit = 1;
            for (std::size_t offset = 0; offset < 3; ++offset) {
                request.offset = offset;
                const auto r = searcher.search(request);
                CAPTURE(query, s, offset);
                CHECK(r.total == 2);
                CHECK(r.articles == 5);
                if (offset >= 2) {
                    CHECK(r.hits.empty());
                    continue;
                }
                REQUIRE(r.hits.size() == 1);
                CHECK(r.hits[0].rank == offset + 1);
                pages[s].push_back(kind(r.hits[0]));
                // The group's first member may rank before the offset: it is still folded.
                CHECK(r.hits[0].duplicates.size() == (kind(r.hits[0]) == "w" ? 3u : 0u));
            }
        }
        CHECK(pages[0] == pages[1]);
        CHECK((pages[0] == std::vector<std::string>{"w", "o1"} || pages[0] == std::vector<std::string>{"o1", "w"}));
    }
}
