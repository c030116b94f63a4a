// read_articles(): files, directories and standard input to articles, each
// rejection reported as FILE:LINE and never stopping the rest.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "annals/ingest.hpp"
#include "annals/json.hpp"
#include "ingest/charset.hpp"
#include "ingest/chunks.hpp"
#include "ingest/nitf.hpp"
#include "ingest/reuters.hpp"
#include "ingest/warc.hpp"
#include "json_article.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace annals {

namespace fs = std::filesystem;
using detail::Chunk;
using detail::ChunkSink;
using detail::kChunkLines;

Format format_from_string(std::string_view name) {
    if (name == "auto") return Format::Auto;
    if (name == "jsonl" || name == "ndjson") return Format::JsonLines;
    if (name == "json") return Format::Json;
    if (name == "txt" || name == "page" || name == "text") return Format::Page;
    if (name == "html" || name == "htm") return Format::Html;
    if (name == "reuters" || name == "sgm") return Format::Reuters;
    if (name == "nitf" || name == "xml") return Format::Nitf;
    if (name == "warc") return Format::Warc;
    throw UsageError("unknown format \"" + std::string(name) +
                     "\" (expected auto, jsonl, json, txt, html, reuters, nitf or warc)");
}

namespace {

std::optional<Format> format_of(const fs::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".jsonl" || ext == ".ndjson") return Format::JsonLines;
    if (ext == ".json") return Format::Json;
    if (ext == ".txt" || ext == ".text") return Format::Page;
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::Html;
    if (ext == ".sgm") return Format::Reuters;
    if (ext == ".xml" || ext == ".nitf") return Format::Nitf;  // parse_nitf() rejects other XML
    if (ext == ".warc" || (ext == ".gz" && p.stem().extension() == ".warc")) return Format::Warc;
    return std::nullopt;
}

// 1-based line and column of byte @p at in @p text.
std::pair<std::size_t, std::size_t> position(std::string_view text, std::size_t at) {
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    std::size_t nl = text.rfind('\n', at == 0 ? 0 : at - 1);
    std::size_t col = (nl == std::string_view::npos || at == 0) ? at + 1 : at - nl;
    return {line, col};
}

// A file read as JSON Lines is binary when a NUL byte comes in its first 8 KiB
// and it does not start as JSON lines do ('{' first, no NUL in the first line):
// one rejection for it, not one per line. In JSON lines a NUL loses only its own
// line (regression: one NUL in line 6 rejected, or cut short, the whole file).
bool binary_jsonl(std::string_view text) {
    const std::string_view head = text.substr(0, 8192);
    if (head.find('\0') == std::string_view::npos) return false;
    const std::size_t lead = head.find_first_not_of(" \t\r\n");
    return lead == std::string_view::npos || head[lead] != '{' ||
           head.substr(0, head.find('\n', lead)).find('\0') != std::string_view::npos;
}

std::string line_too_large(std::size_t size, std::size_t limit) {
    return "line of " + std::to_string(size) + " bytes is larger than the limit of " + std::to_string(limit);
}

// Rejects NUL bytes with their position; true when there are none.
bool check_not_binary(std::string_view text, const std::string& file, std::size_t first_line,
                      const RejectSink& reject) {
    if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        auto [line, col] = position(text, nul);
        reject(InputError(file, first_line + line - 1,
                          "binary data (NUL byte at column " + std::to_string(col) + "), not text"));
        return false;
    }
    return true;
}

// Rejects NUL bytes and invalid UTF-8 with their position; true when clean.
bool check_text(std::string_view text, const std::string& file, std::size_t first_line, const RejectSink& reject) {
    if (!check_not_binary(text, file, first_line, reject)) return false;
    if (auto bad = detail::find_invalid_utf8(text)) {
        auto [line, col] = position(text, *bad);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*bad]));
        reject(InputError(file, first_line + line - 1,
                          "invalid UTF-8 (byte " + std::string(hex) + " at column " + std::to_string(col) + ")"));
        return false;
    }
    return true;
}

void finish(Article& a) {
    if (a.id.empty()) a.id = derive_id(a);
}

void deliver(Article&& a, const std::string& file, std::size_t line, const ArticleSink& accept) {
    finish(a);
    accept(std::move(a), SourceLocation{file, line});
}

void read_jsonl_line(std::string_view line, const std::string& file, std::size_t lineno, const ReadOptions& options,
                     const ArticleSink& accept, const RejectSink& reject) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (detail::trim(line).empty()) return;
    if (line.size() > options.max_bytes) {
        reject(InputError(file, lineno, line_too_large(line.size(), options.max_bytes)));
        return;
    }
    if (line.find('\0') != std::string_view::npos) {
        reject(InputError(file, lineno, "binary data (NUL byte), not JSON"));
        return;
    }
    Article a;
    try {
        a = article_from_json(line);
    } catch (const InputError& e) {
        reject(InputError(file, lineno, e.reason()));
        return;
    }
    deliver(std::move(a), file, lineno, accept);
}

