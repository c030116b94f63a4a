// Internal knowledge of entity names: places (GeoNames cities, ISO 3166
// countries and subdivisions, curated regions), organisations and their
// short forms. Built into the library from data/; loaded once, read-only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "annals/article.hpp"

namespace annals::detail {

/// Other names under which an entity with this canonical form is known, e.g.
/// Place "Kyiv" -> {"Kiev", "Kyjiv", ...}, Place "United Kingdom" -> {"Britain",
/// "UK", "U.K.", "Great Britain"}, Organization "North Atlantic Treaty
/// Organization" -> {"NATO"}. Empty when none are known. The indexer indexes
/// these so that place:kiev finds Kyiv. Thread-safe.
std::vector<std::string> aliases_of(EntityType type, std::string_view canonical);

}  // namespace annals::detail
