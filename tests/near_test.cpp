// near: places within a radius: cities and towns as points (countries are
// not), geo-cell filtering, distance sorting and errors with positions.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <random>
#include <set>

#include <xapian.h>

#include "annals/archive.hpp"
#include "annals/error.hpp"
#include "annals/search.hpp"
#include "extract/gazetteer.hpp"
#include "index/geo.hpp"
#include "util/text.hpp"
#include "scratch.hpp"

namespace {

namespace geo = annals::detail::geo;

// A place entity linked as the gazetteer would link the first place called @p name of @p kind.
annals::Entity place(const std::string& name, annals::detail::PlaceKind kind) {
    for (const auto& c : annals::detail::Lexicon::get().places(annals::detail::fold(name)))
        if (c.place->kind == kind && c.place->lat) {
            annals::Entity e;
            e.type = annals::EntityType::Place;
            e.text = e.canonical = c.place->name;
            e.country = c.place->country;
            e.lat = c.place->lat;
            e.lon = c.place->lon;
            e.geonames = c.place->geonames;
            return e;
        }
    FAIL("no place " << name);
    return {};
}

annals::Article article(std::string id, std::vector<annals::Entity> places) {
    annals::Article a;
    a.id = std::move(id);
    a.title = "Story " + a.id;
    a.body = "A story about somewhere.";
    a.entities = std::move(places);
    return a;
}

using City = annals::detail::PlaceKind;

const std::string& archive_path() {
    static const ScratchDir dir("near");  // removed at exit
    static const std::string path = [] {
        auto archive = annals::Archive::open(dir.str());
        archive.add(article("kyiv", {place("Kyiv", City::City)}));
        archive.add(article("lviv", {place("Lviv", City::City)}));        // about 470 km west of Kyiv
        archive.add(article("kharkiv", {place("Kharkiv", City::City)}));  // about 410 km east
        archive.add(article("paris", {place("Paris", City::City)}));
        // Only the country: its stored point is its capital, which must not count.
        archive.add(article("ukraine", {place("Ukraine", City::Country)}));
        archive.add(article("none", {}));
        archive.add(article("fiji", {place("Suva", City::City)}));  // near the antimeridian
        return dir.str();
    }();
    return path;
}

annals::SearchResults search(const std::string& query, annals::SortOrder sort = annals::SortOrder::Relevance) {
    annals::SearchRequest r;
    r.query = query;
    r.limit = 100;
    r.sort = sort;
    return annals::Searcher(archive_path()).search(r);
}

std::set<std::string> ids(const std::string& query) {
    std::set<std::string> out;
    for (const auto& h : search(query).hits) out.insert(h.article.id);
    return out;
}

std::size_t error_position(const std::string& query, const std::string& says) {
    try {
        search(query);
    } catch (const annals::QueryError& e) {
        CHECK_THAT(e.what(), Catch::Contains(says));
        return e.position();
    }
    FAIL("no error for " << query);
    return 0;
}

}  // namespace

TEST_CASE("near: cities within the radius match; countries are not points", "[near]") {
    using S = std::set<std::string>;
    CHECK(ids("near:kyiv~100km") == S{"kyiv"});
    CHECK(ids("near:kyiv~450km") == S{"kyiv", "kharkiv"});
    CHECK(ids("near:kyiv~600km") == S{"kyiv", "kharkiv", "lviv"});
    CHECK(ids("near:Kiev~600km") == S{"kyiv", "kharkiv", "lviv"});  // an alias of the city
    CHECK(ids("near:50.45,30.52~20km") == S{"kyiv"});
    CHECK(ids("near:50.45,30.52~20000m") == S{"kyiv"});
    CHECK(ids("near:kyiv~280mi") == S{"kyiv", "kharkiv"});
    CHECK(ids("near:paris~100km OR near:kyiv~10km") == S{"paris", "kyiv"});
    CHECK(ids("near:kyiv~600km -near:kyiv~100km") == S{"kharkiv", "lviv"});
    CHECK(ids("near:\"kyiv\"~100km") == S{"kyiv"});
    // Across the antimeridian and near a pole.
    CHECK(ids("near:-18,179.9~300km") == S{"fiji"});
    CHECK(ids("near:-17.9,-179.5~300km") == S{"fiji"});
    CHECK(ids("near:89,0~20000km").size() == 5);
}

