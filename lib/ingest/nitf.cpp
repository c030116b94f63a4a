// NITF 3.x XML to articles, with libxml2's tree API.
#include "ingest/nitf.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

bool is(const xmlNode* n, std::string_view name) {
    return n && n->type == XML_ELEMENT_NODE && name == reinterpret_cast<const char*>(n->name);
}

const xmlNode* child(const xmlNode* n, std::string_view name) {
    if (!n) return nullptr;
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is(c, name)) return c;
    return nullptr;
}

// The element at @p path below @p n, each step the first child of that name.
const xmlNode* at_path(const xmlNode* n, std::initializer_list<std::string_view> path) {
    for (std::string_view step : path) n = child(n, step);
    return n;
}

std::string attr(const xmlNode* n, const char* name) {
    if (!n) return {};
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    if (!v) return {};
    std::string out(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return out;
}

// Appends the text below @p n, leaving out elements named in @p skip.
void append_text(const xmlNode* n, std::string& out, std::initializer_list<std::string_view> skip = {}) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) out += reinterpret_cast<const char*>(c->content);
        } else if (c->type == XML_ELEMENT_NODE &&
                   std::none_of(skip.begin(), skip.end(), [&](std::string_view s) { return is(c, s); })) {
            if (is(c, "br")) out += ' ';
            append_text(c, out, skip);
        } else if (c->type == XML_ENTITY_REF_NODE) {
            // Internal entities only: an external one (SYSTEM "file") is never read.
            const xmlEntity* e = xmlGetDocEntity(c->doc, c->name);
            if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->content)
                out += reinterpret_cast<const char*>(e->content);
        }
    }
}

std::string text(const xmlNode* n, std::initializer_list<std::string_view> skip = {}) {
    if (!n) return {};
    std::string raw;
    append_text(n, raw, skip);
    return squeeze_spaces(raw);
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// ISO 8601 basic form ("20021021T120000-0500", "19991231") to the extended
// form; other forms through normalize_date().
std::string nitf_date(std::string_view s) {
    s = trim(s);
    auto digits = [&](std::size_t from, std::size_t n) {
        return s.size() >= from + n &&
               std::all_of(s.begin() + static_cast<long>(from), s.begin() + static_cast<long>(from + n),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (digits(0, 8) && (s.size() == 8 || s[8] == 'T')) {
        std::string out = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                          std::string(s.substr(6, 2));
        if (s.size() == 8) return out;
        std::size_t i = 9;
        if (!digits(i, 4)) return normalize_date(s).value_or("");
        out += "T" + std::string(s.substr(i, 2)) + ":" + std::string(s.substr(i + 2, 2));
        i += 4;
        out += ":" + (digits(i, 2) ? std::string(s.substr(i, 2)) : std::string("00"));
        if (digits(i, 2)) i += 2;
        const std::string_view zone = s.substr(i);
        if (zone == "Z") return out + "Z";
        if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') && digits(i + 1, 4))
            return out + std::string(zone.substr(0, 3)) + ":" + std::string(zone.substr(3));
        if (zone.empty()) return out;
        return normalize_date(s).value_or("");
    }
    return normalize_date(s).value_or("");
}

// Paragraphs of the body: each block element's text, separated by blank lines.
void collect_paragraphs(const xmlNode* n, std::string& out) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is(c, "media") || is(c, "note") || is(c, "byline") || is(c, "dateline")) continue;
        if (is(c, "p") || is(c, "hl2") || is(c, "pre") || is(c, "li") || is(c, "dt") || is(c, "dd") ||
            is(c, "tr") || is(c, "bq")) {
            std::string t = text(c);
            if (t.empty()) continue;
            if (!out.empty()) out += "\n\n";
            out += t;
        } else {
            collect_paragraphs(c, out);
        }
    }
}

