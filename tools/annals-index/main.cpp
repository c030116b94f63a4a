// annals-index: add articles to an archive, delete them, or print what the
// extractor finds (docs/formats.md, annals-index). A thin shell over the library.
#include <annals/annals.hpp>

#include <boost/program_options.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"

namespace po = boost::program_options;
using namespace annals;

namespace {

const char* const kProgram = "annals-index";

std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted = true; }

const char* const kUsage =
    "Usage: annals-index --db DIR [options] INPUT...\n"
    "  or:  annals-index --db DIR --delete ID...\n"
    "  or:  annals-index --db DIR --compact\n"
    "  or:  annals-index --extract [options] [INPUT...]\n"
    "\n"
    "Adds articles to the archive in DIR (created if needed), replacing any article\n"
    "with the same id, after extracting the people, places, organisations and dates\n"
    "they mention. An INPUT is a file, a directory (read recursively) or '-' for JSON\n"
    "Lines on standard input. Formats by extension: .jsonl/.ndjson (one article a\n"
    "line), .json (an article or an array), .txt (a saved page or plain text: first\n"
    "line the headline), .html/.htm, and the archive formats .sgm (Reuters-21578\n"
    "SGML, one article per <REUTERS>), .xml/.nitf (NITF XML; other XML is rejected)\n"
    "and .warc/.warc.gz (web archives: each HTML page crawled is an article; other\n"
    "records and repeated pages are skipped and counted). Pages (.txt, .html, WARC)\n"
    "may be in any common encoding: a byte order mark, valid UTF-8, the page's\n"
    "declared charset, or the encoding detected from the text, in that order.\n"
    "\n"
    "Rejected articles are reported as FILE:LINE: reason (WARC records as FILE: record\n"
    "N at byte M: reason); every good article is still indexed. A web page whose\n"
    "article text cannot be found is indexed by its title with a warning, FILE: no\n"
    "article text found (title only), and counted in the summary. Changes are\n"
    "committed every --batch-size articles: an interrupted run leaves the archive\n"
    "at its last commit, and running it again completes it.\n"
    "\n"
    "Reading, page cleaning and extraction run on --threads threads (one per core by\n"
    "default) while the archive is written in input order, so the archive is the same\n"
    "for any thread count. On a terminal a progress line shows files, articles,\n"
    "articles per second, rejections and, for files and folders, the time left.\n"
    "\n"
    "Exit status: 0 all articles indexed, 1 some input rejected or the archive failed,\n"
    "2 usage error, 130 interrupted (work up to the interruption is committed).\n"
    "\n"
    "Options";

// Progress on stderr, at most twice a second, only when asked or on a terminal:
// files, articles, articles/s, rejections, and the share done with an ETA when
// the input's size is known.
class ProgressLine {
  public:
    explicit ProgressLine(bool enabled) : enabled_(enabled) {}
    bool enabled() const { return enabled_; }
    void show(const IndexProgress& p, bool force = false) {
        latest_ = p;
        auto now = std::chrono::steady_clock::now();
        if (!force && now - last_ < std::chrono::milliseconds(500)) return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double rate = seconds > 0 ? static_cast<double>(p.articles) / seconds : 0;
        std::string files = std::to_string(p.files);
        if (p.total_files) {
            files += '/';  // not "/" + std::string: GCC 12 warns of an overlapping copy (-Wrestrict, a false alarm)
            files += std::to_string(*p.total_files);
        }
        std::fprintf(stderr, "\r%s: %s files, %zu articles (%.0f/s), %zu rejected", kProgram, files.c_str(),
                     p.articles, rate, p.rejected);
        if (p.total_bytes && *p.total_bytes > 0 && p.bytes > 0) {
            const double share = static_cast<double>(p.bytes) / static_cast<double>(*p.total_bytes);
            const double eta = seconds * (1 - share) / share;
            std::fprintf(stderr, ", %.0f%% done, %s left", 100 * share, format_duration(eta).c_str());
        }
        std::fputs("\x1b[K", stderr);  // clear what a longer line left behind
        drawn_ = true;
    }
    void done() {
        if (!drawn_) return;
        show(latest_, true);  // the final counts, which the rate limit may have skipped
        std::fputc('\n', stderr);
    }

