#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/dates.hpp"

using annals::Entity;
using annals::Field;
using annals::detail::CivilDate;
using annals::detail::find_dates;

namespace {

const CivilDate kThursday{2025, 11, 27};  // the seed's published date, a Thursday

// "text=value" pairs of every mention, for compact assertions.
std::vector<std::string> tag(std::string_view text, std::optional<CivilDate> ref = kThursday) {
    std::vector<std::string> out;
    for (const Entity& e : find_dates(text, Field::Body, ref)) {
        REQUIRE(e.type == annals::EntityType::Date);
        REQUIRE(e.end <= text.size());
        REQUIRE(e.text == text.substr(e.start, e.end - e.start));
        out.push_back(e.text + "=" + e.value);
    }
    return out;
}

using V = std::vector<std::string>;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("dates: the seed page", "[extract][dates]") {
    const std::string text = read_file(std::string(ANNALS_TEST_FIXTURES) + "/seed.txt");
    REQUIRE(!text.empty());
    const auto found = find_dates(text, Field::Body, kThursday);
    auto value_of = [&](std::string_view mention, std::size_t after = 0) -> std::string {
        for (const Entity& e : found)
            if (e.text == mention && e.start >= after) return e.value;
        return "(none)";
    };
    CHECK(value_of("February 2022") == "2022-02");
    CHECK(value_of("Tuesday") == "2025-11-25");
    CHECK(value_of("last week") == "2025-W47");
    CHECK(value_of("last weekend") == "2025-W47-WE");
    CHECK(value_of("Thursday", text.find("counterparts on")) == "2025-11-27");
    // Neither troop numbers nor the "28-point" plan are years.
    for (const Entity& e : found) {
        CHECK(e.text.find("600") == std::string::npos);
        CHECK(e.text.find("28") == std::string::npos);
        CHECK(e.text.find("67") == std::string::npos);
        CHECK(e.text.find("33") == std::string::npos);
    }
    // Offsets and order.
    for (std::size_t i = 1; i < found.size(); ++i) CHECK(found[i - 1].end <= found[i].start);
}

TEST_CASE("dates: absolute dates in common forms", "[extract][dates]") {
    CHECK(tag("It opened on 27 November 2025 in Kyiv.") == V{"27 November 2025=2025-11-27"});
    CHECK(tag("It opened November 27, 2025, in Kyiv.") == V{"November 27, 2025=2025-11-27"});
    CHECK(tag("The deadline is Nov. 27.") == V{"Nov. 27=2025-11-27"});
    CHECK(tag("Filed 2025-11-27 by the clerk.") == V{"2025-11-27=2025-11-27"});
    CHECK(tag("Filed 11/27/2025 by the clerk.") == V{"11/27/2025=2025-11-27"});
    CHECK(tag("Filed 27/11/2025 by the clerk.") == V{"27/11/2025=2025-11-27"});
    CHECK(tag("Filed 03/04/2025 by the clerk.") == V{"03/04/2025=2025-03-04"});  // month first
    CHECK(tag("since Russia's invasion in February 2022") == V{"February 2022=2022-02"});
    CHECK(tag("music of the 1990s") == V{"1990s=199X"});  // TimeBank: no article on absolute dates
    CHECK(tag("growth slowed in mid-2024") == V{"mid-2024=2024"});
    CHECK(tag("prices rose in early March") == V{"early March=2025-03"});
    CHECK(tag("revenue in Q3 2025 was flat") == V{"Q3 2025=2025-Q3"});
    CHECK(tag("losses in fiscal 1987 were large") == V{"fiscal 1987=1987"});
    CHECK(tag("schools closed in spring 2020") == V{"spring 2020=2020-SP"});
    CHECK(tag("He was born in 1998.") == V{"1998=1998"});
    CHECK(tag("the 27th of November 2025") == V{"27th of November 2025=2025-11-27"});
    CHECK(tag("on Thursday, November 27, 2025") == V{"Thursday, November 27, 2025=2025-11-27"});
    CHECK(tag("the third quarter of 1989") == V{"the third quarter of 1989=1989-Q3"});
    CHECK(tag("a song from the '80s") == V{"'80s=198X"});
    CHECK(tag("Christmas 2024 was quiet") == V{"Christmas 2024=2024-12-25"});
}

TEST_CASE("dates: numbers that are not years", "[extract][dates]") {
    CHECK(tag("limit its military to 600,000 troops").empty());
    CHECK(tag("the 28-point plan").empty());
    CHECK(tag("he paid $1999 for it").empty());
    CHECK(tag("some 2000 people marched").empty());
    CHECK(tag("the index rose 1998.5 points").empty());
    CHECK(tag("Flight 1549 landed").empty());
    CHECK(tag("May I ask?").empty());
    CHECK(tag("They will march on Sunday", std::nullopt).empty());
    CHECK(tag("prices may fall").empty());
}

TEST_CASE("dates: relative dates resolved with tense", "[extract][dates]") {
    CHECK(tag("He left yesterday.") == V{"yesterday=2025-11-26"});
    CHECK(tag("It is cold today.") == V{"today=2025-11-27"});
    CHECK(tag("They said it on Tuesday.") == V{"Tuesday=2025-11-25"});
    CHECK(tag("They will meet on Tuesday.") == V{"Tuesday=2025-12-02"});
    CHECK(tag("They met on Thursday.") == V{"Thursday=2025-11-27"});
    CHECK(tag("Talks collapsed last week.") == V{"last week=2025-W47"});
    CHECK(tag("Talks resume next month.") == V{"next month=2025-12"});
    CHECK(tag("It happened two years ago.") == V{"two years ago=2023"});
    CHECK(tag("It happened 10 days ago.") == V{"10 days ago=2025-11-17"});
    CHECK(tag("Sales rose this year.") == V{"this year=2025"});
    CHECK(tag("They met last weekend.") == V{"last weekend=2025-W47-WE"});
    CHECK(tag("It grew over the past decade.") == V{"the past decade=201X"});
    CHECK(tag("Prices are now higher.") == V{"now=PRESENT_REF"});
    CHECK(tag("He is currently abroad.") == V{"currently=PRESENT_REF"});
    CHECK(tag("He recently left.") == V{"recently=PAST_REF"});
    // "previously" orders events; TimeML leaves it untagged.
    CHECK(tag("He had previously left.") == V{});
    CHECK(tag("Previously, the company advertised.") == V{});
    CHECK(tag("A deal is expected soon.") == V{"soon=FUTURE_REF"});
    CHECK(tag("in the future, perhaps") == V{"the future=FUTURE_REF"});
    CHECK(tag("Profit fell in the third quarter.") == V{"the third quarter=2025-Q3"});
    CHECK(tag("Third-quarter profit fell.") == V{"Third-quarter=2025-Q3"});
    CHECK(tag("It was signed last November.") == V{"last November=2024-11"});
    CHECK(tag("Talks resume Friday morning.") == V{"Friday morning=2025-11-28"});
    CHECK(tag("He arrived last Friday.") == V{"last Friday=2025-11-21"});
    CHECK(tag("Shoppers were out on Thanksgiving Day.") == V{"Thanksgiving Day=2025-11-27"});
    CHECK(tag("earlier this year") == V{"earlier this year=2025"});
    CHECK(tag("It closed in recent years.") == V{"recent years=PAST_REF"});
}

TEST_CASE("dates: without a reference only absolute dates", "[extract][dates]") {
    CHECK(tag("On Tuesday, last week, in February 2022 and yesterday.", std::nullopt) ==
          V{"February 2022=2022-02"});
    CHECK(tag("27 November 2025", std::nullopt) == V{"27 November 2025=2025-11-27"});
    CHECK(tag("Nov. 27", std::nullopt).empty());
}

TEST_CASE("dates: robust on any input", "[extract][dates]") {
    CHECK(tag("").empty());
    CHECK(tag("\xff\xfe\xc3 1998 \xe2\x80").size() <= 1);
    CHECK(tag("Киев, 27 ноября 2025 года; 北京 2025年11月27日").size() <= 3);
    CHECK(tag("\xe2\x80\x99" "90s were good") == V{"\xe2\x80\x99" "90s=199X"});
    const std::string cut = "November";
    CHECK(tag(cut).size() <= 1);
    CHECK(tag("Nov.").size() <= 1);
    CHECK(tag("'").empty());
    CHECK(tag("the").empty());
    CHECK(tag("2025-") == V{"2025=2025"});
    CHECK(tag("11/").empty());
    std::string huge;
    for (int i = 0; i < 20000; ++i) huge += "On Tuesday, 27 November 2025, prices rose 600,000 times. ";
    const auto found = find_dates(huge, Field::Body, kThursday);
    CHECK(found.size() == 20000);  // "Tuesday, 27 November 2025" is one mention
    std::string noise(1 << 20, '\0');
    for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 2654435761u) >> 13);
    CHECK_NOTHROW(find_dates(noise, Field::Title, kThursday));
}

