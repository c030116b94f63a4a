// The matches of positional queries (phrases, NEAR), kept between searches.
// Counting such a query exactly checks the word positions of every document
// holding all its words: at 200,000 articles, "central bank" has 170,000 such
// candidates for 17,000 matches, and Xapian's check costs about 0.7 us a
// candidate (110 ms), against 8 ms to walk the candidates alone. Reading the
// positions through Xapian's public API ourselves costs four times as much per
// candidate (docs/scaling.md), so the check stays Xapian's; what is saved is
// doing it again. The first search of a query counts in its one ranked pass as
// before and keeps the docids it saw; the same query asked again (another page,
// other facets or sort of hits, a refresh) counts its kept docids, and its hits
// come from a ranked pass that may stop early. Kept per Searcher until it
// reopens its database.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace annals::detail {

/// Whether @p query checks word positions (a phrase or NEAR anywhere in it).
bool positional(const Xapian::Query& query);

/// Whether every match of @p query matches each of its weighted parts (terms,
/// phrases and NEAR joined by AND, with filters and exclusions): then its hits
/// rank alike, percentages included, when it is ANDed with a weightless
/// DocidList of its matches. Xapian scales percentages by the share of the
/// query's parts the best hit matches, and a posting source always counts as
/// matched: with an OR, that share would change.
bool matches_every_part(const Xapian::Query& query);

/// Given docids, ascending, as a Xapian posting source of no weight: the kept
/// matches of a query, so that ranking it checks positions only where they are
/// known to match, with Query(OP_AND, query, Query(new DocidList(matches)))
/// (see matches_every_part()).
class DocidList : public Xapian::PostingSource {
  public:
    explicit DocidList(std::shared_ptr<const std::vector<Xapian::docid>> docids) : docids_(std::move(docids)) {}
    void init(const Xapian::Database&) override { at_ = kBefore; }
    Xapian::doccount get_termfreq_min() const override { return size(); }
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    void next(double) override { ++at_; }
    void skip_to(Xapian::docid did, double) override;
    bool at_end() const override { return at_ != kBefore && at_ >= docids_->size(); }
    Xapian::docid get_docid() const override { return (*docids_)[at_]; }
    DocidList* clone() const override { return new DocidList(docids_); }

  private:
    static constexpr std::size_t kBefore = static_cast<std::size_t>(-1);  // next() moves to 0
    Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_->size()); }
    std::shared_ptr<const std::vector<Xapian::docid>> docids_;
    std::size_t at_ = kBefore;
};

/// Collects the docid of every document it is shown (register with
/// Enquire::add_matchspy and check every match).
class DocidCollector : public Xapian::MatchSpy {
  public:
    void operator()(const Xapian::Document& doc, double) override { docids.push_back(doc.get_docid()); }
    std::vector<Xapian::docid> docids;
};

/// Matches of recent queries on one database, least recently used dropped
/// first, within a budget of docids. Not thread-safe (a Searcher is used by one
/// thread at a time).
class MatchCache {
  public:
    using Docids = std::shared_ptr<const std::vector<Xapian::docid>>;

    /// At most @p entries queries and @p docids docids in all (4 bytes each).
    explicit MatchCache(std::size_t entries = 32, std::size_t docids = 8u << 20)
        : max_entries_(entries), max_docids_(docids) {}

    /// The kept matches of @p query, ascending, or nullptr.
    Docids find(const Xapian::Query& query);
    /// Keeps @p docids (every match of @p query, in any order) when they fit
    /// the budget; returns them, ascending, kept or not.
    Docids keep(const Xapian::Query& query, std::vector<Xapian::docid> docids);
    /// Forgets every query (the database was reopened).
    void clear();
    /// Queries kept.
    std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        std::string key;
        Docids docids;
    };
    std::size_t max_entries_, max_docids_, docids_ = 0;
    std::list<Entry> entries_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
};

}  // namespace annals::detail
