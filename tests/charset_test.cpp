#include <catch2/catch.hpp>

#include <unicode/ucnv.h>

#include <random>
#include <string>

#include "ingest/charset.hpp"
#include "util/text.hpp"

using annals::detail::Decoded;
using annals::detail::html_to_utf8;
using annals::detail::text_to_utf8;
using Source = Decoded::Source;

namespace {

// @p utf8 in the encoding ICU calls @p charset, so that legacy test pages are
// written here as readable text rather than as escapes.
std::string encode(const std::string& utf8, const char* charset) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    const auto n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<std::int32_t>(out.size()), utf8.data(),
                                static_cast<std::int32_t>(utf8.size()), &status);
    REQUIRE(U_SUCCESS(status));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string page(const std::string& head, const std::string& body) {
    return "<!DOCTYPE html>\n<html><head>" + head + "<title>Test</title></head>\n<body><p>" + body +
           "</p></body></html>\n";
}

bool valid_utf8(const std::string& s) { return !annals::detail::find_invalid_utf8(s); }

const std::string kGerman =
    "Die Stadtverwaltung hat am Dienstag bestätigt, dass die Brücke über den Fluss wegen Schäden "
    "für mindestens drei Wochen gesperrt bleibt. Die Bürgermeisterin sagte, die Prüfung der Träger "
    "habe größere Risse gezeigt als erwartet. Fußgänger und Radfahrer müssen einen Umweg über die "
    "nördliche Fähre nehmen, die zusätzliche Fahrten anbietet. Händler in der Altstadt befürchten "
    "Einbußen während der Sperrung und fordern schnelle Hilfe.\n";

const std::string kFrench =
    "Le conseil municipal a décidé mercredi de fermer la bibliothèque du quartier pendant l'été. "
    "Selon le maire, les travaux de rénovation coûteront près de deux millions d'euros et "
    "dureront jusqu'à la rentrée. Les élèves et leurs familles pourront emprunter des livres à la "
    "médiathèque centrale, où les horaires d'ouverture seront prolongés. Plusieurs associations "
    "ont regretté que la décision ait été prise sans concertation préalable.\n";

const std::string kRussian =
    "Городской совет во вторник утвердил план ремонта старого моста через реку. По словам мэра, "
    "работы начнутся весной и продлятся около двух лет. Жители соседних районов опасаются, что "
    "движение в центре города станет ещё медленнее. Власти обещают пустить дополнительные "
    "автобусы и открыть временную переправу для пешеходов. Местные предприниматели просят "
    "компенсировать убытки, которые они понесут во время строительства.\n";

}  // namespace

TEST_CASE("charset: a byte order mark decides", "[ingest]") {
    Decoded d = html_to_utf8("\xEF\xBB\xBF<p>caf\xC3\xA9</p>");
    CHECK(d.text == "<p>caf\u00e9</p>");
    CHECK(d.encoding == "UTF-8");
    CHECK(d.source == Source::Bom);

    d = text_to_utf8(std::string("\xFF\xFE" "c\0a\0f\0\xE9\0\x1C\x20", 12));
    CHECK(d.text == "caf\u00e9\u201c");
    CHECK(d.encoding == "UTF-16LE");
    CHECK(d.source == Source::Bom);

    d = text_to_utf8(std::string("\xFE\xFF\0c\0a\0f\0\xE9\xD8\x3D\xDE\x00", 14));
    CHECK(d.text == "caf\u00e9\U0001F600");
    CHECK(d.encoding == "UTF-16BE");

    // The BOM wins over a declaration that cannot be right for UTF-16 text.
    const std::string utf16 = encode("\xEF\xBB\xBF" + page("<meta charset=\"windows-1252\">", "Gr\u00fc\u00dfe"), "UTF-16LE");
    REQUIRE(utf16.substr(0, 2) == "\xFF\xFE");
    d = html_to_utf8(utf16);
    CHECK(d.text == page("<meta charset=\"windows-1252\">", "Gr\u00fc\u00dfe"));
    CHECK(d.encoding == "UTF-16LE");
    CHECK(annals::detail::starts_with_wide_bom(utf16));
    CHECK_FALSE(annals::detail::starts_with_wide_bom("\xEF\xBB\xBFx"));

    d = text_to_utf8(std::string("\xFF\xFE\0\0h\0\0\0\xE9\0\0\0", 12));
    CHECK(d.text == "h\u00e9");
    CHECK(d.encoding == "UTF-32LE");
}

