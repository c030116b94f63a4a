// A scratch directory for one test's archive: unique to this process, emptied
// when made and removed when the test ends (also when an assertion stops it).
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

struct ScratchDir {
    std::filesystem::path path;
    explicit ScratchDir(const std::string& name)
        : path(std::filesystem::temp_directory_path() / ("annals-test-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    std::string str() const { return path.string(); }
};
