#include <catch2/catch.hpp>

#include <fstream>

#include "ingest/reuters.hpp"
#include "read_all.hpp"
#include "scratch.hpp"

using annals::Article;

namespace {
const std::string kSample = std::string(ANNALS_TEST_FIXTURES) + "/reuters/sample.sgm";
}

TEST_CASE("reuters: one article per REUTERS element, with its fields", "[ingest]") {
    const Collected c = read_all(kSample);
    REQUIRE(c.articles.size() == 4);
    const Article& a = c.articles[0];
    CHECK(a.id == "reuters-101");
    CHECK(a.title == "U.S. WHEAT SHIPMENTS TO <SAN SALVADOR> MILLS RISE");
    CHECK(a.published == "1987-03-14T09:12:45");
    CHECK(a.dateline == "WASHINGTON");
    CHECK(a.publication == "Reuters");
    CHECK(a.categories == std::vector<std::string>{"grain", "wheat"});
    CHECK(a.places == std::vector<std::string>{"United States", "El Salvador"});
    CHECK(a.people == std::vector<std::string>{"James Baker"});
    CHECK(a.organizations == std::vector<std::string>{"OPEC"});
    // Hard-wrapped lines joined, indented lines start paragraphs, entities decoded, sign-off gone.
    CHECK(a.body ==
          "Wheat shipments to the mills of <Molinos Unidos> in El Salvador rose sharply last week, the Agriculture "
          "Department said.\n\nTreasury Secretary James Baker said the rise reflected lower freight rates & easier "
          "credit.");
    CHECK(c.where[0].line == 2);
    CHECK(a.extra.at("reuters") == R"({"topics":"YES","lewissplit":"TRAIN","cgisplit":"TRAINING-SET","oldid":"9001"})");
}

TEST_CASE("reuters: a brief is kept by its title, without the filler text", "[ingest]") {
    const Collected c = read_all(kSample);
    REQUIRE(c.articles.size() >= 2);
    const Article& a = c.articles[1];
    CHECK(a.id == "reuters-102");
    CHECK(a.title == "BANK OF ENGLAND PROVIDES 120 MLN STG ASSISTANCE");
    CHECK(a.body.empty());
    // Wire codes after the date are dropped before it is read.
    CHECK(a.published == "1987-03-14T09:20:01");
    CHECK(a.places == std::vector<std::string>{"United Kingdom"});
}

TEST_CASE("reuters: an unprocessed story takes its first line as title", "[ingest]") {
    const Collected c = read_all(kSample);
    REQUIRE(c.articles.size() >= 3);
    const Article& a = c.articles[2];
    CHECK(a.id == "reuters-104");
    CHECK(a.title == "WEEKLY RESERVES REPORT - APR 2");
    CHECK(a.published == "1987-04-02T16:45:00");
    CHECK(a.body.find("Net free reserves") != std::string::npos);
    CHECK(a.body.find("Reuter") == std::string::npos);
}

TEST_CASE("reuters: a stray Latin-1 byte and control references are decoded", "[ingest]") {
    const Collected c = read_all(kSample);
    REQUIRE(c.articles.size() == 4);
    const Article& a = c.articles[3];
    CHECK(a.id == "reuters-105");
    CHECK(a.body == "The Bundesbank left its rates unchanged, said a spokesman in M\xC3\xBCnster.");
    CHECK(a.places == std::vector<std::string>{"West Germany"});
    CHECK(a.dateline == "FRANKFURT");
}

TEST_CASE("reuters: a bad story is rejected at its line and the others are kept", "[ingest]") {
    const Collected c = read_all(kSample);
    CHECK(c.articles.size() == 4);
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0] == kSample + ":43: <REUTERS> element without a NEWID attribute");
}

TEST_CASE("reuters: a file without REUTERS elements is rejected, not read as one article", "[ingest]") {
    ScratchDir dir("reuters-none");
    std::filesystem::create_directories(dir.path);
    const std::string path = (dir.path / "notes.sgm").string();
    std::ofstream(path) << "<DOC><TEXT>Some other SGML.</TEXT></DOC>\n";
    const Collected c = read_all(path);
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0] == path + ":1: no <REUTERS> element: not a Reuters-21578 SGML file");
}

TEST_CASE("reuters: a story cut off before its end tag is rejected", "[ingest]") {
    const std::string text =
        "<REUTERS NEWID=\"1\">\n<TEXT><TITLE>ONE</TITLE><BODY>First.</BODY></TEXT>\n"
        "<REUTERS NEWID=\"2\">\n<TEXT><TITLE>TWO</TITLE><BODY>Second.</BODY></TEXT>\n</REUTERS>\n";
    const auto records = annals::detail::split_reuters(text);
    REQUIRE(records.size() == 2);
    CHECK(records[1].line == 3);
    CHECK_THROWS_WITH(annals::detail::parse_reuters(records[0].text),
                      Catch::EndsWith(": <REUTERS> element without its </REUTERS>"));
    CHECK(annals::detail::parse_reuters(records[1].text).title == "TWO");
}

TEST_CASE("reuters: the format is named reuters or sgm", "[ingest]") {
    CHECK(annals::format_from_string("reuters") == annals::Format::Reuters);
    CHECK(annals::format_from_string("sgm") == annals::Format::Reuters);
}
