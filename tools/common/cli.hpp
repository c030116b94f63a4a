// Small helpers shared by the command-line tools: exit codes and uniform error
// reporting. Only presentation lives here; anything a library user would also
// need belongs in lib/.
#pragma once

#include <boost/program_options.hpp>

#include <annals/version.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>
#include <unistd.h>

namespace annals::cli {

/// Exit statuses the tools promise (docs/formats.md, exit statuses).
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

/// Parses the command line into @p vm: the @p visible options, plus any number of
/// positional arguments collected under @p positional_name. Handles --help (prints
/// @p visible) and --version. Returns an exit status when the program should stop
/// now (help, version, usage error), nullopt when it should go on.
inline std::optional<int> parse_command_line(int argc, char** argv, const char* program,
                                             const boost::program_options::options_description& visible,
                                             const char* positional_name,
                                             boost::program_options::variables_map& vm) {
    namespace po = boost::program_options;
    po::options_description hidden;
    hidden.add_options()(positional_name, po::value<std::vector<std::string>>(), "");
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add(positional_name, -1);
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        return usage_error(program, e.what());
    }
    if (vm.count("help")) {
        std::cout << visible << '\n';
        return kOk;
    }
    if (vm.count("version")) {
        std::cout << program << ' ' << ANNALS_VERSION << '\n';
        return kOk;
    }
    return std::nullopt;
}

/// The positional arguments collected by parse_command_line(), in order.
inline std::vector<std::string> positionals(const boost::program_options::variables_map& vm, const char* name) {
    return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

/// True when stderr is a terminal (progress lines are only drawn there by default).
inline bool stderr_is_tty() { return ::isatty(2) == 1; }
inline bool stdout_is_tty() { return ::isatty(1) == 1; }

}  // namespace annals::cli
