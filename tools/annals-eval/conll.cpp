// annals-eval conll FILE [--json OUT] [--tagger] [--errors]: scores person, place and
// organisation extraction against a CoNLL-2003 file with conlleval's rules
// (docs/extraction.md): each -DOCSTART- document becomes an
// article body (tokens joined by single spaces, sentences by "\n"); gold chunks
// are the IOB1 PER/LOC/ORG chunks (MISC ignored); a predicted entity stands for
// the tokens its byte span overlaps and counts when type and token span equal a
// gold chunk (conlleval); repeats count once. By default the full public
// extraction runs (annals::Extractor, so coreference and canonicalisation are
// included); --tagger scores the internal statistical tagger alone; --errors
// lists every miss and false alarm with the words around it, then how many
// errors fall in each class (confusions, boundaries, misses, false alarms); --rounds N (5)
// times N runs and prints the median speed.
#include <annals/extract.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <sys/resource.h>

#include "conll.hpp"
#include "cpu_clock.hpp"
#include "extract/ner.hpp"
#include "extract/tokenize.hpp"

namespace {

const char* const kLabels[] = {"PER", "LOC", "ORG"};
const char* const kUsage = "Usage: annals-eval conll FILE [--json OUT] [--tagger] [--errors] [--rounds N]\n";

struct ConllDoc {
    std::string body;
    std::vector<std::size_t> starts, ends;       // token byte spans in body
    std::set<std::tuple<int, long, long>> gold;  // (type, first, last)
    std::set<std::pair<long, long>> misc;        // gold MISC chunks (first, last): not scored, named in error classes
};

int label_index(const std::string& t) {
    for (int k = 0; k < 3; ++k)
        if (t == kLabels[k]) return k;
    return -1;
}

/// Chunks (type, first, last) of one sentence's IOB1 tags, as iob1_chunks().
void iob1_chunks(const std::vector<std::string>& tags, long offset, std::set<std::tuple<int, long, long>>& out,
                 std::set<std::pair<long, long>>& misc) {
    std::string cur;
    long start = 0;
    for (std::size_t i = 0; i <= tags.size(); ++i) {
        std::string tag = i < tags.size() ? tags[i] : "O";
        auto dash = tag.find('-');
        std::string bio = tag.substr(0, dash), typ = dash == std::string::npos ? "" : tag.substr(dash + 1);
        if (!cur.empty() && (bio != "I" || typ != cur)) {
            if (int k = label_index(cur); k >= 0) out.insert({k, offset + start, offset + static_cast<long>(i) - 1});
            else if (cur == "MISC") misc.insert({offset + start, offset + static_cast<long>(i) - 1});
            cur.clear();
        }
        if ((bio == "B" || bio == "I") && !typ.empty() && cur.empty()) {
            cur = typ;
            start = static_cast<long>(i);
        }
    }
}

// Builds each document's body exactly as conll_eval.py does: tokens joined by one
// space, sentences by a newline; token byte spans and gold chunks alongside.
ConllDoc build_document(const annals::cli::ConllDocument& sentences) {
    ConllDoc d;
    std::size_t pos = 0;
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        long offset = static_cast<long>(d.starts.size());
        std::vector<std::string> tags;
        for (std::size_t i = 0; i < sentences[s].size(); ++i) {
            if (i > 0) d.body += ' ';
            d.starts.push_back(pos);
            d.body += sentences[s][i].word;
            pos += sentences[s][i].word.size();
            d.ends.push_back(pos);
            ++pos;
            tags.push_back(sentences[s][i].tag);
        }
        if (s + 1 < sentences.size()) d.body += '\n';
        iob1_chunks(tags, offset, d.gold, d.misc);
    }
    return d;
}

using Counts = annals::cli::PrfCounts;

// One line per miss ("-") and false alarm ("+"): type, the span's words in
// brackets, and up to four words either side.
void print_errors(const ConllDoc& d, const std::set<std::tuple<int, long, long>>& pred) {
    auto words = [&](long a, long b) {
        std::string s;
        for (long k = std::max(0L, a); k <= b && k < static_cast<long>(d.starts.size()); ++k) {
            if (!s.empty()) s += ' ';
            s += d.body.substr(d.starts[k], d.ends[k] - d.starts[k]);
        }
        return s;
    };
    auto show = [&](char sign, const std::tuple<int, long, long>& c) {
        auto [t, a, b] = c;
        std::printf("%c %s %s [%s] %s\n", sign, kLabels[t], words(a - 4, a - 1).c_str(), words(a, b).c_str(),
                    words(b + 1, b + 4).c_str());
    };
    for (const auto& g : d.gold)
        if (!pred.count(g)) show('-', g);
    for (const auto& p : pred)
        if (!d.gold.count(p)) show('+', p);
}

