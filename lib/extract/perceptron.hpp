// The statistical named-entity tagger: an averaged structured perceptron over
// BILOU labels, decoded with Viterbi per sentence, run twice over a document
// (the second pass sees what the first found elsewhere in the document).
// Features are hashed into a
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
#include <utility>
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
/// Org, Club: the hand-written lists of data/ner/names/; Mined: company names
/// mined from news text by annals-train-ner orgs.
enum Gaz : int {
    kGazCountry, kGazRegion, kGazCity, kGazFirst, kGazLast, kGazPropn, kGazWord, kGazOrg, kGazClub, kGazMined, kNumGaz
};
/// Bit of a phrase's mask set when a longer phrase starts with it: matching
/// stops at the first key that is neither a phrase nor such a prefix.
constexpr std::uint16_t kGazPrefix = 0x8000;
static_assert(kNumGaz < 15);

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
    std::unordered_map<std::uint64_t, std::uint16_t> phrases;  ///< key: hash of lowercased phrase; Gaz bits, kGazPrefix
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
/// lower() into @p out (cleared first), reusing its storage.
void lower_into(std::string& out, std::string_view s);

/// A document prepared for tagging: tokens and where sentences start.
struct Doc {
    std::vector<std::string> words;      ///< normalised tokens
    std::vector<std::uint8_t> sent_start;
};

/// An allocator whose resize() leaves new elements uninitialised (for buffers
/// that are written in full before they are read).
template <class T>
struct UninitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitAllocator<U>;
    };
    UninitAllocator() = default;
    template <class U>
    UninitAllocator(const UninitAllocator<U>&) noexcept {}
    template <class U, class... A>
    void construct(U* p, A&&... a) {
        ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
    }
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
};

/// Hashed static features of every token of a document (bucket indices).
struct DocFeatures {
    /// flat; token i owns [offs[i], offs[i+1])
    std::vector<std::uint32_t, UninitAllocator<std::uint32_t>> feats;
    std::vector<std::uint32_t> offs;
    std::vector<std::uint64_t> lower_hash;  ///< per token, for document-level features
    /// per token: its lowercased word's number in this document (0 .. words - 1;
    /// tokens with the same lower_hash share it)
    std::vector<std::uint32_t> word_id;
    std::uint32_t words = 0;
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
    /// rows are zero) and their exact differences, pass 1 then pass 2, in bucket
    /// order: bucket b's row is wide_rows[wide_rank[b / 64] + the set bits of
    /// wide_bits[b / 64] below b] (a rank, no hash lookup).
    std::vector<std::uint64_t> wide_bits;
    std::vector<std::uint32_t> wide_rank;
    std::vector<std::array<std::int32_t, 32>> wide_rows;
    /// Transition scores (built by pack()): the weights of transition_features()
    /// for pass p, pass-1 label f (pass 2 only; 0 in pass 1), previous label q
    /// (-1..16) and label l at [p][(f * (kNumLabels + 1) + q + 1) * kNumLabels + l].
    std::array<std::vector<std::int32_t>, 2> trans;
    /// The part of `trans` that Viterbi maximises over most: from each label that
    /// closes a name (O, L, U: kClosed of them, in label order) into the labels
    /// that may follow one. Row (p, f, k) at [p][(f * kClosed + k) * kOpenStride]
    /// holds B and U of each class (B0 U0 B1 U1 ...), then O.
    static constexpr int kClosed = 1 + 2 * kNumCls;
    static constexpr int kOpenStride = 12;
    std::array<std::vector<std::int32_t>, 2> trans_open;

    /// Flat copies of `lex` for featurize() (built by pack(); empty = use `lex`).
    FlatMap<WordInfo> flat_words;
    FlatMap<std::uint16_t> flat_phrases;

    /// Fills `packed` and `trans` from `weights` and the flat lexicon copies from `lex`.
    /// Call again after changing either.
    void pack();

    /// Computes the static features of @p doc.
    DocFeatures featurize(const Doc& doc) const;

    /// Pass-1 document summary used by pass 2 (computed once per document).
    struct DocMemory {
        const std::vector<int>* first = nullptr;  ///< pass-1 labels
        /// per lowercased word (by DocFeatures::word_id): pass-1 label class counts
        /// (O last), and whether it began (bit c) or ended (bit 4 + c) a
        /// multi-token span of class c.
        std::vector<std::array<std::uint16_t, kNumCls + 2>> words;
    };
    static DocMemory remember(const DocFeatures& df, const std::vector<int>& first);

    /// Features of token i that do not depend on the labels of the pass: the
    /// static ones and, in pass 2 (@p mem not null), what pass 1 found in the
    /// document. Appended to @p out.
    void local_features(const DocFeatures& df, std::size_t i, const DocMemory* mem,
                        std::vector<std::uint32_t>& out) const;
    /// The pass-2 part of local_features(): what pass 1 found for token i and
    /// for its word elsewhere in the document. Appended to @p out.
    void memory_features(const DocFeatures& df, std::size_t i, const DocMemory& mem,
                         std::vector<std::uint32_t>& out) const;
    /// Features of token i that depend on the previous label @p prev (-1 at a
    /// sentence start). Appended to @p out.
    void transition_features(std::size_t i, int prev, const DocMemory* mem,
                             std::vector<std::uint32_t>& out) const;
    /// The buckets of transition_features() for pass-1 label @p first (-1 in
    /// pass 1) and previous label @p prev.
    void transition_buckets(int first, int prev, std::vector<std::uint32_t>& out) const;

