// Facet counts against a brute-force count: an archive written over several
// sessions (new values, replacements, deletes), queried with and without
// filters, and several archives searched as one Xapian database.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>

#include <xapian.h>

#include "annals/archive.hpp"
#include "annals/search.hpp"
#include "index/facet_ordinals.hpp"
#include "index/schema.hpp"
#include "search/facets.hpp"
#include "search/match_cache.hpp"
#include "search/match_walk.hpp"
#include "search/person_merge.hpp"
#include "search/query_parser.hpp"
#include "scratch.hpp"

namespace {

namespace schema = annals::detail::schema;
using annals::EntityType;
using Counts = std::map<std::string, std::size_t>;

annals::Entity entity(EntityType type, const std::string& text, const std::string& country = "",
                      const std::string& value = "") {
    annals::Entity e;
    e.type = type;
    e.text = text;
    e.canonical = type == EntityType::Date ? "" : text;
    e.country = country;
    e.value = value;
    return e;
}

// Articles with a few values drawn from small pools, surname-only people
// included, so that values repeat, merge and collide across sessions.
annals::Article article(const std::string& id, std::mt19937& rng, int session) {
    static const std::vector<std::string> people = {"Joe Biden", "Biden",        "Jill Biden",  "Anna Müller",
                                                    "Müller",    "Marco Rubio",  "Rubio",       "von der Leyen",
                                                    "Ursula von der Leyen",      "Lars Nilsson", "Chen Wang"};
    static const std::vector<std::pair<std::string, std::string>> places = {
        {"Kyiv", "UA"}, {"Lviv", "UA"}, {"Geneva", "CH"}, {"Zürich", "CH"}, {"Paris", "FR"}, {"Oslo", "NO"}};
    static const std::vector<std::string> words = {"peace", "talks", "trade", "storm", "vote", "budget"};
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    annals::Article a;
    a.id = id;
    a.title = words[pick(words.size())] + " " + words[pick(words.size())];
    a.body = a.title + " " + words[pick(words.size())];
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-01", 2018 + static_cast<int>(pick(4)), 1 + static_cast<int>(pick(12)));
    a.published = date;
    a.publication = pick(2) ? "Daily Planet" : "Session " + std::to_string(session) + " Times";
    a.authors = {"Author " + std::to_string(pick(4))};
    a.categories = {pick(2) ? "World" : "Sport"};
    for (std::size_t n = pick(4); n > 0; --n)
        a.entities.push_back(entity(EntityType::Person, people[pick(people.size())]));
    for (std::size_t n = pick(3); n > 0; --n) {
        const auto& p = places[pick(places.size())];
        a.entities.push_back(entity(EntityType::Place, p.first, p.second));
    }
    if (pick(2)) a.entities.push_back(entity(EntityType::Organization, session == 2 ? "Red Cross" : "NATO"));
    if (pick(2)) a.entities.push_back(entity(EntityType::Date, "2016", "", "2016"));
    return a;
}

// The reference: every matching document's string slots, counted one by one,
// people counted under the merged name once per article (as PersonMerge says).
Counts brute_force(const Xapian::Database& db, const Xapian::Query& query, const schema::FacetSpec& facet,
                   const annals::detail::PersonMerge* people) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    Counts out;
    for (auto it = all.begin(); it != all.end(); ++it) {
        std::set<std::string> names;
        for (const auto& v : schema::decode_list(it.get_document().get_value(facet.slot)))
            names.insert(people && facet.slot == schema::kSlotFacetPerson ? people->display(people->key(v)) : v);
        for (const auto& n : names) ++out[n];
    }
    return out;
}

// An archive at @p dir of @p n articles "<prefix><i>" from @p seed, every
// @p gap-th one then removed, so that its docids have gaps.
void write_with_gaps(const ScratchDir& dir, const std::string& prefix, unsigned seed, int n, int gap) {
    std::mt19937 rng(seed);
    auto archive = annals::Archive::open(dir.str());
    for (int i = 0; i < n; ++i) archive.add(article(prefix + std::to_string(i), rng, 1));
    for (int i = 0; i < n; i += gap) archive.remove(prefix + std::to_string(i));
}