// The records of an archive format, split from @p text then parsed one by one.
// @p text starts at line @p first_line of its file.
template <typename Split, typename Parse>
void read_records(std::string_view text, std::size_t first_line, Split split, Parse parse, const std::string& file,
                  const ArticleSink& accept, const RejectSink& reject) {
    for (const detail::Record& r : split(text)) {
        const std::size_t line = first_line + r.line - 1;
        Article a;
        try {
            a = parse(r.text);
        } catch (const InputError& e) {
            reject(InputError(file, e.line() ? line + e.line() - 1 : line, e.reason()));
            continue;
        }
        deliver(std::move(a), file, line, accept);
    }
}

void read_text(std::string_view text, Format format, const std::string& file, std::size_t first_line,
               const ReadOptions& options, const ArticleSink& accept, const RejectSink& reject) {
    if (format == Format::Reuters)
        return read_records(text, first_line, detail::split_reuters, detail::parse_reuters, file, accept, reject);
    if (format == Format::Nitf)
        return read_records(text, first_line, detail::split_nitf, detail::parse_nitf, file, accept, reject);
    if (format == Format::JsonLines) {
        if (first_line == 1 && binary_jsonl(text)) {
            check_text(text, file, 1, reject);
            return;
        }
        std::size_t lineno = first_line, i = 0;
        while (i < text.size()) {
            std::size_t j = text.find('\n', i);
            if (j == std::string_view::npos) j = text.size();
            read_jsonl_line(text.substr(i, j - i), file, lineno, options, accept, reject);
            ++lineno;
            i = j + 1;
        }
        return;
    }
    if (format == Format::Html || format == Format::Page) {
        // Pages come in any encoding (parse_html and parse_page decode them), but
        // NUL bytes mean a binary file, unless they are halves of UTF-16 characters.
        // Real web pages carry the odd stray NUL deep inside, which HTML parsers
        // skip as browsers do: only NULs near the start or in numbers mean binary.
        const bool stray_nuls = format == Format::Html && text.substr(0, 8192).find('\0') == std::string_view::npos &&
                                static_cast<std::size_t>(std::count(text.begin(), text.end(), '\0')) <= text.size() / 1000;
        if (!detail::starts_with_wide_bom(text) && !stray_nuls && !check_not_binary(text, file, 1, reject)) return;
        Article a;
        try {
            a = format == Format::Html ? parse_html(text) : parse_page(text);
        } catch (const InputError& e) {
            reject(InputError(file, 1, e.reason()));
            return;
        }
        if (detail::trim(a.body).empty() && options.warn) options.warn(InputError(file, 0, kTitleOnly));
        deliver(std::move(a), file, 1, accept);
        return;
    }
    // JSON: strict UTF-8, as the JSON standard requires.
    if (!check_text(text, file, 1, reject)) return;
    detail::json::Value doc;
    try {
        doc = detail::json::parse(text);
    } catch (const detail::json::ParseError& e) {
        reject(InputError(file, e.line, "column " + std::to_string(e.column) + ": " + e.what()));
        return;
    }
    if (!doc.is_array()) {
        try {
            Article a = detail::article_from_value(doc);
            deliver(std::move(a), file, doc.line(), accept);
        } catch (const InputError& e) {
            reject(InputError(file, e.line(), e.reason()));
        }
        return;
    }
    for (const auto& item : doc.items()) {
        Article a;
        try {
            // Read in place: cutting each element out and parsing it again, padded
            // to its line, cost time in the square of the array's length.
            a = detail::article_from_value(item);
        } catch (const InputError& e) {
            reject(InputError(file, e.line(), e.reason()));
            continue;
        }
        deliver(std::move(a), file, item.line(), accept);
    }
}

// Reads one line of @p in (without its newline) into @p line, keeping no more
// than @p limit + 1 of its bytes; @p length gets its whole length. False at the
// end of the input.
bool read_line(std::istream& in, std::string& line, std::size_t limit, std::size_t& length) {
    line.clear();
    length = 0;
    std::streambuf* buf = in.rdbuf();
    for (int c = buf->sbumpc();; c = buf->sbumpc()) {
        if (c == std::char_traits<char>::eof()) {
            in.setstate(std::ios::eofbit);
            return length > 0;
        }
        if (c == '\n') return true;
        if (line.size() <= limit) line.push_back(static_cast<char>(c));
        ++length;
    }
}

