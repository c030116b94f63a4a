// Tests of the built-in lexicon: gazetteer places, aliases, organisations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "extract/gazetteer.hpp"

using annals::EntityType;
using namespace annals::detail;

namespace {
bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

TEST_CASE("gazetteer: loads once, from several threads", "[gazetteer]") {
    // How fast it loads is for bench/, not for a unit test on a shared machine.
    const Lexicon* seen[4] = {};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&seen, i] { seen[i] = &Lexicon::get(); });
    for (auto& t : threads) t.join();
    for (auto* p : seen) CHECK(p == seen[0]);
}

TEST_CASE("gazetteer: countries, cities and subdivisions", "[gazetteer]") {
    const Lexicon& lex = Lexicon::get();
    auto kyiv = lex.places("kyiv");
    REQUIRE_FALSE(kyiv.empty());
    CHECK(kyiv[0].place->name == "Kyiv");
    CHECK(kyiv[0].place->country == "UA");
    CHECK(kyiv[0].place->geonames == 703448L);
    auto paris = lex.places("paris");
    REQUIRE(paris.size() >= 2);
    CHECK(paris[0].place->country == "FR");  // most populous first
    auto georgia = lex.places("georgia");
    bool country = false, state = false;
    for (const auto& c : georgia) {
        country = country || (c.place->kind == PlaceKind::Country && c.place->code == "GE");
        state = state || (c.place->kind == PlaceKind::Subdivision && c.place->code == "US-GA");
    }
    CHECK(country);
    CHECK(state);
    const PlaceRecord* gb = lex.country("GB");
    REQUIRE(gb);
    CHECK(gb->name == "United Kingdom");
    CHECK(gb->lat.has_value());
    const PlaceRecord* us = lex.country("US");
    REQUIRE(us);
    CHECK(us->name == "United States");
    const PlaceRecord* ru = lex.country("RU");
    REQUIRE(ru);
    CHECK(ru->name == "Russia");
}

TEST_CASE("gazetteer: curated aliases, regions, demonyms, titles", "[gazetteer]") {
    const Lexicon& lex = Lexicon::get();
    for (const char* k : {"britain", "u k", "uk", "great britain"}) {
        INFO(k);
        auto v = lex.places(k);
        REQUIRE_FALSE(v.empty());
        bool found = false;
        for (const auto& c : v) found = found || (c.curated && c.place->name == "United Kingdom");
        CHECK(found);
    }
    auto odesa = lex.places("odessa");
    REQUIRE_FALSE(odesa.empty());
    CHECK(lex.places("donbass").at(0).place->name == "Donbas");
    CHECK(lex.demonym("british") == std::optional<std::string>("GB"));
    CHECK(lex.demonym("ukrainians") == std::optional<std::string>("UA"));
    CHECK(lex.demonym("european") == std::optional<std::string>(""));
    CHECK_FALSE(lex.demonym("kyiv"));
    CHECK(lex.is_title("secretary of state"));
    CHECK(lex.is_title("rep"));
    CHECK(lex.is_first_name("Marco"));
    REQUIRE(lex.organization("u n"));
    CHECK(*lex.organization("u n") == "United Nations");
    CHECK(*lex.organization("un") == "United Nations");
    CHECK(*lex.organization("north atlantic treaty organization") == "NATO");
}

TEST_CASE("gazetteer: aliases_of lists other names", "[gazetteer]") {
    auto kyiv = aliases_of(EntityType::Place, "Kyiv");
    CHECK(contains(kyiv, "Kiev"));
    auto uk = aliases_of(EntityType::Place, "United Kingdom");
    for (const char* a : {"Britain", "UK", "U.K.", "Great Britain"}) CHECK(contains(uk, a));
    auto us = aliases_of(EntityType::Place, "United States");
    for (const char* a : {"U.S.", "US", "America"}) CHECK(contains(us, a));
    CHECK(contains(aliases_of(EntityType::Place, "Mumbai"), "Bombay"));
    CHECK(contains(aliases_of(EntityType::Organization, "NATO"), "North Atlantic Treaty Organization"));
    CHECK(contains(aliases_of(EntityType::Organization, "United Nations"), "U.N."));
    CHECK(aliases_of(EntityType::Place, "No Such Place Anywhere").empty());
    CHECK(aliases_of(EntityType::Person, "Marco Rubio").empty());
}

TEST_CASE("gazetteer: word prefixes of known names let taggers stop early", "[gazetteer]") {
    const Lexicon& lex = Lexicon::get();
    CHECK(lex.extends("new"));            // New York, New Delhi
    CHECK(lex.extends("north atlantic"));  // North Atlantic Treaty Organization
    CHECK(lex.extends("secretary of"));    // Secretary of State
    CHECK_FALSE(lex.extends("new york city hall council"));
    CHECK_FALSE(lex.extends("zzyzzx"));
    CHECK_FALSE(lex.extends(""));
}
