// annals-eval webpages DIR [--limit N] [--errors N] [--json OUT] [--rounds N]: scores
// main-text extraction from real web pages against the trafilatura evaluation pages
// (evaldata.json and html/FILE.gz), with the rules of that evaluation:
//   text       title + "\n" + body of the first article read_articles() gives for the
//              page saved as page.html (Format::Html), exactly what `annals-index
//              --extract` prints; a page it rejects, or whose reading throws, is empty
//   matching   whitespace collapsed as Python's re.sub(r"\s+", " ", s).strip() on str
//              (Unicode whitespace, NBSP included); a "with" snippet present is a true
//              positive, missing a false negative; a "without" snippet present is a
//              false positive, missing a true negative
//   scores     precision, recall, accuracy and F1 over the counts of all pages together
// Beyond the figures: --errors N lists the N worst pages, an error-class table says
// what kind of mistake dominates, the speed is CPU time of read_articles() (median of
// --rounds N runs, default 1), and --json OUT writes one line per page for diffing runs.
#include <annals/ingest.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/utf8.h>

#include "cpu_clock.hpp"
#include "gzip.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = annals::detail::json;

const char* const kUsage = "Usage: annals-eval webpages DIR [--limit N] [--errors N] [--json OUT] [--rounds N]\n";

// F1 on the same 990 pages, published by the trafilatura evaluation.
const std::pair<const char*, double> kPublished[] = {
    {"trafilatura 2.2.0 (standard)", 0.924}, {"magic-html 0.1.8", 0.889},
    {"justext 3.0.2 (custom)", 0.862},       {"news-please 1.6.16", 0.836},
    {"readability-lxml 0.8.4.1", 0.826},     {"baseline (text markup)", 0.815},
    {"goose3 3.1.22", 0.810},                {"newspaper4k 0.9.6", 0.801},
    {"raw HTML", 0.667},
};

struct Page {
    std::string url, file, html;
    std::vector<std::string> with, without;  // snippets as given
};

struct Result {
    long tp = 0, fp = 0, fn = 0, tn = 0;
    std::size_t chars = 0;  // code points of the normalised text, as Python's len()
    bool empty = false, title_only = false;
    std::vector<bool> got_with, got_without;
};

// Python's str.isspace(), which is also what \s matches in a str pattern.
bool python_space(UChar32 c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

// re.sub(r"\s+", " ", s).strip() on valid UTF-8.
std::string norm(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool gap = false;
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (python_space(c)) {
            gap = true;
            continue;
        }
        if (gap && !out.empty()) out += ' ';
        gap = false;
        out.append(s.data() + start, static_cast<std::size_t>(i - start));
    }
    return out;
}

// The first @p limit code points, as Python's s[:limit].
std::string_view head(std::string_view s, std::size_t limit) {
    std::size_t i = 0;
    for (std::size_t seen = 0; i < s.size(); ++i)
        if ((s[i] & 0xC0) != 0x80 && seen++ == limit) break;
    return s.substr(0, i);
}

// What the scorer reads back: annals-index writes each field with json::quote()
// (invalid UTF-8 becoming U+FFFD) and the scorer loads it again.
std::string as_printed(const std::string& field) { return json::parse(json::quote(field)).string(); }

std::vector<Page> load_pages(const fs::path& dir, std::size_t limit) {
    const json::Value data = json::parse(annals::cli::read_file(dir / "evaldata.json"));
    if (!data.is_object()) throw std::runtime_error("evaldata.json: not an object");
    std::vector<const std::pair<std::string, json::Value>*> items;
    for (const auto& m : data.members()) items.push_back(&m);
    // Python's sorted() on str compares code points; on UTF-8 bytes the order is the same.
    std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->first < b->first; });
    if (limit && items.size() > limit) items.resize(limit);
    std::vector<Page> pages;
    for (const auto* item : items) {
        Page p;
        p.url = item->first;
        const json::Value* file = item->second.find("file");
        if (!file || !file->is_string()) throw std::runtime_error("evaldata.json: no file for " + p.url);
        p.file = file->string();
        for (auto [key, list] : {std::pair{"with", &p.with}, std::pair{"without", &p.without}}) {
            const json::Value* v = item->second.find(key);
            if (!v || !v->is_array()) throw std::runtime_error("evaldata.json: no '" + std::string(key) + "' for " + p.url);
            for (const auto& s : v->items()) list->push_back(s.string());
        }
        p.html = annals::cli::read_file(dir / "html" / (p.file + ".gz"));
        pages.push_back(std::move(p));
    }
    return pages;
}

