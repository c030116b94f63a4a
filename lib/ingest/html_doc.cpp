// read_html_doc(): gumbo's tree flattened into elements and text blocks (see html_doc.hpp).
#include "ingest/html_doc.hpp"

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "ingest/cues.hpp"
#include "ingest/html_elide.hpp"
#include "ingest/html_names.hpp"
#include "util/ascii.hpp"
#include "util/text.hpp"

namespace annals::detail::html {

namespace {

const char* attr(const GumboElement& e, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
    return a ? a->value : nullptr;
}

// An attribute's value in lower case ("" when absent).
std::string lower(const char* s) { return lower_ascii(s ? s : ""); }

enum class Role { Skip, Block, Inline, Break };

// How the walk treats a tag: not read at all, a block boundary, inline, or a line break.
Role role_of(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION:
        case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_AUDIO:
        case GUMBO_TAG_VIDEO: case GUMBO_TAG_TITLE: case GUMBO_TAG_MAP: case GUMBO_TAG_DATALIST:
        case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOEMBED:
        case GUMBO_TAG_RT: case GUMBO_TAG_RP:  // ruby readings (furigana) shown above the text, not in it
            return Role::Skip;
        case GUMBO_TAG_BR: case GUMBO_TAG_HR:
            return Role::Break;
        case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY: case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
        case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HGROUP: case GUMBO_TAG_UL:
        case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
        case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        case GUMBO_TAG_CAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FORM:
        case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER:
        case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_MENU:
        case GUMBO_TAG_DIR: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT:
        case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_NOSCRIPT:
            return Role::Block;
        default:
            return Role::Inline;  // includes custom elements, which browsers lay out inline
    }
}

Kind kind_of(GumboTag tag, std::uint8_t& level) {
    level = 0;
    switch (tag) {
        case GUMBO_TAG_P: return Kind::Paragraph;
        case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
            level = static_cast<std::uint8_t>(tag - GUMBO_TAG_H1 + 1);
            return Kind::Heading;
        case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD: return Kind::ListItem;
        case GUMBO_TAG_BLOCKQUOTE: return Kind::Quote;
        case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP: return Kind::Pre;
        case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CAPTION: return Kind::Caption;
        case GUMBO_TAG_TD: case GUMBO_TAG_TH: return Kind::Cell;
        default: return Kind::Text;
    }
}

// Boilerplate by tag or ARIA role: regions that are never the story itself.
bool chrome_tag(GumboTag tag, std::string_view role) {
    switch (tag) {
        case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_MENU:
            return true;
        default:
            break;
    }
    for (std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
                               "dialog", "alertdialog", "toolbar", "tablist"})
        if (role == r) return true;
    return false;
}

bool hidden(const GumboElement& e) {
    if (attr(e, "hidden")) return true;
    if (const char* a = attr(e, "aria-hidden"); a && !std::strcmp(a, "true")) return true;
    const char* style = attr(e, "style");
    return style && hiding_style(style);
}

// Text of a node's subtree (for <title> and author marks), whitespace collapsed
// later, with the runs that @p runs set aside back in place.
void subtree_text(const GumboNode* n, const TextRuns& runs, std::string& out) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
        runs.expand(n->v.text.text, [&](std::string_view piece) { out += piece; });
        out += ' ';
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) subtree_text(static_cast<const GumboNode*>(kids.data[i]), runs, out);
}

// Appends HTML text @p s to @p out as a browser shows it: a run of whitespace (NBSP
// included) is one space, none at the start or after a line break, and a soft hyphen
// (&shy;), shown only where a line breaks, is dropped ("Ver&shy;kehr" is one word).
// @p space carries a pending space from one call to the next.
void append_text(std::string& out, bool& space, std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool two_byte = c == '\xC2' && i + 1 < s.size();
        if (two_byte && s[i + 1] == '\xAD') {
            ++i;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || (two_byte && s[i + 1] == '\xA0')) {
            if (c == '\xC2') ++i;
            space = !out.empty();
            continue;
        }
        if (space && out.back() != '\n') out.push_back(' ');
        space = false;
        out.push_back(c);
    }
}

std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    append_text(out, space, s);
    return out;
}

