// WARC records: WarcReader (the splitter), warc_skip_reason() and
// parse_warc_record() (the parser), and read_warc() joining them.
#include "ingest/warc.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <unordered_set>

#include "annals/error.hpp"
#include "ingest/cues.hpp"
#include "util/ascii.hpp"
#include "util/gzip.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

constexpr std::size_t kChunk = 1 << 16;
constexpr std::size_t kMaxHeader = 1 << 16;  // a WARC or HTTP header larger than this is damage

// "Name: value" lines (CRLF or LF), continuation lines folded in.
std::vector<std::pair<std::string, std::string>> header_fields(std::string_view lines) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::string_view line : split_at(lines, "\n")) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
            out.back().second += ' ';
            out.back().second += trim(line);
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        out.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    return out;
}

std::string_view find_field(const std::vector<std::pair<std::string, std::string>>& fields, std::string_view name) {
    for (const auto& [k, v] : fields)
        if (equals_ci(k, name)) return v;
    return {};
}

// Where the header block that starts at @p from ends (the index of the blank
// line's first byte), and the index just after that blank line.
std::optional<std::pair<std::size_t, std::size_t>> header_end(std::string_view s, std::size_t from) {
    for (std::size_t i = s.find('\n', from); i != std::string_view::npos; i = s.find('\n', i + 1)) {
        if (i + 1 < s.size() && s[i + 1] == '\n') return std::pair{i + 1, i + 2};
        if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') return std::pair{i + 1, i + 3};
    }
    return std::nullopt;
}

// An HTTP response in a WARC block.
struct Http {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> fields;
    std::string_view body;
};

std::optional<Http> parse_http(std::string_view block) {
    if (block.substr(0, 5) != "HTTP/") return std::nullopt;
    const auto end = header_end(block, 0);
    Http h;
    const std::size_t eol = block.find('\n');
    const std::string_view status_line = block.substr(0, eol);
    const std::size_t sp = status_line.find(' ');
    if (sp == std::string_view::npos) return std::nullopt;
    const std::string_view code = trim(status_line.substr(sp + 1, 4));
    if (std::from_chars(code.data(), code.data() + code.size(), h.status).ec != std::errc{}) return std::nullopt;
    if (eol == std::string_view::npos) return h;  // a status line alone: no headers, no body
    const std::size_t headers_to = end ? end->first : block.size();
    h.fields = header_fields(block.substr(eol + 1, headers_to > eol ? headers_to - eol - 1 : 0));
    if (end) h.body = block.substr(end->second);
    return h;
}

// The media type of a Content-Type value, lower case: "text/html".
std::string media_type(std::string_view content_type) {
    return lower_ascii(trim(content_type.substr(0, content_type.find(';'))));
}

// The charset parameter of a Content-Type value, "" when none.
std::string charset_of(std::string_view content_type) {
    const std::string lc = lower_ascii(content_type);
    const std::size_t at = lc.find("charset=");
    if (at == std::string::npos) return {};
    std::string_view v = std::string_view(content_type).substr(at + 8);
    v = v.substr(0, v.find(';'));
    v = trim(v);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
    return std::string(v);
}

bool is_html_type(std::string_view media) { return media == "text/html" || media == "application/xhtml+xml"; }

// A chunked HTTP body decoded; nullopt when the chunks are malformed.
std::optional<std::string> dechunk(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t eol = s.find('\n', i);
        if (eol == std::string_view::npos) return std::nullopt;
        std::string_view size_line = trim(s.substr(i, eol - i));
        size_line = size_line.substr(0, size_line.find(';'));
        std::size_t n = 0;
        if (std::from_chars(size_line.data(), size_line.data() + size_line.size(), n, 16).ec != std::errc{})
            return std::nullopt;
        i = eol + 1;
        if (n == 0) return out;
        if (n > s.size() - i) return std::nullopt;
        out.append(s.substr(i, n));
        i += n;
        if (i < s.size() && s[i] == '\r') ++i;
        if (i < s.size() && s[i] == '\n') ++i;
    }
    return out;  // no last chunk: what came is kept
}

}  // namespace

std::string_view WarcRecord::field(std::string_view name) const { return find_field(fields, name); }

std::string WarcRecord::where() const {
    return "record " + std::to_string(number) + " at byte " + std::to_string(offset);
}