TEST_CASE("dates: more news forms", "[extract][dates]") {
    CHECK(tag("Profit doubled in H1 2025.") == V{"H1 2025=2025-H1"});
    CHECK(tag("The blast happened last night.") == V{"last night=2025-11-26"});
    CHECK(tag("He spoke this morning.") == V{"this morning=2025-11-27"});
    CHECK(tag("by the end of the year") == V{"the end of the year=2025"});
    CHECK(tag("by the end of 2026") == V{"the end of 2026=2026"});
    CHECK(tag("It rained over the weekend.") == V{"the weekend=2025-W47-WE"});
    CHECK(tag("between 2019 and 2021") == V{"2019=2019", "2021=2021"});
    CHECK(tag("a 2023 report") == V{"2023=2023"});
    CHECK(tag("On Monday, Nov. 24, talks began.") == V{"Monday, Nov. 24=2025-11-24"});
    CHECK(tag("It fell late last year.") == V{"late last year=2024"});
    CHECK(tag("He met them last Oct. 23.") == V{"Oct. 23=2025-10-23"});
    CHECK(tag("the winter of 1994") == V{"the winter of 1994=1994-WI"});
    CHECK(tag("in the nineties") == V{"the nineties=199X"});
    CHECK(tag("Easter 2024") == V{"Easter 2024=2024-03-31"});
    CHECK(tag("The vote is on Election Day.") == V{"Election Day=2025-11-04"});
    CHECK(tag("It cost 1,998 dollars and 2025 votes.").empty());
}

