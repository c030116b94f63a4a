// normalize_date(): the date and date-time forms archives write, to ISO 8601.
//
// Two passes: strict ISO 8601 first (kept nearly verbatim), then a small token
// scanner that collects weekday, day, month, year, time of day, AM/PM and zone
// from any order ("Thu, 27 Nov 2025 09:22:00 +0000", "Thursday, November 27,
// 2025 9:22 AM", "26-FEB-1987 15:01:01.79"), and last dates in URL paths.
// Numeric dates "11/27/2025": month first, unless the first number cannot be a
// month (> 12); "2025/11/27" is year-month-day.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annals/ingest.hpp"
#include "util/ascii.hpp"
#include "util/datetime.hpp"

namespace annals {

namespace {

using detail::days_in_month;
using detail::is_ascii_digit;

// Saturates instead of overflowing: any value this large is rejected later anyway.
int num(std::string_view s) {
    int v = 0;
    for (char c : s) v = v > 99999999 ? 999999999 : v * 10 + (c - '0');
    return v;
}

std::string two(int v) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

struct Parts {
    int year = -1, month = -1, day = -1;
    int hour = -1, minute = -1, second = -1;
    std::string zone;  // "", "Z", "+01:00"
};

std::optional<std::string> render(const Parts& p) {
    if (p.year < 1000 || p.year > 2999 || p.month < 1 || p.month > 12) return std::nullopt;
    if (p.day < 1 || p.day > days_in_month(p.year, p.month)) return std::nullopt;
    std::string out = std::to_string(p.year) + "-" + two(p.month) + "-" + two(p.day);
    if (p.hour < 0) return out;
    if (p.hour > 23 || p.minute < 0 || p.minute > 59 || p.second > 60) return std::nullopt;
    out += "T" + two(p.hour) + ":" + two(p.minute) + ":" + two(p.second < 0 ? 0 : p.second);
    return out + p.zone;
}

// "+0100", "+01:00", "+01", "-05:30" starting at s[0] (a sign); sets len consumed.
std::optional<std::string> parse_offset(std::string_view s, std::size_t& len) {
    if (s.size() < 3 || (s[0] != '+' && s[0] != '-') || !is_ascii_digit(s[1]) || !is_ascii_digit(s[2]))
        return std::nullopt;
    int h = num(s.substr(1, 2)), m = 0;
    len = 3;
    if (s.size() >= 6 && s[3] == ':' && is_ascii_digit(s[4]) && is_ascii_digit(s[5])) {
        m = num(s.substr(4, 2));
        len = 6;
    } else if (s.size() >= 5 && is_ascii_digit(s[3]) && is_ascii_digit(s[4])) {
        m = num(s.substr(3, 2));
        len = 5;
    }
    if (h > 14 || m > 59) return std::nullopt;
    return std::string(1, s[0]) + two(h) + ":" + two(m);
}

// Strict ISO 8601: YYYY[-MM[-DD[(T| )hh:mm[:ss[.fff]][Z|±hh[:mm]]]]].
std::optional<std::string> parse_iso(std::string_view s) {
    auto d = [&](std::size_t i, std::size_t n) {
        if (i + n > s.size()) return false;
        for (std::size_t k = i; k < i + n; ++k)
            if (!is_ascii_digit(s[k])) return false;
        return true;
    };
    if (!d(0, 4)) return std::nullopt;
    Parts p;
    p.year = num(s.substr(0, 4));
    if (s.size() == 4) return p.year >= 1000 ? std::optional<std::string>(std::string(s)) : std::nullopt;
    if (s[4] != '-' || !d(5, 2)) return std::nullopt;
    p.month = num(s.substr(5, 2));
    if (s.size() == 7)
        return p.month >= 1 && p.month <= 12 ? std::optional<std::string>(std::string(s)) : std::nullopt;
    if (s.size() < 10 || s[7] != '-' || !d(8, 2)) return std::nullopt;
    p.day = num(s.substr(8, 2));
    std::size_t i = 10;
    if (i < s.size()) {
        if ((s[i] != 'T' && s[i] != 't' && s[i] != ' ') || !d(i + 1, 2) || i + 3 >= s.size() ||
            s[i + 3] != ':' || !d(i + 4, 2))
            return std::nullopt;
        p.hour = num(s.substr(i + 1, 2));
        p.minute = num(s.substr(i + 4, 2));
        i += 6;
        if (i < s.size() && s[i] == ':') {
            if (!d(i + 1, 2)) return std::nullopt;
            p.second = num(s.substr(i + 1, 2));
            i += 3;
            if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
                ++i;
                if (i >= s.size() || !is_ascii_digit(s[i])) return std::nullopt;
                while (i < s.size() && is_ascii_digit(s[i])) ++i;  // fractions of a second dropped
            }
        }
        if (i < s.size() && s[i] == ' ') ++i;
        if (i < s.size()) {
            if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
                p.zone = "Z";
                i = s.size();
            } else {
                std::size_t len = 0;
                auto z = parse_offset(s.substr(i), len);
                if (!z || i + len != s.size()) return std::nullopt;
                p.zone = *z;
                i = s.size();
            }
        }
    }
    if (i != s.size()) return std::nullopt;
    return render(p);
}