WarcReader::WarcReader(std::istream& in, std::size_t max_record_bytes) : in_(in), max_(max_record_bytes) {
    first_.resize(kChunk);
    in_.read(first_.data(), static_cast<std::streamsize>(first_.size()));
    first_.resize(static_cast<std::size_t>(in_.gcount()));
    if (is_gzip(first_)) {
        gz_ = std::make_unique<GzipStream>([this](char* out, std::size_t cap) -> std::size_t {
            if (!first_.empty()) {
                const std::size_t n = std::min(cap, first_.size());
                std::copy_n(first_.data(), n, out);
                first_.erase(0, n);
                return n;
            }
            in_.read(out, static_cast<std::streamsize>(cap));
            return static_cast<std::size_t>(in_.gcount());
        });
    }
}

WarcReader::~WarcReader() = default;

bool WarcReader::fill() {
    if (eof_) return false;
    // Drop what has been read, so that memory holds about one record.
    if (pos_ > kChunk && pos_ * 2 > buf_.size()) {
        buf_.erase(0, pos_);
        base_ += pos_;
        pos_ = 0;
    }
    const std::size_t before = buf_.size();
    if (gz_) {
        try {
            gz_->read(buf_, kChunk);
        } catch (const GzipError& e) {
            stream_error_ = e.what();
        }
    } else if (!first_.empty()) {
        buf_ += first_;
        first_.clear();
    } else {
        buf_.resize(before + kChunk);
        in_.read(buf_.data() + before, static_cast<std::streamsize>(kChunk));
        buf_.resize(before + static_cast<std::size_t>(in_.gcount()));
    }
    if (buf_.size() == before) eof_ = true;
    return !eof_;
}

bool WarcReader::ensure(std::size_t bytes) {
    while (buf_.size() - pos_ < bytes)
        if (!fill()) return false;
    return true;
}

bool WarcReader::next(WarcRecord& out) {
    out = WarcRecord{};
    // Records end with two CRLFs; tolerate more or fewer blank lines between them.
    while (true) {
        while (pos_ < buf_.size() && (buf_[pos_] == '\r' || buf_[pos_] == '\n')) ++pos_;
        if (pos_ < buf_.size() || !fill()) break;
    }
    out.number = ++number_;
    out.offset = base_ + pos_;
    if (pos_ >= buf_.size()) {
        if (stream_error_.empty()) return false;
        out.error = std::move(stream_error_);
        stream_error_.clear();
        return true;
    }
    // Moves to the next version line, for a damaged record.
    auto resync = [&](std::string why) {
        out.error = std::move(why);
        while (true) {
            const std::size_t at = buf_.find("\nWARC/", pos_);
            if (at != std::string::npos) {
                pos_ = at + 1;
                return true;
            }
            pos_ = std::max(pos_, buf_.size() > 6 ? buf_.size() - 6 : 0);  // a version line may straddle the next fill
            if (!fill()) {
                pos_ = buf_.size();
                return true;
            }
        }
    };
    std::optional<std::pair<std::size_t, std::size_t>> end;
    while (!(end = header_end(buf_, pos_)) && buf_.size() - pos_ < kMaxHeader && fill()) {
    }
    if (std::string_view(buf_).substr(pos_, 5) != "WARC/") return resync("not a WARC record (no WARC/1.x version line)");
    // The stream ended inside the record: one error, with the gzip damage that ended it, if any.
    auto cut_short = [&](std::string what) {
        out.error = "record cut short: " + what + (stream_error_.empty() ? "" : " (" + stream_error_ + ")");
        stream_error_.clear();
        pos_ = buf_.size();
        return true;
    };
    if (!end && eof_) return cut_short("its header has no end");
    if (!end) return resync("record header without its end (a blank line)");
    const std::size_t eol = buf_.find('\n', pos_);
    out.fields = header_fields(std::string_view(buf_).substr(eol + 1, end->first - eol - 1));
    const std::string_view length_text = out.field("Content-Length");
    std::uint64_t length = 0;
    if (length_text.empty() ||
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length).ec != std::errc{})
        return resync("record without a valid Content-Length");
    pos_ = end->second;
    if (length > max_) {
        out.error = "record of " + std::to_string(length) + " bytes is larger than the limit of " +
                    std::to_string(max_);
        std::uint64_t left = length;
        while (left > 0) {
            const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(left, buf_.size() - pos_));
            pos_ += take;
            left -= take;
            if (left > 0 && !fill()) break;
        }
        return true;
    }
    if (!ensure(static_cast<std::size_t>(length)))
        return cut_short(std::to_string(length) + " bytes announced, " + std::to_string(buf_.size() - pos_) + " present");
    out.block.assign(buf_, pos_, static_cast<std::size_t>(length));
    pos_ += static_cast<std::size_t>(length);
    return true;
}

