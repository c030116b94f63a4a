// Internal: gzip decompression with zlib, whole or as a stream. Used for
// .warc.gz web archives (one gzip member per record) and by the evaluation
// tools and benchmarks that read gzipped pages.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace annals::detail {

/// Thrown when gzip data is damaged or ends early.
struct GzipError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Decompresses gzip data read from a source, member after member (a gzip
/// file may be several members one after the other; the output is their
/// concatenation, as `gunzip` writes it). Not thread-safe; one per stream.
class GzipStream {
  public:
    /// Reads compressed bytes into (buffer, capacity), returns how many; 0 at the end.
    using Source = std::function<std::size_t(char*, std::size_t)>;
    explicit GzipStream(Source source);
    ~GzipStream();
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;

    /// Appends up to @p max decompressed bytes to @p out; false when the data
    /// has ended and nothing was appended. Throws GzipError when the data is
    /// not gzip, is damaged or stops inside a member.
    bool read(std::string& out, std::size_t max);

    /// Compressed bytes consumed so far.
    std::size_t compressed_offset() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// @p gz decompressed (all members, joined). Throws GzipError naming @p name
/// when the data is not complete gzip.
std::string gunzip(std::string_view gz, const std::string& name);

/// True when @p bytes start with the gzip magic number.
inline bool is_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
           static_cast<unsigned char>(bytes[1]) == 0x8B;
}

}  // namespace annals::detail