// The text of a <script> element, with what elide_unread() set aside of it back
// in place; nullopt when it has none.
std::optional<std::string> script_text(const GumboElement& e, const TextRuns& runs) {
    if (e.children.length == 0) return std::nullopt;
    const auto* t = static_cast<const GumboNode*>(e.children.data[0]);
    if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_WHITESPACE) return std::nullopt;
    std::string text;
    runs.expand(t->v.text.text, [&](std::string_view piece) { text += piece; });
    return text;
}

// Memory for one gumbo parse, all freed at once with it. Gumbo makes a heap
// allocation for every node, attribute, string and vector growth, and frees
// each again when its output is destroyed; a bump allocator makes the one a
// pointer increment and the other nothing (7% of a parse's instructions).
class Arena {
  public:
    Arena() = default;
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    static void* allocate(void* self, std::size_t size) { return static_cast<Arena*>(self)->take(size); }
    // Gumbo also frees what it outgrew as it parses (a vector, a string buffer);
    // that waits for the arena's end too. Growth doubles, so it costs at most as
    // much memory again.
    static void deallocate(void*, void*) {}

  private:
    void* take(std::size_t size) {
        size = (size + kAlign - 1) & ~(kAlign - 1);
        if (size > free_) {
            // Blocks grow with the page, so that a big page takes few of them.
            const std::size_t block = std::max(size, std::min<std::size_t>(kMaxBlock, kFirstBlock << blocks_.size()));
            blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(block));  // not zeroed: gumbo writes first
            next_ = blocks_.back().get();
            free_ = block;
        }
        void* out = next_;
        next_ += size;
        free_ -= size;
        return out;
    }

    static constexpr std::size_t kAlign = alignof(std::max_align_t);
    static constexpr std::size_t kFirstBlock = 64 * 1024;
    static constexpr std::size_t kMaxBlock = 8 * 1024 * 1024;
    std::vector<std::unique_ptr<std::byte[]>> blocks_;
    std::byte* next_ = nullptr;
    std::size_t free_ = 0;
};

// Gumbo's output for a text, freed with it (with its arena: gumbo_destroy_output
// would only walk the tree to free what the arena frees at once).
class Parsed {
  public:
    explicit Parsed(std::string_view utf8) {
        GumboOptions options = kGumboDefaultOptions;
        options.max_errors = 0;  // recording parse errors costs time and we never read them
        options.allocator = &Arena::allocate;
        options.deallocator = &Arena::deallocate;
        options.userdata = &arena_;
        out_ = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
    }
    Parsed(const Parsed&) = delete;
    Parsed& operator=(const Parsed&) = delete;
    const GumboOutput* get() const { return out_; }

  private:
    Arena arena_;
    GumboOutput* out_;
};

// The one pass over gumbo's tree.
class Walker {
  public:
    // @p runs: the text that elide_unread() set aside from the page walked.
    Walker(Doc& doc, const TextRuns& runs) : doc_(doc), runs_(runs) {
        doc_.elements.push_back(Element{});  // the document
    }

