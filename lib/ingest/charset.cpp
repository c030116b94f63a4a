// html_to_utf8() and text_to_utf8(): pages saved in Windows-1252, Latin-1,
// ISO-8859-x, Shift_JIS, GBK, KOI8-R, UTF-16... to UTF-8.
//
// Most pages are valid UTF-8 and cost one validation pass. The rest are decided
// as a browser would (byte order mark, then the declaration found by the HTML5
// prescan, with the WHATWG meaning of its label), except that valid UTF-8 wins
// over a declaration: crawlers re-save pages as UTF-8 and leave the old <meta>,
// while valid UTF-8 with non-ASCII bytes is almost never a legacy encoding. When
// nothing usable is declared, ICU's detector guesses; windows-1252 maps every
// byte, so it is the last resort. Conversion is ICU's, with U+FFFD for invalid
// input, except windows-1252, decoded here from a table (it is the common case).
#include "ingest/charset.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ingest/attributes.hpp"
#include "util/ascii.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

using Source = Decoded::Source;

// How far the prescan looks for a declaration (the HTML standard says 1024
// bytes; saved pages often carry long comments and styles before the <meta>).
constexpr std::size_t kPrescanBytes = 4096;
// How much text the detector sees; it keeps about 8 KB of it anyway.
constexpr std::size_t kDetectBytes = 64 * 1024;
// ICU's confidence (0-100) below which a guess is worth no more than windows-1252.
constexpr std::int32_t kMinConfidence = 20;

// An encoding to decode with: the name reported and ICU's converter name
// (empty for windows-1252, decoded here).
struct Encoding {
    std::string name;
    std::string icu;
};

struct CloseConverter {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, CloseConverter>;

struct CloseDetector {
    void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// Every illegal, unassigned or truncated sequence becomes U+FFFD (ICU's own
// substitute callback writes U+001A for some single-byte converters).
void replace_with_fffd(const void*, UConverterToUnicodeArgs* args, const char*, std::int32_t,
                       UConverterCallbackReason reason, UErrorCode* status) {
    if (reason > UCNV_IRREGULAR) return;
    static const UChar kReplacement = 0xFFFD;
    *status = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, status);
}

// @p bytes converted from ICU's encoding @p icu_name to UTF-8; nullopt when ICU
// has no such converter.
std::optional<std::string> icu_to_utf8(std::string_view bytes, const char* icu_name) {
    UErrorCode status = U_ZERO_ERROR;
    Converter from(ucnv_open(icu_name, &status));
    if (U_FAILURE(status)) return std::nullopt;
    ucnv_setToUCallBack(from.get(), replace_with_fffd, nullptr, nullptr, nullptr, &status);
    Converter to(ucnv_open("UTF-8", &status));
    if (U_FAILURE(status)) return std::nullopt;

    std::string out;
    out.reserve(bytes.size() + bytes.size() / 2);
    UChar pivot[1024];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    const char* source = bytes.data();
    char chunk[16384];
    for (bool reset = true;; reset = false) {
        char* target = chunk;
        status = U_ZERO_ERROR;
        ucnv_convertEx(to.get(), from.get(), &target, chunk + sizeof chunk, &source, bytes.data() + bytes.size(),
                       pivot, &pivot_source, &pivot_target, pivot + 1024, reset, true, &status);
        out.append(chunk, static_cast<std::size_t>(target - chunk));
        if (status != U_BUFFER_OVERFLOW_ERROR) break;
    }
    if (U_FAILURE(status)) return std::nullopt;
    return out;
}

}  // namespace

// windows-1252 as the WHATWG Encoding Standard has it: 0x80-0x9F are the
// typographic characters, the five bytes Windows leaves undefined are the C1
// controls, the rest is Latin-1.
std::string windows_1252_to_utf8(std::string_view bytes) {
    static const char16_t kHigh[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80)
            out.push_back(ch);
        else
            append_utf8(out, b < 0xA0 ? static_cast<char32_t>(kHigh[b - 0x80]) : b);
    }
    return out;
}