TEST_CASE("charset: valid UTF-8 is kept byte for byte, whatever the page declares", "[ingest]") {
    const std::string html = page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">",
                                  "\u201cCaf\u00e9\u201d in Kyi\u0308v, \u6771\u4eac");
    Decoded d = html_to_utf8(html);
    CHECK(d.text == html);
    CHECK(d.encoding == "UTF-8");
    CHECK(d.source == Source::Utf8);
    d = text_to_utf8("plain ASCII\n");
    CHECK(d.text == "plain ASCII\n");
    CHECK(d.source == Source::Utf8);
    CHECK(text_to_utf8("").text.empty());
}

TEST_CASE("charset: a declared windows-1252 or iso-8859-1 page is converted", "[ingest]") {
    Decoded d = html_to_utf8(page("<meta charset=\"windows-1252\">", "\x93" "Caf\xE9 society\x94 \x96 it\x92s back"));
    CHECK(d.text == page("<meta charset=\"windows-1252\">", "\u201cCaf\u00e9 society\u201d \u2013 it\u2019s back"));
    CHECK(d.encoding == "windows-1252");
    CHECK(d.source == Source::Declared);

    // iso-8859-1 means windows-1252, as in browsers: 0x80 is the euro sign, not a C1 control.
    const std::string head = "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=ISO-8859-1'>";
    d = html_to_utf8(page(head, "Tickets cost \x80" "5, na\xEFve"));
    CHECK(d.text == page(head, "Tickets cost \u20ac5, na\u00efve"));
    CHECK(d.encoding == "windows-1252");
    CHECK(d.source == Source::Declared);

    // The content attribute without http-equiv is no declaration; the text is still Latin.
    d = html_to_utf8(page("<meta content=\"text/html; charset=koi8-r\">", "caf\xE9"));
    CHECK(d.text == page("<meta content=\"text/html; charset=koi8-r\">", "caf\u00e9"));
    CHECK(d.source != Source::Declared);

    // An XML declaration counts as well.
    d = html_to_utf8("<?xml version=\"1.0\" encoding=\"latin1\"?>\n<html><p>\xC0 bient\xF4t</p></html>");
    CHECK(d.text == "<?xml version=\"1.0\" encoding=\"latin1\"?>\n<html><p>\u00c0 bient\u00f4t</p></html>");
    CHECK(d.source == Source::Declared);
}

TEST_CASE("charset: the prescan skips comments and takes the first usable declaration", "[ingest]") {
    const std::string head =
        "<!-- <meta charset=\"koi8-r\"> -->\n<script>var x = '<meta charset=\"x\">';</script>"
        "<meta name=\"viewport\" content=\"width=device-width\"><meta charset=\"x-no-such-label\">"
        "<meta charset=windows-1252 />";
    const Decoded d = html_to_utf8(page(head, "\x93quoted\x94"));
    CHECK(d.text == page(head, "\u201cquoted\u201d"));
    CHECK(d.encoding == "windows-1252");
    CHECK(d.source == Source::Declared);
}

TEST_CASE("charset: Shift_JIS, GBK and KOI8-R pages with their declarations", "[ingest]") {
    const std::string japanese = "\u6771\u4eac\u306e\u5929\u6c17\u306f\u6674\u308c\u3067\u3059\u3002";  // 東京の天気は晴れです。
    for (const char* label : {"shift_jis", "x-sjis", "Shift-JIS"}) {
        const std::string head = std::string("<meta charset=\"") + label + "\">";
        const Decoded d = html_to_utf8(encode(page(head, japanese), "Shift_JIS"));
        CHECK(d.text == page(head, japanese));
        CHECK(d.encoding == "Shift_JIS");
        CHECK(d.source == Source::Declared);
    }

    // 镕 is in GBK but not in GB2312: a gb2312 label must decode as GBK.
    const std::string chinese = "\u6731\u9555\u57fa\u8bbf\u95ee\u4e0a\u6d77\u3002";  // 朱镕基访问上海。
    const std::string head = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">";
    Decoded d = html_to_utf8(encode(page(head, chinese), "GBK"));
    CHECK(d.text == page(head, chinese));
    CHECK(d.encoding == "GBK");
    CHECK(d.source == Source::Declared);

    d = html_to_utf8(encode(page("<meta charset=\"KOI8-R\">", kRussian), "KOI8-R"));
    CHECK(d.text == page("<meta charset=\"KOI8-R\">", kRussian));
    CHECK(d.encoding == "KOI8-R");
    CHECK(d.source == Source::Declared);

    // A label only ICU knows still works.
    d = html_to_utf8(encode(page("<meta charset=\"euc-jp\">", japanese), "EUC-JP"));
    CHECK(d.text == page("<meta charset=\"euc-jp\">", japanese));
    CHECK(d.encoding == "EUC-JP");
}

