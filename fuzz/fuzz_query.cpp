// Fuzzes the query parser: any text is a query or a QueryError, never a crash,
// a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "annals/error.hpp"
#include "search/query_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto parsed = annals::detail::parse_query(text, annals::detail::CivilDate{2025, 6, 15});
        (void)parsed.query.get_description();
        for (const auto& w : parsed.words)
            if (w.start > w.end || w.end > text.size()) __builtin_trap();  // positions inside the query
    } catch (const annals::QueryError& e) {
        if (e.position() > text.size()) __builtin_trap();  // the caret points inside the query or at its end
    }
    return 0;
}
