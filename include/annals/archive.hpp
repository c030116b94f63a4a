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
    std::size_t batch_size = 500;
    /// Create the archive when the directory holds none (default true).
    bool create = true;
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

    /// Makes every change so far durable. Throws ArchiveError on failure.
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

}  // namespace annals