    /// Tags a document: labels per token.
    std::vector<int> tag(const Doc& doc) const;
    /// tag() scoring with `weights` directly (when `packed` is unavailable; the
    /// reference the tests hold tag() to).
    std::vector<int> tag_plain(const Doc& doc, const DocFeatures& df) const;
    /// One pass of Viterbi labels over @p doc scored with the unpacked weight
    /// table @p w (buckets x kNumLabels; float while training, int16 as shipped);
    /// @p mem as for local_features().
    template <class W>
    std::vector<int> decode_pass(const Doc& doc, const DocFeatures& df, const DocMemory* mem,
                                 const std::vector<W>& w) const;

    /// Serialised form (little-endian flat blob) and back. load() throws
    /// std::runtime_error on a malformed blob.
    std::string save() const;
    static std::unique_ptr<Model> load(std::string_view blob);
};

/// Whether @p label may follow @p prev (BILOU), and may end a sentence.
bool allowed(int prev, int label);
bool may_end(int label);

/// The best BILOU-consistent labels of every sentence of @p doc (Viterbi), into
/// @p labels. @p local(i, s) sets s[l], the score of label l at token i from
/// features that ignore the previous label; @p trans(i, prev, s) adds to s[l] the
/// score of the features that see it (prev = -1 at a sentence start). Used by
/// by decode_pass() (training, tag_plain()); tag() has its own copy on packed weights.
template <class Local, class Trans>
void viterbi(const Doc& doc, Local&& local, Trans&& trans, std::vector<int>& labels) {
    const std::size_t n = doc.words.size();
    labels.assign(n, 0);
    std::vector<std::array<float, kNumLabels>> best;
    std::vector<std::array<std::int8_t, kNumLabels>> from;
    float loc[kNumLabels], t[kNumLabels];
    for (std::size_t b = 0; b < n;) {
        std::size_t e = b + 1;
        while (e < n && !doc.sent_start[e]) ++e;
        best.resize(e - b);
        from.resize(e - b);
        for (std::size_t i = b; i < e; ++i) {
            auto& cur = best[i - b];
            cur.fill(-1e30f);
            local(i, loc);
            for (int q = i == b ? -1 : 0; q < (i == b ? 0 : kNumLabels); ++q) {
                const float base = q < 0 ? 0.f : best[i - b - 1][static_cast<std::size_t>(q)];
                if (base <= -1e29f) continue;
                std::fill(t, t + kNumLabels, 0.f);
                trans(i, q, t);
                for (int l = 0; l < kNumLabels; ++l) {
                    if (!allowed(q < 0 ? 0 : q, l) || (i + 1 == e && !may_end(l))) continue;
                    const float v = base + loc[l] + t[l];
                    if (v > cur[static_cast<std::size_t>(l)]) {
                        cur[static_cast<std::size_t>(l)] = v;
                        from[i - b][static_cast<std::size_t>(l)] = static_cast<std::int8_t>(q);
                    }
                }
            }
        }
        int l = 0;
        for (int k = 1; k < kNumLabels; ++k)
            if (best[e - b - 1][static_cast<std::size_t>(k)] > best[e - b - 1][static_cast<std::size_t>(l)]) l = k;
        for (std::size_t i = e; i-- > b;) {
            labels[i] = l;
            l = from[i - b][static_cast<std::size_t>(l)];
        }
        b = e;
    }
}

template <class W>
std::vector<int> Model::decode_pass(const Doc& doc, const DocFeatures& df, const DocMemory* mem,
                                    const std::vector<W>& w) const {
    std::vector<std::uint32_t> feats;
    auto add_rows = [&](float* s) {
        for (std::uint32_t f : feats) {
            const W* row = w.data() + std::size_t{f} * kNumLabels;
            for (int l = 0; l < kNumLabels; ++l) s[l] += static_cast<float>(row[l]);
        }
    };
    std::vector<int> labels;
    viterbi(
        doc,
        [&](std::size_t i, float* s) {
            std::fill(s, s + kNumLabels, 0.f);
            feats.clear();
            local_features(df, i, mem, feats);
            add_rows(s);
        },
        [&](std::size_t i, int prev, float* s) {
            feats.clear();
            transition_features(i, prev, mem, feats);
            add_rows(s);
        },
        labels);
    return labels;
}

/// Converts labels to spans (class, first, last token), Misc included.
struct Span {
    int cls;
    std::uint32_t first, last;
};
std::vector<Span> spans(const std::vector<int>& labels, const Doc& doc);

}  // namespace annals::detail::ner
