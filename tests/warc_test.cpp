#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ingest/warc.hpp"
#include "read_all.hpp"
#include "scratch.hpp"
#include "util/gzip.hpp"
#include "warc_writer.hpp"

namespace ww = warc_writer;
using annals::Article;

namespace {

const std::string kStory =
    "The harbour board voted on Tuesday to deepen the main channel, ending a dispute that had lasted two years.";

// @p body in two chunks of the HTTP chunked transfer coding.
std::string chunked(const std::string& body) {
    std::ostringstream out;
    out << std::hex << 20 << "\r\n" << body.substr(0, 20) << "\r\n" << body.size() - 20 << "\r\n" << body.substr(20)
        << "\r\n0\r\n\r\n";
    return out.str();
}

// A crawl of a small news site: every kind of record a crawler writes.
std::vector<std::string> crawl() {
    const std::string page1 = ww::page("Harbour board approves dredging", kStory);
    const std::string page2 = ww::page("Ferry timetable changes",
                                       "The ferry company will run fewer crossings in winter, the company said on Monday.",
                                       "<meta property=\"article:published_time\" content=\"2024-03-04T08:00:00Z\">");
    return {
        ww::record("warcinfo", "", "2024-05-01T10:00:00Z", "application/warc-fields", "software: test\r\n"),
        ww::record("request", "https://ledger.example/harbour", "2024-05-01T10:00:01Z",
                   "application/http; msgtype=request", "GET /harbour HTTP/1.1\r\nHost: ledger.example\r\n\r\n"),
        ww::response("https://ledger.example/harbour", "2024-05-01T10:00:02Z",
                     ww::http(200, "text/html; charset=utf-8", page1),
                     {"WARC-Payload-Digest: sha1:AAAABBBBCCCCDDDD"}),
        ww::record("metadata", "https://ledger.example/harbour", "2024-05-01T10:00:02Z", "application/warc-fields",
                   "outlinks: https://ledger.example/ferry\r\n"),
        ww::response("https://ledger.example/logo.png", "2024-05-01T10:00:03Z", ww::http(200, "image/png", "\x89PNG....")),
        ww::response("https://ledger.example/missing", "2024-05-01T10:00:04Z",
                     ww::http(404, "text/html", "<html><body><h1>Not found</h1></body></html>")),
        ww::response("https://ledger.example/ferry", "2024-05-01T10:00:05Z",
                     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" +
                         chunked(page2)),
        // The harbour page crawled again: same digest.
        ww::response("https://ledger.example/harbour?again", "2024-05-02T10:00:00Z",
                     ww::http(200, "text/html", page1), {"WARC-Payload-Digest: sha1:AAAABBBBCCCCDDDD"}),
        // And once more, without a digest: same bytes.
        ww::response("https://ledger.example/harbour?third", "2024-05-03T10:00:00Z", ww::http(200, "text/html", page1)),
        ww::record("revisit", "https://ledger.example/harbour", "2024-05-04T10:00:00Z",
                   "application/http; msgtype=response", "HTTP/1.1 200 OK\r\n\r\n"),
    };
}

void write(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string join(const std::vector<std::string>& records, bool gzipped) {
    std::string out;
    for (const auto& r : records) out += gzipped ? ww::gzip(r) : r;
    return out;
}

void check_crawl(const Collected& c, const std::string& path) {
    REQUIRE(c.rejects.empty());
    REQUIRE(c.articles.size() == 2);
    const Article& harbour = c.articles[0];
    CHECK(harbour.title == "Harbour board approves dredging");
    CHECK(harbour.url == "https://ledger.example/harbour");
    CHECK(harbour.published == "2024-05-01T10:00:02Z");  // the crawl date: the page has none
    CHECK(harbour.body.rfind(kStory, 0) == 0);
    CHECK_FALSE(harbour.id.empty());
    const Article& ferry = c.articles[1];
    CHECK(ferry.title == "Ferry timetable changes");
    CHECK(ferry.url == "https://ledger.example/ferry");
    CHECK(ferry.published == "2024-03-04T08:00:00Z");  // the page's own date wins
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warnings[0] == path +
                               ": skipped 6 records that are not HTML pages (1 HTTP 404, 1 metadata, 1 not HTML, 1 "
                               "request, 1 revisit, 1 warcinfo) and 2 duplicate pages (a payload seen before)");
}

}  // namespace

