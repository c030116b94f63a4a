// Search over a small fixture archive built once from articles whose entities are
// filled in by hand, so these tests do not depend on the extractor.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <xapian.h>

#include "annals/archive.hpp"
#include "annals/error.hpp"
#include "annals/search.hpp"
#include "search/query_parser.hpp"
#include "entity.hpp"
#include "scratch.hpp"

namespace {

namespace fs = std::filesystem;
using annals::Entity;
using annals::EntityType;

std::vector<annals::Article> fixture_articles() {
    std::vector<annals::Article> out;
    annals::Article a;
    a.id = "a1";
    a.title = "US demands peace deal before security guarantees for Ukraine";
    a.body = "Secretary of State Marco Rubio said on Tuesday that a peace deal must come before any "
             "security guarantees. Rubio spoke after talks in Geneva about Kyiv and Britain. "
             "The war began in February 2022.";
    a.published = "2025-11-27T09:22";
    a.publication = "Lord's Press";
    a.url = "https://example.org/a1";
    a.authors = {"LP Staff Writers"};
    a.categories = {"World"};
    a.entities = {entity(EntityType::Person, "Marco Rubio"),
                  entity(EntityType::Person, "Rubio", "Marco Rubio"),
                  entity(EntityType::Place, "Geneva", "", "CH"),
                  entity(EntityType::Place, "Kyiv", "", "UA"),
                  entity(EntityType::Place, "Britain", "United Kingdom", "GB"),
                  entity(EntityType::Organization, "NATO"),
                  entity(EntityType::Date, "Tuesday", "", "", "2025-11-25"),
                  entity(EntityType::Date, "February 2022", "", "", "2022-02")};
    out.push_back(a);

    a = {};
    a.id = "a2";
    a.title = "Rubio meets European ministers in Brussels";
    a.body = "Marco Rubio met ministers of the European Union. Memories of the 1990s were in the air.";
    a.published = "2025-10-03";
    a.publication = "Daily Planet";
    a.categories = {"World", "Politics"};
    a.entities = {entity(EntityType::Person, "Marco Rubio"),
                  entity(EntityType::Place, "Brussels", "", "BE"),
                  entity(EntityType::Organization, "European Union"),
                  entity(EntityType::Date, "the 1990s", "", "", "199X")};
    out.push_back(a);

    a = {};
    a.id = "a3";
    a.title = "Rubio visits the capital";
    a.body = "The secretary travelled to Kyiv, recalling the spring of 2020.";
    a.published = "2023-05-10";
    a.authors = {"Diana Nerozzi"};
    a.contributors = {"Gigi Ewing"};
    a.people = {"Marco Rubio"};  // curated only
    a.entities = {entity(EntityType::Place, "Kyiv", "", "UA"),
                  entity(EntityType::Date, "spring of 2020", "", "", "2020-SP")};
    out.push_back(a);

    a = {};
    a.id = "a4";
    a.title = "Harvest festival in Zürich";
    a.body = "The harvest festival in Zürich drew crowds; apples & pears <cheap> were sold by Anna Müller.";
    a.published = "2023-01-15";
    a.language = "en-GB";
    a.categories = {"Culture"};
    a.entities = {entity(EntityType::Place, "Zürich", "", "CH"), entity(EntityType::Person, "Anna Müller")};
    out.push_back(a);

    a = {};
    a.id = "a5";
    a.title = "Opinion: the economy";
    a.body = "Economists discuss inflation and the economy near the central bank in November.";
    a.publication = "Daily Planet";
    a.categories = {"Opinion"};
    a.entities = {entity(EntityType::Date, "November", "", "", "2025-11")};
    out.push_back(a);
    return out;
}


// Ids of every hit of @p query in the archive at @p dir, sorted.
std::set<std::string> ids_in(const fs::path& dir, const std::string& query) {
    annals::SearchRequest req;
    req.query = query;
    req.limit = 100;
    std::set<std::string> out;
    for (const auto& h : annals::Searcher(dir.string()).search(req).hits) out.insert(h.article.id);
    return out;
}

const std::string& fixture_path() {
    static const std::string path = [] {
        static const ScratchDir dir("search");  // removed at exit
        {
            auto archive = annals::Archive::open(dir.str());
            for (const auto& a : fixture_articles()) archive.add(a);
            archive.commit();
        }
        return dir.str();
    }();
    return path;
}

const annals::Searcher& searcher() {
    static const annals::Searcher s(fixture_path());
    return s;
}

annals::SearchResults run(const std::string& query, std::vector<std::string> facets = {}) {
    annals::SearchRequest r;
    r.query = query;
    r.limit = 100;
    r.facets = std::move(facets);
    return searcher().search(r);
}

// Ids of the hits, sorted (for order-independent checks).
std::set<std::string> ids(const std::string& query) {
    std::set<std::string> out;
    for (const auto& h : run(query).hits) out.insert(h.article.id);
    return out;
}

// Ids matched by a query parsed with an injected "today".
std::set<std::string> ids_on(const std::string& query, annals::detail::CivilDate today) {
    Xapian::Database db(fixture_path());
    Xapian::Enquire enquire(db);
    enquire.set_query(annals::detail::parse_query(query, today).query);
    std::set<std::string> out;
    const auto mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it)
        for (auto t = db.termlist_begin(*it); t != db.termlist_end(*it); ++t)
            if ((*t)[0] == 'Q') out.insert((*t).substr(1));
    return out;
}

