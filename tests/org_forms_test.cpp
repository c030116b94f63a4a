// Tests of organisations told by their form (extract/org_forms.hpp), through the
// whole extraction. The stories are made up.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "annals/extract.hpp"

using annals::Article;
using annals::EntityType;

namespace {

// (type, text) of every person, place and organisation mention of a body.
std::vector<std::pair<EntityType, std::string>> names(const std::string& body) {
    Article a;
    a.body = body;
    std::vector<std::pair<EntityType, std::string>> out;
    for (const auto& e : annals::Extractor().extract(a))
        if (e.type != EntityType::Date) out.emplace_back(e.type, e.text);
    return out;
}

bool has(const std::vector<std::pair<EntityType, std::string>>& found, EntityType type, const std::string& text) {
    for (const auto& [t, s] : found)
        if (t == type && s == text) return true;
    return false;
}

bool mentions(const std::vector<std::pair<EntityType, std::string>>& found, const std::string& text) {
    for (const auto& [t, s] : found)
        if (s == text) return true;
    return false;
}

}  // namespace

TEST_CASE("org_forms: a ticker in angle brackets follows a company and is no name itself", "[org_forms]") {
    const auto found = names("Morwen Valley Tools Inc <MVTL> said it would buy Quarry Lane Holdings Ltd <QLH.L> .");
    CHECK(has(found, EntityType::Organization, "Morwen Valley Tools Inc"));
    CHECK(has(found, EntityType::Organization, "Quarry Lane Holdings Ltd"));
    CHECK_FALSE(mentions(found, "MVTL"));
    CHECK_FALSE(mentions(found, "QLH"));
    CHECK_FALSE(mentions(found, "L"));
    // A headline in capitals too.
    const auto head = names("MORWEN VALLEY TOOLS INC <MVTL> SETS DIVIDEND");
    CHECK(has(head, EntityType::Organization, "MORWEN VALLEY TOOLS INC"));
    CHECK_FALSE(mentions(head, "MVTL"));
}

TEST_CASE("org_forms: a name in angle brackets is a company", "[org_forms]") {
    const auto found = names("Shares of <Brackenfield Fragrances Inc> rose after <Tarn Hollis> said it would bid .");
    CHECK(has(found, EntityType::Organization, "Brackenfield Fragrances Inc"));
    CHECK(has(found, EntityType::Organization, "Tarn Hollis"));
}

TEST_CASE("org_forms: a company suffix makes the capitalised words before it a company", "[org_forms]") {
    const auto found = names("Orders rose at Ellery & Pask Co and at Wendle Brakes Corp , the companies said .");
    CHECK(has(found, EntityType::Organization, "Ellery & Pask Co"));
    CHECK(has(found, EntityType::Organization, "Wendle Brakes Corp"));
    // "and" and "of" do not join two companies, or a person and one.
    const auto two = names("Analyst Mira Tull of Ostwold Banks Inc. said Kestrel Corp. and Lomond Ltd would gain .");
    CHECK_FALSE(mentions(two, "Mira Tull of Ostwold Banks Inc."));
    CHECK(has(two, EntityType::Organization, "Ostwold Banks Inc."));
    CHECK_FALSE(mentions(two, "Kestrel Corp. and Lomond Ltd"));
    // Nordic, Dutch, Australian and bank-holding forms.
    const auto more = names("Talvik Verken AB , Brennoy Fisk ASA , Arlo Paper Pty and Harlan Valley Bancorp "
                            "reported results on Tuesday .");
    CHECK(has(more, EntityType::Organization, "Talvik Verken AB"));
    CHECK(has(more, EntityType::Organization, "Brennoy Fisk ASA"));
    CHECK(has(more, EntityType::Organization, "Arlo Paper Pty"));
    CHECK(has(more, EntityType::Organization, "Harlan Valley Bancorp"));
}

