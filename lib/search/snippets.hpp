// Snippets: a ~200-byte excerpt of an article body around the words the user
// typed, those words wrapped in <b>...</b>, the rest HTML-escaped.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace annals::detail {

/// Makes snippets that highlight @p terms (unstemmed words and their "Z" stems, as
/// ParsedQuery::highlight lists them). Field values such as person:rubio count as
/// typed words too, which Xapian's own highlighting of the search query would miss.
class SnippetMaker {
  public:
    SnippetMaker(const Xapian::Database& db, const std::vector<std::string>& terms);
    /// The excerpt of @p text; its start when no highlighted word occurs.
    std::string operator()(const std::string& text) const;

  private:
    Xapian::Enquire enquire_;
    Xapian::MSet mset_;  // empty: only carries the highlight query for MSet::snippet
    Xapian::Stem stemmer_;  // stems folded words, so "Zürich" matches the stem of zurich
    bool highlight_;
};

}  // namespace annals::detail
