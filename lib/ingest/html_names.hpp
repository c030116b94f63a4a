// What the class, id and style attributes of an element say of it: the names
// of a story's container or of page chrome, and hiding. The walk over gumbo's
// tree reads them (html_doc.cpp), and so does the pass that cuts a page down
// before gumbo parses it (html_elide.cpp), which writes each value as the few
// words that say the same.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace annals::detail::html {

/// What a class or id value says of its element.
struct NameCues {
    bool positive = false;  ///< names the article body ("article-body", "entry-content")
    bool comments = false;  ///< names readers' comments
    bool strong = false;    ///< names chrome whatever it holds (navigation, ads, related links...)
    bool weak = false;      ///< names chrome that may also be a story container ("share", "meta")

    bool any() const { return positive || comments || strong || weak; }
    NameCues operator|(const NameCues& o) const {
        return {positive || o.positive, comments || o.comments, strong || o.strong, weak || o.weak};
    }
    bool operator==(const NameCues&) const = default;
};

/// Reads a class or id value: its names split into words ("shareBar-top" ->
/// share, bar, top; generated names such as "css-1k79xgg" left out), tested
/// against the word lists of story containers and chrome.
NameCues read_names(std::string_view value);

/// A value of a few words that read_names() reads as @p cues, and as nothing
/// else ("" for none).
std::string cue_words(const NameCues& cues);

/// read_names() of each value met, read once: a page repeats its class lists
/// (a menu's items, a list of teasers) three times over. Not thread-safe.
class NameCache {
  public:
    NameCues of(std::string_view value) {
        const auto found = seen_.find(value);
        if (found != seen_.end()) return found->second;
        return seen_.emplace(std::string(value), read_names(value)).first->second;
    }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, NameCues, Hash, std::equal_to<>> seen_;
};

/// True when a style attribute hides its element (display:none, visibility:hidden).
bool hiding_style(std::string_view style);

}  // namespace annals::detail::html
