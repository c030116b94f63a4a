// annals/indexer.hpp: reading, extracting and indexing whole inputs on every core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annals/archive.hpp"
#include "annals/extract.hpp"
#include "annals/ingest.hpp"

namespace annals {

/// Where an Indexer run is, as told to IndexerSinks::progress.
struct IndexProgress {
    std::size_t files = 0;     ///< input files (or standard input) begun
    std::size_t articles = 0;  ///< articles indexed (or annotated, without an archive)
    std::size_t rejected = 0;  ///< rejections
    std::size_t warned = 0;    ///< warnings: articles delivered with a loss (e.g. title only), files skipped
    std::uint64_t bytes = 0;   ///< input bytes finished
    /// Total input bytes, when known before reading (files and directories;
    /// not standard input). With bytes, gives the share done and an ETA.
    std::optional<std::uint64_t> total_bytes;
    std::optional<std::size_t> total_files;  ///< total input files, when known
};

/// Options for Indexer.
struct IndexerOptions {
    /// Formats and limits of the inputs. Its warn member is not used: warnings
    /// go to IndexerSinks::warned, in input order.
    ReadOptions read;
    /// Threads that read, clean pages and extract entities (default 0: one per
    /// core). The calling thread writes. 1 does everything on the calling thread.
    /// The archive gets the same documents, in the same order, whatever the count.
    unsigned threads = 0;
    /// Polled on the calling thread between pieces of input (a file, or a run of
    /// JSON lines); once it returns true, no more input is read, the articles
    /// already read are still indexed, and run() returns with stopped set.
    std::function<bool()> stop;
};

/// What an Indexer run tells its caller. Every sink is called on the thread
/// that called run(), in input order; any may be empty.
struct IndexerSinks {
    /// Each article after it was annotated (and added to the archive, if any).
    std::function<void(const Article&, const SourceLocation&)> indexed;
    /// Each rejection, as FILE:LINE: reason; the run goes on.
    RejectSink rejected;
    /// Each article delivered with a loss, e.g. kTitleOnly; it is still indexed.
    WarningSink warned;
    /// Called after each piece of input (a file, or up to 64 JSON lines).
    std::function<void(const IndexProgress&)> progress;
};

/// The totals of a run.
struct IndexStats {
    std::size_t articles = 0;
    std::size_t rejected = 0;
    std::size_t warned = 0;
    bool stopped = false;  ///< IndexerOptions::stop asked to stop before the end
};

/// Reads whole inputs (files, directories, "-"), finds the entities of each
/// article and adds it to an archive, with reading, page cleaning, extraction
/// and term generation on several threads and the archive written in input
/// order on the calling thread (so a rerun gives the same archive, and the
/// last of two articles with one id wins, as with read_articles()).
///
///     annals::Archive archive = annals::Archive::open("news.db");
///     annals::Indexer indexer(archive, annals::Extractor());
///     annals::IndexStats stats = indexer.run({"articles/"}, {.rejected = print});
///     archive.commit();
///
/// Memory stays bounded: at most a few pieces of input per thread are in
/// flight. Not thread-safe: one run() at a time.
class ANNALS_EXPORT Indexer {
  public:
    /// Indexes into @p archive, which must outlive the Indexer. Changes are
    /// committed as the archive's batch size says; commit the rest yourself
    /// (or let the Archive's destructor do it).
    Indexer(Archive& archive, Extractor extractor, IndexerOptions options = {});
    /// Annotates without an archive: the articles go to IndexerSinks::indexed
    /// only (annals-index --extract).
    explicit Indexer(Extractor extractor, IndexerOptions options = {});
    ~Indexer();
    Indexer(Indexer&&) noexcept;
    Indexer& operator=(Indexer&&) noexcept;

    /// Reads every input in turn. Rejections go to the sinks and never stop the
    /// run, nor does an input that does not exist (rejected as FILE: no such
    /// file or directory). Throws ArchiveError when the archive fails (what was
    /// written before is kept up to the last commit); exceptions thrown by a
    /// sink propagate after the worker threads have stopped.
    IndexStats run(const std::vector<std::string>& inputs, const IndexerSinks& sinks);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace annals