TEST_CASE("warc: HTML responses become articles, other records are skipped and counted", "[ingest]") {
    ScratchDir dir("warc-plain");
    const auto path = dir.path / "crawl.warc";
    write(path, join(crawl(), false));
    check_crawl(read_all(path.string()), path.string());
}

TEST_CASE("warc: a .warc.gz with one gzip member per record reads the same", "[ingest]") {
    ScratchDir dir("warc-gz");
    const auto path = dir.path / "crawl.warc.gz";
    write(path, join(crawl(), true));
    check_crawl(read_all(path.string()), path.string());
}

TEST_CASE("warc: records are streamed, so a file larger than max_bytes is read", "[ingest]") {
    ScratchDir dir("warc-stream");
    const auto path = dir.path / "crawl.warc.gz";
    write(path, join(crawl(), true));
    annals::ReadOptions options;
    options.max_bytes = 4096;  // smaller than the file, larger than any record
    REQUIRE(std::filesystem::file_size(path) > 0);
    const Collected c = read_all(path.string(), options);
    CHECK(c.articles.size() == 2);
    CHECK(c.rejects.empty());
}

TEST_CASE("warc: a damaged record is rejected by number and offset, the others are read", "[ingest]") {
    ScratchDir dir("warc-damaged");
    const auto path = dir.path / "crawl.warc";
    const std::string good1 = ww::response("https://a.example/1", "2024-01-01T00:00:00Z",
                                           ww::http(200, "text/html", ww::page("First story", kStory)));
    std::string bad = ww::response("https://a.example/2", "2024-01-01T00:00:01Z",
                                   ww::http(200, "text/html", ww::page("Second story", kStory)));
    bad.replace(bad.find("Content-Length: "), 16, "Content-Length: x");  // no number any more
    const std::string good3 = ww::response("https://a.example/3", "2024-01-01T00:00:02Z",
                                           ww::http(200, "text/html", ww::page("Third story", "Different text here.")));
    write(path, good1 + bad + good3);
    const Collected c = read_all(path.string());
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].title == "First story");
    CHECK(c.articles[1].title == "Third story");
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0] == path.string() + ": record 2 at byte " + std::to_string(good1.size()) +
                              ": record without a valid Content-Length");
}

TEST_CASE("warc: a record larger than the limit is skipped unread, the next is read", "[ingest]") {
    ScratchDir dir("warc-large");
    const auto path = dir.path / "crawl.warc.gz";
    const std::string big = ww::response("https://a.example/big", "2024-01-01T00:00:00Z",
                                         ww::http(200, "text/html", ww::page("Big", std::string(20000, 'x'))));
    const std::string small = ww::response("https://a.example/small", "2024-01-01T00:00:01Z",
                                           ww::http(200, "text/html", ww::page("Small story", kStory)));
    write(path, ww::gzip(big) + ww::gzip(small));
    annals::ReadOptions options;
    options.max_bytes = 8192;
    const Collected c = read_all(path.string(), options);
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].title == "Small story");
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0].find(": record 1 at byte 0: record of ") != std::string::npos);
    CHECK(c.rejects[0].find("bytes is larger than the limit of 8192") != std::string::npos);
}

TEST_CASE("warc: a truncated .warc.gz keeps the records before the cut", "[ingest]") {
    ScratchDir dir("warc-cut");
    const auto path = dir.path / "crawl.warc.gz";
    const std::string first = ww::gzip(ww::response("https://a.example/1", "2024-01-01T00:00:00Z",
                                                    ww::http(200, "text/html", ww::page("Kept story", kStory))));
    const std::string second = ww::gzip(ww::response("https://a.example/2", "2024-01-01T00:00:01Z",
                                                     ww::http(200, "text/html", ww::page("Lost story", "Gone."))));
    write(path, first + second.substr(0, second.size() / 2));
    const Collected c = read_all(path.string());
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].title == "Kept story");
    REQUIRE(c.rejects.size() == 1);
    CHECK(c.rejects[0].find(path.string() + ": record 2 at byte ") == 0);
    CHECK(c.rejects[0].find("truncated") != std::string::npos);
}