TEST_CASE("dates: anaphoric dates follow the last date mentioned", "[extract][dates]") {
    CHECK(tag("The talks opened on March 3, 2019. The following month they failed.") ==
          V{"March 3, 2019=2019-03-03", "The following month=2019-04"});
    CHECK(tag("They met on March 3, 2019, and signed the next day.") ==
          V{"March 3, 2019=2019-03-03", "the next day=2019-03-04"});
    CHECK(tag("Voting ended on 4 May 2021. Results came out that same day.") ==
          V{"4 May 2021=2021-05-04", "that same day=2021-05-04"});
    CHECK(tag("It was founded in 1998 and listed the following year.") ==
          V{"1998=1998", "the following year=1999"});
}

TEST_CASE("dates: centuries, vague pasts and counted later", "[extract][dates]") {
    CHECK(tag("in the 21st century") == V{"the 21st century=20XX"});
    CHECK(tag("It was built decades ago.") == V{"decades ago=PAST_REF"});
    CHECK(tag("He was arrested on 2 May 2024 and freed three days later.") ==
          V{"2 May 2024=2024-05-02", "three days later=2024-05-05"});
    CHECK(tag("three days later").empty());
}

TEST_CASE("dates: spans of unit phrases and approximations", "[extract][dates]") {
    CHECK(tag("Profit fell in this year's third quarter.") == V{"this year's third quarter=2025-Q3"});
    CHECK(tag("It opened nearly four years ago.") == V{"nearly four years ago=2021"});
    CHECK(tag("Sales fell below the 1988 third quarter.") == V{"the 1988 third quarter=1988-Q3"});
    CHECK(tag("about 2000 people") .empty());
}

