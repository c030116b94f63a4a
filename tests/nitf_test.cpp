#include <catch2/catch.hpp>

#include <algorithm>

#include "ingest/nitf.hpp"
#include "read_all.hpp"

using annals::Article;

namespace {
const std::string kDir = std::string(ANNALS_TEST_FIXTURES) + "/nitf";

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST_CASE("nitf: a full document gives every field", "[ingest]") {
    const Collected c = read_all(kDir + "/story.xml");
    REQUIRE(c.rejects.empty());
    REQUIRE(c.articles.size() == 1);
    const Article& a = c.articles[0];
    CHECK(a.id == "ledger-2024-0412-017");
    CHECK(a.title == "Rotterdam approves harbour dredging after months of delay");
    CHECK(a.authors == std::vector<std::string>{"Claire Dubois", "Samuel Okoro"});
    CHECK(a.dateline == "ROTTERDAM, Netherlands");
    CHECK(a.published == "2024-04-12T09:15:00+02:00");
    CHECK(a.publication == "The Harbour Ledger");
    CHECK(a.categories == std::vector<std::string>{"Economy, Business and Finance", "Politics"});
    CHECK(a.body.rfind("The Port Authority of Rotterdam on Friday approved a plan to deepen the main shipping channel", 0) == 0);
    CHECK(a.body.find("\n\n\xE2\x80\x9CWe have waited long enough,\xE2\x80\x9D said Amara Okafor") != std::string::npos);
    CHECK(a.body.find("\n\nCosts\n\nThe work will cost 120\xC2\xA0million euros") != std::string::npos);
    CHECK(a.body.find("a caf\xC3\xA9 owners' petition.") != std::string::npos);  // the DTD's HTML entities
    CHECK(a.body.find("dredger off") == std::string::npos);  // captions are not text
    CHECK(a.people == std::vector<std::string>{"Amara Okafor"});  // byline people are authors
    CHECK(a.organizations == std::vector<std::string>{"Port Authority of Rotterdam"});
    CHECK(has(a.places, "Rotterdam"));
    CHECK(has(a.places, "The Hague"));
    CHECK(has(a.places, "ROTTERDAM, Netherlands"));
    CHECK(a.language == "en-US");
}

TEST_CASE("nitf: declared encoding, basic dates and a plain byline", "[ingest]") {
    const Collected c = read_all(kDir + "/minimal.nitf");
    REQUIRE(c.articles.size() == 1);
    const Article& a = c.articles[0];
    CHECK(a.title == "Caf\xC3\xA9 owners in M\xC3\xBCnster brace for the millennium");
    CHECK(a.published == "1999-12-31");
    CHECK(a.authors == std::vector<std::string>{"JANE ROE"});
    CHECK(a.body == "Owners expect a busy night.");
    CHECK_FALSE(a.id.empty());  // derived
}

TEST_CASE("nitf: malformed XML is rejected at its line", "[ingest]") {
    const Collected c = read_all(kDir + "/broken.xml");
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0].rfind(kDir + "/broken.xml:10: XML error", 0) == 0);
}

TEST_CASE("nitf: XML that is not NITF is rejected, never guessed into an article", "[ingest]") {
    const Collected c = read_all(kDir + "/feed.xml");
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0] == kDir + "/feed.xml:1: XML document with root element <rss>, not NITF (whose root is <nitf>): not read");
}

TEST_CASE("nitf: a folder of NITF files keeps the good ones", "[ingest]") {
    const Collected c = read_all(kDir);
    CHECK(c.articles.size() == 2);  // minimal.nitf, story.xml
    CHECK(c.rejects.size() == 2);   // broken.xml, feed.xml
}

TEST_CASE("nitf: the root element is found after prolog, comments and DOCTYPE", "[ingest]") {
    using annals::detail::xml_root_name;
    CHECK(xml_root_name("<?xml version=\"1.0\"?>\n<!-- x -->\n<!DOCTYPE nitf [ <!ENTITY a \"b\"> ]>\n<nitf>") == "nitf");
    CHECK(xml_root_name("\xEF\xBB\xBF<rss version=\"2.0\">") == "rss");
    CHECK(xml_root_name("just text").empty());
    CHECK(annals::format_from_string("nitf") == annals::Format::Nitf);
}
