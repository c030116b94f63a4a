// More like this: the query for the articles most like one article. Its words
// are the article's stemmed words by frequency in it and rarity in the archive
// (tf-idf, words in more than a tenth of the archive left out); its people, places and
// organisations are added as their full-name terms with a fixed weight above
// what a word of the same rarity can score, since an article about the same
// people and places is more likely the same story than one sharing a rare word.
#pragma once

#include <string>

#include <xapian.h>

namespace annals::detail {

/// The more-like-this query for the article with id @p id in @p db: the OR of
/// its most telling words and entity names, the article itself excluded.
/// Throws QueryError at @p position when no article has that id.
Xapian::Query like_query(const Xapian::Database& db, const std::string& id, std::size_t position);

}  // namespace annals::detail
