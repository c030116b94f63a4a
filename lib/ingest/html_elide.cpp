// elide_unread(): the page cut down before gumbo parses it (see html_elide.hpp).
//
// The pass follows the HTML tokenizer only as far as it needs to: tags (with
// their quoted values), comments, and the elements whose text the tokenizer
// takes verbatim up to their end tag. Whatever else it meets is text.
#include "ingest/html_elide.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>

#include "ingest/attributes.hpp"
#include "ingest/html_names.hpp"
#include "util/ascii.hpp"
#include "util/text.hpp"

namespace annals::detail::html {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool ends_name(std::string_view s, std::size_t at) {
    return at >= s.size() || s[at] == '>' || s[at] == '/' || is_ascii_space(s[at]);
}

// The '>' that ends the tag opening at @p lt, skipping quoted attribute values;
// npos when the tag never ends.
std::size_t tag_end(std::string_view s, std::size_t lt) {
    bool after_equals = false;
    for (std::size_t i = lt + 1; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '>') return i;
        if (after_equals && (c == '"' || c == '\'')) {
            i = s.find(c, i + 1);
            if (i == npos) return i;
            after_equals = false;
        } else if (c == '=') {
            after_equals = true;
        } else if (!is_ascii_space(c)) {
            after_equals = false;
        }
    }
    return npos;
}

// The '<' of the first "</name" (ending a name) at or after @p from; npos when none.
std::size_t end_tag(std::string_view s, std::size_t from, std::string_view name) {
    for (std::size_t i = s.find("</", from); i != npos; i = s.find("</", i + 2))
        if (starts_with_ci(s, i + 2, name) && ends_name(s, i + 2 + name.size())) return i;
    return npos;
}

// Just past the comment opening at @p lt ("<!--"), where the tokenizer ends it:
// at the first "-->" or "--!>", or at once for "<!-->" and "<!--->"; npos when
// it runs to the end of the page.
std::size_t comment_end(std::string_view s, std::size_t lt) {
    const std::size_t body = lt + 4;
    if (s.compare(body, 1, ">") == 0) return body + 1;
    if (s.compare(body, 2, "->") == 0) return body + 2;
    for (std::size_t at = s.find("--", body); at != npos; at = s.find("--", at + 1)) {
        if (s.compare(at + 2, 1, ">") == 0) return at + 3;
        if (s.compare(at + 2, 2, "!>") == 0) return at + 4;
    }
    return npos;
}

// The index in kRead of an attribute (any case) that the walk reads (the attr()
// calls in html_doc.cpp) or that gumbo's tree builder looks at (input type,
// annotation-xml encoding, and font color/face/size, which end foreign
// content); -1 for any other.
int read_attribute(std::string_view name) {
    static const std::string_view kRead[] = {
        "class", "id", "itemprop", "role", "style", "hidden", "aria-hidden", "lang", "href", "rel",
        "name", "property", "content", "http-equiv", "type", "datetime", "pubdate",
        "encoding", "color", "face", "size"};
    for (std::size_t k = 0; k < std::size(kRead); ++k)
        if (name.size() == kRead[k].size() && starts_with_ci(name, 0, kRead[k])) return static_cast<int>(k);
    return -1;
}

// The value of attribute @p key of tag @p name cut down to what the walk reads
// of it, "" to leave the attribute out; nullopt to keep it as written. A class
// or id becomes the words that say the same (html_names.hpp: most say
// nothing), a style whether it hides, a rel only "author" or "canonical".
// Values holding character references stay as written: gumbo decodes them.
std::optional<std::string> digest(std::string_view key, std::string_view name, std::string_view value,
                                  NameCache& names) {
    // Two scans, not find_first_of(), which looks each byte up in the set with a call of its own.
    if (value.find('&') != npos || value.find('\0') != npos) return std::nullopt;
    if (key == "class" || key == "id") {
        if (name == "time" && key == "class") return std::nullopt;  // read for "publish" and "pubdate"
        return cue_words(names.of(value));
    }
    if (key == "style") return hiding_style(value) ? "display:none" : "";
    if (key == "rel") {
        const std::string rel = lower_ascii(value);
        return rel == "author" || rel == "canonical" ? std::optional<std::string>(rel) : "";
    }
    return std::nullopt;
}