// Every <person>, <location> and <org> below @p n, bylines left out (their
// people are the authors).
void collect_curated(const xmlNode* n, Article& a) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is(c, "byline")) continue;
        if (is(c, "person")) {
            std::string name = text(c);
            add_unique(a.people, name.empty() ? squeeze_spaces(attr(c, "value")) : name);
        } else if (is(c, "org")) {
            std::string name = text(c);
            add_unique(a.organizations, name.empty() ? squeeze_spaces(attr(c, "value")) : name);
        } else if (is(c, "location")) {
            std::string name = text(c);
            while (!name.empty() && (name.back() == ',' || name.back() == ' ')) name.pop_back();
            add_unique(a.places, name.empty() ? squeeze_spaces(attr(c, "value")) : name);
        } else {
            collect_curated(c, a);
        }
    }
}

void read_bylines(const xmlNode* body_head, Article& a) {
    for (const xmlNode* b = body_head ? body_head->children : nullptr; b; b = b->next) {
        if (!is(b, "byline")) continue;
        bool people = false;
        for (const xmlNode* c = b->children; c; c = c->next) {
            if (is(c, "person")) {
                add_unique(a.authors, text(c));
                people = true;
            }
        }
        if (people) continue;
        std::string line = text(b, {"byttl"});
        std::string_view rest = trim(line);
        if (rest.size() > 3 && (rest.substr(0, 3) == "By " || rest.substr(0, 3) == "BY " || rest.substr(0, 3) == "by "))
            rest.remove_prefix(3);
        // "Jane Doe and John Roe", "Jane Doe, John Roe"
        std::string names(rest);
        for (std::size_t at; (at = names.find(" and ")) != std::string::npos;) names.replace(at, 5, ",");
        for (const std::string_view name : split_at(names, ","))
            add_unique(a.authors, std::string(trim(name)));
    }
}

struct FirstError {
    int line = 0, column = 0;
    std::string message;
};

void keep_first_error(void* data, xmlErrorPtr err) {
    auto* first = static_cast<FirstError*>(data);
    if (!first->message.empty() || !err || err->level < XML_ERR_ERROR) return;
    first->line = err->line;
    first->column = err->int2;
    first->message = err->message ? squeeze_spaces(err->message) : "not well-formed";
}

// The NITF DTD declares the HTML character entities (&eacute; &nbsp; ...), which
// NITF files use freely; the DTD is not loaded, so they are declared on demand.
xmlEntityPtr get_entity(void* ctx, const xmlChar* name) {
    if (xmlEntityPtr e = xmlSAX2GetEntity(ctx, name)) return e;
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    const htmlEntityDesc* html = htmlEntityLookup(name);
    if (!html || !ctxt->myDoc) return nullptr;
    if (!ctxt->myDoc->intSubset)
        xmlCreateIntSubset(ctxt->myDoc, reinterpret_cast<const xmlChar*>("nitf"), nullptr, nullptr);
    std::string utf8;
    append_utf8(utf8, static_cast<char32_t>(html->value));
    return xmlAddDocEntity(ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, nullptr, nullptr,
                           reinterpret_cast<const xmlChar*>(utf8.c_str()));
}

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtFree {
    void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

}  // namespace

std::string xml_root_name(std::string_view s) {
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    std::size_t i = 0;
    while (true) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i >= s.size() || s[i] != '<') return {};
        if (s.substr(i, 4) == "<!--") {
            const std::size_t end = s.find("-->", i + 4);
            if (end == std::string_view::npos) return {};
            i = end + 3;
        } else if (s.substr(i, 2) == "<?") {
            const std::size_t end = s.find("?>", i + 2);
            if (end == std::string_view::npos) return {};
            i = end + 2;
        } else if (s.substr(i, 2) == "<!") {
            // <!DOCTYPE nitf SYSTEM "..." [ internal subset ]>
            std::size_t j = i + 2;
            int depth = 0;
            for (; j < s.size(); ++j) {
                if (s[j] == '[') ++depth;
                if (s[j] == ']') --depth;
                if (s[j] == '>' && depth <= 0) break;
            }
            if (j >= s.size()) return {};
            i = j + 1;
        } else {
            std::size_t j = i + 1;
            while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && s[j] != '>' && s[j] != '/') ++j;
            return std::string(s.substr(i + 1, j - i - 1));
        }
    }
}

