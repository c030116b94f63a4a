#include <catch2/catch.hpp>

#include "util/datetime.hpp"

using annals::detail::CivilDate;
using annals::detail::civil_from_days;
using annals::detail::days_from_civil;
using annals::detail::DayRange;
using annals::detail::parse_iso_date;
using annals::detail::parse_query_date;
using annals::detail::timex_range;

namespace {

DayRange days(CivilDate a, CivilDate b) { return {days_from_civil(a), days_from_civil(b)}; }

}  // namespace

TEST_CASE("datetime: civil day numbers round-trip", "[datetime]") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({1970, 1, 2}) == 1);
    CHECK(days_from_civil({1969, 12, 31}) == -1);
    CHECK(days_from_civil({2000, 3, 1}) == 11017);
    CHECK(civil_from_days(20419) == CivilDate{2025, 11, 27});
    for (std::int64_t d = -800000; d <= 800000; d += 37) REQUIRE(days_from_civil(civil_from_days(d)) == d);
}

TEST_CASE("datetime: weekday and month lengths", "[datetime]") {
    CHECK(annals::detail::weekday({2025, 11, 27}) == 3);  // Thursday
    CHECK(annals::detail::weekday({1970, 1, 1}) == 3);
    CHECK(annals::detail::weekday({2025, 11, 24}) == 0);  // Monday
    CHECK(annals::detail::weekday({1900, 1, 1}) == 0);
    CHECK(annals::detail::days_in_month(2024, 2) == 29);
    CHECK(annals::detail::days_in_month(1900, 2) == 28);
    CHECK(annals::detail::days_in_month(2000, 2) == 29);
    CHECK(annals::detail::days_in_month(2025, 13) == 0);
    CHECK(annals::detail::format_date({2025, 3, 7}) == "2025-03-07");
}

TEST_CASE("datetime: timex_range covers every TIMEX3 date form", "[datetime]") {
    CHECK(timex_range("2025-11-27") == days({2025, 11, 27}, {2025, 11, 27}));
    CHECK(timex_range("2025-11-27TMO") == days({2025, 11, 27}, {2025, 11, 27}));
    CHECK(timex_range("2025-11-27T09:22:00") == days({2025, 11, 27}, {2025, 11, 27}));
    CHECK(timex_range("2025-11") == days({2025, 11, 1}, {2025, 11, 30}));
    CHECK(timex_range("2024-02") == days({2024, 2, 1}, {2024, 2, 29}));
    CHECK(timex_range("2025") == days({2025, 1, 1}, {2025, 12, 31}));
    CHECK(timex_range("2025-W48") == days({2025, 11, 24}, {2025, 11, 30}));
    CHECK(timex_range("2025-W47-WE") == days({2025, 11, 22}, {2025, 11, 23}));
    CHECK(timex_range("2020-W53") == days({2020, 12, 28}, {2021, 1, 3}));
    CHECK(timex_range("2026-W01") == days({2025, 12, 29}, {2026, 1, 4}));
    CHECK(timex_range("2025-Q4") == days({2025, 10, 1}, {2025, 12, 31}));
    CHECK(timex_range("2025-Q1") == days({2025, 1, 1}, {2025, 3, 31}));
    CHECK(timex_range("2025-H1") == days({2025, 1, 1}, {2025, 6, 30}));
    CHECK(timex_range("2025-H2") == days({2025, 7, 1}, {2025, 12, 31}));
    CHECK(timex_range("2020-SP") == days({2020, 3, 1}, {2020, 5, 31}));
    CHECK(timex_range("2020-SU") == days({2020, 6, 1}, {2020, 8, 31}));
    CHECK(timex_range("2020-FA") == days({2020, 9, 1}, {2020, 11, 30}));
    CHECK(timex_range("2020-WI") == days({2020, 12, 1}, {2021, 2, 28}));
    CHECK(timex_range("199X") == days({1990, 1, 1}, {1999, 12, 31}));
    CHECK(timex_range("19XX") == days({1900, 1, 1}, {1999, 12, 31}));
    CHECK_FALSE(timex_range("PRESENT_REF"));
    CHECK_FALSE(timex_range("PAST_REF"));
    CHECK_FALSE(timex_range("FUTURE_REF"));
    CHECK_FALSE(timex_range("P3Y"));
    CHECK_FALSE(timex_range("2025-13"));
    CHECK_FALSE(timex_range("2025-02-30"));
    CHECK_FALSE(timex_range("2025-W54"));
    CHECK_FALSE(timex_range("2025-Q5"));
    CHECK_FALSE(timex_range(""));
    CHECK_FALSE(timex_range("XXXX-11-27"));
}

