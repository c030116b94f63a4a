// The reading of an HTML page that main-text extraction and metadata work on.
//
// read_html_doc() parses the page with gumbo (an HTML5-conformant parser: the
// tree is the one a browser builds, whatever the markup's errors) and flattens
// it in one pass into
//   - elements: the block-level elements (div, p, article, li, td, ...), in
//     document order, each with its parent, so that a parent always comes
//     before its children;
//   - blocks: runs of text between block boundaries, each pointing at the
//     innermost element that holds it, with the share of its text in links;
//   - the page's metadata sources: <title>, <meta>, <link>, <html lang>,
//     JSON-LD scripts, <time datetime> and author markup.
// Scripts, styles, templates, forms controls, embedded media and hidden
// elements (hidden, aria-hidden, display:none) are not read. Elements whose
// tag, role, class or id say navigation, sharing, comments, advertising and
// the like are kept but flagged as boilerplate: main_text() decides.
//
// Gumbo stays behind this header's .cpp; the rest of ingest sees plain data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals::detail::html {

/// What kind of element holds a block of text.
enum class Kind : std::uint8_t {
    Text,       ///< a div, section, article ... holding text directly
    Cell,       ///< <td>, <th>
    Paragraph,  ///< <p>
    Heading,    ///< <h1>..<h6>
    ListItem,   ///< <li>, <dt>, <dd>
    Quote,      ///< <blockquote>
    Pre,        ///< <pre>
    Caption,    ///< <figcaption>, <caption>
};

/// How surely an element is page chrome rather than the story, by its tag,
/// ARIA role, class or id. main_text() lets a region that holds much of the
/// page's running text be a wrapper, more readily for the weaker levels.
enum class Chrome : std::uint8_t {
    None,
    Weak,      ///< names that also decorate story containers: "share", "meta", "teaser", "tools"
    Strong,    ///< names of navigation, ads, related links, newsletters, cookie notices
    Tag,       ///< <nav>, <aside>, <footer>, a page-level <header>, role=navigation...
    Comments,  ///< readers' comments: never the story, however long
};

struct Element {
    int parent = -1;
    Kind kind = Kind::Text;  ///< the kind of text it holds directly
    std::uint8_t level = 0;  ///< heading level 1-6, else 0
    Chrome chrome = Chrome::None;
    bool positive = false;   ///< class, id or itemprop names the article body
    bool article = false;    ///< <article> or role=article
    bool main = false;       ///< <main> or role=main
    bool header = false;     ///< <header>
};

struct Block {
    std::string text;            ///< whitespace collapsed, trimmed; "\n" where a <br> was
    int element = 0;             ///< innermost block element holding it
    std::size_t chars = 0;       ///< code points
    std::size_t link_chars = 0;  ///< code points inside <a href>
};

struct Meta {
    std::string key;  ///< property, name or itemprop, lower case
    std::string content;
};

struct TimeMark {
    std::string datetime;
    bool published = false;  ///< pubdate attribute, itemprop=datePublished or a class naming publication
};

struct Doc {
    std::vector<Element> elements;  ///< elements[0] is the document itself
    std::vector<Block> blocks;
    std::string title;              ///< text of the first <title>
    std::string lang;               ///< <html lang>
    std::string canonical;          ///< <link rel=canonical href>
    std::vector<Meta> metas;        ///< <meta> (and http-equiv content-language as "content-language")
    std::vector<std::string> json_ld;
    std::vector<TimeMark> times;
    std::vector<std::string> author_marks;  ///< text of rel=author links and itemprop=author elements
};

/// Parses @p utf8 (UTF-8) into a Doc. Never throws on malformed markup.
Doc read_html_doc(std::string_view utf8);

}  // namespace annals::detail::html
