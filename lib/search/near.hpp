// near: in the query language (docs/query-language.md): articles that mention a
// city or town within a radius of a place or a point. The index side is
// index/geo.hpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <xapian.h>

namespace annals::detail {

/// The centre and radius of a near: query.
struct NearPoint {
    double lat = 0, lon = 0;
    double radius_km = 0;
    std::string readable;  ///< "\"kyiv\" (50.4547,30.5238)~300km", for --explain
};

/// Parses the value of near: ("kyiv~300km", "50.45,30.52~25mi", "new york~5km"
/// from a quoted value). @p pos is the byte offset of the value in the query and
/// @p quoted says that the value stood in quotes (the radius then sits one byte
/// further, after the closing quote). Throws QueryError naming the position of
/// a missing or bad radius, an unknown place or one that is not a point (a
/// country, subdivision or region).
NearPoint parse_near(std::string_view value, std::size_t pos, bool quoted);

/// Documents mentioning a city or town within @p p's radius: a distance posting
/// source over the coordinates slot, filtered by the geo cells covering the circle.
Xapian::Query near_query(const NearPoint& p);

}  // namespace annals::detail
