// Decoding (Viterbi over packed weight rows) and the model blob of the
// perceptron tagger; its features are in ner_features.cpp.
#include "extract/perceptron.hpp"

#include "util/text.hpp"

#include <unicode/uchar.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace annals::detail::ner {
namespace {

constexpr std::uint32_t kVersion = 6;

/// Elements to skip from @p p to reach a 64-byte boundary.
std::size_t packed_skip(const std::int16_t* p) {
    auto a = reinterpret_cast<std::uintptr_t>(p);
    return ((64 - (a & 63)) & 63) / sizeof(std::int16_t);
}

/// Set bits of @p x, inline (a portable build has no popcnt instruction, and
/// the builtin then calls a libgcc function).
std::uint32_t popcount64(std::uint64_t x) {
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return static_cast<std::uint32_t>((x * 0x0101010101010101ull) >> 56);
}

template <class T>
void put(std::string& out, T v) {
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    out.append(buf, sizeof(T));
}

template <class T>
T get(std::string_view blob, std::size_t& pos) {
    if (pos + sizeof(T) > blob.size()) throw std::runtime_error("ner model: truncated");
    T v;
    std::memcpy(&v, blob.data() + pos, sizeof(T));
    pos += sizeof(T);
    return v;
}

}  // namespace

bool allowed(int prev, int label) {
    int pp = label_pos(prev), lp = label_pos(label);
    bool open = pp == 0 || pp == 1;  // prev is B or I: must continue
    bool cont = lp == 1 || lp == 2;  // label is I or L
    if (open) return cont && label_cls(prev) == label_cls(label);
    return !cont;
}

bool may_end(int label) {
    int p = label_pos(label);
    return p != 0 && p != 1;
}

void Model::pack() {
    flat_words.build(lex.words);
    flat_phrases.build(lex.phrases);
    const std::size_t nb = buckets;
    packed.clear();
    wide_bits.clear();
    wide_rank.clear();
    wide_rows.clear();
    for (const auto& w : weights)
        if (w.size() != nb * kNumLabels) return;
    std::vector<std::uint32_t> feats;
    for (std::size_t p = 0; p < 2; ++p) {
        trans[p].assign(kNumLabels * (kNumLabels + 1) * kNumLabels, 0);
        for (int f = 0; f < (p ? kNumLabels : 1); ++f)
            for (int q = -1; q < kNumLabels; ++q) {
                feats.clear();
                transition_buckets(p ? f : -1, q, feats);
                std::int32_t* t = trans[p].data() + static_cast<std::size_t>(f * (kNumLabels + 1) + q + 1) * kNumLabels;
                for (std::uint32_t b : feats)
                    for (int l = 0; l < kNumLabels; ++l) t[l] += weights[p][std::size_t{b} * kNumLabels + static_cast<std::size_t>(l)];
            }
        trans_open[p].assign(static_cast<std::size_t>(kNumLabels * kClosed * kOpenStride), 0);
        for (int f = 0; f < kNumLabels; ++f) {
            int k = 0;
            for (int q = 0; q < kNumLabels; ++q) {
                if (!may_end(q)) continue;
                const std::int32_t* t = trans[p].data() + static_cast<std::size_t>(f * (kNumLabels + 1) + q + 1) * kNumLabels;
                std::int32_t* row = trans_open[p].data() + static_cast<std::size_t>((f * kClosed + k++) * kOpenStride);
                for (int c = 0; c < kNumCls; ++c) {
                    row[2 * c] = t[make_label(c, 0)];
                    row[2 * c + 1] = t[make_label(c, 3)];
                }
                row[2 * kNumCls] = t[0];
            }
        }
    }
    // Rows hold each label's weight minus label O's, so O always scores 0 and no
    // O column is read; the argmax is unchanged (every label loses the same sum).
    // The few buckets whose differences do not fit 16 bits are flagged in a small
    // bitmap (16 KiB, stays in L1) and kept exactly, in 32 bits, in `wide`.
    // 32 spare values so that the rows can start on a 64-byte boundary. Bucket b's
    // pass-1 and pass-2 rows share one cache line (both passes read the same
    // static features).
    std::vector<std::int16_t> out(nb * 32 + 32);
    std::int16_t* rows = out.data() + packed_skip(out.data());
    wide_bits.assign(nb / 64 + 1, 0);
    wide_rank.assign(nb / 64 + 1, 0);
    for (std::size_t b = 0; b < nb; ++b) {
        if ((b & 63) == 0) wide_rank[b >> 6] = static_cast<std::uint32_t>(wide_rows.size());
        bool fits = true;
        std::array<std::int32_t, 32> d{};
        for (std::size_t p = 0; p < 2; ++p) {
            const std::int16_t* row = weights[p].data() + b * kNumLabels;
            for (int l = 1; l < kNumLabels; ++l) {
                std::int32_t v = std::int32_t{row[l]} - row[0];
                d[p * 16 + static_cast<std::size_t>(l - 1)] = v;
                if (v < INT16_MIN || v > INT16_MAX) fits = false;
            }
        }
        if (fits) {
            for (std::size_t k = 0; k < 32; ++k) rows[b * 32 + k] = static_cast<std::int16_t>(d[k]);
        } else {
            wide_bits[b >> 6] |= std::uint64_t{1} << (b & 63);
            wide_rows.push_back(d);
        }
    }
    packed = std::move(out);
}