using Ids = std::set<std::string>;

}  // namespace

TEST_CASE("search: empty query matches every article with an exact total", "[search]") {
    const auto r = run("");
    CHECK(r.total == 5);
    CHECK(r.hits.size() == 5);
    CHECK(ids("NOT ukraine") == Ids{"a2", "a3", "a4", "a5"});
    CHECK(ids("-ukraine") == Ids{"a2", "a3", "a4", "a5"});
}

TEST_CASE("search: words, stems, phrases and operators", "[search]") {
    CHECK(ids("ukraine") == Ids{"a1"});
    CHECK(ids("guarantee") == Ids{"a1"});  // stemmed: guarantees
    CHECK(ids("Rubio ministers") == Ids{"a2"});
    CHECK(ids("rubio and") == Ids{"a1"});  // lower-case "and" is a word (a1 has it)
    CHECK(ids("\"security guarantees\"") == Ids{"a1"});
    CHECK(ids("\"guarantees security\"").empty());
    CHECK(ids("ukraine OR harvest") == Ids{"a1", "a4"});
    CHECK(ids("rubio AND kyiv") == Ids{"a1", "a3"});
    CHECK(ids("rubio NOT kyiv") == Ids{"a2"});
    CHECK(ids("rubio -(kyiv OR brussels)").empty());
    CHECK(ids("(ukraine OR harvest) festival") == Ids{"a4"});
    CHECK(ids("harv*") == Ids{"a4"});
    CHECK(ids("econom*") == Ids{"a5"});
    CHECK(ids("peace NEAR guarantees") == Ids{"a1"});
    CHECK(ids("peace NEAR february").empty());  // more than 10 words apart
    CHECK(ids("9:30").empty());                  // a time, not a field
}

TEST_CASE("search: title words rank above body words", "[search]") {
    // a1 says Rubio three times in its body; a2 and a3 have him in their titles.
    const auto r = run("rubio");
    REQUIRE(r.hits.size() == 3);
    CHECK(r.hits[0].rank == 1);
    CHECK(r.hits[2].article.id == "a1");
    CHECK(ids("title:rubio") == Ids{"a2", "a3"});
    CHECK(ids("title:\"peace deal\"") == Ids{"a1"});
    CHECK(ids("title:harv*") == Ids{"a4"});
}

TEST_CASE("search: entity fields are case- and accent-insensitive and match words of the name", "[search]") {
    CHECK(ids("person:rubio") == Ids{"a1", "a2", "a3"});
    CHECK(ids("person:\"Marco Rubio\"") == Ids{"a1", "a2", "a3"});
    CHECK(ids("person:\"MARCO RUBIO\"") == Ids{"a1", "a2", "a3"});
    CHECK(ids("person:muller") == Ids{"a4"});
    CHECK(ids("person:\"anna müller\"") == Ids{"a4"});
    CHECK(ids("place:zurich") == Ids{"a4"});
    CHECK(ids("place:kyiv") == Ids{"a1", "a3"});
    CHECK(ids("place:britain") == Ids{"a1"});  // the mention text
    CHECK(ids("place:\"united kingdom\"") == Ids{"a1"});
    CHECK(ids("country:gb") == Ids{"a1"});
    CHECK(ids("country:CH") == Ids{"a1", "a4"});
    CHECK(ids("org:nato") == Ids{"a1"});
    CHECK(ids("organization:\"european union\"") == Ids{"a2"});
    CHECK(ids("author:nerozzi") == Ids{"a3"});
    CHECK(ids("author:\"gigi ewing\"") == Ids{"a3"});  // contributors count as authors
    CHECK(ids("category:politics") == Ids{"a2"});
    CHECK(ids("category:world") == Ids{"a1", "a2"});
    CHECK(ids("publication:\"Lord's Press\"") == Ids{"a1"});
    CHECK(ids("publication:\"daily planet\"") == Ids{"a2", "a5"});
    CHECK(ids("lang:en-gb") == Ids{"a4"});
    CHECK(ids("lang:en") == Ids{"a1", "a2", "a3", "a4", "a5"});
    CHECK(ids("id:a3") == Ids{"a3"});
    CHECK(ids("person:rub*") == Ids{"a1", "a2", "a3"});
}

TEST_CASE("search: place aliases from the gazetteer", "[search]") {
    CHECK(ids("place:kiev") == Ids{"a1", "a3"});
}

