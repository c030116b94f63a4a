// annals-train-ner orgs: company names mined from unlabelled news text.
//
// Wire copy names a company in full the first time, with its legal suffix
// (the extractor's own list, company_suffix())
// ("Columbia Gas System Inc", "Salomon Brothers Inc") or, in Reuters' style, in
// angle brackets ("<Cofinec SA>"), and by the bare name after that. The bare
// names of such mentions, seen often enough, become the `mined` list of the
// tagger's gazetteer: a name it meets without the suffix ("Petofi said") is
// then known to be a company.
#include <boost/program_options.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus.hpp"
#include "extract/org_forms.hpp"
#include "extract/perceptron.hpp"
#include "extract/tokenize.hpp"

namespace po = boost::program_options;
using namespace annals::detail;

namespace annals::train {

namespace {

// Capitalised words that open a sentence or a clause before a name, never
// part of it ("The", "Unit", "Shares").
const std::set<std::string, std::less<>> kLeading = {
    "The",  "A",     "An",    "And",     "Or",      "But",   "In",     "On",        "At",    "For",
    "By",   "From",  "To",    "With",    "Of",      "As",    "Its",    "His",       "Her",   "Their",
    "Our",  "Said",  "Says",  "If",      "When",    "While", "After",  "Before",    "Under", "Between",
    "Both", "Unit",  "Units", "Subsidiary", "Shares", "Analysts", "Officials", "Rival", "Parent", "Former",
    "Also", "Today", "Yesterday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Mr", "Mr.", "Mrs", "Ms", "Dr", "Dr.", "That", "This", "These",
    "Those", "It", "He", "She", "They", "We", "Under", "Unlike", "Like", "Including", "Through"};

bool name_word(const std::string& w) {
    if (w == "&") return true;
    unsigned char c = static_cast<unsigned char>(w[0]);
    if (!std::isupper(c)) return false;
    // A word of capitals longer than four letters is a headline or a shout.
    return !(w.size() > 4 && std::none_of(w.begin(), w.end(), [](char ch) { return std::islower(static_cast<unsigned char>(ch)); }));
}

}  // namespace

int cmd_orgs(int argc, char** argv) {
    po::options_description opts("annals-train-ner orgs: company names mined from news text");
    std::string out, exclude;
    std::vector<std::string> inputs;
    int min_count = 2;
    opts.add_options()("help,h", "this help")("out", po::value(&out)->required(), "list to write (one name a line)")(
        "min-count", po::value(&min_count)->default_value(2), "mentions with a suffix or in brackets a name needs")(
        "exclude", po::value(&exclude),
        "gazetteer.tsv whose country, region and city names are left out (a place is not a company)")(
        "input", po::value(&inputs)->required(), "Reuters-21578 .sgm or BBC .txt files or directories");
    po::positional_options_description pos;
    pos.add("input", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
    if (vm.count("help")) {
        std::cout << opts;
        return 0;
    }
    po::notify(vm);

    std::set<std::string> places;
    if (!exclude.empty()) {
        std::ifstream g(exclude);
        if (!g) throw std::runtime_error("cannot read " + exclude);
        std::string line;
        while (std::getline(g, line)) {
            auto tab = line.find('\t');
            if (tab == std::string::npos) continue;
            auto cls = line.substr(0, tab);
            if (cls == "country" || cls == "region" || cls == "city") places.insert(ner::lower(line.substr(tab + 1)));
        }
    }

    std::vector<std::string> texts;
    for (auto& in : inputs) collect_texts(in, texts);
    std::map<std::string, int> count;                           // bare name -> mentions with suffix or brackets
    std::unordered_map<std::string, std::array<long, 2>> casing;  // lowercased word -> {lowercase, capitalised}
    long ntok = 0;
    for (const auto& text : texts) {
        auto toks = tokenize(text);
        std::vector<std::string> w(toks.size());
        for (std::size_t i = 0; i < toks.size(); ++i) {
            w[i] = ner::normalize_token(std::string_view(text).substr(toks[i].start, toks[i].end - toks[i].start));
            unsigned char c0 = static_cast<unsigned char>(w[i][0]);
            if (!toks[i].sentence_start && std::isalpha(c0)) casing[ner::lower(w[i])][std::isupper(c0) ? 1 : 0]++;
        }
        ntok += static_cast<long>(toks.size());
        // The name words just before position @p end, back to a sentence start.
        auto name_before = [&](std::size_t end) -> std::string {
            std::size_t b = end;
            while (b > 0 && end - b < 5 && name_word(w[b - 1])) {
                --b;
                if (toks[b].sentence_start) break;
            }
            // "Bank of Boston Corp": the words found are not the whole name.
            if (b > 0 && (w[b - 1] == "of" || w[b - 1] == "'s")) return {};
            while (b < end && (kLeading.count(w[b]) || w[b] == "&")) ++b;
            while (end > b && (w[end - 1] == "&" || company_suffix(w[end - 1]))) --end;  // "Co Ltd"
            std::string name;
            for (std::size_t k = b; k < end; ++k) {
                if (k > b) name += ' ';
                name += w[k];
            }
            return name;
        };
        for (std::size_t i = 1; i < toks.size(); ++i) {
            std::string name;
            if (company_suffix(w[i])) name = name_before(i);
            else if (w[i] == ">" && i >= 2) {
                // "<Cofinec SA>": the suffix, if any, goes.
                std::size_t end = i;
                if (company_suffix(w[end - 1])) --end;
                std::size_t open = end;
                while (open > 0 && i - open < 7 && w[open - 1] != "<" && name_word(w[open - 1])) --open;
                // A ticker after the name ("Raytheon Co <RTN>") is no name of its own.
                bool ticker = end == open + 1 && std::none_of(w[open].begin(), w[open].end(), [](char ch) {
                                  return std::islower(static_cast<unsigned char>(ch));
                              });
                if (open > 0 && w[open - 1] == "<" && open < end && !ticker) name = name_before(end);
            }
            if (!name.empty()) ++count[name];
        }
    }

    std::ofstream o(out);
    if (!o) throw std::runtime_error("cannot write " + out);
    o << "# Company names mined from news text by annals-train-ner orgs (see data/ner/NOTE.md):\n"
         "# the bare names of mentions with a legal suffix or in angle brackets, seen at least "
      << min_count << " times;\n# used as the 'mined' class of data/ner/gazetteer.tsv.\n";
    int kept = 0;
    for (const auto& [name, n] : count) {
        if (n < min_count) continue;
        std::string low = ner::lower(name);
        if (places.count(low)) continue;
        // One word that news mostly writes in lowercase is a word, not a name.
        if (name.find(' ') == std::string::npos) {
            auto it = casing.find(low);
            if (it != casing.end() && it->second[0] > it->second[1]) continue;
        }
        o << name << '\n';
        ++kept;
    }
    std::fprintf(stderr, "%zu texts, %ld tokens: %d names of %zu seen\n", texts.size(), ntok, kept, count.size());
    return 0;
}

}  // namespace annals::train
