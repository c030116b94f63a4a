// elide_unread(): a page cut down, before gumbo parses it, to what read_html_doc()
// reads. Gumbo's tokenizer goes through the page a character at a time and
// hands every character of text to the tree builder one by one, so each byte it
// is spared is time saved, whether the reader would have looked at it or not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace annals::detail::html {

/// Runs of a page's text that elide_unread() set aside, each left in the page as
/// one mark: a code point of the supplementary private use planes (U+F0000 and
/// on), which gumbo copies into its text nodes as it is. Gumbo spends some 500
/// instructions on every character of text, to hand each one alone to its tree
/// builder; for the tree, a run only has to be one character that is not
/// whitespace. A run is set aside only when gumbo would have copied it
/// unchanged: no character reference and no '<' (but in a script), no character
/// that gumbo replaces (controls, noncharacters), and line ends read as gumbo
/// reads them.
class TextRuns {
  public:
    /// Calls @p out with the pieces of @p text (a text node of the cut-down page)
    /// in order, each mark replaced by its run; @p text whole when it has none.
    template <class Out>
    void expand(std::string_view text, Out&& out) const {
        if (ends_.empty()) {
            out(text);
            return;
        }
        std::size_t from = 0;
        for (std::size_t i = 0; i + 3 < text.size(); ++i) {
            const auto lead = static_cast<unsigned char>(text[i]);
            if (lead < 0xF3) continue;
            const std::size_t run = index(text.substr(i, 4));
            if (run >= ends_.size()) continue;
            out(text.substr(from, i - from));
            out(this->run(run));
            from = i + 4;
            i += 3;
        }
        out(text.substr(from));
    }

    /// The run of mark number @p i.
    std::string_view run(std::size_t i) const {
        const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(text_).substr(begin, ends_[i] - begin);
    }

    /// How many runs were set aside.
    std::size_t size() const { return ends_.size(); }

    /// For elide_unread(): true when marks can stand in @p html's text, which
    /// holds no character of their planes, not even as a character reference.
    static bool usable(std::string_view html);

    /// What elide_unread() sets aside: text between tags, or the text of a
    /// script that the walk reads (JSON-LD, an HTML template).
    enum class Kind { Text, Script };

    /// For elide_unread(): replaces @p page[@p from..] by a mark, when gumbo
    /// would copy it unchanged and it is longer than a mark. The whitespace at
    /// the ends of a Kind::Text run stays in place (for the tree, text that is
    /// only whitespace is not like other text).
    void set_aside(std::string& page, std::size_t from, Kind kind);

  private:
    // The run number a 4-byte mark stands for; past size() for any other text.
    static std::size_t index(std::string_view mark);

    std::string text_;                 // the runs, one after another
    std::vector<std::uint32_t> ends_;  // where each run ends in text_
};

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
/// With @p runs, the text between tags is also set aside in it (see TextRuns),
/// unless the page holds characters of the planes the marks use.
std::string elide_unread(std::string_view html, TextRuns* runs = nullptr);

}  // namespace annals::detail::html
