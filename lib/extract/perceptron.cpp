// Features, decoding and the model blob of the perceptron tagger.
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

constexpr std::uint32_t kVersion = 5;

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

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

char32_t decode(std::string_view s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) { ++i; return b; }
    int n = (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : 0;
    char32_t cp = n == 1 ? (b & 0x1F) : n == 2 ? (b & 0x0F) : (b & 0x07);
    if (n == 0 || i + static_cast<std::size_t>(n) >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k <= n; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = (cp << 6) | (c & 0x3F);
    }
    i += static_cast<std::size_t>(n) + 1;
    return cp;
}

bool is_upper(char32_t c) { return c < 0x80 ? (c >= 'A' && c <= 'Z') : u_isupper(static_cast<UChar32>(c)); }
bool is_lower(char32_t c) { return c < 0x80 ? (c >= 'a' && c <= 'z') : u_islower(static_cast<UChar32>(c)); }
bool is_alpha(char32_t c) { return c < 0x80 ? std::isalpha(static_cast<int>(c)) != 0 : u_isalpha(static_cast<UChar32>(c)); }

/// Word shape: X x d for upper, lower, digit, other characters kept; "full"
/// keeps up to 4 repeats, "short" collapses runs ("Xx", "X.X.", "d-d").
void shapes(std::string_view w, std::string& full, std::string& brief) {
    full.clear();
    brief.clear();
    char last = 0;
    int run = 0;
    for (std::size_t i = 0; i < w.size();) {
        char32_t c = decode(w, i);
        char k = is_upper(c) ? 'X' : is_lower(c) ? 'x' : (c >= '0' && c <= '9') ? 'd' : is_alpha(c) ? 'a'
                 : c < 0x80 ? static_cast<char>(c) : '*';
        run = k == last ? run + 1 : 1;
        if (run <= 4) full += k;
        if (run == 1) brief += k;
        last = k;
    }
}

bool starts_upper(std::string_view w) {
    if (w.empty()) return false;
    std::size_t i = 0;
    return is_upper(decode(w, i));
}

/// "UNITED" -> "United": how a headline word is written in running text.
std::string titlecase(std::string_view lw) {
    std::string out;
    std::size_t i = 0;
    if (lw.empty()) return out;
    char32_t c = decode(lw, i);
    append_utf8(out, static_cast<char32_t>(u_toupper(static_cast<UChar32>(c))));
    out.append(lw.substr(i));
    return out;
}

void digits_to_zero(std::string& s) {
    for (auto& c : s)
        if (c >= '0' && c <= '9') c = '0';
}

struct Hasher {
    std::uint32_t mask;
    std::vector<std::uint32_t>* out;
    void add(std::uint64_t tid, std::string_view s) const {
        out->push_back(static_cast<std::uint32_t>(hash_bytes(s, mix(tid + 1)) & mask));
    }
    void add(std::uint64_t tid, std::uint64_t a, std::uint64_t b = 0) const {
        out->push_back(static_cast<std::uint32_t>(mix(mix(tid * 0x100000001b3ull + a) ^ (b + 0x51)) & mask));
    }
};

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

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed) {
    // FNV-1a over 8-byte words, finished with a strong mixer: fast and good enough
    // for a hashed feature table.
    std::uint64_t h = seed ^ (s.size() * 0x9E3779B97F4A7C15ull);
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t v;
        std::memcpy(&v, s.data() + i, 8);
        h = (h ^ mix(v)) * 0x100000001b3ull;
    }
    // The last 0-7 bytes, little-endian, read in at most three loads (the
    // overlapping bytes OR in at the same place).
    std::uint64_t tail = 0;
    const std::size_t rest = s.size() - i;
    const auto* t = reinterpret_cast<const unsigned char*>(s.data() + i);
    if (rest >= 4) {
        std::uint32_t lo, hi;
        std::memcpy(&lo, t, 4);
        std::memcpy(&hi, t + rest - 4, 4);
        tail = lo | std::uint64_t{hi} << (8 * (rest - 4));
    } else if (rest > 0) {
        tail = std::uint64_t{t[0]} | std::uint64_t{t[rest / 2]} << (8 * (rest / 2)) | std::uint64_t{t[rest - 1]} << (8 * (rest - 1));
    }
    h = (h ^ mix(tail + 0x77)) * 0x100000001b3ull;
    return mix(h);
}