namespace {

// Decodes @p bytes as @p e; nullopt when ICU cannot.
std::optional<Decoded> decode(std::string_view bytes, const Encoding& e, Source source) {
    if (e.icu.empty()) return Decoded{windows_1252_to_utf8(bytes), e.name, source};
    auto text = icu_to_utf8(bytes, e.icu.c_str());
    if (!text) return std::nullopt;
    return Decoded{std::move(*text), e.name, source};
}

Decoded fallback(std::string_view bytes) { return {windows_1252_to_utf8(bytes), "windows-1252", Source::Fallback}; }

std::optional<Decoded> from_bom(std::string_view bytes) {
    struct Bom {
        std::string_view mark;
        const char* name;
    };
    // UTF-32LE before UTF-16LE: its mark starts with UTF-16LE's.
    static const Bom kBoms[] = {{"\xEF\xBB\xBF", "UTF-8"},
                                {std::string_view("\xFF\xFE\0\0", 4), "UTF-32LE"},
                                {std::string_view("\0\0\xFE\xFF", 4), "UTF-32BE"},
                                {"\xFF\xFE", "UTF-16LE"},
                                {"\xFE\xFF", "UTF-16BE"}};
    for (const auto& bom : kBoms) {
        if (bytes.substr(0, bom.mark.size()) != bom.mark) continue;
        const std::string_view rest = bytes.substr(bom.mark.size());
        if (bom.mark.size() == 3 && !find_invalid_utf8(rest)) return Decoded{std::string(rest), "UTF-8", Source::Bom};
        if (auto d = decode(rest, {bom.name, bom.name}, Source::Bom)) return d;
    }
    return std::nullopt;
}

// Encodings whose labels mean something other than what ICU would make of them,
// after the WHATWG Encoding Standard, or which are decoded here.
struct Label {
    std::string_view label;
    std::string_view name;
    std::string_view icu;
};
constexpr Label kLabels[] = {
    {"utf-8", "UTF-8", "UTF-8"}, {"utf8", "UTF-8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8", "UTF-8"},
    // A declaration read as ASCII cannot be in UTF-16 or UTF-32 text.
    {"utf-16", "UTF-8", "UTF-8"}, {"utf-16le", "UTF-8", "UTF-8"}, {"utf-16be", "UTF-8", "UTF-8"},
    {"utf-32", "UTF-8", "UTF-8"}, {"ucs-2", "UTF-8", "UTF-8"}, {"unicode", "UTF-8", "UTF-8"},
    {"windows-1252", "windows-1252", ""}, {"cp1252", "windows-1252", ""}, {"x-cp1252", "windows-1252", ""},
    {"iso-8859-1", "windows-1252", ""}, {"iso8859-1", "windows-1252", ""}, {"iso88591", "windows-1252", ""},
    {"iso_8859-1", "windows-1252", ""}, {"iso_8859-1:1987", "windows-1252", ""}, {"latin1", "windows-1252", ""},
    {"l1", "windows-1252", ""}, {"cp819", "windows-1252", ""}, {"ibm819", "windows-1252", ""},
    {"csisolatin1", "windows-1252", ""}, {"iso-ir-100", "windows-1252", ""}, {"us-ascii", "windows-1252", ""},
    {"ascii", "windows-1252", ""}, {"ansi_x3.4-1968", "windows-1252", ""}, {"x-user-defined", "windows-1252", ""},
    {"gbk", "GBK", "GBK"}, {"gb2312", "GBK", "GBK"}, {"gb_2312", "GBK", "GBK"}, {"gb_2312-80", "GBK", "GBK"},
    {"chinese", "GBK", "GBK"}, {"csgb2312", "GBK", "GBK"}, {"iso-ir-58", "GBK", "GBK"}, {"x-gbk", "GBK", "GBK"},
    {"cp936", "GBK", "GBK"}, {"windows-936", "GBK", "GBK"}, {"gb18030", "gb18030", "gb18030"},
    {"shift_jis", "Shift_JIS", "Shift_JIS"}, {"shift-jis", "Shift_JIS", "Shift_JIS"},
    {"sjis", "Shift_JIS", "Shift_JIS"}, {"x-sjis", "Shift_JIS", "Shift_JIS"}, {"ms_kanji", "Shift_JIS", "Shift_JIS"},
    {"csshiftjis", "Shift_JIS", "Shift_JIS"}, {"windows-31j", "Shift_JIS", "Shift_JIS"},
    {"ms932", "Shift_JIS", "Shift_JIS"}, {"cp932", "Shift_JIS", "Shift_JIS"},
    {"euc-kr", "EUC-KR", "windows-949"}, {"ks_c_5601-1987", "EUC-KR", "windows-949"},
    {"korean", "EUC-KR", "windows-949"}, {"windows-949", "EUC-KR", "windows-949"},
    {"koi8-r", "KOI8-R", "KOI8-R"}, {"koi8r", "KOI8-R", "KOI8-R"}, {"koi8", "KOI8-R", "KOI8-R"},
    {"koi", "KOI8-R", "KOI8-R"}, {"cskoi8r", "KOI8-R", "KOI8-R"}, {"koi8-u", "KOI8-U", "KOI8-U"},
    {"iso-8859-9", "windows-1254", "windows-1254"}, {"latin5", "windows-1254", "windows-1254"},
    {"iso-8859-11", "windows-874", "windows-874"}, {"tis-620", "windows-874", "windows-874"},
    {"windows-874", "windows-874", "windows-874"}, {"iso-8859-8-i", "ISO-8859-8-I", "ISO-8859-8-I"},
};

// What a declared or detected label means; nullopt when nothing we can use:
// unknown to ICU, or not ASCII-compatible (EBCDIC, UTF-7, HZ), which a
// declaration readable as ASCII cannot be.
std::optional<Encoding> encoding_for(std::string_view label) {
    while (!label.empty() && is_ascii_space(label.front())) label.remove_prefix(1);
    while (!label.empty() && is_ascii_space(label.back())) label.remove_suffix(1);
    if (label.empty() || label.size() > 40) return std::nullopt;
    std::string key(label);
    std::transform(key.begin(), key.end(), key.begin(), ascii_lower);
    for (const auto& l : kLabels)
        if (l.label == key) return Encoding{std::string(l.name), std::string(l.icu)};

    UErrorCode status = U_ZERO_ERROR;
    Converter cnv(ucnv_open(key.c_str(), &status));
    if (U_FAILURE(status)) return std::nullopt;
    const char* icu = ucnv_getName(cnv.get(), &status);
    if (U_FAILURE(status)) return std::nullopt;
    static constexpr std::string_view kProbe = "<meta charset=\"x\" content='a+b~c;'>\n0123456789 !#$%&()*,-./?@[]^_`{|}XYZ";
    if (icu_to_utf8(kProbe, icu) != std::string(kProbe)) return std::nullopt;
    std::string name = icu;
    for (const char* standard : {"MIME", "IANA"}) {
        UErrorCode s = U_ZERO_ERROR;
        if (const char* n = ucnv_getStandardName(icu, standard, &s); n && U_SUCCESS(s)) {
            name = n;
            break;
        }
    }
    return Encoding{std::move(name), icu};
}

// The label after "charset=" in a Content-Type value ("text/html; charset=utf-8").
std::optional<std::string_view> charset_in_content(std::string_view v) {
    for (std::size_t i = 0;;) {
        const std::size_t at = v.find("charset", i);
        if (at == std::string_view::npos) return std::nullopt;
        i = at + 7;
        while (i < v.size() && is_ascii_space(v[i])) ++i;
        if (i >= v.size() || v[i] != '=') continue;
        ++i;
        while (i < v.size() && is_ascii_space(v[i])) ++i;
        if (i >= v.size()) return std::nullopt;
        if (v[i] == '"' || v[i] == '\'') {
            const std::size_t end = v.find(v[i], i + 1);
            if (end == std::string_view::npos) return std::nullopt;
            return v.substr(i + 1, end - i - 1);
        }
        std::size_t end = i;
        while (end < v.size() && !is_ascii_space(v[end]) && v[end] != ';') ++end;
        return v.substr(i, end - i);
    }
}

// The encoding of the first usable <meta charset> or <meta http-equiv=
// "Content-Type" content="...; charset=..."> outside comments, per the HTML
// standard's prescan.
std::optional<Encoding> meta_encoding(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (s.compare(i, 4, "<!--") == 0) {
            const std::size_t end = s.find("-->", i + 2);
            if (end == std::string_view::npos) return std::nullopt;
            i = end + 3;
            continue;
        }
        if (starts_with_ci(s, i, "<meta") && i + 5 < s.size() && (is_ascii_space(s[i + 5]) || s[i + 5] == '/')) {
            i += 6;
            std::vector<std::string> seen;
            bool got_pragma = false;
            std::optional<bool> need_pragma;
            std::optional<std::string> charset;
            while (auto span = next_attribute(s, i)) {
                // The prescan compares names and values in lower case.
                const std::string name = lower_ascii(span->name), value = lower_ascii(span->value);
                if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
                seen.push_back(name);
                if (name == "http-equiv") {
                    got_pragma = got_pragma || value == "content-type";
                } else if (name == "content" && !charset) {
                    if (auto c = charset_in_content(value)) {
                        charset = std::string(*c);
                        need_pragma = true;
                    }
                } else if (name == "charset") {
                    charset = value;
                    need_pragma = false;
                }
            }
            if (charset && need_pragma && (!*need_pragma || got_pragma))
                if (auto e = encoding_for(*charset)) return e;
            ++i;
            continue;
        }
        if (s[i] == '<' && i + 1 < s.size() &&
            (is_ascii_alpha(s[i + 1]) || (s[i + 1] == '/' && i + 2 < s.size() && is_ascii_alpha(s[i + 2])))) {
            while (i < s.size() && !is_ascii_space(s[i]) && s[i] != '>') ++i;
            while (next_attribute(s, i)) {
            }
            ++i;
            continue;
        }
        if (s.compare(i, 2, "<!") == 0 || s.compare(i, 2, "</") == 0 || s.compare(i, 2, "<?") == 0) {
            const std::size_t end = s.find('>', i + 2);
            if (end == std::string_view::npos) return std::nullopt;
            i = end + 1;
            continue;
        }
        ++i;
    }
    return std::nullopt;
}

