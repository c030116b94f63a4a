#include <catch2/catch.hpp>

#include "scratch.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "annals/json.hpp"

namespace fs = std::filesystem;
using annals::Article;

namespace {

const std::string kFixtures = ANNALS_TEST_FIXTURES;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Collected {
    std::vector<Article> articles;
    std::vector<annals::SourceLocation> where;
    std::vector<std::string> rejects;
};

Collected read_all(const std::string& path, annals::ReadOptions options = {}) {
    Collected c;
    annals::read_articles(
        path, options,
        [&](Article&& a, const annals::SourceLocation& l) {
            c.articles.push_back(std::move(a));
            c.where.push_back(l);
        },
        [&](const annals::InputError& e) { c.rejects.push_back(e.what()); });
    return c;
}

bool starts(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }
bool ends(const std::string& s, std::string_view p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

fs::path temp_dir() {
    static ScratchDir dir("ingest");  // removed when the tests end
    fs::create_directories(dir.path);
    return dir.path;
}

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("ingest: the seed page yields headline, metadata and a clean body", "[ingest]") {
    Article a = annals::parse_page(slurp(kFixtures + "/seed.txt"));
    CHECK(a.title == "US demands peace deal before security guarantees for Ukraine");
    CHECK(a.published == "2025-11-27T09:22:00");
    CHECK(a.dateline == "London, UK");
    CHECK(a.publication == "Lord's Press");
    CHECK(a.authors == std::vector<std::string>{"LP Staff Writers"});
    CHECK(a.contributors == std::vector<std::string>{"Gigi Ewing", "Diana Nerozzi"});
    CHECK(starts(a.body, "Secretary of State Marco Rubio has told European allies"));
    CHECK(ends(a.body, "full of holes.\u201d"));
    for (const char* chrome : {"Humidity", "Condition:", "Wind Speed", "contributed to this report", "LP Staff Writers",
                               "Writers at", "Categories", "Newsletter", "Sponsors", "Privacy", "cookies", "11.3"})
        CHECK(a.body.find(chrome) == std::string::npos);
    CHECK(a.body.find("\n\nThat condition has underscored") != std::string::npos);
    CHECK(a.body.find("\n\n\n") == std::string::npos);
}

TEST_CASE("ingest: saved page with byline, navigation and copyright footer", "[ingest]") {
    Article a = annals::parse_page(slurp(kFixtures + "/pages/harbour_byline.txt"));
    CHECK(a.title == "Harbour authority approves dredging plan despite fishermen's objections");
    CHECK(a.authors == std::vector<std::string>{"Jane Doe", "John Roe"});
    CHECK(a.published == "2024-03-14T10:45:00");
    CHECK(a.publication == "The Coastal Ledger");
    CHECK(a.dateline == "Southport");
    CHECK(starts(a.body, "SOUTHPORT \u2014 The regional harbour authority voted"));
    CHECK(ends(a.body, "last about eighteen months."));
    CHECK(a.body.find("Advertisement") == std::string::npos);
    CHECK(a.body.find("Share") == std::string::npos);
}

TEST_CASE("ingest: saved page keeps sub-headings in the body", "[ingest]") {
    Article a = annals::parse_page(slurp(kFixtures + "/pages/council_subheads.txt"));
    CHECK(a.title == "City council unveils budget with cuts to libraries and new bus lanes");
    CHECK(a.published == "2024-06-03T07:30:00");
    CHECK(a.publication == "Riverside Daily News");
    CHECK(a.contributors == std::vector<std::string>{"Sam Patel", "Lucia Moreno"});
    CHECK(starts(a.body, "The city council on Monday published a draft budget"));
    CHECK(ends(a.body, "before a final vote on June 28."));
    CHECK(a.body.find("\n\nWhat is being cut\n\nEleven") != std::string::npos);
    CHECK(a.body.find("What happens next") != std::string::npos);
    CHECK(a.body.find("Tags") == std::string::npos);
    CHECK(a.body.find("Reporting by") == std::string::npos);
}

TEST_CASE("ingest: saved page with author box after the text and a cookie banner", "[ingest]") {
    Article a = annals::parse_page(slurp(kFixtures + "/pages/vineyard_bio.txt"));
    CHECK(a.title == "Early harvest as growers race to beat autumn storms");
    CHECK(a.published == "2024-09-19T16:05:00+02:00");
    CHECK(a.dateline == "Bordeaux, France");
    CHECK(a.authors == std::vector<std::string>{"Pierre Lavaud"});
    CHECK(starts(a.body, "Growers across the Bordeaux region"));
    CHECK(ends(a.body, "before committing."));
    CHECK(a.body.find("correspondent") == std::string::npos);
}

TEST_CASE("ingest: saved page with chrome above the headline and a role in the byline", "[ingest]") {
    Article a = annals::parse_page(slurp(kFixtures + "/pages/notice_top.txt"));
    CHECK(a.title == "Volunteers clear tonnes of plastic from river banks after floods");
    CHECK(a.authors == std::vector<std::string>{"Amira Hassan"});
    CHECK(a.contributors == std::vector<std::string>{"Gemma Watts"});
    CHECK(a.published == "2025-01-05T14:15:00");
    CHECK(starts(a.body, "More than four hundred volunteers"));
    CHECK(ends(a.body, "deal with it at source.\""));
    CHECK(a.body.find("A look at what was found") != std::string::npos);
}

TEST_CASE("ingest: plain article text, headline first", "[ingest]") {
    Article a = annals::parse_page(slurp(kFixtures + "/pages/bbc_plain.txt"));
    CHECK(a.title == "Chip maker reports surge in quarterly profit");
    CHECK(a.authors.empty());
    CHECK(a.published.empty());
    CHECK(starts(a.body, "Shares in the chip maker rose 8%"));
    CHECK(ends(a.body, "spending on new servers was slowing."));
    CHECK(std::count(a.body.begin(), a.body.end(), '\n') == 6);
}

TEST_CASE("ingest: HTML with JSON-LD NewsArticle", "[ingest]") {
    Article a = annals::parse_html(slurp(kFixtures + "/html/jsonld_article.html"));
    CHECK(a.title == "Rail strike called off after late-night talks");
    CHECK(a.published == "2024-10-02T06:15:00Z");
    CHECK(a.publication == "Northern Courier");
    CHECK(a.authors == std::vector<std::string>{"Olivia Grant", "Marcus Lee"});
    CHECK(a.categories == std::vector<std::string>{"Transport", "Business"});
    CHECK(starts(a.body, "A national rail strike planned for Thursday"));
    CHECK(a.body.find("\n\nPay offer improved\n\n") != std::string::npos);
    CHECK(a.body.find("officials said & confirmed") != std::string::npos);
    CHECK(ends(a.body, "\u201cThis is a fair result for our members,\u201d said the union\u2019s general secretary."));
    for (const char* chrome : {"Home", "Share", "Related", "rights reserved", "not text", "color"})
        CHECK(a.body.find(chrome) == std::string::npos);
}

TEST_CASE("ingest: HTML without article element uses the largest text block", "[ingest]") {
    Article a = annals::parse_html(slurp(kFixtures + "/html/plain_divs.html"));
    CHECK(a.title == "Museum returns bronze figures to Nigeria");
    CHECK(a.authors == std::vector<std::string>{"Ruth Adeyemi"});
    CHECK(a.published == "2023-12-11T09:00:00+01:00");
    CHECK(starts(a.body, "A European museum has handed back twenty bronze figures"));
    CHECK(ends(a.body, "repairing a historic wrong."));
    CHECK(a.body.find("Most read") == std::string::npos);
    CHECK(a.body.find("World") == std::string::npos);
    CHECK(a.body.find("newsletter") == std::string::npos);
}

TEST_CASE("ingest: JSONL with a malformed line delivers the good ones", "[ingest]") {
    const std::string file = kFixtures + "/json/mixed.jsonl";
    auto c = read_all(file);
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].id == "a1");
    CHECK(c.articles[0].published == "2024-01-02");
    CHECK(c.where[0].line == 1);
    CHECK(c.where[1].line == 4);
    CHECK(c.articles[1].id == annals::derive_id(Article{.title = c.articles[1].title, .body = c.articles[1].body}));
    REQUIRE(c.rejects.size() == 1);
    CHECK(starts(c.rejects[0], file + ":2: column 32: expected '}' or ',' in object"));
}