  private:
    static std::string format_duration(double seconds) {
        const long s = static_cast<long>(seconds + 0.5);
        char buf[32];
        if (s >= 3600)
            std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
        else
            std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
        return buf;
    }
    bool enabled_;
    bool drawn_ = false;
    IndexProgress latest_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

int run_delete(const std::string& db, const std::vector<std::string>& ids) {
    Archive archive = Archive::open(db, ArchiveOptions{.batch_size = 500, .create = false});
    int status = cli::kOk;
    for (const auto& id : ids) {
        if (!archive.remove(id)) {
            std::cerr << kProgram << ": no article with id '" << id << "'\n";
            status = cli::kFailed;
        }
    }
    archive.commit();
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    po::options_description visible(kUsage);
    std::string db, format_name = "auto";
    std::size_t batch = 500, shards = 0;
    unsigned threads = 0;
    visible.add_options()
        ("help,h", "show this help and exit")
        ("version", "show the version and exit")
        ("db,d", po::value(&db)->value_name("DIR"), "archive directory (required unless --extract)")
        ("format,f", po::value(&format_name)->value_name("FMT"),
         "input format: auto (by extension, default), jsonl, json, txt, html, reuters,\n"
         "nitf, warc")
        ("extract", "index nothing: print each article with its entities as JSON Lines")
        ("delete", "remove the articles whose ids are given as arguments")
        ("no-entities", "index without extracting entities (curated metadata is still indexed)")
        ("batch-size", po::value(&batch)->value_name("N"), "articles per commit (default 500)")
        ("threads,j", po::value(&threads)->value_name("N"),
         "threads that read, clean pages and extract (default 0: one per core; 1: no extra threads); "
         "the archive is the same whatever N")
        ("shards", po::value(&shards)->value_name("N"),
         "create the archive as N shards written in parallel and searched as one "
         "(only when it is created; default 1)")
        ("compact", "merge the archive's shards into one database, or compact it; reads no INPUT")
        ("progress", "show progress on stderr even when it is not a terminal")
        ("quiet,q", "no progress and no summary line");
    po::variables_map vm;
    if (auto status = cli::parse_command_line(argc, argv, kProgram, visible, "input", vm)) return *status;

    std::vector<std::string> inputs = cli::positionals(vm, "input");
    const bool extract_only = vm.count("extract") > 0;
    const bool quiet = vm.count("quiet") > 0;
    if (extract_only && vm.count("delete")) return cli::usage_error(kProgram, "--extract and --delete exclude each other");
    if (!extract_only && db.empty()) return cli::usage_error(kProgram, "--db DIR is required");
    if (batch == 0) return cli::usage_error(kProgram, "--batch-size must be at least 1");

    ReadOptions read_options;
    try {
        read_options.format = format_from_string(format_name);
    } catch (const UsageError& e) {
        return cli::usage_error(kProgram, e.what());
    }

    if (vm.count("compact") && (extract_only || vm.count("delete")))
        return cli::usage_error(kProgram, "--compact excludes --extract and --delete");

    try {
        if (vm.count("compact")) {
            if (!inputs.empty()) return cli::usage_error(kProgram, "--compact reads no INPUT");
            const std::size_t n = compact_archive(db);
            if (!quiet) std::cerr << kProgram << ": compacted " << db << " (" << n << " articles)\n";
            return cli::kOk;
        }
        if (vm.count("delete")) {
            if (inputs.empty()) return cli::usage_error(kProgram, "--delete needs at least one ID");
            return run_delete(db, inputs);
        }
        if (inputs.empty()) {
            if (!extract_only) return cli::usage_error(kProgram, "no INPUT given (use '-' for standard input)");
            inputs.push_back("-");
        }

        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);

        ExtractOptions extract_options;
        if (vm.count("no-entities")) extract_options = {false, false, false, false};
        std::optional<Archive> archive;
        if (!extract_only) archive = Archive::open(db, ArchiveOptions{.batch_size = batch, .create = true, .shards = shards});
        IndexerOptions options{.read = read_options, .threads = threads, .stop = [] { return g_interrupted.load(); }};
        Indexer indexer = archive ? Indexer(*archive, Extractor(extract_options), options)
                                  : Indexer(Extractor(extract_options), options);

        ProgressLine progress(!quiet && !extract_only && (vm.count("progress") || cli::stderr_is_tty()));
        IndexerSinks sinks;
        if (extract_only) sinks.indexed = [](const Article& a, const SourceLocation&) { std::cout << to_json(a) << '\n'; };
        // A message must not land in the middle of the progress line.
        auto print = [&](const InputError& e) { std::cerr << (progress.enabled() ? "\r\x1b[K" : "") << e.what() << '\n'; };
        sinks.rejected = print;
        std::size_t title_only = 0;  // other warnings (skipped WARC records...) are told but not counted here
        sinks.warned = [&](const InputError& e) {
            print(e);
            if (std::string_view(e.reason()).ends_with(kTitleOnly)) ++title_only;
        };
        if (progress.enabled()) sinks.progress = [&](const IndexProgress& p) { progress.show(p); };
        const IndexStats stats = indexer.run(inputs, sinks);
        if (archive) archive->commit();
        progress.done();
        std::cout.flush();

        if (g_interrupted) {
            std::cerr << kProgram << ": interrupted after " << stats.articles
                      << " articles (all committed); run again to complete\n";
            return cli::kInterrupted;
        }
        if (!quiet && !extract_only)
            std::cerr << kProgram << ": " << stats.articles << " indexed"
                      << (title_only ? " (" + std::to_string(title_only) + " by title only)" : "")
                      << ", " << stats.rejected << " rejected; " << archive->size() << " articles in " << db << '\n';
        return stats.rejected ? cli::kFailed : cli::kOk;
    } catch (const UsageError& e) {
        return cli::usage_error(kProgram, e.what());
    } catch (const Error& e) {
        return cli::fail(kProgram, e.what(), cli::kFailed);
    }
}