TEST_CASE("dates: spelt-out years and the week of a date", "[extract][dates]") {
    CHECK(tag("in January nineteen ninety-seven") == V{"January nineteen ninety-seven=1997-01"});
    CHECK(tag("the winter of nineteen eighty-seven") == V{"the winter of nineteen eighty-seven=1987-WI"});
    CHECK(tag("back in nineteen eighty") == V{"nineteen eighty=1980"});
    CHECK(tag("during the week of March 6, 2000") == V{"the week of March 6, 2000=2000-W10"});
}

TEST_CASE("dates: weekday tense from plans and deadlines", "[dates]") {
    // The reference is Thursday 27 November 2025.
    CHECK(tag("The talks were postponed until Tuesday.") == V{"Tuesday=2025-12-02"});
    CHECK(tag("The INS extended its deadline until 9 a.m. EST Tuesday.") == V{"Tuesday=2025-12-02"});
    CHECK(tag("They could leave as soon as Tuesday, he said.") == V{"Tuesday=2025-12-02"});
    CHECK(tag("The peace process is set to resume Monday.") == V{"Monday=2025-12-01"});
    CHECK(tag("They were planning to drive to the airport on Monday.") == V{"Monday=2025-12-01"});
    CHECK(tag("The visit is scheduled for Monday.") == V{"Monday=2025-12-01"});
    // "planned" as an adjective says nothing; the clause's "was" decides.
    CHECK(tag("A memorial service planned for Saturday was canceled.") == V{"Saturday=2025-11-22"});
}

TEST_CASE("dates: the quarter under discussion stays alive through anaphors", "[dates]") {
    const V got = tag("Net income rose in the third quarter. It was a good year. Costs fell. Rates fell. "
                      "Sales in the quarter rose. Costs fell. Rates rose. Sales were up from a year ago.");
    CHECK(got == V{"the third quarter=2025-Q3", "the quarter=2025-Q3", "a year ago=2024-Q3"});
}

TEST_CASE("dates: comparisons and event names are not dates", "[dates]") {
    CHECK(tag("The Games opened on Friday, a year later than planned.") == V{"Friday=2025-11-21"});
    CHECK(tag("Tokyo last hosted the Summer Games in 1964.") == V{"1964=1964"});
    CHECK(tag("Paris hosted the Summer Olympics in 1924.") == V{"1924=1924"});
}

TEST_CASE("dates: today and tomorrow at large are not days", "[dates]") {
    CHECK(tag("It matters in today's world.") == V{});
    CHECK(tag("It matters in today\xE2\x80\x99s world.") == V{});
    CHECK(tag("Chips power today's personal computers.") == V{});
    CHECK(tag("The people of tomorrow will not forgive such waste, she warned.") == V{});
    CHECK(tag("Today's ruling was a surprise.") == V{"Today=2025-11-27"});
    CHECK(tag("The board meets tomorrow.") == V{"tomorrow=2025-11-28"});
}

TEST_CASE("dates: datelines are dates, programme titles are not", "[dates]") {
    // TimeBank tags the wire's dateline like any date.
    CHECK(tag("WASHINGTON, August 11 (Xinhua) -- Officials met.") == V{"August 11=2025-08-11"});
    CHECK(tag("Baker, speaking on ABC News' \"This Week,\" said so.") == V{});
    CHECK(tag("He said: \"This week was hard.\"") == V{"This week=2025-W48"});
}

TEST_CASE("dates: the discussed quarter a year back", "[dates]") {
    CHECK(tag("Net fell in the third quarter, against a profit for the corresponding period last year.") ==
          V{"the third quarter=2025-Q3", "the corresponding period last year=2024-Q3"});
    CHECK(tag("Net fell in the third quarter. Sales in the same quarter a year earlier were higher.") ==
          V{"the third quarter=2025-Q3", "the same quarter a year earlier=2024-Q3"});
    CHECK(tag("Net fell in the third quarter. U.K. sales for last year's quarter were $3 million.") ==
          V{"the third quarter=2025-Q3", "last year's quarter=2024-Q3"});
    CHECK(tag("Sales rose last year.") == V{"last year=2024"});
}

