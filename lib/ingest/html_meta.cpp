// read_meta(): title, dates, authors, publication, language and URL of a page.
//
// Sources in order of trust: JSON-LD of an article type (written for search
// engines, usually exact), then Open Graph and the other <meta> conventions,
// then the page's own markup (<time>, rel=author, itemprop), then the URL.
#include "ingest/html_meta.hpp"

#include <algorithm>
#include <cstdint>

#include "annals/ingest.hpp"
#include "ingest/cues.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace annals::detail::html {

namespace {

// JSON-LD strings are plain text, but sites often put HTML character references in them.
std::string decode_references(std::string_view s) {
    if (s.find('&') == std::string_view::npos) return std::string(s);
    static const std::pair<std::string_view, std::string_view> kNamed[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\u00A0"},
        {"rsquo", "\u2019"}, {"lsquo", "\u2018"}, {"rdquo", "\u201D"}, {"ldquo", "\u201C"}, {"ndash", "\u2013"},
        {"mdash", "\u2014"}, {"hellip", "\u2026"}};
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::size_t semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
        if (semi == std::string_view::npos || semi - i > 10) {
            out.push_back(s[i]);
            continue;
        }
        std::string_view name = s.substr(i + 1, semi - i - 1);
        bool done = false;
        if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            std::uint32_t cp = 0;
            bool ok = name.size() > (hex ? 2u : 1u);
            for (char c : name.substr(hex ? 2 : 1)) {
                int d = c >= '0' && c <= '9' ? c - '0' : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
                if (d < 0 || cp > 0x10FFFF) ok = false;
                else cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
            }
            if (ok && cp) {
                append_utf8(out, cp);
                done = true;
            }
        } else {
            for (const auto& [n, v] : kNamed)
                if (name == n) {
                    out += v;
                    done = true;
                }
        }
        if (done) i = semi;
        else out.push_back('&');
    }
    return out;
}

std::string clean(std::string_view s) { return std::string(trim(decode_references(trim(s)))); }

struct Ld {
    std::string headline, published, publisher, language, url, body;
    std::vector<std::string> authors, sections;
};

bool is_article_type(const json::Value* type) {
    if (!type) return false;
    auto ok = [](const std::string& s) {
        static const char* const kTypes[] = {
            "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle",
            "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting", "Report",
            "TechArticle", "ScholarlyArticle", "SocialMediaPosting", "AdvertiserContentArticle", "SatiricalArticle",
            "Review", "PressRelease"};
        for (const char* t : kTypes)
            if (s == t || s == std::string("http://schema.org/") + t || s == std::string("https://schema.org/") + t)
                return true;
        return false;
    };
    if (type->is_string()) return ok(type->string());
    if (type->is_array())
        for (const auto& t : type->items())
            if (t.is_string() && ok(t.string())) return true;
    return false;
}

void names_of(const json::Value* v, std::vector<std::string>& out, int depth = 0) {
    if (!v || depth > 4) return;
    if (v->is_string()) {
        std::string s = clean(v->string());
        if (!s.empty() && s.find("://") == std::string::npos) out.push_back(s);
    } else if (v->is_array()) {
        for (const auto& item : v->items()) names_of(&item, out, depth + 1);
    } else if (v->is_object()) {
        names_of(v->find("name"), out, depth + 1);
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
    if (const auto* main = v.find("mainEntity")) read_ld(*main, ld, depth + 1);
    if (!is_article_type(v.find("@type")) || !ld.headline.empty()) return;
    auto str = [&](const char* k) -> std::string {
        const json::Value* s = v.find(k);
        return s && s->is_string() ? clean(s->string()) : std::string();
    };
    ld.headline = str("headline");
    if (ld.headline.empty()) ld.headline = str("name");
    ld.published = str("datePublished");
    if (ld.published.empty()) ld.published = str("dateCreated");
    ld.language = str("inLanguage");
    ld.url = str("url");
    ld.body = str("articleBody");
    names_of(v.find("author"), ld.authors);
    if (const auto* p = v.find("publisher")) {
        std::vector<std::string> names;
        names_of(p, names);
        if (!names.empty()) ld.publisher = names.front();
    }
    names_of(v.find("articleSection"), ld.sections);
}

const std::string* meta(const Doc& doc, std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys)
        for (const Meta& m : doc.metas)
            if (m.key == k && !trim(m.content).empty()) return &m.content;
    return nullptr;
}

std::string pick(std::initializer_list<const std::string*> options) {
    for (const std::string* s : options)
        if (s && !trim(*s).empty()) return std::string(trim(*s));
    return std::string();
}

std::optional<std::string> date_of(const std::string* s) {
    if (!s || s->empty()) return std::nullopt;
    return normalize_date(*s);
}

}  // namespace

namespace {

// Is @p part the site's name (or holds it: "TheHill.com", "Northern Courier Online")?
bool site_part(std::string_view part, const std::string& site_key) {
    if (site_key.empty()) return false;
    const std::string f = fold(part);
    return !f.empty() && (f == site_key || f.find(site_key) != std::string::npos);
}

}  // namespace

