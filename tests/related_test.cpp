// Related entities: the G² score alone, then SearchRequest::related over a
// small archive where one name belongs to the story and another is everywhere.
#include <catch2/catch.hpp>

#include "annals/archive.hpp"
#include "annals/error.hpp"
#include "annals/search.hpp"
#include "entity.hpp"
#include "scratch.hpp"
#include "search/related.hpp"

namespace {

using annals::EntityType;
using annals::detail::significance;

const std::string& archive_path() {
    static const std::string path = [] {
        static const ScratchDir dir("related");
        auto archive = annals::Archive::open(dir.str());
        // Ten articles: four on Crimea, all naming Zelensky; Trump in every one.
        for (int i = 0; i < 10; ++i) {
            annals::Article a;
            a.id = "r" + std::to_string(i);
            const bool crimea = i < 4;
            a.title = crimea ? "Crimea bridge news" : "Trade news";
            a.body = crimea ? "A story about the Crimea bridge." : "A story about tariffs.";
            a.entities = {entity(EntityType::Person, "Donald Trump")};
            if (crimea) {
                a.entities.push_back(entity(EntityType::Person, "Volodymyr Zelensky"));
                a.entities.push_back(entity(EntityType::Place, "Crimea"));
            } else {
                a.entities.push_back(entity(EntityType::Place, "Washington"));
            }
            if (i == 0 || i == 9) a.entities.push_back(entity(EntityType::Person, "Olaf Scholz"));
            archive.add(a);
        }
        archive.commit();
        return dir.str();
    }();
    return path;
}

annals::SearchResults related(const std::string& query, std::vector<std::string> types, std::size_t limit = 10) {
    annals::SearchRequest req;
    req.query = query;
    req.related = std::move(types);
    req.related_limit = limit;
    return annals::Searcher(archive_path()).search(req);
}

}  // namespace

TEST_CASE("related: G² grows with over-representation and is 0 for names no likelier in the results", "[related]") {
    // Named by every result and nowhere else beats named by every result and half the archive.
    CHECK(significance(4, 4, 4, 10) > significance(4, 4, 7, 10));
    // Named everywhere: no association.
    CHECK(significance(4, 4, 10, 10) == 0);
    // Under-represented.
    CHECK(significance(1, 4, 8, 10) == 0);
    // A single mention in a big result set is weaker than many.
    CHECK(significance(1, 100, 1, 10000) < significance(20, 100, 20, 10000));
    // Inconsistent counts (archive changed between the counts) do not blow up.
    CHECK(significance(5, 4, 3, 2) >= 0);
}

TEST_CASE("related: the story's names first with their counts, names found everywhere left out", "[related]") {
    const auto r = related("crimea", {"person", "place"});
    REQUIRE(r.total == 4);
    REQUIRE(r.related.size() == 2);
    CHECK(r.related[0].first == "person");
    const auto& people = r.related[0].second;
    REQUIRE(!people.empty());
    CHECK(people[0].value == "Volodymyr Zelensky");
    CHECK(people[0].count == 4);
    CHECK(people[0].archive_count == 4);
    CHECK(people[0].score > 0);
    for (const auto& e : people) CHECK(e.value != "Donald Trump");  // in every article
    // Scholz: once here, once elsewhere; weaker than Zelensky.
    REQUIRE(people.size() == 2);
    CHECK(people[1].value == "Olaf Scholz");
    CHECK(people[1].score < people[0].score);
    CHECK(r.related[1].first == "place");
    REQUIRE(r.related[1].second.size() == 1);
    CHECK(r.related[1].second[0].value == "Crimea");
}

TEST_CASE("related: the whole archive lists every entity by count, scored 0; limits and errors", "[related]") {
    const auto all = related("", {"person"});
    REQUIRE(all.related.size() == 1);
    const auto& people = all.related[0].second;
    REQUIRE(people.size() == 3);
    CHECK(people[0].value == "Donald Trump");
    CHECK(people[0].count == 10);
    CHECK(people[0].score == 0);
    CHECK(related("crimea", {"person"}, 1).related[0].second.size() == 1);
    CHECK(related("crimea", {"org"}).related[0].first == "organization");
    CHECK_THROWS_AS(related("crimea", {"year"}), annals::UsageError);
    // Related types may also be facets of the same search.
    annals::SearchRequest req;
    req.query = "crimea";
    req.facets = {"person"};
    req.related = {"person"};
    const auto both = annals::Searcher(archive_path()).search(req);
    CHECK(both.facets[0].second[0].value == "Donald Trump");
    CHECK(both.related[0].second[0].value == "Volodymyr Zelensky");
}

TEST_CASE("related: JSON lists each type with value, count, archive_count and score", "[related]") {
    const std::string json = annals::to_json(related("crimea", {"place"}));
    CHECK(json.find("\"related\":{\"place\":[{\"value\":\"Crimea\",\"count\":4,\"archive_count\":4,\"score\":") !=
          std::string::npos);
    CHECK(annals::to_json(related("crimea", {})).find("\"related\"") == std::string::npos);
}
