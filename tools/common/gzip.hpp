// Gzip decompression for the evaluation tools and benchmarks that read gzipped
// pages (annals-eval webpages, bench/html_bench). Only they link zlib; the library
// itself reads plain files.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <zlib.h>

namespace annals::cli {

/// @p gz decompressed. Several gzip members are joined, as Python's gzip.decompress
/// does. Throws std::runtime_error naming @p name when the data is not complete gzip.
inline std::string gunzip(std::string_view gz, const std::string& name) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: cannot start inflate");
    std::string out;
    char buf[1 << 16];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    z.avail_in = static_cast<uInt>(gz.size());
    int rc = Z_OK;
    while (true) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_STREAM_END) {
            if (z.avail_in == 0) break;
            inflateReset(&z);  // another member follows
        } else if (rc != Z_OK) {
            break;  // Z_BUF_ERROR here means the input ended early
        }
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error(name + ": not a complete gzip file");
    return out;
}

/// The bytes of the file at @p path, decompressed when its name ends in ".gz".
/// Throws std::runtime_error naming the file when it cannot be read or unpacked.
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return path.extension() == ".gz" ? gunzip(ss.str(), path.string()) : ss.str();
}

}  // namespace annals::cli
