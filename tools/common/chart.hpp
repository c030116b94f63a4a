// Bar charts of timeline facets in the terminal (annals-query's text output):
// one line per bucket, "label bar count", the longest bar filling the width.
// Unicode block characters (eighths of a cell) on a terminal, '#' otherwise so
// that piped output stays plain ASCII. Presentation only.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <sys/ioctl.h>
#include <unistd.h>

namespace annals::cli {

/// Columns to draw in: $COLUMNS when it is a positive number, else the width of
/// the terminal on stdout, else 80.
inline std::size_t output_width() {
    if (const char* c = std::getenv("COLUMNS")) {
        char* end = nullptr;
        const long n = std::strtol(c, &end, 10);
        if (end != c && *end == '\0' && n > 0) return static_cast<std::size_t>(n);
    }
    winsize ws{};
    if (::isatty(1) == 1 && ::ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

/// The lines (each ending in '\n') of a bar chart of @p buckets (label, count):
/// "label count bar", indented by @p indent spaces and at most @p width columns
/// wide (bars get at least 10 columns however narrow). @p unicode: eighth
/// blocks; otherwise '#'. A non-zero count always shows at least a sliver.
inline std::string bar_chart(const std::vector<std::pair<std::string, std::size_t>>& buckets, std::size_t width,
                             bool unicode, std::size_t indent = 4) {
    std::size_t label = 0, digits = 1, most = 0;
    for (const auto& [l, n] : buckets) {
        label = std::max(label, l.size());  // labels are dates: ASCII, one column a byte
        digits = std::max(digits, std::to_string(n).size());
        most = std::max(most, n);
    }
    const std::size_t used = indent + label + 1 + digits + 1;
    const std::size_t bar = width > used + 10 ? width - used : 10;
    static const char* const eighths[] = {"", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589"};
    std::string out;
    for (const auto& [l, n] : buckets) {
        const std::string count = std::to_string(n);
        out += std::string(indent, ' ') + l + std::string(label - l.size() + 1 + digits - count.size(), ' ') + count;
        if (most > 0 && n > 0) {
            // In eighths of a column, rounded, at least one.
            const std::size_t parts = std::max<std::size_t>(1, (n * bar * 8 + most / 2) / most);
            out += ' ';
            if (unicode) {
                for (std::size_t i = 0; i < parts / 8; ++i) out += "\u2588";
                out += eighths[parts % 8];
            } else {
                out += std::string(std::max<std::size_t>(1, (parts + 4) / 8), '#');
            }
        }
        out += '\n';
    }
    return out;
}

}  // namespace annals::cli
