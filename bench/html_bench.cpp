// Throughput of the HTML reader (annals::parse_html) on one core, in MB of HTML and
// pages per second of CPU time, over real pages: .html, .htm and gzipped (.gz) files
// given on the command line or found in the directories given (recursed). The pages
// are read and decompressed first, then parsed from memory N times; every round's
// speed is printed, then the median and the spread (min-max), since one round on a
// shared machine can be far off.
//
// Build: cmake -B build -DANNALS_BUILD_BENCH=ON && cmake --build build --target html_bench
//   build/bench/html_bench [--rounds N] FILE_OR_DIR...   (N defaults to 5)
// The extraction quality comes from `annals-eval webpages DIR`; this program is for
// profiling the parser on any set of pages.
#include <annals/ingest.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "gzip.hpp"

namespace {

namespace fs = std::filesystem;

const char* const kUsage =
    "Usage: html_bench [--rounds N] FILE_OR_DIR...\n"
    "Times annals::parse_html over .html, .htm and .gz pages (directories recursed),\n"
    "N rounds (default 5), in MB and pages per second of CPU time on one core.\n";

bool is_page(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".html" || ext == ".htm" || ext == ".gz";
}

// CPU time of the process (this program runs one thread), so that other work on
// the machine slows the figures less than wall-clock time would.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = 5;
    std::vector<fs::path> files;
    try {
        for (int i = 1; i < argc; ++i) {
            if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) {
                rounds = std::atoi(argv[++i]);
                if (rounds < 1) {
                    std::fprintf(stderr, "html_bench: --rounds needs a positive number\n");
                    return 2;
                }
            } else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
                std::fputs(kUsage, stdout);
                return 0;
            } else if (argv[i][0] == '-') {
                std::fprintf(stderr, "html_bench: unknown option '%s'\n%s", argv[i], kUsage);
                return 2;
            } else if (fs::is_directory(argv[i])) {
                std::vector<fs::path> found;
                for (const auto& e : fs::recursive_directory_iterator(argv[i]))
                    if (e.is_regular_file() && is_page(e.path())) found.push_back(e.path());
                std::sort(found.begin(), found.end());
                files.insert(files.end(), found.begin(), found.end());
            } else {
                files.emplace_back(argv[i]);
            }
        }
    } catch (const fs::filesystem_error& e) {
        std::fprintf(stderr, "html_bench: %s\n", e.what());
        return 2;
    }
    if (files.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }

    std::vector<std::string> pages;
    std::size_t bytes = 0;
    try {
        for (const auto& f : files) {
            pages.push_back(annals::cli::read_file(f));
            bytes += pages.back().size();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "html_bench: %s\n", e.what());
        return 2;
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf("html: %.1f MB of HTML in %zu pages\n", mb, pages.size());

    std::vector<double> mb_per_s, pages_per_s;
    for (int round = 0; round < rounds; ++round) {
        std::size_t rejected = 0, chars = 0;
        const double t0 = cpu_seconds();
        for (const auto& page : pages) {
            try {
                const annals::Article a = annals::parse_html(page);
                chars += a.title.size() + a.body.size();  // keeps the parse from being optimised away
            } catch (const std::exception&) {
                ++rejected;  // no title and no text, or worse: the time still counts
            }
        }
        const double s = cpu_seconds() - t0;
        mb_per_s.push_back(s > 0 ? mb / s : 0.0);
        pages_per_s.push_back(s > 0 ? static_cast<double>(pages.size()) / s : 0.0);
        std::printf("round %d: %.3f s, %.2f MB/s, %.0f pages/s (%zu rejected, %zu bytes of text)\n", round + 1, s,
                    mb_per_s.back(), pages_per_s.back(), rejected, chars);
    }
    const auto [mb_min, mb_max] = std::minmax_element(mb_per_s.begin(), mb_per_s.end());
    const auto [p_min, p_max] = std::minmax_element(pages_per_s.begin(), pages_per_s.end());
    std::printf("html: median %.2f MB/s (%.2f-%.2f), %.0f pages/s (%.0f-%.0f); one core, CPU time, %d rounds\n",
                median(mb_per_s), *mb_min, *mb_max, median(pages_per_s), *p_min, *p_max, rounds);
    return 0;
}