std::vector<Record> split_nitf(std::string_view text) { return {Record{text, 1}}; }

Article parse_nitf(std::string_view xml) {
    const std::string root_name = xml_root_name(xml);
    if (root_name != "nitf" && !root_name.ends_with(":nitf")) {  // a namespace prefix is allowed
        throw InputError("", 1,
                         root_name.empty() ? "not XML: NITF files start with an XML declaration or the <nitf> element"
                                           : "XML document with root element <" + root_name +
                                                 ">, not NITF (whose root is <nitf>): not read");
    }
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });
    std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
    if (!ctxt) throw std::bad_alloc();
    // The first error is the one to report: libxml2 goes on after it, and its last
    // error is often only "Premature end of data". The handler is per thread.
    ctxt->sax->getEntity = get_entity;
    FirstError first;
    xmlSetStructuredErrorFunc(&first, keep_first_error);
    std::unique_ptr<xmlDoc, DocFree> doc(
        xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (!doc || !ctxt->wellFormed) {
        if (first.message.empty()) first.message = "not well-formed";
        throw InputError("", first.line > 0 ? static_cast<std::size_t>(first.line) : 1,
                         "XML error" + (first.column > 0 ? " at column " + std::to_string(first.column) : "") +
                             ": " + first.message);
    }
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!is(root, "nitf")) throw InputError("", 1, "XML document without a <nitf> root element: not read");

    Article a;
    const xmlNode* head = child(root, "head");
    const xmlNode* body = child(root, "body");
    const xmlNode* docdata = child(head, "docdata");
    const xmlNode* body_head = child(body, "body.head");
    const xmlNode* pubdata = child(head, "pubdata");

    a.id = squeeze_spaces(attr(child(docdata, "doc-id"), "id-string"));
    a.title = text(at_path(body_head, {"hedline", "hl1"}));
    if (a.title.empty()) a.title = text(child(head, "title"));
    read_bylines(body_head, a);
    if (const xmlNode* dl = child(body_head, "dateline")) {
        a.dateline = text(dl, {"story.date"});
        // The separator before the date: "ROTTERDAM, Netherlands —", "PARIS -".
        for (bool cut = true; cut;) {
            cut = false;
            for (std::string_view tail : {",", "-", " ", "\xE2\x80\x94", "\xE2\x80\x93"}) {
                if (std::string_view(a.dateline).ends_with(tail)) {
                    a.dateline.resize(a.dateline.size() - tail.size());
                    cut = true;
                }
            }
        }
    }
    for (std::string date : {attr(pubdata, "date.publication"), attr(child(docdata, "date.issue"), "norm"),
                             attr(child(docdata, "date.release"), "norm")}) {
        if (date.empty()) continue;
        a.published = nitf_date(date);
        if (!a.published.empty()) break;
    }
    a.publication = squeeze_spaces(attr(pubdata, "name"));
    for (const xmlNode* t = head ? head->children : nullptr; t; t = t->next) {
        if (!is(t, "tobject")) continue;
        for (const xmlNode* s = t->children; s; s = s->next)
            if (is(s, "tobject.subject")) add_unique(a.categories, squeeze_spaces(attr(s, "tobject.subject.type")));
    }
    if (const xmlNode* content = child(body, "body.content")) collect_paragraphs(content, a.body);
    if (xmlChar* lang = xmlNodeGetLang(body ? body : root)) {
        a.language = reinterpret_cast<const char*>(lang);
        xmlFree(lang);
    }
    if (a.language.empty()) a.language = squeeze_spaces(attr(root, "baselang"));
    collect_curated(root, a);
    if (a.title.empty() && a.body.empty()) throw InputError("", 1, "NITF document without hedline and body text");
    return a;
}

}  // namespace annals::detail
