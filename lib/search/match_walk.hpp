// Counting the matches of a simple query without Xapian's matcher. A pass that
// only counts (exact totals, facets, duplicate groups) needs no weights and no
// ranking, yet Xapian's matcher still handles every match as a candidate for its
// result set: at 200,000 articles, 540 instructions a match for one word and
// 800 for two ANDed, against about 100 per posting moved here. Only queries of
// terms, AND, OR, AND_NOT, FILTER, SYNONYM, AND_MAYBE and scaled weights are
// walked; anything that checks each candidate (phrases, NEAR, value ranges,
// posting sources, unexpanded wildcards) is left to Xapian.
#pragma once

#include <memory>

#include <xapian.h>

namespace annals::detail {

/// The documents matching one query, in docid order. Single databases only
/// (a combined database's docids interleave its parts).
class MatchWalk {
  public:
    struct Node;
    /// A walk of @p query over @p db, or nullptr when the query has a part that
    /// cannot be walked (see above).
    static std::unique_ptr<MatchWalk> of(const Xapian::Database& db, const Xapian::Query& query);
    ~MatchWalk();

    /// The first matching docid at or after @p from, or 0 when there is none.
    /// Calls must ask for docids that never go down.
    Xapian::docid next(Xapian::docid from);

  private:
    explicit MatchWalk(std::unique_ptr<Node> root);
    std::unique_ptr<Node> root_;
};

}  // namespace annals::detail