TEST_CASE("warc: gzip content coding and the HTTP charset are honoured", "[ingest]") {
    ScratchDir dir("warc-coding");
    const auto path = dir.path / "crawl.warc";
    const std::string latin1 = ww::page("Caf\xE9 prices rise", "Prices at the caf\xE9 rose by a tenth this year.");
    const std::string rec = ww::response("https://a.example/cafe", "2024-01-01T00:00:00Z",
                                         ww::http(200, "text/html; charset=iso-8859-1", ww::gzip(latin1),
                                                  {"Content-Encoding: gzip"}));
    write(path, rec);
    const Collected c = read_all(path.string());
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].title == "Caf\xC3\xA9 prices rise");
}

TEST_CASE("warc: the reader skips junk between records to the next version line", "[ingest]") {
    const std::string good = ww::response("https://a.example/1", "2024-01-01T00:00:00Z",
                                          ww::http(200, "text/html", ww::page("Story", kStory)));
    std::istringstream in("garbage line\r\nmore garbage\r\n" + good);
    annals::detail::WarcReader reader(in, 1 << 20);
    annals::detail::WarcRecord r;
    REQUIRE(reader.next(r));
    CHECK(r.error == "not a WARC record (no WARC/1.x version line)");
    CHECK(r.offset == 0);
    REQUIRE(reader.next(r));
    CHECK(r.error.empty());
    CHECK(r.field("warc-target-uri") == "https://a.example/1");
    CHECK(annals::detail::warc_skip_reason(r).empty());
    CHECK_FALSE(reader.next(r));
}

TEST_CASE("warc: by extension .warc and .warc.gz, by name warc", "[ingest]") {
    CHECK(annals::format_from_string("warc") == annals::Format::Warc);
    ScratchDir dir("warc-ext");
    write(dir.path / "a.warc.gz", ww::gzip(ww::response("https://a.example/1", "2024-01-01T00:00:00Z",
                                                        ww::http(200, "text/html", ww::page("One", kStory)))));
    write(dir.path / "notes.gz", ww::gzip("not a crawl"));  // unknown extension: skipped in a folder
    const Collected c = read_all(dir.str());
    CHECK(c.articles.size() == 1);
    CHECK(c.rejects.empty());
}

TEST_CASE("gzip: members are joined and damage is reported", "[ingest]") {
    using annals::detail::gunzip;
    CHECK(gunzip(ww::gzip("abc") + ww::gzip("def"), "x") == "abcdef");
    const std::string gz = ww::gzip("hello world");
    CHECK_THROWS_WITH(gunzip(gz.substr(0, gz.size() - 4), "x.gz"), Catch::Contains("x.gz: not a complete gzip file"));
    CHECK_THROWS_WITH(gunzip("plain", "y"), Catch::Contains("y: not a complete gzip file"));
}

TEST_CASE("archives: a mixed folder of every format is read in one run", "[ingest]") {
    ScratchDir dir("archives-mixed");
    const std::string fixtures = ANNALS_TEST_FIXTURES;
    std::filesystem::create_directories(dir.path / "wire" / "nitf");
    std::filesystem::copy_file(fixtures + "/reuters/sample.sgm", dir.path / "wire" / "sample.sgm");
    std::filesystem::copy_file(fixtures + "/nitf/story.xml", dir.path / "wire" / "nitf" / "story.xml");
    std::filesystem::copy_file(fixtures + "/json/mixed.jsonl", dir.path / "mixed.jsonl");
    write(dir.path / "web" / "crawl.warc.gz", join(crawl(), true));
    const Collected c = read_all(dir.str());
    const Collected jsonl = read_all(fixtures + "/json/mixed.jsonl");
    CHECK(c.articles.size() == jsonl.articles.size() + 2 + 4 + 1);  // warc, reuters, nitf
    CHECK(c.rejects.size() == jsonl.rejects.size() + 1);               // the Reuters story without NEWID
}