TEST_CASE("near: sort by distance shows the distance of each hit", "[near]") {
    const auto r = search("near:kyiv~1000km", annals::SortOrder::Distance);
    REQUIRE(r.hits.size() == 3);
    CHECK(r.hits[0].article.id == "kyiv");
    CHECK(r.hits[1].article.id == "kharkiv");
    CHECK(r.hits[2].article.id == "lviv");
    REQUIRE(r.hits[0].distance_km);
    CHECK(*r.hits[0].distance_km < 1);
    CHECK(*r.hits[1].distance_km == Approx(410).margin(20));
    CHECK(*r.hits[2].distance_km == Approx(470).margin(20));
    CHECK(annals::to_json(r).find("\"distance_km\":") != std::string::npos);
    CHECK_FALSE(search("story").hits.front().distance_km);
    CHECK(annals::sort_order_from_string("distance") == annals::SortOrder::Distance);
}

TEST_CASE("near: a long-lived searcher's distance column finds and sorts as Xapian's distance source", "[near]") {
    // Articles naming up to three of a few dozen cities, some at nearly the
    // same distance from a centre, some on both sides of the antimeridian.
    static const char* const cities[] = {"Kyiv",   "Lviv",   "Kharkiv", "Odesa",    "Warsaw",    "Berlin",
                                         "Paris",  "London", "Madrid",  "Rome",     "Munich",    "Hamburg",
                                         "Vienna", "Prague", "Moscow",  "New York", "Boston",    "Chicago",
                                         "Tokyo",  "Sydney", "Suva",    "Nairobi",  "Lima",      "Reykjavik"};
    const ScratchDir dir("near-column");
    {
        std::mt19937 rng(11);
        auto archive = annals::Archive::open(dir.str());
        for (int i = 0; i < 400; ++i) {
            std::vector<annals::Entity> places;
            for (int n = static_cast<int>(rng() % 4); n > 0; --n) places.push_back(place(cities[rng() % 24], City::City));
            archive.add(article("a" + std::to_string(i), std::move(places)));
        }
        archive.remove("a7");  // a docid with no document
    }
    annals::Searcher kept(dir.str());
    annals::SearchRequest r;
    r.limit = 500;
    r.query = "near:kyiv~1km";
    kept.search(r);  // its first near: search reads the slot as a fresh one does
    // Radii 10 cm short of and past the farthest city within 420 km of Kyiv
    // (Kharkiv), as stored: the column draws the circle where Xapian does.
    const auto kyiv = place("Kyiv", City::City);
    char centre[64];
    std::snprintf(centre, sizeof centre, "near:%.17g,%.17g~", *kyiv.lat, *kyiv.lon);
    r.sort = annals::SortOrder::Distance;
    r.query = centre + std::string("420km");
    const double km = *annals::Searcher(dir.str()).search(r).hits.back().distance_km;
    CHECK(km == Approx(410).margin(20));
    const std::string short_of = centre + std::to_string(km - 0.0001) + "km", past = centre + std::to_string(km + 0.0001) + "km";
    for (const std::string& query : {short_of, past}) {
        r.query = query;
        const auto fresh = annals::Searcher(dir.str()).search(r), got = kept.search(r);
        CHECK(got.total == fresh.total);
        REQUIRE_FALSE(got.hits.empty());
        CHECK((*got.hits.back().distance_km == km) == (query == past));
    }
    for (const std::string query : {"near:kyiv~600km", "near:50.1,8.7~400km", "near:munich~30km", "near:boston~310km",
                                    "near:-18,179.9~300km", "near:89,0~20000km", "near:0,0~20040km",
                                    "near:paris~1000km story -near:london~50km", "near:tokyo~2mi OR near:lima~2mi"})
        for (const auto sort : {annals::SortOrder::Relevance, annals::SortOrder::Distance}) {
            INFO("query '" << query << "', sort " << int(sort));
            r.query = query;
            r.sort = sort;
            const auto fresh = annals::Searcher(dir.str()).search(r), got = kept.search(r);
            CHECK(got.total == fresh.total);
            REQUIRE(got.hits.size() == fresh.hits.size());
            for (std::size_t i = 0; i < got.hits.size(); ++i) {
                CHECK(got.hits[i].article.id == fresh.hits[i].article.id);
                CHECK(got.hits[i].distance_km == fresh.hits[i].distance_km);
            }
        }
}