int month_of(std::string_view w) {
    static constexpr std::array<std::string_view, 12> kNames{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    if (w.size() < 3) return 0;
    for (std::size_t m = 0; m < 12; ++m) {
        const auto& n = kNames[m];
        if (w == n || w == n.substr(0, 3) || (w == "sept" && m == 8)) return static_cast<int>(m) + 1;
    }
    return 0;
}

bool is_weekday(std::string_view w) {
    static constexpr std::array<std::string_view, 7> kNames{
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (auto n : kNames)
        if (w == n || w == n.substr(0, 3) || (w.size() == 4 && n.substr(0, 4) == w)) return true;
    return false;
}

std::optional<std::string> zone_of(std::string_view w) {
    struct Z {
        std::string_view name, offset;
    };
    static constexpr std::array<Z, 14> kZones{{{"z", "Z"},
                                               {"gmt", "Z"},
                                               {"utc", "Z"},
                                               {"ut", "Z"},
                                               {"est", "-05:00"},
                                               {"edt", "-04:00"},
                                               {"cst", "-06:00"},
                                               {"cdt", "-05:00"},
                                               {"mst", "-07:00"},
                                               {"mdt", "-06:00"},
                                               {"pst", "-08:00"},
                                               {"pdt", "-07:00"},
                                               {"bst", "+01:00"},
                                               {"cet", "+01:00"}}};
    for (const auto& z : kZones)
        if (w == z.name) return std::string(z.offset);
    return std::nullopt;
}

bool filler(std::string_view w) {
    return w == "on" || w == "at" || w == "published" || w == "updated" || w == "posted" ||
           w == "date" || w == "the" || w == "of" || w == "modified" || w == "last";
}

struct Tok {
    enum Kind { Num, Word, Punct } kind;
    std::string text;  // lower-cased for words
    char punct = 0;
};

std::vector<Tok> tokens(std::string_view s) {
    std::vector<Tok> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (is_ascii_digit(static_cast<char>(c))) {
            std::size_t j = i;
            while (j < s.size() && is_ascii_digit(s[j])) ++j;
            out.push_back({Tok::Num, std::string(s.substr(i, j - i))});
            i = j;
        } else if (std::isalpha(c)) {
            std::size_t j = i;
            std::string w;
            while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j])))
                w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[j++]))));
            out.push_back({Tok::Word, w});
            i = j;
        } else if (std::isspace(c)) {
            ++i;
        } else {
            out.push_back({Tok::Punct, {}, static_cast<char>(c)});
            ++i;
        }
    }
    return out;
}