namespace {

/// Which labels may start a sentence, and which close a name (BILOU).
struct Predecessors {
    bool closed_before[kNumLabels] = {};  ///< may follow O (and start a sentence)
    int closed[Model::kClosed] = {};      ///< labels that close a name: O, L, U (as in trans_open)
    Predecessors() {
        int k = 0;
        for (int l = 0; l < kNumLabels; ++l) {
            closed_before[l] = allowed(0, l);
            if (may_end(l)) closed[k++] = l;
        }
    }
};
const Predecessors kPreds;

/// Sixteen 32-bit sums of 16-bit weight rows, kept in registers.
struct Acc {
#ifdef __SSE2__
    // Lanes: the even labels of the first eight, their odd ones, then the same for
    // the last eight. _mm_madd_epi16 against 16-bit pairs (1, 0) or (0, 1) then
    // sign-extends and picks the even or odd weights in one step.
    __m128i v[4];
    void clear() {
        for (auto& x : v) x = _mm_setzero_si128();
    }
    void load(const std::int32_t* p) {
        for (int h = 0; h < 2; ++h) {
            __m128i x = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8 * h)), _MM_SHUFFLE(3, 1, 2, 0));
            __m128i y = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8 * h + 4)), _MM_SHUFFLE(3, 1, 2, 0));
            v[2 * h] = _mm_unpacklo_epi64(x, y);
            v[2 * h + 1] = _mm_unpackhi_epi64(x, y);
        }
    }
    void store(std::int32_t* p) const {
        for (int h = 0; h < 2; ++h) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(p + 8 * h), _mm_unpacklo_epi32(v[2 * h], v[2 * h + 1]));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(p + 8 * h + 4), _mm_unpackhi_epi32(v[2 * h], v[2 * h + 1]));
        }
    }
    void add(const std::int16_t* row) {
        const __m128i even = _mm_set1_epi32(1), odd = _mm_set1_epi32(0x10000);
        __m128i a = _mm_load_si128(reinterpret_cast<const __m128i*>(row));
        __m128i b = _mm_load_si128(reinterpret_cast<const __m128i*>(row + 8));
        v[0] = _mm_add_epi32(v[0], _mm_madd_epi16(a, even));
        v[1] = _mm_add_epi32(v[1], _mm_madd_epi16(a, odd));
        v[2] = _mm_add_epi32(v[2], _mm_madd_epi16(b, even));
        v[3] = _mm_add_epi32(v[3], _mm_madd_epi16(b, odd));
    }
    void add(const std::int32_t* row) {
        Acc r;
        r.load(row);
        for (int k = 0; k < 4; ++k) v[k] = _mm_add_epi32(v[k], r.v[k]);
    }
#else
    std::int32_t v[16];
    void clear() { std::fill(v, v + 16, 0); }
    void load(const std::int32_t* p) { std::memcpy(v, p, sizeof v); }
    void store(std::int32_t* p) const { std::memcpy(p, v, sizeof v); }
    void add(const std::int16_t* row) {
        for (int l = 0; l < 16; ++l) v[l] += row[l];
    }
    void add(const std::int32_t* row) {
        for (int l = 0; l < 16; ++l) v[l] += row[l];
    }
#endif
};

}  // namespace

