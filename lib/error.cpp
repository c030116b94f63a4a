#include "annals/error.hpp"

namespace annals {

QueryError::QueryError(std::size_t position, const std::string& reason)
    : UsageError("query position " + std::to_string(position) + ": " + reason),
      position_(position), reason_(reason) {}

namespace {
std::string locate(const std::string& file, std::size_t line, const std::string& reason) {
    std::string where = file.empty() ? std::string("<input>") : file;
    if (line > 0) where += ":" + std::to_string(line);
    return where + ": " + reason;
}
}  // namespace

InputError::InputError(std::string file, std::size_t line, const std::string& reason)
    : Error(locate(file, line, reason)), file_(std::move(file)), line_(line), reason_(reason) {}

}  // namespace annals
