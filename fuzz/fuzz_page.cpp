// Fuzzes the saved-page reader: any bytes are an article or an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "util/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const annals::Article a = annals::parse_page(std::string_view(reinterpret_cast<const char*>(data), size));
        // Whatever the input's encoding, every field is UTF-8.
        if (annals::detail::find_invalid_utf8(a.title) || annals::detail::find_invalid_utf8(a.body)) __builtin_trap();
    } catch (const annals::InputError&) {
    }
    return 0;
}
