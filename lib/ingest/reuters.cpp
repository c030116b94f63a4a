// Reuters-21578 SGML: split_reuters() and parse_reuters(). The markup is a
// fixed, flat set of tags (lewis.dtd), so it is read by searching for them
// rather than with an XML parser, which the files would fail (they are SGML:
// unescaped '&', control-character references, a stray Latin-1 byte).
#include "ingest/reuters.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "ingest/charset.hpp"
#include "ingest/cues.hpp"
#include "util/ascii.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

constexpr std::string_view kOpen = "<REUTERS";
constexpr std::string_view kClose = "</REUTERS>";

// The content of the first <TAG ...>...</TAG> in @p s; nullopt when absent.
std::optional<std::string_view> element(std::string_view s, std::string_view tag) {
    const std::string open = "<" + std::string(tag);
    std::size_t at = 0;
    while ((at = s.find(open, at)) != std::string_view::npos) {
        const std::size_t after = at + open.size();
        if (after < s.size() && (s[after] == '>' || s[after] == ' ')) break;
        at = after;  // <TEXTX>: another tag
    }
    if (at == std::string_view::npos) return std::nullopt;
    const std::size_t start = s.find('>', at);
    if (start == std::string_view::npos) return std::nullopt;
    const std::size_t end = s.find("</" + std::string(tag) + ">", start);
    if (end == std::string_view::npos) return std::nullopt;
    return s.substr(start + 1, end - start - 1);
}

// The value of attribute @p name in the start tag @p tag (NAME="value").
std::string_view attribute(std::string_view tag, std::string_view name) {
    const std::string key = " " + std::string(name) + "=\"";
    const std::size_t at = tag.find(key);
    if (at == std::string_view::npos) return {};
    const std::size_t start = at + key.size();
    const std::size_t end = tag.find('"', start);
    return end == std::string_view::npos ? std::string_view{} : tag.substr(start, end - start);
}

// SGML text to plain text: the five XML entities and numeric references
// decoded; control characters other than newline and tab dropped (the wire
// codes &#2; &#3; &#5; &#22; ... that frame each story). An unknown entity is
// kept as written.
std::string decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto keep = [&](char32_t cp) {
        if (cp == '\n' || cp == '\t' || (cp >= 0x20 && cp != 0x7F && (cp < 0x80 || cp > 0x9F))) append_utf8(out, cp);
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '&') {
            if (static_cast<unsigned char>(c) >= 0x80)
                out += c;  // part of a UTF-8 sequence
            else
                keep(static_cast<unsigned char>(c));
            continue;
        }
        const std::size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += c;
            continue;
        }
        const std::string_view name = s.substr(i + 1, semi - i - 1);
        static constexpr std::array<std::pair<std::string_view, char>, 5> kNamed{
            {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}}};
        const auto named = std::find_if(kNamed.begin(), kNamed.end(), [&](const auto& e) { return e.first == name; });
        if (named != kNamed.end()) {
            out += named->second;
        } else if (name.size() >= 2 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            char32_t cp = 0;
            bool ok = name.size() > (hex ? 2u : 1u);
            for (std::size_t k = hex ? 2 : 1; ok && k < name.size(); ++k) {
                const char d = name[k];
                if (std::isdigit(static_cast<unsigned char>(d)))
                    cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d - '0');
                else if (hex && std::isxdigit(static_cast<unsigned char>(d)))
                    cp = cp * 16 + static_cast<char32_t>((d | 0x20) - 'a' + 10);
                else
                    ok = false;
                if (cp > 0x10FFFF) ok = false;
            }
            if (!ok) {
                out += c;
                continue;
            }
            keep(cp);
        } else {
            out += c;
            continue;
        }
        i = semi;
    }
    return out;
}