// Error classes, counted over all documents. A gold chunk missed is "- X as Y"
// when a name of type Y covers exactly its words, "- X boundary" when names
// overlap it, else "- X missed"; a false alarm is "+ Y for MISC" on exactly a
// gold MISC chunk, "+ Y boundary" overlapping a gold chunk (MISC included),
// else "+ Y spurious". A confusion is counted once, as "- X as Y".
void count_error_classes(const ConllDoc& d, const std::set<std::tuple<int, long, long>>& pred,
                         std::map<std::string, long>& classes) {
    auto overlaps = [](long a, long b, long c, long e) { return a <= e && c <= b; };
    for (const auto& [t, a, b] : d.gold) {
        if (pred.count({t, a, b})) continue;
        std::string cls = std::string("- ") + kLabels[t] + " missed";
        for (const auto& [u, c, e] : pred) {
            if (c == a && e == b) {
                cls = std::string("- ") + kLabels[t] + " as " + kLabels[u];
                break;
            }
            if (overlaps(a, b, c, e)) cls = std::string("- ") + kLabels[t] + " boundary";
        }
        ++classes[cls];
    }
    for (const auto& [u, c, e] : pred) {
        if (d.gold.count({u, c, e})) continue;
        bool same_words = false, overlap = false;
        for (const auto& [t, a, b] : d.gold) {
            same_words = same_words || (a == c && b == e);
            overlap = overlap || overlaps(a, b, c, e);
        }
        if (same_words) continue;
        std::string cls = std::string("+ ") + kLabels[u] + (d.misc.count({c, e}) ? " for MISC" : " spurious");
        if (!d.misc.count({c, e}))
            for (const auto& [a, b] : d.misc) overlap = overlap || overlaps(a, b, c, e);
        if (overlap && !d.misc.count({c, e})) cls = std::string("+ ") + kLabels[u] + " boundary";
        ++classes[cls];
    }
}

}  // namespace