TEST_CASE("ingest: unknown fields survive a round trip", "[ingest]") {
    auto c = read_all(kFixtures + "/json/mixed.jsonl");
    REQUIRE(c.articles.size() == 2);
    const Article& a = c.articles[1];
    REQUIRE(a.extra.count("x_source"));
    CHECK(a.extra.at("x_source") == R"({"feed": "wire",  "rank": [1, 2]})");
    std::string out = annals::to_json(a);
    CHECK(out.find(R"("x_source":{"feed": "wire",  "rank": [1, 2]})") != std::string::npos);
    Article back = annals::article_from_json(out);
    CHECK(back == a);
}

TEST_CASE("ingest: to_json writes fields in order, entities last", "[ingest]") {
    Article a;
    a.id = "x";
    a.title = "T";
    a.body = "B \"q\"";
    a.published = "2025-11-27";
    a.authors = {"A"};
    a.extra["zz"] = "1";
    annals::Entity e;
    e.type = annals::EntityType::Place;
    e.start = 0;
    e.end = 1;
    e.text = "B";
    e.canonical = "Bee";
    e.country = "GB";
    e.lat = 50.45;
    e.lon = 30.52;
    a.entities.push_back(e);
    CHECK(annals::to_json(a) ==
          R"({"id":"x","title":"T","published":"2025-11-27","authors":["A"],"body":"B \"q\"","zz":1,)"
          R"("entities":[{"type":"place","field":"body","start":0,"end":1,"text":"B","canonical":"Bee","country":"GB","lat":50.45,"lon":30.52}]})");
    CHECK(annals::article_from_json(annals::to_json(a)) == a);
    CHECK(annals::to_json(a, {.entities = false}).find("entities") == std::string::npos);
}

