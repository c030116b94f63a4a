// Internal: WARC web archives (ISO 28500, WARC/1.0 and 1.1), plain or with
// each record in its own gzip member (.warc.gz). Records are streamed: a
// file of any size is read with one record in memory at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "annals/ingest.hpp"

namespace annals::detail {

class GzipStream;

/// One WARC record: its named fields and its content block.
struct WarcRecord {
    std::size_t number = 0;    ///< 1-based position in the file
    std::uint64_t offset = 0;  ///< where it starts, in bytes of the uncompressed stream
    std::vector<std::pair<std::string, std::string>> fields;  ///< as written, in order
    std::string block;  ///< the content block (Content-Length bytes)
    /// Set when the record could not be read (no version line, no or bad
    /// Content-Length, larger than the limit, cut short); fields and block are
    /// then unreliable. The reader has moved on to the next record.
    std::string error;

    /// The value of field @p name (case-insensitive), "" when absent.
    std::string_view field(std::string_view name) const;
    /// "record N at byte M", for messages.
    std::string where() const;
};

/// The splitter: reads records one after the other from a stream, which may
/// be gzip-compressed (detected by its first bytes, whatever the file name).
/// A damaged record is returned with its error set and reading goes on at
/// the next "WARC/" version line. Not thread-safe.
class WarcReader {
  public:
    /// Reads from @p in (kept by reference). Records whose block is larger
    /// than @p max_record_bytes are skipped unread and returned with an error.
    WarcReader(std::istream& in, std::size_t max_record_bytes);
    ~WarcReader();
    /// The next record into @p out; false at the end of the stream.
    bool next(WarcRecord& out);

  private:
    bool fill();
    bool ensure(std::size_t bytes);  // buf_ holds pos_ + bytes bytes, or false at the end
    std::istream& in_;
    std::size_t max_;
    std::unique_ptr<GzipStream> gz_;
    std::string first_;  // raw bytes read to detect gzip, not yet handed on
    std::string buf_;    // uncompressed bytes; buf_[0] is at stream offset base_
    std::size_t pos_ = 0;
    std::uint64_t base_ = 0;
    bool eof_ = false;
    std::string stream_error_;  // a gzip error, reported once as a record
    std::size_t number_ = 0;
};

/// Why a record is not read as an article ("request", "metadata", "not HTML",
/// "HTTP 404", ...); empty for a successful HTTP response with an HTML page.
std::string warc_skip_reason(const WarcRecord& record);

/// The parser: an HTML response record to an article, through parse_html(),
/// with WARC-Target-URI as url and WARC-Date as published when the page gives
/// no date. Chunked transfer coding and gzip content coding are undone, and a
/// charset in the HTTP Content-Type is honoured. Throws InputError (no
/// location) when the HTTP message is malformed or the page has no title and
/// no text. Thread-safe.
Article parse_warc_record(const WarcRecord& record);

/// Reads every article of a WARC stream named @p name: damaged records are
/// rejected as "NAME: record N at byte M: reason" and reading goes on;
/// records that are not HTML pages are skipped, and a page whose payload
/// (WARC-Payload-Digest, or the bytes themselves) was seen before in this
/// stream is skipped as a duplicate; both counts are told once per stream to
/// options.warn, as "NAME: skipped N records that are not HTML pages (...)".
void read_warc(std::istream& in, const std::string& name, const ReadOptions& options, const ArticleSink& accept,
               const RejectSink& reject);

}  // namespace annals::detail
