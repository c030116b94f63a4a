// A hand-written temporal tagger for English news text.
//
// The text is cut into light tokens (letter runs, digit runs, single
// punctuation marks; no allocation per token), then at each token a small set
// of grammars is tried ("[the] [early|late|mid] <core>", where the core is a
// calendar date, a month, a weekday, a quarter, a relative unit phrase...). The
// leftmost-longest match wins, so mentions never overlap.
//
// Values are TimeML TIMEX3. Relative expressions are resolved against the
// reference date with the tense of the clause: the nearest tense marker around
// the expression (will/would/'ll/shall... for future; was/were/had/said and
// -ed verbs for past) decides between the previous and the next Tuesday.
//
// Numeric dates "11/27/2025" are read month first (US news usage) unless the
// first number cannot be a month (> 12), as in "27/11/2025". Spans follow
// TimeBank: determiners and modifiers belong to the mention ("the third
// quarter", "early next year", "last week"), prepositions do not.
//
// This file holds the grammar: find_dates(), the scan, the prefixes, the core
// dispatch and the recognisers of explicit dates. The tokens and the readings
// of the surrounding words are in dates_words.cpp; calendar arithmetic and the
// relative expressions in dates_relative.cpp; the class they share in
// dates_tagger.hpp.
#include "extract/dates.hpp"

#include <array>
#include <cstdint>
#include <string>

#include "extract/dates_tagger.hpp"
#include "util/ascii.hpp"

