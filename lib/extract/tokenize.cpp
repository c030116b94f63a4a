// Tokeniser for entity extraction: a hand-written PTB-like scanner for English
// and ICU word break for other languages. Both work on raw bytes and decode
// UTF-8 themselves, so invalid input degrades to one-byte tokens, never throws.
#include "extract/tokenize.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <string>

#include "util/ascii.hpp"

namespace annals::detail {
namespace {

constexpr char32_t kInvalid = 0xFFFD;

/// Decodes the code point at text[i]; sets len (>= 1). Invalid or truncated
/// sequences decode as U+FFFD of length 1 so scanning always advances.
char32_t decode_multibyte(std::string_view text, std::size_t i, std::size_t& len);

inline char32_t decode(std::string_view text, std::size_t i, std::size_t& len) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // nearly all news text
        len = 1;
        return b;
    }
    return decode_multibyte(text, i, len);
}

char32_t decode_multibyte(std::string_view text, std::size_t i, std::size_t& len) {
    auto b = static_cast<unsigned char>(text[i]);
    len = 1;
    int n;
    char32_t cp;
    if ((b & 0xE0) == 0xC0) { n = 1; cp = b & 0x1F; }
    else if ((b & 0xF0) == 0xE0) { n = 2; cp = b & 0x0F; }
    else if ((b & 0xF8) == 0xF0) { n = 3; cp = b & 0x07; }
    else return kInvalid;
    for (int k = 1; k <= n; ++k) {
        if (i + k >= text.size()) return kInvalid;
        auto c = static_cast<unsigned char>(text[i + k]);
        if ((c & 0xC0) != 0x80) return kInvalid;
        cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range values are invalid too.
    static constexpr char32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
    len = static_cast<std::size_t>(n) + 1;
    return cp;
}

bool is_space(char32_t c) {
    if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_line_break(char32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85; }

bool is_alnum(char32_t c) {
    if (c < 0x80) return is_ascii_alpha(static_cast<char>(c)) || is_ascii_digit(static_cast<char>(c));
    if (c == kInvalid) return false;
    // Letters, digits and combining marks (so that "é" written decomposed stays in its word).
    auto mask = U_GET_GC_MASK(static_cast<UChar32>(c));
    return (mask & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK | U_GC_NL_MASK | U_GC_NO_MASK)) != 0;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018; }
bool is_hyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }
bool is_closing(char32_t c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0x2019 || c == 0x201D ||
           c == 0xBB;
}

/// Words that keep their final period (PTB keeps "Mr." and "Inc." whole).
bool is_abbreviation(std::string_view word) {
    static constexpr std::array<std::string_view, 64> kAbbr = {
        "mr",   "mrs",  "ms",   "dr",   "jr",   "sr",   "st",   "mt",   "gen",  "sen",  "rep",
        "gov",  "lt",   "col",  "capt", "sgt",  "prof", "rev",  "hon",  "pres", "inc",  "corp",
        "co",   "ltd",  "bros", "plc",  "jan",  "feb",  "mar",  "apr",  "aug",  "sep",  "sept",
        "oct",  "nov",  "dec",  "no",   "vs",   "etc",  "cf",   "al",   "dept", "univ", "assn",
        "ave",  "blvd", "fig",  "est",  "approx", "adm", "cmdr", "maj", "brig", "supt", "atty",
        "messrs", "mme", "mlle", "ft",  "jos",  "wm",   "chas", "md",   "ph"};
    if (word.size() > 6) return false;
    std::string w = lower_ascii(word);
    return std::find(kAbbr.begin(), kAbbr.end(), w) != kAbbr.end();
}

/// True when text[a, b) is letters separated by periods: "U.S", "e.g", "U.N".
bool is_dotted_initials(std::string_view tok) {
    if (tok.size() < 3) return false;
    bool want_letter = true;
    for (char c : tok) {
        if (want_letter) {
            if (!is_ascii_alpha(c)) return false;
        } else if (c != '.') {
            return false;
        }
        want_letter = !want_letter;
    }
    return !want_letter;
}

struct Scanner {
    std::string_view text;
    std::vector<Token> out;
    bool pending_start = true;  // next token starts a sentence