std::string normalize_token(std::string_view tok) {
    // Only non-ASCII characters change.
    if (std::all_of(tok.begin(), tok.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::string(tok);
    std::string out;
    out.reserve(tok.size());
    for (std::size_t i = 0; i < tok.size();) {
        char32_t c = decode(tok, i);
        switch (c) {
            case 0x2018: case 0x2019: case 0x201A: case 0x2032: c = '\''; break;
            case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB: case 0x2033: c = '"'; break;
            case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: c = '-'; break;
            case 0x2014: case 0x2015: out += "--"; continue;
            case 0x2026: out += "..."; continue;
            case 0xA0: c = ' '; break;
            default: break;
        }
        append_utf8(out, c);
    }
    return out;
}

std::string lower(std::string_view s) {
    std::string out;
    lower_into(out, s);
    return out;
}

void lower_into(std::string& out, std::string_view s) {
    out.assign(s);
    std::size_t i = 0;
    for (; i < s.size(); ++i) {  // ASCII in place, up to the first other byte
        auto b = static_cast<unsigned char>(s[i]);
        if (b >= 0x80) break;
        if (b >= 'A' && b <= 'Z') out[i] = static_cast<char>(b + 32);
    }
    if (i == s.size()) return;
    out.resize(i);
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
            ++i;
            continue;
        }
        char32_t c = decode(s, i);
        append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    }
}

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

std::uint64_t phrase_key(std::uint64_t key, std::uint64_t token_lower_hash) {
    return mix(key * 0x100000001b3ull + token_lower_hash + 0x9E37);
}

