// The date terms and queries of the schema: published-date ranges on slot 0, and
// mentioned dates as aligned units (the XME/XMW terms of the schema comment in
// schema.cpp).
#include <algorithm>
#include <cstdio>
#include <set>

#include "index/schema.hpp"

namespace annals::detail::schema {

namespace {

enum class Unit { Day, Month, Year, Decade, Century };

struct Block {
    Unit unit;
    int year, month, day;  // first day of the block
};

std::int64_t block_last(const Block& b) {
    switch (b.unit) {
        case Unit::Day: return days_from_civil({b.year, b.month, b.day});
        case Unit::Month: return days_from_civil({b.year, b.month, days_in_month(b.year, b.month)});
        case Unit::Year: return days_from_civil({b.year, 12, 31});
        case Unit::Decade: return days_from_civil({b.year + 9, 12, 31});
        case Unit::Century: return days_from_civil({b.year + 99, 12, 31});
    }
    return 0;
}

std::string unit_key(const Block& b) {
    char buf[32];
    switch (b.unit) {
        case Unit::Day: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", b.year, b.month, b.day); break;
        case Unit::Month: std::snprintf(buf, sizeof buf, "%04d-%02d", b.year, b.month); break;
        case Unit::Year: std::snprintf(buf, sizeof buf, "%04d", b.year); break;
        case Unit::Decade: std::snprintf(buf, sizeof buf, "%03ds", b.year / 10); break;
        case Unit::Century: std::snprintf(buf, sizeof buf, "%02dc", b.year / 100); break;
    }
    return buf;
}

// Strict ancestors, nearest first.
std::vector<Block> ancestors(const Block& b) {
    std::vector<Block> out;
    const int unit = static_cast<int>(b.unit);
    if (unit < 1) out.push_back({Unit::Month, b.year, b.month, 1});
    if (unit < 2) out.push_back({Unit::Year, b.year, 1, 1});
    if (unit < 3) out.push_back({Unit::Decade, b.year - b.year % 10, 1, 1});
    if (unit < 4) out.push_back({Unit::Century, b.year - b.year % 100, 1, 1});
    return out;
}

// Maximal aligned blocks covering [first, last] exactly (clamped to years 0..9999).
std::vector<Block> decompose(DayRange r) {
    std::vector<Block> out;
    r.first = std::max(r.first, min_day());
    r.last = std::min(r.last, max_day());
    for (std::int64_t d = r.first; d <= r.last;) {
        const CivilDate c = civil_from_days(d);
        Block b{Unit::Day, c.year, c.month, c.day};
        const bool year_start = c.month == 1 && c.day == 1;
        const Block candidates[] = {
            {Unit::Century, c.year, 1, 1}, {Unit::Decade, c.year, 1, 1}, {Unit::Year, c.year, 1, 1},
            {Unit::Month, c.year, c.month, 1}};
        const bool aligned[] = {year_start && c.year % 100 == 0, year_start && c.year % 10 == 0,
                                year_start, c.day == 1};
        for (int i = 0; i < 4; ++i)
            if (aligned[i] && block_last(candidates[i]) <= r.last) {
                b = candidates[i];
                break;
            }
        out.push_back(b);
        d = block_last(b) + 1;
    }
    return out;
}

constexpr std::string_view kExactPrefix = "XME";
constexpr std::string_view kWithinPrefix = "XMW";

}  // namespace

std::int64_t min_day() { return days_from_civil({0, 1, 1}); }
std::int64_t max_day() { return days_from_civil({9999, 12, 31}); }

std::vector<std::string> mention_terms(const DayRange& range) {
    std::set<std::string> terms;
    for (const Block& b : decompose(range)) {
        terms.insert(std::string(kExactPrefix) + unit_key(b));
        terms.insert(std::string(kWithinPrefix) + unit_key(b));
        for (const Block& a : ancestors(b)) terms.insert(std::string(kWithinPrefix) + unit_key(a));
    }
    return {terms.begin(), terms.end()};
}

Xapian::Query mention_query(const DayRange& range) {
    std::set<std::string> terms;
    for (const Block& b : decompose(range)) {
        terms.insert(std::string(kWithinPrefix) + unit_key(b));
        for (const Block& a : ancestors(b)) terms.insert(std::string(kExactPrefix) + unit_key(a));
    }
    if (terms.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query published_query(std::optional<std::int64_t> first, std::optional<std::int64_t> last) {
    auto ser = [](std::int64_t d) { return Xapian::sortable_serialise(static_cast<double>(d)); };
    if (first && last) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotPublishedDay, ser(*first), ser(*last));
    if (first) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotPublishedDay, ser(*first));
    if (last) return Xapian::Query(Xapian::Query::OP_VALUE_LE, kSlotPublishedDay, ser(*last));
    // Both open: any article with a published date.
    return Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotPublishedDay, ser(min_day() - 1000000));
}

}  // namespace annals::detail::schema