// A scratch directory removed on every way out.
struct ScratchDir {
    fs::path path;
    ScratchDir() {
        std::string tmpl = (fs::temp_directory_path() / "annals-eval-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
        path = tmpl;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

Result score(const Page& page, const std::string* title, const std::string* body) {
    Result r;
    const std::string t = title ? norm(as_printed(*title) + "\n" + as_printed(*body)) : std::string();
    r.empty = t.empty();
    r.title_only = title && !r.empty && norm(as_printed(*body)).empty();
    r.chars = annals::detail::code_points(t);
    for (const auto& w : page.with) r.got_with.push_back(t.find(norm(w)) != std::string::npos);
    for (const auto& w : page.without) r.got_without.push_back(t.find(norm(w)) != std::string::npos);
    r.tp = std::count(r.got_with.begin(), r.got_with.end(), true);
    r.fp = std::count(r.got_without.begin(), r.got_without.end(), true);
    r.fn = static_cast<long>(page.with.size()) - r.tp;
    r.tn = static_cast<long>(page.without.size()) - r.fp;
    return r;
}

// The kinds of mistake: the first four exclude each other, kept boilerplate comes
// with any of them. Snippets are the missed ones, or for boilerplate the kept ones.
void print_classes(const std::vector<Page>& pages, const std::vector<Result>& results) {
    const char* names[] = {"empty text", "title only", "missed all with-snippets", "missed some",
                           "kept boilerplate"};
    long count[5] = {}, snippets[5] = {};
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const Result& r = results[i];
        const int k = r.empty ? 0 : r.title_only ? 1 : r.fn && !r.tp ? 2 : r.fn ? 3 : -1;
        if (k >= 0 && r.fn) {
            ++count[k];
            snippets[k] += r.fn;
        }
        if (r.fp) {
            ++count[4];
            snippets[4] += r.fp;
        }
    }
    std::printf("%-26s %6s %9s\n", "error class", "pages", "snippets");
    for (int k = 0; k < 5; ++k) std::printf("%-26s %6ld %9ld\n", names[k], count[k], snippets[k]);
}

void write_json(std::ostream& o, const std::string& dir, const std::vector<Page>& pages,
                const std::vector<Result>& results) {
    o << "{\"data\": " << json::quote(dir) << ", \"pages\": [\n";
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const Page& p = pages[i];
        const Result& r = results[i];
        std::vector<std::string> missed, kept;
        for (std::size_t k = 0; k < p.with.size(); ++k)
            if (!r.got_with[k]) missed.push_back(norm(p.with[k]));
        for (std::size_t k = 0; k < p.without.size(); ++k)
            if (r.got_without[k]) kept.push_back(norm(p.without[k]));
        json::Writer w;
        w.begin_object().key("url").value(p.url).key("file").value(p.file);
        w.key("tp").value(static_cast<long long>(r.tp)).key("fp").value(static_cast<long long>(r.fp));
        w.key("fn").value(static_cast<long long>(r.fn)).key("tn").value(static_cast<long long>(r.tn));
        w.key("chars").value(r.chars).strings("missed", missed).strings("kept", kept).end_object();
        o << w.str() << (i + 1 < pages.size() ? ",\n" : "\n");
    }
    o << "]}\n";
}

}  // namespace