TEST_CASE("search: country: takes a code, a country name, an alias or a demonym", "[search]") {
    CHECK(ids("country:ua") == Ids{"a1", "a3"});
    CHECK(ids("country:ukraine") == Ids{"a1", "a3"});
    CHECK(ids("country:Ukraine") == Ids{"a1", "a3"});
    CHECK(ids("country:\"united kingdom\"") == Ids{"a1"});
    CHECK(ids("country:britain") == Ids{"a1"});
    CHECK(ids("country:uk") == Ids{"a1"});
    CHECK(ids("country:british") == Ids{"a1"});
    CHECK(ids("country:switzerland") == Ids{"a1", "a4"});
    CHECK(ids("country:belgium -country:ch") == Ids{"a2"});
    CHECK(ids("country:xk").empty());  // a code the gazetteer does not list still parses
    try {
        run("peace country:narnia");
        FAIL("no error");
    } catch (const annals::QueryError& e) {
        CHECK(e.position() == 14);
        CHECK(e.reason().find("unknown country 'narnia'") != std::string::npos);
    }
}

TEST_CASE("search: NEAR means at most 10 words apart, in either order", "[search]") {
    // Regression: the window was one short (9 words apart at most).
    const ScratchDir scratch("near");
    const fs::path& dir = scratch.path;
    {
        auto archive = annals::Archive::open(dir.string());
        annals::Article a;
        a.title = "Words";
        a.id = "d10";
        a.body = "alpha w1 w2 w3 w4 w5 w6 w7 w8 w9 beta";  // beta 10 positions after alpha
        archive.add(a);
        a.id = "d11";
        a.body = "gamma w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 delta";
        archive.add(a);
    }
    auto find = [&](const std::string& q) { return ids_in(dir, q); };
    CHECK(find("alpha NEAR beta") == Ids{"d10"});
    CHECK(find("beta NEAR alpha") == Ids{"d10"});
    CHECK(find("gamma NEAR delta").empty());
    CHECK(find("gamma delta") == Ids{"d11"});
    CHECK_THROWS_AS(find("\"w1 w2\" NEAR alpha"), annals::QueryError);
}

TEST_CASE("search: free text is accent- and case-insensitive, and snippets still highlight", "[search]") {
    CHECK(ids("zurich") == Ids{"a4"});
    CHECK(ids("ZURICH") == Ids{"a4"});
    CHECK(ids("Zürich") == Ids{"a4"});
    CHECK(ids("title:zurich") == Ids{"a4"});
    CHECK(ids("\"festival in zurich\"") == Ids{"a4"});
    CHECK(ids("muller") == Ids{"a4"});
    CHECK(ids("zur*") == Ids{"a4"});
    auto r = run("zurich");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet.find("<b>Zürich</b>") != std::string::npos);

    // São Paulo, in an archive of its own.
    const ScratchDir scratch("fold");
    const fs::path& dir = scratch.path;
    {
        auto archive = annals::Archive::open(dir.string());
        annals::Article a;
        a.id = "sp";
        a.title = "Floods in São Paulo";
        a.body = "Heavy rain hit SÃO PAULO on Monday; the Straße in Köln stayed dry.";
        archive.add(a);
        a.id = "other";
        a.title = "Paulo and the saw";
        a.body = "Nothing about the city.";
        archive.add(a);
    }
    const annals::Searcher s(dir.string());
    auto find = [&](const std::string& q) { return ids_in(dir, q); };
    CHECK(find("sao paulo") == Ids{"sp"});
    CHECK(find("\"sao paulo\"") == Ids{"sp"});
    CHECK(find("\"são paulo\"") == Ids{"sp"});
    CHECK(find("\"SAO PAULO\"") == Ids{"sp"});
    CHECK(find("title:\"sao paulo\"") == Ids{"sp"});
    CHECK(find("sao NEAR paulo") == Ids{"sp"});
    CHECK(find("koln strasse") == Ids{"sp"});
    CHECK(find("\"paulo sao\"").empty());
    annals::SearchRequest req;
    req.query = "sao paulo";
    const auto hits = s.search(req).hits;
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].snippet.find("<b>SÃO</b> <b>PAULO</b>") != std::string::npos);
}

TEST_CASE("search: date: on the published date", "[search]") {
    CHECK(ids("date:2025") == Ids{"a1", "a2"});
    CHECK(ids("date:2025-11") == Ids{"a1"});
    CHECK(ids("date:2025-11-27") == Ids{"a1"});
    CHECK(ids("date:2025-11-28").empty());
    CHECK(ids("date:2023-01-01..2023-06-30") == Ids{"a3", "a4"});
    CHECK(ids("date:..2023-02") == Ids{"a4"});
    CHECK(ids("date:2025-10..") == Ids{"a1", "a2"});
    CHECK(ids("date:1990s").empty());
}

