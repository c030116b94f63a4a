// The query parser alone: the parse it produces and the positions of its errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "annals/error.hpp"
#include "annals/search.hpp"
#include "search/query_parser.hpp"

namespace {
using annals::detail::parse_query;
const annals::detail::CivilDate kToday{2025, 11, 28};

std::string readable(const std::string& q) { return parse_query(q, kToday).readable; }

// Position of the QueryError @p q raises, or npos when it parses.
std::size_t error_at(const std::string& q, std::string* reason = nullptr) {
    try {
        parse_query(q, kToday);
    } catch (const annals::QueryError& e) {
        if (reason) *reason = e.reason();
        return e.position();
    }
    return std::string::npos;
}
}  // namespace

TEST_CASE("query_parser: words, operators and precedence", "[query]") {
    CHECK(readable("") == "(all)");
    CHECK(readable("   ") == "(all)");
    CHECK(readable("ukraine") == "ukraine");
    CHECK(readable("Peace Deal") == "(AND peace deal)");
    CHECK(readable("a b OR c") == "(OR (AND a b) c)");
    CHECK(readable("a AND (b OR c)") == "(AND a (OR b c))");
    CHECK(readable("war and peace") == "(AND war and peace)");  // lower-case operators are words
    CHECK(readable("NOT war") == "((all) NOT war)");
    CHECK(readable("peace -war") == "(peace NOT war)");
    CHECK(readable("peace NOT war NOT moscow") == "(peace NOT war moscow)");
    CHECK(readable("\"security guarantees\"") == "\"security guarantees\"");
    CHECK(readable("guarant*") == "guarant*");
    CHECK(readable("peace NEAR deal") == "(NEAR/10 peace deal)");
    CHECK(readable("peace NEAR \"deal\" NEAR Zürich") == "(NEAR/10 peace \"deal\" zurich)");
    CHECK(readable("NOT a b") == "(b NOT a)");
    CHECK(readable("a OR b c") == "(OR a (AND b c))");
    CHECK(readable("a OR -b") == "(OR a ((all) NOT b))");
    CHECK(readable("NOT a NEAR b") == "((all) NOT (NEAR/10 a b))");
    CHECK(readable("a AND NOT b") == "(a NOT b)");
    CHECK(readable("state-of-the-art") == "\"state of the art\"");
    CHECK(readable("X.Y. policy") == "(AND xy policy)");
    CHECK(readable("9:30") == "\"9 30\"");
    CHECK(readable("Opinion: economy") == "(AND opinion economy)");
    CHECK(readable("http://example.org") == "\"http example org\"");
}

TEST_CASE("query_parser: fields", "[query]") {
    CHECK(readable("person:Rubio") == "person:\"rubio\"");
    CHECK(readable("Person:\"Marco  Rubio\"") == "person:\"marco rubio\"");
    CHECK(readable("organization:NATO") == "org:\"nato\"");
    CHECK(readable("country:GB") == "country:\"gb\"");
    CHECK(readable("id:AbC") == "id:\"AbC\"");
    CHECK(readable("title:\"peace deal\"") == "title:\"peace deal\"");
    CHECK(readable("place:Kyïv") == "place:\"kyiv\"");
    CHECK(readable("country:ukraine") == "country:\"ua\"");
    CHECK(readable("country:\"United Kingdom\"") == "country:\"gb\"");
    CHECK(readable("country:Britain") == "country:\"gb\"");
    CHECK(readable("peace -person:trump") == "(peace NOT person:\"trump\")");
    CHECK(readable("-country:gb") == "((all) NOT country:\"gb\")");
}

TEST_CASE("query_parser: words are searched in their accent-folded form", "[query]") {
    CHECK(readable("Zürich") == "zurich");
    CHECK(readable("\"São Paulo\"") == "\"sao paulo\"");
    CHECK(readable("title:ÉCOLE") == "title:ecole");
    CHECK(readable("zür*") == "zur*");
    const auto p = parse_query("Zürich", kToday);
    CHECK(p.query.get_description().find("Zzurich") != std::string::npos);
    REQUIRE(p.words.size() == 1);
    CHECK(p.words[0].text == "zürich");  // spelling looks at the word as typed
}