TEST_CASE("charset: undeclared Latin-1 and windows-1252 text is detected", "[ingest]") {
    for (const std::string& text : {kGerman, kFrench}) {
        Decoded d = text_to_utf8(encode(text, "ISO-8859-1"));
        CHECK(d.text == text);
        CHECK(d.encoding == "windows-1252");
        CHECK((d.source == Source::Detected || d.source == Source::Fallback));

        d = html_to_utf8(encode(page("", text), "windows-1252"));
        CHECK(d.text == page("", text));
        CHECK(d.encoding == "windows-1252");
    }
    // A short line gives the detector too little: the fallback reads it the same way.
    const Decoded d = text_to_utf8("Caf\xE9");
    CHECK(d.text == "Caf\u00e9");
    CHECK(d.encoding == "windows-1252");
}

TEST_CASE("charset: undeclared Russian text is detected", "[ingest]") {
    for (const char* charset : {"windows-1251", "KOI8-R"}) {
        INFO(charset);
        Decoded d = text_to_utf8(encode(kRussian, charset));
        CHECK(d.text == kRussian);
        CHECK(d.encoding == charset);
        CHECK(d.source == Source::Detected);

        d = html_to_utf8(encode(page("<meta charset=\"x-unknown\">", kRussian), charset));
        CHECK(d.text == page("<meta charset=\"x-unknown\">", kRussian));
        CHECK(d.source == Source::Detected);
    }
}

TEST_CASE("charset: declarations that cannot be right fall through", "[ingest]") {
    // Unknown to ICU.
    Decoded d = html_to_utf8(encode(page("<meta charset=\"x-mystery-8\">", kFrench), "windows-1252"));
    CHECK(d.text == page("<meta charset=\"x-mystery-8\">", kFrench));
    CHECK(d.encoding == "windows-1252");
    CHECK(d.source != Source::Declared);

    // EBCDIC cannot be the encoding of a declaration read as ASCII.
    d = html_to_utf8(page("<meta charset=\"ebcdic-cp-us\">", "caf\xE9"));
    CHECK(d.text == page("<meta charset=\"ebcdic-cp-us\">", "caf\u00e9"));

    // UTF-8 declared by a template around Latin-1 text with no UTF-8 in it.
    d = html_to_utf8(encode(page("<meta charset=\"utf-8\">", kGerman), "ISO-8859-1"));
    CHECK(d.text == page("<meta charset=\"utf-8\">", kGerman));
    CHECK(d.encoding == "windows-1252");

    // UTF-8 with one damaged byte stays UTF-8; so does utf-16 declared in a byte-oriented file.
    for (const char* label : {"utf-8", "utf-16"}) {
        const std::string head = std::string("<meta charset=\"") + label + "\">";
        d = html_to_utf8(page(head, "Gr\u00fc\u00dfe \xFF caf\u00e9"));
        CHECK(d.text == page(head, "Gr\u00fc\u00dfe \uFFFD caf\u00e9"));
        CHECK(d.encoding == "UTF-8");
        CHECK(d.source == Source::Declared);
    }
}

TEST_CASE("charset: invalid bytes become U+FFFD, never an exception", "[ingest]") {
    // A lone lead byte at the end of Shift_JIS text; an odd byte after UTF-16.
    Decoded d = html_to_utf8(encode(page("<meta charset=\"shift_jis\">", "\u6771\u4eac"), "Shift_JIS") + "\x81");
    CHECK(d.text == page("<meta charset=\"shift_jis\">", "\u6771\u4eac") + "\uFFFD");
    d = text_to_utf8(std::string("\xFF\xFEh\0i\0!", 7));
    CHECK(d.text == "hi\uFFFD");
    d = text_to_utf8("\xEF\xBB\xBF" "ok\xC0\xAF");
    CHECK(d.text.substr(0, 2) == "ok");
    CHECK(d.text.find("\uFFFD") != std::string::npos);

    std::mt19937 rng(20240601);
    for (int round = 0; round < 300; ++round) {
        std::string bytes(rng() % 600, '\0');
        for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
        if (round % 3 == 0) bytes = "<meta charset=\"shift_jis\">" + bytes;
        if (round % 3 == 1) bytes = "\xFE\xFF" + bytes;
        std::string html, text;
        REQUIRE_NOTHROW(html = html_to_utf8(bytes).text);
        REQUIRE_NOTHROW(text = text_to_utf8(bytes).text);
        CHECK(valid_utf8(html));
        CHECK(valid_utf8(text));
    }
}
