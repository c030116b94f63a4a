// Throughput of the temporal tagger (find_dates) on one core, in characters per
// second, over synthetic news text (or over the files given on the command line).
//
// Build: cmake -B build -DANNALS_BUILD_BENCH=ON && cmake --build build --target dates_bench
//   build/bench/dates_bench [FILE...]
// The TimeML figure that issue 4 asks for comes from `annals-eval timeml DIR...`,
// which times the tagger on the corpus itself; this program is for profiling.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/dates.hpp"

namespace {

// Paragraphs in the style of wire copy, dense in dates and in numbers that are not.
const char* const kParagraphs[] = {
    "WASHINGTON (AP) — The Federal Reserve held rates steady on Wednesday, but signaled it could cut "
    "them as soon as December. Officials said inflation had cooled since the summer of 2023, when prices "
    "rose at the fastest pace since the early 1980s.\n\n",
    "Stocks fell 1.2% on Thursday. The index has gained 14% in 2025, after rising 23% last year. About "
    "2,500 workers lost jobs in October, the department said Friday, while claims for the week ending "
    "Nov. 22 fell to 216,000.\n\n",
    "In the third quarter, output grew at a 4.3% annual rate, up from 3.8% in the second quarter. "
    "Economists expect growth to slow in Q4 2025 and in the first half of 2026, two years after the "
    "2024 election held on Nov. 5, 2024.\n\n",
    "Secretary of State Marco Rubio, on a Tuesday call with European officials, argued that a 28-point "
    "plan agreed last week would limit the army to 600,000 troops. Talks last weekend in Geneva ended "
    "without a deal; they will resume next month, a diplomat said on 27 November 2025.\n\n",
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> docs;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        docs.push_back(ss.str());
    }
    if (docs.empty()) {
        std::string text;
        while (text.size() < (4u << 20))
            for (const char* p : kParagraphs) text += p;
        docs.push_back(std::move(text));
    }
    std::size_t chars = 0;
    for (const auto& d : docs) chars += d.size();

    const std::optional<annals::detail::CivilDate> ref = annals::detail::CivilDate{2025, 11, 27};
    std::size_t mentions = 0;
    int rounds = 0;
    const auto t0 = std::chrono::steady_clock::now();
    double seconds = 0;
    do {
        for (const auto& d : docs) mentions += annals::detail::find_dates(d, annals::Field::Body, ref).size();
        ++rounds;
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } while (seconds < 1.0);
    std::printf("dates: %zu characters x %d rounds in %.3f s: %.0f characters/second, %zu mentions per round\n",
                chars, rounds, seconds, static_cast<double>(chars) * rounds / seconds, mentions / rounds);
    return 0;
}