TEST_CASE("search: mentions: overlaps the dates an article mentions", "[search]") {
    CHECK(ids("mentions:2022") == Ids{"a1"});
    CHECK(ids("mentions:2022-02-10") == Ids{"a1"});  // a day inside a mentioned month
    CHECK(ids("mentions:2022-01..2022-03") == Ids{"a1"});
    CHECK(ids("mentions:2022-03..2022-04").empty());
    CHECK(ids("mentions:1995") == Ids{"a2"});  // inside the 1990s
    CHECK(ids("mentions:1990s") == Ids{"a2"});
    CHECK(ids("mentions:1900..2100") == Ids{"a1", "a2", "a3", "a5"});
    CHECK(ids("mentions:2020-04") == Ids{"a3"});  // spring = March..May
    CHECK(ids("mentions:2020-06..") == Ids{"a1", "a5"});
    CHECK(ids("mentions:..2020-03-01") == Ids{"a2", "a3"});
    CHECK(ids("mentions:2025-11-25") == Ids{"a1", "a5"});
    CHECK(ids("mentions:2025-11-26") == Ids{"a5"});
}

TEST_CASE("search: relative dates use the injected today", "[search]") {
    const annals::detail::CivilDate today{2025, 11, 28};
    CHECK(ids_on("date:yesterday", today) == Ids{"a1"});
    CHECK(ids_on("date:today", today).empty());
    CHECK(ids_on("date:30d..", today) == Ids{"a1"});
    CHECK(ids_on("date:90d..", today) == Ids{"a1", "a2"});
    CHECK(ids_on("date:\"last week\"", {2025, 12, 3}) == Ids{"a1"});
    CHECK(ids_on("date:\"this year\"", today) == Ids{"a1", "a2"});
}

TEST_CASE("search: facets count every match exactly", "[search]") {
    const auto r = run("", {"person", "place", "country", "organization", "author", "category", "publication",
                            "year", "month", "mentioned_year"});
    REQUIRE(r.facets.size() == 10);
    using FV = annals::FacetValue;
    CHECK(r.facets[0].first == "person");
    CHECK(r.facets[0].second == std::vector<FV>{{"Marco Rubio", 3}, {"Anna Müller", 1}});
    CHECK(r.facets[1].second == std::vector<FV>{{"Kyiv", 2}, {"Brussels", 1}, {"Geneva", 1}, {"United Kingdom", 1}, {"Zürich", 1}});
    CHECK(r.facets[2].second == std::vector<FV>{{"CH", 2}, {"UA", 2}, {"BE", 1}, {"GB", 1}});
    CHECK(r.facets[5].second == std::vector<FV>{{"World", 2}, {"Culture", 1}, {"Opinion", 1}, {"Politics", 1}});
    CHECK(r.facets[6].second == std::vector<FV>{{"Daily Planet", 2}, {"Lord's Press", 1}});
    // Timelines: every bucket from first to last, gaps included.
    CHECK(r.facets[7].second == std::vector<FV>{{"2023", 2}, {"2024", 0}, {"2025", 2}});
    const auto& months = r.facets[8].second;
    REQUIRE(months.size() == 35);  // 2023-01 .. 2025-11
    CHECK(months.front() == FV{"2023-01", 1});
    CHECK(months[1] == FV{"2023-02", 0});
    CHECK(months[4] == FV{"2023-05", 1});
    CHECK(months.back() == FV{"2025-11", 1});
    CHECK(r.facets[9].second ==
          std::vector<FV>{{"2020", 1}, {"2021", 0}, {"2022", 1}, {"2023", 0}, {"2024", 0}, {"2025", 2}});

    // Counts follow the query, and facet_limit cuts entity facets.
    annals::SearchRequest req;
    req.query = "person:rubio";
    req.limit = 1;
    req.facets = {"place", "year"};
    req.facet_limit = 1;
    const auto s = searcher().search(req);
    CHECK(s.total == 3);
    CHECK(s.hits.size() == 1);
    CHECK(s.facets[0].second == std::vector<FV>{{"Kyiv", 2}});
    CHECK(s.facets[1].second == std::vector<FV>{{"2023", 1}, {"2024", 0}, {"2025", 2}});

    req.facets = {"colour"};
    CHECK_THROWS_AS(searcher().search(req), annals::UsageError);
}

namespace {

// An archive of made-up articles, each naming the given people (as extracted
// mentions whose canonical form is the name, or curated when it starts with '+').
const fs::path& people_archive(const ScratchDir& scratch,
                               const std::vector<std::pair<std::string, std::vector<std::string>>>& docs) {
    const fs::path& dir = scratch.path;
    auto archive = annals::Archive::open(dir.string());
    for (const auto& [id, people] : docs) {
        annals::Article a;
        a.id = id;
        a.title = "Article " + id;
        a.body = "Some words about the news.";
        for (const auto& p : people)
            if (p[0] == '+') a.people.push_back(p.substr(1));
            else a.entities.push_back(entity(EntityType::Person, p));
        archive.add(a);
    }
    archive.commit();
    return dir;
}

annals::SearchResults people_search(const fs::path& dir, const std::string& query) {
    annals::SearchRequest req;
    req.query = query;
    req.limit = 100;
    req.facets = {"person"};
    return annals::Searcher(dir.string()).search(req);
}

}  // namespace

