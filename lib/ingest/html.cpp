// parse_html(): a tolerant tag scanner (no DOM, no external library).
//
// One pass collects <title>, <h1>, <meta> tags, JSON-LD blocks and the text of
// block elements as paragraphs, each remembering its innermost container. Text
// inside navigation, header, footer, aside, form, script and style (and inside
// elements whose class or id says share/related/newsletter/comments/...) is
// dropped. The main text is the paragraphs of <article> when it has any, else
// of <main>, else of the container holding the most paragraph text.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "ingest/charset.hpp"
#include "ingest/cues.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace annals {

namespace {

using namespace detail;

struct Tag {
    std::string name;  // lower case, without '/'
    bool closing = false;
    bool self_closing = false;
    std::vector<std::pair<std::string, std::string>> attrs;  // names lower case, values decoded

    const std::string* attr(std::string_view n) const {
        for (const auto& [k, v] : attrs)
            if (k == n) return &v;
        return nullptr;
    }
};

std::uint32_t named_entity(std::string_view name) {
    struct E {
        const char* n;
        std::uint32_t cp;
    };
    static const E kEntities[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
        {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"sbquo", 0x201A},
        {"bdquo", 0x201E}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"copy", 0xA9},
        {"reg", 0xAE}, {"trade", 0x2122}, {"deg", 0xB0}, {"euro", 0x20AC}, {"pound", 0xA3},
        {"yen", 0xA5}, {"cent", 0xA2}, {"sect", 0xA7}, {"para", 0xB6}, {"middot", 0xB7},
        {"bull", 0x2022}, {"laquo", 0xAB}, {"raquo", 0xBB}, {"times", 0xD7}, {"divide", 0xF7},
        {"eacute", 0xE9}, {"Eacute", 0xC9}, {"egrave", 0xE8}, {"ecirc", 0xEA}, {"euml", 0xEB},
        {"aacute", 0xE1}, {"agrave", 0xE0}, {"acirc", 0xE2}, {"auml", 0xE4}, {"atilde", 0xE3},
        {"aring", 0xE5}, {"ccedil", 0xE7}, {"iacute", 0xED}, {"iuml", 0xEF}, {"icirc", 0xEE},
        {"oacute", 0xF3}, {"ocirc", 0xF4}, {"ouml", 0xF6}, {"otilde", 0xF5}, {"oslash", 0xF8},
        {"uacute", 0xFA}, {"ugrave", 0xF9}, {"ucirc", 0xFB}, {"uuml", 0xFC}, {"ntilde", 0xF1},
        {"szlig", 0xDF}, {"Auml", 0xC4}, {"Ouml", 0xD6}, {"Uuml", 0xDC}, {"shy", 0xAD},
        {"thinsp", 0x2009}, {"ensp", 0x2002}, {"emsp", 0x2003}, {"zwj", 0x200D}, {"zwnj", 0x200C},
        {"prime", 0x2032}, {"Prime", 0x2033}, {"frac12", 0xBD}, {"frac14", 0xBC}, {"frac34", 0xBE},
    };
    for (const auto& e : kEntities)
        if (name == e.n) return e.cp;
    return 0;
}

// Decodes character references; unknown ones stay as written.
std::string decode_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out.push_back(s[i]);
            continue;
        }
        std::size_t semi = s.find(';', i + 1);
        if (semi == std::string_view::npos || semi - i > 12) {
            out.push_back('&');
            continue;
        }
        std::string_view name = s.substr(i + 1, semi - i - 1);
        std::uint32_t cp = 0;
        if (!name.empty() && name[0] == '#') {
            bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
            std::string_view digits = name.substr(hex ? 2 : 1);
            bool ok = !digits.empty();
            for (char c : digits) {
                int d = (c >= '0' && c <= '9') ? c - '0'
                        : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
                        : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
                if (d < 0 || cp > 0x10FFFF) {
                    ok = false;
                    break;
                }
                cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
            }
            if (!ok) {
                out.push_back('&');
                continue;
            }
            // Windows-1252 numbers in place of the Unicode ones, as browsers read them.
            static const std::uint16_t k1252[32] = {
                0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160,
                0x2039, 0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178};
            if (cp >= 0x80 && cp < 0xA0) cp = k1252[cp - 0x80];
        } else {
            cp = named_entity(name);
            if (!cp) {
                out.push_back('&');
                continue;
            }
        }
        append_utf8(out, cp ? cp : 0xFFFD);  // NUL is not allowed in HTML text
        i = semi;
    }
    return out;
}

