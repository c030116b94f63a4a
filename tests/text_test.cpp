#include <catch2/catch.hpp>

#include "util/ascii.hpp"
#include "util/text.hpp"

using namespace annals::detail;

TEST_CASE("text: fold removes case, accents and punctuation", "[text]") {
    CHECK(fold("Kyïv ") == "kyiv");
    CHECK(fold("Lord\u2019s Press") == "lord s press");
    CHECK(fold("Lord's Press") == "lord s press");
    CHECK(fold("  MARCO   Rubio\t") == "marco rubio");
    CHECK(fold("Z\u00fcrich") == "zurich");
    CHECK(fold("S\u00e3o Paulo") == "sao paulo");
    CHECK(fold("Stra\u00dfe") == "strasse");
    CHECK(fold("AT&T") == "at&t");
    CHECK(fold("Jean-Luc, (Picard).") == "jean-luc picard");
    CHECK(fold("\uFB01nance") == "finance");  // NFKD expands the ligature
    CHECK(fold("\u201cQuoted\u201d") == "quoted");
    CHECK(fold("a\u00a0b") == "a b");
    CHECK(fold("") == "");
    CHECK(fold("...") == "");
    CHECK(fold("\u041c\u043e\u0441\u043a\u0432\u0430") == "\u043c\u043e\u0441\u043a\u0432\u0430");
}

TEST_CASE("text: fold_words splits folded text", "[text]") {
    CHECK(fold_words("Marco  Rubio!") == std::vector<std::string>{"marco", "rubio"});
    CHECK(fold_words("  ").empty());
}

TEST_CASE("text: split_at keeps every piece, empty ones too", "[text]") {
    using V = std::vector<std::string_view>;
    CHECK(split_at("a,,b", ",") == V{"a", "", "b"});
    CHECK(split_at("a,", ",") == V{"a", ""});
    CHECK(split_at("", ",") == V{""});
    CHECK(split_at("one line", "\n") == V{"one line"});
    CHECK(split_at("Site | Headline | Site", " | ") == V{"Site", "Headline", "Site"});
}

TEST_CASE("text: ASCII helpers leave other bytes alone", "[text]") {
    CHECK(is_ascii_alpha('a'));
    CHECK(is_ascii_alpha('Z'));
    CHECK_FALSE(is_ascii_alpha('@'));
    CHECK_FALSE(is_ascii_alpha('['));
    CHECK_FALSE(is_ascii_alpha('\xC3'));  // first byte of "é"
    CHECK(is_ascii_digit('7'));
    CHECK_FALSE(is_ascii_digit('a'));
    CHECK(is_ascii_space('\f'));
    CHECK_FALSE(is_ascii_space('\v'));  // HTML white space has no VT
    CHECK(ascii_lower('Q') == 'q');
    CHECK(ascii_lower('\xC3') == '\xC3');
    CHECK(lower_ascii("\xC3\x89T\xC3\x89 Ok") == "\xC3\x89t\xC3\x89 ok");
    CHECK(starts_with_ci("<META charset", 0, "<meta"));
    CHECK(starts_with_ci("x</Script>", 3, "script"));
    CHECK_FALSE(starts_with_ci("<met", 0, "<meta"));
}

TEST_CASE("text: trim strips ASCII and Unicode whitespace", "[text]") {
    CHECK(trim("  a b \n") == "a b");
    CHECK(trim("\u00a0x\u00a0") == "x");
    CHECK(trim("\u2003\u3000y z\u202f") == "y z");
    CHECK(trim("") == "");
    CHECK(trim(" \t ") == "");
    CHECK(trim("\u00e9") == "\u00e9");
}

TEST_CASE("text: ascii_punctuation straightens quotes only", "[text]") {
    CHECK(ascii_punctuation("Lord\u2019s Press") == "Lord's Press");
    CHECK(ascii_punctuation("\u201cHi\u201d\u00a0there") == "\"Hi\" there");
    CHECK(ascii_punctuation("Kyïv \u2014 now") == "Kyïv \u2014 now");
}

TEST_CASE("text: find_invalid_utf8 finds the first bad byte", "[text]") {
    CHECK_FALSE(find_invalid_utf8("plain ascii text that is long enough"));
    CHECK_FALSE(find_invalid_utf8("caf\u00e9 \U0001F600"));
    CHECK(find_invalid_utf8("abc\xff") == std::optional<std::size_t>(3));
    CHECK(find_invalid_utf8("abcdefghij\xc3") == std::optional<std::size_t>(10));  // truncated
    CHECK(find_invalid_utf8("\xc0\x80") == std::optional<std::size_t>(0));           // overlong
    CHECK(find_invalid_utf8("x\xed\xa0\x80") == std::optional<std::size_t>(1));      // surrogate
    CHECK(find_invalid_utf8("\xf4\x90\x80\x80") == std::optional<std::size_t>(0));   // > U+10FFFF
    CHECK(find_invalid_utf8("ok\x80") == std::optional<std::size_t>(2));             // stray continuation
}