// Checks that @p got has the totals, facets, related entities and hits of @p want.
void check_same_results(const annals::SearchResults& got, const annals::SearchResults& want) {
    CHECK(got.total == want.total);
    CHECK(got.articles == want.articles);
    CHECK(got.facets == want.facets);
    CHECK(got.related == want.related);
    REQUIRE(got.hits.size() == want.hits.size());
    for (std::size_t i = 0; i < got.hits.size(); ++i) {
        CHECK(got.hits[i].article.id == want.hits[i].article.id);
        CHECK(got.hits[i].rank == want.hits[i].rank);
        CHECK(got.hits[i].score == want.hits[i].score);
        CHECK(got.hits[i].duplicates == want.hits[i].duplicates);
    }
}

// Adds and commits an article "peace talks" with id @p id to the archive at @p dir.
void commit_peace_talks(const ScratchDir& dir, const std::string& id) {
    auto archive = annals::Archive::open(dir.str());
    annals::Article a;
    a.id = id;
    a.title = "peace talks";
    archive.add(a);
    archive.commit();
}

// The docids Xapian's matcher finds for @p query, ascending.
std::vector<Xapian::docid> xapian_matches(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::vector<Xapian::docid> out;
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    for (auto it = all.begin(); it != all.end(); ++it) out.push_back(*it);
    std::sort(out.begin(), out.end());
    return out;
}

// Counts as the library shows them with no limit: zero buckets of timelines out.
Counts shown(const std::vector<annals::FacetValue>& buckets) {
    Counts out;
    for (const auto& b : buckets)
        if (b.count) out[b.value] = b.count;
    return out;
}

}  // namespace

TEST_CASE("facets: ordinals round-trip and stay stable across writing sessions", "[facets]") {
    const ScratchDir scratch("ordinals");
    std::mt19937 rng(7);
    std::map<std::string, std::string> first_ordinals;  // "facet\tvalue" -> packed slot piece
    {
        auto archive = annals::Archive::open(scratch.str());
        for (int i = 0; i < 40; ++i) archive.add(article("o" + std::to_string(i), rng, 1));
    }
    auto check_all = [&] {
        const Xapian::Database db(scratch.str());
        const auto ids = annals::detail::ordinals::dictionaries(db);
        REQUIRE(ids.size() == 1);
        const annals::detail::ordinals::OrdinalReader reader(db, ids[0]);
        std::map<std::pair<std::size_t, std::string>, std::uint32_t> seen;
        for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
            const Xapian::Document doc = db.get_document(*d);
            std::vector<std::vector<std::string>> decoded(schema::facets().size());
            const auto id = annals::detail::ordinals::for_each(
                doc.get_value(schema::kSlotFacetOrdinals), [&](std::size_t f, annals::detail::ordinals::Entry e) {
                    REQUIRE(e.ordinal < reader.size(f));
                    const std::string& v = reader.value(f, e.ordinal);
                    decoded.at(f).push_back(v);
                    CHECK(e.surname_only == (f == 0 && annals::detail::ordinals::surname_only(v)));
                    // One value, one ordinal, whichever document it is read from.
                    auto [it, fresh] = seen.emplace(std::make_pair(f, v), e.ordinal);
                    CHECK(it->second == e.ordinal);
                });
            if (!doc.get_value(schema::kSlotFacetOrdinals).empty()) CHECK(id == ids[0]);
            for (std::size_t f = 0; f < schema::facets().size(); ++f)
                CHECK(decoded[f] == schema::decode_list(doc.get_value(schema::facets()[f].slot)));
        }
        return seen;
    };
    const auto before = check_all();
    CHECK(before.count({0, "Biden"}) == 1);
    {
        // A second writer session: new values get new ordinals, old ones keep theirs.
        auto archive = annals::Archive::open(scratch.str());
        for (int i = 30; i < 70; ++i) archive.add(article("o" + std::to_string(i), rng, 2));
        archive.remove("o3");
    }
    const auto after = check_all();
    for (const auto& [key, ord] : before)
        if (after.count(key)) CHECK(after.at(key) == ord);
    const auto publication = static_cast<std::size_t>(schema::find_facet("publication") - schema::facets().data());
    CHECK(after.count({publication, "Session 2 Times"}) == 1);
}