TEST_CASE("dates: 'next to' is a place, not a future tense", "[dates]") {
    // Published on Thursday 2025-11-27: the blasts were on the Friday before.
    CHECK(tag("Hundreds were wounded in the blasts next to the embassies on Friday.") ==
          V{"Friday=2025-11-21"});
    CHECK(tag("The talks will resume next to nothing on Friday.") == V{"Friday=2025-11-28"});
}

TEST_CASE("dates: a possessive weekday names a reported event", "[dates]") {
    // Published on Thursday 2025-11-27.
    CHECK(tag("The relatives will look for ways to get around Wednesday's ruling.") ==
          V{"Wednesday=2025-11-26"});
    // Published on Monday 2025-11-24: the Thursday before, not the one ahead.
    CHECK(tag("That is a 24% premium over Thursday's closing price.", CivilDate{2025, 11, 24}) ==
          V{"Thursday=2025-11-20"});
    CHECK(tag("The vote is on Thursday.", CivilDate{2025, 11, 24}) == V{"Thursday=2025-11-27"});
}

TEST_CASE("dates: halves named by their quarters or as the last half", "[dates]") {
    CHECK(tag("Earnings will be lower for the last half of 1989 and for 1990.") ==
          V{"the last half of 1989=1989-H2", "1990=1990"});
    CHECK(tag("The trend will last through the first two quarters of 1990.") ==
          V{"the first two quarters of 1990=1990-H1"});
    CHECK(tag("Sales grew in the last two quarters of 2024.") == V{"the last two quarters of 2024=2024-H2"});
    CHECK(tag("He was the last half of the duo.") == V{});
}

TEST_CASE("dates: a quarter ended on a day is the calendar quarter holding most of it", "[dates]") {
    CHECK(tag("In the quarter ended July 31, the company had a loss.") ==
          V{"the quarter=2025-Q2", "July 31=2025-07-31"});
    CHECK(tag("Sales rose in the quarter ended Sept. 30, 2024.") ==
          V{"the quarter=2024-Q3", "Sept. 30, 2024=2024-09-30"});
    // A quarter the article named already stays the antecedent.
    CHECK(tag("Net rose in the fiscal first quarter. In the quarter ended Sept. 30, 2024, sales rose.") ==
          V{"the fiscal first quarter=2025-Q1", "the quarter=2025-Q1", "Sept. 30, 2024=2024-09-30"});
}

TEST_CASE("dates: the adjective 'current' is the present", "[dates]") {
    CHECK(tag("He entered his current position in 2020.") == V{"current=PRESENT_REF", "2020=2020"});
    CHECK(tag("Construction waits because of current market conditions.") == V{"current=PRESENT_REF"});
    CHECK(tag("Holders may buy shares at 50% of the then current market price.") == V{"current=PAST_REF"});
    CHECK(tag("Sales will rise in the current fiscal year.") == V{"the current fiscal year=2025"});
    CHECK(tag("The current account deficit widened.") == V{});
    CHECK(tag("An electric current flows through the wire.") == V{});
}

TEST_CASE("dates: adjectives in -ed and participles after 'be' do not make the past", "[dates]") {
    // Published on 2025-11-27.
    CHECK(tag("The dividend would be paid on a still unspecified date in January.") == V{"January=2026-01"});
    CHECK(tag("The sale of an undisclosed stake closes in March.") == V{"March=2026-03"});
    CHECK(tag("The dividend was paid in March.") == V{"March=2025-03"});
}

TEST_CASE("dates: 'quarter-to-quarter' compares quarters and names none", "[dates]") {
    CHECK(tag("Net rose in the third quarter. The quarter-to-quarter comparison was enhanced.") ==
          V{"the third quarter=2025-Q3"});
    CHECK(tag("Net rose in the third quarter. The quarter was strong.") ==
          V{"the third quarter=2025-Q3", "The quarter=2025-Q3"});
}

TEST_CASE("dates: a sentence-opening 'Now,' turns the discourse", "[dates]") {
    CHECK(tag("Iraq was ready. Now, he says, it looks different.") == V{});
    CHECK(tag("Now for a look at today's markets.") == V{"today=2025-11-27"});
    CHECK(tag("Now officials are investigating.") == V{"Now=PRESENT_REF"});
    CHECK(tag("For now, everyone should wait.") == V{"now=PRESENT_REF"});
}

