// Fuzzes the JSON reader as annals-index runs it on a file: the first byte picks
// JSON Lines or a .json file, the rest is the file. Every bad article must be a
// rejection through the sink, never an exception, and every good one must have
// an id and a title or body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "annals/error.hpp"
#include "ingest/chunks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    annals::detail::Chunk chunk;
    chunk.file = "fuzz";
    chunk.format = data[0] & 1 ? annals::Format::Json : annals::Format::JsonLines;
    chunk.bytes.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    annals::ReadOptions options;
    options.format = chunk.format;
    annals::detail::read_chunk(
        chunk, options,
        [](annals::Article&& a, const annals::SourceLocation& at) {
            if (a.id.empty() || (a.title.empty() && a.body.empty()) || at.line == 0) __builtin_trap();
        },
        [](const annals::InputError& e) {
            if (e.file() != "fuzz") __builtin_trap();
        });
    return 0;
}