TEST_CASE("facets: counts equal a brute-force count after replacements, deletes and several commits", "[facets]") {
    const ScratchDir scratch("brute");
    std::mt19937 rng(11);
    annals::ArchiveOptions options;
    options.batch_size = 17;  // several commits per session
    {
        auto archive = annals::Archive::open(scratch.str(), options);
        for (int i = 0; i < 150; ++i) archive.add(article("b" + std::to_string(i), rng, 1));
    }
    {
        auto archive = annals::Archive::open(scratch.str(), options);
        for (int i = 100; i < 220; ++i) archive.add(article("b" + std::to_string(i), rng, 2));  // 50 replaced
        for (int i = 0; i < 150; i += 7) archive.remove("b" + std::to_string(i));
    }
    const annals::Searcher searcher(scratch.str());
    const Xapian::Database db(scratch.str());
    const annals::detail::PersonMerge people(db);
    // Merging is exercised: "Rubio" is "Marco Rubio"; "Biden" has two full names.
    REQUIRE(people.merged("Rubio") != nullptr);
    REQUIRE(people.merged("Biden") == nullptr);
    // The long-lived searcher decodes the values of every article in its first
    // search (""), so it counts the later ones from its ordinal column; a fresh
    // one decodes each match's values.
    for (const std::string query : {"", "peace", "talks -storm", "place:kyiv", "date:2019..2020", "person:biden",
                                    "mentions:2016 category:world", "\"peace talks\"", "trade NEAR storm"}) {
        annals::SearchRequest req;
        req.query = query;
        req.limit = 0;
        req.facet_limit = 0;
        for (const auto& f : schema::facets()) req.facets.emplace_back(f.name);
        const auto results = searcher.search(req);
        const auto decoded = annals::Searcher(scratch.str()).search(req);
        const Xapian::Query parsed =
            annals::detail::parse_query(query, annals::detail::today_utc(),
                                        [&](const std::string& p, const std::string& v) { return people.query(p, v); })
                .query;
        for (std::size_t k = 0; k < schema::facets().size(); ++k) {
            const auto& facet = schema::facets()[k];
            INFO("query '" << query << "', facet " << facet.name);
            CHECK(shown(results.facets[k].second) == brute_force(db, parsed, facet, &people));
            CHECK(decoded.facets[k].second == results.facets[k].second);
        }
        // A limit keeps the most frequent values, ties in value order.
        req.facet_limit = 2;
        const auto limited = searcher.search(req);
        for (std::size_t k = 0; k < schema::facets().size(); ++k) {
            const auto& facet = schema::facets()[k];
            if (facet.timeline) continue;
            INFO("query '" << query << "', facet " << facet.name << ", limit 2");
            CHECK(limited.facets[k].second ==
                  annals::detail::facet_buckets(facet, brute_force(db, parsed, facet, &people), 2));
        }
    }
}

TEST_CASE("facets: a counting walk finds the documents Xapian's matcher finds", "[facets]") {
    const ScratchDir scratch("walk");
    write_with_gaps(scratch, "w", 3, 120, 5);
    const Xapian::Database db(scratch.str());
    const annals::detail::PersonMerge people(db);
    auto parse = [&](const std::string& q) {
        return annals::detail::parse_query(q, annals::detail::today_utc(),
                                           [&](const std::string& p, const std::string& v) { return people.query(p, v); })
            .query;
    };
    for (const std::string query : {"", "peace", "peace talks", "peace OR vote", "talks -storm",
                                    "(peace OR trade) -storm -vote", "place:kyiv", "person:biden peace",
                                    "category:world OR org:nato", "nosuchword", "peace nosuchword"}) {
        INFO("query '" << query << "'");
        const Xapian::Query parsed = parse(query);
        const auto walk = annals::detail::MatchWalk::of(db, parsed);
        REQUIRE(walk);
        std::vector<Xapian::docid> walked;
        for (Xapian::docid d = walk->next(1); d; d = walk->next(d + 1)) walked.push_back(d);
        CHECK(walked == xapian_matches(db, parsed));
    }
    // Whatever checks each candidate is left to Xapian.
    CHECK_FALSE(annals::detail::MatchWalk::of(db, parse("\"peace talks\"")));
    CHECK_FALSE(annals::detail::MatchWalk::of(db, parse("peace NEAR talks")));
}

