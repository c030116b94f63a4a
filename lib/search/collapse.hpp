// --collapse on one local database without Xapian's collapse key. Xapian's
// collapser builds every candidate in full and keeps a table by key string,
// which costs a broad query several times its matching (a sorted query ten
// times: measured at 200,000 articles, docs/scaling.md). Here a spy counts the
// groups of the matches from an in-memory column of small group numbers, and
// the hits are the ranked matches with each group's later members dropped:
// the same hits, in the same order, as Xapian's collapse with one per key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

namespace annals::detail {

/// The duplicate group (value slot 22) of every document of one database, as
/// numbers: of[docid] is 0 for an article of no group, else 1 + the group's
/// index in names.
struct GroupColumn {
    std::vector<std::uint32_t> of;
    std::vector<std::string> names;

    /// Reads slot 22 of @p db (only articles of a group of two or more have one).
    explicit GroupColumn(const Xapian::Database& db);
    std::uint32_t group(Xapian::docid did) const { return did < of.size() ? of[did] : 0; }
};

/// Counts the matches of a query and the duplicate groups among them. Register
/// with Enquire::add_matchspy and check every match (check_at_least).
class GroupSpy : public Xapian::MatchSpy {
  public:
    explicit GroupSpy(const GroupColumn& column) : column_(column), seen_(column.names.size() + 1, false) {}
    void operator()(const Xapian::Document& doc, double) override { match(doc.get_docid()); }
    /// Counts document @p did (for matches walked without Xapian's matcher).
    void match(Xapian::docid did);

    /// Adds what @p other (a spy on the same column) saw, for matches counted
    /// in parts (search/parallel_count.hpp).
    void merge(const GroupSpy& other);

    /// Matches seen.
    std::size_t matches() const { return matches_; }
    /// Matches once each group is folded into one.
    std::size_t folded() const { return matches_ - grouped_ + groups_; }

  private:
    const GroupColumn& column_;
    std::vector<bool> seen_;
    std::size_t matches_ = 0, grouped_ = 0, groups_ = 0;
};

/// The hits of @p mset (ranked) that stand for their group: the first of each
/// group, and every article of no group; at most @p wanted of them.
std::vector<Xapian::MSetIterator> fold(const Xapian::MSet& mset, const GroupColumn& column, std::size_t wanted);

}  // namespace annals::detail
