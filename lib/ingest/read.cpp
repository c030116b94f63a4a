// read_articles(): files, directories and standard input to articles, each
// rejection reported as FILE:LINE and never stopping the rest.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "annals/ingest.hpp"
#include "annals/json.hpp"
#include "ingest/charset.hpp"
#include "ingest/nitf.hpp"
#include "ingest/reuters.hpp"
#include "ingest/warc.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace annals {

namespace fs = std::filesystem;

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

// Parses one article from JSON text that starts at (line, column) of its file,
// so that errors point into the file, not into the fragment.
Article article_at(std::string_view json_text, std::size_t line, std::size_t column) {
    if (line <= 1 && column <= 1) return article_from_json(json_text);
    std::string padded(line - 1, '\n');
    padded.append(column - 1, ' ');
    padded.append(json_text);
    return article_from_json(padded);
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
        reject(InputError(file, lineno,
                          "line of " + std::to_string(line.size()) + " bytes is larger than the limit of " +
                              std::to_string(options.max_bytes)));
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
template <typename Split, typename Parse>
void read_records(std::string_view text, Split split, Parse parse, const std::string& file, const ArticleSink& accept,
                  const RejectSink& reject) {
    for (const detail::Record& r : split(text)) {
        Article a;
        try {
            a = parse(r.text);
        } catch (const InputError& e) {
            reject(InputError(file, e.line() ? r.line + e.line() - 1 : r.line, e.reason()));
            continue;
        }
        deliver(std::move(a), file, r.line, accept);
    }
}

void read_text(std::string_view text, Format format, const std::string& file, const ReadOptions& options,
               const ArticleSink& accept, const RejectSink& reject) {
    if (format == Format::Reuters)
        return read_records(text, detail::split_reuters, detail::parse_reuters, file, accept, reject);
    if (format == Format::Nitf) return read_records(text, detail::split_nitf, detail::parse_nitf, file, accept, reject);
    if (format == Format::JsonLines) {
        // NUL bytes early in the file: a binary file named .jsonl, one rejection not thousands.
        if (text.substr(0, 8192).find('\0') != std::string_view::npos) {
            check_text(text, file, 1, reject);
            return;
        }
        std::size_t lineno = 1, i = 0;
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
            Article a = article_at(doc.raw(), doc.line(), doc.column());
            deliver(std::move(a), file, doc.line(), accept);
        } catch (const InputError& e) {
            reject(InputError(file, e.line(), e.reason()));
        }
        return;
    }
    for (const auto& item : doc.items()) {
        Article a;
        try {
            a = article_at(item.raw(), item.line(), item.column());
        } catch (const InputError& e) {
            reject(InputError(file, e.line(), e.reason()));
            continue;
        }
        deliver(std::move(a), file, item.line(), accept);
    }
}

void read_file(const fs::path& path, const std::string& name, Format format, const ReadOptions& options,
               const ArticleSink& accept, const RejectSink& reject) {
    if (format == Format::Warc) {  // streamed: max_bytes limits a record, not the file
        std::ifstream in(path, std::ios::binary);
        if (!in) return reject(InputError(name, 0, "cannot open for reading"));
        return detail::read_warc(in, name, options, accept, reject);
    }
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        reject(InputError(name, 0, "cannot read: " + ec.message()));
        return;
    }
    if (size > options.max_bytes) {
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
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<std::size_t>(in.gcount()));
    read_text(text, format, name, options, accept, reject);
}

void read_directory(const fs::path& dir, const ReadOptions& options, const ArticleSink& accept,
                    const RejectSink& reject) {
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
            read_directory(e.path(), options, accept, reject);
            continue;
        }
        if (!e.is_regular_file(sec)) continue;
        Format f = options.format;
        if (f == Format::Auto) {
            auto guessed = format_of(e.path());
            if (!guessed) continue;
            f = *guessed;
        }
        read_file(e.path(), e.path().string(), f, options, accept, reject);
    }
}

}  // namespace

void read_articles(const std::string& path, const ReadOptions& options, const ArticleSink& accept,
                   const RejectSink& reject) {
    if (path == "-") {
        const Format f = options.format == Format::Auto ? Format::JsonLines : options.format;
        if (f == Format::Warc) return detail::read_warc(std::cin, "-", options, accept, reject);
        if (f == Format::JsonLines) {
            std::string line;
            std::size_t lineno = 0;
            while (std::getline(std::cin, line)) read_jsonl_line(line, "-", ++lineno, options, accept, reject);
            return;
        }
        std::string text;
        char buf[65536];
        while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
            text.append(buf, static_cast<std::size_t>(std::cin.gcount()));
            if (text.size() > options.max_bytes) {
                reject(InputError("-", 0, "input is larger than the limit of " + std::to_string(options.max_bytes) +
                                              " bytes"));
                return;
            }
        }
        read_text(text, f, "-", options, accept, reject);
        return;
    }
    std::error_code ec;
    const fs::path p(path);
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) throw InputError(path, 0, "no such file or directory");
    if (fs::is_directory(st)) {
        read_directory(p, options, accept, reject);
        return;
    }
    Format f = options.format;
    if (f == Format::Auto) {
        auto guessed = format_of(p);
        // A file named explicitly is read even with an unknown extension: as JSON Lines
        // when it starts with '{', else as page text.
        if (!guessed) {
            std::ifstream in(p, std::ios::binary);
            char c = 0;
            while (in.get(c) && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
            }
            guessed = c == '{' ? Format::JsonLines : Format::Page;
        }
        f = *guessed;
    }
    read_file(p, path, f, options, accept, reject);
}

}  // namespace annals
