// Internal: a record of an archive file, as a splitter cuts it out. Archive
// formats are read in two steps: a cheap sequential split of the file's bytes
// into records, then a parse of each record on its own (records share nothing,
// so they may be parsed in any order or in parallel).
#pragma once

#include <cstddef>
#include <string_view>

namespace annals::detail {

/// One record: its bytes (a view into the file's text) and where it starts.
struct Record {
    std::string_view text;
    std::size_t line = 1;  ///< 1-based line of the file where the record starts
};

}  // namespace annals::detail
