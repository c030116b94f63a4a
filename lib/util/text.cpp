#include "util/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace annals::detail {

namespace {

// Decodes one code point at s[i]; returns -1 (and advances one byte) when invalid.
// U8_NEXT already rejects overlongs, surrogates and values past U+10FFFF.
inline UChar32 next_cp(std::string_view s, std::size_t& i) {
    UChar32 c;
    std::int32_t pos = 0;
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data() + i);
    std::int32_t len = static_cast<std::int32_t>(std::min<std::size_t>(s.size() - i, 4));
    U8_NEXT(p, pos, len, c);
    i += static_cast<std::size_t>(pos);
    return c;
}

bool is_space_cp(UChar32 c) {
    return c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200b) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
           c == 0x205f || c == 0x3000 || c == 0xfeff;
}

// Appends a separator unless the output is empty or already ends with one, so
// runs collapse and nothing leads.
inline void push_space(std::string& out) {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
}

// ASCII bytes that fold() turns into a word break: controls, space, DEL and
// punctuation per Unicode general category P* other than '&' and '-'; symbols
// ($ + < = > ^ ` | ~) are kept.
struct SeparatorTable {
    bool is[128] = {};
    constexpr SeparatorTable() {
        for (int c = 0; c <= 0x20; ++c) is[c] = true;
        is[0x7f] = true;
        for (unsigned char c : {'!', '"', '#', '%', '\'', '(', ')', '*', ',', '.', '/', ':', ';', '?', '@', '[',
                                '\\', ']', '_', '{', '}'})
            is[c] = true;
    }
};
constexpr SeparatorTable kSeparators;

inline bool ascii_separator(unsigned char c) { return c < 0x80 && kSeparators.is[c]; }

// fold() of ASCII text, written straight into its buffer (it runs for nearly
// every span the taggers look up).
std::string fold_ascii(std::string_view s) {
    std::string out(s.size(), ' ');
    char* const begin = out.data();
    char* p = begin;
    for (unsigned char c : s) {
        if (ascii_separator(c)) {
            if (p != begin && p[-1] != ' ') *p++ = ' ';  // runs collapse, nothing leads
        } else {
            *p++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    if (p != begin && p[-1] == ' ') --p;
    out.resize(static_cast<std::size_t>(p - begin));
    return out;
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        // Fast path over ASCII, eight bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t w;
            __builtin_memcpy(&w, s.data() + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t start = i;
        if (next_cp(s, i) < 0) return start;
    }
    return std::nullopt;
}

std::string fold(std::string_view s) {
    bool ascii = true;
    for (unsigned char c : s)
        if (c >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) return fold_ascii(s);

    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
    u.foldCase(U_FOLD_CASE_DEFAULT);
    static const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    icu::UnicodeString d;
    if (U_SUCCESS(status) && nfkd) {
        d = nfkd->normalize(u, status);
        if (U_FAILURE(status)) d = u;
    } else {
        d = u;
    }

    std::string out;
    out.reserve(s.size());
    for (std::int32_t i = 0; i < d.length();) {
        UChar32 c = d.char32At(i);
        i += U16_LENGTH(c);
        if (c < 0x80) {
            if (ascii_separator(static_cast<unsigned char>(c)))
                push_space(out);
            else
                out.push_back(static_cast<char>(c));
            continue;
        }
        const auto cat = u_charType(c);
        if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_COMBINING_SPACING_MARK)
            continue;
        if (c == 0x2010 || c == 0x2011) {  // typographic hyphens join words like '-'
            out.push_back('-');
            continue;
        }
        if (c == 0xfffd || is_space_cp(c) || u_ispunct(c) || cat == U_CONTROL_CHAR || cat == U_FORMAT_CHAR) {
            push_space(out);
            continue;
        }
        append_utf8(out, c);
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::vector<std::string> fold_words(std::string_view s) {
    std::vector<std::string> words;
    std::string f = fold(s);
    std::size_t i = 0;
    while (i < f.size()) {
        std::size_t j = f.find(' ', i);
        if (j == std::string::npos) j = f.size();
        if (j > i) words.emplace_back(f, i, j - i);
        i = j + 1;
    }
    return words;
}

std::string_view trim(std::string_view s) {
    // Leading.
    std::size_t b = 0;
    while (b < s.size()) {
        std::size_t i = b;
        UChar32 c = next_cp(s, i);
        if (c < 0 || !is_space_cp(c)) break;
        b = i;
    }
    // Trailing: step back to the start of the last code point.
    std::size_t e = s.size();
    while (e > b) {
        std::size_t start = e - 1;
        while (start > b && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80 && e - start < 4) --start;
        std::size_t i = start;
        UChar32 c = next_cp(s, i);
        if (c < 0 || i != e || !is_space_cp(c)) break;
        e = start;
    }
    return s.substr(b, e - b);
}

std::string ascii_punctuation(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        std::size_t start = i;
        UChar32 cp = next_cp(s, i);
        switch (cp) {
            case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
                out.push_back('\'');
                break;
            case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
                out.push_back('"');
                break;
            case 0x00a0: case 0x202f: case 0x2007:
                out.push_back(' ');
                break;
            default:
                out.append(s.substr(start, i - start));
        }
    }
    return out;
}

std::vector<std::string_view> split_at(std::string_view s, std::string_view sep) {
    std::vector<std::string_view> parts;
    for (std::size_t at; (at = s.find(sep)) != std::string_view::npos;) {
        parts.push_back(s.substr(0, at));
        s.remove_prefix(at + sep.size());
    }
    parts.push_back(s);
    return parts;
}

std::string squeeze_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace annals::detail
