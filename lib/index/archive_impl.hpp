// The inside of annals::Archive, shared with the Indexer: an article becomes a
// Xapian document in two steps, so that the costly one runs on any thread.
//   prepare()  terms, values and data of one article (thread-safe, no database)
//   write()    the document into the database, in the caller's order
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "annals/archive.hpp"
#include "index/duplicates.hpp"
#include "index/facet_ordinals.hpp"

namespace annals::detail {

/// An article turned into what the writer stores.
struct PreparedArticle {
    std::string id;
    Xapian::Document doc;
    /// Unprefixed words with their number of occurrences, for the spelling
    /// dictionary (which only the writer may touch).
    std::vector<std::pair<std::string, Xapian::termcount>> spelling;
    /// Other names of its places and organisations, for the synonym table.
    schema::AliasSynonyms synonyms;
    /// MinHash of the body (title when no body); its group is set by write().
    std::optional<duplicates::Signature> signature;
};

/// Builds the document of @p article. Throws UsageError when it has no id or
/// neither title nor body. Thread-safe: each thread has its own term generator.
PreparedArticle prepare(const Article& article);

/// Distinct words of spelling data a shard buffers across batch commits before
/// it writes them anyway (some 40 MB).
constexpr std::size_t kDeferredSpellingWords = 500'000;

/// One Xapian database of an archive. An archive of several shards gives
/// each its own writer thread, so that the shards are written in parallel;
/// a shard's documents still arrive in the caller's order.
class Shard {
  public:
    /// @p threaded: write on a thread of the shard's own.
    Shard(std::string path, Xapian::WritableDatabase db, bool threaded);
    ~Shard();
    Shard(const Shard&) = delete;
    Shard& operator=(const Shard&) = delete;

    /// Adds or replaces @p article (queued when threaded). Throws ArchiveError
    /// for an earlier queued write that failed.
    void write(PreparedArticle&& article);
    /// Gives the first article of duplicate group @p group its group (queued
    /// after the writes so far): see duplicates::mark_first.
    void mark_first(const std::string& group);
    /// Starts making the writes so far durable; finish with wait(). With
    /// @p spelling false the spelling data may stay buffered (see
    /// Archive::Impl::commit()).
    void commit(bool spelling);
    /// Waits until every queued write and commit is done; rethrows the first
    /// ArchiveError met. Afterwards db() may be used from the calling thread.
    void wait();
    Xapian::WritableDatabase& db() { return db_; }
    /// Gives Xapian up to @p words of the buffered spelling data now rather than
    /// at the last commit; false when none is buffered. Only on a shard without a
    /// thread of its own (none for the others), from the calling thread.
    bool give_spelling(std::size_t words);

  private:
    struct Task {
        std::optional<PreparedArticle> article;  // none: commit, or mark_first when group is set
        std::string group;
        bool spelling = true;  // a commit that also writes the spelling data
    };
    void push(Task&& task);  // queued when threaded, else run now
    void run(Task& task);    // on the writer thread, or inline when not threaded
    void loop();
    void add_spelling(std::size_t words);  // gives Xapian that many buffered words (all: spelling_.size())

    std::string path_;
    Xapian::WritableDatabase db_;
    std::unordered_map<std::string, Xapian::termcount> spelling_;  // words not yet given to Xapian
    std::set<std::pair<std::string, std::string>> synonyms_;        // pairs added since the last commit
    std::set<std::pair<std::string, std::string>> synonyms_known_;  // pairs this writer has stored
    ordinals::OrdinalWriter ordinals_;  // the facet value dictionary of this database
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Task> queue_;
    bool busy_ = false;
    bool closing_ = false;
    std::exception_ptr failure_;
    std::thread thread_;
};

}  // namespace annals::detail

struct annals::Archive::Impl {
    std::string path;
    ArchiveOptions options;
    /// One database, or the shards listed in path/XAPIANDB (a Xapian stub file,
    /// so that Xapian::Database(path) opens them all as one).
    std::vector<std::unique_ptr<detail::Shard>> shards;
    std::size_t pending = 0;  // adds and removes since the last commit
    bool spelling_pending = false;  // a batch commit left spelling data buffered
    /// Duplicate groups, given in write order (created by open()).
    std::unique_ptr<detail::duplicates::DuplicateFinder> duplicates;

    /// The shard that holds (or will hold) the article with this id.
    detail::Shard& shard_of(std::string_view id);
    /// Waits for every shard's writes; then each shard's db() may be used.
    void wait_all();
    /// Adds or replaces the prepared article; commits every batch_size changes.
    /// Throws ArchiveError.
    void write(detail::PreparedArticle&& article);
    /// Counts one add or remove; commits every batch_size of them.
    void changed();
    /// Commits every shard. A batch commit (@p all false) leaves the spelling
    /// data buffered until it holds kDeferredSpellingWords words: Xapian rewrites
    /// every spelling fragment a commit touches, which made the spelling table
    /// most of the cost of a commit. Archive::commit() and the destructor write it.
    void commit(bool all = true);
    /// Work for a caller that would otherwise wait (the Indexer while its readers
    /// catch up): gives a slice of the buffered spelling data to Xapian, so that
    /// the last commit, which nothing runs beside, has less left to add. Xapian
    /// then writes it at the next commit, batch or last: the writer only has time
    /// to spare when reading is the slower side, so batch commits pay for it only
    /// then. False when there is nothing to do.
    bool idle();
};
