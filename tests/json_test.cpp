#include <catch2/catch.hpp>

#include "util/json.hpp"

using namespace annals::detail;

namespace {
json::ParseError parse_error(std::string_view text) {
    try {
        json::parse(text);
    } catch (const json::ParseError& e) {
        return e;
    }
    FAIL("no error for: " << text);
    return json::ParseError(0, 0, "");
}
}  // namespace

TEST_CASE("json: parses values and keeps member order", "[json]") {
    auto v = json::parse(R"( {"b": 1, "a": [true, false, null, -2.5e1], "c": "x\u00e9\n"} )");
    REQUIRE(v.is_object());
    REQUIRE(v.members().size() == 3);
    CHECK(v.members()[0].first == "b");
    CHECK(v.members()[1].first == "a");
    CHECK(v.find("b")->number() == 1);
    const auto& a = v.find("a")->items();
    REQUIRE(a.size() == 4);
    CHECK(a[0].boolean());
    CHECK_FALSE(a[1].boolean());
    CHECK(a[2].is_null());
    CHECK(a[3].number() == -25);
    CHECK(v.find("c")->string() == "x\u00e9\n");
    CHECK(v.find("missing") == nullptr);
}

TEST_CASE("json: raw text and positions of values", "[json]") {
    auto v = json::parse("{\"x\": {\"k\" : [1, 2 ]},\n  \"y\": \"\\u00e9\"}");
    CHECK(v.find("x")->raw() == "{\"k\" : [1, 2 ]}");
    CHECK(v.find("y")->raw() == "\"\\u00e9\"");
    CHECK(v.find("y")->line() == 2);
    CHECK(v.find("y")->column() == 8);
    CHECK(v.find("x")->column() == 7);
}

TEST_CASE("json: surrogate pairs decode, lone surrogates fail", "[json]") {
    CHECK(json::parse(R"("\ud83d\ude00")").string() == "\U0001F600");
    auto e = parse_error(R"("ab\ud83d")");
    CHECK(e.line == 1);
    CHECK(e.column == 4);
    parse_error(R"("\udc00")");
}

TEST_CASE("json: errors carry exact line and column", "[json]") {
    auto e = parse_error("{\n  \"a\": 1,\n  \"b\" 2\n}");
    CHECK(e.line == 3);
    CHECK(e.column == 7);
    CHECK(std::string(e.what()).find("':'") != std::string::npos);

    e = parse_error("[1, 2,]");
    CHECK(e.line == 1);
    CHECK(e.column == 7);

    e = parse_error("{\"a\": 1} x");
    CHECK(e.column == 10);

    e = parse_error("");
    CHECK(e.line == 1);

    e = parse_error("\"abc");
    CHECK(std::string(e.what()).find("unterminated") != std::string::npos);

    e = parse_error("01");
    CHECK(e.column == 2);
    parse_error("\"a\tb\"");
    parse_error("tru");
    parse_error("\"\\x\"");
}

TEST_CASE("json: rejects invalid UTF-8 at the exact byte", "[json]") {
    auto e = parse_error("{\"t\": \"caf\xc3\x28\"}");
    CHECK(e.line == 1);
    CHECK(e.column == 11);
    e = parse_error("\n\"\xff\"");
    CHECK(e.line == 2);
    CHECK(e.column == 2);
    e = parse_error("\"\xed\xa0\x80\"");  // encoded surrogate
    CHECK(e.column == 2);
}

TEST_CASE("json: nesting limit", "[json]") {
    std::string ok(200, '['), close(200, ']');
    CHECK_NOTHROW(json::parse(ok + close));
    std::string deep(300, '['), deep_close(300, ']');
    CHECK_THROWS_AS(json::parse(deep + deep_close), json::ParseError);
}

TEST_CASE("json: byte order mark is skipped", "[json]") {
    CHECK(json::parse("\xEF\xBB\xBF{\"a\":1}").find("a")->number() == 1);
}

TEST_CASE("json: quote escapes and repairs", "[json]") {
    CHECK(json::quote("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
    CHECK(json::quote("caf\u00e9") == "\"caf\u00e9\"");
    CHECK(json::quote("x\xffy") == "\"x\uFFFDy\"");
    CHECK(json::quote("\xe2\x80") == "\"\uFFFD\uFFFD\"");
}

TEST_CASE("json: quote escapes the Unicode line breaks and C1 controls", "[json]") {
    // A raw U+2028 or U+0085 split a JSON Lines record for readers that break lines at them.
    CHECK(json::quote("a\u2028b\u2029c\u2026") == "\"a\\u2028b\\u2029c\u2026\"");
    CHECK(json::quote("next\u0085line \u00e9\u009f") == "\"next\\u0085line \u00e9\\u009f\"");
    CHECK(json::parse(json::quote("x\u2028y\u0085z")).string() == "x\u2028y\u0085z");
}

TEST_CASE("json: writer places commas and colons", "[json]") {
    json::Writer w;
    w.begin_object();
    w.key("a").value(1);
    w.key("b").begin_array().value("x").value(2.5).value(true).null().end_array();
    w.strings("c", {"p", "q"});
    w.key("d").raw("{\"z\":[1]}");
    w.key("e").begin_object().end_object();
    w.key("f").value(50.45);
    w.key("g").value(std::size_t{7});
    w.end_object();
    CHECK(w.str() == R"({"a":1,"b":["x",2.5,true,null],"c":["p","q"],"d":{"z":[1]},"e":{},"f":50.45,"g":7})");
    // What the writer writes, the parser reads back.
    auto v = json::parse(w.str());
    CHECK(v.find("f")->number() == 50.45);
}
