#include "annals/error.hpp"

#include "util/json.hpp"

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

std::string to_json(const Error& error) {
    detail::json::Writer w;
    w.begin_object();
    const auto* query = dynamic_cast<const QueryError*>(&error);
    const auto* input = dynamic_cast<const InputError*>(&error);
    const char* kind = "error";
    if (query) kind = "query";
    else if (dynamic_cast<const UsageError*>(&error)) kind = "usage";
    else if (input) kind = "input";
    else if (dynamic_cast<const ArchiveError*>(&error)) kind = "archive";
    w.key("error").value(kind);
    w.key("message").value(error.what());
    if (query) {
        w.key("position").value(query->position());
        w.key("reason").value(query->reason());
    }
    if (input) {
        w.key("file").value(input->file());
        w.key("line").value(input->line());
        w.key("reason").value(input->reason());
    }
    w.end_object();
    return w.take();
}

}  // namespace annals
