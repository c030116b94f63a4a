// Tests of the extraction tokeniser (lib/extract/tokenize.cpp).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "extract/tokenize.hpp"

using annals::detail::tokenize;

namespace {
std::vector<std::string> words(std::string_view text, std::string_view lang = "en") {
    std::vector<std::string> out;
    for (const auto& t : tokenize(text, lang)) {
        REQUIRE(t.start < t.end);
        REQUIRE(t.end <= text.size());
        out.emplace_back(text.substr(t.start, t.end - t.start));
    }
    return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("tokenize: splits possessives and punctuation PTB-style", "[extract]") {
    CHECK(words("Rubio's plan, said Mr. Smith.") ==
          V{"Rubio", "'s", "plan", ",", "said", "Mr.", "Smith", "."});
    CHECK(words("Rubio\xE2\x80\x99s plan") == V{"Rubio", "\xE2\x80\x99s", "plan"});
    CHECK(words("They don't know") == V{"They", "do", "n't", "know"});
    CHECK(words("O'Neill arrived") == V{"O'Neill", "arrived"});
}

TEST_CASE("tokenize: keeps abbreviations, initials, numbers and hyphenated words", "[extract]") {
    CHECK(words("The U.S. and U.N. met.") == V{"The", "U.S.", "and", "U.N.", "met", "."});
    CHECK(words("John F. Kennedy") == V{"John", "F.", "Kennedy"});
    CHECK(words("It cost $1,000.50 on 1996-08-22 at 12:30") ==
          V{"It", "cost", "$", "1,000.50", "on", "1996-08-22", "at", "12:30"});
    CHECK(words("an Anglo-Dutch firm") == V{"an", "Anglo-Dutch", "firm"});
    CHECK(words("Acme Inc. said") == V{"Acme", "Inc.", "said"});
}

TEST_CASE("tokenize: quotes and dashes are tokens of their own", "[extract]") {
    CHECK(words("\xE2\x80\x9CYes\xE2\x80\x9D \xE2\x80\x94 he said...") ==
          V{"\xE2\x80\x9C", "Yes", "\xE2\x80\x9D", "\xE2\x80\x94", "he", "said", "..."});
    CHECK(words("(Reuters) \"Hi\"") == V{"(", "Reuters", ")", "\"", "Hi", "\""});
}

TEST_CASE("tokenize: CoNLL space-joined text keeps its tokens", "[extract]") {
    std::string text = "EU weighs Dutch plan to tax imported cheese .\nAnna Lindqvist\n"
                       "Portugal 's minister , Rui Tavares , said .";
    CHECK(words(text) == V{"EU", "weighs", "Dutch", "plan", "to", "tax", "imported", "cheese", ".",
                           "Anna", "Lindqvist", "Portugal", "'s", "minister", ",", "Rui",
                           "Tavares", ",", "said", "."});
}

TEST_CASE("tokenize: marks sentence starts after lines and final punctuation", "[extract]") {
    std::string text = "He left. She stayed.\" Then\nNew line";
    auto toks = tokenize(text);
    std::vector<std::string> starts;
    for (const auto& t : toks)
        if (t.sentence_start) starts.emplace_back(text.substr(t.start, t.end - t.start));
    CHECK(starts == V{"He", "She", "Then", "New"});
}

TEST_CASE("tokenize: byte offsets index the original text", "[extract]") {
    std::string text = "Zürich  und Köln";
    auto toks = tokenize(text);
    REQUIRE(toks.size() == 3);
    CHECK(text.substr(toks[0].start, toks[0].end - toks[0].start) == "Zürich");
    CHECK(toks[1].start == 9);
    CHECK(text.substr(toks[2].start, toks[2].end - toks[2].start) == "Köln");
}

TEST_CASE("tokenize: other languages use ICU word break", "[extract]") {
    CHECK(words("Die Bundesregierung in Berlin.", "de") == V{"Die", "Bundesregierung", "in", "Berlin", "."});
    auto ja = words("東京都に住んでいます。", "ja");
    CHECK(ja.size() >= 3);
    CHECK(ja.back() == "。");
    auto ru = words("Москва — столица России.", "ru");
    CHECK(ru == V{"Москва", "—", "столица", "России", "."});
}

TEST_CASE("tokenize: never fails on invalid UTF-8 or any script", "[extract]") {
    std::string bad = "abc\xFF\xFE def \xC3 \xE2\x82 x\xF0\x9F\x98\x80y \xED\xA0\x80 end";
    for (const char* lang : {"en", "de", "zh", "ar", "xx-invalid"}) {
        auto toks = tokenize(bad, lang);
        std::uint32_t prev = 0;
        for (const auto& t : toks) {
            CHECK(t.start >= prev);
            CHECK(t.end > t.start);
            CHECK(t.end <= bad.size());
            prev = t.end;
        }
        CHECK_FALSE(toks.empty());
    }
    CHECK(tokenize("").empty());
    CHECK(tokenize("   \n\t ").empty());
    std::string arabic = "قال الرئيس في القاهرة";
    CHECK(tokenize(arabic, "ar").size() == 4);
    CHECK(tokenize(arabic).size() == 4);
    std::string nul("a\0b", 3);
    CHECK_FALSE(tokenize(nul).empty());
}
