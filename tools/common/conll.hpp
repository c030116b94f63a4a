// CoNLL-2003 files, shared by annals-train-ner (training) and annals-eval
// (scoring): reading documents, and precision/recall/F1 counts.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace annals::cli {

struct ConllToken {
    std::string word;
    std::string tag;  ///< the last column: the NER tag in IOB1
};
using ConllSentence = std::vector<ConllToken>;
using ConllDocument = std::vector<ConllSentence>;

/// The documents of a CoNLL file: one per "-DOCSTART-" line (tokens before the
/// first one form a document of their own), sentences split at blank lines.
/// Documents are kept even when empty, as the shared scoring script counts them.
/// Throws std::runtime_error naming FILE:LINE for a line with one column, or
/// FILE for a file that cannot be read.
inline std::vector<ConllDocument> read_conll(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<ConllDocument> docs;
    ConllSentence sentence;
    auto end_sentence = [&] {
        if (sentence.empty()) return;
        if (docs.empty()) docs.emplace_back();
        docs.back().push_back(std::move(sentence));
        sentence.clear();
    };
    std::string line;
    for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
        std::istringstream fields(line);
        std::vector<std::string> cols;
        for (std::string c; fields >> c;) cols.push_back(c);
        if (cols.empty() || cols[0] == "-DOCSTART-") {
            end_sentence();
            if (!cols.empty()) docs.emplace_back();
            continue;
        }
        if (cols.size() < 2)
            throw std::runtime_error(path + ":" + std::to_string(lineno) + ": expected 'token ... NER-tag'");
        sentence.push_back({cols[0], cols.back()});
    }
    end_sentence();
    return docs;
}

/// True positives, false positives and false negatives of one entity type.
struct PrfCounts {
    long tp = 0, fp = 0, fn = 0;
    double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 0; }
    double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 0; }
    double f1() const {
        double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
};

}  // namespace annals::cli
