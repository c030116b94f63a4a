// elide_unread(): a page cut down, before gumbo parses it, to what read_html_doc()
// reads. Gumbo's tokenizer goes through the page a character at a time and
// hands every character of text to the tree builder one by one, so each byte it
// is spared is time saved, whether the reader would have looked at it or not.
#pragma once

#include <string>
#include <string_view>

namespace annals::detail::html {

/// @p html without what the reader never reads, so that it parses to the same
/// tree but for those (elements, nesting and the text the reader keeps alike):
///   - the contents of <style> and <script> elements, except scripts the
///     reader uses (JSON-LD, HTML templates) and scripts holding "<!--" (which
///     can hide their end tag);
///   - comments;
///   - attributes of start tags that the reader does not look at (src,
///     data-*, alt...), and the value of href but on <link rel=canonical> (the
///     reader only asks whether a link has one); the spaces between attributes
///     become one;
///   - each run of spaces, tabs and line breaks in text becomes its first
///     character, since the reader collapses them alike; but the text of
///     <pre> and <listing> is left as it is.
/// Doctypes (whose identifiers choose the quirks mode) and the verbatim text of
/// <title>, <textarea> and the like are left as they are, and at anything it
/// cannot follow (an unterminated comment, tag or element, a tag whose quotes
/// hide its end) the rest or the tag is left as it is.
std::string elide_unread(std::string_view html);

}  // namespace annals::detail::html
