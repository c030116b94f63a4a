// parse_html(): an HTML page to an Article.
//
// The page is parsed by gumbo and flattened (html_doc), its metadata read
// (html_meta) and its story chosen (main_text). This file puts them together:
// the headline, byline and date lines that the story's container repeats are
// not body text, and when the container yields little the page's JSON-LD
// articleBody or all of its running text is used instead.
#include <string>
#include <vector>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "ingest/charset.hpp"
#include "ingest/cues.hpp"
#include "ingest/html_doc.hpp"
#include "ingest/html_meta.hpp"
#include "ingest/main_text.hpp"
#include "util/ascii.hpp"
#include "util/text.hpp"

namespace annals {

namespace {

using namespace detail;
using namespace detail::html;

// Below this many characters the chosen container is suspect and the fallbacks are tried.
constexpr std::size_t kShortBody = 250;
// Running text for pages made only of short lines.
constexpr std::size_t kShortLines = 20;

std::string first_h1(const Doc& doc) {
    for (const Block& b : doc.blocks) {
        const Element& e = doc.elements[static_cast<std::size_t>(b.element)];
        if (e.kind == Kind::Heading && e.level == 1) return b.text;
    }
    return {};
}

// A block that only repeats metadata: a byline, a contributor line, a date line.
bool metadata_line(const Block& b, Article& a) {
    if (b.chars > 160) return false;
    if (auto by = parse_byline(b.text)) {
        if (a.authors.empty()) a.authors = *by;
        return true;
    }
    if (auto c = parse_contributors(b.text)) {
        a.contributors = *c;
        return true;
    }
    return b.chars <= 60 && date_in_line(b.text).has_value();
}

// "Related stories", "© 2024 ...", "Advertisement" inside the story's container
// (a heading of these starts a section that is left out), or a call to subscribe
// or a photo credit, which is left out alone.
enum class Cue { None, Chrome, Appeal };
Cue chrome_line(const Block& b) {
    if (b.chars > 300) return Cue::None;
    const std::string low = lower_latin(b.text);
    if (chrome_cue(b.text, low) || soft_chrome(b.text, low)) return Cue::Chrome;
    return reader_appeal(low) ? Cue::Appeal : Cue::None;
}

// A line of punctuation only, which fold() leaves empty. An ASCII letter or
// digit is never folded away, so most lines are answered without folding them.
bool punctuation_only(std::string_view text) {
    for (const char c : text)
        if (is_ascii_alpha(c) || is_ascii_digit(c)) return false;
    return fold(text).empty();
}

std::string join(const Doc& doc, const std::vector<std::size_t>& blocks, const std::string& title, Article& a) {
    const std::string title_key = fold(title);
    std::string body;
    bool title_seen = false;
    bool chrome_section = false;  // under a heading such as "Comments" or "Related stories"
    for (std::size_t i : blocks) {
        const Block& b = doc.blocks[i];
        if (!title_seen) {
            // Up to the headline's repetition, the headline and metadata lines are left out...
            if (!title.empty()) {
                title_seen = b.text == title || fold(b.text) == title_key;
                if (title_seen || metadata_line(b, a)) continue;
            }
        } else if (punctuation_only(b.text) || metadata_line(b, a)) {
            continue;  // ...and after it, metadata lines and lines of punctuation only.
        }
        const Cue cue = chrome_line(b);
        if (doc.elements[static_cast<std::size_t>(b.element)].kind == Kind::Heading)
            chrome_section = cue == Cue::Chrome;
        if (cue != Cue::None || chrome_section) continue;
        if (!body.empty()) body += "\n\n";
        body += b.text;
    }
    return body;
}

// The byline just above the story's first paragraph ("By Jane Roe" between the
// headline and the text), which main_text() leaves out as a short line.
std::vector<std::string> byline_before(const Doc& doc, const std::vector<std::size_t>& story) {
    std::size_t first = story.front();
    for (std::size_t i : story)
        if (doc.blocks[i].chars >= kRunningText) {
            first = i;
            break;
        }
    for (std::size_t i = first, seen = 0; i-- > 0 && seen < 8; ++seen)
        if (doc.blocks[i].chars <= 160)
            if (auto by = parse_byline(doc.blocks[i].text)) return *by;
    return {};
}

// Plain text with one paragraph a line (as JSON-LD articleBody has it) with the
// blank line between paragraphs that Article::body uses.
std::string paragraphs(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = trim(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (line.empty()) continue;
        if (!out.empty()) out += "\n\n";
        out += line;
    }
    return out;
}

}  // namespace

Article parse_html(std::string_view bytes) {
    const Doc doc = read_html_doc(html_to_utf8(bytes).text);
    const PageMeta meta = read_meta(doc, first_h1(doc));

    Article a;
    a.title = meta.title;
    a.publication = meta.site;
    a.url = meta.url;
    if (!meta.language.empty() && lower_ascii(meta.language) != "en") a.language = meta.language;
    a.authors = meta.authors;
    a.categories = meta.sections;
    a.published = meta.published;

    const std::vector<std::size_t> story = main_text(doc);
    if (a.authors.empty() && !story.empty()) a.authors = byline_before(doc, story);
    a.body = join(doc, story, a.title, a);
    // Fallbacks. The body the page gives search engines, when the container holds
    // little or the JSON-LD articleBody is much longer (a story drawn by scripts).
    const std::size_t ld_body = meta.article_body.size();
    if ((a.body.size() < kShortBody && ld_body > a.body.size()) || ld_body > 2 * a.body.size())
        a.body = paragraphs(meta.article_body);
    // Every piece of running text outside chrome, when the container holds little.
    if (a.body.size() < kShortBody) {
        std::string all = join(doc, running_text(doc), a.title, a);
        if (all.size() > a.body.size()) a.body = std::move(all);
    }
    // A poem, a recipe card, a short note: lines too short to read as running text.
    if (a.body.empty()) a.body = join(doc, main_text(doc, kShortLines), a.title, a);
    if (trim(a.title).empty() && trim(a.body).empty()) throw InputError("", 0, "no title or text found in HTML");
    return a;
}

}  // namespace annals