// The value, in lower case, of attribute @p key of the start tag @p tag (whose
// name is @p name_size bytes): of its first @p key, as gumbo keeps the first of
// repeated attributes. "" when it has none; nullopt when its attributes do not
// split cleanly up to its '>', or when the value holds a character reference
// (gumbo decodes them, this pass does not), so that the value is unknown.
std::optional<std::string> attribute(std::string_view tag, std::size_t name_size, std::string_view key) {
    std::size_t pos = 1 + name_size;
    while (const auto a = next_attribute(tag, pos)) {
        if (a->name.size() != key.size() || !starts_with_ci(a->name, 0, key)) continue;
        if (a->value.find('&') != npos) return std::nullopt;
        return lower_ascii(a->value);
    }
    if (pos != tag.size() - 1) return std::nullopt;
    return std::string();
}

// True when the <link> tag @p tag says rel=canonical, or may say it.
bool canonical_link(std::string_view tag) {
    const auto rel = attribute(tag, 4, "rel");
    return !rel || *rel == "canonical";
}

// True when the walk may read the text of the <script> whose start tag is
// @p tag: JSON-LD and HTML templates (see Walker), by their type as the walk
// reads it; or a type this pass cannot read.
bool read_script(std::string_view tag) {
    const auto type = attribute(tag, 6, "type");
    return !type || *type == "application/ld+json" || *type == "text/template" || *type == "text/html" ||
           *type == "text/x-template";
}

// Appends to @p out the start tag @p tag ("<name ...>", as tag_end() found it;
// @p name in lower case) without the attributes the walk never reads (src,
// srcset, data-*, alt, width, event handlers...: a fifth of a page's bytes),
// with an href's value only on <link rel=canonical> (the page's address:
// elsewhere the walk asks only whether there is one), and class, id, style and
// rel digested. A tag whose attributes do not split cleanly up to its final
// '>' (tag_end() and the tokenizer disagree) is appended whole.
void slim_tag(std::string& out, std::string_view tag, std::string_view name, NameCache& names) {
    const std::size_t start = out.size(), last = tag.size() - 1;  // tag[last] is the '>'
    const bool href_read = name == "link" && canonical_link(tag);
    out.append(tag.substr(0, 1 + name.size()));
    std::size_t pos = 1 + name.size();
    std::uint32_t seen = 0;  // read attributes met: gumbo keeps the first of repeated ones
    for (;;) {
        const std::size_t gap = pos;  // spaces and '/' before the attribute
        const auto a = next_attribute(tag, pos);
        if (!a) {
            if (pos != last) {  // an earlier '>' or an open quote: not one tag
                out.resize(start);
                out.append(tag);
                return;
            }
            // Between attributes a '/' means nothing; just before the '>' it closes the tag.
            if (pos > gap && tag[pos - 1] == '/') out.push_back('/');
            break;
        }
        const int read = read_attribute(a->name);
        if (read < 0 || (seen & (1u << read))) continue;
        seen |= 1u << read;
        const std::string key = lower_ascii(a->name);
        const auto value = digest(key, name, a->value, names);
        if (value && value->empty()) continue;
        out.push_back(' ');
        if (value) out.append(a->name).append("=\"").append(*value).push_back('"');
        else if (key == "href" && !href_read) out.append(a->name);
        else out.append(a->name.data(), static_cast<std::size_t>(tag.data() + pos - a->name.data()));
    }
    out.push_back('>');
}

// The cut-down page as it is written: text with its runs of whitespace made
// one character (also across a comment left out), everything else as given.
class Output {
  public:
    Output(std::size_t reserve, TextRuns* runs) : runs_(runs) { out_.reserve(reserve); }

    void text(std::string_view s) {
        const std::size_t from = out_.size();
        for (std::size_t i = 0; i < s.size();) {
            std::size_t j = i;
            if (is_ascii_space(s[i])) {
                if (!space_) out_.push_back(s[i]);
                space_ = true;
                while (++j < s.size() && is_ascii_space(s[j])) {}
            } else {
                while (++j < s.size() && !is_ascii_space(s[j])) {}
                out_.append(s.substr(i, j - i));
                space_ = false;
            }
            i = j;
        }
        if (runs_) runs_->set_aside(out_, from, TextRuns::Kind::Text);
    }

    // The text of a script that the walk reads, as it is.
    void script(std::string_view s) {
        const std::size_t from = out_.size();
        raw(s);
        if (runs_) runs_->set_aside(out_, from, TextRuns::Kind::Script);
    }