TEST_CASE("search: a surname merges into the archive's one full name with it", "[search][people]") {
    const ScratchDir scratch("merge");
    const fs::path& dir = people_archive(scratch, {
        {"b1", {"Joe Biden", "+Biden"}},  // both in one article: counted once
        {"b2", {"Biden"}},
        {"l1", {"Ursula von der Leyen"}},
        {"l2", {"von der Leyen"}},
        {"m1", {"Anna Müller"}},
        {"m2", {"MULLER"}},
        {"j1", {"Michael Jordan"}},
        {"j2", {"Jordan"}},
        {"j3", {"Jordan Peterson"}},  // "Jordan" is his first name: not him
        {"f1", {"Joe"}},              // a first name never merges
    });
    using FV = annals::FacetValue;
    const auto all = people_search(dir, "");
    REQUIRE(all.facets.size() == 1);
    CHECK(all.facets[0].second == std::vector<FV>{{"Anna Müller", 2}, {"Joe Biden", 2}, {"Michael Jordan", 2},
                                                  {"Ursula von der Leyen", 2}, {"Joe", 1}, {"Jordan Peterson", 1}});
    // The people of each hit agree with the facet.
    std::map<std::string, std::vector<std::string>> people;
    for (const auto& h : all.hits) people[h.article.id] = h.article.names(EntityType::Person);
    CHECK(people["b1"] == std::vector<std::string>{"Joe Biden"});
    CHECK(people["b2"] == std::vector<std::string>{"Joe Biden"});
    CHECK(people["l2"] == std::vector<std::string>{"Ursula von der Leyen"});
    CHECK(people["m2"] == std::vector<std::string>{"Anna Müller"});
    CHECK(people["j2"] == std::vector<std::string>{"Michael Jordan"});
    CHECK(people["f1"] == std::vector<std::string>{"Joe"});

    // Selecting the merged value finds the articles that only give the surname.
    auto ids_of = [&](const std::string& q) {
        Ids out;
        for (const auto& h : people_search(dir, q).hits) out.insert(h.article.id);
        return out;
    };
    CHECK(ids_of("person:\"joe biden\"") == Ids{"b1", "b2"});
    CHECK(ids_of("person:\"Ursula von der Leyen\"") == Ids{"l1", "l2"});
    CHECK(ids_of("person:\"anna muller\"") == Ids{"m1", "m2"});
    CHECK(ids_of("person:\"michael jordan\"") == Ids{"j1", "j2"});
    CHECK(ids_of("person:biden") == Ids{"b1", "b2"});
    // Counts follow the query.
    CHECK(people_search(dir, "person:\"joe biden\"").facets[0].second == std::vector<FV>{{"Joe Biden", 2}});
}

TEST_CASE("search: a surname shared by two full names merges nothing", "[search][people]") {
    const ScratchDir scratch("nomerge");
    const fs::path& dir = people_archive(scratch, {
        {"b1", {"Joe Biden"}},
        {"b2", {"Jill Biden"}},
        {"b3", {"Biden"}},
        {"b4", {"Biden", "Joe Biden"}},
    });
    using FV = annals::FacetValue;
    const auto all = people_search(dir, "");
    CHECK(all.facets[0].second == std::vector<FV>{{"Biden", 2}, {"Joe Biden", 2}, {"Jill Biden", 1}});
    for (const auto& h : all.hits)
        if (h.article.id == "b3") CHECK(h.article.names(EntityType::Person) == std::vector<std::string>{"Biden"});
    Ids joe;
    for (const auto& h : people_search(dir, "person:\"joe biden\"").hits) joe.insert(h.article.id);
    CHECK(joe == Ids{"b1", "b4"});
}

TEST_CASE("search: reopen() works the person merge out again", "[search][people]") {
    const ScratchDir scratch("remerge");
    const fs::path& dir = people_archive(scratch, {{"b1", {"Joe Biden"}}, {"b2", {"Biden"}}});
    using FV = annals::FacetValue;
    annals::Searcher searcher(dir.string());
    annals::SearchRequest req;
    req.facets = {"person"};
    CHECK(searcher.search(req).facets[0].second == std::vector<FV>{{"Joe Biden", 2}});
    {
        auto archive = annals::Archive::open(dir.string());
        annals::Article a;
        a.id = "b3";
        a.title = "Article b3";
        a.entities = {entity(EntityType::Person, "Jill Biden")};
        archive.add(a);
        archive.commit();
    }
    searcher.reopen();
    CHECK(searcher.search(req).facets[0].second == std::vector<FV>{{"Biden", 1}, {"Jill Biden", 1}, {"Joe Biden", 1}});
}

