// Reading possibly gzipped files for the evaluation tools and benchmarks
// (annals-eval webpages, bench/html_bench); decompression is the library's.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "util/gzip.hpp"

namespace annals::cli {

/// The bytes of the file at @p path, decompressed when its name ends in ".gz".
/// Throws std::runtime_error naming the file when it cannot be read or unpacked.
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return path.extension() == ".gz" ? detail::gunzip(ss.str(), path.string()) : ss.str();
}

}  // namespace annals::cli