    void walk(const GumboNode* root) {
        struct Frame {
            const GumboNode* node;
            unsigned next = 0;
            int saved_element = 0;
            int saved_links = 0;
            bool block = false;
            bool entered = false;
        };
        std::vector<Frame> stack;
        stack.push_back(Frame{root});
        while (!stack.empty()) {
            Frame& f = stack.back();
            const GumboNode* n = f.node;
            if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) {
                if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA)
                    text(n->v.text.text);
                stack.pop_back();
                continue;
            }
            const GumboVector& kids =
                n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
            if (!f.entered && n->type == GUMBO_NODE_ELEMENT) {
                f.entered = true;
                if (!enter(f.saved_element, f.saved_links, f.block, n)) {
                    stack.pop_back();
                    continue;
                }
            }
            if (f.next < kids.length) {
                const auto* child = static_cast<const GumboNode*>(kids.data[f.next++]);
                stack.push_back(Frame{child});  // f is not used after this: the push may move it
                continue;
            }
            if (n->type == GUMBO_NODE_ELEMENT) leave(f.saved_element, f.saved_links, f.block);
            stack.pop_back();
        }
        flush();
    }

  private:
    // Reads an element's start; false when its subtree is not read.
    bool enter(int& saved_element, int& saved_links, bool& block, const GumboNode* n) {
        const GumboElement& e = n->v.element;
        const GumboTag tag = e.tag;
        saved_element = element_;
        saved_links = links_;
        block = false;
        if (e.tag_namespace == GUMBO_NAMESPACE_SVG || e.tag_namespace == GUMBO_NAMESPACE_MATHML) return false;
        collect(n, tag);
        if (tag == GUMBO_TAG_SCRIPT && html_template(e)) {
            walk_template(e);
            return false;
        }
        const Role role = role_of(tag);
        if (role == Role::Skip) return false;
        if (role == Role::Break) {
            if (tag == GUMBO_TAG_HR) flush();
            else brk();
            return false;
        }
        if (hidden(e)) return false;

        const char* cls = attr(e, "class");
        const char* id = attr(e, "id");
        const std::string aria = lower(attr(e, "role"));
        const char* itemprop = attr(e, "itemprop");
        bool positive = itemprop && (!std::strcmp(itemprop, "articleBody") || !std::strcmp(itemprop, "text"));
        Chrome chrome = Chrome::None;
        // Classes on <html> and <body> describe the page type ("single-post comments-open"), not a region.
        if ((cls || id) && tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_HTML) {
            const NameCues names = (cls ? names_.of(cls) : NameCues{}) | (id ? names_.of(id) : NameCues{});
            positive = positive || names.positive;
            // An <article> or <main> is the story or a teaser; its class names list the
            // post's tags and features ("tag-sharing format-standard"), not a region.
            if (positive || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) chrome = Chrome::None;
            else if (names.comments) chrome = Chrome::Comments;
            else if (names.strong) chrome = Chrome::Strong;
            else if (names.weak) chrome = Chrome::Weak;
        }

        if (role == Role::Inline) {
            // Inline boilerplate ("Advertisement" labels, share links, screen-reader text) is not read.
            if (chrome != Chrome::None) return false;
            if (tag == GUMBO_TAG_A && attr(e, "href")) ++links_;
            return true;
        }

        flush();
        block = true;
        Element el;
        el.parent = element_;
        el.kind = kind_of(tag, el.level);
        // A page-level <header> is chrome; an article's own header holds its headline and lead.
        if (!positive && chrome < Chrome::Tag &&
            (chrome_tag(tag, aria) || (tag == GUMBO_TAG_HEADER && !in_article())))
            chrome = Chrome::Tag;
        // A form is chrome unless it wraps the whole page, as ASP.NET pages do.
        if (tag == GUMBO_TAG_FORM && chrome < Chrome::Strong) chrome = Chrome::Strong;
        // <noscript> says "enable JavaScript" or repeats an image; but an unclosed tag in it
        // (read as browsers without scripts read it) can swallow the rest of the page.
        if (tag == GUMBO_TAG_NOSCRIPT && chrome < Chrome::Weak) chrome = Chrome::Weak;
        el.chrome = chrome;
        el.positive = positive;
        el.article = tag == GUMBO_TAG_ARTICLE || aria == "article";
        el.main = tag == GUMBO_TAG_MAIN || aria == "main";
        el.header = tag == GUMBO_TAG_HEADER;
        doc_.elements.push_back(el);
        element_ = static_cast<int>(doc_.elements.size()) - 1;
        return true;
    }

    void leave(int saved_element, int saved_links, bool block) {
        if (block) flush();
        element_ = saved_element;
        links_ = saved_links;
    }

    // A script holding HTML to be shown by the page's JavaScript (Blogger puts whole
    // posts in <script type="text/template">): read as if it were in place.
    static bool html_template(const GumboElement& e) {
        const std::string type = lower(attr(e, "type"));
        return type == "text/template" || type == "text/html" || type == "text/x-template";
    }

    void walk_template(const GumboElement& e) {
        const std::optional<std::string> text = in_template_ ? std::nullopt : script_text(e, runs_);
        if (!text || text->find('<') == std::string::npos) return;
        Parsed fragment(*text);
        in_template_ = true;
        const GumboNode* root = fragment.get()->root;
        const GumboVector& parts = root->v.element.children;
        for (unsigned i = 0; i < parts.length; ++i) {
            const auto* part = static_cast<const GumboNode*>(parts.data[i]);
            if (part->type == GUMBO_NODE_ELEMENT && part->v.element.tag == GUMBO_TAG_BODY) walk(part);
        }
        in_template_ = false;
    }

    bool in_article() const {
        for (int i = element_; i > 0; i = doc_.elements[static_cast<std::size_t>(i)].parent)
            if (doc_.elements[static_cast<std::size_t>(i)].article) return true;
        return false;
    }

    // Metadata carried by the element itself.
    void collect(const GumboNode* n, GumboTag tag) {
        const GumboElement& e = n->v.element;
        switch (tag) {
            case GUMBO_TAG_TITLE:
                if (doc_.title.empty()) {
                    std::string t;
                    subtree_text(n, runs_, t);
                    doc_.title = collapse(t);
                }
                return;
            case GUMBO_TAG_HTML:
                if (const char* l = attr(e, "lang")) doc_.lang = l;
                return;
            case GUMBO_TAG_META: {
                const char* key = attr(e, "property");
                if (!key) key = attr(e, "name");
                if (!key) key = attr(e, "itemprop");
                if (!key) key = attr(e, "http-equiv");
                const char* content = attr(e, "content");
                if (key && content) doc_.metas.push_back(Meta{lower(key), collapse(content)});
                return;
            }
            case GUMBO_TAG_LINK: {
                const std::string rel = lower(attr(e, "rel"));
                const char* href = attr(e, "href");
                if (rel == "canonical" && href && doc_.canonical.empty()) doc_.canonical = href;
                return;
            }
            case GUMBO_TAG_SCRIPT: {
                const std::string type = lower(attr(e, "type"));
                if (type == "application/ld+json")
                    if (auto json = script_text(e, runs_)) doc_.json_ld.push_back(std::move(*json));
                return;
            }
            case GUMBO_TAG_TIME: {
                const char* dt = attr(e, "datetime");
                if (!dt) return;
                const char* ip = attr(e, "itemprop");
                const std::string cls = lower(attr(e, "class"));
                bool published = attr(e, "pubdate") || (ip && !std::strcmp(ip, "datePublished")) ||
                                 contains(cls, "publish") || contains(cls, "pubdate");
                doc_.times.push_back(TimeMark{dt, published});
                return;
            }
            default:
                break;
        }
        const char* ip = attr(e, "itemprop");
        const std::string rel = tag == GUMBO_TAG_A ? lower(attr(e, "rel")) : std::string();
        if ((ip && !std::strcmp(ip, "author")) || rel == "author") {
            std::string t;
            subtree_text(n, runs_, t);
            t = collapse(t);
            if (!t.empty() && t.size() < 120) doc_.author_marks.push_back(t);
        }
        if (ip && !std::strcmp(ip, "datePublished")) {
            const char* v = attr(e, "datetime");
            if (!v) v = attr(e, "content");
            if (v) doc_.times.push_back(TimeMark{v, true});
        }
    }

    void text(const char* s) {
        if (cur_.empty()) {
            cur_element_ = element_;
            cur_links_ = 0;
            pending_space_ = false;
        }
        const std::size_t before = cur_.size();
        runs_.expand(s, [&](std::string_view piece) { append_text(cur_, pending_space_, piece); });
        if (links_ > 0) cur_links_ += code_points(std::string_view(cur_).substr(before));
    }

    // <br>: a new line in the block; two in a row end the paragraph.
    void brk() {
        if (cur_.empty()) return;
        if (cur_.back() == '\n') {
            cur_.pop_back();
            flush();
            return;
        }
        cur_.push_back('\n');
        pending_space_ = false;
    }

    void flush() {
        while (!cur_.empty() && (cur_.back() == '\n' || cur_.back() == ' ')) cur_.pop_back();
        if (!cur_.empty()) {
            Block b;
            b.chars = code_points(cur_);
            b.text = std::move(cur_);
            b.element = cur_element_;
            b.link_chars = std::min(cur_links_, b.chars);
            doc_.blocks.push_back(std::move(b));
        }
        cur_.clear();
        cur_links_ = 0;
        pending_space_ = false;
    }

    Doc& doc_;
    const TextRuns& runs_;
    NameCache names_;
    int element_ = 0;
    int links_ = 0;
    std::string cur_;
    int cur_element_ = 0;
    std::size_t cur_links_ = 0;
    bool pending_space_ = false;
    bool in_template_ = false;
};

}  // namespace

Doc read_html_doc(std::string_view utf8) {
    // Gumbo takes as long over scripts, style sheets, unread attributes and
    // indentation as over the story: three quarters of a news page's bytes.
    // And its text, which the walk reads but the tree does not need, is set aside.
    TextRuns runs;
    Parsed parsed(elide_unread(utf8, &runs));
    Doc doc;
    Walker(doc, runs).walk(parsed.get()->document);
    return doc;
}

}  // namespace annals::detail::html
