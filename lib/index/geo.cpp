#include "index/geo.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "extract/gazetteer.hpp"
#include "index/schema.hpp"
#include "util/text.hpp"

namespace annals::detail::geo {

namespace {

// A circle needing more cells than this at the coarsest size is searched
// without a cell filter (it covers a good part of the globe anyway).
constexpr std::size_t kMaxCells = 64;

int row(double lat, int size) { return std::clamp(static_cast<int>(std::floor((lat + 90) / size)), 0, 180 / size - 1); }

int column(double lon, int size) {
    const int n = 360 / size;
    const int c = static_cast<int>(std::floor((lon + 180) / size));
    return ((c % n) + n) % n;
}

std::string cell_term(int size, int r, int c) {
    return std::string(schema::kGeoCellPrefix) + std::to_string(size) + ":" + std::to_string(r) + ":" +
           std::to_string(c);
}

}  // namespace

const Xapian::GreatCircleMetric& metric() {
    static const Xapian::GreatCircleMetric m;
    return m;
}

std::vector<std::string> cell_terms(double lat, double lon) {
    std::vector<std::string> out;
    for (const int size : kCellSizes) out.push_back(cell_term(size, row(lat, size), column(lon, size)));
    return out;
}

std::vector<std::string> covering_cells(double lat, double lon, double radius_m) {
    // Metres per degree of latitude on the metric's sphere; a degree of longitude
    // shrinks with the cosine of the latitude, widest at the edge nearest a pole.
    const double per_degree = metric().pointwise_distance(Xapian::LatLongCoord(0, 0), Xapian::LatLongCoord(1, 0));
    const double dlat = radius_m / per_degree;
    const double south = lat - dlat, north = lat + dlat;
    const bool polar = south <= -90 || north >= 90;
    double dlon = 180;
    if (!polar) {
        const double widest = std::max(std::abs(south), std::abs(north)) * M_PI / 180;
        dlon = std::min(180.0, dlat / std::cos(widest));
    }
    for (const int size : kCellSizes) {
        const int r0 = row(std::max(south, -90.0), size), r1 = row(std::min(north, 90.0), size);
        const int columns = 360 / size;
        const bool all_columns = dlon >= 180;
        const int c0 = column(lon - dlon, size);
        int span = all_columns ? columns : column(lon + dlon, size) - c0 + 1;
        if (span <= 0) span += columns;  // across the antimeridian
        span = std::min(span, columns);
        const auto cells = static_cast<std::size_t>(r1 - r0 + 1) * static_cast<std::size_t>(span);
        if (cells > kMaxCells) continue;
        std::vector<std::string> out;
        for (int r = r0; r <= r1; ++r)
            for (int k = 0; k < span; ++k) out.push_back(cell_term(size, r, (c0 + k) % columns));
        return out;
    }
    return {};
}

bool is_point(const Entity& place) {
    if (place.type != EntityType::Place || !place.lat || !place.lon) return false;
    for (const auto& c : Lexicon::get().places(fold(place.canonical)))
        if (c.place->lat == place.lat && c.place->lon == place.lon) return c.place->kind == PlaceKind::City;
    // Coordinates that came with the record, of a place the gazetteer does not know.
    return true;
}

Xapian::LatLongCoords points(const Article& article) {
    Xapian::LatLongCoords coords;
    std::set<std::pair<double, double>> seen;
    for (const auto& e : article.entities)
        if (is_point(e) && seen.emplace(*e.lat, *e.lon).second) coords.append(Xapian::LatLongCoord(*e.lat, *e.lon));
    return coords;
}

std::optional<double> nearest_km(const std::string& value, const Xapian::LatLongCoord& centre) {
    if (value.empty()) return std::nullopt;
    Xapian::LatLongCoords coords;
    try {
        coords.unserialise(value);
    } catch (const Xapian::Error&) {
        return std::nullopt;
    }
    if (coords.empty()) return std::nullopt;
    return metric()(Xapian::LatLongCoords(centre), coords) / 1000;
}

}  // namespace annals::detail::geo
