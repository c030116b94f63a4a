// annals-eval: prints accuracy and speed figures for the extractors and the
// HTML reader on annotated corpora. Each evaluation is a subcommand in its own file.
#include <annals/version.hpp>

#include <cstring>
#include <iostream>

int annals_eval_conll(int argc, char** argv);   // conll.cpp
int annals_eval_timeml(int argc, char** argv);  // timeml.cpp
int annals_eval_webpages(int argc, char** argv);  // webpages.cpp
int annals_eval_reuters_places(int argc, char** argv);  // reuters_places.cpp

namespace {
const char* const kUsage =
    "Usage: annals-eval conll FILE [--json OUT] [--tagger] [--errors] [--rounds N]\n"
    "       annals-eval timeml DIR... [--json OUT] [--errors]\n"
    "       annals-eval webpages DIR [--limit N] [--errors N] [--json OUT] [--rounds N]\n"
    "       annals-eval reuters-places FILE.sgm...\n"
    "\n"
    "conll   scores people, places and organisations against a CoNLL-2003 file\n"
    "        (IOB1, exact spans, conlleval semantics, MISC ignored): precision,\n"
    "        recall and F1 per type, and tagging speed in tokens per second of\n"
    "        CPU time on one core (median of N runs, default 5). --tagger\n"
    "        scores the statistical tagger alone, --errors lists every miss (-)\n"
    "        and false alarm (+) in context, then how many fall in each error\n"
    "        class (X as Y, boundary, missed; false alarms on MISC, spurious).\n"
    "timeml  scores dates against TimeML .tml files (TIMEX3 type DATE): strict and\n"
    "        relaxed precision, recall and F1, value accuracy and value F1, and\n"
    "        speed in characters per second of CPU time.\n"
    "webpages  scores main-text extraction from HTML against the trafilatura\n"
    "        evaluation pages (DIR/evaldata.json and DIR/html/FILE.gz): precision,\n"
    "        recall, accuracy and F1 of its with/without snippets beside the\n"
    "        published F1 of other extractors, a table of error classes, and\n"
    "        speed in MB of HTML per second of CPU time (median of N runs, default\n"
    "        1). --limit scores the first N pages, --errors lists the N worst\n"
    "        pages, --json writes one line per page for diffing runs.\n"
    "reuters-places  compares the countries extracted from Reuters-21578 stories\n"
    "        (with the editors' tags removed first) with the editors' PLACES: for\n"
    "        country (every place's country, most-mentioned first) and for\n"
    "        about_country (the countries each story is about), recall (editors'\n"
    "        countries found), precision, stories with all found, top-1 (our first\n"
    "        country is one of the editors') and stories with no country; with the\n"
    "        record's dateline given, and again withheld.\n"
    "\n"
    "Exit status: 0 scored, 2 usage error or unreadable data.\n";
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::cout << "annals-eval " << ANNALS_VERSION << '\n';
        return 0;
    }
    if (!std::strcmp(argv[1], "conll")) return annals_eval_conll(argc - 1, argv + 1);
    if (!std::strcmp(argv[1], "timeml")) return annals_eval_timeml(argc - 1, argv + 1);
    if (!std::strcmp(argv[1], "webpages")) return annals_eval_webpages(argc - 1, argv + 1);
    if (!std::strcmp(argv[1], "reuters-places")) return annals_eval_reuters_places(argc - 1, argv + 1);
    std::cerr << "annals-eval: unknown evaluation '" << argv[1] << "'\n" << kUsage;
    return 2;
}