    void raw(std::string_view s) {
        out_.append(s);
        space_ = false;
    }

    void tag(std::string_view tag, std::string_view name, NameCache& names) {
        slim_tag(out_, tag, name, names);
        space_ = false;
    }

    std::string take() { return std::move(out_); }

  private:
    std::string out_;
    TextRuns* runs_;      // where text goes, or null to leave it in place
    bool space_ = false;  // out_ ends with whitespace of text
};

}  // namespace

std::string elide_unread(std::string_view html, TextRuns* runs) {
    Output out(html.size() / 2, runs && TextRuns::usable(html) ? runs : nullptr);
    NameCache names;
    std::size_t copied = 0;  // html[copied..] is not in out yet
    // At anything it cannot follow, the rest stays as written.
    const auto rest_as_written = [&] {
        out.raw(html.substr(copied));
        return out.take();
    };
    for (std::size_t i = html.find('<'); i != npos; i = html.find('<', i)) {
        if (html.compare(i, 4, "<!--") == 0) {
            const std::size_t end = comment_end(html, i);
            if (end == npos) return rest_as_written();
            out.text(html.substr(copied, i - copied));
            copied = i = end;
            continue;
        }
        if (html.compare(i, 2, "<!") == 0 || html.compare(i, 2, "<?") == 0) {
            // A doctype (its identifiers choose the quirks mode), CDATA (which ends
            // at "]]>" in SVG and MathML, at '>' elsewhere) or a bogus comment.
            std::size_t end = html.compare(i, 9, "<![CDATA[") == 0 ? html.find("]]>", i) : npos;
            end = end == npos ? html.find('>', i) : end + 2;
            if (end == npos) return rest_as_written();
            out.text(html.substr(copied, i - copied));
            out.raw(html.substr(i, end + 1 - i));
            copied = i = end + 1;
            continue;
        }
        if (html.compare(i, 2, "</") == 0 && i + 2 < html.size() && is_ascii_alpha(html[i + 2])) {
            // An end tag, written as it is; one whose quotes hide its end is left in the text.
            const std::size_t end = tag_end(html, i);
            if (end == npos) {
                ++i;
                continue;
            }
            out.text(html.substr(copied, i - copied));
            out.raw(html.substr(i, end + 1 - i));
            copied = i = end + 1;
            continue;
        }
        std::size_t name_end = i + 1;
        while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
        if (name_end == i + 1 || !std::isalpha(static_cast<unsigned char>(html[i + 1])) || !ends_name(html, name_end)) {
            ++i;  // an end tag or a '<' in text
            continue;
        }
        const std::string name = lower_ascii(html.substr(i + 1, name_end - i - 1));
        const std::size_t end = tag_end(html, i);
        if (end == npos || name == "plaintext") return rest_as_written();
        out.text(html.substr(copied, i - copied));
        // Elements whose text the tokenizer takes verbatim up to their end tag: a
        // '<' inside them starts no tag.
        static const std::string_view kVerbatim[] = {"script", "style", "textarea", "title", "xmp",
                                                     "iframe", "noembed", "noframes"};
        if (std::find(std::begin(kVerbatim), std::end(kVerbatim), name) == std::end(kVerbatim)) {
            out.tag(html.substr(i, end + 1 - i), name, names);
            copied = i = end + 1;
            // Preformatted text keeps its spaces (and the line break gumbo drops
            // after the start tag stays the first character).
            if (name == "pre" || name == "listing") {
                const std::size_t close = end_tag(html, i, name);
                if (close == npos) return rest_as_written();
                out.raw(html.substr(i, close - i));
                copied = i = close;
            }
            continue;
        }
        const std::size_t close = end_tag(html, end + 1, name);
        if (close == npos) {
            copied = i;
            return rest_as_written();
        }
        const std::string_view content = html.substr(end + 1, close - end - 1);
        // Scripts the reader looks at: JSON-LD and HTML templates (see Walker).
        const bool read = name == "script" && read_script(html.substr(i, end + 1 - i));
        // "<!--" in a script can hide a "</script>" from the tokenizer: leave those.
        const bool elide = (name == "script" && !read && content.find("<!--") == npos) || name == "style";
        out.tag(html.substr(i, end + 1 - i), name, names);
        if (read && content.find("<!--") == npos) out.script(content);
        else if (!elide) out.raw(content);
        copied = i = close;  // the end tag is next
    }
    out.text(html.substr(copied));
    return out.take();
}

