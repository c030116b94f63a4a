// Where articles are: the coordinates of the cities and towns an article
// mentions, stored for near: (search/near.cpp) as a value slot of
// Xapian::LatLongCoords and coarse geo-cell terms (the schema comment in
// schema.cpp says what is stored).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "annals/article.hpp"

namespace annals::detail::geo {

/// The great-circle metric (Xapian's default Earth radius), the one used
/// for indexing, filtering and sorting.
const Xapian::GreatCircleMetric& metric();

/// Cell sizes in degrees, finest first: each point gets one cell term per size.
inline constexpr int kCellSizes[] = {1, 5, 15};

/// The cell terms XL<size>:<row>:<column> of the point @p lat, @p lon.
std::vector<std::string> cell_terms(double lat, double lon);

/// Cell terms covering every point within @p radius_m metres of @p lat, @p lon,
/// at the finest size that needs few terms; empty when the circle is so large
/// that a cell filter would not help.
std::vector<std::string> covering_cells(double lat, double lon, double radius_m);

/// True when @p place (a linked place entity) is a point: a city or town of the
/// gazetteer. Countries, subdivisions and regions are not: their stored point
/// is their largest city or a centre, not where the article is.
bool is_point(const Entity& place);

/// The distinct points of the article's linked cities and towns.
Xapian::LatLongCoords points(const Article& article);

/// Kilometres from @p centre to the nearest point in @p coords (the value slot),
/// nullopt when it holds none.
std::optional<double> nearest_km(const std::string& coords, const Xapian::LatLongCoord& centre);

}  // namespace annals::detail::geo