TEST_CASE("facets: matches of phrase and NEAR queries are kept by query, within a budget", "[facets]") {
    const ScratchDir scratch("kept");
    write_with_gaps(scratch, "k", 7, 150, 6);
    const Xapian::Database db(scratch.str());
    auto parse = [](const std::string& q) { return annals::detail::parse_query(q, annals::detail::today_utc()).query; };
    // What the searcher keeps: the docids a collector saw in a pass over every match.
    auto collected = [&](const Xapian::Query& query) {
        annals::detail::DocidCollector collector;
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.add_matchspy(&collector);
        enquire.get_mset(0, 10, db.get_doccount());
        return collector.docids;
    };
    annals::detail::MatchCache cache(2, 1000);
    for (const std::string query : {"\"peace talks\"", "peace NEAR storm", "\"trade vote\" -budget"}) {
        INFO("query '" << query << "'");
        const Xapian::Query parsed = parse(query);
        CHECK(annals::detail::positional(parsed));
        const auto matched = xapian_matches(db, parsed);
        REQUIRE_FALSE(matched.empty());
        CHECK_FALSE(cache.find(parsed));
        cache.keep(parsed, collected(parsed));
        REQUIRE(cache.find(parsed));
        CHECK(*cache.find(parsed) == matched);
        CHECK(cache.size() <= 2);
    }
    CHECK_FALSE(annals::detail::positional(parse("peace talks -storm")));
    // The least recently used query goes first: kept again, the first two push
    // out the other two in turn.
    const Xapian::Query first = parse("\"peace talks\""), second = parse("peace NEAR storm");
    cache.keep(first, collected(first));
    CHECK(cache.find(first));
    cache.keep(second, collected(second));
    CHECK(cache.find(first));
    CHECK(cache.find(second));
    CHECK_FALSE(cache.find(parse("\"trade vote\" -budget")));
    // Queries whose matches add up to more than the budget push out the least
    // recently used (regression: the budget was checked with the size of a
    // list already moved away, so nothing was pushed out).
    const auto first_matches = collected(first), second_matches = collected(second);
    annals::detail::MatchCache budget(4, first_matches.size() + second_matches.size() - 1);
    budget.keep(first, first_matches);
    budget.keep(second, second_matches);
    CHECK(budget.size() == 1);
    CHECK_FALSE(budget.find(first));
    CHECK(budget.find(second));
    // A query with more matches than the budget is not kept.
    annals::detail::MatchCache small(4, 1);
    small.keep(first, collected(first));
    CHECK(small.size() == 0);
    cache.clear();
    CHECK(cache.size() == 0);
    CHECK_FALSE(cache.find(first));
}

