// Internal temporal tagger: finds date expressions and normalises them to
// TimeML TIMEX3 values, relative ones resolved against the published date.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "annals/article.hpp"
#include "util/datetime.hpp"

namespace annals::detail {

/// Date mentions in @p text (type Date, @p field set, value filled, canonical
/// empty), in order of start offset, non-overlapping. Relative expressions
/// ("Tuesday", "last week", "two years ago") are resolved against @p reference
/// with the tense of the sentence; without a reference only absolute dates are
/// returned. Thread-safe; never throws except std::bad_alloc.
std::vector<Entity> find_dates(std::string_view text, Field field,
                               const std::optional<CivilDate>& reference);

}  // namespace annals::detail