TEST_CASE("query_parser: dates", "[query]") {
    CHECK(readable("date:2025") == "date:[2025-01-01..2025-12-31]");
    CHECK(readable("date:2025-02") == "date:[2025-02-01..2025-02-28]");
    CHECK(readable("date:2025-11-01..2025-11-30") == "date:[2025-11-01..2025-11-30]");
    CHECK(readable("date:..2022-02") == "date:[..2022-02-28]");
    CHECK(readable("date:2024..") == "date:[2024-01-01..]");
    CHECK(readable("date:today") == "date:[2025-11-28..2025-11-28]");
    CHECK(readable("date:yesterday") == "date:[2025-11-27..2025-11-27]");
    CHECK(readable("date:\"last week\"") == "date:[2025-11-17..2025-11-23]");
    CHECK(readable("date:30d..") == "date:[2025-10-29..]");
    CHECK(readable("mentions:1990s") == "mentions:[1990-01-01..1999-12-31]");
}

TEST_CASE("query_parser: errors point at the problem", "[query]") {
    std::string reason;
    CHECK(error_at("(ukraine", &reason) == 0);
    CHECK(reason.find("unbalanced parentheses") != std::string::npos);
    CHECK(error_at("ukraine)") == 7);
    CHECK(error_at("a \"peace deal") == 2);
    CHECK(error_at("peace foo:bar", &reason) == 6);
    CHECK(reason.find("unknown field 'foo' (known: about, about_country, author, category,") != std::string::npos);
    CHECK(error_at("peace OR") == 6);
    CHECK(error_at("OR peace") == 0);
    CHECK(error_at("AND peace") == 0);
    CHECK(error_at("peace AND") == 6);
    CHECK(error_at("peace NOT") == 6);
    CHECK(error_at("peace NEAR") == 6);
    CHECK(error_at("()") == 0);
    CHECK(error_at("person:") == 7);
    CHECK(error_at("foo:\"bar\"") == 0);
    CHECK(error_at("person:\"\"") == 8);
    CHECK(error_at("date:2025-13", &reason) == 5);
    CHECK(reason.find("cannot read the date '2025-13'") != std::string::npos);
    CHECK(error_at("date:bogus..2025") == 5);
    CHECK(error_at("x date:2020..bogus") == 13);
    CHECK(error_at("date:..") == 5);
    CHECK(error_at("date:2025..2020", &reason) == 5);
    CHECK(reason.find("ends before it starts") != std::string::npos);
    CHECK(error_at("date:\"next fortnight\"") == 6);
    CHECK(error_at("person:rubio NEAR peace") == 0);
    // Regression: phrases and groups inside NEAR reached Xapian, which refused them
    // at search time (an archive error, exit status 1) instead of a query error.
    CHECK(error_at("\"peace deal\" NEAR geneva", &reason) == 0);
    CHECK(reason.find("NEAR works on single words only") != std::string::npos);
    CHECK(error_at("geneva NEAR \"peace deal\"") == 12);
    CHECK(error_at("geneva NEAR state-of-the-art") == 12);
    CHECK(error_at("(a NEAR b) NEAR c") == 0);
    CHECK(error_at("a NEAR secur*") == 7);
}

TEST_CASE("query_parser: plain words are kept for spelling, typed words for highlighting", "[query]") {
    const auto p = parse_query("Ukrane -war person:rubio \"peace deal\"", kToday);
    REQUIRE(p.words.size() == 1);
    CHECK(p.words[0].text == "ukrane");
    CHECK(p.words[0].start == 0);
    CHECK(p.words[0].end == 6);
    const auto& h = p.highlight;
    CHECK(std::find(h.begin(), h.end(), "rubio") != h.end());
    CHECK(std::find(h.begin(), h.end(), "peace") != h.end());
    CHECK(std::find(h.begin(), h.end(), "war") == h.end());
}

// What the Searcher reads from the archive's synonym table, for a few names.
std::vector<std::string> fake_aliases(const std::string& key) {
    static const std::map<std::string, std::vector<std::string>> table = {
        {"kiev", {"kyiv", "kyyiv"}},
        {"bombay", {"mumbai"}},
        {"new york", {"new york city", "nyc"}},
        {"united states", {"america", "united states of america", "us", "usa"}},
        {"us", {"america", "united states", "united states of america", "usa"}},
        {"who", {"world health organization"}},
    };
    const auto it = table.find(key);
    return it == table.end() ? std::vector<std::string>{} : it->second;
}