namespace {

// The marks: U+F0000 to U+FFFFD, then U+100000 to U+10FFFD (the last two of each
// plane are noncharacters, which gumbo replaces).
constexpr std::uint32_t kPlane = 0xFFFE;
constexpr std::size_t kMaxRuns = 2 * kPlane;

std::uint32_t mark_code_point(std::size_t i) {
    return static_cast<std::uint32_t>(i < kPlane ? 0xF0000 + i : 0x100000 + (i - kPlane));
}

// The code point of a character reference "&#..." at @p at (digits or x and hex
// digits), capped above U+10FFFF; 0 when none follows.
std::uint32_t numeric_reference(std::string_view s, std::size_t at) {
    std::size_t i = at + 2;
    const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    std::uint32_t value = 0;
    for (; i < s.size(); ++i) {
        const char c = ascii_lower(s[i]);
        int digit;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else break;
        value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit), 0x110000);
    }
    return value;
}

// True when gumbo copies @p run into its text as it is: (but in a script) no
// character reference or '<', and none of the characters it replaces by U+FFFD
// (C0 controls but tab, line feed, form feed and carriage return; DEL and the C1
// controls; U+FDD0 to U+FDEF; U+xFFFE and U+xFFFF). The run is valid UTF-8
// (html_to_utf8 made it so).
bool copied_as_is(std::string_view run, TextRuns::Kind kind) {
    const bool text = kind == TextRuns::Kind::Text;
    for (std::size_t i = 0; i < run.size(); ++i) {
        const auto c = static_cast<unsigned char>(run[i]);
        if (c < 0x80) {
            if ((text && (c == '<' || c == '&')) || c == 0x7F || (c < 0x20 && !is_ascii_space(static_cast<char>(c))))
                return false;
            continue;
        }
        const auto at = [&](std::size_t k) {
            return i + k < run.size() ? static_cast<unsigned char>(run[i + k]) : 0u;
        };
        if (c == 0xC2 && at(1) < 0xA0) return false;
        if (c == 0xEF && ((at(1) == 0xB7 && at(2) >= 0x90 && at(2) <= 0xAF) || (at(1) == 0xBF && at(2) >= 0xBE)))
            return false;
        if (c >= 0xF0 && (at(1) & 0x0F) == 0x0F && at(2) == 0xBF && at(3) >= 0xBE) return false;
    }
    return true;
}

}  // namespace

bool TextRuns::usable(std::string_view html) {
    if (html.find('\xF3') != npos || html.find('\xF4') != npos) return false;
    for (std::size_t at = html.find("&#"); at != npos; at = html.find("&#", at + 2))
        if (numeric_reference(html, at) >= 0xF0000) return false;
    return true;
}

void TextRuns::set_aside(std::string& page, std::size_t from, Kind kind) {
    std::size_t begin = from, end = page.size();
    if (kind == Kind::Text) {
        while (begin < end && is_ascii_space(page[begin])) ++begin;
        while (end > begin && is_ascii_space(page[end - 1])) --end;
    }
    if (end - begin <= 4 || ends_.size() == kMaxRuns) return;
    const std::string_view run(page.data() + begin, end - begin);
    if (!copied_as_is(run, kind)) return;
    for (std::size_t i = 0; i < run.size(); ++i) {  // CR LF and a lone CR are LF to gumbo
        const bool cr = run[i] == '\r';
        text_.push_back(cr ? '\n' : run[i]);
        if (cr && i + 1 < run.size() && run[i + 1] == '\n') ++i;
    }
    ends_.push_back(static_cast<std::uint32_t>(text_.size()));
    std::string mark;  // 4 bytes: every mark is past U+FFFF
    append_utf8(mark, mark_code_point(ends_.size() - 1));
    page.replace(begin, end - begin, mark);
}

std::size_t TextRuns::index(std::string_view mark) {
    const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(mark[k])); };
    if ((b(1) & 0xC0) != 0x80 || (b(2) & 0xC0) != 0x80 || (b(3) & 0xC0) != 0x80) return npos;
    const std::uint32_t cp = ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    if (cp >= 0x100000) return cp - 0x100000 < kPlane ? kPlane + (cp - 0x100000) : npos;
    return cp >= 0xF0000 && cp - 0xF0000 < kPlane ? cp - 0xF0000 : npos;
}

}  // namespace annals::detail::html