TEST_CASE("ingest: article_from_json rejects with field and position", "[ingest]") {
    auto reason = [](std::string_view j) {
        try {
            annals::article_from_json(j);
        } catch (const annals::InputError& e) {
            return e.reason();
        }
        return std::string("no error");
    };
    CHECK(reason(R"({"title": "x", "published": "yesterday-ish"})") == "column 29: published: not a date: \"yesterday-ish\"");
    CHECK(reason(R"({"title": 5})") == "column 11: title: expected a string, found a number");
    CHECK(reason(R"({"id": "x"})").find("neither title nor body") != std::string::npos);
    CHECK(reason("[1]").find("expected a JSON object") != std::string::npos);
    CHECK(annals::article_from_json(R"({"title": "t", "published": "Thursday, November 27, 2025 9:22 AM"})").published ==
          "2025-11-27T09:22:00");
}

TEST_CASE("ingest: JSON arrays report each element's line", "[ingest]") {
    const std::string file = kFixtures + "/json/array.json";
    auto c = read_all(file);
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].id == "b1");
    CHECK(c.where[0].line == 2);
    CHECK(c.articles[1].id == "b3");
    CHECK(c.where[1].line == 4);
    CHECK(c.articles[1].authors == std::vector<std::string>{"Single Author"});
    REQUIRE(c.rejects.size() == 1);
    CHECK(starts(c.rejects[0], file + ":3: column 51: published: not a date"));
}

TEST_CASE("ingest: directories are read recursively in name order", "[ingest]") {
    auto c = read_all(kFixtures + "/json/tree");
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].id == "t1");
    CHECK(c.articles[1].id == "t2");
    CHECK(c.rejects.empty());
    CHECK_THROWS_AS(read_all(kFixtures + "/json/no-such-dir"), annals::InputError);
}

