// The statistical named-entity tagger: a greedy left-to-right averaged
// perceptron over BILOU labels, run twice over a document (the second pass sees
// what the first found elsewhere in the document). Features are hashed into a
// fixed-size weight table, so the model is one flat blob that loads in
// milliseconds and is shared read-only. The trainer (tools/annals-train-ner)
// uses the same feature code through this header.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annals::detail::ner {

/// Entity classes the model knows. Misc is learned to keep it apart from the
/// others but is never reported.
enum Cls : int { kPer = 0, kLoc = 1, kOrg = 2, kMisc = 3, kNumCls = 4 };
/// Labels: 0 = O, then for class c: 1 + 4c + {0: B, 1: I, 2: L, 3: U}.
constexpr int kNumLabels = 1 + 4 * kNumCls;
constexpr int label_cls(int label) { return label == 0 ? -1 : (label - 1) / 4; }
constexpr int label_pos(int label) { return label == 0 ? -1 : (label - 1) % 4; }  // B I L U
constexpr int make_label(int cls, int pos) { return 1 + 4 * cls + pos; }

/// Gazetteer classes (bits of a phrase's class mask).
enum Gaz : int { kGazCountry, kGazRegion, kGazCity, kGazFirst, kGazLast, kGazPropn, kGazWord, kNumGaz };

/// What the lexicon knows about one word form.
struct WordInfo {
    std::uint16_t cluster_fine = 0;   ///< 0 = unknown
    std::uint8_t cluster_coarse = 0;  ///< 0 = unknown
    std::uint8_t cap_ratio = 0;       ///< 0 = unseen, 1..10: share written capitalised mid-sentence
    std::uint16_t cluster_mid = 0;    ///< 0 = unknown; a third granularity between the two
};

/// Word knowledge: distributional clusters and gazetteer phrases.
struct Lexicon {
    std::unordered_map<std::uint64_t, WordInfo> words;       ///< key: hash of the word as written
    std::unordered_map<std::uint64_t, std::uint8_t> phrases;  ///< key: hash of lowercased phrase
    int max_phrase = 1;                                       ///< longest phrase, in tokens
};

/// 64-bit hash used for words, phrases and features.
std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0x9E3779B97F4A7C15ull);

/// Key of a gazetteer phrase: fold each token's hash_bytes(lower(token)) in turn,
/// starting from 0.
std::uint64_t phrase_key(std::uint64_t key, std::uint64_t token_lower_hash);

/// Normalised form of a token for features: typographic quotes and dashes map
/// to their ASCII forms, so news text and CoNLL text look alike.
std::string normalize_token(std::string_view tok);
/// Lowercase (ASCII and, via ICU, other scripts).
std::string lower(std::string_view s);

/// A document prepared for tagging: tokens and where sentences start.
struct Doc {
    std::vector<std::string> words;      ///< normalised tokens
    std::vector<std::uint8_t> sent_start;
};

/// Hashed static features of every token of a document (bucket indices).
struct DocFeatures {
    std::vector<std::uint32_t> feats;  ///< flat; token i owns [offs[i], offs[i+1])
    std::vector<std::uint32_t> offs;
    std::vector<std::uint64_t> lower_hash;  ///< per token, for document-level features
    std::vector<std::uint32_t> sent_end;    ///< per token: index one past its sentence's last token
};

/// Read-only open-addressing copy of a map keyed by (already mixed) 64-bit
/// hashes: one probe sequence in one flat array instead of bucket and node
/// indirections. Empty = not built; key 0 is the empty-slot marker.
template <class V>
struct FlatMap {
    struct Slot {
        std::uint64_t key = 0;
        V value{};
    };
    std::vector<Slot> slots;  ///< power-of-two size, at most half full
    /// Bloom filter over the keys (two bits per key, about 16 bits per key):
    /// small enough to stay in cache, so most absent keys cost no slot probe.
    std::vector<std::uint64_t> bloom;
    std::uint64_t bloom_mask = 0;  ///< bit count - 1
    bool empty() const { return slots.empty(); }
    /// Builds from @p m; stays empty if @p m holds key 0.
    template <class Map>
    void build(const Map& m) {
        slots.clear();
        bloom.clear();
        std::size_t cap = 16;
        while (cap < 2 * m.size()) cap *= 2;
        std::vector<Slot> out(cap);
        std::vector<std::uint64_t> bits(cap / 4 + 1);  // 16 bits per slot pair
        const std::uint64_t bmask = cap * 16 - 1;
        for (const auto& [k, v] : m) {
            if (k == 0) return;
            std::size_t i = static_cast<std::size_t>(k) & (cap - 1);
            while (out[i].key != 0) i = (i + 1) & (cap - 1);
            out[i] = {k, v};
            for (std::uint64_t b : {(k >> 40) & bmask, (k >> 20) & bmask}) bits[b >> 6] |= std::uint64_t{1} << (b & 63);
        }
        slots = std::move(out);
        bloom = std::move(bits);
        bloom_mask = bmask;
    }
    const V* find(std::uint64_t k) const {
        const std::uint64_t b1 = (k >> 40) & bloom_mask, b2 = (k >> 20) & bloom_mask;
        if (!((bloom[b1 >> 6] >> (b1 & 63)) & (bloom[b2 >> 6] >> (b2 & 63)) & 1)) return nullptr;
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(k) & mask;; i = (i + 1) & mask) {
            if (slots[i].key == k && k != 0) return &slots[i].value;
            if (slots[i].key == 0) return nullptr;
        }
    }
};