// Wire text to paragraphs: a paragraph starts after a blank line or at an
// indented line (the wire indents each paragraph and each table row); the
// hard-wrapped lines within it are joined by a space.
std::string paragraphs(std::string_view text) {
    std::string out, para;
    auto flush = [&] {
        if (para.empty()) return;
        if (!out.empty()) out += "\n\n";
        out += para;
        para.clear();
    };
    for (const std::string_view line : split_at(text, "\n")) {
        const std::string squeezed = squeeze_spaces(line);
        if (squeezed.empty() || line[0] == ' ' || line[0] == '\t') flush();
        if (!squeezed.empty()) {
            if (!para.empty()) para += ' ';
            para += squeezed;
        }
    }
    flush();
    return out;
}

// The body without the wire's sign-off ("... he said.\n Reuter").
void drop_signoff(std::string& body) {
    for (std::string_view word : {"Reuter", "REUTER", "Reuters", "REUTERS"}) {
        if (body.size() < word.size() || body.compare(body.size() - word.size(), word.size(), word) != 0) continue;
        const std::size_t at = body.size() - word.size();
        if (at > 0 && body[at - 1] != ' ' && body[at - 1] != '\n') continue;
        body.erase(at);
        while (!body.empty() && (body.back() == ' ' || body.back() == '\n')) body.pop_back();
        return;
    }
}

// "    SALVADOR, Feb 26 - " -> "SALVADOR": the place, without the story's date.
std::string dateline_place(std::string_view raw) {
    std::string s = squeeze_spaces(raw);
    while (!s.empty() && (s.back() == '-' || s.back() == ' ')) s.pop_back();
    const std::size_t comma = s.rfind(',');
    if (comma != std::string::npos) {
        const std::string_view tail = trim(std::string_view(s).substr(comma + 1));
        static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
        const std::string month = lower_ascii(tail.substr(0, 3));
        const bool is_date = tail.size() >= 5 && std::isdigit(static_cast<unsigned char>(tail.back())) &&
                             std::find(kMonths.begin(), kMonths.end(), month) != kMonths.end();
        if (is_date) s.erase(comma);
    }
    return std::string(trim(s));
}

enum class Kind { Place, Person, Organization };

// A Reuters category code as a name: "el-salvador" -> "El Salvador",
// "opec" -> "OPEC" (organisations are acronyms), with the codes that are
// abbreviations spelled out.
std::string display_name(std::string_view code, Kind kind) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kSpelled{{
        {"usa", "United States"},
        {"uk", "United Kingdom"},
        {"ussr", "Soviet Union"},
        {"uae", "United Arab Emirates"},
        {"worldbank", "World Bank"},
        {"un", "United Nations"},
    }};
    for (const auto& [c, name] : kSpelled)
        if (c == code) return std::string(name);
    std::string out;
    bool start = true;
    for (char c : code) {
        if (c == '-') {
            out += kind == Kind::Organization ? '-' : ' ';
            start = true;
            continue;
        }
        const auto u = static_cast<unsigned char>(c);
        out += static_cast<char>(kind == Kind::Organization || start ? std::toupper(u) : u);
        start = false;
    }
    return out;
}

// The <D> values of list element @p tag.
std::vector<std::string> codes(std::string_view record, std::string_view tag) {
    std::vector<std::string> out;
    const auto list = element(record, tag);
    if (!list) return out;
    std::size_t at = 0;
    while ((at = list->find("<D>", at)) != std::string_view::npos) {
        const std::size_t end = list->find("</D>", at);
        if (end == std::string_view::npos) break;
        std::string code = squeeze_spaces(decode(list->substr(at + 3, end - at - 3)));
        if (!code.empty()) out.push_back(std::move(code));
        at = end + 4;
    }
    return out;
}

std::vector<std::string> names(std::string_view record, std::string_view tag, Kind kind) {
    std::vector<std::string> out;
    for (const auto& code : codes(record, tag)) out.push_back(display_name(code, kind));
    return out;
}

}  // namespace