TEST_CASE("ingest: files of a directory whose format is unknown are counted in one warning", "[ingest]") {
    // Regression: a directory of 990 .html.gz pages indexed nothing, said nothing and exited 0.
    const fs::path d = temp_dir() / "mixed";
    fs::create_directories(d / "sub");
    write(d / "a.jsonl", "{\"title\": \"one\"}\n");
    write(d / "b.html.gz", "\x1f\x8b");
    write(d / "sub" / "c.gz", "\x1f\x8b");
    write(d / "README", "notes");
    annals::ReadOptions options;
    std::vector<std::string> warnings;
    options.warn = [&](const annals::InputError& e) { warnings.push_back(e.what()); };
    std::size_t articles = 0;
    annals::read_articles(
        d.string(), options, [&](Article&&, const annals::SourceLocation&) { ++articles; },
        [&](const annals::InputError& e) { FAIL(e.what()); });
    CHECK(articles == 1);
    CHECK(warnings ==
          std::vector<std::string>{d.string() + ": 3 files skipped: format not known by extension (.gz: 2, no extension: 1)"});
    // A format given for the run reads every file as that: nothing is skipped.
    warnings.clear();
    options.format = annals::Format::JsonLines;
    std::size_t rejected = 0;
    articles = 0;
    annals::read_articles(
        d.string(), options, [&](Article&&, const annals::SourceLocation&) { ++articles; },
        [&](const annals::InputError&) { ++rejected; });
    CHECK(warnings.empty());
    CHECK(articles == 1);
    CHECK(rejected == 3);  // not JSON
}

TEST_CASE("ingest: invalid UTF-8 in JSON, binary and oversized input are rejected", "[ingest]") {
    fs::path d = temp_dir();
    write(d / "bad.jsonl", "{\"title\": \"ok\"}\n{\"title\": \"caf\xe9\"}\n{\"title\": \"ok too\"}\n");
    auto c = read_all((d / "bad.jsonl").string());
    CHECK(c.articles.size() == 2);
    REQUIRE(c.rejects.size() == 1);
    CHECK(starts(c.rejects[0], (d / "bad.jsonl").string() + ":2: column 15: invalid UTF-8"));

    write(d / "bad.json", "[{\"title\": \"caf\xe9\"}]");
    c = read_all((d / "bad.json").string());
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0].find(":1: invalid UTF-8 (byte 0xE9 at column 16)") != std::string::npos);

    write(d / "page.txt", std::string("Headline here\n\nText with a NUL\0 byte.\n", 37));
    c = read_all((d / "page.txt").string());
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(starts(c.rejects[0], (d / "page.txt").string() + ":3: binary data (NUL byte at column 16)"));

    std::string binary("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
    for (int i = 0; i < 100; ++i) binary += std::string("\0\x01\x02\n", 4);
    write(d / "blob.jsonl", binary);
    c = read_all((d / "blob.jsonl").string());
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0].find("binary") != std::string::npos);

    write(d / "big.jsonl", "{\"title\": \"" + std::string(5000, 'x') + "\"}\n");
    annals::ReadOptions small;
    small.max_bytes = 1000;
    c = read_all((d / "big.jsonl").string(), small);
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0].find("larger than the limit") != std::string::npos);

    // JSON Lines are streamed: the limit is per line, not per file.
    std::string many;
    for (int i = 0; i < 200; ++i) many += "{\"title\": \"Line " + std::to_string(i) + "\"}\n";
    write(d / "many.jsonl", many);
    c = read_all((d / "many.jsonl").string(), small);
    CHECK(c.rejects.empty());
    REQUIRE(c.articles.size() == 200);
    CHECK(c.articles[199].title == "Line 199");
    CHECK(c.where[199].line == 200);
    fs::remove_all(d);
}

TEST_CASE("ingest: a Latin-1 .txt article is read, not rejected", "[ingest]") {
    auto c = read_all(kFixtures + "/pages/latin1_notice.txt");
    CHECK(c.rejects.empty());
    REQUIRE(c.articles.size() == 1);
    const Article& a = c.articles[0];
    CHECK(a.title == "Station caf\u00e9 in Sainte-Aur\u00e9lie reopens two years after fire");
    CHECK(a.authors == std::vector<std::string>{"H\u00e9l\u00e8ne M\u00fcller"});
    CHECK(a.published == "2024-05-14T08:30:00");
    CHECK(a.publication == "The Valley Courier");
    CHECK(a.body ==
          "The caf\u00e9 at Sainte-Aur\u00e9lie station reopened on Tuesday morning, two years after a fire "
          "gutted the building in March 2022.\n\n"
          "The new owners, Zo\u00eb and Fran\u00e7ois Lef\u00e8vre, kept the oak counter and the original "
          "mirrors but rebuilt the kitchen from scratch at a cost of \u00a3180,000.\n\n"
          "\"Regulars asked us every week when they could have their table by the window back,\" said "
          "Zo\u00eb Lef\u00e8vre, who grew up two streets away in B\u00e4renfeld.\n\n"
          "The caf\u00e9 will open every day except Monday, and coffee costs \u00bd the Z\u00fcrich price, "
          "she added.");
}

