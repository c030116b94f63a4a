// annals-train-ner: builds the statistical NER model shipped in data/ner/.
//
//   annals-train-ner clusters --out data/ner/clusters.tsv TEXT_DIR_OR_FILE...
//       word clusters (exchange clustering; k-means as an option) and
//       capitalisation ratios learned from unlabelled news text (Reuters-21578
//       .sgm files, BBC .txt files).
//   annals-train-ner train --train train.txt [--dev dev.txt] --gazetteer G --clusters C --out model.bin
//       trains the two-pass averaged structured perceptron (Viterbi) on
//       CoNLL-2003 (IOB1) files; the defaults are the shipped model's recipe.
//   annals-train-ner eval model.bin dev.txt
//       scores a model file.
//   annals-train-ner orgs --out data/ner/names/mined.txt TEXT_DIR_OR_FILE...
//       company names mined from unlabelled news text (orgs.cpp).
// data/ner/NOTE.md has the exact commands.
#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "conll.hpp"
#include "corpus.hpp"
#include "extract/perceptron.hpp"
#include "extract/tokenize.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace annals::detail;
using namespace annals::detail::ner;
using annals::train::cmd_orgs;
using annals::train::collect_texts;
using annals::train::read_file;

namespace {

// ---------------------------------------------------------------- CoNLL data

struct Example {
    Doc doc;
    std::vector<int> gold;
};

int class_of(const std::string& t) {
    if (t == "PER") return kPer;
    if (t == "LOC") return kLoc;
    if (t == "ORG") return kOrg;
    return kMisc;
}

/// IOB1 tags of one sentence to BILOU labels.
void iob1_to_bilou(const std::vector<std::string>& tags, std::vector<int>& out) {
    std::size_t n = tags.size();
    std::vector<int> cls(n, -1);
    std::vector<bool> begins(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        if (tags[i] == "O") continue;
        auto bio = tags[i].substr(0, 1);
        int c = class_of(tags[i].substr(2));
        cls[i] = c;
        begins[i] = bio == "B" || i == 0 || cls[i - 1] != c;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (cls[i] < 0) { out.push_back(0); continue; }
        bool ends = i + 1 == n || cls[i + 1] != cls[i] || begins[i + 1];
        int pos = begins[i] ? (ends ? 3 : 0) : (ends ? 2 : 1);
        out.push_back(make_label(cls[i], pos));
    }
}

std::vector<Example> read_examples(const std::string& path) {
    std::vector<Example> docs;
    for (const auto& document : annals::cli::read_conll(path)) {
        Example ex;
        for (const auto& sentence : document) {
            std::vector<std::string> tags;
            for (std::size_t i = 0; i < sentence.size(); ++i) {
                ex.doc.words.push_back(normalize_token(sentence[i].word));
                ex.doc.sent_start.push_back(i == 0);
                tags.push_back(sentence[i].tag);
            }
            iob1_to_bilou(tags, ex.gold);
        }
        if (!ex.doc.words.empty()) docs.push_back(std::move(ex));
    }
    return docs;
}

// ---------------------------------------------------------------- lexicon

void load_lexicon(Lexicon& lex, const std::string& gazetteer, const std::string& clusters) {
    static const std::map<std::string, int> kGazClass = {
        {"country", kGazCountry}, {"region", kGazRegion}, {"city", kGazCity}, {"first", kGazFirst},
        {"last", kGazLast},       {"propn", kGazPropn},   {"word", kGazWord},   {"org", kGazOrg},
        {"club", kGazClub},       {"mined", kGazMined}};
    std::ifstream g(gazetteer);
    if (!g) throw std::runtime_error("cannot read " + gazetteer);
    std::string line;
    while (std::getline(g, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto tab = line.find('\t');
        auto it = kGazClass.find(line.substr(0, tab));
        if (tab == std::string::npos || it == kGazClass.end()) continue;
        std::string phrase = line.substr(tab + 1);
        std::vector<std::uint64_t> keys;  // of the phrase's first 1, 2, ... tokens
        for (const auto& t : tokenize(phrase))
            keys.push_back(phrase_key(keys.empty() ? 0 : keys.back(),
                                      hash_bytes(lower(normalize_token(std::string_view(phrase).substr(t.start, t.end - t.start))))));
        const int len = static_cast<int>(keys.size());
        if (len == 0 || len > 6) continue;
        lex.max_phrase = std::max(lex.max_phrase, len);
        lex.phrases[keys.back()] |= static_cast<std::uint16_t>(1u << it->second);
        for (int k = 0; k + 1 < len; ++k) lex.phrases[keys[static_cast<std::size_t>(k)]] |= kGazPrefix;
    }
    std::ifstream c(clusters);
    if (!c) throw std::runtime_error("cannot read " + clusters);
    while (std::getline(c, line)) {
        std::istringstream ss(line);
        std::string kind, word;
        std::getline(ss, kind, '\t');
        std::getline(ss, word, '\t');
        if (kind == "c") {
            int fine = 0, coarse = 0, mid = -1;
            ss >> fine >> coarse;
            if (!(ss >> mid)) mid = -1;
            auto& w = lex.words[hash_bytes(word)];
            w.cluster_mid = static_cast<std::uint16_t>(mid + 1);
            w.cluster_fine = static_cast<std::uint16_t>(fine + 1);
            w.cluster_coarse = static_cast<std::uint8_t>(coarse + 1);
        } else if (kind == "r") {
            int ratio = 0;
            ss >> ratio;
            lex.words[hash_bytes(word)].cap_ratio = static_cast<std::uint8_t>(ratio + 1);
        }
    }
}

// ---------------------------------------------------------------- perceptron

struct Averaged {
    std::vector<float> w, u;  // weights and time-weighted update sums
    double c = 1;
    explicit Averaged(std::size_t n) : w(n), u(n) {}
    void update(std::uint32_t f, int label, float delta) {
        std::size_t k = static_cast<std::size_t>(f) * kNumLabels + static_cast<std::size_t>(label);
        w[k] += delta;
        u[k] += static_cast<float>(c * delta);
    }
    std::vector<float> average() const {
        std::vector<float> a(w.size());
        for (std::size_t k = 0; k < w.size(); ++k) a[k] = w[k] - static_cast<float>(u[k] / c);
        return a;
    }
};

struct Prepared {
    const Example* ex;
    DocFeatures df;
    std::vector<int> first;  // pass-1 labels (jackknifed) for pass-2 training
};

/// Trains one pass over @p docs (indices into @p data): a structured
/// perceptron, each document decoded whole and the weights of the features on
/// the gold path raised and those on the predicted path lowered where they differ.
std::vector<float> train_pass(const Model& model, std::vector<Prepared>& data, const std::vector<std::size_t>& docs,
                              int pass, int epochs, unsigned seed) {
    Averaged p(static_cast<std::size_t>(model.buckets) * kNumLabels);
    std::vector<std::size_t> order = docs;
    std::mt19937 rng(seed);
    std::vector<std::uint32_t> feats;
    for (int ep = 0; ep < epochs; ++ep) {
        std::shuffle(order.begin(), order.end(), rng);
        std::size_t errors = 0, total = 0;
        for (std::size_t d : order) {
            auto& pr = data[d];
            const Doc& doc = pr.ex->doc;
            Model::DocMemory mem;
            if (pass == 1) mem = Model::remember(pr.df, pr.first);
            const Model::DocMemory* m = pass == 1 ? &mem : nullptr;
            const std::vector<int> pred = model.decode_pass(doc, pr.df, m, p.w);
            const std::vector<int>& gold = pr.ex->gold;
            auto update = [&](std::size_t i, const std::vector<int>& path, float delta) {
                feats.clear();
                model.local_features(pr.df, i, m, feats);
                model.transition_features(i, doc.sent_start[i] ? -1 : path[i - 1], m, feats);
                for (auto f : feats) p.update(f, path[i], delta);
            };
            for (std::size_t i = 0; i < pred.size(); ++i) {
                ++total;
                const bool same_prev = doc.sent_start[i] || pred[i - 1] == gold[i - 1];
                if (pred[i] != gold[i]) ++errors;
                if (pred[i] == gold[i] && same_prev) continue;
                update(i, gold, 1.f);
                update(i, pred, -1.f);
            }
            p.c += 1;
        }
        std::fprintf(stderr, "  pass %d epoch %d: token error %.4f\n", pass + 1, ep + 1,
                     static_cast<double>(errors) / static_cast<double>(total));
    }
    return p.average();
}

std::vector<int> run_pass(const Model& model, const Prepared& pr, const std::vector<float>& w, const std::vector<int>* first) {
    Model::DocMemory mem;
    if (first) mem = Model::remember(pr.df, *first);
    return model.decode_pass(pr.ex->doc, pr.df, first ? &mem : nullptr, w);
}

std::vector<std::int16_t> quantise(const std::vector<float>& w, int qbits) {
    float mx = 0;
    for (float v : w) mx = std::max(mx, std::fabs(v));
    float top = static_cast<float>((1 << (qbits - 1)) - 1);
    float scale = mx > 0 ? top / mx : 1.f;
    std::vector<std::int16_t> q(w.size());
    for (std::size_t k = 0; k < w.size(); ++k) q[k] = static_cast<std::int16_t>(std::lround(w[k] * scale));
    return q;
}

using Counts = annals::cli::PrfCounts;

void evaluate(const Model& model, const std::vector<Example>& dev) {
    Counts c[kNumCls];
    long miss[kNumCls][3] = {};
    auto t0 = std::chrono::steady_clock::now();
    std::size_t tokens = 0;
    for (const auto& ex : dev) {
        auto pred = model.tag(ex.doc);
        tokens += ex.doc.words.size();
        auto key = [](const Span& s) { return std::tuple(s.cls, s.first, s.last); };
        std::vector<std::tuple<int, std::uint32_t, std::uint32_t>> g, p;
        for (auto& s : spans(ex.gold, ex.doc)) g.push_back(key(s));
        for (auto& s : spans(pred, ex.doc)) p.push_back(key(s));
        std::sort(g.begin(), g.end());
        std::sort(p.begin(), p.end());
        for (auto& s : p) {
            bool hit = std::binary_search(g.begin(), g.end(), s);
            (hit ? c[std::get<0>(s)].tp : c[std::get<0>(s)].fp)++;
        }
        for (auto& s : g)
            if (!std::binary_search(p.begin(), p.end(), s)) c[std::get<0>(s)].fn++;
        // Error classes of the gold spans missed: right span with another type,
        // overlapping span (boundary), or nothing there.
        for (auto& s : g) {
            if (std::binary_search(p.begin(), p.end(), s)) continue;
            int kind = 2;
            for (auto& q : p) {
                if (std::get<1>(q) == std::get<1>(s) && std::get<2>(q) == std::get<2>(s)) { kind = 0; break; }
                if (std::get<1>(q) <= std::get<2>(s) && std::get<2>(q) >= std::get<1>(s)) kind = 1;
            }
            ++miss[std::get<0>(s)][kind];
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const char* names[] = {"PER", "LOC", "ORG", "MISC"};
    Counts all;
    for (int k = 0; k < kNumCls; ++k) {
        std::fprintf(stderr, "  %-4s P %.4f R %.4f F1 %.4f\n", names[k], c[k].precision(), c[k].recall(), c[k].f1());
        if (k < kMisc) { all.tp += c[k].tp; all.fp += c[k].fp; all.fn += c[k].fn; }
    }
    std::fprintf(stderr, "  ALL(PER/LOC/ORG) F1 %.4f   %.0f tokens/s\n", all.f1(), tokens / secs);
    for (int k = 0; k < kNumCls; ++k)
        std::fprintf(stderr, "  %-4s missed: %ld wrong type, %ld wrong boundary, %ld not found\n", names[k], miss[k][0],
                     miss[k][1], miss[k][2]);
}

int cmd_train(int argc, char** argv) {
    po::options_description opts("annals-train-ner train");
    std::string train, dev, gazetteer, clusters, out;
    int epochs = 12, bits = 17, folds = 4, qbits = 16, average = 4;
    unsigned seed = 0;
    opts.add_options()("help,h", "this help")("train", po::value(&train)->required(), "CoNLL training file")(
        "dev", po::value(&dev), "CoNLL development file (scores printed)")(
        "gazetteer", po::value(&gazetteer)->required(), "data/ner/gazetteer.tsv")(
        "clusters", po::value(&clusters)->required(), "data/ner/clusters.tsv")(
        "out", po::value(&out)->required(), "model file to write")(
        "epochs", po::value(&epochs)->default_value(12), "perceptron epochs per pass")(
        "bits", po::value(&bits)->default_value(17), "log2 of the hashed feature table size")(
        "folds", po::value(&folds)->default_value(4), "jackknife folds for pass-1 labels")(
        "average", po::value(&average)->default_value(4), "runs (shuffling seeds) whose weights are averaged")(
        "qbits", po::value(&qbits)->default_value(16), "bits per quantised weight (experiments)")(
        "seed", po::value(&seed)->default_value(0), "added to the shuffling seeds");
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) { std::cout << opts; return 0; }
    po::notify(vm);

    Model model;
    model.buckets = 1u << bits;
    load_lexicon(model.lex, gazetteer, clusters);
    std::fprintf(stderr, "lexicon: %zu words, %zu phrases (max %d tokens)\n", model.lex.words.size(),
                 model.lex.phrases.size(), model.lex.max_phrase);
    auto examples = read_examples(train);
    // Web news titles are In Title Case, which CoNLL never is: every other
    // training document gets its all-capitals headline lines title-cased, so
    // the model learns not to read such casing as names.
    for (std::size_t d = 1; d < examples.size(); d += 2) {
        auto& doc = examples[d].doc;
        const std::size_t n = doc.words.size();
        for (std::size_t s = 0; s < n;) {
            std::size_t e = s + 1;
            while (e < n && !doc.sent_start[e]) ++e;
            int letters = 0, upper = 0;
            for (std::size_t k = s; k < e; ++k)
                for (char c : doc.words[k]) {
                    if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
                    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
                }
            if (letters >= 8 && upper == letters)
                for (std::size_t k = s; k < e; ++k) {
                    std::string& w = doc.words[k];
                    if (w.size() < 2 || !std::isalpha(static_cast<unsigned char>(w[0]))) continue;
                    // Acronyms of up to 3 letters stay ("EU", "UN").
                    if (w.size() <= 3 && std::all_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) &&
                        examples[d].gold[k] != 0)
                        continue;
                    for (std::size_t j = 1; j < w.size(); ++j) w[j] = static_cast<char>(std::tolower(static_cast<unsigned char>(w[j])));
                }
            s = e;
        }
    }
    std::vector<Example> devset;
    if (!dev.empty()) devset = read_examples(dev);
    std::vector<Prepared> data;
    for (auto& ex : examples) data.push_back({&ex, model.featurize(ex.doc), {}});
    std::fprintf(stderr, "train: %zu documents\n", data.size());

    std::vector<std::size_t> all(data.size());
    std::iota(all.begin(), all.end(), 0);
    // Pass-1 labels on the training data come from models that did not see the
    // document (jackknifing), so that pass 2 learns how far to trust them.
    for (int f = 0; f < folds; ++f) {
        std::vector<std::size_t> in, held;
        for (std::size_t d : all) (static_cast<int>(d % static_cast<std::size_t>(folds)) == f ? held : in).push_back(d);
        std::fprintf(stderr, "fold %d/%d\n", f + 1, folds);
        auto w = train_pass(model, data, in, 0, epochs, seed + 11u + static_cast<unsigned>(f));
        for (std::size_t d : held) data[d].first = run_pass(model, data[d], w, nullptr);
    }
    // Each pass's weights are the mean of `average` runs over differently
    // shuffled data: the mean of several perceptrons varies less from seed to
    // seed than one does.
    auto mean_of_runs = [&](int pass) {
        std::vector<float> sum;
        for (int k = 0; k < average; ++k) {
            std::fprintf(stderr, "pass %d (all data), run %d/%d\n", pass + 1, k + 1, average);
            auto w = train_pass(model, data, all, pass, epochs, seed + static_cast<unsigned>(7 + 2 * pass + 100 * k));
            if (sum.empty()) sum = std::move(w);
            else
                for (std::size_t j = 0; j < sum.size(); ++j) sum[j] += w[j];
        }
        for (float& v : sum) v /= static_cast<float>(average);
        return sum;
    };
    auto w1 = mean_of_runs(0);
    auto w2 = mean_of_runs(1);
    model.weights[0] = quantise(w1, qbits);
    model.weights[1] = quantise(w2, qbits);
    std::string blob = model.save();
    std::ofstream(out, std::ios::binary).write(blob.data(), static_cast<std::streamsize>(blob.size()));
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", out.c_str(), blob.size());
    if (!devset.empty()) {
        auto loaded = Model::load(blob);
        std::fprintf(stderr, "dev:\n");
        evaluate(*loaded, devset);
    }
    return 0;
}

int cmd_eval(int argc, char** argv) {
    if (argc != 3) throw std::runtime_error("usage: annals-train-ner eval MODEL CONLL_FILE");
    auto model = Model::load(read_file(argv[1]));
    auto dev = read_examples(argv[2]);
    for (int k = 0; k < 3; ++k) evaluate(*model, dev);
    return 0;
}

// ---------------------------------------------------------------- clusters

/// Exchange word clustering (Kneser & Ney; Martin, Liermann & Ney): words move
/// one at a time to the class that most raises the likelihood of a class-bigram
/// model, sum N(c,d) log N(c,d) - sum N(c) log N(c) over left and right uses.
/// It finds classes of the quality of Brown clusters in a few passes.
/// @p sents: sentences of word ids in [0, nwords); boundary id = nwords - 1.
std::vector<int> exchange_clusters(const std::vector<std::vector<int>>& sents, int nwords, int k, int iterations,
                                   const std::vector<long>& wfreq) {
    // Word bigram lists, both directions.
    std::unordered_map<std::uint64_t, long> bigrams;
    for (const auto& s : sents) {
        int prev = nwords - 1;
        for (std::size_t i = 0; i <= s.size(); ++i) {
            int cur = i < s.size() ? s[i] : nwords - 1;
            ++bigrams[(static_cast<std::uint64_t>(prev) << 32) | static_cast<std::uint32_t>(cur)];
            prev = cur;
        }
    }
    std::vector<std::vector<std::pair<int, long>>> right(static_cast<std::size_t>(nwords)), left(static_cast<std::size_t>(nwords));
    std::vector<long> self(static_cast<std::size_t>(nwords)), nl(static_cast<std::size_t>(nwords)), nr(static_cast<std::size_t>(nwords));
    for (auto& [key, n] : bigrams) {
        int a = static_cast<int>(key >> 32), b = static_cast<int>(key & 0xFFFFFFFF);
        nl[static_cast<std::size_t>(a)] += n;
        nr[static_cast<std::size_t>(b)] += n;
        if (a == b) { self[static_cast<std::size_t>(a)] += n; continue; }
        right[static_cast<std::size_t>(a)].push_back({b, n});
        left[static_cast<std::size_t>(b)].push_back({a, n});
    }
    bigrams.clear();
    // Initial classes: frequency rank modulo k (the boundary gets its own class).
    std::vector<int> order(static_cast<std::size_t>(nwords - 1));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return wfreq[static_cast<std::size_t>(a)] > wfreq[static_cast<std::size_t>(b)]; });
    std::vector<int> cls(static_cast<std::size_t>(nwords));
    for (std::size_t r = 0; r < order.size(); ++r) cls[static_cast<std::size_t>(order[r])] = static_cast<int>(r % static_cast<std::size_t>(k - 1));
    cls[static_cast<std::size_t>(nwords - 1)] = k - 1;
    const std::size_t K = static_cast<std::size_t>(k);
    std::vector<long> M(K * K), CL(K), CR(K);
    for (int w = 0; w < nwords; ++w) {
        auto cw = static_cast<std::size_t>(cls[static_cast<std::size_t>(w)]);
        for (auto& [v, n] : right[static_cast<std::size_t>(w)]) M[cw * K + static_cast<std::size_t>(cls[static_cast<std::size_t>(v)])] += n;
        M[cw * K + cw] += self[static_cast<std::size_t>(w)];
        CL[cw] += nl[static_cast<std::size_t>(w)];
        CR[cw] += nr[static_cast<std::size_t>(w)];
    }
    std::vector<double> table(1 << 16);
    for (std::size_t x = 1; x < table.size(); ++x) table[x] = static_cast<double>(x) * std::log(static_cast<double>(x));
    auto f = [&](long x) { return x < (1 << 16) ? table[static_cast<std::size_t>(x)] : static_cast<double>(x) * std::log(static_cast<double>(x)); };
    std::vector<long> R(K), L(K);
    std::vector<int> rs, ls;
    std::vector<double> gain(K);
    for (int it = 0; it < iterations; ++it) {
        long moved = 0;
        for (int w : order) {
            auto uw = static_cast<std::size_t>(w);
            // Class profile of w's neighbours.
            rs.clear();
            ls.clear();
            for (auto& [v, n] : right[uw]) {
                auto c = static_cast<std::size_t>(cls[static_cast<std::size_t>(v)]);
                if (R[c] == 0) rs.push_back(static_cast<int>(c));
                R[c] += n;
            }
            for (auto& [v, n] : left[uw]) {
                auto c = static_cast<std::size_t>(cls[static_cast<std::size_t>(v)]);
                if (L[c] == 0) ls.push_back(static_cast<int>(c));
                L[c] += n;
            }
            // Take w out of its class.
            auto a = static_cast<std::size_t>(cls[uw]);
            for (int c : rs) M[a * K + static_cast<std::size_t>(c)] -= R[static_cast<std::size_t>(c)];
            for (int c : ls) M[static_cast<std::size_t>(c) * K + a] -= L[static_cast<std::size_t>(c)];
            M[a * K + a] -= self[uw];
            CL[a] -= nl[uw];
            CR[a] -= nr[uw];
            // Gain of putting it into each class b (the boundary class is closed).
            std::size_t best = a;
            double best_gain = -1e300;
            for (std::size_t b = 0; b + 1 < K; ++b) {
                double g = 0;
                for (int c : rs) {
                    if (static_cast<std::size_t>(c) == b) continue;
                    long m = M[b * K + static_cast<std::size_t>(c)];
                    g += f(m + R[static_cast<std::size_t>(c)]) - f(m);
                }
                for (int c : ls) {
                    if (static_cast<std::size_t>(c) == b) continue;
                    long m = M[static_cast<std::size_t>(c) * K + b];
                    g += f(m + L[static_cast<std::size_t>(c)]) - f(m);
                }
                long mbb = M[b * K + b];
                g += f(mbb + R[b] + L[b] + self[uw]) - f(mbb);
                g -= f(CL[b] + nl[uw]) - f(CL[b]);
                g -= f(CR[b] + nr[uw]) - f(CR[b]);
                if (g > best_gain + 1e-9 || (b == a && g >= best_gain - 1e-9)) { best_gain = g; best = b; }
            }
            // Put it there (its neighbours keep their classes; a self bigram
            // counts in M[best][best]).
            for (int c : rs) M[best * K + static_cast<std::size_t>(c)] += R[static_cast<std::size_t>(c)];
            for (int c : ls) M[static_cast<std::size_t>(c) * K + best] += L[static_cast<std::size_t>(c)];
            M[best * K + best] += self[uw];
            CL[best] += nl[uw];
            CR[best] += nr[uw];
            if (best != a) ++moved;
            cls[uw] = static_cast<int>(best);
            for (int c : rs) R[static_cast<std::size_t>(c)] = 0;
            for (int c : ls) L[static_cast<std::size_t>(c)] = 0;
        }
        std::fprintf(stderr, "  exchange k=%d iteration %d: %ld moved\n", k, it + 1, moved);
        if (moved == 0) break;
    }
    return cls;
}