std::vector<int> Model::tag(const Doc& doc) const {
    if (doc.words.empty()) return {};
    DocFeatures df = featurize(doc);
    if (packed.empty()) return tag_plain(doc, df);
    const std::size_t n = doc.words.size();
    // rows + 32 * bucket + 16 * pass: label l's weight minus label O's (see pack()).
    const std::int16_t* rows_all = packed.data() + packed_skip(packed.data());
    const std::uint64_t* wbits = wide_bits.data();
    auto is_wide = [wbits](std::uint32_t f) { return (wbits[f >> 6] >> (f & 63)) & 1; };
    auto wide_row = [this, wbits](std::uint32_t f) {
        const std::uint64_t below = wbits[f >> 6] & ((std::uint64_t{1} << (f & 63)) - 1);
        return wide_rows[wide_rank[f >> 6] + popcount64(below)].data();
    };
    // Static features do not depend on labels: sum their rows for every token of
    // both passes up front, in a loop with no dependency between tokens, so the
    // memory loads overlap; the Viterbi passes then add only what depends on labels.
    auto stat = std::make_unique_for_overwrite<std::int32_t[]>(2 * n * 16);  // every row is stored below
    const std::uint32_t* fs = df.feats.data();
    const std::size_t nf = df.feats.size();
    constexpr std::size_t kAhead = 12;
    for (std::size_t j = 0; j < kAhead && j < nf; ++j) __builtin_prefetch(rows_all + std::size_t{fs[j]} * 32);
    for (std::size_t i = 0; i < n; ++i) {
        Acc acc1, acc2;
        acc1.clear();
        acc2.clear();
        for (std::uint32_t j = df.offs[i]; j < df.offs[i + 1]; ++j) {
            if (j + kAhead < nf) __builtin_prefetch(rows_all + std::size_t{fs[j + kAhead]} * 32);
            const std::int16_t* r = rows_all + std::size_t{fs[j]} * 32;
            acc1.add(r);  // a wide bucket's packed row is zeros
            acc2.add(r + 16);
            if (is_wide(fs[j])) [[unlikely]] {
                const std::int32_t* w = wide_row(fs[j]);
                acc1.add(w);
                acc2.add(w + 16);
            }
        }
        acc1.store(stat.get() + i * 16);
        acc2.store(stat.get() + (n + i) * 16);
    }
    std::vector<std::uint32_t> feats;
    feats.reserve(16);
    auto from = std::make_unique_for_overwrite<std::array<std::int8_t, kNumLabels>[]>(n);  // set for every token
    auto pass = [&](std::size_t p, const DocMemory* mem) {
        std::vector<int> labels(n, 0);
        const std::int16_t* r = rows_all + p * 16;
        const std::int32_t* base = stat.get() + p * n * 16;
        constexpr std::int32_t kNone = INT32_MIN / 4;
        std::int32_t prev[kNumLabels], cur[kNumLabels], loc[kNumLabels];
        for (std::size_t i = 0; i < n; ++i) {
            // Local scores: static sums plus, in pass 2, the memory features
            // (packed rows hold each label's weight minus O's: the same shift
            // for every path, so Viterbi's choice is unchanged).
            loc[0] = 0;
            if (mem) {
                feats.clear();
                memory_features(df, i, *mem, feats);
                Acc sum;
                sum.load(base + i * 16);
                for (std::uint32_t f : feats) {
                    sum.add(r + std::size_t{f} * 32);
                    if (is_wide(f)) [[unlikely]]
                        sum.add(wide_row(f) + p * 16);
                }
                sum.store(loc + 1);
            } else {
                std::memcpy(loc + 1, base + i * 16, 16 * sizeof(std::int32_t));
            }
            const int f = mem ? (*mem->first)[i] : 0;
            const std::int32_t* t = trans[p].data() + static_cast<std::size_t>(f * (kNumLabels + 1)) * kNumLabels;
            auto& back = from[i];
            if (doc.sent_start[i]) {
                for (int l = 0; l < kNumLabels; ++l) {
                    cur[l] = kPreds.closed_before[l] ? loc[l] + t[l] : kNone;  // q = -1 acts as O
                    back[static_cast<std::size_t>(l)] = -1;
                }
            } else {
                // O, B and U follow the same nine labels (O, L, U): one row of
                // transitions per predecessor into B and U of every class (eight
                // lanes, which the compiler vectorises) and O; I and L, which
                // follow B or I of their class, are then set from their two
                // predecessors.
                std::int32_t best[kNumLabels], arg[kNumLabels];
                alignas(16) std::int32_t b8[8], a8[8];
                best[0] = kNone;
                arg[0] = 0;
                const std::int32_t* open = trans_open[p].data() + static_cast<std::size_t>(f * kClosed * kOpenStride);
#ifdef __SSE2__
                __m128i bl = _mm_set1_epi32(kNone), bh = bl, al = _mm_setzero_si128(), ah = al;
#else
                std::fill(b8, b8 + 8, kNone);
                std::fill(a8, a8 + 8, 0);
#endif
                for (int k = 0; k < kClosed; ++k) {
                    const int q = kPreds.closed[k];
                    const std::int32_t* row = open + k * kOpenStride;
                    const std::int32_t pq = prev[q];
                    if (pq + row[8] > best[0]) {
                        best[0] = pq + row[8];
                        arg[0] = q;
                    }
#ifdef __SSE2__
                    // Strictly greater replaces, as in the scalar loop below.
                    const __m128i pv = _mm_set1_epi32(pq), qv = _mm_set1_epi32(q);
                    const __m128i vl = _mm_add_epi32(pv, _mm_loadu_si128(reinterpret_cast<const __m128i*>(row)));
                    const __m128i vh = _mm_add_epi32(pv, _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 4)));
                    const __m128i ml = _mm_cmpgt_epi32(vl, bl), mh = _mm_cmpgt_epi32(vh, bh);
                    bl = _mm_or_si128(_mm_and_si128(ml, vl), _mm_andnot_si128(ml, bl));
                    bh = _mm_or_si128(_mm_and_si128(mh, vh), _mm_andnot_si128(mh, bh));
                    al = _mm_or_si128(_mm_and_si128(ml, qv), _mm_andnot_si128(ml, al));
                    ah = _mm_or_si128(_mm_and_si128(mh, qv), _mm_andnot_si128(mh, ah));
#else
                    for (int l = 0; l < 8; ++l) {
                        const std::int32_t v = pq + row[l];
                        const bool better = v > b8[l];
                        b8[l] = better ? v : b8[l];
                        a8[l] = better ? q : a8[l];
                    }
#endif
                }
#ifdef __SSE2__
                _mm_store_si128(reinterpret_cast<__m128i*>(b8), bl);
                _mm_store_si128(reinterpret_cast<__m128i*>(b8 + 4), bh);
                _mm_store_si128(reinterpret_cast<__m128i*>(a8), al);
                _mm_store_si128(reinterpret_cast<__m128i*>(a8 + 4), ah);
#endif
                for (int c = 0; c < kNumCls; ++c) {
                    best[make_label(c, 0)] = b8[2 * c];
                    arg[make_label(c, 0)] = a8[2 * c];
                    best[make_label(c, 3)] = b8[2 * c + 1];
                    arg[make_label(c, 3)] = a8[2 * c + 1];
                }
                for (int c = 0; c < kNumCls; ++c) {
                    const int b = make_label(c, 0), in = make_label(c, 1);
                    for (int l : {in, make_label(c, 2)}) {
                        const std::int32_t vb = prev[b] + t[(b + 1) * kNumLabels + l];
                        const std::int32_t vi = prev[in] + t[(in + 1) * kNumLabels + l];
                        best[l] = vi > vb ? vi : vb;
                        arg[l] = vi > vb ? in : b;
                    }
                }
                for (int l = 0; l < kNumLabels; ++l) {
                    cur[l] = best[l] <= kNone / 2 ? kNone : best[l] + loc[l];  // unreachable stays so
                    back[static_cast<std::size_t>(l)] = static_cast<std::int8_t>(arg[l]);
                }
            }
            std::memcpy(prev, cur, sizeof prev);
            if (i + 1 < n && !doc.sent_start[i + 1]) continue;
            // Sentence end: the best label that may end it, then back.
            int l = 0;
            for (int k = 1; k < kNumLabels; ++k)
                if (may_end(k) && cur[k] > cur[l]) l = k;
            for (std::size_t j = i + 1; j-- > 0;) {
                labels[j] = l;
                if (doc.sent_start[j]) break;
                l = from[j][static_cast<std::size_t>(l)];
            }
        }
        return labels;
    };
    std::vector<int> first = pass(0, nullptr);
    DocMemory mem = remember(df, first);
    return pass(1, &mem);
}