// Streams JSON lines from @p in as chunks of kChunkLines lines. A line longer
// than @p max_bytes is rejected without being kept (regression: it was read
// whole, so one huge line could exhaust memory). A binary file shows in its
// first chunk, which read_text() rejects whole; the rest of such a file is not read.
void split_lines(std::istream& in, const std::string& name, std::size_t max_bytes, const ChunkSink& sink,
                 const RejectSink& reject) {
    Chunk chunk{name, Format::JsonLines, 1, {}, 0, {}};
    std::size_t lines = 0, lineno = 0, length = 0;
    std::string line;
    while (read_line(in, line, max_bytes, length)) {
        ++lineno;
        if (length > max_bytes) {  // after the lines before it, in order
            if (lines) sink(std::move(chunk));
            reject(InputError(name, lineno, line_too_large(length, max_bytes)));
            chunk = Chunk{name, Format::JsonLines, lineno + 1, {}, length + 1, {}};
            lines = 0;
            continue;
        }
        if (lines == 0) chunk.first_line = lineno;
        chunk.bytes += line;
        chunk.bytes += '\n';
        chunk.input_bytes += line.size() + 1;
        if (++lines < kChunkLines) continue;
        const bool binary = chunk.first_line == 1 && binary_jsonl(chunk.bytes);
        sink(std::move(chunk));
        if (binary) return;
        chunk = Chunk{name, Format::JsonLines, lineno + 1, {}, 0, {}};
        lines = 0;
    }
    if (lines) sink(std::move(chunk));
}

// Cuts a whole-file chunk into chunks of kChunkLines records each, so that the
// stories of one large file are read on several threads.
template <typename Split>
void split_records(Chunk&& file, Split split, const ChunkSink& sink) {
    const std::vector<detail::Record> records = split(file.bytes);
    if (records.size() <= kChunkLines) return sink(std::move(file));
    const char* const base = file.bytes.data();
    std::uint64_t left = file.input_bytes;
    for (std::size_t i = 0; i < records.size(); i += kChunkLines) {
        const auto& first = records[i];
        const auto& last = records[std::min(i + kChunkLines, records.size()) - 1];
        const std::size_t from = static_cast<std::size_t>(first.text.data() - base);
        const std::size_t to = static_cast<std::size_t>(last.text.data() + last.text.size() - base);
        const std::uint64_t covers = i + kChunkLines >= records.size() ? left : std::min<std::uint64_t>(left, to - from);
        left -= covers;
        sink(Chunk{file.file, file.format, first.line, file.bytes.substr(from, to - from), covers, {}});
    }
}

// Loads a whole file as one chunk (Reuters files cut into chunks of stories),
// streams a JSON Lines file as chunks of kChunkLines lines (so that the size
// limit applies per line, not per file), or leaves a WARC file to read_chunk().
void split_file(const fs::path& path, const std::string& name, Format format, const ReadOptions& options,
                const ChunkSink& sink, const RejectSink& reject) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        reject(InputError(name, 0, "cannot read: " + ec.message()));
        return;
    }
    if (format == Format::Warc) {  // streamed by read_chunk(): max_bytes limits a record, not the file
        sink(Chunk{name, format, 1, {}, size, path.string()});
        return;
    }
    if (format != Format::JsonLines && size > options.max_bytes) {
        reject(InputError(name, 0,
                          "file of " + std::to_string(size) + " bytes is larger than the limit of " +
                              std::to_string(options.max_bytes)));
        return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        reject(InputError(name, 0, "cannot open for reading"));
        return;
    }
    if (format == Format::JsonLines) {
        // A binary file named .jsonl may hold no newline at all: look before reading lines.
        std::string head(8192, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        if (binary_jsonl(head)) {
            sink(Chunk{name, format, 1, std::move(head), size, {}});
            return;
        }
        in.clear();
        in.seekg(0);
        split_lines(in, name, options.max_bytes, sink, reject);
        return;
    }
    Chunk chunk{name, format, 1, std::string(static_cast<std::size_t>(size), '\0'), size, {}};
    in.read(chunk.bytes.data(), static_cast<std::streamsize>(size));
    chunk.bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (format == Format::Reuters) return split_records(std::move(chunk), detail::split_reuters, sink);
    sink(std::move(chunk));
}

// "3 files skipped, their format unknown (.gz: 2, .png: 1)": nothing is left
// out unsaid.
std::string skipped_files(const std::map<std::string, std::size_t>& by_extension) {
    std::size_t n = 0;
    std::string kinds;
    for (const auto& [ext, count] : by_extension) {
        n += count;
        kinds += (kinds.empty() ? "" : ", ") + ext + ": " + std::to_string(count);
    }
    return std::to_string(n) + (n == 1 ? " file" : " files") +
           " skipped: format not known by extension (" + kinds + ")";
}