    void emit(std::size_t a, std::size_t b) {
        if (b <= a) return;
        Token t;
        t.start = static_cast<std::uint32_t>(std::min<std::size_t>(a, UINT32_MAX));
        t.end = static_cast<std::uint32_t>(std::min<std::size_t>(b, UINT32_MAX));
        t.sentence_start = pending_start;
        pending_start = false;
        out.push_back(t);
    }

    char32_t at(std::size_t i, std::size_t& len) const {
        if (i >= text.size()) { len = 0; return 0; }
        return decode(text, i, len);
    }

    /// Contraction suffix starting at the apostrophe at i ("'s", "'ll", ...): its
    /// end, or 0 when the letters after the apostrophe are not a contraction.
    std::size_t contraction_end(std::size_t i) const {
        std::size_t len;
        at(i, len);
        std::size_t j = i + len;
        std::size_t k = j;
        while (k < text.size() && k - j <= 2 && is_ascii_alpha(text[k])) ++k;
        std::size_t n2;
        if (k < text.size() && is_alnum(at(k, n2))) return 0;  // letters go on: O'Neill
        std::string suf = lower_ascii(text.substr(j, k - j));
        if (suf == "s" || suf == "re" || suf == "ve" || suf == "ll" || suf == "d" || suf == "m") return k;
        return 0;
    }

    /// Scans a word or number starting at i; returns its end.
    std::size_t scan_word(std::size_t i) {
        std::size_t start = i, len;
        bool numeric = is_digit(static_cast<unsigned char>(text[i]));
        while (i < text.size()) {
            char32_t c = at(i, len);
            if (is_alnum(c)) { i += len; continue; }
            std::size_t nlen;
            char32_t next = at(i + len, nlen);
            // "1,000.5", "12:30", "3/4": separators between digits.
            if ((c == ',' || c == '.' || c == ':' || c == '/') && is_digit(next) && i > start &&
                is_digit(static_cast<unsigned char>(text[i - 1]))) {
                i += len;
                continue;
            }
            // Hyphenated words and ranges stay whole: "Anglo-Dutch", "1996-08-22".
            if (is_hyphen(c) && is_alnum(next)) { i += len; continue; }
            // "U.S", "e.g": single letters separated by periods.
            if (c == '.' && is_alnum(next) && !numeric) {
                std::string_view sofar = text.substr(start, i - start);
                std::size_t after = i + len + nlen;
                std::size_t alen;
                char32_t after_c = at(after, alen);
                bool single_before = sofar.size() == 1 || (sofar.size() >= 3 && is_dotted_initials(sofar));
                if (single_before && !is_alnum(after_c) && is_ascii_alpha(static_cast<char>(next))) {
                    i += len;
                    continue;
                }
            }
            // Apostrophes inside a word: split contractions, keep names (O'Neill).
            if (is_apostrophe(c) && is_alnum(next)) {
                if (contraction_end(i) != 0) break;
                // "n't": split before the n.
                if ((next == 't' || next == 'T') && i > start && (text[i - 1] == 'n' || text[i - 1] == 'N')) {
                    std::size_t tlen;
                    char32_t after_t = at(i + len + 1, tlen);
                    if (!is_alnum(after_t)) {
                        if (i - 1 > start) return i - 1;
                    }
                }
                if (c != 0x2018) { i += len; continue; }
            }
            // URLs and e-mail addresses: take everything up to the next space.
            if ((c == ':' && text.substr(i, 3) == "://") || (c == '@' && is_alnum(next) && i > start)) {
                while (i < text.size()) {
                    char32_t d = at(i, len);
                    if (is_space(d)) break;
                    i += len;
                }
                while (i > start && std::string_view(".,;:!?)\"'").find(text[i - 1]) != std::string_view::npos) --i;
                return i;
            }
            break;
        }
        // Keep the final period of initials ("U.S.", "J.") and known abbreviations ("Mr.").
        if (i < text.size() && text[i] == '.') {
            std::string_view w = text.substr(start, i - start);
            std::size_t nlen;
            char32_t next = at(i + 1, nlen);
            bool next_ok = !is_alnum(next);
            bool initial = w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z';
            if (next_ok && (initial || is_dotted_initials(w) || is_abbreviation(w))) return i + 1;
        }
        return i;
    }