DocFeatures Model::featurize(const Doc& doc) const {
    const std::size_t n = doc.words.size();
    DocFeatures df;
    df.offs.reserve(n + 1);
    df.lower_hash.resize(n);
    df.sent_end.resize(n);

    // Per-token hashes, computed once; features combine hashes, never strings.
    std::vector<std::uint64_t> h_w(n), h_lz(n), h_shape(n), h_brief(n);
    // Hashes of the first and last 1-4 bytes of the lowercased, digit-folded
    // word (prefix k at [2(k-1)], suffix at [2(k-1)+1]), and how many of each.
    auto h_affix = std::make_unique_for_overwrite<std::array<std::uint64_t, 8>[]>(n);
    std::vector<std::uint8_t> n_affix(n);
    std::vector<const WordInfo*> info(n), capinfo(n);
    std::vector<std::uint8_t> cap(n), alpha(n), nolower(n);
    std::string lw, lz, shape, brief;
    auto word_by_hash = [&](std::uint64_t h) -> const WordInfo* {
        if (!flat_words.empty()) return flat_words.find(h);
        auto it = lex.words.find(h);
        return it == lex.words.end() ? nullptr : &it->second;
    };
    auto phrase_by_key = [&](std::uint64_t k) -> const std::uint8_t* {
        if (!flat_phrases.empty()) return flat_phrases.find(k);
        auto it = lex.phrases.find(k);
        return it == lex.phrases.end() ? nullptr : &it->second;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& w = doc.words[i];
        lower_into(lw, w);
        df.lower_hash[i] = hash_bytes(lw);
        lz.assign(lw);
        digits_to_zero(lz);
        h_lz[i] = hash_bytes(lz);
        const std::string_view l = lz;
        std::size_t k = 1;
        for (; k <= 4 && k < l.size(); ++k) {
            h_affix[i][2 * (k - 1)] = hash_bytes(l.substr(0, k));
            h_affix[i][2 * (k - 1) + 1] = hash_bytes(l.substr(l.size() - k));
        }
        n_affix[i] = static_cast<std::uint8_t>(k - 1);
        shapes(w, shape, brief);
        h_shape[i] = hash_bytes(shape);
        h_brief[i] = hash_bytes(brief);
        h_w[i] = hash_bytes(w);
        cap[i] = starts_upper(w);
        alpha[i] = brief.find_first_of("Xxa") != std::string::npos;
        nolower[i] = brief.find('x') == std::string::npos;
        info[i] = word_by_hash(h_w[i]);
        if (alpha[i] && (!info[i] || info[i]->cluster_fine == 0)) {
            // Headline or sentence-initial forms: look up how the word is usually written.
            if (nolower[i])
                if (auto* t = word_by_hash(hash_bytes(titlecase(lw))); t && t->cluster_fine) info[i] = t;
            if (!info[i] || info[i]->cluster_fine == 0)
                if (auto* t = word_by_hash(df.lower_hash[i]); t && t->cluster_fine) info[i] = t;
        }
        capinfo[i] = word_by_hash(df.lower_hash[i]);
    }
    // Sentences: ends, and whether all letters are capitals (headlines).
    std::vector<std::uint8_t> caps_sentence(n);
    std::vector<std::uint32_t> sent_begin(n);
    for (std::size_t s = 0; s < n;) {
        std::size_t e = s + 1;
        while (e < n && !doc.sent_start[e]) ++e;
        int nalpha = 0, upper_only = 0;
        for (std::size_t k = s; k < e; ++k)
            if (alpha[k]) {
                ++nalpha;
                upper_only += nolower[k];
            }
        bool caps = nalpha >= 2 && upper_only * 10 >= nalpha * 9;
        for (std::size_t k = s; k < e; ++k) {
            df.sent_end[k] = static_cast<std::uint32_t>(e);
            sent_begin[k] = static_cast<std::uint32_t>(s);
            caps_sentence[k] = caps;
        }
        s = e;
    }
    // Gazetteer phrase matches: BILU position per gazetteer class. Phrases of
    // several words are only tried from capitalised words.
    std::vector<std::array<std::int8_t, kNumGaz>> gaz(n);
    for (auto& g : gaz) g.fill(-1);
    for (std::size_t i = 0; i < n; ++i) {
        if (!alpha[i]) continue;
        std::size_t e = df.sent_end[i];
        std::size_t maxlen = cap[i] ? static_cast<std::size_t>(lex.max_phrase) : 1;
        std::uint64_t key = 0;
        for (std::size_t len = 1; len <= maxlen && i + len <= e; ++len) {
            key = phrase_key(key, df.lower_hash[i + len - 1]);
            const std::uint8_t* mask_of = phrase_by_key(key);
            if (!mask_of) break;  // no phrase goes on from here
            for (int g = 0; g < kNumGaz; ++g) {
                if (!(*mask_of & (1u << g))) continue;
                for (std::size_t k = i; k < i + len; ++k) {
                    std::int8_t pos = len == 1 ? 3 : k == i ? 0 : k + 1 == i + len ? 2 : 1;
                    // Longer matches win over shorter ones already set.
                    if (gaz[k][g] < 0 || len > 1) gaz[k][g] = pos;
                }
            }
        }
    }
    // Number the document's distinct lowercased words (open addressing over
    // their hashes, which are mixed already), so that what is known per word
    // sits in arrays, not in a hash map with a node per word.
    df.word_id.resize(n);
    {
        std::size_t cap_slots = 16;
        while (cap_slots < 2 * n) cap_slots *= 2;
        std::vector<std::uint64_t> keys(cap_slots);
        std::vector<std::uint32_t> ids(cap_slots, UINT32_MAX);  // UINT32_MAX: empty
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t h = df.lower_hash[i];
            std::size_t s = static_cast<std::size_t>(h) & (cap_slots - 1);
            while (ids[s] != UINT32_MAX && keys[s] != h) s = (s + 1) & (cap_slots - 1);
            if (ids[s] == UINT32_MAX) {
                keys[s] = h;
                ids[s] = df.words++;
            }
            df.word_id[i] = ids[s];
        }
    }
    // Document-level casing: is the word written in lowercase somewhere (bit 1),
    // or capitalised in mid-sentence somewhere (bit 2)? 0: neither, or only in
    // headlines and as non-words.
    std::vector<std::uint8_t> doc_case(df.words);
    for (std::size_t i = 0; i < n; ++i) {
        if (caps_sentence[i] || !alpha[i]) continue;
        auto& f = doc_case[df.word_id[i]];
        if (!cap[i]) f |= 1;
        if (cap[i] && !doc.sent_start[i]) f |= 2;
    }

    const std::uint64_t kBos = 0xB05, kEos = 0xE05;
    // At most 47 features a token (see below): written through a pointer into
    // room made up front, not pushed one by one.
    constexpr std::size_t kMaxFeatures = 48;
    df.feats.resize(n * kMaxFeatures);
    std::uint32_t* const out0 = df.feats.data();
    std::uint32_t* out = out0;
    const std::uint32_t mask = buckets - 1;
    auto add = [&](std::uint64_t tid, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) __attribute__((always_inline)) {
        *out++ = static_cast<std::uint32_t>(mix(mix(mix(tid * 0x9E3779B97F4A7C15ull + a) + b) ^ c) & mask);
    };
    for (std::size_t i = 0; i < n; ++i) {
        df.offs.push_back(static_cast<std::uint32_t>(out - out0));
        std::uint64_t first = doc.sent_start[i];
        const long sb = sent_begin[i], e = df.sent_end[i], ii = static_cast<long>(i);
        auto at = [&](const std::vector<std::uint64_t>& v, long d) -> std::uint64_t {
            long k = ii + d;
            return k < sb ? kBos : k >= e ? kEos : v[static_cast<std::size_t>(k)];
        };
        std::uint64_t csent = caps_sentence[i];
        std::uint64_t ucap = cap[i];
        add(1, 0);
        if (!csent) add(2, h_w[i]);
        add(3, h_lz[i]);
        add(4, h_shape[i]);
        add(5, h_brief[i]);
        for (std::size_t k = 1; k <= n_affix[i]; ++k) {
            add(5 + k, h_affix[i][2 * (k - 1)]);
            add(9 + k, h_affix[i][2 * (k - 1) + 1]);
        }
        add(14, at(h_lz, -1));
        add(15, at(h_lz, 1));
        add(16, at(h_lz, -2));
        add(17, at(h_lz, 2));
        add(18, at(h_brief, -1), h_brief[i], at(h_brief, 1));
        add(19, at(h_brief, -1));
        add(20, at(h_brief, 1));
        add(21, at(h_lz, -1), h_lz[i]);
        add(22, h_lz[i], at(h_lz, 1));
        add(23, first, h_brief[i]);
        add(24, csent, h_brief[i]);
        if (csent) add(25, h_lz[i]);
        // Clusters of the word and its neighbours.
        auto fine = [&](long d) -> std::uint64_t {
            long k = ii + d;
            if (k < sb || k >= e) return 0xFFFF;
            auto* p = info[static_cast<std::size_t>(k)];
            return p ? p->cluster_fine : 0;
        };
        std::uint64_t cf = fine(0);
        std::uint64_t cc = info[i] ? info[i]->cluster_coarse : 0;
        add(26, cf, ucap);
        add(27, cc, ucap);
        add(28, fine(-1));
        add(29, fine(1));
        add(30, cc, h_brief[i]);
        auto mid = [&](long d) -> std::uint64_t {
            long k = ii + d;
            if (k < sb || k >= e) return 0xFFFF;
            auto* p = info[static_cast<std::size_t>(k)];
            return p ? p->cluster_mid : 0;
        };
        // Word with the shape of its neighbours ("Corp" after a capitalised word).
        add(50, h_lz[i], at(h_brief, -1));
        add(51, h_lz[i], at(h_brief, 1));
        add(52, fine(-1), h_brief[i], ucap);
        if (std::uint64_t cm = mid(0); cm) {
            add(47, cm, ucap);
            add(48, mid(-1), cm);
            add(49, cm, mid(1));
        }
        // How often the word is capitalised in running news text.
        std::uint64_t ratio = capinfo[i] ? capinfo[i]->cap_ratio : 0;
        add(31, ratio, ucap * 2 + first);
        add(32, ratio, csent);
        // Gazetteers.
        for (int g = 0; g < kNumGaz; ++g)
            if (gaz[i][g] >= 0) add(33 + static_cast<std::uint64_t>(g), static_cast<std::uint64_t>(gaz[i][g]), ucap);
        std::uint64_t gz_prev = ii > sb ? 0 : 99, gz_next = ii + 1 < e ? 0 : 99;
        if (ii > sb)
            for (int g = 0; g < kNumGaz; ++g) gz_prev = gz_prev * 3 + (gaz[i - 1][g] >= 0 ? 1 : 0);
        if (ii + 1 < e)
            for (int g = 0; g < kNumGaz; ++g) gz_next = gz_next * 3 + (gaz[i + 1][g] >= 0 ? 1 : 0);
        add(45, gz_prev, gz_next);
        // Document casing.
        std::uint64_t dcase = doc_case[df.word_id[i]];
        add(46, dcase, ucap * 4 + first * 2 + csent);
    }
    df.offs.push_back(static_cast<std::uint32_t>(out - out0));
    df.feats.resize(static_cast<std::size_t>(out - out0));
    return df;
}