int annals_eval_webpages(int argc, char** argv) {
    std::string dir, json_out;
    long limit = 0, errors = 0, rounds = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--json" && i + 1 < argc) json_out = argv[++i];
        else if (a == "--limit" || a == "--errors" || a == "--rounds") {
            long& target = a == "--limit" ? limit : a == "--errors" ? errors : rounds;
            char* end = nullptr;
            target = i + 1 < argc ? std::strtol(argv[++i], &end, 10) : -1;
            if (!end || *end || target < (a == "--rounds" ? 1 : 0)) {
                std::cerr << "annals-eval webpages: " << a << " needs a number" << (a == "--rounds" ? " from 1" : "")
                          << "\n";
                return 2;
            }
        } else if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (a[0] == '-' || !dir.empty()) {
            std::cerr << "annals-eval webpages: unexpected argument '" << argv[i] << "'\n";
            return 2;
        } else dir = argv[i];
    }
    if (dir.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    std::vector<Page> pages;
    try {
        pages = load_pages(dir, static_cast<std::size_t>(limit));
    } catch (const std::exception& e) {  // json::ParseError is a runtime_error too
        std::cerr << "annals-eval webpages: " << e.what() << "\n";
        return 2;
    }
    std::size_t bytes = 0;
    for (const auto& p : pages) bytes += p.html.size();

    // Every page goes through read_articles() from a file named page.html, as
    // `annals-index --extract page.html` reads it: the same UTF-8 check and
    // rejections. Writing the file is not timed; reading and parsing it is.
    std::vector<Result> results(pages.size());
    std::vector<double> round_seconds;
    try {
        ScratchDir scratch;
        const fs::path file = scratch.path / "page.html";
        annals::ReadOptions options;
        options.format = annals::Format::Html;
        for (long round = 0; round < rounds; ++round) {
            double seconds = 0;
            for (std::size_t i = 0; i < pages.size(); ++i) {
                {
                    std::ofstream out(file, std::ios::binary | std::ios::trunc);
                    out << pages[i].html;
                    if (!out) throw std::runtime_error("cannot write " + file.string());
                }
                std::optional<annals::Article> article;
                const double t0 = annals::cli::thread_cpu_seconds();
                try {
                    annals::read_articles(
                        file.string(), options,
                        [&](annals::Article&& a, const annals::SourceLocation&) {
                            if (!article) article = std::move(a);
                        },
                        [](const annals::InputError&) {});
                } catch (const std::exception&) {
                    article.reset();  // the scorer's failing run: empty text
                }
                seconds += annals::cli::thread_cpu_seconds() - t0;
                if (round > 0) continue;
                results[i] = article ? score(pages[i], &article->title, &article->body)
                                     : score(pages[i], nullptr, nullptr);
            }
            round_seconds.push_back(seconds);
        }
    } catch (const std::exception& e) {
        std::cerr << "annals-eval webpages: " << e.what() << "\n";
        return 2;
    }

    long tp = 0, fp = 0, fn = 0, tn = 0, empty = 0;
    for (const auto& r : results) {
        tp += r.tp;
        fp += r.fp;
        fn += r.fn;
        tn += r.tn;
        empty += r.empty;
    }
    const double precision = tp + fp ? double(tp) / double(tp + fp) : 0.0;
    const double recall = tp + fn ? double(tp) / double(tp + fn) : 0.0;
    const double accuracy = tp + fp + fn + tn ? double(tp + tn) / double(tp + fp + fn + tn) : 0.0;
    const double f1 = precision + recall ? 2 * precision * recall / (precision + recall) : 0.0;

    if (errors) {
        // Worst first; a stable sort keeps URL order among equals, as the scorer's sort does.
        std::vector<std::size_t> order(pages.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return results[a].fp + results[a].fn > results[b].fp + results[b].fn;
        });
        for (std::size_t n = 0; n < order.size() && n < static_cast<std::size_t>(errors); ++n) {
            const Page& p = pages[order[n]];
            const Result& r = results[order[n]];
            if (!r.fp && !r.fn) break;
            std::printf("\n%s  (%s, %zu chars extracted)\n", p.url.c_str(), p.file.c_str(), r.chars);
            for (std::size_t k = 0; k < p.with.size(); ++k)
                if (!r.got_with[k]) std::printf("  missed:  %s\n", std::string(head(norm(p.with[k]), 100)).c_str());
            for (std::size_t k = 0; k < p.without.size(); ++k)
                if (r.got_without[k])
                    std::printf("  kept:    %s\n", std::string(head(norm(p.without[k]), 100)).c_str());
        }
        std::printf("\n");
    }

    print_classes(pages, results);
    std::vector<double> sorted = round_seconds;
    std::sort(sorted.begin(), sorted.end());
    const double seconds = sorted[sorted.size() / 2];
    const double mb = double(bytes) / 1e6;
    // Parsing, not the data, sets the time: the spread of several rounds shows how far
    // a shared machine moves one measurement.
    std::printf("speed: %.1f MB of HTML, %zu pages in %.2f s = %.2f MB/s (read_articles, one core, CPU time", mb,
                pages.size(), seconds, seconds > 0 ? mb / seconds : 0.0);
    if (rounds > 1 && sorted.front() > 0)
        std::printf(", median of %ld runs, %.2f-%.2f MB/s", rounds, mb / sorted.back(), mb / sorted.front());
    std::printf(")\n");

    // The scorer's own lines, character for character.
    std::vector<std::pair<std::string, double>> rows(std::begin(kPublished), std::end(kPublished));
    rows.emplace_back("annals (this run)", f1);
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::printf("%-32s %6s\n", "system", "F1");
    for (const auto& [name, value] : rows)
        std::printf("%-32s %6.3f%s\n", name.c_str(), value, name.rfind("annals", 0) == 0 ? "  <-" : "");
    std::printf("counts: tp %ld fp %ld fn %ld tn %ld\n", tp, fp, fn, tn);
    std::printf("webpage: precision %.3f recall %.3f accuracy %.3f F1 %.3f (%zu pages, %ld empty, %.1f s)\n",
                precision, recall, accuracy, f1, pages.size(), empty, seconds);

    if (!json_out.empty()) {
        std::ofstream o(json_out);
        write_json(o, dir, pages, results);
        if (!o) {
            std::cerr << "annals-eval webpages: cannot write " << json_out << '\n';
            return 2;
        }
    }
    return 0;
}