TEST_CASE("search: sort orders, offset and limit", "[search]") {
    annals::SearchRequest req;
    req.query = "date:2020..";
    req.sort = annals::SortOrder::Newest;
    auto r = searcher().search(req);
    REQUIRE(r.hits.size() == 4);
    CHECK(r.hits[0].article.id == "a1");
    CHECK(r.hits[3].article.id == "a4");
    req.sort = annals::sort_order_from_string("oldest");
    req.offset = 1;
    req.limit = 2;
    r = searcher().search(req);
    CHECK(r.total == 4);
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].article.id == "a3");
    CHECK(r.hits[0].rank == 2);
    CHECK(r.hits[1].article.id == "a2");
    CHECK(r.hits[1].rank == 3);
    CHECK_THROWS_AS(annals::sort_order_from_string("random"), annals::UsageError);

    // limit 0 still counts and facets; an offset past the end is just empty.
    req.offset = 0;
    req.limit = 0;
    req.facets = {"year"};
    r = searcher().search(req);
    CHECK(r.total == 4);
    CHECK(r.hits.empty());
    CHECK(r.facets[0].second.size() == 3);
    req.offset = 10;
    req.limit = 10;
    r = searcher().search(req);
    CHECK(r.total == 4);
    CHECK(r.hits.empty());
}

TEST_CASE("search: snippets highlight the words typed, HTML-escaped", "[search]") {
    auto r = run("ukraine guarantee");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet.find("<b>guarantees</b>") != std::string::npos);
    CHECK(r.hits[0].score > 0);
    CHECK(r.hits[0].article.entities.size() == 8);  // the whole article comes back
    r = run("person:rubio");
    for (const auto& h : r.hits)
        if (h.article.id == "a2") CHECK(h.snippet.find("<b>Rubio</b>") != std::string::npos);
    r = run("id:a5");  // nothing typed to highlight: the start of the body
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet.rfind("Economists discuss inflation", 0) == 0);
    annals::SearchRequest all;
    all.query = "date:2023-01";
    r = searcher().search(all);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet == "The harvest festival in Zürich drew crowds; apples &amp; pears &lt;cheap&gt; were sold by Anna Müller.");
    r = run("apples");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet.find("&amp;") != std::string::npos);
    CHECK(r.hits[0].snippet.find("&lt;cheap&gt;") != std::string::npos);
    CHECK(r.hits[0].snippet.find("<b>apples</b>") != std::string::npos);
}

TEST_CASE("search: a hit whose text lacks the words typed shows the start of its body", "[search]") {
    // Regression: without weights for the other words, Xapian's snippet of a text
    // with no query word in it was the text's last 200 bytes.
    const ScratchDir scratch("snippet-opening");
    {
        auto archive = annals::Archive::open(scratch.path.string());
        annals::Article a;
        a.id = "s1";
        a.title = "Harbour reopens";
        a.body = "The old quay was rebuilt over two winters. ";
        for (int i = 0; i < 10; ++i) a.body += "Fishing boats and ferries share the water again. ";
        a.body += "The last sentence of the story.";
        archive.add(a);
    }
    annals::Searcher searcher(scratch.path.string());
    annals::SearchRequest request;
    request.query = "harbour";  // in the title only
    const auto r = searcher.search(request);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet.rfind("The old quay was rebuilt over two winters.", 0) == 0);
    CHECK(r.hits[0].snippet.find("last sentence") == std::string::npos);
    request.query = "ferries";
    const auto hit = searcher.search(request).hits.at(0);
    CHECK(hit.snippet.rfind("<b>ferries</b>", 0) != 0);  // mid-sentence: "..." before it
    CHECK(hit.snippet.find("<b>ferries</b>") != std::string::npos);
}

TEST_CASE("search: scores come from the free-text part; filters leave them alone", "[search]") {
    const auto words = run("rubio");
    REQUIRE(words.hits.size() == 3);
    CHECK(words.hits[0].score == Approx(1.0));
    for (std::size_t i = 1; i < words.hits.size(); ++i) {
        CHECK(words.hits[i].score > 0);
        CHECK(words.hits[i].score <= words.hits[i - 1].score);
    }
    CHECK(words.hits[2].score < 1.0);  // a1 has Rubio in its body only
    // Adding a filter selects the same articles and keeps their scores.
    const auto filtered = run("rubio date:2020..");
    REQUIRE(filtered.hits.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(filtered.hits[i].article.id == words.hits[i].article.id);
        CHECK(filtered.hits[i].score == Approx(words.hits[i].score));
    }
    // A query of filters only has nothing to rank by: every hit scores 1.
    for (const auto& h : run("person:rubio").hits) CHECK(h.score == Approx(1.0));
    // Sorting by date keeps each hit's relevance score.
    annals::SearchRequest req;
    req.query = "rubio";
    req.sort = annals::SortOrder::Newest;
    req.limit = 100;
    for (const auto& h : searcher().search(req).hits)
        for (const auto& w : words.hits)
            if (w.article.id == h.article.id) CHECK(h.score == Approx(w.score));
}