namespace annals::detail {

namespace dates {

// Month forms: "November 27, 2025", "Nov. 27", "February 2022", "June last year", "March".
std::optional<Found> Tagger::month_expr(int j) {
    if (!month_ok(j)) return std::nullopt;
    const int month = lex(j).v;
    int k = j;
    if (lex(j).plural && punct(k + 1, '.') && adjacent(k, k + 1)) ++k;
    if (const int d = day_at(k + 1); d > 0) {
        int e = k + 1;
        int y = -1;
        if (punct(e + 1, ',') && year_at(e + 2) > 0) {
            y = year_at(e + 2);
            e += 2;
        } else if (year_at(e + 1) > 0) {
            y = year_at(e + 1);
            e += 1;
        }
        if (y > 0) {
            if (d > days_in_month(y, month)) return std::nullopt;
            return Found{e, ymd({y, month, d}), false};
        }
        const CivilDate c = resolve_day(month, d, tense(j, e));
        return Found{e, ymd(c), true};
    }
    if (int y = year_at(k + 1); y > 0) return Found{k + 1, ym(y, month), false};
    if (int we = 0, y = word_year(k + 1, we); y > 0) return Found{we, ym(y, month), false};
    if ((punct(k + 1, ',') || is(k + 1, "of")) && year_at(k + 2) > 0)
        return Found{k + 2, ym(year_at(k + 2), month), false};
    if (lex(k + 2).cls == Lx::Unit && lex(k + 2).v == kYear && !lex(k + 2).plural) {
        const std::string_view s = w(k + 1);
        if (s == "last" || s == "this" || s == "next")
            return Found{k + 2, ym(ref_.year + (s == "last" ? -1 : s == "next" ? 1 : 0), month), true};
    }
    // "this year through August", "so far this year, in March": the year just named.
    for (int b = j - 1; b >= 1 && b >= j - 4 && toks_[b].sent == toks_[j].sent; --b)
        if (is(b, "year") && is(b - 1, "this")) return Found{k, ym(ref_.year, month), true};
    // "until January", "through March": a deadline, the next such month.
    const std::string_view p = w(j - 1);
    if ((p == "until" || p == "through" || p == "till" || p == "by") && month != ref_.month)
        return Found{k, ym(month > ref_.month ? ref_.year : ref_.year + 1, month), true};
    return Found{k, ym(resolve_month_year(month, tense(j, k)), month), true};
}

// "27 November 2025", "27th of November", "27 Nov".
std::optional<Found> Tagger::day_month(int j) {
    const int d = day_at(j);
    if (d < 0) return std::nullopt;
    int k = j + 1;
    if (is(k, "of")) ++k;
    if (!month_ok(k) && !(lex(k).cls == Lx::Month && upper(k) && w(k) != "may" && w(k) != "march"))
        return std::nullopt;
    const int month = lex(k).v;
    if (lex(k).plural && punct(k + 1, '.') && adjacent(k, k + 1)) ++k;
    int y = -1;
    if (year_at(k + 1) > 0) {
        y = year_at(k + 1);
        ++k;
    } else if (punct(k + 1, ',') && year_at(k + 2) > 0) {
        y = year_at(k + 2);
        k += 2;
    }
    if (y > 0) {
        if (d > days_in_month(y, month)) return std::nullopt;
        return Found{k, ymd({y, month, d}), false};
    }
    return Found{k, ymd(resolve_day(month, d, tense(j, k))), true};
}

// "Tuesday", "Thursday, November 27, 2025", "Friday morning".
std::optional<Found> Tagger::weekday_expr(int j) {
    const Lex l = lex(j);
    if (l.cls != Lx::Weekday || !upper(j)) return std::nullopt;
    int k = j;
    if (punct(k + 1, ',')) {
        if (auto f = month_expr(k + 2); f && f->value.size() == 10) return f;
        if (auto f = day_month(k + 2); f) return f;
    }
    if (auto f = month_expr(k + 1); f && f->value.size() == 10) return f;
    if (auto f = day_month(k + 1); f) return f;
    if (!has_ref_) return std::nullopt;
    // "will appeal Wednesday's ruling": the clause's verb governs the event the
    // weekday names, not the weekday; a possessive day names a reported event, so
    // it is the day just past unless the clause looks ahead (then the nearest one).
    bool possessive = false;
    for (int p = j + 1; p <= j + 2 && p < n(); ++p)
        if (is(p, "s")) {
            const std::string_view gap = text_.substr(toks_[j].e, toks_[p].s - toks_[j].e);
            possessive = gap == "'" || gap == "\xE2\x80\x99";
            break;
        }
    // "Until Thursday, they had not called him a suspect": a fronted "until" clause
    // takes the tense of the sentence.
    const bool fronted = j >= 1 && is(j - 1, "until") && (j == 1 || toks_[j - 2].sent != toks_[j - 1].sent) &&
                         punct(j + 1, ',');
    std::string v = weekday_value(l.v, 0, deadline(j) && !fronted ? 1 : possessive ? (tense(j, j) > 0 ? 0 : -1) : tense(j, j));
    v += time_suffix(k);
    return Found{k, v, true};
}

// Years, decades and centuries: "1998", "1990s", "'90s", "fiscal 1987", "the year 2000".
std::optional<Found> Tagger::year_expr(int j, bool context) {
    if (j < 0 || j >= n()) return std::nullopt;
    if (toks_[j].kind == Kind::Alnum) {
        const std::string_view s = w(j);
        // "1990s"
        if (s.size() == 5 && s[4] == 's' && s[3] == '0') {
            int v = 0;
            for (int k = 0; k < 4; ++k) {
                if (!is_ascii_digit(s[static_cast<std::size_t>(k)])) return std::nullopt;
                v = v * 10 + (s[static_cast<std::size_t>(k)] - '0');
            }
            if (v < 1000 || v > 2100) return std::nullopt;
            if (v % 100 == 0 && v < 2000) return Found{j, fmt("%02dXX", v / 100), false};
            return Found{j, fmt("%03dX", v / 10), false};
        }
        return std::nullopt;
    }
    // "'90s"
    if (punct(j, '\'') && toks_[j + 1 < n() ? j + 1 : j].kind == Kind::Alnum && adjacent(j, j + 1)) {
        const std::string_view s = w(j + 1);
        if (s.size() == 3 && s[2] == 's' && is_ascii_digit(s[0]) && s[1] == '0')
            return Found{j + 1, fmt("%d%dX", s[0] >= '3' ? 19 : 20, s[0] - '0'), false};
        return std::nullopt;
    }
    if (year_at(j) < 0) return std::nullopt;
    if (!context && !year_context(j)) return std::nullopt;
    return Found{j, yr(year_at(j)), false};
}

// Quarters and halves: "Q3 2025", "the third quarter", "third-quarter", "the fiscal
// first quarter of 1990", "the first half", "the quarter", "the year-earlier quarter".
std::optional<Found> Tagger::quarter_expr(int j) {
    int k = j;
    const std::string_view s = w(k);
    // "Q3", "Q3 2025", "Q3'25"
    if (toks_[k].kind == Kind::Alnum && s.size() == 2 && s[0] == 'h' && (s[1] == '1' || s[1] == '2') && upper(k) &&
        year_at(k + 1) > 0)
        return Found{k + 1, fmt("%04d-H%d", year_at(k + 1), s[1] - '0'), false};
    if (toks_[k].kind == Kind::Alnum && s.size() == 2 && s[0] == 'q' && s[1] >= '1' && s[1] <= '4' && upper(k)) {
        const int q = s[1] - '0';
        if (int y = year_at(k + 1); y > 0) return Found{k + 1, yq(y, q), false};
        if (!has_ref_) return std::nullopt;
        int y = ref_.year;
        if (q > (ref_.month - 1) / 3 + 1 && tense(j, k) < 0) --y;
        return Found{k, yq(y, q), true};
    }
    bool fiscal = false;
    if (s == "fiscal") {
        fiscal = true;
        ++k;
    }
    int q = -1;
    const Lex l = lex(k);
    if (l.cls == Lx::Ordinal) q = l.v;
    else if (day_at(k) > 0 && toks_[k].kind == Kind::Alnum && day_at(k) <= 4) q = day_at(k);
    // "the last half of 1989", "the latter half": the second half.
    else if ((s == "last" || s == "latter") && lex(k + 1).cls == Lx::Unit && lex(k + 1).v == kHalf &&
             !lex(k + 1).plural && is(k + 2, "of"))
        q = 2;
    if (q < 0 && !(s == "last" && is(k + 1, "two") && is(k + 2, "quarters"))) return std::nullopt;
    int e = k + 1;
    bool two_quarters = false;
    // "the first two quarters of 1990", "the last two quarters": a half year.
    if ((q == 1 || s == "last") && is(e, "two") && is(e + 1, "quarters") && (is(e + 2, "of") || is(e + 2, "in")) &&
        year_at(e + 3) > 0) {
        q = q == 1 ? 1 : 2;
        two_quarters = true;
        ++e;
    } else if (q < 0) {
        return std::nullopt;
    }
    if (punct(e, '-') && adjacent(k, e)) ++e;
    const Lex u = lex(e);
    if (!two_quarters && (u.cls != Lx::Unit || u.plural || (u.v != kQuarter && u.v != kHalf))) return std::nullopt;
    const bool half = two_quarters || u.v == kHalf;
    if (half && q > 2) return std::nullopt;
    (void)fiscal;
    auto value = [&](int y) { return half ? fmt("%04d-H%d", y, q) : yq(y, q); };
    if ((is(e + 1, "of") || is(e + 1, "in")) && year_at(e + 2) > 0) return Found{e + 2, value(year_at(e + 2)), false};
    if (year_at(e + 1) > 0 && !punct(e + 2, ',')) return Found{e + 1, value(year_at(e + 1)), false};
    if (is(e + 1, "of") && (is(e + 2, "this") || is(e + 2, "last") || is(e + 2, "next")) && is(e + 3, "year")) {
        if (!has_ref_) return std::nullopt;
        const int y = ref_.year + (is(e + 2, "last") ? -1 : is(e + 2, "next") ? 1 : 0);
        return Found{e + 3, value(y), true};
    }
    // "the last half of the duo" is no date: a last half needs its year.
    if (!has_ref_ || s == "last" || s == "latter") return std::nullopt;
    int y = ref_.year;
    const int cur = half ? (ref_.month <= 6 ? 1 : 2) : (ref_.month - 1) / 3 + 1;
    if (q > cur && tense(j, e) <= 0) --y;
    return Found{e, value(y), true};
}

// "2025-11-27", "11/27/2025", "27/11/2025", "11/27/98".
std::optional<Found> Tagger::number_date(int j) {
    if (!num(j)) return std::nullopt;
    if (ndigits(j) == 4 && punct(j + 1, '-') && num(j + 2) && ndigits(j + 2) == 2 && punct(j + 3, '-') &&
        num(j + 4) && ndigits(j + 4) == 2 && adjacent(j, j + 1) && adjacent(j + 1, j + 2) &&
        adjacent(j + 2, j + 3) && adjacent(j + 3, j + 4)) {
        const int y = numval(j), m = numval(j + 2), d = numval(j + 4);
        if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
        return Found{j + 4, ymd({y, m, d}), false};
    }
    if (ndigits(j) <= 2 && punct(j + 1, '/') && num(j + 2) && ndigits(j + 2) <= 2 && punct(j + 3, '/') &&
        num(j + 4) && (ndigits(j + 4) == 4 || ndigits(j + 4) == 2) && adjacent(j, j + 1) &&
        adjacent(j + 1, j + 2) && adjacent(j + 2, j + 3) && adjacent(j + 3, j + 4)) {
        int a = numval(j), b = numval(j + 2), y = numval(j + 4);
        if (ndigits(j + 4) == 2) y += y < 50 ? 2000 : 1900;
        if (a > 12) std::swap(a, b);  // day first only when it cannot be a month
        if (a < 1 || a > 12 || b < 1 || b > days_in_month(y, a)) return std::nullopt;
        if (punct(j + 5, '/') && adjacent(j + 4, j + 5)) return std::nullopt;
        return Found{j + 4, ymd({y, a, b}), false};
    }
    return std::nullopt;
}

// The expression core at token j (after any "the"/"early"/... prefix).
std::optional<Found> Tagger::core(int j, int prefix_start) {
    if (j < 0 || j >= n()) return std::nullopt;
    const Tok& t = toks_[j];
    const bool has_prefix = prefix_start < j;
    if (t.kind == Kind::Num || t.kind == Kind::Alnum) {
        if (auto f = number_date(j)) return f;
        // "the 21st century"
        if (t.kind == Kind::Alnum && day_at(j) > 0 && is(j + 1, "century") && day_at(j) <= 30)
            return Found{j + 1, fmt("%02dXX", day_at(j) - 1), false};
        // "the 1988 quarter": the quarter under discussion, in that year.
        if (const int y = year_at(j); y > 0 && (is(j + 1, "quarter") || is(j + 1, "period")) &&
                                      !last_quarter_.empty() && has_prefix)
            return Found{j + 1, yq(y, last_quarter_[6] - '0'), false, true};
        // "the 1988 third quarter"
        if (const int y = year_at(j); y > 0 && lex(j + 1).cls == Lx::Ordinal) {
            int e = j + 2;
            if (punct(e, '-')) ++e;
            const Lex u = lex(e);
            const int q = lex(j + 1).v;
            if (u.cls == Lx::Unit && !u.plural && u.v == kQuarter) return Found{e, yq(y, q), false};
            if (u.cls == Lx::Unit && u.v == kHalf && q <= 2) return Found{e, fmt("%04d-H%d", y, q), false};
        }
        if (auto f = day_month(j)) return f;
        if (auto f = counted_ago(j)) return f;
        if (t.kind == Kind::Alnum)
            if (auto f = quarter_expr(j)) return f;
        if (t.kind == Kind::Alnum && !is_ascii_digit(lower_[t.s])) return std::nullopt;
        return year_expr(j, has_prefix);
    }
    if (t.kind == Kind::Punct) return year_expr(j, has_prefix);  // "'90s"
    const Lex l = lex(j);
    const std::string_view s = w(j);
    switch (l.cls) {
        case Lx::Month:
            return month_expr(j);
        case Lx::Weekday:
            return weekday_expr(j);
        case Lx::RelDay: {
            if (!has_ref_) return std::nullopt;
            // "today's world", "the people of tomorrow": the present or future at large,
            // not a day.
            if (l.v != -1 && generic_day(j)) return std::nullopt;
            // "USA Today", "VOA Today": a capitalised "Today" inside a name is a title.
            if (l.v == 0 && upper(j) && j > 0 && toks_[j - 1].sent == toks_[j].sent &&
                toks_[j - 1].kind != Kind::Punct && upper(j - 1) && lex(j - 1).cls == Lx::None &&
                text_.substr(toks_[j - 1].e, toks_[j].s - toks_[j - 1].e) == " ")
                return std::nullopt;
            int e = j;
            std::string v = ymd(add_days(ref_, l.v));
            v += time_suffix(e);
            return Found{e, v, true};
        }
        case Lx::Ordinal:
            return quarter_expr(j);
        case Lx::Unit:
            // "years ago", "decades earlier": vague past.
            if (l.plural && (is(j + 1, "ago") || (is(j + 1, "earlier") && !has_prefix)) && l.v >= kWeek)
                return Found{j + 1, "PAST_REF", false};
            break;
        case Lx::NumWord: {
            if (auto f = counted_ago(j)) return f;
            int e = j;
            if (const int y = word_year(j, e); y > 0) return Found{e, yr(y), false};
            return std::nullopt;
        }
        case Lx::Season: {
            static constexpr std::array<std::string_view, 4> code{"SP", "SU", "FA", "WI"};
            // "the Summer Games", "Winter Olympics" name events, not seasons.
            if (is(j + 1, "games") || is(j + 1, "olympics") || is(j + 1, "olympic") || is(j + 1, "paralympics") ||
                is(j + 1, "paralympic") || (year_at(j + 1) > 0 && (is(j + 2, "games") || is(j + 2, "olympics"))))
                return std::nullopt;
            int e = j;
            int y = -1;
            int we = 0;
            if (year_at(j + 1) > 0) y = year_at(++e);
            else if (is(j + 1, "of") && year_at(j + 2) > 0) y = year_at(j + 2), e = j + 2;
            else if (is(j + 1, "of") && word_year(j + 2, we) > 0) y = word_year(j + 2, we), e = we;
            if (y > 0) return Found{e, yr(y) + "-" + std::string(code[static_cast<std::size_t>(l.v)]), false};
            // A bare season only after a date-like word ("in the spring", "early summer").
            const std::string_view p = w(prefix_start - 1);
            if (!has_ref_ || !(has_prefix || p == "in" || p == "during" || p == "by" || p == "until" ||
                               p == "since" || p == "this"))
                return std::nullopt;
            if (s == "fall" && !has_prefix) return std::nullopt;
            int yy = ref_.year;
            const int cur = ref_.month == 12 || ref_.month <= 2 ? 3 : (ref_.month - 3) / 3;
            if (tense(j, e) < 0 && l.v > cur) --yy;
            return Found{e, yr(yy) + "-" + std::string(code[static_cast<std::size_t>(l.v)]), true};
        }
        default:
            break;
    }
    // A sentence-opening "Now," or "Now for ..." turns the discourse ("Now, he says, ...").
    if (s == "now" && upper(j) && (punct(j + 1, ',') || is(j + 1, "for")) &&
        (j == 0 || toks_[j - 1].sent != toks_[j].sent || toks_[j - 1].kind == Kind::Punct))
        return std::nullopt;
    if (s == "now" || s == "currently" || s == "nowadays") return Found{j, "PRESENT_REF", false};
    // The adjective "current" ("its current position", "current market conditions") is the
    // present (TimeML tags the word alone), "then current" the past; not the electric
    // current, the accounting terms, nor "the current (fiscal) year", a unit phrase.
    if (s == "current" && toks_[j].kind == Kind::Word && j + 1 < n() && toks_[j + 1].kind == Kind::Word &&
        lex(j + 1).cls != Lx::Unit && lex(j + 2).cls != Lx::Unit && !is(j + 1, "account") && !is(j + 1, "accounts") && !is(j + 1, "assets") &&
        !is(j + 1, "liabilities") && !is(j + 1, "ratio") && !is(j + 1, "flows") && !is(j + 1, "flowing") &&
        !is(j + 1, "affairs") && !is(j + 1, "events") && !is(j - 1, "electric") && !is(j - 1, "electrical") &&
        !is(j - 1, "alternating") && !is(j - 1, "direct") && !is(j - 1, "ocean") && !is(j - 1, "strong")) {
        if (is(j - 1, "then")) return Found{j, "PAST_REF", false};
        return Found{j, "PRESENT_REF", false, false, j};
    }
    // "previously" and "formerly" order events ("previously, the company advertised")
    // rather than name a time, and TimeML leaves them untagged (4 of 46 in TimeBank).
    // After a perfect or passive auxiliary ("have recently moved", "was recently extended")
    // "recently" is aspect, which TimeBank leaves untagged.
    if ((s == "recently" || s == "lately") && !is(j - 1, "the") && !is(j - 1, "have") && !is(j - 1, "has") &&
        !is(j - 1, "had") && !is(j - 1, "was") && !is(j - 1, "were") && !is(j - 1, "been"))
        return Found{j, "PAST_REF", false};
    // "as soon as", "soon after" are conjunctions, "future earnings" an adjective.
    if (s == "soon" && !is(j - 1, "as") && !is(j + 1, "after")) {
        // In a past narrative ("was soon released", "soon became a flood") "soon" orders
        // events and names no future.
        if (is(j - 1, "was") || is(j - 1, "were") || is(j - 1, "had")) return std::nullopt;
        const std::string_view nx = w(j + 1);
        if (toks_.size() > static_cast<std::size_t>(j + 1) && toks_[j + 1].kind == Kind::Word &&
            ((nx.size() > 4 && nx.substr(nx.size() - 2) == "ed") || nx == "became" || nx == "came" ||
             nx == "went" || nx == "began" || nx == "left" || nx == "found" || nx == "got" || nx == "took"))
            return std::nullopt;
        return Found{j, "FUTURE_REF", false};
    }
    // "the future of our peoples" is their prospects, not a time.
    if (s == "future" && has_prefix && (is(j - 1, "the") || is(j - 1, "near")) && !is(j - 1, "foreseeable") &&
        !is(j + 1, "of"))
        return Found{j, "FUTURE_REF", false};
    if (s == "past" && has_prefix && w(prefix_start) == "the" && prefix_start == j - 1 &&
        lex(j + 1).cls != Lx::Unit && !num(j + 1) && lex(j + 1).cls != Lx::NumWord && !is(j + 1, "few") &&
        !is(j + 1, "several"))
        return Found{j, "PAST_REF", false};
    if (s == "these" && is(j + 1, "days")) return Found{j + 1, "PRESENT_REF", false};
    if (s == "several" || s == "many" || s == "some") return counted_ago(j);
    // "that year", "that same day": the last year or day mentioned.
    if (s == "that" && is(j + 1, "year") && last_year_ > 0) return Found{j + 1, yr(last_year_), true, true};
    if (s == "that" && last_anchor_ && anchor_is_day_) {
        const int k = is(j + 1, "same") ? j + 2 : j + 1;
        if (is(k, "day")) return Found{k, ymd(*last_anchor_), true, true};
    }
    if (s == "next" && has_prefix && is(j - 1, "the") && (is(j + 1, "day") || lex(j + 1).cls == Lx::TimeOfDay) &&
        last_anchor_ && anchor_is_day_)
        return Found{j + 1, ymd(add_days(*last_anchor_, 1)), true, true};
    if (s == "day" && has_prefix && is(j - 1, "the") && (is(j + 1, "before") || is(j + 1, "after")) &&
        (j + 2 >= n() || toks_[j + 2].kind == Kind::Punct) && last_anchor_ && anchor_is_day_)
        return Found{j + 1, ymd(add_days(*last_anchor_, is(j + 1, "before") ? -1 : 1)), true, true};
    // "the nineties", "the twenties"
    if (has_prefix && is(j - 1, "the")) {
        static constexpr std::array<std::string_view, 8> decades{"twenties", "thirties", "forties", "fifties",
                                                                 "sixties", "seventies", "eighties", "nineties"};
        for (std::size_t d = 0; d < decades.size(); ++d)
            if (s == decades[d]) return Found{j, fmt("19%dX", static_cast<int>(d) + 2), false};
    }
    if (s == "fiscal") {
        int k = j + 1;
        if (is(k, "year")) ++k;
        if (int y = year_at(k); y > 0) return Found{k, yr(y), false};
        if (k == j + 2 && has_prefix && is(j - 1, "the") && has_ref_) return Found{j + 1, yr(ref_.year), true};
        if (toks_[std::min(k, n() - 1)].kind == Kind::Alnum) return std::nullopt;
        return quarter_expr(j);
    }
    if (s == "fy" && upper(j)) {
        if (int y = year_at(j + 1); y > 0) return Found{j + 1, yr(y), false};
        return std::nullopt;
    }
    if (toks_[j].kind == Kind::Word && s.size() == 2 && s[0] == 'q') return std::nullopt;
    if (s == "year" && is(j + 1, "-") && adjacent(j, j + 1) && (is(j + 2, "earlier") || is(j + 2, "ago")) && has_ref_) {
        int e = j + 2;
        // "the year-earlier third quarter"
        if (lex(e + 1).cls == Lx::Ordinal && lex(e + 1).v <= 4 && is(e + 2, "quarter")) {
            int y = ref_.year;
            if (!last_quarter_.empty()) y = std::stoi(last_quarter_.substr(0, 4));
            return Found{e + 2, yq(y - 1, lex(e + 1).v), true, true};
        }
        if (lex(e + 1).cls == Lx::Unit && lex(e + 1).v == kQuarter) ++e;
        else if (is(e + 1, "period") || is(e + 1, "level") || is(e + 1, "levels")) ++e;
        if (!last_quarter_.empty())
            return Found{e, yq(std::stoi(last_quarter_.substr(0, 4)) - 1, last_quarter_[6] - '0'), true, true};
        return Found{e, yr(ref_.year - 1), true};
    }
    if (s == "year" && is(j + 1, "-") && is(j + 2, "end") && adjacent(j, j + 1) && has_ref_) {
        // "since year-end" counts from the last one; otherwise the coming one.
        const int first = has_prefix ? prefix_start : j;
        const bool since = is(first - 1, "since") && !(ref_.month == 12 && ref_.day == 31);
        return Found{j + 2, ymd({ref_.year - (since ? 1 : 0), 12, 31}), true};
    }
    if (s == "year" && year_at(j + 1) > 0 && has_prefix) return Found{j + 1, yr(year_at(j + 1)), false};
    if (s == "year" && is(j + 1, "two") && is(j + 2, "thousand")) return Found{j + 2, "2000", false};
    // "the week of March 6": the ISO week holding that day.
    if (s == "week" && has_prefix && is(j - 1, "the") && is(j + 1, "of")) {
        std::optional<Found> f = month_expr(j + 2);
        if (!f || f->value.size() != 10) f = day_month(j + 2);
        if (f && f->value.size() == 10)
            if (auto d = parse_iso_date(f->value)) return Found{f->last, iso_week(*d), f->relative};
    }
    if (s == "weekend" && has_prefix && is(j - 1, "the") && has_ref_) {
        // The weekend just past when the clause is in the past, else the coming one.
        const int t = tense(j, j);
        const int sh = (t < 0 && weekday(ref_) < 5) ? -1 : 0;
        return Found{j, iso_week(add_days(ref_, 7 * sh)) + "-WE", true};
    }
    // "the quarter-to-quarter comparison" compares quarters and names none.
    if ((s == "quarter" || s == "period") && has_prefix && has_ref_ && !(punct(j + 1, '-') && is(j + 2, "to"))) {
        // "the quarter", "the latest quarter": the quarter just ended (reporting season).
        const std::string_view p = w(j - 1);
        if (p == "the" || p == "latest" || p == "same" || p == "comparable" || p == "corresponding" ||
            (p == "recent" && is(j - 2, "most"))) {
            if (s == "period" && last_quarter_.empty()) return std::nullopt;
            // "the latest quarter" is the one just ended; "the quarter" the one under discussion.
            const bool latest = p == "latest" || p == "recent";
            // "the corresponding period last year", "the same quarter a year earlier": a year back.
            int e = j, back = 0;
            if (!latest && is(j + 1, "last") && is(j + 2, "year")) e = j + 2, back = 1;
            else if (!latest && is(j + 1, "a") && is(j + 2, "year") && (is(j + 3, "ago") || is(j + 3, "earlier")))
                e = j + 3, back = 1;
            // "the quarter ended July 31": unless the article named the (fiscal) quarter
            // already, it is the calendar quarter holding most of it, that of its middle month.
            if (s == "quarter" && back == 0 && last_quarter_.empty() && (is(j + 1, "ended") || is(j + 1, "ending"))) {
                if (auto f = month_expr(j + 2); f && f->value.size() == 10)
                    if (auto d = parse_iso_date(f->value)) {
                        int y = d->year, mid = d->month - 1;
                        if (mid == 0) mid = 12, --y;
                        return Found{j, yq(y, (mid - 1) / 3 + 1), f->relative};
                    }
            }
            if (!last_quarter_.empty() && !latest) {
                if (back == 0) return Found{j, last_quarter_, true, true};
                return Found{e, yq(std::stoi(last_quarter_.substr(0, 4)) - 1, last_quarter_[6] - '0'), true, true};
            }
            int y = ref_.year, q = (ref_.month - 1) / 3 + 1;
            shift_quarter(y, q, -1);
            return Found{e, yq(y - back, q), true};
        }
    }
    if (s == "year" && has_prefix && has_ref_ && (is(j - 1, "the") || is(j - 1, "full")) &&
        !is(j + 1, "before") && !is(j + 1, "earlier") && !is(j + 1, "after") && !is(j + 1, "later") &&
        !is(j + 1, "-") && !punct(j + 1, '\''))
        return Found{j, yr(ref_.year), true};
    if ((s == "last" || s == "latter") && (is(j + 1, "half") || (is(j + 1, "two") && is(j + 2, "quarters"))))
        if (auto f = quarter_expr(j)) return f;
    if (auto f = shifted(j)) return f;
    if (auto f = holiday(j)) return f;
    return std::nullopt;
}

// Prefixes that belong to the mention: "the", "early", "late", "mid-", "the end of".
std::optional<Found> Tagger::match(int i) {
    int j = i;
    if (is(j, "the")) {
        ++j;
        if (is(j, "latest") || is(j, "same") || is(j, "comparable") || is(j, "corresponding") ||
            is(j, "near") || is(j, "distant") || is(j, "immediate") || is(j, "full") || is(j, "whole") ||
            is(j, "entire"))
            ++j;
        else if (is(j, "most") && is(j + 1, "recent"))
            j += 2;
        // Absolute dates do not take the article ("the Oct. 23 meeting", "the 1960s"),
        // nor the adjective "third-quarter"; units and vague words do ("the third quarter").
        const Kind k = j < n() ? toks_[j].kind : Kind::Punct;
        const Lx c = lex(j).cls;
        if (j == i + 1 && (k == Kind::Num || k == Kind::Alnum || k == Kind::Punct || c == Lx::Month ||
                           c == Lx::Weekday)) {
            auto f = core(j, i);
            // ...but "the 1988 quarter", "the 20th century" are unit phrases and keep it.
            const std::string_view u = f ? w(f->last) : std::string_view();
            if (f && u != "quarter" && u != "period" && u != "century" && u != "half") f->first = j;
            return f;
        }
        if (j == i + 1 && (c == Lx::Ordinal || is(j, "fiscal"))) {
            auto f = core(j, i);
            if (f && punct(f->last - 1, '-')) f->first = j;
            return f;
        }
    }
    // "the end of", "the beginning of", "the start of", "the middle of"
    if ((is(j, "end") || is(j, "beginning") || is(j, "start") || is(j, "middle")) && is(j + 1, "of") && j > i) {
        j += 2;
        // "the end of the year", "the start of the month": the reference year or month.
        if (is(j, "the") && has_ref_ && (is(j + 1, "year") || is(j + 1, "month")) && !is(j + 2, "-")) {
            if (is(j + 1, "year")) return Found{j + 1, yr(ref_.year), true};
            return Found{j + 1, ym(ref_.year, ref_.month), true};
        }
    }
    if (is(j, "early") || is(j, "late") || is(j, "mid") || is(j, "earlier") || is(j, "later")) {
        const bool rel = is(j, "earlier") || is(j, "later");
        int k = j + 1;
        if (punct(k, '-') && adjacent(j, k)) ++k;
        if (rel && !(is(k, "this") || is(k, "that") || is(k, "next") || is(k, "last") ||
                     lex(k).cls == Lx::Weekday || lex(k).cls == Lx::RelDay || is(k, "in")))
            return j > i ? core(j, i) : std::nullopt;
        if (rel && is(k, "in") && is(k + 1, "the") && (is(k + 2, "year") || is(k + 2, "week") || is(k + 2, "month")) &&
            has_ref_) {
            const std::string_view u = w(k + 2);
            const std::string v = u == "year" ? yr(ref_.year)
                                : u == "month" ? ym(ref_.year, ref_.month)
                                               : iso_week(ref_);
            return Found{k + 2, v, true};
        }
        if (rel && is(k, "that") && (is(k + 1, "year") || is(k + 1, "day") || is(k + 1, "month"))) {
            if (is(k + 1, "year") && last_year_ > 0) return Found{k + 1, yr(last_year_), true};
            return std::nullopt;
        }
        if (auto f = core(k, i)) return f;
        return std::nullopt;
    }
    if (j > i) {
        if (auto f = core(j, i)) return f;
        return std::nullopt;
    }
    // "nearly four years ago", "about a week ago": the approximation belongs to the mention.
    if ((is(i, "nearly") || is(i, "almost") || is(i, "about") || is(i, "roughly") || is(i, "approximately")) &&
        (num(i + 1) || lex(i + 1).cls == Lx::NumWord))
        if (auto f = counted_ago(i + 1)) return f;
    return core(i, i);
}

std::vector<Entity> Tagger::run(Field field) {
    std::vector<Entity> out;
    const auto& lx = lexicon();
    for (int i = 0; i < n();) {
        const Tok& t = toks_[i];
        // Quick filter: only numbers, known words and "'" can start a mention.
        bool candidate = t.kind != Kind::Punct || lower_[t.s] == '\'';
        if (t.kind == Kind::Word) candidate = lx.count(w(i)) > 0;
        if (t.kind == Kind::Alnum) {
            const char c = lower_[t.s];
            candidate = is_ascii_digit(c) || c == 'q' || c == 'h';
        }
        std::optional<Found> f;
        if (candidate) f = match(i);
        if (!f || f->last < i || (f->relative && !has_ref_)) {
            ++i;
            continue;
        }
        if (title(i, f->last)) {
            i = f->last + 1;
            continue;
        }
        Entity e;
        e.type = EntityType::Date;
        e.field = field;
        e.start = toks_[f->first >= i && f->first <= f->last ? f->first : i].s;
        e.end = toks_[f->last].e;
        e.text = std::string(text_.substr(e.start, e.end - e.start));
        e.value = f->value;
        if (!f->anaphor) remember(e.value, toks_[i].sent);
        // "the quarter", "the latest period" keep the quarter under discussion alive.
        else if (e.value == last_quarter_) last_quarter_sent_ = toks_[i].sent;
        out.push_back(std::move(e));
        i = f->last + 1;
    }
    return out;
}

}  // namespace dates

std::vector<Entity> find_dates(std::string_view text, Field field, const std::optional<CivilDate>& reference) {
    if (text.empty() || text.size() > 0xFFFFFFF0u) return {};
    dates::Tagger tagger(text, reference);
    return tagger.run(field);
}

}  // namespace annals::detail