std::string strip_site_name(const std::string& title, const std::string& site) {
    struct Separator {
        std::string_view text;
        bool site_only;  // headlines use it too: it parts only the site's own name
    };
    // The ones headlines use come first: a site's name after them is the surest cut.
    static const Separator kSeparators[] = {
        {": ", true},   {"_", true},    {" ~ ", true},        {" | ", false},       {" - ", false},
        {" \u2013 ", false}, {" \u2014 ", false}, {" :: ", false}, {" \u00B7 ", false}, {" \u00BB ", false},
        {" // ", false}};
    const std::string site_key = fold(site);
    for (const Separator& sep : kSeparators) {
        const auto parts = split_at(title, sep.text);
        if (parts.size() < 2) continue;
        const std::size_t cut = sep.text.size();
        auto without_last = [&] { return std::string(trim(title.substr(0, title.size() - parts.back().size() - cut))); };
        auto without_first = [&] { return std::string(trim(title.substr(parts.front().size() + cut))); };
        // The site's name at either end goes, whatever the lengths.
        if (site_part(parts.back(), site_key)) return without_last();
        if (site_part(parts.front(), site_key)) return without_first();
        if (sep.site_only) continue;
        // Otherwise a short last part ("Budget passes - Northern Courier", "... | World") is the
        // site or section, the usual order, else a short first part ("Valley Gazette :: ...");
        // a title of long parts is one headline.
        if (word_count(parts.back()) <= 4 && !trim(parts.front()).empty()) return without_last();
        if (word_count(parts.front()) <= 4) return without_first();
    }
    return title;
}

PageMeta read_meta(const Doc& doc, const std::string& h1) {
    Ld ld;
    for (const std::string& block : doc.json_ld) {
        try {
            read_ld(json::parse(block), ld);
        } catch (const json::ParseError&) {
            // A broken JSON-LD block is ignored: the page has meta tags and text.
        }
    }
    PageMeta m;
    m.site = ascii_punctuation(pick({meta(doc, {"og:site_name"}), &ld.publisher,
                                     meta(doc, {"application-name", "publisher", "dc.publisher"})}));

    // The headline: the h1 when a title source contains it (h1s are free of site names),
    // else the first title source without the site's name.
    const std::string og = pick({meta(doc, {"og:title", "twitter:title", "dc.title", "headline"})});
    const std::string h1_text(trim(h1));
    const std::string h1_key = fold(h1_text);
    // A one-word h1 is a section label, one naming the site its logo; Chinese and
    // Japanese write a headline without spaces, so length counts too.
    const bool h1_headline = (word_count(h1_text) >= 2 || h1_text.size() >= 12) && !site_part(h1_text, fold(m.site));
    for (const std::string* t : std::initializer_list<const std::string*>{&ld.headline, &og, &doc.title}) {
        if (h1_headline && !t->empty() && contains(fold(*t), h1_key)) {
            m.title = h1_text;
            break;
        }
    }
    if (m.title.empty()) {
        for (const std::string* t : std::initializer_list<const std::string*>{&ld.headline, &og, &doc.title, &h1_text}) {
            if (trim(*t).empty()) continue;
            m.title = strip_site_name(std::string(trim(*t)), m.site);
            break;
        }
    }

    m.url = pick({&doc.canonical, meta(doc, {"og:url"}), &ld.url});
    m.language = pick({&ld.language, &doc.lang, meta(doc, {"content-language", "dc.language", "language"})});
    if (m.language.empty())
        if (const std::string* loc = meta(doc, {"og:locale"})) m.language = *loc;
    for (char& c : m.language)
        if (c == '_') c = '-';
    m.article_body = ld.body;

    // Published: JSON-LD, the meta conventions, <time> marked as publication, the URL.
    std::optional<std::string> published = date_of(&ld.published);
    if (!published)
        published = date_of(meta(doc, {"article:published_time", "og:published_time", "datepublished",
                                       "article.published", "pubdate", "publishdate", "publish-date",
                                       "publish_date", "publication_date", "date", "dc.date.issued", "dc.date",
                                       "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
                                       "article_date_original", "original-publish-date", "og:updated_time",
                                       "article:modified_time", "last-modified"}));
    for (const TimeMark& t : doc.times)
        if (!published && t.published) published = date_of(&t.datetime);
    if (!published && !doc.times.empty()) published = date_of(&doc.times.front().datetime);
    if (!published) published = date_of(&m.url);
    if (published) m.published = *published;

    m.authors = ld.authors;
    if (m.authors.empty()) {
        const std::string* a =
            meta(doc, {"author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author",
                       "dcterms.creator", "citation_author"});
        if (a && a->find("://") == std::string::npos) {
            if (auto by = parse_byline(*a)) m.authors = *by;
            else m.authors = split_names(*a);
        }
    }
    if (m.authors.empty())
        for (const std::string& t : doc.author_marks) {
            std::vector<std::string> names = parse_byline(t).value_or(split_names(t));
            for (auto& n : names)
                if (std::find(m.authors.begin(), m.authors.end(), n) == m.authors.end() && name_like(n))
                    m.authors.push_back(n);
        }

    m.sections = ld.sections;
    if (m.sections.empty())
        for (const Meta& mt : doc.metas)
            if (mt.key == "article:section" && !trim(mt.content).empty()) m.sections.push_back(std::string(trim(mt.content)));
    return m;
}

}  // namespace annals::detail::html