TEST_CASE("dates: 'since year-end' counts from the last year-end", "[dates]") {
    CHECK(tag("Shares have risen 12% since year-end.") == V{"year-end=2024-12-31"});
    CHECK(tag("The deal should close by year-end.") == V{"year-end=2025-12-31"});
}

TEST_CASE("dates: 'Today' inside a name is a title", "[dates]") {
    CHECK(tag("This is VOA Today.") == V{});
    CHECK(tag("USA Today reported the story.") == V{});
    CHECK(tag("He said Today is the day.") == V{"Today=2025-11-27"});
    CHECK(tag("Today, shares rose.") == V{"Today=2025-11-27"});
}

TEST_CASE("dates: a plan reported in the past looks ahead", "[dates]") {
    // Published on Thursday 2025-11-27.
    CHECK(tag("Protesters planned a rally on Saturday and were planning to march.") == V{"Saturday=2025-11-29"});
    CHECK(tag("The vote was expected to take place on Monday.") == V{"Monday=2025-12-01"});
    CHECK(tag("The protesters were arrested on Saturday.") == V{"Saturday=2025-11-22"});
}

TEST_CASE("dates: noun 'plans' and a fronted 'Until' clause do not look ahead", "[dates]") {
    // Published on Monday 2025-11-24.
    const CivilDate monday{2025, 11, 24};
    CHECK(tag("On Friday, when she set aside vacation plans for the trip, the ministry lifted a warning.", monday) ==
          V{"Friday=2025-11-21"});
    CHECK(tag("Until Thursday, they had not called him a suspect.", monday) == V{"Thursday=2025-11-20"});
    CHECK(tag("The hearing was postponed until Thursday.", monday) == V{"Thursday=2025-11-27"});
    CHECK(tag("The company plans to vote on Friday.", monday) == V{"Friday=2025-11-28"});
}

TEST_CASE("dates: 'due to' a cause and 'going through' are no future markers", "[dates]") {
    // Published on Monday 2025-11-24; with no tense the nearest Friday is the one past.
    const CivilDate monday{2025, 11, 24};
    CHECK(tag("Flights stopped Friday due to the storm.", monday) == V{"Friday=2025-11-21"});
    CHECK(tag("The report is due to arrive on Friday.", monday) == V{"Friday=2025-11-28"});
}

TEST_CASE("dates: a bare month just after 'this year' is in that year", "[dates]") {
    // Published on 2025-11-27.
    CHECK(tag("Sales were flat this year through August.") == V{"this year=2025", "August=2025-08"});
    CHECK(tag("The deal runs through August.") == V{"August=2026-08"});
}

TEST_CASE("dates: a bond's maturity year is a date", "[dates]") {
    CHECK(tag("Each right buys $100 of 13.5% bonds due 1993 and warrants.") == V{"1993=1993"});
    CHECK(tag("The notes maturing 2030 were sold.") == V{"2030=2030"});
}

TEST_CASE("dates: 'soon' in a past narrative names no future", "[dates]") {
    CHECK(tag("He was taken to a hospital. He was soon released.") == V{});
    CHECK(tag("A trickle of cash soon became a flood.") == V{});
    CHECK(tag("The company will soon begin selling boxes.") == V{"soon=FUTURE_REF"});
}

TEST_CASE("dates: aspectual 'recently' and 'the future of' name no time", "[dates]") {
    CHECK(tag("They have recently moved to a new house.") == V{});
    CHECK(tag("The search was recently extended to Mexico.") == V{});
    CHECK(tag("The firm recently cut its dividend.") == V{"recently=PAST_REF"});
    CHECK(tag("That is very important to the future of our peoples.") == V{});
    CHECK(tag("Strikes may continue well into the future.") == V{"the future=FUTURE_REF"});
}

TEST_CASE("dates: 'this quarter's results' are those of the quarter the article named", "[dates]") {
    CHECK(tag("Net fell in the third quarter. This quarter's loss includes charges.") ==
          V{"the third quarter=2025-Q3", "This quarter=2025-Q3"});
    CHECK(tag("The company expects a profit this quarter.") == V{"this quarter=2025-Q4"});
}
