// What class, id and style values say of their element (see html_names.hpp).
#include "ingest/html_names.hpp"

#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "util/ascii.hpp"
#include "util/text.hpp"

namespace annals::detail::html {

namespace {

// Words looked up by their first byte: a name is tested against the few
// words that start as it does, not against the whole list.
class WordList {
  public:
    WordList(std::initializer_list<std::string_view> words) {
        for (std::string_view w : words) by_first_[static_cast<unsigned char>(w.front())].push_back(w);
    }
    /// @p w is one of the words.
    bool has(std::string_view w) const {
        if (w.empty()) return false;
        for (std::string_view k : starting(w.front()))
            if (w == k) return true;
        return false;
    }
    /// @p w starts with one of the words.
    bool prefixes(std::string_view w) const {
        if (w.empty()) return false;
        for (std::string_view k : starting(w.front()))
            if (w.starts_with(k)) return true;
        return false;
    }
    /// One of the words stands somewhere in @p s.
    bool inside(std::string_view s) const {
        for (std::size_t i = 0; i < s.size(); ++i)
            for (std::string_view k : starting(s[i]))
                if (s.compare(i, k.size(), k) == 0) return true;
        return false;
    }

  private:
    const std::vector<std::string_view>& starting(char c) const { return by_first_[static_cast<unsigned char>(c)]; }
    std::array<std::vector<std::string_view>, 256> by_first_;
};

// A class or id in lower case with '-' and '_' removed, so that "article-body",
// "article__body" and "articleBody" read alike.
std::string squash(std::string_view names) {
    std::string out;
    for (char c : names) {
        if (c == '-' || c == '_') continue;
        out.push_back(ascii_lower(c));
    }
    return out;
}

// Names that mark the story's own container.
bool positive_name(std::string_view s) {
    static const WordList kWords{"articlebody", "articletext", "articlecontent", "storybody", "storycontent",
                                 "storytext", "entrycontent", "entrybody", "postcontent", "postbody", "posttext",
                                 "postentry", "contentbody", "bodytext", "textbody", "articlemain", "richtext",
                                 "articlecopy", "storycopy", "newsbody", "newstext", "newscontent", "blogpost",
                                 "articleinner", "articledetail", "detailtext", "mainarticle", "singlecontent"};
    return kWords.inside(s);
}

// @p s without the names that tools generate ("tagStyle-z4kqwb", "css-1k79xgg"):
// a part that mixes letters and digits is a hash, and its words mean nothing.
std::string written_names(std::string_view rest) {
    std::string out;
    while (!rest.empty()) {
        std::size_t space = 0;  // a loop, not find_first_of(), which makes a call a byte
        while (space < rest.size() && !is_ascii_space(rest[space])) ++space;
        const std::string_view name = rest.substr(0, space);
        rest = space == rest.size() ? std::string_view() : rest.substr(space + 1);
        bool hashed = false;
        std::size_t letters = 0, digits = 0, length = 0;
        for (std::size_t i = 0; i <= name.size(); ++i) {
            const char c = i < name.size() ? name[i] : '-';
            if (c == '-' || c == '_') {
                hashed = hashed || (length >= 5 && letters > 0 && digits >= 2);
                letters = digits = length = 0;
                continue;
            }
            ++length;
            if (c >= '0' && c <= '9') ++digits;
            else ++letters;
        }
        if (hashed || name.empty()) continue;
        out.append(name);
        out.push_back(' ');
    }
    return out;
}

// Calls @p f with each word of a class or id, lower case: words split at
// non-alphanumerics and where lower case turns upper ("shareBar-top" -> share,
// bar, top). True as soon as @p f is.
template <class F>
bool any_word(const std::string& names, F f) {
    const char* s = names.c_str();
    char word[32];
    std::size_t n = 0;
    bool lower_before = false;
    for (const char* p = s;; ++p) {
        const char c = *p;
        const bool upper = c >= 'A' && c <= 'Z';
        const bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum || (upper && lower_before)) {
            if (n > 0 && n < sizeof word && f(std::string_view(word, n))) return true;
            n = 0;
        }
        if (!c) return false;
        // A word that fills the buffer is too long to be a name we know: it is never tested.
        if (alnum && n < sizeof word) word[n++] = upper ? static_cast<char>(c - 'A' + 'a') : c;
        lower_before = c >= 'a' && c <= 'z';
    }
}

bool comment_word(std::string_view w) {
    return (w.starts_with("comment") && !w.starts_with("commentar")) || w.starts_with("disqus");
}

// Words of the names of regions around the story. Strong words name chrome
// whatever it holds; weak ones also decorate story containers ("entry share",
// "article-teaser" for a lead, "post-meta").
bool strong_word(std::string_view w) {
    static const WordList kWords{"ad", "ads", "adv", "nav", "masthead", "modal", "consent", "gdpr", "disclaimer",
                                 "toolbar", "signin", "register", "donate", "ticker", "topbar", "copyright",
                                 "nocontent", "promo", "promos", "promotion", "promotions"};
    static const WordList kStarts{"social", "related", "newsletter", "subscri", "advert", "sponsor", "cookie",
                                  "breadcrumb", "sidebar", "footer", "navbar", "navigation", "menu", "popup",
                                  "recommend", "paginat", "outbrain", "taboola", "mostread", "mostpopular",
                                  "readmore", "trending", "signup", "login", "tagcloud", "taglist"};
    return kWords.has(w) || kStarts.prefixes(w);
}

bool weak_word(std::string_view w) {
    static const WordList kWords{"tag", "tags", "meta", "aside", "author", "bio", "date", "caption", "credit",
                                 "credits", "print", "noprint", "rail", "toc", "follow", "rating", "popular",
                                 "secondary", "tools", "aux", "banner", "overlay", "feedback", "slider", "carousel",
                                 "keywords", "topics", "pager", "extra", "byline"};
    return kWords.has(w) || w.starts_with("share") || w.starts_with("teaser");
}

// Names written as one word that the word test cannot see.
bool negative_compound(std::string_view squashed) {
    static const WordList kWords{"sronly", "visuallyhidden", "screenreader", "readalso", "alsoread", "morestories",
                                 "skiplink", "authorbox", "aboutauthor", "authorbio", "linklist", "servicelinks",
                                 "nextprev", "prevnext", "postmeta", "entrymeta", "articlemeta"};
    return kWords.inside(squashed);
}

}  // namespace

NameCues read_names(std::string_view value) {
    const std::string plain = written_names(value);
    const std::string squashed = squash(plain);
    NameCues cues{positive_name(squashed), false, negative_compound(squashed), false};
    any_word(plain, [&](std::string_view w) {  // one pass over the words for the three lists
        cues.comments = cues.comments || comment_word(w);
        cues.strong = cues.strong || strong_word(w);
        cues.weak = cues.weak || weak_word(w);
        return cues.comments && cues.strong && cues.weak;
    });
    return cues;
}

std::string cue_words(const NameCues& cues) {
    std::string out;
    for (const auto& [on, word] : {std::pair{cues.positive, "articlebody"}, std::pair{cues.comments, "comments"},
                                   std::pair{cues.strong, "nav"}, std::pair{cues.weak, "tags"}}) {
        if (!on) continue;
        if (!out.empty()) out.push_back(' ');
        out += word;
    }
    return out;
}

bool hiding_style(std::string_view style) {
    std::string s;
    for (const char c : style)
        if (c != ' ') s.push_back(ascii_lower(c));
    return contains(s, "display:none") || contains(s, "visibility:hidden");
}

}  // namespace annals::detail::html
