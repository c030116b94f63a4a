// Features of the perceptron tagger: token normalisation and hashing, the
// features of each token (featurize), what pass 1 found (remember) and the
// label transition buckets. Decoding and the model blob are in perceptron.cpp.
#include "extract/perceptron.hpp"

#include "util/ascii.hpp"
#include "util/text.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace annals::detail::ner {
namespace {

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
        if (static_cast<unsigned char>(s[i]) >= 0x80) break;
        out[i] = ascii_lower(s[i]);
    }
    if (i == s.size()) return;
    out.resize(i);
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            out += ascii_lower(s[i++]);
            continue;
        }
        char32_t c = decode(s, i);
        append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    }
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
    auto phrase_by_key = [&](std::uint64_t k) -> const std::uint16_t* {
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
            const std::uint16_t* mask_of = phrase_by_key(key);
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
    // How many clubs the document names: "Kent" in a page of results is a
    // club, in a travel story a county.
    int club_names = 0;
    for (std::size_t i = 0; i < n; ++i) club_names += gaz[i][kGazClub] == 0 || gaz[i][kGazClub] == 3;
    const std::uint64_t sporty = club_names == 0 ? 0 : club_names < 3 ? 1 : club_names < 8 ? 2 : 3;
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
    // At most 51 features a token (see below): written through a pointer into
    // room made up front, not pushed one by one.
    constexpr std::size_t kMaxFeatures = 52;
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
        add(53, sporty, static_cast<std::uint64_t>(gaz[i][kGazClub] + 1), ucap);
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
    if (mem) memory_features(df, i, *mem, out);
}

void Model::memory_features(const DocFeatures& df, std::size_t i, const DocMemory& mem,
                            std::vector<std::uint32_t>& out) const {
    local_memory_features(Hasher{buckets - 1, &out}, df, i, mem);
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

}  // namespace annals::detail::ner