Model::DocMemory Model::remember(const DocFeatures& df, const std::vector<int>& first) {
    DocMemory mem;
    mem.first = &first;
    mem.words.assign(df.words, {});
    for (std::size_t i = 0; i < first.size(); ++i) {
        auto& c = mem.words[df.word_id[i]];
        int cls = label_cls(first[i]);
        ++c[cls < 0 ? kNumCls : cls];
        int pos = label_pos(first[i]);
        if (pos == 0) c[kNumCls + 1] |= static_cast<std::uint16_t>(1u << cls);
        if (pos == 2) c[kNumCls + 1] |= static_cast<std::uint16_t>(1u << (4 + cls));
    }
    return mem;
}

namespace {

// Pass 2: what pass 1 found for this token and for its word elsewhere.
void local_memory_features(const Hasher& h, const DocFeatures& df, std::size_t i, const Model::DocMemory& m) {
    const Model::DocMemory* mem = &m;
    const std::vector<int>& f = *mem->first;
    std::size_t e = df.sent_end[i];
    h.add(70, static_cast<std::uint64_t>(f[i]));
    h.add(71, static_cast<std::uint64_t>(i + 1 < e ? f[i + 1] + 1 : 0));
    if (df.word_id[i] >= mem->words.size()) return;
    auto counts = mem->words[df.word_id[i]];
    int own = label_cls(f[i]);
    --counts[own < 0 ? kNumCls : own];
    int best = -1, total = 0;
    for (int c = 0; c <= kNumCls; ++c) {
        total += counts[c];
        if (counts[c] > 0 && (best < 0 || counts[c] > counts[best])) best = c;
    }
    if (total == 0) return;
    h.add(73, static_cast<std::uint64_t>(best));
    for (int c = 0; c < kNumCls; ++c)
        if (counts[c] > 0) h.add(74, static_cast<std::uint64_t>(c), counts[c] * 2 >= total);
    std::uint16_t pos = counts[kNumCls + 1];
    if (pos) h.add(75, pos);
}

}  // namespace

