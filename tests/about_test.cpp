// Tests of the countries a story is about (Article::about_countries, extract/about.hpp)
// and of the about_country field and facet.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "annals/archive.hpp"
#include "annals/extract.hpp"
#include "annals/json.hpp"
#include "annals/search.hpp"
#include "extract/about.hpp"
#include "scratch.hpp"

using annals::Article;
using annals::Field;
using annals::detail::CountryEvidence;
using Kind = annals::detail::CountryEvidence::Kind;

namespace {

std::vector<std::string> about(const std::string& title, const std::string& body, const std::string& dateline = "") {
    Article a;
    a.title = title;
    a.body = body;
    a.dateline = dateline;
    annals::Extractor().annotate(a);
    return a.about_countries;
}

}  // namespace

TEST_CASE("about: the dateline's country leads a story that names no other", "[about]") {
    CHECK(about("Ecolab sets quarterly dividend", "Ecolab Inc said its board declared a dividend of 20 cts a share.",
                "MINNEAPOLIS, Minn., March 2") == std::vector<std::string>{"US"});
    CHECK(about("Grain board raises forecast", "The board said wheat exports would rise this season.",
                "BUENOS AIRES, Feb 26") == std::vector<std::string>{"AR"});
    // A dateline that opens the body counts the same.
    CHECK(about("Profits rise", "TOKYO (Reuters) - The company said profits rose in the first half.") ==
          std::vector<std::string>{"JP"});
}

TEST_CASE("about: demonyms and national bodies count for their country", "[about]") {
    // No place at all: the adjective says where the story is.
    CHECK(about("Argentine grain board buys wheat", "The Argentine grain board bought wheat on Tuesday.") ==
          std::vector<std::string>{"AR"});
    // The Bundesbank is German, the Knesset Israeli.
    CHECK(about("Bundesbank leaves rates unchanged", "The Bundesbank left its discount rate unchanged.") ==
          std::vector<std::string>{"DE"});
    CHECK(about("Vote in the Knesset", "The Knesset voted on the budget late on Monday.") ==
          std::vector<std::string>{"IL"});
}

TEST_CASE("about: a country named once in passing is not what the story is about", "[about]") {
    const auto top = about("Japan trade surplus widens",
                           "Japan's trade surplus widened in January, the Finance Ministry in Tokyo said. Exports "
                           "to the United States rose. Japanese officials said the surplus with Japan's Asian "
                           "neighbours also grew, and economists in Tokyo expect Japan's surplus to widen further.",
                           "TOKYO, March 2");
    REQUIRE_FALSE(top.empty());
    CHECK(top.front() == "JP");
    CHECK(std::find(top.begin(), top.end(), "US") == top.end());
}

TEST_CASE("about: two countries of equal weight are both the story's, the first named first", "[about]") {
    const auto top = about("France and Germany agree on farm prices",
                           "France and Germany agreed on farm prices. Paris and Bonn will present the plan.");
    CHECK(top == std::vector<std::string>{"FR", "DE"});
    CHECK(about("Shares mixed", "Shares were mixed in quiet trade.").empty());
}

TEST_CASE("about: rank_countries weighs by place, with diminishing repeats", "[about]") {
    using annals::detail::rank_countries;
    using annals::detail::top_countries;
    // The dateline (3) outweighs one headline mention (2); a body mention far in (1)
    // counts less than one in the lead (1.5); a demonym 0.6 of a place there.
    std::vector<CountryEvidence> ev = {
        {Kind::Dateline, "US", Field::Dateline, 0}, {Kind::Place, "JP", Field::Title, 0},
        {Kind::Place, "GB", Field::Body, 10},       {Kind::Place, "FR", Field::Body, 900},
        {Kind::Demonym, "DE", Field::Body, 20},
    };
    const auto r = rank_countries(ev, 400);
    REQUIRE(r.size() == 5);
    CHECK(r[0].country == "US");
    CHECK(r[0].score == Approx(3.0));
    CHECK(r[1].country == "JP");
    CHECK(r[2].country == "GB");
    CHECK(r[2].score == Approx(1.5));
    CHECK(r[3].country == "FR");
    CHECK(r[4].country == "DE");
    CHECK(r[4].score == Approx(0.9));
    CHECK(top_countries(r) == std::vector<std::string>{"US", "JP", "GB"});
    // Ten body mentions of one country: less than ten times one.
    std::vector<CountryEvidence> many(10, {Kind::Place, "CA", Field::Body, 1000});
    const double ten = rank_countries(many, 400)[0].score;
    CHECK(ten > 3.0);
    CHECK(ten < 6.0);
    CHECK(top_countries({}).empty());
}

TEST_CASE("about: the lead ends at the first paragraph or the first sentence past 200 bytes", "[about]") {
    using annals::detail::lead_end;
    CHECK(lead_end("Short lead.\n\nMore text.") == 11);
    const std::string long_sentence(250, 'a');
    CHECK(lead_end(long_sentence + ". Next sentence.") == 251);
    CHECK(lead_end(std::string(1000, 'b')) == 600);
}

TEST_CASE("about: about_countries goes through JSON and is replaced by extraction", "[about]") {
    Article a = annals::article_from_json(
        R"({"title":"Bundesbank leaves rates unchanged","body":"The Bundesbank held rates.","about_countries":["FR"]})");
    CHECK(a.about_countries == std::vector<std::string>{"FR"});
    CHECK(a.extra.empty());
    annals::Extractor().annotate(a);
    CHECK(a.about_countries == std::vector<std::string>{"DE"});
    const std::string json = annals::to_json(a);
    CHECK(json.find(R"("about_countries":["DE"],"entities":[)") != std::string::npos);
    CHECK(annals::article_from_json(json).about_countries == a.about_countries);
}

TEST_CASE("about: the about_country field and facet count the countries each story is about", "[about]") {
    const ScratchDir dir("about");
    {
        auto archive = annals::Archive::open(dir.str());
        annals::Extractor ex;
        auto add = [&](const std::string& id, const std::string& title, const std::string& body, const std::string& dl) {
            Article a;
            a.id = id;
            a.title = title;
            a.body = body;
            a.dateline = dl;
            ex.annotate(a);
            archive.add(a);
        };
        // Mentions the US in passing; about Argentina.
        add("a1", "Argentine grain board buys wheat", "The grain board bought wheat, traders said. "
            "Some of it came from Rosario and Bahia Blanca; the United States also sold some.", "BUENOS AIRES, Feb 26");
        add("a2", "Wheat prices rise in Chicago", "Wheat futures rose in Chicago on Tuesday.", "CHICAGO, Feb 26");
        archive.commit();
    }
    annals::Searcher searcher(dir.str());
    annals::SearchRequest req;
    req.query = "country:us";
    CHECK(searcher.search(req).total == 2);
    req.query = "about_country:us";
    CHECK(searcher.search(req).total == 1);
    req.query = "about:argentina";
    CHECK(searcher.search(req).total == 1);
    req.query = "";
    req.facets = {"about_country", "country"};
    const auto res = searcher.search(req);
    REQUIRE(res.facets.size() == 2);
    const auto& about_facet = res.facets[0].second;
    REQUIRE(about_facet.size() == 2);
    CHECK(about_facet[0].value == "AR");
    CHECK(about_facet[0].count == 1);
    CHECK(about_facet[1].value == "US");
    CHECK(about_facet[1].count == 1);
    const auto& country_facet = res.facets[1].second;
    REQUIRE_FALSE(country_facet.empty());
    CHECK(country_facet[0].value == "US");
    CHECK(country_facet[0].count == 2);
}
