// The timeline bar chart of annals-query's text output (tools/common/chart.hpp).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "../tools/common/chart.hpp"

using annals::cli::bar_chart;

TEST_CASE("chart: ASCII bars scale to the width, the longest filling it", "[chart]") {
    const std::string out = bar_chart({{"2022", 1}, {"2023", 0}, {"2024", 4}}, 30, false);
    // 4 indent + "2024" + " " + "4" + " " = 11 columns, 19 for the bars.
    CHECK(out == "    2022 1 #####\n"
                 "    2023 0\n"
                 "    2024 4 ###################\n");
    for (std::size_t at = 0, end; (end = out.find('\n', at)) != std::string::npos; at = end + 1)
        CHECK(end - at <= 30);
}

TEST_CASE("chart: Unicode bars use eighth blocks, and a small count still shows", "[chart]") {
    const std::string out = bar_chart({{"2024-01", 1}, {"2024-02", 100}}, 27, true, 0);
    // 0 + 7 + 1 + 3 + 1 = 12 columns used: 15 for the bars; 1/100 of 15 columns is one eighth.
    CHECK(out == "2024-01   1 \u258F\n"
                 "2024-02 100 \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\n");
    // Too narrow a terminal still gets ten columns of bar.
    CHECK(bar_chart({{"2024", 2}}, 5, false) == "    2024 2 ##########\n");
}

TEST_CASE("chart: the width is $COLUMNS, else 80 off a terminal", "[chart]") {
    ::setenv("COLUMNS", "120", 1);
    CHECK(annals::cli::output_width() == 120);
    ::setenv("COLUMNS", "wide", 1);
    if (::isatty(1) != 1) CHECK(annals::cli::output_width() == 80);
    ::unsetenv("COLUMNS");
}