TEST_CASE("search: spelling suggestion only for misspelled queries", "[search]") {
    CHECK(run("ukraine").suggestion == std::nullopt);
    const auto r = run("ukrane deal");
    CHECK(r.total == 0);
    REQUIRE(r.suggestion);
    CHECK(*r.suggestion == "ukraine deal");
    const auto punct = run("Ukrane, deal");
    REQUIRE(punct.suggestion);
    CHECK(*punct.suggestion == "ukraine deal");
}

TEST_CASE("search: results as the documented JSON", "[search]") {
    annals::SearchRequest req;
    req.query = "id:a2";
    req.facets = {"person", "year"};
    const std::string json = annals::to_json(searcher().search(req));
    CHECK(json.rfind("{\"query\":\"id:a2\",\"total\":1,\"articles\":1,\"offset\":0,\"limit\":10,\"hits\":[{\"id\":\"a2\",\"rank\":1,", 0) == 0);
    CHECK(json.find("\"people\":[\"Marco Rubio\"],\"places\":[\"Brussels\"],\"organizations\":[\"European Union\"]") != std::string::npos);
    CHECK(json.find("\"facets\":{\"person\":[{\"value\":\"Marco Rubio\",\"count\":1}],\"year\":[{\"value\":\"2025\",\"count\":1}]}") != std::string::npos);
    const std::string tail = "\"suggestion\":null}";
    CHECK(json.compare(json.size() - tail.size(), tail.size(), tail) == 0);
}

TEST_CASE("search: explain shows the parse and the Xapian query", "[search]") {
    const std::string e = searcher().explain("ukraine person:rubio");
    CHECK(e.find("parsed: (AND ukraine person:\"rubio\")") != std::string::npos);
    CHECK(e.find("Zukrain") != std::string::npos);
    CHECK(e.find("XPrubio") != std::string::npos);
}

TEST_CASE("search: query errors carry the position", "[search]") {
    try {
        run("ukraine date:soon");
        FAIL("no error");
    } catch (const annals::QueryError& e) {
        CHECK(e.position() == 13);
    }
}

TEST_CASE("search: a wildcard expands to a bounded number of words, a long query is refused", "[search]") {
    const ScratchDir scratch("wildcard");
    {
        auto archive = annals::Archive::open(scratch.str());
        for (int i = 0; i < 150; ++i) {
            annals::Article a;
            a.id = "w" + std::to_string(i);
            a.title = "Notes on harbour" + std::to_string(i);  // 150 words starting "harbour"
            archive.add(a);
        }
    }
    const annals::Searcher searcher(scratch.str());
    CHECK(searcher.search({.query = "harbour*"}).total == annals::kMaxWildcardTerms);
    CHECK(searcher.search({.query = "notes"}).total == 150);
    CHECK_THROWS_WITH(searcher.search({.query = std::string(annals::kMaxQueryBytes + 1, 'a')}),
                      Catch::Contains("query is longer than the limit of 8192 bytes"));
}

TEST_CASE("search: opening errors", "[search]") {
    CHECK_THROWS_WITH(annals::Searcher("/nonexistent/annals"), Catch::Contains("no annals archive at /nonexistent/annals"));
    const ScratchDir scratch("version");
    const fs::path& dir = scratch.path;
    fs::create_directories(dir);  // a directory, but no archive in it
    CHECK_THROWS_WITH(annals::Searcher(dir.string()), Catch::Contains("no annals archive at " + dir.string()));
    {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
        db.set_metadata("annals:schema-version", "0");
        db.commit();
    }
    CHECK_THROWS_WITH(annals::Searcher(dir.string()),
                      Catch::Contains("schema version 0") && Catch::Contains("expected version 6"));
    CHECK_THROWS_AS(annals::Archive::open(dir.string()), annals::ArchiveError);
}

TEST_CASE("search: searchers on several threads at once, empty queries included", "[search]") {
    // Regression: the empty query shared Xapian's static MatchAll, whose reference
    // count is not atomic, and annals-serve crashed under concurrent searches.
    const std::size_t expected = searcher().search({}).total;
    std::vector<std::size_t> wrong(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < wrong.size(); ++t)
        threads.emplace_back([&, t] {
            annals::Searcher own(fixture_path());
            annals::SearchRequest all, rest;
            rest.query = "-nosuchword";  // NOT alone: everything but, also MatchAll inside
            for (int i = 0; i < 1000; ++i)
                if (own.search(i % 2 ? all : rest).total != expected) ++wrong[t];
        });
    for (auto& t : threads) t.join();
    CHECK(wrong == std::vector<std::size_t>(4, 0));
}

