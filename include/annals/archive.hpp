// annals/archive.hpp: the on-disk archive (a Xapian database) and writing to it.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "annals/article.hpp"
#include "annals/export.hpp"

namespace annals {

/// Options for Archive::open().
struct ArchiveOptions {
    /// Articles added between automatic commits (default 500). An interrupted run
    /// loses at most the batch in flight; running it again completes it.
    /// Automatic commits leave the spelling data of "did you mean" buffered (up to
    /// 500,000 distinct words), since writing it is most of a commit's cost;
    /// commit() and the destructor write it. A killed run so loses the spelling
    /// data since then (its articles are there); running it again adds it.
    std::size_t batch_size = 500;
    /// Create the archive when the directory holds none (default true).
    bool create = true;
    /// Shards of a new archive (default 0: one). An archive of N shards is a
    /// folder of N databases that are written in parallel, each on its own
    /// thread, and searched as one; an article's shard follows from its id.
    /// Opening an existing archive with another nonzero count throws UsageError
    /// (compact_archive() merges shards into one). A crash between the shards'
    /// commits may leave some shards a batch ahead; a rerun completes the rest.
    std::size_t shards = 0;
};

/// A writable archive. Articles are stored whole (record and entities) and
/// indexed for full text, fields, dates and facets as the schema in
/// lib/index/schema.hpp describes.
///
/// One writer at a time per archive: a second open for writing throws ArchiveError.
/// Not thread-safe: use one Archive from one thread (readers use Searcher).
///
///     auto archive = annals::Archive::open("news.db");
///     archive.add(article);     // replaces any article with the same id
///     archive.commit();         // also done every batch_size adds and on destruction
class ANNALS_EXPORT Archive {
  public:
    /// Opens (or creates) the archive in directory @p path.
    /// Throws ArchiveError when it cannot be opened or created, is locked by another
    /// writer, or was written with another schema version.
    static Archive open(const std::string& path, const ArchiveOptions& options = {});

    ~Archive();  ///< commits pending changes (errors there are swallowed: call commit() to see them)
    Archive(Archive&&) noexcept;
    Archive& operator=(Archive&&) noexcept;

    /// Adds @p article, replacing any article with the same id. The id must be set
    /// (use derive_id()); throws UsageError if it is empty or the article has
    /// neither title nor body. Throws ArchiveError on storage failure.
    void add(const Article& article);

    /// Removes the article with this id; false when there was none.
    bool remove(const std::string& id);

    /// Makes every change so far durable, spelling data included. Throws
    /// ArchiveError on failure.
    void commit();

    /// Number of articles in the archive, uncommitted changes included.
    std::size_t size() const;

    /// The stored article with this id, or nullopt.
    std::optional<Article> get(const std::string& id) const;

  private:
    friend class Indexer;  // writes the documents its threads prepare
    struct Impl;
    explicit Archive(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Rewrites the archive at @p path as one compact database: the shards of a
/// sharded archive are merged into one, and a one-database archive loses the
/// free space that updates leave (Xapian's compaction). Takes the archive's
/// write lock for the whole run (throws ArchiveError when another writer holds
/// it, or when @p path is not an archive). The new database is written beside
/// the old one and swapped in when complete, so a failed or interrupted
/// compaction leaves the archive as it was. Returns the number of articles.
ANNALS_EXPORT std::size_t compact_archive(const std::string& path);

}  // namespace annals
