// More like this (like:ID, SearchRequest::like) over a small archive whose
// entities are filled in by hand: which articles are "like" one is known.
#include <catch2/catch.hpp>

#include <algorithm>

#include "annals/archive.hpp"
#include "annals/error.hpp"
#include "annals/search.hpp"
#include "entity.hpp"
#include "scratch.hpp"

namespace {

using annals::EntityType;

annals::Article article(std::string id, std::string title, std::string body, std::string published,
                        std::vector<annals::Entity> entities) {
    annals::Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    a.published = std::move(published);
    a.entities = std::move(entities);
    return a;
}

const std::string& archive_path() {
    static const std::string path = [] {
        static const ScratchDir dir("similar");
        auto archive = annals::Archive::open(dir.str());
        const auto rubio = entity(EntityType::Person, "Marco Rubio");
        const auto zelensky = entity(EntityType::Person, "Volodymyr Zelensky");
        const auto geneva = entity(EntityType::Place, "Geneva", "", "CH");
        const auto ukraine = entity(EntityType::Place, "Ukraine", "", "UA");
        const auto nato = entity(EntityType::Organization, "NATO");
        // The story; the same story in other words; the same words about another story.
        archive.add(article("s1", "Ceasefire talks open in Geneva",
                            "Negotiators opened ceasefire talks on security guarantees. Rubio met Zelensky.",
                            "2025-11-20", {rubio, zelensky, geneva, ukraine, nato}));
        archive.add(article("s2", "Envoys meet by the lake",
                            "Marco Rubio and Volodymyr Zelensky met by the lake to discuss the war in Ukraine, "
                            "NATO diplomats said.",
                            "2025-11-21", {rubio, zelensky, geneva, ukraine, nato}));
        archive.add(article("s3", "Ceasefire talks stall in the desert",
                            "Negotiators stalled over ceasefire talks and security guarantees in Khartoum.",
                            "2025-11-22",
                            {entity(EntityType::Place, "Khartoum", "", "SD"),
                             entity(EntityType::Person, "Abdel Fattah al-Burhan")}));
        archive.add(article("s4", "Harvest festival in Zürich", "Apples and pears were sold at the harvest market.",
                            "2025-10-01", {entity(EntityType::Place, "Zürich", "", "CH")}));
        archive.add(article("s5", "An older meeting", "Rubio met Zelensky before, in another year.", "2023-03-01",
                            {rubio, zelensky}));
        archive.commit();
        return dir.str();
    }();
    return path;
}

std::vector<std::string> ranked(const std::string& query, const std::string& like = "") {
    annals::SearchRequest req;
    req.query = query;
    req.like = like;
    req.limit = 100;
    std::vector<std::string> out;
    for (const auto& h : annals::Searcher(archive_path()).search(req).hits) out.push_back(h.article.id);
    return out;
}

}  // namespace

TEST_CASE("similar: shared people and places rank above shared words, the article itself left out", "[similar]") {
    const auto hits = ranked("like:s1");
    REQUIRE(hits.size() >= 2);
    CHECK(hits[0] == "s2");  // same entities, other words
    CHECK(std::find(hits.begin(), hits.end(), "s1") == hits.end());
    CHECK(std::find(hits.begin(), hits.end(), "s4") == hits.end());  // nothing in common
    const auto s3 = std::find(hits.begin(), hits.end(), "s3");
    const auto s5 = std::find(hits.begin(), hits.end(), "s5");
    CHECK(s3 != hits.end());  // the same words still count
    CHECK(s5 != hits.end());
}

TEST_CASE("similar: like: combines with filters and words, and equals SearchRequest::like", "[similar]") {
    CHECK(ranked("like:s1 date:2025") == std::vector<std::string>{"s2", "s3"});
    CHECK(ranked("like:s1 date:..2024") == std::vector<std::string>{"s5"});
    CHECK(ranked("", "s1") == ranked("like:s1"));
    CHECK(ranked("date:2025", "s1") == ranked("like:s1 date:2025"));
    CHECK(ranked("khartoum", "s1") == std::vector<std::string>{"s3"});
    const auto either = ranked("like:s1 OR like:s2");  // each excludes only itself
    CHECK(std::find(either.begin(), either.end(), "s1") != either.end());
    CHECK(std::find(either.begin(), either.end(), "s2") != either.end());
}

TEST_CASE("similar: an unknown id is a query error at the id", "[similar]") {
    try {
        ranked("war like:nope");
        FAIL("no error");
    } catch (const annals::QueryError& e) {
        CHECK(e.position() == 9);
        CHECK(e.reason() == "like: no article has the id 'nope'");
    }
    CHECK_THROWS_AS(ranked("", "nope"), annals::QueryError);
}

TEST_CASE("similar: the JSON names the article when SearchRequest::like was used", "[similar]") {
    annals::SearchRequest req;
    req.like = "s1";
    req.query = "date:2025";
    const std::string json = annals::to_json(annals::Searcher(archive_path()).search(req));
    CHECK(json.rfind("{\"query\":\"date:2025\",\"like\":\"s1\",\"total\":2,", 0) == 0);
    req.like.clear();
    CHECK(annals::to_json(annals::Searcher(archive_path()).search(req)).find("\"like\"") == std::string::npos);
}