std::vector<int> Model::tag_plain(const Doc& doc, const DocFeatures& df) const {
    const std::vector<int> first = decode_pass(doc, df, nullptr, weights[0]);
    const DocMemory mem = remember(df, first);
    return decode_pass(doc, df, &mem, weights[1]);
}

std::vector<Span> spans(const std::vector<int>& labels, const Doc& doc) {
    std::vector<Span> out;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        int pos = label_pos(labels[i]);
        if (pos == 3) out.push_back({label_cls(labels[i]), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i)});
        if (pos != 0) continue;
        std::size_t j = i + 1;
        while (j < labels.size() && !doc.sent_start[j] && label_pos(labels[j]) == 1) ++j;
        if (j < labels.size() && !doc.sent_start[j] && label_pos(labels[j]) == 2 &&
            label_cls(labels[j]) == label_cls(labels[i])) {
            out.push_back({label_cls(labels[i]), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
            i = j;
        }
    }
    return out;
}

std::string Model::save() const {
    std::string out;
    put(out, kMagic);
    put(out, kVersion);
    put(out, buckets);
    put(out, static_cast<std::uint32_t>(lex.max_phrase));
    put(out, static_cast<std::uint32_t>(lex.words.size()));
    put(out, static_cast<std::uint32_t>(lex.phrases.size()));
    // In key order, so that a model saves to the same bytes however its maps were filled.
    std::vector<std::pair<std::uint64_t, WordInfo>> words(lex.words.begin(), lex.words.end());
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<std::uint64_t, std::uint16_t>> phrases(lex.phrases.begin(), lex.phrases.end());
    std::sort(phrases.begin(), phrases.end());
    for (const auto& [k, v] : words) {
        put(out, k);
        put(out, v.cluster_fine);
        put(out, v.cluster_coarse);
        put(out, v.cap_ratio);
        put(out, v.cluster_mid);
    }
    for (const auto& [k, v] : phrases) {
        put(out, k);
        put(out, v);
    }
    for (const auto& w : weights) {
        if (w.size() != static_cast<std::size_t>(buckets) * kNumLabels) throw std::runtime_error("ner model: bad weights");
        out.append(reinterpret_cast<const char*>(w.data()), w.size() * sizeof(std::int16_t));
    }
    return out;
}