TEST_CASE("ingest: a windows-1252 HTML page is converted", "[ingest]") {
    auto c = read_all(kFixtures + "/html/windows1252_meta.html");
    CHECK(c.rejects.empty());
    REQUIRE(c.articles.size() == 1);
    const Article& a = c.articles[0];
    CHECK(a.title == "\u201cA hard winter\u201d: Caf\u00e9 owners in Montr\u00e9al count the cost");
    CHECK(a.authors == std::vector<std::string>{"Jos\u00e9 Nu\u00f1ez"});
    CHECK(a.published == "2024-02-20T07:45:00-05:00");
    CHECK(a.body ==
          "Owners of small caf\u00e9s along Rue Saint-Denis say January\u2019s storms cut their takings by a "
          "third \u2013 the worst month since the pandemic.\n\n"
          "\u201cWe opened every day, but nobody came,\u201d said Ren\u00e9e Gagn\u00e9, who has run a bakery "
          "on the street for eleven years. A coffee now costs \u20ac3 in Paris, she added, and \u201cwe "
          "charge less than that.\u201d\n\n"
          "The city has promised a na\u00efve-sounding fix\u2026 free parking in March.");
    // parse_html decodes on its own, for callers that bypass read_articles().
    CHECK(annals::parse_html(slurp(kFixtures + "/html/windows1252_meta.html")).body == a.body);
}

TEST_CASE("ingest: UTF-16 pages are text, not binary, in any file name", "[ingest]") {
    fs::path d = temp_dir();
    // A short article in UTF-16LE with its byte order mark (Latin-1 bytes widened).
    std::string utf16 = "\xFF\xFE";
    for (char ch : std::string("Harbour reopens after storm repairs\n\nThe harbour at Port Ellis reopened on "
                               "Monday, and the caf\xE9 on the quay was full by noon.\n"))
        utf16 += std::string{ch, '\0'};
    for (const char* name : {"wide.txt", "wide.html", "wide.saved"}) {
        write(d / name, utf16);
        auto c = read_all((d / name).string());
        CHECK(c.rejects.empty());
        REQUIRE(c.articles.size() == 1);
        CHECK(c.articles[0].body.find("the caf\u00e9 on the quay") != std::string::npos);
    }
    fs::remove_all(d);
}

TEST_CASE("ingest: format names", "[ingest]") {
    CHECK(annals::format_from_string("jsonl") == annals::Format::JsonLines);
    CHECK(annals::format_from_string("txt") == annals::Format::Page);
    CHECK(annals::format_from_string("html") == annals::Format::Html);
    CHECK_THROWS_AS(annals::format_from_string("pdf"), annals::UsageError);
}

TEST_CASE("ingest: a page without article text is delivered by its title, with a warning", "[ingest]") {
    annals::ReadOptions options;
    std::vector<std::string> warnings;
    options.warn = [&](const annals::InputError& e) { warnings.push_back(e.what()); };
    std::vector<Article> got;
    auto accept = [&](Article&& a, const annals::SourceLocation&) { got.push_back(std::move(a)); };
    auto reject = [&](const annals::InputError& e) { FAIL(e.what()); };
    const std::string page = kFixtures + "/html/title_only.html";
    annals::read_articles(page, options, accept, reject);
    annals::read_articles(kFixtures + "/html/plain_divs.html", options, accept, reject);
    REQUIRE(got.size() == 2);
    CHECK(got[0].title == "Watch: harbour fireworks light up the bay");
    CHECK(got[0].body.empty());
    CHECK(!got[1].body.empty());
    CHECK(warnings == std::vector<std::string>{page + ": no article text found (title only)"});
}