void Model::local_features(const DocFeatures& df, std::size_t i, const DocMemory* mem,
                           std::vector<std::uint32_t>& out) const {
    out.insert(out.end(), df.feats.begin() + df.offs[i], df.feats.begin() + df.offs[i + 1]);
    if (mem) local_memory_features(Hasher{buckets - 1, &out}, df, i, *mem);
}

void Model::transition_features(std::size_t i, int prev, const DocMemory* mem,
                                std::vector<std::uint32_t>& out) const {
    transition_buckets(mem ? (*mem->first)[i] : -1, prev, out);
}

void Model::transition_buckets(int first, int prev, std::vector<std::uint32_t>& out) const {
    // Only labels, no words: pack() tabulates them, so Viterbi reads no weight
    // rows for them. (Previous label with the word, tried, did not help.)
    Hasher h{buckets - 1, &out};
    h.add(60, static_cast<std::uint64_t>(prev + 1));
    if (first >= 0) h.add(72, static_cast<std::uint64_t>(first), static_cast<std::uint64_t>(prev + 1));
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
                local_memory_features(Hasher{buckets - 1, &feats}, df, i, *mem);
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
    for (const auto& [k, v] : lex.words) {
        put(out, k);
        put(out, v.cluster_fine);
        put(out, v.cluster_coarse);
        put(out, v.cap_ratio);
        put(out, v.cluster_mid);
    }
    for (const auto& [k, v] : lex.phrases) {
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
    // Version 5: Viterbi-trained weights; version 4 (greedy) ones would load but tag badly.
    if (get<std::uint32_t>(blob, pos) != kVersion) throw std::runtime_error("ner model: unknown version");
    auto m = std::make_unique<Model>();
    m->buckets = get<std::uint32_t>(blob, pos);
    if (m->buckets == 0 || (m->buckets & (m->buckets - 1)) != 0 || m->buckets > (1u << 24))
        throw std::runtime_error("ner model: bad bucket count");
    m->lex.max_phrase = static_cast<int>(std::min<std::uint32_t>(get<std::uint32_t>(blob, pos), 8));
    auto nwords = get<std::uint32_t>(blob, pos);
    auto nphrases = get<std::uint32_t>(blob, pos);
    if (nwords > blob.size() / 14 || nphrases > blob.size() / 9) throw std::runtime_error("ner model: truncated");
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
        m->lex.phrases.emplace(key, get<std::uint8_t>(blob, pos));
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