TEST_CASE("datetime: parse_iso_date takes the date part", "[datetime]") {
    CHECK(parse_iso_date("2025-11-27T09:22:00Z") == CivilDate{2025, 11, 27});
    CHECK(parse_iso_date("2025-11-27T09:22") == CivilDate{2025, 11, 27});
    CHECK(parse_iso_date("2025-11-27") == CivilDate{2025, 11, 27});
    CHECK(parse_iso_date("2025-11") == CivilDate{2025, 11, 1});
    CHECK(parse_iso_date("2025") == CivilDate{2025, 1, 1});
    CHECK_FALSE(parse_iso_date("2025-11-31"));
    CHECK_FALSE(parse_iso_date("27 Nov 2025"));
    CHECK_FALSE(parse_iso_date(""));
    CHECK_FALSE(parse_iso_date("2025-1"));
}

TEST_CASE("datetime: query dates relative to today", "[datetime]") {
    const CivilDate today{2025, 11, 27};  // a Thursday
    CHECK(parse_query_date("2025", today) == days({2025, 1, 1}, {2025, 12, 31}));
    CHECK(parse_query_date("2022-02", today) == days({2022, 2, 1}, {2022, 2, 28}));
    CHECK(parse_query_date("2025-11-27", today) == days({2025, 11, 27}, {2025, 11, 27}));
    CHECK(parse_query_date("1990s", today) == days({1990, 1, 1}, {1999, 12, 31}));
    CHECK(parse_query_date("the 1990s", today) == days({1990, 1, 1}, {1999, 12, 31}));
    CHECK_FALSE(parse_query_date("the ", today).has_value());
    CHECK_FALSE(parse_query_date("the foo", today).has_value());
    CHECK(parse_query_date("today", today) == days(today, today));
    CHECK(parse_query_date(" Today ", today) == days(today, today));
    CHECK(parse_query_date("yesterday", today) == days({2025, 11, 26}, {2025, 11, 26}));
    CHECK(parse_query_date("tomorrow", today) == days({2025, 11, 28}, {2025, 11, 28}));
    CHECK(parse_query_date("last week", today) == days({2025, 11, 17}, {2025, 11, 23}));
    CHECK(parse_query_date("last  week", today) == days({2025, 11, 17}, {2025, 11, 23}));
    CHECK(parse_query_date("this week", today) == days({2025, 11, 24}, {2025, 11, 30}));
    CHECK(parse_query_date("last month", today) == days({2025, 10, 1}, {2025, 10, 31}));
    CHECK(parse_query_date("this month", today) == days({2025, 11, 1}, {2025, 11, 30}));
    CHECK(parse_query_date("last year", today) == days({2024, 1, 1}, {2024, 12, 31}));
    CHECK(parse_query_date("this year", today) == days({2025, 1, 1}, {2025, 12, 31}));
    CHECK(parse_query_date("30d", today) == days({2025, 10, 28}, {2025, 10, 28}));
    CHECK(parse_query_date("2w", today) == days({2025, 11, 13}, {2025, 11, 13}));
    CHECK(parse_query_date("6m", today) == days({2025, 5, 27}, {2025, 5, 27}));
    CHECK(parse_query_date("1y", today) == days({2024, 11, 27}, {2024, 11, 27}));
    CHECK(parse_query_date("last month", CivilDate{2025, 1, 15}) == days({2024, 12, 1}, {2024, 12, 31}));
    CHECK(parse_query_date("1m", CivilDate{2025, 3, 31}) == days({2025, 2, 28}, {2025, 2, 28}));
    CHECK(parse_query_date("2025-W48", today) == days({2025, 11, 24}, {2025, 11, 30}));
    CHECK_FALSE(parse_query_date("", today));
    CHECK_FALSE(parse_query_date("someday", today));
    CHECK_FALSE(parse_query_date("30x", today));
    CHECK_FALSE(parse_query_date("2025-13", today));
    CHECK_FALSE(parse_query_date("d", today));
}

TEST_CASE("datetime: today_utc is a plausible date", "[datetime]") {
    const CivilDate t = annals::detail::today_utc();
    CHECK(t.year >= 2024);
    CHECK(t.month >= 1);
    CHECK(t.month <= 12);
}

#include "annals/ingest.hpp"

TEST_CASE("published date: ISO 8601 kept, seconds added, zone kept", "[datetime][ingest]") {
    using annals::normalize_date;
    CHECK(normalize_date("2025-11-27") == "2025-11-27");
    CHECK(normalize_date("2025-11-27T09:22") == "2025-11-27T09:22:00");
    CHECK(normalize_date("2025-11-27T09:22:00") == "2025-11-27T09:22:00");
    CHECK(normalize_date("2025-11-27T09:22:00Z") == "2025-11-27T09:22:00Z");
    CHECK(normalize_date("2025-11-27T09:22:00.123Z") == "2025-11-27T09:22:00Z");
    CHECK(normalize_date("2025-11-27T09:22:00+01:00") == "2025-11-27T09:22:00+01:00");
    CHECK(normalize_date("2025-11-27T09:22:00-0500") == "2025-11-27T09:22:00-05:00");
    CHECK(normalize_date("2025-11-27 09:22:00") == "2025-11-27T09:22:00");
    CHECK(normalize_date("  2025-11-27\n") == "2025-11-27");
    CHECK(normalize_date("2025-11") == "2025-11");
    CHECK(normalize_date("2025") == "2025");
}