    void run() {
        std::size_t i = 0, len;
        while (i < text.size()) {
            char32_t c = decode(text, i, len);
            if (is_space(c)) {
                if (is_line_break(c)) pending_start = true;
                i += len;
                continue;
            }
            if (is_alnum(c)) {
                std::size_t end = scan_word(i);
                // For "don't" scan_word stops before the n; "n't" is scanned next.
                emit(i, end);
                i = end;
                continue;
            }
            if (is_apostrophe(c)) {
                std::size_t nlen;
                char32_t next = at(i + len, nlen);
                // "n't" after a split, and contraction suffixes: one token each.
                if (std::size_t e = contraction_end(i); e != 0 && is_alnum(next)) {
                    emit(i, e);
                    i = e;
                    continue;
                }
            }
            // Punctuation and symbols: runs of the same ASCII mark ("...", "--", "``")
            // are one token, anything else one code point per token.
            std::size_t end = i + len;
            if (c == '.' || c == '-' || c == '`' || c == '\'' || c == '*' || c == '=' || c == '_') {
                while (end < text.size() && static_cast<char32_t>(static_cast<unsigned char>(text[end])) == c) ++end;
            }
            // A closing quote or bracket right after "." belongs to the sentence that
            // ended; one followed by a letter ("He left. "Yes") opens the next.
            std::size_t nlen;
            bool closing = is_closing(c) && !is_alnum(at(end, nlen)) && !out.empty();
            if (closing && pending_start) {
                std::string_view p = text.substr(out.back().start, out.back().end - out.back().start);
                closing = p == "." || p == "!" || p == "?" || p == "...";
            }
            if (closing && pending_start) {
                pending_start = false;
                emit(i, end);
                pending_start = true;
            } else {
                emit(i, end);
            }
            if (c == '.' || c == '!' || c == '?') pending_start = true;
            i = end;
        }
    }
};

// ---------------------------------------------------------------------------
// ICU word break for other languages.

std::vector<Token> tokenize_icu(std::string_view text, std::string_view language) {
    // Build UTF-16 ourselves so that invalid bytes become U+FFFD and each UTF-16
    // unit remembers the byte it came from.
    icu::UnicodeString u;
    std::vector<std::uint32_t> byte_of;  // UTF-16 index -> byte offset
    byte_of.reserve(text.size() + 1);
    std::size_t i = 0, len;
    while (i < text.size()) {
        char32_t c = decode(text, i, len);
        u.append(static_cast<UChar32>(c));
        byte_of.push_back(static_cast<std::uint32_t>(i));
        if (c > 0xFFFF) byte_of.push_back(static_cast<std::uint32_t>(i));
        i += len;
    }
    byte_of.push_back(static_cast<std::uint32_t>(text.size()));

    std::vector<Token> out;
    UErrorCode status = U_ZERO_ERROR;
    std::string lang(language.substr(0, std::min<std::size_t>(language.size(), 32)));
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale(lang.c_str()), status));
    if (U_FAILURE(status) || !it) {
        Scanner s{text, {}};
        s.run();
        return std::move(s.out);
    }
    it->setText(u);
    bool pending = true;
    int32_t a = it->first();
    for (int32_t b = it->next(); b != icu::BreakIterator::DONE; a = b, b = it->next()) {
        // Skip whitespace segments, noting line breaks as sentence boundaries.
        bool all_space = true;
        for (int32_t k = a; k < b; ++k) {
            UChar32 c = u.char32At(k);
            if (!is_space(static_cast<char32_t>(c))) { all_space = false; break; }
            if (is_line_break(static_cast<char32_t>(c))) pending = true;
        }
        if (all_space) continue;
        Token t;
        t.start = byte_of[static_cast<std::size_t>(a)];
        t.end = byte_of[static_cast<std::size_t>(b)];
        if (t.end <= t.start) continue;
        t.sentence_start = pending;
        pending = false;
        out.push_back(t);
        UChar32 c = u.char32At(a);
        if (b - a == 1 && (c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
                           c == 0x0964))
            pending = true;
    }
    return out;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text, std::string_view language) {
    bool english = language.empty() || language == "en" || language.starts_with("en-") ||
                   language.starts_with("en_");
    if (!english) {
        try {
            return tokenize_icu(text, language);
        } catch (...) {
            // Fall through to the plain scanner (e.g. allocation failure in ICU).
        }
    }
    Scanner s{text, {}};
    s.out.reserve(text.size() / 4 + 8);  // about one token per five bytes of English
    s.run();
    return std::move(s.out);
}

}  // namespace annals::detail