void write_clusters(const std::string& out, const std::vector<std::string>& vocab, const std::vector<int>& words,
                    const std::vector<int>& fine, const std::vector<int>& coarse,
                    const std::unordered_map<std::string, std::array<long, 2>>& casing, int min_count,
                    const std::vector<int>& mid = {});

int cmd_clusters(int argc, char** argv) {
    po::options_description opts("annals-train-ner clusters");
    std::string out;
    std::vector<std::string> inputs;
    int k_fine = 256, k_coarse = 32, k_mid = 0, min_count = 4, context = 1000, iterations = 12;
    std::string method = "exchange";
    opts.add_options()("help,h", "this help")("out", po::value(&out)->required(), "clusters.tsv to write")(
        "fine", po::value(&k_fine)->default_value(256), "number of fine clusters")(
        "coarse", po::value(&k_coarse)->default_value(32), "number of coarse clusters")(
        "mid", po::value(&k_mid)->default_value(0), "number of middle clusters (exchange only; 0 = none)")(
        "min-count", po::value(&min_count)->default_value(4), "minimum word frequency")(
        "context", po::value(&context)->default_value(1000), "context vocabulary size")(
        "iterations", po::value(&iterations)->default_value(12), "k-means or exchange iterations")(
        "method", po::value(&method)->default_value("exchange"), "exchange (class-bigram likelihood) or kmeans")(
        "input", po::value(&inputs)->required(), "text files or directories");
    po::positional_options_description pos;
    pos.add("input", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
    if (vm.count("help")) { std::cout << opts; return 0; }
    po::notify(vm);

    std::vector<std::string> texts;
    for (auto& in : inputs) collect_texts(in, texts);
    // Tokenise; sentences as vectors of token ids.
    std::unordered_map<std::string, int> ids;
    std::vector<std::string> vocab;
    std::vector<long> freq;
    std::vector<std::vector<int>> sents;
    std::unordered_map<std::string, std::array<long, 2>> casing;  // lower -> {lowercase, capitalised mid-sentence}
    long ntok = 0;
    for (const auto& text : texts) {
        auto toks = tokenize(text);
        std::vector<int> sent;
        for (std::size_t i = 0; i < toks.size(); ++i) {
            if (toks[i].sentence_start && !sent.empty()) { sents.push_back(std::move(sent)); sent.clear(); }
            std::string w = normalize_token(std::string_view(text).substr(toks[i].start, toks[i].end - toks[i].start));
            auto [it, fresh] = ids.emplace(w, static_cast<int>(vocab.size()));
            if (fresh) { vocab.push_back(w); freq.push_back(0); }
            ++freq[static_cast<std::size_t>(it->second)];
            sent.push_back(it->second);
            ++ntok;
            unsigned char c0 = static_cast<unsigned char>(w[0]);
            if (!toks[i].sentence_start && std::isalpha(c0)) {
                bool allcaps = std::none_of(w.begin(), w.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
                if (!allcaps || w.size() == 1) casing[lower(w)][std::isupper(c0) ? 1 : 0]++;
            }
        }
        if (!sent.empty()) sents.push_back(std::move(sent));
    }
    std::fprintf(stderr, "%zu texts, %ld tokens, %zu types\n", texts.size(), ntok, vocab.size());
    std::vector<int> fine, coarse, words;
    if (method == "exchange") {
        // Words seen min_count times keep their identity; rarer ones become one
        // of four stand-ins by shape, so their contexts still count.
        std::vector<int> id_of(vocab.size(), -1);
        std::vector<long> wfreq;
        for (std::size_t v = 0; v < vocab.size(); ++v)
            if (freq[v] >= min_count) { id_of[v] = static_cast<int>(words.size()); words.push_back(static_cast<int>(v)); wfreq.push_back(freq[v]); }
        const int nwords = static_cast<int>(words.size()) + 5;  // 4 stand-ins, then the boundary
        wfreq.resize(static_cast<std::size_t>(nwords), 0);
        auto standin = [&](const std::string& w) {
            unsigned char c0 = static_cast<unsigned char>(w[0]);
            int k = std::isupper(c0) ? 0 : std::islower(c0) ? 1 : std::isdigit(c0) ? 2 : 3;
            return static_cast<int>(words.size()) + k;
        };
        std::vector<std::vector<int>> wsents(sents.size());
        for (std::size_t s = 0; s < sents.size(); ++s)
            for (int v : sents[s]) {
                int id = id_of[static_cast<std::size_t>(v)];
                if (id < 0) { id = standin(vocab[static_cast<std::size_t>(v)]); ++wfreq[static_cast<std::size_t>(id)]; }
                wsents[s].push_back(id);
            }
        std::fprintf(stderr, "exchange clustering of %zu words into %d and %d classes\n", words.size(), k_fine, k_coarse);
        fine = exchange_clusters(wsents, nwords, k_fine, iterations, wfreq);
        coarse = exchange_clusters(wsents, nwords, k_coarse, iterations, wfreq);
        std::vector<int> mid;
        if (k_mid > 0) mid = exchange_clusters(wsents, nwords, k_mid, iterations, wfreq);
        fine.resize(words.size());
        coarse.resize(words.size());
        write_clusters(out, vocab, words, fine, coarse, casing, min_count, mid);
        return 0;
    }
    // Context words: the most frequent types.
    std::vector<int> by_freq(vocab.size());
    std::iota(by_freq.begin(), by_freq.end(), 0);
    std::sort(by_freq.begin(), by_freq.end(), [&](int a, int b) { return freq[a] > freq[b] || (freq[a] == freq[b] && vocab[a] < vocab[b]); });
    std::vector<int> ctx_id(vocab.size(), -1);
    for (int k = 0; k < context && k < static_cast<int>(by_freq.size()); ++k) ctx_id[static_cast<std::size_t>(by_freq[k])] = k;
    const int dims = 2 * (context + 1);
    for (int v : by_freq)
        if (freq[static_cast<std::size_t>(v)] >= min_count) words.push_back(v);
    std::vector<int> row_of(vocab.size(), -1);
    for (std::size_t r = 0; r < words.size(); ++r) row_of[static_cast<std::size_t>(words[r])] = static_cast<int>(r);
    std::vector<std::unordered_map<int, float>> counts(words.size());
    for (const auto& s : sents)
        for (std::size_t i = 0; i < s.size(); ++i) {
            int r = row_of[static_cast<std::size_t>(s[i])];
            if (r < 0) continue;
            int left = i == 0 ? context : ctx_id[static_cast<std::size_t>(s[i - 1])];
            int right = i + 1 == s.size() ? context : ctx_id[static_cast<std::size_t>(s[i + 1])];
            if (left >= 0) counts[static_cast<std::size_t>(r)][left] += 1;
            if (right >= 0) counts[static_cast<std::size_t>(r)][context + 1 + right] += 1;
        }
    // Sparse unit vectors of sqrt counts.
    std::vector<std::vector<std::pair<int, float>>> vecs(words.size());
    for (std::size_t r = 0; r < words.size(); ++r) {
        double norm = 0;
        for (auto& [d, c] : counts[r]) { vecs[r].push_back({d, std::sqrt(c)}); norm += c; }
        norm = std::sqrt(norm);
        for (auto& e : vecs[r]) e.second = static_cast<float>(e.second / std::max(norm, 1e-9));
    }
    counts.clear();
    std::fprintf(stderr, "clustering %zu words into %d clusters\n", words.size(), k_fine);
    auto kmeans = [&](const std::vector<std::vector<std::pair<int, float>>>& xs, int k, const std::vector<float>* dense_xs,
                      std::vector<int>& assign) {
        std::size_t n = dense_xs ? dense_xs->size() / static_cast<std::size_t>(dims) : xs.size();
        std::vector<float> cent(static_cast<std::size_t>(k) * static_cast<std::size_t>(dims));
        // Deterministic init: spread over the frequency ranking.
        for (int c = 0; c < k; ++c) {
            std::size_t src = static_cast<std::size_t>(c) * n / static_cast<std::size_t>(k);
            float* ct = &cent[static_cast<std::size_t>(c) * static_cast<std::size_t>(dims)];
            if (dense_xs) std::copy_n(&(*dense_xs)[src * static_cast<std::size_t>(dims)], dims, ct);
            else for (auto& [d, v] : xs[src]) ct[d] = v;
        }
        assign.assign(n, 0);
        for (int it = 0; it < iterations; ++it) {
            long moved = 0;
            for (std::size_t r = 0; r < n; ++r) {
                int best = 0;
                float bs = -1e30f;
                for (int c = 0; c < k; ++c) {
                    const float* ct = &cent[static_cast<std::size_t>(c) * static_cast<std::size_t>(dims)];
                    float s = 0;
                    if (dense_xs) {
                        const float* x = &(*dense_xs)[r * static_cast<std::size_t>(dims)];
                        for (int d = 0; d < dims; ++d) s += x[d] * ct[d];
                    } else {
                        for (auto& [d, v] : xs[r]) s += v * ct[d];
                    }
                    if (s > bs) { bs = s; best = c; }
                }
                if (assign[r] != best) ++moved;
                assign[r] = best;
            }
            std::fill(cent.begin(), cent.end(), 0.f);
            for (std::size_t r = 0; r < n; ++r) {
                float* ct = &cent[static_cast<std::size_t>(assign[r]) * static_cast<std::size_t>(dims)];
                if (dense_xs) {
                    const float* x = &(*dense_xs)[r * static_cast<std::size_t>(dims)];
                    for (int d = 0; d < dims; ++d) ct[d] += x[d];
                } else {
                    for (auto& [d, v] : xs[r]) ct[d] += v;
                }
            }
            for (int c = 0; c < k; ++c) {
                float* ct = &cent[static_cast<std::size_t>(c) * static_cast<std::size_t>(dims)];
                double norm = 0;
                for (int d = 0; d < dims; ++d) norm += double(ct[d]) * ct[d];
                norm = std::sqrt(norm);
                if (norm > 0) for (int d = 0; d < dims; ++d) ct[d] = static_cast<float>(ct[d] / norm);
            }
            std::fprintf(stderr, "  iteration %d: %ld moved\n", it + 1, moved);
        }
        return cent;
    };
    auto cent = kmeans(vecs, k_fine, nullptr, fine);
    std::vector<int> coarse_of_fine;
    kmeans({}, k_coarse, &cent, coarse_of_fine);
    coarse.resize(words.size());
    for (std::size_t r = 0; r < words.size(); ++r) coarse[r] = coarse_of_fine[static_cast<std::size_t>(fine[r])];
    write_clusters(out, vocab, words, fine, coarse, casing, min_count);
    return 0;
}

void write_clusters(const std::string& out, const std::vector<std::string>& vocab, const std::vector<int>& words,
                    const std::vector<int>& fine, const std::vector<int>& coarse,
                    const std::unordered_map<std::string, std::array<long, 2>>& casing, int min_count,
                    const std::vector<int>& mid) {
    std::ofstream o(out);
    o << "# built by annals-train-ner clusters; see data/ner/NOTE.md\n";
    for (std::size_t r = 0; r < words.size(); ++r)
    {
        o << "c\t" << vocab[static_cast<std::size_t>(words[r])] << '\t' << fine[r] << '\t' << coarse[r];
        if (!mid.empty()) o << '\t' << mid[r];
        o << '\n';
    }
    std::vector<std::pair<std::string, std::array<long, 2>>> cs(casing.begin(), casing.end());
    std::sort(cs.begin(), cs.end());
    for (auto& [w, c] : cs) {
        long n = c[0] + c[1];
        if (n < min_count) continue;
        o << "r\t" << w << '\t' << (c[1] * 10 + n / 2) / n << '\n';
    }
    std::fprintf(stderr, "wrote %s\n", out.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    try {
        std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "train") return cmd_train(argc - 1, argv + 1);
        if (cmd == "eval") return cmd_eval(argc - 1, argv + 1);
        if (cmd == "clusters") return cmd_clusters(argc - 1, argv + 1);
        if (cmd == "orgs") return cmd_orgs(argc - 1, argv + 1);
        std::cerr << "usage: annals-train-ner train|eval|clusters|orgs [options] (--help for each)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "annals-train-ner: " << e.what() << '\n';
        return 1;
    }
}
