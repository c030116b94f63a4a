// Small helpers shared by the command-line tools: exit codes and uniform error
// reporting. Only presentation lives here; anything a library user would also
// need belongs in lib/.
#pragma once

#include <iostream>
#include <string>
#include <unistd.h>

namespace annals::cli {

/// Exit statuses promised by SPEC sections 2 and 3.
enum Exit : int { kOk = 0, kFailed = 1, kUsage = 2, kInterrupted = 130 };

/// Prints "PROGRAM: message" on stderr and returns @p code, for `return fail(...)`.
inline int fail(const char* program, const std::string& message, int code) {
    std::cerr << program << ": " << message << '\n';
    return code;
}

/// Prints a usage error followed by a hint to --help.
inline int usage_error(const char* program, const std::string& message) {
    std::cerr << program << ": " << message << "\nTry '" << program << " --help' for more information.\n";
    return kUsage;
}

/// True when stderr is a terminal (progress lines are only drawn there by default).
inline bool stderr_is_tty() { return ::isatty(2) == 1; }
inline bool stdout_is_tty() { return ::isatty(1) == 1; }

}  // namespace annals::cli