std::string warc_skip_reason(const WarcRecord& r) {
    const std::string type = lower_ascii(r.field("WARC-Type"));
    if (type != "response") return type.empty() ? "untyped" : type;
    if (media_type(r.field("Content-Type")).rfind("application/http", 0) != 0) return "not HTTP";
    const auto http = parse_http(r.block);
    if (!http) return "not HTTP";
    if (http->status < 200 || http->status > 299) return "HTTP " + std::to_string(http->status);
    const std::string media = media_type(find_field(http->fields, "Content-Type"));
    if (!media.empty() && !is_html_type(media)) return "not HTML";
    return {};
}

Article parse_warc_record(const WarcRecord& r) {
    const auto http = parse_http(r.block);
    if (!http) throw InputError("", 0, "response record without an HTTP status line");
    std::string body(http->body);
    if (lower_ascii(find_field(http->fields, "Transfer-Encoding")).find("chunked") != std::string::npos) {
        if (auto plain = dechunk(body)) body = std::move(*plain);
    }
    const std::string coding = lower_ascii(find_field(http->fields, "Content-Encoding"));
    if ((coding == "gzip" || coding == "x-gzip") && is_gzip(body)) {
        try {
            body = gunzip(body, "HTTP body");
        } catch (const GzipError& e) {
            throw InputError("", 0, e.what());
        }
    }
    // The charset the server declared, where the page may not declare one itself:
    // parse_html() reads a <meta charset> in the first bytes.
    const std::string charset = charset_of(find_field(http->fields, "Content-Type"));
    if (!charset.empty() && charset.find_first_of("\"<>") == std::string::npos)
        body.insert(0, "<meta charset=\"" + charset + "\">");
    Article a = parse_html(body);
    const std::string_view uri = trim(r.field("WARC-Target-URI"));
    // WARC/1.0 examples write the URI in angle brackets.
    a.url = std::string(uri.size() >= 2 && uri.front() == '<' && uri.back() == '>' ? uri.substr(1, uri.size() - 2) : uri);
    if (a.published.empty())
        if (auto d = normalize_date(r.field("WARC-Date"))) a.published = *d;
    return a;
}

void read_warc(std::istream& in, const std::string& name, const ReadOptions& options, const ArticleSink& accept,
               const RejectSink& reject) {
    WarcReader reader(in, options.max_bytes);
    WarcRecord r;
    std::map<std::string, std::size_t> skipped;
    std::size_t skipped_total = 0, duplicates = 0;
    std::unordered_set<std::string> seen;
    while (reader.next(r)) {
        if (!r.error.empty()) {
            reject(InputError(name, 0, r.where() + ": " + r.error));
            continue;
        }
        if (std::string why = warc_skip_reason(r); !why.empty()) {
            ++skipped[why];
            ++skipped_total;
            continue;
        }
        // The same page crawled twice: the same payload digest, or the same bytes.
        const auto http = parse_http(r.block);
        const std::string digest(r.field("WARC-Payload-Digest"));
        const std::string bytes_key = "#" + std::to_string(std::hash<std::string_view>{}(http->body)) + ":" +
                                      std::to_string(http->body.size());
        const bool seen_digest = !digest.empty() && !seen.insert(digest).second;
        const bool seen_bytes = !seen.insert(bytes_key).second;
        if (seen_digest || seen_bytes) {
            ++duplicates;
            continue;
        }
        Article a;
        try {
            a = parse_warc_record(r);
        } catch (const InputError& e) {
            reject(InputError(name, 0, r.where() + ": " + e.reason()));
            continue;
        }
        if (trim(a.body).empty() && options.warn) options.warn(InputError(name, 0, r.where() + ": " + kTitleOnly));
        if (a.id.empty()) a.id = derive_id(a);
        accept(std::move(a), SourceLocation{name, 0});
    }
    if ((skipped_total || duplicates) && options.warn) {
        std::string msg;
        if (skipped_total) {
            msg = "skipped " + std::to_string(skipped_total) +
                  (skipped_total == 1 ? " record that is not an HTML page (" : " records that are not HTML pages (");
            bool first = true;
            for (const auto& [why, n] : skipped) {
                msg += (first ? "" : ", ") + std::to_string(n) + " " + why;
                first = false;
            }
            msg += ")";
        }
        if (duplicates) {
            msg += (msg.empty() ? "skipped " : " and ") + std::to_string(duplicates) + " duplicate page" +
                   (duplicates == 1 ? "" : "s") + " (a payload seen before)";
        }
        options.warn(InputError(name, 0, msg));
    }
}

}  // namespace annals::detail
