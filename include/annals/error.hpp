// annals/error.hpp: the exceptions annals throws.
//
// Every public entry point reports failure by throwing one of these; nothing
// from Xapian, ICU or cereal escapes the library. The hierarchy splits mistakes
// of the caller (UsageError, QueryError) from problems with data or the
// environment (InputError, ArchiveError), as Xapian splits LogicError and
// RuntimeError.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "annals/export.hpp"

namespace annals {

/// Base of every exception annals throws. what() is a complete, human-readable message.
class ANNALS_EXPORT Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The caller asked for something invalid (bad option, bad argument, misuse of the API).
class ANNALS_EXPORT UsageError : public Error {
  public:
    using Error::Error;
};

/// A query could not be parsed. position() is the 0-based byte offset in the query
/// text where the problem was found; what() reads "query position N: reason".
class ANNALS_EXPORT QueryError : public UsageError {
  public:
    QueryError(std::size_t position, const std::string& reason);
    /// Byte offset into the query string where the error was detected.
    std::size_t position() const noexcept { return position_; }
    /// The reason without the position prefix.
    const std::string& reason() const noexcept { return reason_; }

  private:
    std::size_t position_;
    std::string reason_;
};

/// An article (or a whole input) was rejected: malformed JSON, invalid UTF-8,
/// binary data, a missing title and body, an oversized document...
/// what() reads "FILE:LINE: reason" (or "FILE: reason" when line() is 0).
class ANNALS_EXPORT InputError : public Error {
  public:
    InputError(std::string file, std::size_t line, const std::string& reason);
    /// Name of the input ("-" for standard input, "" when unknown).
    const std::string& file() const noexcept { return file_; }
    /// 1-based line where the rejected article starts; 0 when not line-oriented.
    std::size_t line() const noexcept { return line_; }
    /// The reason without the location prefix.
    const std::string& reason() const noexcept { return reason_; }

  private:
    std::string file_;
    std::size_t line_;
    std::string reason_;
};

/// The archive cannot be opened, is locked by another writer, was written by an
/// incompatible schema version, or the storage layer failed.
class ANNALS_EXPORT ArchiveError : public Error {
  public:
    using Error::Error;
};

/// @p error as one JSON object on one line (no trailing newline), for programs
/// that report errors as JSON, such as annals-serve:
///
///     {"error": "query", "message": "query position 7: unbalanced quote...",
///      "position": 7, "reason": "unbalanced quote..."}
///
/// "error" names the class: "query" (QueryError, which adds "position" and
/// "reason"), "usage", "input" (InputError, which adds "file", "line" and
/// "reason"), "archive" or "error"; "message" is what(). Never throws except
/// std::bad_alloc.
ANNALS_EXPORT std::string to_json(const Error& error);

}  // namespace annals
