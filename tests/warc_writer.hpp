// Test fixture generator: writes WARC records (ISO 28500) and gzip members, so
// that the WARC tests build their archives at test time instead of keeping
// binary files in the tree.
#pragma once

#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

namespace warc_writer {

/// One WARC/1.1 record: version line, fields, a blank line, the block, two CRLFs.
inline std::string record(std::string_view type, std::string_view uri, std::string_view date,
                          std::string_view content_type, std::string_view block,
                          const std::vector<std::string>& more_fields = {}) {
    std::string r = "WARC/1.1\r\nWARC-Type: " + std::string(type) + "\r\n";
    if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
    r += "WARC-Date: " + std::string(date) + "\r\n";
    r += "WARC-Record-ID: <urn:uuid:" + std::to_string(std::hash<std::string_view>{}(block)) + ">\r\n";
    for (const auto& f : more_fields) r += f + "\r\n";
    if (!content_type.empty()) r += "Content-Type: " + std::string(content_type) + "\r\n";
    r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
    r += block;
    r += "\r\n\r\n";
    return r;
}

/// An HTTP/1.1 response message.
inline std::string http(int status, std::string_view content_type, std::string_view body,
                        const std::vector<std::string>& more_headers = {}) {
    std::string m = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Other") + "\r\n";
    if (!content_type.empty()) m += "Content-Type: " + std::string(content_type) + "\r\n";
    for (const auto& h : more_headers) m += h + "\r\n";
    m += "\r\n";
    m += body;
    return m;
}

/// A response record for an HTTP message.
inline std::string response(std::string_view uri, std::string_view date, std::string_view http_message,
                            const std::vector<std::string>& more_fields = {}) {
    return record("response", uri, date, "application/http; msgtype=response", http_message, more_fields);
}

/// @p data as one gzip member.
inline std::string gzip(std::string_view data) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

/// A simple article page.
inline std::string page(std::string_view title, std::string_view text, std::string_view extra_head = "") {
    return "<!DOCTYPE html><html><head><title>" + std::string(title) + "</title>" + std::string(extra_head) +
           "</head><body><article><h1>" + std::string(title) + "</h1><p>" + std::string(text) +
           "</p><p>" + std::string(text) + " A second paragraph follows the first, as articles have.</p></article></body></html>";
}

}  // namespace warc_writer
