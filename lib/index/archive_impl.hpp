// The inside of annals::Archive, shared with the Indexer: an article becomes a
// Xapian document in two steps, so that the costly one runs on any thread.
//   prepare()  terms, values and data of one article (thread-safe, no database)
//   write()    the document into the database, in the caller's order
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "annals/archive.hpp"

namespace annals::detail {

/// An article turned into what the writer stores.
struct PreparedArticle {
    std::string id;
    Xapian::Document doc;
    /// Unprefixed words with their number of occurrences, for the spelling
    /// dictionary (which only the writer may touch).
    std::vector<std::pair<std::string, Xapian::termcount>> spelling;
};

/// Builds the document of @p article. Throws UsageError when it has no id or
/// neither title nor body. Thread-safe: each thread has its own term generator.
PreparedArticle prepare(const Article& article);

}  // namespace annals

struct annals::Archive::Impl {
    std::string path;
    ArchiveOptions options;
    Xapian::WritableDatabase db;
    std::size_t pending = 0;  // adds and removes since the last commit
    std::unordered_map<std::string, Xapian::termcount> spelling;  // words added since the last commit

    /// Adds or replaces the prepared article; commits every batch_size changes.
    /// Throws ArchiveError.
    void write(detail::PreparedArticle&& article);
    void commit();
};