/// The model: lexicon plus the weights of the two passes.
class Model {
  public:
    static constexpr std::uint32_t kMagic = 0x524E4E41;  // "ANNR"
    std::uint32_t buckets = 1u << 18;  ///< power of two
    Lexicon lex;
    /// Weights per pass: buckets * kNumLabels, quantised; score = sum * scale.
    std::array<std::vector<std::int16_t>, 2> weights;
    /// Tagging layout of the weights, derived by pack() (load() calls it): per
    /// bucket, label l's weight minus label O's (l = 1..16) for pass 1 then pass
    /// 2: one 64-byte cache line. Empty = tag() scores with `weights` directly.
    std::vector<std::int16_t> packed;
    /// Buckets whose differences overflow 16 bits (bit per bucket; their packed
    /// rows are zero) and their exact differences, pass 1 then pass 2.
    std::vector<std::uint64_t> wide_bits;
    std::unordered_map<std::uint32_t, std::array<std::int32_t, 32>> wide;

    /// Flat copies of `lex` for featurize() (built by pack(); empty = use `lex`).
    FlatMap<WordInfo> flat_words;
    FlatMap<std::uint8_t> flat_phrases;

    /// Fills `packed` from `weights` and the flat lexicon copies from `lex`.
    /// Call again after changing either.
    void pack();

    /// Computes the static features of @p doc.
    DocFeatures featurize(const Doc& doc) const;

    /// Dynamic features of token i: previous labels (both passes) and, in pass
    /// 2, what pass 1 found in the document (@p first = pass-1 labels).
    /// Pass-1 document summary used by pass 2 (computed once per document).
    struct DocMemory {
        const std::vector<int>* first = nullptr;  ///< pass-1 labels
        /// per lowercased word: pass-1 label class counts (O last), and whether it
        /// began (bit c) or ended (bit 4 + c) a multi-token span of class c.
        std::unordered_map<std::uint64_t, std::array<std::uint16_t, kNumCls + 2>> words;
    };
    static DocMemory remember(const DocFeatures& df, const std::vector<int>& first);

    /// Dynamic features of token i: previous labels (both passes) and, in pass
    /// 2 (@p mem not null), what pass 1 found elsewhere in the document.
    void dynamic_features(const Doc& doc, const DocFeatures& df, std::size_t i, const int* labels,
                          const DocMemory* mem, std::vector<std::uint32_t>& out) const;

    /// Tags a document: labels per token.
    std::vector<int> tag(const Doc& doc) const;
    /// tag() scoring with `weights` directly (when `packed` is unavailable).
    std::vector<int> tag_plain(const Doc& doc, const DocFeatures& df) const;

    /// Serialised form (little-endian flat blob) and back. load() throws
    /// std::runtime_error on a malformed blob.
    std::string save() const;
    static std::unique_ptr<Model> load(std::string_view blob);

    /// Runs one greedy pass with arbitrary weights (used by training too).
    /// @p score(label, feats) gives each label's score for the token's features.
    /// @p rows, when given, is the weight table, whose rows for the next tokens
    /// are prefetched (tagging is bound by memory latency, not arithmetic).
    template <class Score>
    std::vector<int> greedy(const Doc& doc, const DocFeatures& df, const DocMemory* mem,
                            Score&& score, const std::int16_t* rows = nullptr) const;
};

/// Whether @p label may follow @p prev (BILOU), and may end a sentence.
bool allowed(int prev, int label);
bool may_end(int label);

template <class Score>
std::vector<int> Model::greedy(const Doc& doc, const DocFeatures& df, const DocMemory* mem,
                               Score&& score, const std::int16_t* rows) const {
    const std::size_t n = doc.words.size();
    std::vector<int> labels(n, 0);
    std::vector<std::uint32_t> feats;
    float scores[kNumLabels];
    auto prefetch = [&](std::size_t k) {
        if (!rows || k >= n) return;
        for (std::uint32_t j = df.offs[k]; j < df.offs[k + 1]; ++j) {
            const char* p = reinterpret_cast<const char*>(rows + static_cast<std::size_t>(df.feats[j]) * kNumLabels);
            __builtin_prefetch(p);
            __builtin_prefetch(p + 32);
        }
    };
    prefetch(0);
    for (std::size_t i = 0; i < n; ++i) {
        prefetch(i + 1);
        feats.assign(df.feats.begin() + df.offs[i], df.feats.begin() + df.offs[i + 1]);
        dynamic_features(doc, df, i, labels.data(), mem, feats);
        score(feats, scores);
        int prev = doc.sent_start[i] ? 0 : labels[i - 1];
        bool last = i + 1 == n || doc.sent_start[i + 1];
        int best = 0;
        float best_score = -1e30f;
        for (int l = 0; l < kNumLabels; ++l) {
            if (!allowed(prev, l) || (last && !may_end(l))) continue;
            if (scores[l] > best_score) {
                best_score = scores[l];
                best = l;
            }
        }
        labels[i] = best;
    }
    return labels;
}

/// Converts labels to spans (class, first, last token), Misc included.
struct Span {
    int cls;
    std::uint32_t first, last;
};
std::vector<Span> spans(const std::vector<int>& labels, const Doc& doc);

}  // namespace annals::detail::ner