std::string with_aliases(const std::string& q) { return parse_query(q, kToday, {}, {}, fake_aliases).readable; }

TEST_CASE("query_parser: plain words and phrases that name a place or organisation match its aliases", "[query]") {
    CHECK(with_aliases("kiev") == "(ALIAS kiev \"kyiv\" \"kyyiv\")");
    CHECK(with_aliases("Bombay") == "(ALIAS bombay \"mumbai\")");
    CHECK(readable("kiev") == "kiev");  // no synonym table, no aliases
    // Several plain words side by side, longest name first; a quoted phrase alone.
    CHECK(with_aliases("new york") == "(ALIAS new york \"new york city\" \"nyc\")");
    CHECK(with_aliases("new york times") == "(AND (ALIAS new york \"new york city\" \"nyc\") times)");
    CHECK(with_aliases("\"united states\"").rfind("(ALIAS \"united states\" \"america\"", 0) == 0);
    CHECK(with_aliases("U.S. policy").rfind("(AND (ALIAS us \"america\" \"united states\"", 0) == 0);
    // "us" and "who" typed in lower case are English words.
    CHECK(with_aliases("tell us") == "(AND tell us)");
    CHECK(with_aliases("who said") == "(AND who said)");
    CHECK(with_aliases("WHO").rfind("(ALIAS who \"world health organization\"", 0) == 0);
    // Fields, wildcards and NEAR keep their meaning.
    CHECK(with_aliases("place:kiev") == "place:\"kiev\"");
    CHECK(with_aliases("kie*") == "kie*");
    CHECK(with_aliases("kiev NEAR war") == "(NEAR/10 kiev war)");
    CHECK(with_aliases("ukraine -kiev") == "(ukraine NOT (ALIAS kiev \"kyiv\" \"kyyiv\"))");

    const auto parsed = parse_query("kiev talks", kToday, {}, {}, fake_aliases);
    REQUIRE(parsed.words.size() == 2);
    CHECK(parsed.words[0].alias);  // not offered for spelling correction
    CHECK_FALSE(parsed.words[1].alias);
    // The aliases are highlighted too, but not the small words of a multi-word one.
    const auto& hl = parsed.highlight;
    CHECK(std::find(hl.begin(), hl.end(), "kyiv") != hl.end());
    const auto us = parse_query("U.S.", kToday, {}, {}, fake_aliases).highlight;
    CHECK(std::find(us.begin(), us.end(), "united") != us.end());
    CHECK(std::find(us.begin(), us.end(), "of") == us.end());
}

TEST_CASE("query_parser: like: needs the searcher's hook and passes the id and its position", "[query]") {
    std::string reason;
    CHECK(error_at("like:a1", &reason) == 0);
    CHECK(reason.find("like:") != std::string::npos);
    std::string seen_id;
    std::size_t seen_at = 0;
    const annals::detail::LikeQuery like = [&](const std::string& id, std::size_t at) {
        seen_id = id;
        seen_at = at;
        return Xapian::Query("Q" + id);
    };
    const auto parsed = parse_query("war like:a1", kToday, {}, like);
    CHECK(parsed.readable == "(AND war like:\"a1\")");
    CHECK(seen_id == "a1");
    CHECK(seen_at == 9);
}

TEST_CASE("query_parser: limits instead of exhaustion", "[query]") {
    // Regression: every '(' recursed without a bound, so a long run of them
    // overflowed the stack (found while writing the query parser's fuzz target).
    std::string reason;
    CHECK(error_at(std::string(5000, '(') + "peace", &reason) == annals::kMaxQueryNesting);
    CHECK(reason == "parentheses nested deeper than 64 levels");
    const std::string nested_ok = std::string(annals::kMaxQueryNesting, '(') + "peace" +
                                  std::string(annals::kMaxQueryNesting, ')');
    CHECK(readable(nested_ok) == "peace");

    // The length limit: at the limit a query parses, one byte more is refused at that byte.
    std::string longest;
    while (longest.size() + 6 <= annals::kMaxQueryBytes) longest += "peace ";
    longest.resize(annals::kMaxQueryBytes, 'x');
    CHECK(error_at(longest) == std::string::npos);
    CHECK(error_at(longest + "x", &reason) == annals::kMaxQueryBytes);
    CHECK(reason == "query is longer than the limit of 8192 bytes");

}
