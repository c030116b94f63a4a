// Internal: an article from JSON already parsed (lib/json.cpp), so that the
// elements of a .json array are read where they stand in the file instead of
// being cut out and parsed again.
#pragma once

#include "annals/article.hpp"
#include "util/json.hpp"

namespace annals::detail {

/// article_from_json() on a parsed value: the same checks and messages, whose
/// line and column are those of the value in the text it was parsed from.
Article article_from_value(const json::Value& doc);

}  // namespace annals::detail