TEST_CASE("near: explain shows the centre found and the radius typed", "[near]") {
    const std::string e = annals::Searcher(archive_path()).explain("near:\"new york\"~50mi war");
    CHECK_THAT(e, Catch::Contains("parsed: (AND near:\"new york\" (40.7") && Catch::Contains("~50mi war)"));
    CHECK_THAT(e, Catch::Contains("LatLongDistancePostingSource(slot=21)") && Catch::Contains("XL1:"));
}

TEST_CASE("near: errors name the query position", "[near]") {
    CHECK(error_position("war near:kyiv", "needs a radius") == 13);
    CHECK(error_position("war near:kyiv~300", "cannot read the radius '300'") == 14);
    CHECK(error_position("war near:kyiv~lots", "cannot read the radius") == 14);
    CHECK(error_position("war near:kyiv~0km", "must be above 0") == 14);
    CHECK(error_position("war near:\"new york\"~5parsecs", "cannot read the radius") == 20);
    CHECK(error_position("war near:qzxwv~5km", "unknown place 'qzxwv'") == 9);
    CHECK(error_position("war near:france~300km", "is a country or region, not a point") == 9);
    CHECK(error_position("war near:95,10~5km", "off the globe") == 9);
    CHECK(error_position("war near:~5km", "needs a place") == 9);
    CHECK_THROWS_WITH(search("story", annals::SortOrder::Distance), Catch::Contains("needs a near:"));
}

TEST_CASE("near: the covering cells hold every point inside the circle", "[near]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lat(-89.9, 89.9), lon(-180, 180), unit(0, 1);
    const auto& metric = geo::metric();
    for (int round = 0; round < 300; ++round) {
        const Xapian::LatLongCoord centre(lat(rng), lon(rng));
        const double radius = 1000 * (1 + 2000 * unit(rng) * unit(rng));
        const auto cells = geo::covering_cells(centre.latitude, centre.longitude, radius);
        const std::set<std::string> covered(cells.begin(), cells.end());
        if (covered.empty()) continue;  // no filter: every point passes
        for (int k = 0; k < 50; ++k) {
            // A point inside the circle: walk from the centre at a random bearing.
            const double d = radius * unit(rng) / 6372797.6, bearing = 2 * M_PI * unit(rng);
            const double p1 = centre.latitude * M_PI / 180, l1 = centre.longitude * M_PI / 180;
            const double p2 = std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(bearing));
            double l2 = l1 + std::atan2(std::sin(bearing) * std::sin(d) * std::cos(p1), std::cos(d) - std::sin(p1) * std::sin(p2));
            double lon2 = std::remainder(l2 * 180 / M_PI, 360.0);
            const Xapian::LatLongCoord point(p2 * 180 / M_PI, lon2);
            REQUIRE(metric(centre, point) <= radius * 1.0001);
            bool hit = false;
            for (const auto& t : geo::cell_terms(point.latitude, point.longitude)) hit = hit || covered.count(t);
            INFO("centre " << centre.latitude << "," << centre.longitude << " radius " << radius << " point "
                           << point.latitude << "," << point.longitude);
            CHECK(hit);
        }
    }
}

TEST_CASE("near: only cities and towns are points", "[near]") {
    CHECK(geo::is_point(place("Kyiv", City::City)));
    CHECK_FALSE(geo::is_point(place("Ukraine", City::Country)));
    annals::Entity unknown;
    unknown.type = annals::EntityType::Place;
    unknown.canonical = "Nowhere Farm";
    unknown.lat = 10;
    unknown.lon = 20;
    CHECK(geo::is_point(unknown));  // coordinates given by the record
    unknown.lat.reset();
    CHECK_FALSE(geo::is_point(unknown));
}