// Collapses HTML whitespace (NBSP included) to single spaces.
void append_collapsed(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
        if (!space && c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
            space = true;
            ++i;
        }
        if (space) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

// class/id tokens that mark boilerplate regions.
bool boilerplate_attr(const Tag& t) {
    for (const char* a : {"class", "id", "role"}) {
        const std::string* v = t.attr(a);
        if (!v) continue;
        std::string low = lower_ascii(*v);
        std::string tok;
        for (std::size_t i = 0; i <= low.size(); ++i) {
            char c = i < low.size() ? low[i] : ' ';
            if (c == ' ' || c == '-' || c == '_') {
                if (one_of(tok, {"share", "sharing", "social", "related", "newsletter", "comments", "comment",
                                 "advert", "advertisement", "ad", "ads", "promo", "cookie", "cookies",
                                 "subscribe", "signup", "nav", "navigation", "menu", "footer", "sidebar",
                                 "breadcrumb", "breadcrumbs", "popup", "modal", "banner", "complementary",
                                 "recommended", "outbrain", "taboola", "paywall"}))
                    return true;
                tok.clear();
            } else {
                tok.push_back(c);
            }
        }
    }
    return false;
}

struct Para {
    std::string text;
    int container = 0;  // innermost open container element
    bool in_article = false, in_main = false;
    bool paragraph = false;  // a <p> (the text block measure counts only these)
    bool heading = false;
};

struct Ld {
    std::string headline, published, publisher, language, url;
    std::vector<std::string> authors, sections;
};

bool is_article_type(const json::Value* type) {
    if (!type) return false;
    auto ok = [](const std::string& s) {
        return s == "NewsArticle" || s == "Article" || s == "ReportageNewsArticle" || s == "BlogPosting" ||
               s == "AnalysisNewsArticle" || s == "OpinionNewsArticle" || s == "ReviewNewsArticle" ||
               s == "BackgroundNewsArticle" || s == "LiveBlogPosting";
    };
    if (type->is_string()) return ok(type->string());
    if (type->is_array())
        for (const auto& t : type->items())
            if (t.is_string() && ok(t.string())) return true;
    return false;
}

void names_of(const json::Value* v, std::vector<std::string>& out) {
    if (!v) return;
    if (v->is_string()) {
        std::string s(trim(v->string()));
        if (!s.empty()) out.push_back(decode_entities(s));
    } else if (v->is_array()) {
        for (const auto& item : v->items()) names_of(&item, out);
    } else if (v->is_object()) {
        names_of(v->find("name"), out);
    }
}

void read_ld(const json::Value& v, Ld& ld, int depth = 0) {
    if (depth > 8) return;
    if (v.is_array()) {
        for (const auto& item : v.items()) read_ld(item, ld, depth + 1);
        return;
    }
    if (!v.is_object()) return;
    if (const auto* graph = v.find("@graph")) read_ld(*graph, ld, depth + 1);
    if (!is_article_type(v.find("@type")) || !ld.headline.empty()) return;
    auto str = [&](const char* k) -> std::string {
        const json::Value* s = v.find(k);
        return s && s->is_string() ? decode_entities(trim(s->string())) : std::string();
    };
    ld.headline = str("headline");
    if (ld.headline.empty()) ld.headline = str("name");
    ld.published = str("datePublished");
    ld.language = str("inLanguage");
    ld.url = str("url");
    names_of(v.find("author"), ld.authors);
    if (const auto* p = v.find("publisher")) {
        std::vector<std::string> names;
        names_of(p, names);
        if (!names.empty()) ld.publisher = names.front();
    }
    names_of(v.find("articleSection"), ld.sections);
}

}  // namespace