TEST_CASE("search: plain words find a place or organisation by its other names, highlighted", "[search][aliases]") {
    // a1 and a3 say "Kyiv"; nothing says "Kiev".
    CHECK(ids("kiev") == Ids{"a1", "a3"});
    CHECK(ids("Kiev") == ids("kyiv"));
    const auto r = run("kiev");
    CHECK(r.suggestion == std::nullopt);  // a known name, not a misspelling
    for (const auto& h : r.hits) CHECK(h.snippet.find("<b>Kyiv</b>") != std::string::npos);
    // A multi-word name typed as words: a1 says "Britain", an alias of the United Kingdom.
    CHECK(ids("united kingdom") == Ids{"a1"});
    CHECK(ids("\"united kingdom\"") == Ids{"a1"});
    // Organisations: a1 names NATO in its entities only, the body says nothing.
    CHECK(ids("north atlantic treaty organization").empty());
    CHECK(ids("kiev -rubio").empty());
    CHECK(ids("kiev -kiev").empty());
}

namespace {

// The first hit of @p query in a new archive of @p articles.
annals::SearchResults search_in(const std::string& name, const std::vector<annals::Article>& articles,
                                const std::string& query) {
    const ScratchDir dir(name);
    {
        auto archive = annals::Archive::open(dir.str());
        for (const auto& a : articles) archive.add(a);
        archive.commit();
    }
    annals::SearchRequest req;
    req.query = query;
    return annals::Searcher(dir.str()).search(req);
}

annals::Article story(std::string id, std::string body, std::vector<Entity> entities = {}) {
    annals::Article a;
    a.id = std::move(id);
    a.title = "Report";
    a.body = std::move(body);
    a.entities = std::move(entities);
    return a;
}

}  // namespace

TEST_CASE("search: the typed spelling ranks above an alias", "[search][aliases]") {
    // Linked as the extractor would: the archive learns Kyiv's other names.
    const std::vector<annals::Article> articles = {
        story("old", "Snow fell in Kiev on Monday, and the city was calm.", {entity(EntityType::Place, "Kiev", "Kyiv")}),
        story("new", "Snow fell in Kyiv on Monday, and the city was calm.", {entity(EntityType::Place, "Kyiv")})};
    auto r = search_in("search-alias-rank", articles, "kiev");
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].article.id == "old");
    r = search_in("search-alias-rank", articles, "kyiv");
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].article.id == "new");
}

TEST_CASE("search: spelling suggestions come from linked entity names too", "[search][aliases]") {
    // The name is only in the entities.
    const auto r = search_in("search-name-spelling",
                             {story("z1", "The president of Ukraine spoke to parliament.",
                                    {entity(EntityType::Person, "president", "Volodymyr Zelenskyy")})},
                             "zelenskiy");
    CHECK(r.total == 0);
    REQUIRE(r.suggestion);
    CHECK(*r.suggestion == "zelenskyy");
}

// Hits come from a weighted pass that may stop early and totals and facets from
// a pass over every match (Searcher::Impl::counted): pages, totals and facets
// must be those of the whole ranking, for words, phrases and sorted searches.
TEST_CASE("search: every page is a slice of the whole ranking, with exact totals and facets", "[search]") {
    const ScratchDir scratch("pages");
    {
        auto archive = annals::Archive::open(scratch.str());
        for (int i = 0; i < 60; ++i) {
            annals::Article a;
            a.id = "p" + std::to_string(i);
            a.title = i % 3 ? "Harbour report" : "Peace talks in the harbour";
            for (int w = 0; w < 5 + i % 7; ++w) a.body += i % (w + 2) ? "peace talks resumed " : "ships waited ";
            a.body += i % 4 ? "talks" : "harbour";
            a.published = "2024-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
            a.categories = {i % 2 ? "World" : "Business"};
            archive.add(a);
        }
    }
    const annals::Searcher searcher(scratch.str());
    for (const std::string query : {"peace", "peace talks", "harbour OR ships", "\"peace talks\"", ""})
        for (const auto sort : {annals::SortOrder::Relevance, annals::SortOrder::Newest}) {
            CAPTURE(query, static_cast<int>(sort));
            annals::SearchRequest whole;
            whole.query = query;
            whole.sort = sort;
            whole.limit = 100;
            whole.facets = {"category"};
            const auto all = searcher.search(whole);
            REQUIRE(all.total == all.hits.size());
            CHECK(all.total > 0);
            for (std::size_t offset = 0; offset < all.total; offset += 7) {
                annals::SearchRequest page = whole;
                page.offset = offset;
                page.limit = 7;
                const auto r = searcher.search(page);
                CHECK(r.total == all.total);
                CHECK(r.facets == all.facets);
                REQUIRE(r.hits.size() == std::min<std::size_t>(7, all.total - offset));
                for (std::size_t i = 0; i < r.hits.size(); ++i) {
                    CHECK(r.hits[i].article.id == all.hits[offset + i].article.id);
                    CHECK(r.hits[i].rank == offset + i + 1);
                    CHECK(r.hits[i].score == all.hits[offset + i].score);
                }
            }
        }
}