std::vector<Record> split_reuters(std::string_view text) {
    std::vector<Record> out;
    std::size_t line = 1, counted = 0;  // line number of byte `counted`
    auto line_at = [&](std::size_t at) {
        line += static_cast<std::size_t>(std::count(text.begin() + static_cast<long>(counted),
                                                    text.begin() + static_cast<long>(at), '\n'));
        counted = at;
        return line;
    };
    std::size_t at = text.find(kOpen);
    while (at != std::string_view::npos) {
        const std::size_t next = text.find(kOpen, at + kOpen.size());
        const std::size_t close = text.find(kClose, at);
        // A record runs to its </REUTERS>, or to the next <REUTERS> when its own close is missing.
        const std::size_t end = close != std::string_view::npos && (next == std::string_view::npos || close < next)
                                    ? close + kClose.size()
                                    : (next == std::string_view::npos ? text.size() : next);
        out.push_back({text.substr(at, end - at), line_at(at)});
        at = next;
    }
    if (out.empty() && !trim(text).empty()) out.push_back({text, 1});
    return out;
}

Article parse_reuters(std::string_view raw) {
    if (raw.substr(0, kOpen.size()) != kOpen)
        throw InputError("", 0, "no <REUTERS> element: not a Reuters-21578 SGML file");
    if (raw.size() < kClose.size() || raw.substr(raw.size() - kClose.size()) != kClose)
        throw InputError("", 0, "<REUTERS> element without its </REUTERS>");
    // The collection is ASCII but for a stray Latin-1 byte or two.
    std::string recoded;
    if (find_invalid_utf8(raw)) recoded = windows_1252_to_utf8(raw);
    const std::string_view record = recoded.empty() ? raw : std::string_view(recoded);

    const std::string_view start_tag = record.substr(0, record.find('>'));
    const std::string_view newid = attribute(start_tag, "NEWID");
    if (newid.empty()) throw InputError("", 0, "<REUTERS> element without a NEWID attribute");

    Article a;
    a.id = "reuters-" + std::string(newid);
    a.publication = "Reuters";
    a.language = "en";
    // The collection's own attributes, kept for research use (LEWISSPLIT is the usual train/test split).
    json::Writer reuters;
    reuters.begin_object();
    for (const char* name : {"TOPICS", "LEWISSPLIT", "CGISPLIT", "OLDID"}) {
        if (const std::string_view v = attribute(start_tag, name); !v.empty()) {
            reuters.key(lower_ascii(name));
            reuters.value(v);
        }
    }
    reuters.end_object();
    a.extra.emplace("reuters", reuters.take());
    if (auto date = element(record, "DATE")) {
        // Some dates are followed by wire codes: "27-MAR-1987 11:51:33.23&#5;&#5;&#5;RM".
        if (auto iso = normalize_date(trim(date->substr(0, date->find_first_of("&\n"))))) a.published = *iso;
    }
    a.categories = codes(record, "TOPICS");
    a.places = names(record, "PLACES", Kind::Place);
    a.people = names(record, "PEOPLE", Kind::Person);
    a.organizations = names(record, "ORGS", Kind::Organization);

    const auto text = element(record, "TEXT");
    if (text) {
        if (auto title = element(*text, "TITLE")) a.title = squeeze_spaces(decode(*title));
        if (auto dateline = element(*text, "DATELINE")) a.dateline = dateline_place(decode(*dateline));
        if (auto body = element(*text, "BODY")) {
            a.body = paragraphs(decode(*body));
            drop_signoff(a.body);
        } else if (a.title.empty()) {
            // Unprocessed stories (tables, notices): the first line is the headline.
            const std::string plain = decode(*text);
            const std::string_view rest = trim(plain);
            const std::size_t nl = rest.find('\n');
            a.title = squeeze_spaces(rest.substr(0, nl));
            if (nl != std::string_view::npos) a.body = paragraphs(rest.substr(nl + 1));
            drop_signoff(a.body);
        }
        // A brief (TYPE="BRIEF") is its headline: the "Blah blah blah." after it is not text.
    }
    if (trim(a.title).empty() && trim(a.body).empty())
        throw InputError("", 0, "story without title and text (an empty <TEXT>): nothing to index");
    return a;
}

}  // namespace annals::detail