TEST_CASE("ingest: a stray NUL deep in an HTML page is skipped, NULs at its start mean binary", "[ingest]") {
    // Regression: a real news page with one NUL byte in its footer was rejected whole.
    fs::path d = temp_dir();
    const std::string story = "<p>The harbour trust has agreed to repaint the swing bridge in its original green "
                              "after a long campaign by residents.</p>";
    std::string page = "<html><head><title>Swing bridge to be painted green</title></head><body><article>" + story;
    page += std::string(9000, ' ') + "<footer>" + std::string(1, '\0') + "</footer></article></body></html>";
    write(d / "stray.html", page);
    auto c = read_all((d / "stray.html").string());
    REQUIRE(c.articles.size() == 1);
    CHECK(c.rejects.empty());
    CHECK(c.articles[0].body.find("repaint the swing bridge") != std::string::npos);

    write(d / "image.html", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + page);
    c = read_all((d / "image.html").string());
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0].find("binary data (NUL byte") != std::string::npos);
}

TEST_CASE("ingest: a NUL byte in one JSON line loses only that line", "[ingest]") {
    // Regression: a NUL in the first 8 KiB of a JSON Lines file rejected the whole
    // file as binary, losing every good article in it.
    fs::path d = temp_dir();
    using namespace std::string_literals;
    write(d / "nul.jsonl", "{\"title\": \"one\"}\n{\"title\": \"a NUL\0 here\"}\n{\"title\": \"three\"}\n"s);
    auto c = read_all((d / "nul.jsonl").string());
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[1].title == "three");
    REQUIRE(c.rejects.size() == 1);
    CHECK(starts(c.rejects[0], (d / "nul.jsonl").string() + ":2: binary data (NUL byte)"));

    // The same in a long file: every other line is read, past the first 8 KiB and chunk.
    std::string lines;
    for (int i = 1; i <= 300; ++i)
        lines += i == 6 ? "{\"title\": \"a NUL\0 here\"}\n"s : "{\"title\": \"Line " + std::to_string(i) + "\"}\n";
    write(d / "long-nul.jsonl", lines);
    c = read_all((d / "long-nul.jsonl").string());
    CHECK(c.articles.size() == 299);
    CHECK(c.articles.back().title == "Line 300");
    CHECK(c.rejects.size() == 1);

    // A binary file is still one rejection, whatever its name and wherever its first newline.
    write(d / "image.jsonl", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\n\0\0\n"s);
    c = read_all((d / "image.jsonl").string());
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(starts(c.rejects[0], (d / "image.jsonl").string() + ":3: binary data (NUL byte at column 1)"));

    // Empty files: JSON Lines hold no articles; a .json file must hold a JSON value.
    write(d / "empty.jsonl", "");
    c = read_all((d / "empty.jsonl").string());
    CHECK(c.articles.empty());
    CHECK(c.rejects.empty());
    write(d / "empty.json", "");
    c = read_all((d / "empty.json").string());
    CHECK(c.articles.empty());
    REQUIRE(c.rejects.size() == 1);
    CHECK(starts(c.rejects[0], (d / "empty.json").string() + ":1: column 1: empty input"));
    fs::remove_all(d);
}

TEST_CASE("ingest: a JSON line past the limit is rejected unread, in order, and the next lines are read", "[ingest]") {
    // Regression: a line was read whole before its size was checked, so one huge
    // line (a minified dump, a binary file without newlines) could exhaust memory.
    fs::path d = temp_dir();
    write(d / "huge-line.jsonl",
          "{\"title\": \"before\"}\n{\"title\": \"" + std::string(5000, 'x') + "\"}\n{\"title\": \"after\"}\n");
    annals::ReadOptions small;
    small.max_bytes = 1000;
    std::vector<std::string> events;
    annals::read_articles(
        (d / "huge-line.jsonl").string(), small,
        [&](Article&& a, const annals::SourceLocation& l) { events.push_back(a.title + "@" + std::to_string(l.line)); },
        [&](const annals::InputError& e) { events.push_back(e.what()); });
    CHECK(events == std::vector<std::string>{"before@1",
                                             (d / "huge-line.jsonl").string() +
                                                 ":2: line of 5013 bytes is larger than the limit of 1000",
                                             "after@3"});
}