// The free-form scanner: fields in any order, each at most once.
std::optional<std::string> parse_loose(std::string_view s) {
    const std::vector<Tok> t = tokens(s);
    Parts p;
    bool pm = false, am = false;
    std::vector<int> loose;  // day/month/year numbers not yet assigned
    auto is_p = [&](std::size_t i, char c) { return i < t.size() && t[i].kind == Tok::Punct && t[i].punct == c; };
    auto is_n = [&](std::size_t i) { return i < t.size() && t[i].kind == Tok::Num; };
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Tok& k = t[i];
        if (k.kind == Tok::Word) {
            if (int m = month_of(k.text)) {
                if (p.month > 0) return std::nullopt;
                p.month = m;
                continue;
            }
            if (is_weekday(k.text) || filler(k.text)) continue;
            if (k.text == "am" || k.text == "a") {
                am = true;
                if (k.text == "a" && is_p(i + 1, '.') && i + 2 < t.size() && t[i + 2].text == "m") i += 2;
                continue;
            }
            if (k.text == "pm" || k.text == "p") {
                pm = true;
                if (k.text == "p" && is_p(i + 1, '.') && i + 2 < t.size() && t[i + 2].text == "m") i += 2;
                continue;
            }
            if (k.text == "m" && is_p(i - 1, '.')) continue;  // trailing "a.m."
            if (auto z = zone_of(k.text); z && p.hour >= 0) {
                if (p.zone.empty()) p.zone = *z;
                continue;
            }
            // US zone names without daylight-saving information: the local time is kept.
            if ((k.text == "et" || k.text == "ct" || k.text == "mt" || k.text == "pt") && p.hour >= 0) continue;
            if (k.text == "t" && p.day > 0) continue;  // "2025-11-27T09:22" seen loosely
            if (k.text == "st" || k.text == "nd" || k.text == "rd" || k.text == "th") continue;
            return std::nullopt;
        }
        if (k.kind == Tok::Punct) {
            if ((k.punct == '+' || k.punct == '-') && p.hour >= 0 && p.zone.empty() && is_n(i + 1) &&
                (t[i + 1].text.size() == 4 || t[i + 1].text.size() == 2)) {
                std::string z(1, k.punct);
                z += t[i + 1].text;
                std::size_t used = 2;
                if (t[i + 1].text.size() == 2 && is_p(i + 2, ':') && is_n(i + 3)) {
                    z += ":" + t[i + 3].text;
                    used = 4;
                }
                std::size_t len = 0;
                auto off = parse_offset(z, len);
                if (!off || len != z.size()) return std::nullopt;
                p.zone = *off;
                i += used - 1;
            }
            continue;
        }
        // Numbers.
        if (is_p(i + 1, ':') && is_n(i + 2) && k.text.size() <= 2 && t[i + 2].text.size() == 2) {
            if (p.hour >= 0) return std::nullopt;
            p.hour = num(k.text);
            p.minute = num(t[i + 2].text);
            i += 2;
            if (is_p(i + 1, ':') && is_n(i + 2) && t[i + 2].text.size() == 2) {
                p.second = num(t[i + 2].text);
                i += 2;
                if (is_p(i + 1, '.') && is_n(i + 2)) i += 2;  // fraction dropped
            }
            continue;
        }
        // Numeric dates: a/b/c, a.b.c, a-b-c.
        if ((is_p(i + 1, '/') || is_p(i + 1, '.') || is_p(i + 1, '-')) && is_n(i + 2) &&
            is_p(i + 3, t[i + 1].punct) && is_n(i + 4) && p.year < 0 && p.month < 0) {
            const std::string& a = k.text;
            const std::string& b = t[i + 2].text;
            const std::string& c = t[i + 4].text;
            if (a.size() == 4) {
                p.year = num(a), p.month = num(b), p.day = num(c);
            } else if (c.size() == 4 || c.size() == 2) {
                int x = num(a), y = num(b);
                p.year = c.size() == 4 ? num(c) : (num(c) < 50 ? 2000 + num(c) : 1900 + num(c));
                // Month first (US) unless the first number cannot be a month, or the
                // separator is a dot (European style).
                if (x > 12 || t[i + 1].punct == '.') std::swap(x, y);
                p.month = x, p.day = y;
            } else {
                return std::nullopt;
            }
            i += 4;
            continue;
        }
        const int v = num(k.text.size() > 6 ? std::string_view("0") : std::string_view(k.text));
        if (k.text.size() == 4) {
            if (p.year >= 0) return std::nullopt;
            p.year = v;
        } else if (k.text.size() <= 2) {
            loose.push_back(v);
        } else {
            return std::nullopt;
        }
    }
    if (am || pm) {
        if (p.hour < 1 || p.hour > 12) return std::nullopt;
        if (pm && p.hour != 12) p.hour += 12;
        if (am && p.hour == 12) p.hour = 0;
    }
    if (p.day < 0) {
        // "Nov. 2025": a month is all there is.
        if (loose.empty() && p.hour < 0 && p.month > 0 && p.year >= 1000 && p.year <= 2999)
            return std::to_string(p.year) + "-" + two(p.month);
        if (loose.size() != 1) return std::nullopt;
        p.day = loose[0];
    } else if (!loose.empty()) {
        return std::nullopt;
    }
    return render(p);
}

// "/2025/11/27/" in a URL path.
std::optional<std::string> parse_url(std::string_view s) {
    for (std::size_t i = 0; i + 11 <= s.size(); ++i) {
        if (s[i] != '/') continue;
        auto d = [&](std::size_t k, std::size_t n) {
            for (std::size_t j = k; j < k + n; ++j)
                if (j >= s.size() || !is_ascii_digit(s[j])) return false;
            return true;
        };
        if (!d(i + 1, 4) || s[i + 5] != '/' || !d(i + 6, 2) || i + 8 >= s.size() || s[i + 8] != '/' ||
            !d(i + 9, 2))
            continue;
        if (i + 11 < s.size() && is_ascii_digit(s[i + 11])) continue;
        Parts p;
        p.year = num(s.substr(i + 1, 4));
        p.month = num(s.substr(i + 6, 2));
        p.day = num(s.substr(i + 9, 2));
        if (auto r = render(p)) return r;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
    // Trim ASCII whitespace and NBSP.
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    if (text.empty() || text.size() > 200) return std::nullopt;
    if (is_ascii_digit(text[0]))
        if (auto r = parse_iso(text)) return r;
    // ISO 8601 basic form "20251127".
    if (text.size() == 8 && std::all_of(text.begin(), text.end(), is_ascii_digit)) {
        Parts p;
        p.year = num(text.substr(0, 4)), p.month = num(text.substr(4, 2)), p.day = num(text.substr(6, 2));
        return render(p);
    }
    if (text.find("://") != std::string_view::npos || text.front() == '/') return parse_url(text);
    if (auto r = parse_loose(text)) return r;
    return std::nullopt;
}

}  // namespace annals
