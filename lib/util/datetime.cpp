// Calendar arithmetic, TIMEX3 ranges and query dates. Everything is proleptic
// Gregorian and time-zone free: a "day" is a civil date, never an instant.
#include "util/datetime.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace annals::detail {

namespace {

// Floor division, so that dates before 1970 map correctly.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return (a >= 0 ? a : a - b + 1) / b;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::optional<int> to_int(std::string_view s) {
    if (!all_digits(s) || s.size() > 9) return std::nullopt;
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::int64_t day_number(int y, int m, int d) { return days_from_civil({y, m, d}); }

DayRange month_range(int y, int m) {
    return {day_number(y, m, 1), day_number(y, m, days_in_month(y, m))};
}

DayRange year_range(int y) { return {day_number(y, 1, 1), day_number(y, 12, 31)}; }

// Monday of ISO week 1: the week holding 4 January.
std::int64_t iso_week1_monday(int y) {
    const CivilDate jan4{y, 1, 4};
    return days_from_civil(jan4) - weekday(jan4);
}

int iso_weeks_in_year(int y) {
    return static_cast<int>((iso_week1_monday(y + 1) - iso_week1_monday(y)) / 7);
}

std::string lower_trimmed(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    std::string out;
    out.reserve(e - b);
    bool space = false;
    for (std::size_t i = b; i < e; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (std::isspace(c)) {
            space = true;
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
}

CivilDate add_months(const CivilDate& d, int months) {
    std::int64_t m0 = static_cast<std::int64_t>(d.year) * 12 + (d.month - 1) + months;
    const int y = static_cast<int>(floor_div(m0, 12));
    const int m = static_cast<int>(m0 - static_cast<std::int64_t>(y) * 12) + 1;
    const int dim = days_in_month(y, m);
    return {y, m, d.day > dim ? dim : d.day};
}

}  // namespace

std::int64_t days_from_civil(const CivilDate& date) {
    // Shift the year so that it starts on 1 March: the leap day is then the last day.
    const std::int64_t y = static_cast<std::int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;                                   // [0, 399]
    const std::int64_t mp = (date.month + 9) % 12;                            // March = 0
    const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;               // [0, 365]
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
    return {y, m, d};
}

int weekday(const CivilDate& date) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    const std::int64_t d = days_from_civil(date);
    return static_cast<int>(((d % 7) + 7 + 3) % 7);
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::string format_date(const CivilDate& date) {
    char buf[32];
    const int y = date.year;
    if (y >= 0)
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, date.month, date.day);
    else
        std::snprintf(buf, sizeof buf, "-%04d-%02d-%02d", -y, date.month, date.day);
    return buf;
}

std::optional<DayRange> timex_range(std::string_view v) {
    // Times of day ("2025-11-27TMO", "2025-11-27T09:22") cover their day.
    if (auto t = v.find('T'); t != std::string_view::npos && t >= 10) v = v.substr(0, t);
    if (v.size() < 4) return std::nullopt;
    const std::string_view ys = v.substr(0, 4);
    if (v.size() == 4) {
        if (all_digits(ys)) return year_range(*to_int(ys));
        // "199X" decade, "19XX" century.
        if (all_digits(ys.substr(0, 3)) && ys[3] == 'X') {
            const int d = *to_int(ys.substr(0, 3)) * 10;
            return DayRange{year_range(d).first, year_range(d + 9).last};
        }
        if (all_digits(ys.substr(0, 2)) && ys[2] == 'X' && ys[3] == 'X') {
            const int c = *to_int(ys.substr(0, 2)) * 100;
            return DayRange{year_range(c).first, year_range(c + 99).last};
        }
        return std::nullopt;
    }
    if (!all_digits(ys) || v[4] != '-') return std::nullopt;
    const int y = *to_int(ys);
    const std::string_view rest = v.substr(5);
    if (rest.size() == 2 && all_digits(rest)) {
        const int m = *to_int(rest);
        if (m < 1 || m > 12) return std::nullopt;
        return month_range(y, m);
    }
    if (rest.size() == 5 && all_digits(rest.substr(0, 2)) && rest[2] == '-' &&
        all_digits(rest.substr(3))) {
        const int m = *to_int(rest.substr(0, 2)), d = *to_int(rest.substr(3));
        if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
        const auto n = day_number(y, m, d);
        return DayRange{n, n};
    }
    if (rest.size() >= 3 && rest[0] == 'W' && all_digits(rest.substr(1, 2))) {
        const int w = *to_int(rest.substr(1, 2));
        if (w < 1 || w > iso_weeks_in_year(y)) return std::nullopt;
        const std::int64_t monday = iso_week1_monday(y) + 7 * (w - 1);
        if (rest.size() == 3) return DayRange{monday, monday + 6};
        if (rest.substr(3) == "-WE") return DayRange{monday + 5, monday + 6};
        return std::nullopt;
    }
    if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'H') && rest[1] >= '1') {
        const int n = rest[1] - '0';
        if (rest[0] == 'Q' && n <= 4)
            return DayRange{month_range(y, 3 * n - 2).first, month_range(y, 3 * n).last};
        if (rest[0] == 'H' && n <= 2)
            return DayRange{month_range(y, 6 * n - 5).first, month_range(y, 6 * n).last};
        return std::nullopt;
    }
    // Seasons, meteorological: spring Mar-May, summer Jun-Aug, autumn Sep-Nov;
    // winter YYYY is the winter that starts in December YYYY (Dec..Feb).
    if (rest == "SP") return DayRange{month_range(y, 3).first, month_range(y, 5).last};
    if (rest == "SU") return DayRange{month_range(y, 6).first, month_range(y, 8).last};
    if (rest == "FA") return DayRange{month_range(y, 9).first, month_range(y, 11).last};
    if (rest == "WI") return DayRange{month_range(y, 12).first, month_range(y + 1, 2).last};
    return std::nullopt;
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
    if (text.size() < 4 || !all_digits(text.substr(0, 4))) return std::nullopt;
    const int y = *to_int(text.substr(0, 4));
    if (text.size() == 4) return CivilDate{y, 1, 1};
    if (text[4] != '-' || text.size() < 7 || !all_digits(text.substr(5, 2))) return std::nullopt;
    const int m = *to_int(text.substr(5, 2));
    if (m < 1 || m > 12) return std::nullopt;
    if (text.size() == 7) return CivilDate{y, m, 1};
    if (text[7] != '-' || text.size() < 10 || !all_digits(text.substr(8, 2))) return std::nullopt;
    const int d = *to_int(text.substr(8, 2));
    if (d < 1 || d > days_in_month(y, m)) return std::nullopt;
    if (text.size() > 10 && text[10] != 'T' && text[10] != 't' && text[10] != ' ')
        return std::nullopt;
    return CivilDate{y, m, d};
}

