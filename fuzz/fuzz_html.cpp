// Fuzzes the HTML reader: any bytes are an article or an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "util/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const annals::Article a = annals::parse_html(std::string_view(reinterpret_cast<const char*>(data), size));
        // Whatever the page's encoding, every field is UTF-8.
        for (const auto* s : {&a.title, &a.body, &a.published, &a.url, &a.publication, &a.language})
            if (annals::detail::find_invalid_utf8(*s)) __builtin_trap();
    } catch (const annals::InputError&) {
    }
    return 0;
}
