// The relative side of the temporal tagger: calendar arithmetic (ISO weeks,
// month and quarter shifts, Easter, the n-th weekday of a month), the choice of
// year or day for a bare month, month-day or weekday against the reference date
// and the tense, the memory of earlier mentions that anaphors read ("the
// following month", "a year ago" after a quarter), and the recognisers of the
// expressions that need them: "last week", "two years ago", holidays. Kept apart
// from the grammar (dates.cpp) because this is where TimeML values are computed
// rather than read off the text.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

#include "extract/dates_tagger.hpp"
#include "util/ascii.hpp"

namespace annals::detail::dates {

std::string fmt(const char* f, int a, int b, int c) {
    char buf[40];
    std::snprintf(buf, sizeof buf, f, a, b, c);
    return buf;
}
std::string ymd(const CivilDate& d) { return fmt("%04d-%02d-%02d", d.year, d.month, d.day); }
std::string ym(int y, int m) { return fmt("%04d-%02d", y, m); }
std::string yr(int y) { return fmt("%04d", y); }
std::string yq(int y, int q) { return fmt("%04d-Q%d", y, q); }

CivilDate add_days(const CivilDate& d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }

// ISO 8601 week of a date: the year is that of the week's Thursday.
std::string iso_week(const CivilDate& d) {
    const std::int64_t n = days_from_civil(d);
    const CivilDate thu = civil_from_days(n - weekday(d) + 3);
    const std::int64_t jan1 = days_from_civil({thu.year, 1, 1});
    const int w = static_cast<int>((days_from_civil(thu) - jan1) / 7) + 1;
    return fmt("%04d-W%02d", thu.year, w);
}

void shift_month(int& y, int& m, int by) {
    int idx = y * 12 + (m - 1) + by;
    y = idx / 12;
    m = idx % 12 + 1;
}

void shift_quarter(int& y, int& q, int by) {
    int idx = y * 4 + (q - 1) + by;
    y = idx / 4;
    q = idx % 4 + 1;
}

namespace {

// Easter Sunday (anonymous Gregorian computus).
CivilDate easter(int y) {
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return {y, month, day};
}

// The n-th (1-based; -1 = last) weekday wd of a month.
CivilDate nth_weekday(int y, int m, int wd, int n) {
    if (n > 0) {
        const CivilDate first{y, m, 1};
        const int off = (wd - weekday(first) + 7) % 7;
        return {y, m, 1 + off + 7 * (n - 1)};
    }
    const CivilDate last{y, m, days_in_month(y, m)};
    const int off = (weekday(last) - wd + 7) % 7;
    return {y, m, last.day - off};
}

}  // namespace

// Year of a bare month: the reference year, moved back (past) or forward (future).
int Tagger::resolve_month_year(int month, int t) const {
    const int f = (month - ref_.month + 12) % 12, b = (ref_.month - month + 12) % 12;
    if (f == 0) return ref_.year;
    const int fwd = month > ref_.month ? ref_.year : ref_.year + 1;
    const int back = month < ref_.month ? ref_.year : ref_.year - 1;
    if (t > 0) return fwd;
    if (t < 0) return f <= 2 ? fwd : back;
    return f < b ? fwd : back;
}

constexpr std::int64_t kTensePenaltyDays = 90;

// Year of a month-day without year: the reference year unless the tense puts
// it more than three months away on the wrong side.
CivilDate Tagger::resolve_day(int month, int day, int t) const {
    // The occurrence nearest to the reference, a wrong-tense side costing two months.
    CivilDate best{ref_.year, month, day};
    std::int64_t best_cost = -1;
    for (int y = ref_.year - 1; y <= ref_.year + 1; ++y) {
        const CivilDate c{y, month, std::min(day, days_in_month(y, month))};
        const std::int64_t diff = days_from_civil(c) - days_from_civil(ref_);
        std::int64_t cost = diff < 0 ? -diff : diff;
        if ((t < 0 && diff > 0) || (t > 0 && diff < 0)) cost += kTensePenaltyDays;
        if (best_cost < 0 || cost < best_cost) best = c, best_cost = cost;
    }
    return best;
}

std::string Tagger::weekday_value(int wd, int shift, int t) const {
    const int rw = weekday(ref_);
    const int back = (rw - wd + 7) % 7;  // days back to the previous (or same) such day
    std::int64_t off;
    if (shift < 0) off = back == 0 ? -7 : -back;
    else if (shift > 0) off = back == 0 ? 7 : 7 - back;
    else if (t > 0) off = back == 0 ? 0 : 7 - back;
    else if (t < 0) off = -back;
    else off = back <= 3 ? -back : 7 - back;
    return ymd(add_days(ref_, off));
}

// "morning"/"night"... after a day: the TIMEX3 part of day suffix; advances k.
// TimeBank mostly gives "Friday night" the value of the day, so the part of the
// day only extends the mention.
std::string Tagger::time_suffix(int& k) const {
    if (lex(k + 1).cls == Lx::TimeOfDay) ++k;
    return {};
}

void Tagger::remember(const std::string& v, std::uint32_t sentence) {
    if (v.size() == 7 && v[5] == 'Q') last_quarter_ = v, last_quarter_sent_ = sentence;
    if (v.size() >= 4 && is_ascii_digit(v[0]) && is_ascii_digit(v[3]) &&
        (v.size() == 4 || v[4] == '-'))
        last_year_ = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    if (auto d = parse_iso_date(v); d && (v.size() == 7 || v.size() == 10)) {
        last_anchor_ = *d;
        anchor_is_day_ = v.size() == 10;
    }
}

// "last week", "next month", "this year", "the past year", "the coming weekend",
// "last Friday", "last fall", "last November", "recent years".
std::optional<Found> Tagger::shifted(int j) {
    const std::string_view s = w(j);
    int shift;
    if (s == "last" || s == "past" || s == "previous") shift = -1;
    else if (s == "next" || s == "coming" || s == "following" || s == "upcoming") shift = 1;
    else if (s == "this" || s == "current" || s == "these") shift = 0;
    else if (s == "recent") shift = -2;  // only with plurals
    else return std::nullopt;
    int k = j + 1;
    if (s == "this" && (is(k, "past") || is(k, "coming"))) {
        shift = is(k, "past") ? -1 : 1;
        ++k;
    }
    if (is(k, "fiscal") && is(k + 1, "year")) ++k;
    // "the past few years", "recent days", "coming months": vague.
    bool few = false;
    if (is(k, "few") || is(k, "several") || is(k, "couple")) {
        few = true;
        ++k;
        if (is(k, "of")) ++k;
    }
    const Lex l = lex(k);
    if (l.cls == Lx::Unit && l.plural) {
        if (!few && shift != -2 && !(shift == 1 && (s == "coming" || s == "upcoming"))) return std::nullopt;
        if (l.v == kQuarter || l.v == kWeekend) return std::nullopt;
        return Found{k, shift > 0 ? "FUTURE_REF" : "PAST_REF", false};
    }
    if (few || shift == -2 || !has_ref_) return std::nullopt;
    if (s == "following" || s == "previous") {
        // Anaphoric ("the following month"): relative to the last date mentioned.
        if (l.cls == Lx::Unit && l.v == kYear && last_year_ > 0)
            return Found{k, yr(last_year_ + shift), true, true};
        if (l.cls == Lx::Unit && l.v == kMonth && last_anchor_) {
            int y = last_anchor_->year, m = last_anchor_->month;
            shift_month(y, m, shift);
            return Found{k, ym(y, m), true, true};
        }
        if (l.cls == Lx::Unit && l.v == kDay && last_anchor_ && anchor_is_day_)
            return Found{k, ymd(add_days(*last_anchor_, shift)), true, true};
        if (l.cls != Lx::Unit) return std::nullopt;
    }
    // "last year's quarter", "last year's period": the quarter under discussion, a year back.
    if (l.cls == Lx::Unit && !l.plural && l.v == kYear && s == "last" && !last_quarter_.empty() &&
        punct(k + 1, '\'') && is(k + 2, "s") && (is(k + 3, "quarter") || is(k + 3, "period")))
        return Found{k + 3, yq(std::stoi(last_quarter_.substr(0, 4)) - 1, last_quarter_[6] - '0'), true, true};
    if (l.cls == Lx::Unit && !l.plural) {
        const int t = tense(j, k);
        switch (l.v) {
            case kDay:
                return std::nullopt;
            case kWeek:
                return Found{k, iso_week(add_days(ref_, 7 * shift)), true};
            case kWeekend: {
                // The weekend of the reference week; "last weekend" the one before. A bare
                // "this weekend" on Monday-Thursday in past tense means the one just past.
                int sh = shift;
                if (shift == 0 && t < 0 && weekday(ref_) < 4) sh = -1;
                return Found{k, iso_week(add_days(ref_, 7 * sh)) + "-WE", true};
            }
            case kMonth: {
                int y = ref_.year, m = ref_.month;
                shift_month(y, m, shift);
                return Found{k, ym(y, m), true};
            }
            case kQuarter: {
                // In an earnings report "this quarter's loss" is the quarter the article
                // named, not the calendar quarter of the report.
                if (s == "this" && shift == 0 && !last_quarter_.empty() && punct(k + 1, '\'') && is(k + 2, "s"))
                    return Found{k, last_quarter_, true, true};
                int y = ref_.year, q = (ref_.month - 1) / 3 + 1;
                shift_quarter(y, q, shift);
                return Found{k, yq(y, q), true};
            }
            case kYear:
                // "this year's third quarter"
                if (punct(k + 1, '\'') && is(k + 2, "s") && lex(k + 3).cls == Lx::Ordinal && lex(k + 3).v <= 4 &&
                    is(k + 4, "quarter"))
                    return Found{k + 4, yq(ref_.year + shift, lex(k + 3).v), true};
                return Found{k, yr(ref_.year + shift), true};
            case kDecade: {
                const int d = ref_.year / 10 + shift;
                return Found{k, fmt("%03dX", d), true};
            }
            case kCentury:
                return Found{k, fmt("%02dXX", ref_.year / 100 + shift), true};
            default:
                return std::nullopt;
        }
    }
    if (l.cls == Lx::Unit && l.v == kHalf) return std::nullopt;
    // "last night", "this morning": parts of the reference day (or the day before).
    if (l.cls == Lx::TimeOfDay && (s == "last" || s == "this") && !(s == "last" && l.v != 3))
        return Found{k, ymd(add_days(ref_, s == "last" ? -1 : 0)), true};
    if (l.cls == Lx::Weekday && upper(k)) {
        int e = k;
        std::string v = weekday_value(l.v, shift, tense(j, k));
        v += time_suffix(e);
        return Found{e, v, true};
    }
    if (l.cls == Lx::Month && upper(k) && (s == "last" || s == "next" || s == "this")) {
        // "last Oct. 23": the date itself; the modifier is not part of it.
        if (auto f = month_expr(k); f && f->value.size() == 10) {
            f->first = k;
            return f;
        }
        const int m = l.v;
        int y = ref_.year;
        if (shift < 0 && m >= ref_.month) --y;
        if (shift > 0 && m <= ref_.month) ++y;
        if (shift == 0) y = ref_.year;
        return Found{k, ym(y, m), true};
    }
    if (l.cls == Lx::Season && (s == "last" || s == "next" || s == "this" || s == "past" || s == "coming")) {
        static constexpr std::array<std::string_view, 4> code{"SP", "SU", "FA", "WI"};
        // Current season: Mar-May spring, Jun-Aug summer, Sep-Nov fall, Dec-Feb winter.
        const int cur = ref_.month == 12 || ref_.month <= 2 ? 3 : (ref_.month - 3) / 3;
        const int wy = ref_.month <= 2 ? ref_.year - 1 : ref_.year;  // winter's year starts in December
        int idx = wy * 4 + cur;
        const int sidx_this = (cur <= l.v) ? wy * 4 + l.v : (wy + 1) * 4 + l.v;
        int target;
        if (shift < 0) target = (l.v < cur) ? wy * 4 + l.v : (wy - 1) * 4 + l.v;
        else if (shift > 0) target = (l.v > cur) ? wy * 4 + l.v : (wy + 1) * 4 + l.v;
        else target = l.v == 3 ? wy * 4 + 3 : ref_.year * 4 + l.v;  // "this summer": this year's
        (void)sidx_this;
        (void)idx;
        return Found{k, yr(target / 4) + "-" + std::string(code[static_cast<std::size_t>(target % 4)]), true};
    }
    return std::nullopt;
}

// "two years ago", "a year earlier", "10 days ago", "several years ago".
std::optional<Found> Tagger::counted_ago(int j) {
    int k = j;
    int count = -1;
    bool vague = false;
    if (is(k, "a") && (is(k + 1, "few") || is(k + 1, "couple"))) {
        vague = true;
        k += 2;
        if (is(k, "of")) ++k;
    } else if (is(k, "several") || is(k, "many") || is(k, "some")) {
        vague = true;
        ++k;
    } else if (lex(k).cls == Lx::NumWord) {
        count = lex(k).v;
        ++k;
        // "twenty-five"
        if (count >= 20 && punct(k, '-') && lex(k + 1).cls == Lx::NumWord && lex(k + 1).v < 10) {
            count += lex(k + 1).v;
            k += 2;
        }
    } else if (num(k) && ndigits(k) <= 3) {
        count = numval(k);
        ++k;
    } else {
        return std::nullopt;
    }
    const Lex u = lex(k);
    if (u.cls != Lx::Unit) return std::nullopt;
    int e = k + 1;
    if (is(e, "or") && is(e + 1, "so")) e += 2;
    const std::string_view a = w(e);
    // "a year later than planned" compares lengths of time; it names no date.
    if ((a == "later" || a == "earlier") && is(e + 1, "than")) return std::nullopt;
    // "two days later": after the last day mentioned (only with one to count from).
    if (a == "later" && !vague && count > 0 && count <= 1000 && last_anchor_ && anchor_is_day_) {
        if (u.v == kDay) return Found{e, ymd(add_days(*last_anchor_, count)), true, true};
        if (u.v == kWeek) return Found{e, iso_week(add_days(*last_anchor_, 7 * count)), true, true};
        if (u.v == kMonth) {
            int y = last_anchor_->year, m = last_anchor_->month;
            shift_month(y, m, count);
            return Found{e, ym(y, m), true, true};
        }
        if (u.v == kYear) return Found{e, yr(last_anchor_->year + count), true, true};
        return std::nullopt;
    }
    if (a != "ago" && a != "earlier" && a != "before") return std::nullopt;
    if (a == "before" && !(punct(e + 1, '.') || punct(e + 1, ','))) return std::nullopt;
    if (vague) return Found{e, "PAST_REF", false};
    if (!has_ref_ || count < 0 || count > 1000) return std::nullopt;
    switch (u.v) {
        case kDay:
            return Found{e, ymd(add_days(ref_, -count)), true};
        case kWeek:
            return Found{e, iso_week(add_days(ref_, -7 * count)), true};
        case kMonth: {
            int y = ref_.year, m = ref_.month;
            shift_month(y, m, -count);
            return Found{e, ym(y, m), true};
        }
        case kQuarter: {
            int y = ref_.year, q = (ref_.month - 1) / 3 + 1;
            shift_quarter(y, q, -count);
            return Found{e, yq(y, q), true};
        }
        case kYear:
            // In an article about quarterly results, "a year ago" is that quarter a year back.
            if (count == 1 && !last_quarter_.empty() && toks_[j].sent - last_quarter_sent_ <= kQuarterReach) {
                int y = std::stoi(last_quarter_.substr(0, 4)) - 1;
                return Found{e, yq(y, last_quarter_[6] - '0'), true, true};
            }
            return Found{e, yr(ref_.year - count), true};
        case kDecade:
            return Found{e, yr(ref_.year - 10 * count), true};
        default:
            return std::nullopt;
    }
}

// Holidays with a fixed rule: "Christmas", "New Year's Day", "Thanksgiving", "Easter".
std::optional<Found> Tagger::holiday(int j) {
    if (!upper(j)) return std::nullopt;
    const std::string_view s = w(j);
    int e = j;
    int month = 0, day = 0;
    int kind = 0;  // 1 thanksgiving, 2 easter
    if (s == "christmas") {
        month = 12, day = 25;
        if (is(j + 1, "day") && upper(j + 1)) e = j + 1;
        else if (is(j + 1, "eve") && upper(j + 1)) e = j + 1, day = 24;
    } else if (s == "new" && is(j + 1, "year") && upper(j + 1) && punct(j + 2, '\'') && is(j + 3, "s") &&
               (is(j + 4, "day") || is(j + 4, "eve")) && upper(j + 4)) {
        e = j + 4;
        month = is(j + 4, "day") ? 1 : 12, day = is(j + 4, "day") ? 1 : 31;
    } else if (s == "thanksgiving") {
        kind = 1, month = 11;
        if (is(j + 1, "day") && upper(j + 1)) e = j + 1;
    } else if (s == "halloween") {
        month = 10, day = 31;
    } else if (s == "easter" && !(is(j + 1, "island"))) {
        kind = 2;
        if (is(j + 1, "sunday") || is(j + 1, "day")) e = j + 1;
    } else if (s == "election" && is(j + 1, "day") && upper(j + 1)) {
        kind = 3, month = 11, e = j + 1;  // US: the Tuesday after the first Monday of November
    } else if (s == "independence" && is(j + 1, "day") && upper(j + 1)) {
        e = j + 1, month = 7, day = 4;
    } else {
        return std::nullopt;
    }
    int y = -1;
    if (year_at(e + 1) > 0) y = year_at(++e);
    else if (punct(e + 1, ',') && year_at(e + 2) > 0) y = year_at(e + 2), e += 2;
    const bool relative = y < 0;
    if (relative) {
        if (!has_ref_) return std::nullopt;
        y = ref_.year;
    }
    auto date = [&](int yy) -> CivilDate {
        if (kind == 1) return nth_weekday(yy, 11, 3, 4);
        if (kind == 2) return easter(yy);
        if (kind == 3) return add_days(nth_weekday(yy, 11, 0, 1), 1);
        return {yy, month, day};
    };
    CivilDate d = date(y);
    if (relative) {
        const std::int64_t diff = days_from_civil(d) - days_from_civil(ref_);
        const int t = tense(j, e);
        if ((t < 0 && diff > 30) || diff > 183) d = date(y - 1);
        else if ((t > 0 && diff < -30) || diff < -183) d = date(y + 1);
    }
    return Found{e, ymd(d), relative};
}

}  // namespace annals::detail::dates