std::unique_ptr<Model> Model::load(std::string_view blob) {
    std::size_t pos = 0;
    if (get<std::uint32_t>(blob, pos) != kMagic) throw std::runtime_error("ner model: bad magic");
    // Version 6: 16-bit gazetteer class masks (org and club lists); 5: Viterbi-trained weights.
    if (get<std::uint32_t>(blob, pos) != kVersion) throw std::runtime_error("ner model: unknown version");
    auto m = std::make_unique<Model>();
    m->buckets = get<std::uint32_t>(blob, pos);
    if (m->buckets == 0 || (m->buckets & (m->buckets - 1)) != 0 || m->buckets > (1u << 24))
        throw std::runtime_error("ner model: bad bucket count");
    m->lex.max_phrase = static_cast<int>(std::min<std::uint32_t>(get<std::uint32_t>(blob, pos), 8));
    auto nwords = get<std::uint32_t>(blob, pos);
    auto nphrases = get<std::uint32_t>(blob, pos);
    if (nwords > blob.size() / 14 || nphrases > blob.size() / 10) throw std::runtime_error("ner model: truncated");
    m->lex.words.reserve(nwords);
    for (std::uint32_t k = 0; k < nwords; ++k) {
        auto key = get<std::uint64_t>(blob, pos);
        WordInfo v;
        v.cluster_fine = get<std::uint16_t>(blob, pos);
        v.cluster_coarse = get<std::uint8_t>(blob, pos);
        v.cap_ratio = get<std::uint8_t>(blob, pos);
        v.cluster_mid = get<std::uint16_t>(blob, pos);
        m->lex.words.emplace(key, v);
    }
    m->lex.phrases.reserve(nphrases);
    for (std::uint32_t k = 0; k < nphrases; ++k) {
        auto key = get<std::uint64_t>(blob, pos);
        m->lex.phrases.emplace(key, get<std::uint16_t>(blob, pos));
    }
    std::size_t count = static_cast<std::size_t>(m->buckets) * kNumLabels;
    for (auto& w : m->weights) {
        if (pos + count * sizeof(std::int16_t) > blob.size()) throw std::runtime_error("ner model: truncated");
        w.resize(count);
        std::memcpy(w.data(), blob.data() + pos, count * sizeof(std::int16_t));
        pos += count * sizeof(std::int16_t);
    }
    m->pack();
    return m;
}

}  // namespace annals::detail::ner