// The encoding named by an XML declaration, <?xml version="1.0" encoding="...">.
std::optional<Encoding> xml_encoding(std::string_view s) {
    if (s.substr(0, 5) != "<?xml") return std::nullopt;
    s = s.substr(0, s.find("?>"));
    std::size_t i = s.find("encoding");
    if (i == std::string_view::npos) return std::nullopt;
    i += 8;
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') return std::nullopt;
    ++i;
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) return std::nullopt;
    const std::size_t end = s.find(s[i], i + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return encoding_for(s.substr(i + 1, end - i - 1));
}

// True when some non-ASCII bytes of @p bytes form valid UTF-8: text that says it
// is UTF-8 and is damaged, rather than a legacy page whose template says UTF-8.
bool has_utf8_sequence(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::string_view seq = bytes.substr(i, 4);
        const auto bad = find_invalid_utf8(seq);
        if (!bad || *bad > 0) return true;
        ++i;
    }
    return false;
}

// ICU's best guess above kMinConfidence, ignoring answers that cannot be right
// for bytes that are not valid UTF-8 and have no byte order mark.
std::optional<Encoding> detected_encoding(std::string_view bytes, bool markup) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, CloseDetector> detector(ucsdet_open(&status));
    if (U_FAILURE(status)) return std::nullopt;
    bytes = bytes.substr(0, kDetectBytes);
    ucsdet_setText(detector.get(), bytes.data(), static_cast<std::int32_t>(bytes.size()), &status);
    ucsdet_enableInputFilter(detector.get(), markup);
    std::int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
    if (U_FAILURE(status)) return std::nullopt;
    for (std::int32_t k = 0; k < count; ++k) {
        status = U_ZERO_ERROR;
        const std::int32_t confidence = ucsdet_getConfidence(matches[k], &status);
        const char* name = ucsdet_getName(matches[k], &status);
        if (U_FAILURE(status) || confidence < kMinConfidence) break;
        auto e = encoding_for(name);
        if (e && e->name != "UTF-8") return e;
    }
    return std::nullopt;
}

