// Fuzzes the date parsers: published dates (normalize_date), query dates
// (date:, mentions:) and TIMEX3 values. A normalised date must read back as
// itself, and a range must not end before it starts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "annals/ingest.hpp"
#include "util/datetime.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace d = annals::detail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto iso = annals::normalize_date(text))
        if (annals::normalize_date(*iso) != iso) __builtin_trap();
    if (const auto r = d::parse_query_date(text, d::CivilDate{2025, 6, 15}))
        if (r->first > r->last) __builtin_trap();
    if (const auto r = d::timex_range(text))
        if (r->first > r->last) __builtin_trap();
    (void)d::parse_iso_date(text);
    return 0;
}
