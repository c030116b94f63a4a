// annals/ingest.hpp: reading articles from files, directories and standard input
// in the formats of docs/formats.md: JSON Lines, JSON, saved pages (.txt) and HTML.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "annals/article.hpp"
#include "annals/error.hpp"
#include "annals/export.hpp"

namespace annals {

/// Input formats. Auto picks by file extension (.jsonl/.ndjson, .json, .txt,
/// .html/.htm, .sgm, .xml/.nitf, .warc/.warc.gz); standard input ("-") defaults
/// to JSON Lines. The archive formats:
///  - Reuters: Reuters-21578 SGML, one article per <REUTERS> element.
///  - Nitf: NITF 3.x XML (IPTC News Industry Text Format), one article per file;
///    an XML file whose root element is not <nitf> is rejected, never guessed.
///  - Warc: a WARC web archive (ISO 28500), plain or gzip-compressed; each HTML
///    response record is read as a web page (see parse_html()). Records are
///    streamed, so ReadOptions::max_bytes limits a record, not the file.
enum class Format { Auto, JsonLines, Json, Page, Html, Reuters, Nitf, Warc };

/// Parses "auto", "jsonl", "json", "txt"/"page", "html", "reuters"/"sgm",
/// "nitf"/"xml", "warc". Throws UsageError otherwise.
ANNALS_EXPORT Format format_from_string(std::string_view name);

/// Where an article came from.
struct SourceLocation {
    std::string file;      ///< path as given, "-" for standard input
    std::size_t line = 0;  ///< 1-based line where the article starts; 0 if not line-oriented
};

/// Receives a warning about an article that was read but lost something on
/// the way; the article is still delivered. The InputError carries the file
/// (line 0 for whole-file formats) and the reason; what() reads "FILE: reason".
using WarningSink = std::function<void(const InputError&)>;

/// Options for read_articles().
struct ReadOptions {
    Format format = Format::Auto;
    /// Largest input file or JSON line accepted, in bytes (default 64 MiB); larger
    /// ones are rejected with an InputError, never loaded.
    std::size_t max_bytes = 64u << 20;
    /// Told of each web page or saved page whose article text could not be found:
    /// it is delivered with its title only, and the reason is kTitleOnly. Default:
    /// none (such an article is still delivered, with an empty body).
    WarningSink warn;
};

/// The reason given to ReadOptions::warn for a page delivered by its title only.
inline constexpr const char* kTitleOnly = "no article text found (title only)";

/// Receives each good article with its location. The article's id is filled
/// (derive_id() when the input had none) and published is normalised to ISO 8601.
using ArticleSink = std::function<void(Article&&, const SourceLocation&)>;
/// Receives each rejection; reading goes on with the next article.
using RejectSink = std::function<void(const InputError&)>;

/// Reads every article of @p path: a file, a directory (recursed, files in
/// name order, hidden files skipped, unknown extensions skipped when format is
/// Auto) or "-" for JSON Lines on standard input.
///
/// One bad article never loses the others: each rejection goes to @p reject and
/// reading continues. Throws InputError only when @p path itself cannot be read.
/// Not thread-safe with respect to the sinks it calls (it calls them in order).
ANNALS_EXPORT void read_articles(const std::string& path, const ReadOptions& options,
                                 const ArticleSink& accept, const RejectSink& reject);

/// Parses a saved page (a scraped article with site chrome around it, like
/// the seed page): keeps headline, body, published date-time, dateline,
/// authors, contributors and publication; drops header, weather, author box,
/// newsletter, sponsor, privacy and cookie text. Plain article text (first line
/// a headline, then the body) is read as well. Throws InputError (no location)
/// when no title or body can be found.
///
/// @p text may be in any encoding: a byte order mark (UTF-8, UTF-16, UTF-32)
/// decides; else valid UTF-8 is taken as it is; else the encoding is guessed
/// from the bytes (Latin-1 and windows-125x, ISO-8859-x, KOI8-R, Shift_JIS, GBK,
/// EUC-JP, EUC-KR, Big5...), with windows-1252 as the last resort. Bytes invalid
/// in that encoding become U+FFFD; the article's fields are always UTF-8.
ANNALS_EXPORT Article parse_page(std::string_view text);

/// Parses an HTML page with an HTML5 parser (the tree a browser builds, whatever
/// the markup's errors): the headline (the <h1>, else the title without the
/// site's name), authors, published date, publication, language, canonical URL
/// and sections from JSON-LD, Open Graph, <meta>, <time> and the URL, and the
/// main text without navigation, teasers, share bars, comments and footers
/// (paragraphs separated by a blank line). How the main text is chosen, and how
/// well: docs/extraction.md. The body is empty when no main text is found
/// (read_articles() then warns, see ReadOptions::warn). Throws InputError (no
/// location) when the page has no title and no text. Thread-safe: no state is
/// shared between calls.
///
/// @p html may be in any encoding, decided as a browser would with one
/// exception: a byte order mark first; then valid UTF-8 is UTF-8 even when the
/// page declares otherwise (pages re-saved as UTF-8 keep their old <meta>); then
/// the encoding declared by <meta charset>, <meta http-equiv="Content-Type"> or
/// <?xml encoding?> (iso-8859-1 and us-ascii read as windows-1252, gb2312 as GBK);
/// then a guess from the bytes; windows-1252 last. Bytes invalid in that encoding
/// become U+FFFD; the article's fields are always UTF-8.
ANNALS_EXPORT Article parse_html(std::string_view html);

/// Normalises a date or date-time as archives write them (ISO 8601, RFC 2822,
/// "Thursday, 27 November, 2025 9:22 AM", "26-FEB-1987 15:01:01.79", ...) to ISO
/// 8601 ("2025-11-27T09:22:00", with the offset or Z kept when given, or just
/// "2025-11-27"). nullopt when it is not a date.
ANNALS_EXPORT std::optional<std::string> normalize_date(std::string_view text);

}  // namespace annals
