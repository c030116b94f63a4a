// Input split into chunks that parse on their own, so that the indexer can
// read them on several threads while keeping the input's order. read_articles()
// is split_input() followed by read_chunk() on each chunk.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "annals/ingest.hpp"

namespace annals::detail {

/// A piece of input: a whole file (JSON, pages, HTML, Reuters SGML, NITF), a
/// run of whole JSON lines of a file or of standard input, or a WARC file to
/// stream.
struct Chunk {
    std::string file;            ///< name for messages, "-" for standard input
    Format format = Format::JsonLines;  ///< never Format::Auto
    std::size_t first_line = 1;  ///< line number of the first line of bytes
    std::string bytes;
    std::uint64_t input_bytes = 0;  ///< bytes of the input this chunk covers (progress)
    /// For WARC, read record by record: the file to stream ("-" for standard
    /// input) instead of bytes. Such a file is one chunk, read on one thread.
    std::string stream;
};

using ChunkSink = std::function<void(Chunk&&)>;

/// JSON lines per chunk: large enough to amortise handing a chunk to a thread,
/// small enough that a few chunks per thread keep every core busy.
inline constexpr std::size_t kChunkLines = 64;

/// Splits @p path (a file, a directory read recursively in name order, or "-")
/// into chunks, in input order. Files that cannot be read, and files larger
/// than ReadOptions::max_bytes, are rejected through @p reject (JSON Lines are
/// streamed, so for them the limit is per line). Throws InputError when @p
/// path does not exist. Exceptions thrown by @p chunk propagate (to stop early).
void split_input(const std::string& path, const ReadOptions& options, const ChunkSink& chunk,
                 const RejectSink& reject);

/// Reads the articles of one chunk, in order, as read_articles() would.
/// Thread-safe: chunks may be read on several threads at once.
void read_chunk(const Chunk& chunk, const ReadOptions& options, const ArticleSink& accept, const RejectSink& reject);

struct InputSize {
    std::uint64_t bytes = 0;
    std::size_t files = 0;
};

/// The files split_input() would read under @p path and their total size;
/// nullopt for standard input or a path that cannot be listed.
std::optional<InputSize> input_size(const std::string& path, const ReadOptions& options);

}  // namespace annals::detail