std::optional<DayRange> parse_query_date(std::string_view text, const CivilDate& today) {
    std::string s = lower_trimmed(text);
    // "the 1990s", "the 80s": the article adds nothing.
    if (s.size() > 4 && s.compare(0, 4, "the ") == 0) s.erase(0, 4);
    if (s.empty()) return std::nullopt;
    const std::int64_t t = days_from_civil(today);
    const std::int64_t monday = t - weekday(today);

    if (s == "today" || s == "now") return DayRange{t, t};
    if (s == "yesterday") return DayRange{t - 1, t - 1};
    if (s == "tomorrow") return DayRange{t + 1, t + 1};
    if (s == "this week") return DayRange{monday, monday + 6};
    if (s == "last week") return DayRange{monday - 7, monday - 1};
    if (s == "next week") return DayRange{monday + 7, monday + 13};
    if (s == "this month") return month_range(today.year, today.month);
    if (s == "last month") {
        const CivilDate p = add_months({today.year, today.month, 1}, -1);
        return month_range(p.year, p.month);
    }
    if (s == "next month") {
        const CivilDate p = add_months({today.year, today.month, 1}, 1);
        return month_range(p.year, p.month);
    }
    if (s == "this year") return year_range(today.year);
    if (s == "last year") return year_range(today.year - 1);
    if (s == "next year") return year_range(today.year + 1);

    // "30d", "2w", "6m", "1y": the single day that long ago.
    if (s.size() >= 2 && std::string_view("dwmy").find(s.back()) != std::string_view::npos &&
        all_digits(std::string_view(s).substr(0, s.size() - 1))) {
        const auto n = to_int(std::string_view(s).substr(0, s.size() - 1));
        const char unit = s.back();
        if (n && *n <= 100000) {
            std::int64_t day = 0;
            switch (unit) {
                case 'd': day = t - *n; break;
                case 'w': day = t - 7LL * *n; break;
                case 'm': day = days_from_civil(add_months(today, -*n)); break;
                case 'y': day = days_from_civil(add_months(today, -12 * *n)); break;
                default: return std::nullopt;
            }
            return DayRange{day, day};
        }
    }
    // "1990s", "1900s" (a century only when written with two zeros? no: "1900s" is
    // the decade 1900-1909 in news use, so every "YYY0s" is a decade).
    if (s.size() == 5 && s[4] == 's' && all_digits(std::string_view(s).substr(0, 4)) && s[3] == '0') {
        const int d = *to_int(std::string_view(s).substr(0, 4));
        return DayRange{year_range(d).first, year_range(d + 9).last};
    }
    if (s.size() == 6 && s[5] == 's' && s[4] == '\'' && all_digits(std::string_view(s).substr(0, 4)) &&
        s[3] == '0') {
        const int d = *to_int(std::string_view(s).substr(0, 4));
        return DayRange{year_range(d).first, year_range(d + 9).last};
    }
    // Plain ISO forms and every other TIMEX3 value ("2025-W48", "2025-Q4"), upper-cased back.
    std::string upper = s;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return timex_range(upper);
}

CivilDate today_utc() {
    const std::time_t now = std::time(nullptr);
    return civil_from_days(floor_div(static_cast<std::int64_t>(now), 86400));
}

}  // namespace annals::detail