std::optional<Decoded> detect(std::string_view bytes, bool markup) {
    if (auto e = detected_encoding(bytes, markup)) return decode(bytes, *e, Source::Detected);
    return std::nullopt;
}

}  // namespace

bool starts_with_wide_bom(std::string_view bytes) {
    return bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF" ||
           bytes.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4);
}

Decoded html_to_utf8(std::string_view bytes) {
    if (auto d = from_bom(bytes)) return std::move(*d);
    if (!find_invalid_utf8(bytes)) return {std::string(bytes), "UTF-8", Source::Utf8};
    const std::string_view head = bytes.substr(0, kPrescanBytes);
    std::optional<Encoding> declared = meta_encoding(head);
    if (!declared) declared = xml_encoding(head);
    if (declared && (declared->name != "UTF-8" || has_utf8_sequence(bytes)))
        if (auto d = decode(bytes, *declared, Source::Declared)) return std::move(*d);
    if (auto d = detect(bytes, true)) return std::move(*d);
    return fallback(bytes);
}

Decoded text_to_utf8(std::string_view bytes) {
    if (auto d = from_bom(bytes)) return std::move(*d);
    if (!find_invalid_utf8(bytes)) return {std::string(bytes), "UTF-8", Source::Utf8};
    if (auto d = detect(bytes, false)) return std::move(*d);
    return fallback(bytes);
}

}  // namespace annals::detail