TEST_CASE("org_forms: a name after a word for a kind of body is that body", "[org_forms]") {
    const auto found = names("The mineral water firm Vellowmere said sales rose . Vellowmere will hire staff .");
    CHECK(has(found, EntityType::Organization, "Vellowmere"));
    for (const auto& [t, s] : found)
        if (s == "Vellowmere") CHECK(t == EntityType::Organization);
    // A country after such a word stays a place: "the team Brazil" is Brazil.
    const auto team = names("Fans cheered the team Brazil sent to the finals .");
    CHECK(has(team, EntityType::Place, "Brazil"));
}

TEST_CASE("org_forms: a possessive inside a company's name belongs to it, also in its short form", "[org_forms]") {
    const auto found = names("Harlow Vance bid for Dunmore's Bancshares Inc. on Monday . Dunmore's was the prize , "
                             "and a rival bid for Dunmore's is likely .");
    CHECK(has(found, EntityType::Organization, "Dunmore's Bancshares Inc."));
    CHECK(has(found, EntityType::Organization, "Dunmore's"));
    CHECK_FALSE(mentions(found, "Dunmore"));
    CHECK_FALSE(mentions(found, "Bancshares Inc."));
    // A place's or a person's possessive stays theirs.
    const auto place = names("Britain's Hollander Plc said profits rose .");
    CHECK(has(place, EntityType::Place, "Britain"));
    CHECK(has(place, EntityType::Organization, "Hollander Plc"));
    const auto person = names("Warren Tolliver's Keswick Holdings Inc bought the stake .");
    CHECK_FALSE(mentions(person, "Warren Tolliver's Keswick Holdings Inc"));
    CHECK(has(person, EntityType::Organization, "Keswick Holdings Inc"));
}

TEST_CASE("org_forms: names before scores in a block of club results are clubs", "[org_forms]") {
    const auto clubs = names("English rugby union results on Saturday :\nOrrell 13 Bath 56\nSale 31 Wasps 33\n"
                             "Saracens 25 Leicester 23\nHarlequins 30 Bristol 12");
    for (const char* club : {"Sale", "Bristol", "Leicester", "Bath"}) {
        CHECK(has(clubs, EntityType::Organization, club));
        CHECK_FALSE(has(clubs, EntityType::Place, club));
    }
    // National teams are places: a block of them is left alone.
    const auto nations = names("World Cup qualifying results on Saturday :\nGermany 2 Italy 1\nSpain 0 France 0\n"
                               "England 3 Wales 1");
    for (const char* country : {"Germany", "Italy", "Spain", "France", "England"})
        CHECK(has(nations, EntityType::Place, country));
}

TEST_CASE("org_forms: commas stay inside a company's name that ends on its suffix", "[org_forms]") {
    const auto found = names("The notes were sold by Kalf, Voorhis & Co. and by Ferris, Baker Watts, Inc. on Tuesday.");
    CHECK(has(found, EntityType::Organization, "Kalf, Voorhis & Co."));
    CHECK(has(found, EntityType::Organization, "Ferris, Baker Watts, Inc."));
    CHECK_FALSE(mentions(found, "Kalf"));
}

TEST_CASE("org_forms: a company named with its suffix goes by its bare name in the rest of the story",
          "[org_forms]") {
    const auto found = names(
        "Shares of packaging company Velmora S.A. fell sharply on Friday .\n"
        "Velmora said first-half sales rose , and Velmora 's chief executive Tomas Brenner told reporters "
        "he regarded Velmora GDRs as cheap .\n"
        "Arvada Tooling Inc said it would open a plant in Arvada next year .");
    CHECK(has(found, EntityType::Organization, "Velmora S.A."));
    int bare = 0;
    for (const auto& [t, s] : found) {
        INFO(s);
        CHECK(s != "Velmora GDRs");
        if (s == "Velmora") {
            CHECK(t == EntityType::Organization);
            ++bare;
        }
    }
    CHECK(bare == 3);
    CHECK(has(found, EntityType::Person, "Tomas Brenner"));
    // Only the whole bare name: the town a company is named after stays a town.
    CHECK(has(found, EntityType::Organization, "Arvada Tooling Inc"));
    CHECK(has(found, EntityType::Place, "Arvada"));
}