TEST_CASE("facets: a phrase or NEAR search asked again gives the totals, facets and hits of a fresh search", "[facets]") {
    const ScratchDir scratch("again");
    std::mt19937 rng(13);
    {
        auto archive = annals::Archive::open(scratch.str());
        for (int i = 0; i < 300; ++i) archive.add(article("g" + std::to_string(i), rng, 1));
    }
    // The long-lived searcher counts from its ordinal column after its first
    // searches, and keeps the matches of positional queries; a fresh one
    // decodes each match's values and checks positions in its one ranked pass.
    annals::Searcher kept(scratch.str());
    annals::SearchRequest req;
    req.facet_limit = 0;
    for (const auto& f : schema::facets()) req.facets.emplace_back(f.name);
    kept.search(req);
    kept.search(req);
    std::size_t pages = 0;  // compared
    for (const std::string query : {"\"peace talks\"", "\"peace talks\" place:kyiv", "peace NEAR storm",
                                    "\"trade vote\" -budget", "\"peace talks\" OR budget",
                                    "\"peace talks\" OR unheard"})  // no article matches every part
        for (const std::size_t offset : {0, 2}) {
            INFO("query '" << query << "', offset " << offset);
            req.query = query;
            req.offset = offset;
            req.limit = 5;
            const auto fresh = annals::Searcher(scratch.str()).search(req);
            if (offset >= fresh.total) continue;
            ++pages;
            for (int time = 0; time < 2; ++time) {
                check_same_results(kept.search(req), fresh);
            }
        }
    CHECK(pages >= 8);
    // Kept matches are forgotten when the searcher reopens the database.
    req.query = "\"peace talks\"";
    req.offset = 0;
    const std::size_t before = kept.search(req).total;
    commit_peace_talks(scratch, "g-new");
    CHECK(kept.search(req).total == before);  // the revision it reads
    kept.reopen();
    CHECK(kept.search(req).total == before + 1);
}

TEST_CASE("facets: a search counted on several threads gives the totals, facets, groups and hits of one", "[facets]") {
    const ScratchDir scratch("threads");
    write_with_gaps(scratch, "t", 17, 400, 7);  // deleted docids inside the ranges the threads take
    {
        // Duplicate groups that span the docid ranges the threads take.
        auto archive = annals::Archive::open(scratch.str());
        std::mt19937 rng(3);
        for (int i = 0; i < 90; ++i) {
            annals::Article a = article("d" + std::to_string(i), rng, 2);
            a.body = "Story " + std::to_string(i % 3) +
                     ": peace talks resumed in Geneva on Monday as delegates from both sides met for the first "
                     "time since the storm over the budget vote, officials said, and trade was on the agenda.";
            archive.add(a);
        }
    }
    annals::Searcher alone(scratch.str()), helped(scratch.str());
    alone.set_threads(1);
    helped.set_threads(3);  // whatever the size of the archive and the machine's cores
    annals::SearchRequest req;
    req.facet_limit = 0;
    for (const auto& f : schema::facets()) req.facets.emplace_back(f.name);
    auto same = [&](const annals::SearchRequest& r) {
        const auto a = alone.search(r);
        check_same_results(helped.search(r), a);
        return a.total;
    };
    // Twice each: the second time facets count from the ordinal column, and
    // positional queries from their kept matches.
    std::size_t compared = 0;
    for (int time = 0; time < 2; ++time)
        for (const std::string query : {"", "peace", "peace talks", "\"peace talks\"", "peace NEAR storm",
                                        "(trade OR vote) -budget", "place:kyiv storm", "nothingmatches",
                                        "\"peace talks\" OR unheard"})
            for (const bool collapse : {false, true})
                for (const auto sort : {annals::SortOrder::Relevance, annals::SortOrder::Newest}) {
                    INFO("query '" << query << "', collapse " << collapse << ", sort " << int(sort) << ", time " << time);
                    req.query = query;
                    req.collapse = collapse;
                    req.sort = sort;
                    req.related = {"person", "place"};
                    compared += same(req) > 0;
                }
    CHECK(compared >= 24);
    req.sort = annals::SortOrder::Relevance;
    req.query = "geneva delegates";
    req.collapse = true;
    CHECK(alone.search(req).total < alone.search(req).articles);  // there are groups to fold
    // Facets that count each duplicate group once are counted on one thread.
    req.query = "peace";
    req.facets_count_groups = true;
    same(req);
    req.facets_count_groups = false;

    // Helpers read the latest commit: a searcher opened before it counts alone,
    // at the revision it reads, until it reopens.
    req.query = "\"peace talks\"";
    req.collapse = false;
    const std::size_t before = helped.search(req).total;
    commit_peace_talks(scratch, "t-new");
    annals::Searcher late(scratch.str());
    late.set_threads(3);
    req.query = "\"peace talks\" storm";  // not yet kept
    CHECK(helped.search(req).total == alone.search(req).total);
    req.query = "\"peace talks\"";
    CHECK(helped.search(req).total == before);
    helped.reopen();
    CHECK(helped.search(req).total == before + 1);
    CHECK(late.search(req).total == before + 1);
}

