// Throughput of the whole extraction (annals::Extractor, dates on) on one core, in
// tokens per second, on two synthetic workloads: news-sized articles, and one
// very long article that repeats its names thousands of times (where any step
// that compares every mention with every other would show as a collapse).
//
// Build: cmake -B build -DANNALS_BUILD_BENCH=ON && cmake --build build --target extract_bench
//   build/bench/extract_bench
// The accuracy and speed figures of issue 3 come from `annals-eval conll FILE`;
// this program is for profiling and for the long-document case.
#include <annals/extract.hpp>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

const char* const kSentences[] = {
    "Secretary of State Marco Rubio told European allies on Tuesday that the U.S. wants a peace deal.",
    "Rubio, speaking in Geneva, said NATO members had struggled to agree on guarantees for Ukraine.",
    "President Donald Trump will meet Volodymyr Zelensky in Washington, the White House said.",
    "Trump said the European Union and the United Nations should do more, according to Reuters.",
    "Zelensky thanked Britain and France; Russian forces shelled Kharkiv and Odesa overnight.",
    "Rep. Don Bacon (R-Neb.) said Congress would press the State Department for answers.",
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::size_t words(const std::string& s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) n += s[i] == ' ';
    return n + 1;
}

void run(const char* name, const std::vector<annals::Article>& docs, const annals::Extractor& x) {
    std::size_t tokens = 0, entities = 0;
    for (const auto& d : docs) tokens += words(d.body);
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& d : docs) entities += x.extract(d).size();
    const double s = seconds_since(t0);
    std::printf("%-28s %8zu words %7zu entities %7.2f s %9.0f words/s\n", name, tokens, entities, s, tokens / s);
}

}  // namespace

int main() {
    annals::Extractor x;
    std::mt19937 rng(1);
    std::vector<annals::Article> news(400);
    for (auto& a : news) {
        for (int k = 0; k < 20; ++k) a.body += std::string(kSentences[rng() % std::size(kSentences)]) + ' ';
        a.published = "2025-11-27";
    }
    run("400 news-sized articles", news, x);
    std::vector<annals::Article> one(1);
    for (int k = 0; k < 20000; ++k) one[0].body += std::string(kSentences[rng() % std::size(kSentences)]) + ' ';
    one[0].published = "2025-11-27";
    run("one article of 20,000 lines", one, x);
    return 0;
}
