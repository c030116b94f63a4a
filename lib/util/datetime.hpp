// Internal calendar arithmetic and date parsing shared by ingest (published
// dates), extract (temporal expressions), index (date terms and slots) and
// search (date: and mentions: queries).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace annals::detail {

/// A proleptic Gregorian calendar day.
struct CivilDate {
    int year = 1970;
    int month = 1;  ///< 1..12
    int day = 1;    ///< 1..31
    bool operator==(const CivilDate&) const = default;
};

/// Days since 1970-01-01 (negative before). Valid for years -9999..9999.
std::int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(std::int64_t days);
/// 0 = Monday ... 6 = Sunday.
int weekday(const CivilDate& date);
int days_in_month(int year, int month);
/// "YYYY-MM-DD".
std::string format_date(const CivilDate& date);

/// A closed range of days [first, last], in days_from_civil() numbers.
struct DayRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
    bool operator==(const DayRange&) const = default;
};

/// The days a TIMEX3 value covers: "2025-11-27", "2025-11", "2025", "2025-W48",
/// "2025-W48-WE", "2025-Q4", "2025-H1", "2025-SU"/"SP"/"FA"/"WI", "199X" (decade),
/// "19XX" (century), "2025-11-27TMO"... nullopt for values that are not anchored
/// dates (PRESENT_REF, PAST_REF, FUTURE_REF, durations).
std::optional<DayRange> timex_range(std::string_view value);

/// The date part of an ISO 8601 date or date-time ("2025-11-27T09:22:00Z" ->
/// 2025-11-27); also "2025-11" and "2025" (first day). nullopt when not ISO.
std::optional<CivilDate> parse_iso_date(std::string_view text);

/// One side of a date: or mentions: query, relative to @p today: "2025",
/// "2025-11", "2025-11-27", "1990s", "today", "yesterday", "last week",
/// "this month", "30d" (the day 30 days ago, as a one-day range), "2w", "6m", "1y".
/// nullopt when not understood (callers report the position; never a silent 1970).
std::optional<DayRange> parse_query_date(std::string_view text, const CivilDate& today);

/// Today's date in UTC (tests pass their own "today" to parse_query_date instead).
CivilDate today_utc();

}  // namespace annals::detail