// Calls @p file for each regular file under @p dir that split_input() reads, in
// name order, and @p skipped (if any) for each one it does not (format unknown).
void walk_directory(const fs::path& dir, const ReadOptions& options,
                    const std::function<void(const fs::path&, Format)>& file, const RejectSink& reject,
                    const std::function<void(const fs::path&)>& skipped = {}) {
    std::vector<fs::directory_entry> entries;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    if (ec) {
        reject(InputError(dir.string(), 0, "cannot list directory: " + ec.message()));
        return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path().filename().string() < b.path().filename().string(); });
    for (const auto& e : entries) {
        const std::string fname = e.path().filename().string();
        if (fname.empty() || fname[0] == '.') continue;
        std::error_code sec;
        if (e.is_directory(sec)) {
            walk_directory(e.path(), options, file, reject, skipped);
            continue;
        }
        if (!e.is_regular_file(sec)) continue;
        Format f = options.format;
        if (f == Format::Auto) {
            auto guessed = format_of(e.path());
            if (!guessed) {
                if (skipped) skipped(e.path());
                continue;
            }
            f = *guessed;
        }
        file(e.path(), f);
    }
}

// The format of a file named explicitly: by extension, else JSON Lines when it
// starts with '{', else page text.
Format format_of_named_file(const fs::path& p, Format requested) {
    if (requested != Format::Auto) return requested;
    if (auto guessed = format_of(p)) return *guessed;
    std::ifstream in(p, std::ios::binary);
    char c = 0;
    while (in.get(c) && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
    }
    return c == '{' ? Format::JsonLines : Format::Page;
}

}  // namespace

namespace detail {

void split_input(const std::string& path, const ReadOptions& options, const ChunkSink& sink,
                 const RejectSink& reject) {
    if (path == "-") {
        const Format f = options.format == Format::Auto ? Format::JsonLines : options.format;
        if (f == Format::Warc) return sink(Chunk{"-", f, 1, {}, 0, "-"});  // streamed by read_chunk()
        if (f == Format::JsonLines) {
            split_lines(std::cin, "-", options.max_bytes, sink, reject);
            return;
        }
        Chunk chunk{"-", f, 1, {}, 0, {}};
        char buf[65536];
        while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
            chunk.bytes.append(buf, static_cast<std::size_t>(std::cin.gcount()));
            if (chunk.bytes.size() > options.max_bytes) {
                reject(InputError("-", 0, "input is larger than the limit of " + std::to_string(options.max_bytes) +
                                              " bytes"));
                return;
            }
        }
        chunk.input_bytes = chunk.bytes.size();
        sink(std::move(chunk));
        return;
    }
    std::error_code ec;
    const fs::path p(path);
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) throw InputError(path, 0, "no such file or directory");
    if (fs::is_directory(st)) {
        std::map<std::string, std::size_t> skipped;  // by extension
        walk_directory(
            p, options,
            [&](const fs::path& file, Format f) { split_file(file, file.string(), f, options, sink, reject); }, reject,
            [&](const fs::path& file) { ++skipped[file.extension().empty() ? "no extension" : file.extension().string()]; });
        if (!skipped.empty() && options.warn) options.warn(InputError(path, 0, skipped_files(skipped)));
        return;
    }
    split_file(p, path, format_of_named_file(p, options.format), options, sink, reject);
}

void read_chunk(const Chunk& chunk, const ReadOptions& options, const ArticleSink& accept, const RejectSink& reject) {
    if (!chunk.stream.empty()) {
        if (chunk.stream == "-") return read_warc(std::cin, "-", options, accept, reject);
        std::ifstream in(chunk.stream, std::ios::binary);
        if (!in) return reject(InputError(chunk.file, 0, "cannot open for reading"));
        return read_warc(in, chunk.file, options, accept, reject);
    }
    read_text(chunk.bytes, chunk.format, chunk.file, chunk.first_line, options, accept, reject);
}

std::optional<InputSize> input_size(const std::string& path, const ReadOptions& options) {
    if (path == "-") return std::nullopt;
    std::error_code ec;
    const fs::path p(path);
    if (!fs::is_directory(p, ec)) {
        const auto size = fs::file_size(p, ec);
        if (ec) return std::nullopt;
        return InputSize{size, 1};
    }
    InputSize total;
    bool failed = false;
    walk_directory(
        p, options,
        [&](const fs::path& file, Format) {
            std::error_code sec;
            const auto size = fs::file_size(file, sec);
            total.bytes += sec ? 0 : size;
            ++total.files;
        },
        [&](const InputError&) { failed = true; });
    if (failed) return std::nullopt;
    return total;
}

}  // namespace detail

void read_articles(const std::string& path, const ReadOptions& options, const ArticleSink& accept,
                   const RejectSink& reject) {
    detail::split_input(
        path, options, [&](detail::Chunk&& chunk) { detail::read_chunk(chunk, options, accept, reject); }, reject);
}

}  // namespace annals
