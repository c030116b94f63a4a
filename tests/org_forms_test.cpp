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