TEST_CASE("published date: archive forms", "[datetime][ingest]") {
    using annals::normalize_date;
    CHECK(normalize_date("Thu, 27 Nov 2025 09:22:00 +0000") == "2025-11-27T09:22:00+00:00");
    CHECK(normalize_date("Thu, 27 Nov 2025 09:22:00 GMT") == "2025-11-27T09:22:00Z");
    CHECK(normalize_date("Thu, 27 Nov 2025 09:22:00 EST") == "2025-11-27T09:22:00-05:00");
    CHECK(normalize_date("Thursday, November 27, 2025 9:22 AM") == "2025-11-27T09:22:00");
    CHECK(normalize_date("Thursday, November 27, 2025 9:22 PM") == "2025-11-27T21:22:00");
    CHECK(normalize_date("November 27, 2025 12:05 a.m.") == "2025-11-27T00:05:00");
    CHECK(normalize_date("Thursday, 27 November, 2025") == "2025-11-27");
    CHECK(normalize_date("Thursday, 27 November, 2025 9:22 AM") == "2025-11-27T09:22:00");
    CHECK(normalize_date("26-FEB-1987 15:01:01.79") == "1987-02-26T15:01:01");
    CHECK(normalize_date("November 27, 2025") == "2025-11-27");
    CHECK(normalize_date("Nov. 27, 2025") == "2025-11-27");
    CHECK(normalize_date("27 Nov 2025") == "2025-11-27");
    CHECK(normalize_date("Sept 3rd, 2024") == "2024-09-03");
    CHECK(normalize_date("Published: 27 Nov 2025") == "2025-11-27");
    CHECK(normalize_date("11/27/2025") == "2025-11-27");
    CHECK(normalize_date("27/11/2025") == "2025-11-27");
    CHECK(normalize_date("2025/11/27") == "2025-11-27");
    CHECK(normalize_date("27.11.2025") == "2025-11-27");
    CHECK(normalize_date("https://example.com/news/2025/11/27/peace-deal.html") == "2025-11-27");
    CHECK(normalize_date("/world/2022/02/24/invasion") == "2022-02-24");
    CHECK(normalize_date("2025-11-27T09:22:00.000+0000") == "2025-11-27T09:22:00+00:00");
    CHECK(normalize_date("20251127") == "2025-11-27");
    CHECK(normalize_date("Nov 27, 2025, 9:22 AM EST") == "2025-11-27T09:22:00-05:00");
    CHECK(normalize_date("Thu Nov 27 09:22:00 UTC 2025") == "2025-11-27T09:22:00Z");
    CHECK(normalize_date("Updated: November 27, 2025 at 9:22 a.m. ET") == "2025-11-27T09:22:00");
    CHECK(normalize_date("Thu, 27 Nov 2025 09:22:00 -0500 (EST)") == "2025-11-27T09:22:00-05:00");
    CHECK(normalize_date("Nov. 2025") == "2025-11");
    CHECK(normalize_date("1987-02-26 15:01:01.79") == "1987-02-26T15:01:01");
}

TEST_CASE("published date: non-dates are rejected", "[datetime][ingest]") {
    using annals::normalize_date;
    CHECK_FALSE(normalize_date(""));
    CHECK_FALSE(normalize_date("   "));
    CHECK_FALSE(normalize_date("yesterday afternoon"));
    CHECK_FALSE(normalize_date("Lord's Press"));
    CHECK_FALSE(normalize_date("2025-13-01"));
    CHECK_FALSE(normalize_date("2025-02-30"));
    CHECK_FALSE(normalize_date("30 February 2025"));
    CHECK_FALSE(normalize_date("November 2025 27 28"));
    CHECK_FALSE(normalize_date("20251327"));
    CHECK_FALSE(normalize_date("12345678"));
    CHECK_FALSE(normalize_date("https://example.com/about"));
    CHECK_FALSE(normalize_date("25:61"));
    CHECK_FALSE(normalize_date("\xff\xfe\x80"));
    CHECK_FALSE(normalize_date("2025年11月27日"));
    CHECK_FALSE(normalize_date(std::string(100000, '7')));
    CHECK_FALSE(normalize_date("99999999999/12/2025"));
    CHECK_FALSE(normalize_date("12/99999999999/2025 99999999999:00"));
}
