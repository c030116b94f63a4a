#include <catch2/catch.hpp>

#include "annals/error.hpp"
#include "util/json.hpp"

using namespace annals;
namespace json = annals::detail::json;

TEST_CASE("error: a query error as JSON keeps its position and reason", "[error]") {
    const QueryError e(7, "unbalanced quote: no closing '\"'");
    const json::Value v = json::parse(to_json(e));
    CHECK(v.find("error")->string() == "query");
    CHECK(v.find("message")->string() == e.what());
    CHECK(v.find("position")->number() == 7);
    CHECK(v.find("reason")->string() == "unbalanced quote: no closing '\"'");
    CHECK(v.find("file") == nullptr);
}

TEST_CASE("error: each class has its own JSON kind", "[error]") {
    CHECK(json::parse(to_json(UsageError("bad facet"))).find("error")->string() == "usage");
    CHECK(json::parse(to_json(ArchiveError("gone"))).find("error")->string() == "archive");
    CHECK(json::parse(to_json(Error("other"))).find("error")->string() == "error");
    CHECK(json::parse(to_json(UsageError("x"))).find("position") == nullptr);
}

TEST_CASE("error: an input error as JSON names the file and line", "[error]") {
    const json::Value v = json::parse(to_json(InputError("news.jsonl", 3, "bad \xff byte")));
    CHECK(v.find("error")->string() == "input");
    CHECK(v.find("file")->string() == "news.jsonl");
    CHECK(v.find("line")->number() == 3);
    CHECK(v.find("reason")->string() == "bad \xEF\xBF\xBD byte");  // repaired to U+FFFD
    CHECK(v.find("message")->string() == "news.jsonl:3: bad \xEF\xBF\xBD byte");
}
