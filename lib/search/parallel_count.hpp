// Counting the matches of one search on several cores. Exact totals and facets
// must see every match, and on a large archive a broad query has most of it:
// at 200,000 articles, "peace talks" (180,000 matches, 5 facets) took 18 to 29
// ms on one thread and 12 to 17 on two, a phrase asked for the first time 63
// to 73 ms and 38 to 58 (docs/scaling.md). The matches are counted in docid
// ranges by the searching thread and helper threads, each with its own handle
// on the database (Xapian's objects, queries included, must not be shared
// between threads: a query crosses as its serialised form), while the
// searching thread first ranks the hits. Single local databases only, as the
// ranges are docid ranges (docs/scaling.md, "Counting on every core").
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace annals::detail {

/// Docids [lo, hi) as a Xapian posting source, so that a query can be matched
/// over one range: Query(OP_FILTER, query, Query(new DocidRange(lo, hi))).
/// The docids need not exist (a range may hold deleted ones).
class DocidRange : public Xapian::PostingSource {
  public:
    DocidRange(Xapian::docid lo, Xapian::docid hi) : lo_(lo), hi_(hi) {}
    void init(const Xapian::Database& db) override;
    Xapian::doccount get_termfreq_min() const override { return 0; }  // deleted documents leave gaps
    Xapian::doccount get_termfreq_est() const override { return size_; }
    Xapian::doccount get_termfreq_max() const override { return size_; }
    void next(double) override { at_ = at_ ? at_ + 1 : lo_; }
    void skip_to(Xapian::docid did, double) override {
        if (did > at_) at_ = std::max(did, lo_);
    }
    bool at_end() const override { return at_ >= hi_; }
    Xapian::docid get_docid() const override { return at_; }
    DocidRange* clone() const override { return new DocidRange(lo_, hi_); }

  private:
    Xapian::docid lo_, hi_, at_ = 0;
    Xapian::doccount size_ = 0;
};

/// The databases of the helper threads of one Searcher: handles on one local
/// database, opened on first use and kept. Used by one thread at a time (the
/// Searcher's); each handle is then used by one helper thread at a time.
class CountingHelpers {
  public:
    /// Searches of databases with fewer articles are counted on one thread:
    /// starting threads and merging counts would cost more than they save.
    static constexpr Xapian::doccount kFromArticles = 50000;

    /// Helpers on the database at @p path (empty: none, e.g. a remote one).
    explicit CountingHelpers(std::string path) : path_(std::move(path)) {}
    /// Threads that count one search, the searching one included: 0 (the
    /// default) one per core on databases of kFromArticles or more, 1 none
    /// besides the searching thread, N > 1 that many whatever the size.
    void set_threads(std::size_t threads) { threads_ = threads; }
    /// Handles for the helper threads of a search of @p main, each at its
    /// revision, or an empty list when helpers do not pay (small database, one
    /// core) or cannot read that revision (a writer committed since @p main was
    /// opened or reopened: the Searcher counts on its own until it reopens).
    std::vector<Xapian::Database>& for_search(const Xapian::Database& main);
    /// The main database was reopened: the handles reopen on their next use.
    void reopened() { stale_ = true; }

  private:
    std::string path_;
    std::size_t threads_ = 0;
    std::vector<Xapian::Database> dbs_;
    std::vector<Xapian::Database> none_;
    bool stale_ = false;
};

}  // namespace annals::detail