Article parse_html(std::string_view bytes) {
    const detail::Decoded decoded = detail::html_to_utf8(bytes);
    const std::string_view html = decoded.text;
    std::string title_tag, h1, meta_title, meta_site, meta_author, meta_published, canonical, lang;
    std::vector<std::string> meta_sections;
    Ld ld;
    std::vector<Para> paras;
    std::string current;
    Para cur_info;

    int skip = 0;  // depth inside dropped regions
    std::vector<std::pair<std::string, bool>> open;  // open elements: name, counted in skip
    std::vector<int> containers{0};
    std::vector<int> parent{-1};
    int article_depth = 0, main_depth = 0;
    bool in_title = false, in_h1 = false;
    bool h1_done = false;

    auto flush = [&]() {
        std::string_view t = trim(current);
        if (!t.empty() && skip == 0) {
            cur_info.text = std::string(t);
            paras.push_back(cur_info);
        }
        current.clear();
        cur_info = Para{};
        cur_info.container = containers.back();
        cur_info.in_article = article_depth > 0;
        cur_info.in_main = main_depth > 0;
    };

    std::size_t i = 0;
    const std::size_t n = html.size();
    while (i < n) {
        if (html[i] != '<') {
            std::size_t j = html.find('<', i);
            if (j == std::string_view::npos) j = n;
            std::string text = decode_entities(html.substr(i, j - i));
            if (in_title) append_collapsed(title_tag, text);
            if (in_h1 && !h1_done) append_collapsed(h1, text);
            if (skip == 0 && !in_title) {
                if (current.empty()) {
                    cur_info.container = containers.back();
                    cur_info.in_article = article_depth > 0;
                    cur_info.in_main = main_depth > 0;
                }
                append_collapsed(current, text);
            }
            i = j;
            continue;
        }
        // Comments, doctype, CDATA.
        if (html.substr(i, 4) == "<!--") {
            std::size_t e = html.find("-->", i + 4);
            i = e == std::string_view::npos ? n : e + 3;
            continue;
        }
        if (i + 1 < n && (html[i + 1] == '!' || html[i + 1] == '?')) {
            std::size_t e = html.find('>', i);
            i = e == std::string_view::npos ? n : e + 1;
            continue;
        }
        // A tag: "<" must be followed by a letter or "/letter", else it is text.
        std::size_t k = i + 1;
        Tag tag;
        if (k < n && html[k] == '/') {
            tag.closing = true;
            ++k;
        }
        if (k >= n || !((html[k] >= 'a' && html[k] <= 'z') || (html[k] >= 'A' && html[k] <= 'Z'))) {
            if (skip == 0) current.push_back('<');
            ++i;
            continue;
        }
        while (k < n && html[k] != '>' && html[k] != '/' && html[k] != ' ' && html[k] != '\t' && html[k] != '\n' &&
               html[k] != '\r')
            tag.name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[k++]))));
        // Attributes.
        while (k < n && html[k] != '>') {
            char c = html[k];
            if (c == '/' ) {
                tag.self_closing = true;
                ++k;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++k;
                continue;
            }
            tag.self_closing = false;
            std::string name;
            while (k < n && html[k] != '=' && html[k] != '>' && html[k] != ' ' && html[k] != '\t' &&
                   html[k] != '\n' && html[k] != '\r' && html[k] != '/')
                name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[k++]))));
            while (k < n && (html[k] == ' ' || html[k] == '\n' || html[k] == '\t' || html[k] == '\r')) ++k;
            std::string value;
            if (k < n && html[k] == '=') {
                ++k;
                while (k < n && (html[k] == ' ' || html[k] == '\n' || html[k] == '\t' || html[k] == '\r')) ++k;
                if (k < n && (html[k] == '"' || html[k] == '\'')) {
                    char q = html[k++];
                    std::size_t e = html.find(q, k);
                    if (e == std::string_view::npos) e = n;
                    value = decode_entities(html.substr(k, e - k));
                    k = e + 1;
                } else {
                    std::size_t s = k;
                    while (k < n && html[k] != '>' && html[k] != ' ' && html[k] != '\t' && html[k] != '\n')
                        ++k;
                    value = decode_entities(html.substr(s, k - s));
                }
            }
            if (!name.empty()) tag.attrs.emplace_back(std::move(name), std::move(value));
        }
        i = k < n ? k + 1 : n;
        const std::string& name = tag.name;

        // Raw text elements: read to their end tag in one go.
        if (!tag.closing && (name == "script" || name == "style" || name == "noscript" || name == "template" ||
                             name == "textarea")) {
            std::string end = "</" + name;
            std::size_t e = i;
            for (;;) {  // case-insensitive search for the end tag
                e = html.find("</", e);
                if (e == std::string_view::npos || lower_ascii(html.substr(e, end.size())) == end) break;
                e += 2;
            }
            std::string_view content = html.substr(i, (e == std::string_view::npos ? n : e) - i);
            const std::string* type = tag.attr("type");
            if (name == "script" && type && lower_ascii(*type) == "application/ld+json") {
                try {
                    read_ld(json::parse(content), ld);
                } catch (const json::ParseError&) {
                    // A broken JSON-LD block is ignored: the page may still have meta tags and text.
                }
            }
            if (e == std::string_view::npos) {
                i = n;
            } else {
                std::size_t gt = html.find('>', e);
                i = gt == std::string_view::npos ? n : gt + 1;
            }
            continue;
        }

        if (name == "meta" && !tag.closing) {
            const std::string* key = tag.attr("property");
            if (!key) key = tag.attr("name");
            if (!key) key = tag.attr("itemprop");
            const std::string* content = tag.attr("content");
            if (key && content) {
                std::string k2 = lower_ascii(*key);
                std::string v(trim(*content));
                if (k2 == "og:title" && meta_title.empty()) meta_title = v;
                else if (k2 == "og:site_name" && meta_site.empty()) meta_site = v;
                else if ((k2 == "author" || k2 == "article:author" || k2 == "byl" || k2 == "dc.creator") &&
                         meta_author.empty() && v.find("://") == std::string::npos)
                    meta_author = v;
                else if ((k2 == "article:published_time" || k2 == "datepublished" || k2 == "pubdate" ||
                          k2 == "publish-date" || k2 == "dc.date" || k2 == "date") &&
                         meta_published.empty())
                    meta_published = v;
                else if (k2 == "article:section" || k2 == "article:tag")
                    meta_sections.push_back(v);
                else if (k2 == "og:url" && canonical.empty())
                    canonical = v;
            }
            continue;
        }
        if (name == "link" && !tag.closing) {
            const std::string* rel = tag.attr("rel");
            const std::string* href = tag.attr("href");
            if (rel && href && lower_ascii(*rel) == "canonical") canonical = *href;
            continue;
        }
        if (name == "html" && !tag.closing) {
            if (const std::string* l = tag.attr("lang")) lang = *l;
        }
        if (name == "title") {
            in_title = !tag.closing && skip == 0 && title_tag.empty();
            continue;
        }

        static const std::initializer_list<std::string_view> kBlocks = {
            "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
            "blockquote", "pre", "br", "tr", "td", "th", "table", "figure", "figcaption", "header", "footer",
            "nav", "aside", "form", "dd", "dt", "dl", "body", "hr", "address", "time"};
        const bool block = one_of(name, kBlocks);
        if (block) flush();

        static const std::initializer_list<std::string_view> kDropped = {
            "nav", "header", "footer", "aside", "form", "button", "svg", "iframe", "select", "figure",
            "figcaption", "dialog", "menu"};
        static const std::initializer_list<std::string_view> kVoid = {
            "br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed"};
        if (one_of(name, kVoid)) continue;

        if (!tag.closing) {
            // <header> inside <article> holds the headline and byline: keep it (the h1 is the
            // title, not body), drop only page-level headers.
            bool drop = one_of(name, kDropped) && !(name == "header" && article_depth > 0);
            drop = drop || boilerplate_attr(tag);
            if (drop) ++skip;
            if (name == "article") ++article_depth;
            if (name == "main") ++main_depth;
            if (name == "h1") in_h1 = true;
            if (tag.self_closing) {  // <div/>: nothing inside
                if (drop) --skip;
                if (name == "article") --article_depth;
                if (name == "main") --main_depth;
                continue;
            }
            open.emplace_back(name, drop);
            if (one_of(name, {"div", "section", "article", "main", "body", "td"})) {
                parent.push_back(containers.back());
                containers.push_back(static_cast<int>(parent.size()) - 1);
                open.back().first += "#c";  // remember to pop the container
            }
            if (block) {
                cur_info.container = containers.back();
                cur_info.in_article = article_depth > 0;
                cur_info.in_main = main_depth > 0;
                cur_info.paragraph = name == "p";
                cur_info.heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
            }
        } else {
            // Close the nearest matching element (and whatever was left open inside it).
            for (std::size_t d = open.size(); d-- > 0;) {
                std::string open_name = open[d].first;
                bool container = open_name.size() > 2 && open_name.substr(open_name.size() - 2) == "#c";
                if (container) open_name.resize(open_name.size() - 2);
                if (open_name != name) continue;
                while (open.size() > d) {
                    auto [oname, dropped] = open.back();
                    bool c = oname.size() > 2 && oname.substr(oname.size() - 2) == "#c";
                    if (c) {
                        oname.resize(oname.size() - 2);
                        containers.pop_back();
                    }
                    if (dropped) --skip;
                    if (oname == "article") --article_depth;
                    if (oname == "main") --main_depth;
                    if (oname == "h1" && in_h1) {
                        in_h1 = false;
                        if (!trim(h1).empty()) h1_done = true;
                    }
                    open.pop_back();
                }
                break;
            }
            if (block) flush();
        }
    }
    flush();

    Article a;
    auto pick = [](std::initializer_list<const std::string*> options) {
        for (const std::string* s : options)
            if (s && !trim(*s).empty()) return std::string(trim(*s));
        return std::string();
    };
    std::string h1_text(trim(h1));
    a.title = pick({&ld.headline, &meta_title, &h1_text, &title_tag});
    a.publication = ascii_punctuation(pick({&ld.publisher, &meta_site}));
    a.url = pick({&ld.url, &canonical});
    std::string lang_pick = pick({&ld.language, &lang});
    if (!lang_pick.empty() && lower_ascii(lang_pick) != "en") a.language = lang_pick;
    a.authors = ld.authors;
    if (a.authors.empty() && !meta_author.empty()) a.authors = split_names(meta_author);
    a.categories = ld.sections.empty() ? meta_sections : ld.sections;
    for (const std::string& d : {ld.published, meta_published}) {
        if (d.empty()) continue;
        if (auto iso = normalize_date(d)) {
            a.published = *iso;
            break;
        }
    }

    // Choose the main text.
    auto has = [&](auto pred) {
        std::size_t total = 0;
        for (const auto& p : paras)
            if (pred(p)) total += p.text.size();
        return total;
    };
    std::function<bool(const Para&)> chosen;
    if (has([](const Para& p) { return p.in_article && p.paragraph; }) > 200) {
        chosen = [](const Para& p) { return p.in_article; };
    } else if (has([](const Para& p) { return p.in_main && p.paragraph; }) > 200) {
        chosen = [](const Para& p) { return p.in_main; };
    } else {
        // The container with the most <p> text; paragraphs in it or below it.
        std::vector<std::size_t> score(parent.size(), 0);
        for (const auto& p : paras)
            if (p.paragraph) score[static_cast<std::size_t>(p.container)] += p.text.size();
        int best = static_cast<int>(std::max_element(score.begin(), score.end()) - score.begin());
        if (score[static_cast<std::size_t>(best)] == 0) {
            chosen = [](const Para&) { return true; };
        } else {
            chosen = [best, &parent](const Para& p) {
                for (int c = p.container; c >= 0; c = parent[static_cast<std::size_t>(c)])
                    if (c == best) return true;
                return false;
            };
        }
    }
    bool title_seen = false;
    for (const auto& p : paras) {
        if (!chosen(p)) continue;
        if (!title_seen && (p.text == a.title || p.text == h1_text)) {
            title_seen = true;
            continue;
        }
        if (auto by = parse_byline(p.text)) {
            if (a.authors.empty()) a.authors = *by;
            continue;
        }
        if (auto c = parse_contributors(p.text)) {
            a.contributors = *c;
            continue;
        }
        if (!p.paragraph && !p.heading && word_count(p.text) <= 3 && p.text.back() != '.') continue;
        if (!a.body.empty()) a.body += "\n\n";
        a.body += p.text;
    }
    if (trim(a.title).empty() && trim(a.body).empty()) throw InputError("", 0, "no title or text found in HTML");
    return a;
}

}  // namespace annals