TEST_CASE("facets: several archives searched as one database, or compacted into one, count exactly", "[facets]") {
    // Two archives with their own dictionaries (the same value has other ordinals
    // in each); combined, each document names its dictionary and counts merge by value.
    const ScratchDir one("shard1"), two("shard2");
    std::mt19937 rng(5);
    {
        auto a = annals::Archive::open(one.str());
        for (int i = 0; i < 60; ++i) a.add(article("s1-" + std::to_string(i), rng, 1));
        auto b = annals::Archive::open(two.str());
        for (int i = 0; i < 45; ++i) b.add(article("s2-" + std::to_string(i), rng, 2));
    }
    Xapian::Database both(one.str());
    both.add_database(Xapian::Database(two.str()));
    // Compacted into one database, documents keep naming their own dictionary.
    const ScratchDir merged("shards-compacted");
    both.compact(merged.str());
    const Xapian::Database compacted(merged.str());
    for (const auto& [db, dbs] : {std::make_pair(both, std::vector<Xapian::Database>{Xapian::Database(one.str()),
                                                                                  Xapian::Database(two.str())}),
                                  std::make_pair(compacted, std::vector<Xapian::Database>{compacted})}) {
        annals::detail::FacetTable table(dbs);
        REQUIRE(table.ids().size() == 2);
        std::vector<std::size_t> positions;
        for (std::size_t k = 0; k < schema::facets().size(); ++k) positions.push_back(k);
        // The compacted database also counts from its ordinal column, whose
        // counters keep the two dictionaries apart.
        std::optional<annals::detail::OrdinalColumn> column;
        if (dbs.size() == 1) column.emplace(db, table.ids());
        for (const Xapian::Query& query :
             {Xapian::Query::MatchAll, Xapian::Query("peace"), Xapian::Query("XGkyiv"), Xapian::Query("XOred cross")}) {
            annals::detail::FacetSpy spy(positions, table.ids(), table.sizes(positions), false);
            annals::detail::FacetSpy column_spy(positions, table.ids(), table.sizes(positions), false,
                                                column ? &*column : nullptr);
            Xapian::Enquire enquire(db);
            enquire.set_query(query);
            enquire.add_matchspy(&spy);
            enquire.add_matchspy(&column_spy);
            enquire.get_mset(0, 0, db.get_doccount());
            for (std::size_t k = 0; k < positions.size(); ++k) {
                const auto& facet = schema::facets()[k];
                INFO(query.get_description() << ", facet " << facet.name << ", " << dbs.size() << " database(s)");
                const Counts expected = brute_force(db, query, facet, nullptr);
                CHECK(table.counts(spy, k, k, 0, nullptr) == expected);
                CHECK(table.counts(column_spy, k, k, 0, nullptr) == expected);
            }
        }
    }
}

TEST_CASE("facets: multi-word person names get name-end terms, possessives do not", "[facets][people]") {
    const ScratchDir scratch("ends");
    {
        auto archive = annals::Archive::open(scratch.str());
        annals::Article a;
        a.id = "e1";
        a.title = "Ends";
        a.entities = {entity(EntityType::Person, "Ursula von der Leyen"), entity(EntityType::Person, "Biden's")};
        archive.add(a);
    }
    const Xapian::Database db(scratch.str());
    std::vector<std::string> ends;
    const std::string prefix(schema::kPersonEndPrefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ends.push_back(*t);
    CHECK(ends == std::vector<std::string>{schema::person_end_term("der leyen", "ursula von der leyen"),
                                           schema::person_end_term("leyen", "ursula von der leyen"),
                                           schema::person_end_term("von der leyen", "ursula von der leyen")});
    // What a searcher makes of them: the surname merges into the one full name.
    const annals::detail::PersonMerge people(db);
    REQUIRE(people.merged("von der Leyen") != nullptr);
    CHECK(*people.merged("von der Leyen") == "Ursula von der Leyen");
    CHECK(people.merged("Ursula") == nullptr);
}