int annals_eval_conll(int argc, char** argv) {
    std::string file, json;
    bool tagger_only = false, errors_out = false;
    int rounds = 5;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
        else if (!std::strcmp(argv[i], "--tagger")) tagger_only = true;
        else if (!std::strcmp(argv[i], "--errors")) errors_out = true;
        else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) {
            rounds = std::atoi(argv[++i]);
            if (rounds < 1) {
                std::cerr << "annals-eval conll: --rounds needs a positive number\n";
                return 2;
            }
        }
        else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::cout << kUsage;
            return 0;
        } else if (argv[i][0] == '-' || !file.empty()) {
            std::cerr << "annals-eval conll: unexpected argument '" << argv[i] << "'\n";
            return 2;
        } else file = argv[i];
    }
    if (file.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    std::vector<ConllDoc> docs;
    try {
        for (const auto& document : annals::cli::read_conll(file)) docs.push_back(build_document(document));
    } catch (const std::runtime_error& e) {
        std::cerr << "annals-eval conll: " << e.what() << "\n";
        return 2;
    }

    // Load models before timing: the speed is that of tagging and linking. The
    // load itself is timed apart (wall clock: it reads memory the OS may page in).
    const auto load_start = std::chrono::steady_clock::now();
    // The options annals-index uses, dates included: a date wins over a name
    // tagged on the same words ("1979 Democracy Wall"), which changes the names.
    annals::Extractor extractor;
    const auto& tagger = annals::detail::Tagger::builtin();
    {
        annals::Article warm;
        warm.body = "Warm up in London .";
        (void)extractor.extract(warm);
    }
    const double load_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start).count();

    // One scored run, then further timed runs over the same documents: the speed
    // printed is the median, as one run on a shared machine can be far off.
    Counts counts[3];
    std::map<std::string, long> error_classes;
    std::vector<double> round_seconds;
    std::size_t tokens = 0;
    for (const auto& d : docs) tokens += d.starts.size();
    for (int round = 0; round < rounds; ++round) {
        double seconds = 0;
        for (std::size_t n = 0; n < docs.size(); ++n) {
            const ConllDoc& d = docs[n];
            // Predicted (type, start, end) byte spans; only the timed work runs in
            // every round, the scoring in the first.
            std::vector<std::tuple<annals::EntityType, std::size_t, std::size_t>> spans;
            auto t0 = annals::cli::thread_cpu_seconds();
            if (tagger_only) {
                auto toks = annals::detail::tokenize(d.body);
                auto mentions = tagger.tag(d.body, toks);
                seconds += annals::cli::thread_cpu_seconds() - t0;
                for (const auto& m : mentions) spans.emplace_back(m.type, toks[m.first].start, toks[m.last].end);
            } else {
                annals::Article a;
                a.id = "conll-" + std::to_string(n + 1);
                a.body = d.body;
                auto ents = extractor.extract(a);
                seconds += annals::cli::thread_cpu_seconds() - t0;
                for (const auto& e : ents)
                    if (e.field == annals::Field::Body && e.type != annals::EntityType::Date)
                        spans.emplace_back(e.type, e.start, e.end);
            }
            if (round > 0) continue;
            std::set<std::tuple<int, long, long>> pred;
            for (const auto& [type, start, end] : spans) {
                // first token ending after start; last token starting before end
                long first = std::upper_bound(d.ends.begin(), d.ends.end(), start) - d.ends.begin();
                long last = (std::lower_bound(d.starts.begin(), d.starts.end(), end) - d.starts.begin()) - 1;
                pred.insert({type == annals::EntityType::Person ? 0 : type == annals::EntityType::Place ? 1 : 2, first,
                             last});
            }
            if (errors_out) {
                print_errors(d, pred);
                count_error_classes(d, pred, error_classes);
            }
            for (int t = 0; t < 3; ++t) {
                for (const auto& g : d.gold)
                    if (std::get<0>(g) == t) (pred.count(g) ? counts[t].tp : counts[t].fn)++;
                for (const auto& p : pred)
                    if (std::get<0>(p) == t && !d.gold.count(p)) counts[t].fp++;
            }
        }
        round_seconds.push_back(seconds);
    }
    std::sort(round_seconds.begin(), round_seconds.end());
    const double seconds = round_seconds[round_seconds.size() / 2];
    Counts all;
    for (auto& c : counts) {
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn += c.fn;
    }
    double speed = seconds > 0 ? double(tokens) / seconds : 0;
    std::printf("conll: %s: %zu documents, %zu tokens (%s)\n", file.c_str(), docs.size(), tokens,
                tagger_only ? "statistical tagger only" : "full extraction");
    std::printf("%-5s %9s %7s %6s %6s %6s %6s\n", "type", "precision", "recall", "F1", "tp", "fp", "fn");
    const char* names[] = {"PER", "LOC", "ORG", "ALL"};
    for (int t = 0; t < 4; ++t) {
        const Counts& c = t < 3 ? counts[t] : all;
        std::printf("%-5s %9.3f %7.3f %6.3f %6ld %6ld %6ld\n", names[t], c.precision(), c.recall(), c.f1(), c.tp, c.fp, c.fn);
    }
    if (errors_out) {
        std::vector<std::pair<long, std::string>> by_count;
        for (const auto& [cls, n] : error_classes) by_count.push_back({-n, cls});
        std::sort(by_count.begin(), by_count.end());
        std::printf("error classes (-: gold missed, +: false alarm; X as Y: same words, other type; boundary: overlapping):\n");
        for (const auto& [n, cls] : by_count) std::printf("  %-16s %5ld\n", cls.c_str(), -n);
    }
    std::printf("speed: %zu tokens in %.2f s = %.0f tokens/s (one core, CPU time, median of %d runs)\n", tokens,
                seconds, speed, rounds);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("load: model and gazetteers in %.0f ms; peak memory %.0f MB\n", load_ms,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::printf("conll: PER %.3f LOC %.3f ORG %.3f ALL %.3f (tokens/s %.0f)\n", counts[0].f1(), counts[1].f1(),
                counts[2].f1(), all.f1(), speed);
    if (!json.empty()) {
        std::ofstream o(json);
        o << "{\"data\": \"" << file << "\", \"documents\": " << docs.size() << ", \"tokens\": " << tokens
          << ", \"tokens_per_second\": " << speed << ", \"scores\": {";
        for (int t = 0; t < 4; ++t) {
            const Counts& c = t < 3 ? counts[t] : all;
            o << (t ? ", " : "") << '"' << names[t] << "\": {\"tp\": " << c.tp << ", \"fp\": " << c.fp
              << ", \"fn\": " << c.fn << ", \"precision\": " << c.precision() << ", \"recall\": " << c.recall()
              << ", \"f1\": " << c.f1() << "}";
        }
        o << "}}\n";
        if (!o) {
            std::cerr << "annals-eval conll: cannot write " << json << '\n';
            return 2;
        }
    }
    return 0;
}
