#include "search/near.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <cmath>
#include <cstdio>

#include "annals/error.hpp"
#include "extract/gazetteer.hpp"
#include "index/geo.hpp"
#include "index/schema.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

// Half the circumference of the Earth: every point is nearer than that.
constexpr double kMaxRadiusKm = 20040;

std::optional<double> number(std::string_view s) {
    s = trim(s);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

double radius_km(std::string_view text, std::size_t pos) {
    const auto fail = [&] {
        throw QueryError(pos, "cannot read the radius '" + std::string(text) +
                                  "' (use a number and km, m or mi, e.g. near:kyiv~300km)");
    };
    std::size_t unit = text.size();
    while (unit > 0 && std::isalpha(static_cast<unsigned char>(text[unit - 1]))) --unit;
    std::string name(text.substr(unit));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto value = number(text.substr(0, unit));
    double factor = 0;
    if (name == "km") factor = 1;
    else if (name == "m") factor = 0.001;
    else if (name == "mi") factor = 1.609344;
    if (!value || factor == 0) fail();
    const double km = *value * factor;
    if (km <= 0 || km > kMaxRadiusKm)
        throw QueryError(pos, "the radius '" + std::string(text) + "' must be above 0 and at most 20040km");
    return km;
}

std::string coords_text(double lat, double lon) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "(%.4f,%.4f)", lat, lon);
    return buf;
}

}  // namespace

NearPoint parse_near(std::string_view value, std::size_t pos, bool quoted) {
    const auto tilde = value.rfind('~');
    if (tilde == std::string_view::npos)
        throw QueryError(pos + value.size() + (quoted ? 1 : 0),
                         "near: needs a radius after '~', e.g. near:kyiv~300km or near:50.45,30.52~20km");
    const std::string_view where = trim(value.substr(0, tilde));
    if (where.empty()) throw QueryError(pos, "near: needs a place or LAT,LON before '~'");
    NearPoint p;
    p.radius_km = radius_km(value.substr(tilde + 1), pos + tilde + 1 + (quoted ? 1 : 0));

    const auto comma = where.find(',');
    const auto lat = comma == std::string_view::npos ? std::nullopt : number(where.substr(0, comma));
    const auto lon = comma == std::string_view::npos ? std::nullopt : number(where.substr(comma + 1));
    if (lat && lon) {
        if (std::abs(*lat) > 90 || std::abs(*lon) > 180)
            throw QueryError(pos, "the point '" + std::string(where) +
                                      "' is off the globe (latitude -90..90, longitude -180..180)");
        p.lat = *lat;
        p.lon = *lon;
        p.readable = coords_text(p.lat, p.lon);
    } else {
        const std::string key = fold(where);
        const auto candidates = Lexicon::get().places(key, true);
        const PlaceRecord* city = nullptr;
        for (const auto& c : candidates)
            if (c.place->kind == PlaceKind::City && c.place->lat && c.place->lon) {
                city = c.place;
                break;
            }
        if (!city) {
            if (!candidates.empty())
                throw QueryError(pos, "'" + std::string(where) +
                                          "' is a country or region, not a point: near: takes a city or town, "
                                          "or LAT,LON");
            throw QueryError(pos, "unknown place '" + std::string(where) +
                                      "' (near: takes a city or town the gazetteer knows, or LAT,LON)");
        }
        p.lat = *city->lat;
        p.lon = *city->lon;
        p.readable = "\"" + key + "\" " + coords_text(p.lat, p.lon);
    }
    p.readable += "~" + std::string(trim(value.substr(tilde + 1)));
    return p;
}

Xapian::Query near_query(const NearPoint& p) {
    const Xapian::LatLongCoords centre(Xapian::LatLongCoord(p.lat, p.lon));
    auto* source = new Xapian::LatLongDistancePostingSource(schema::kSlotCoords, centre, geo::metric(),
                                                            p.radius_km * 1000);
    Xapian::Query distance(source->release());
    const auto cells = geo::covering_cells(p.lat, p.lon, p.radius_km * 1000);
    if (cells.empty()) return distance;
    return Xapian::Query(Xapian::Query::OP_FILTER, distance,
                         Xapian::Query(Xapian::Query::OP_OR, cells.begin(), cells.end()));
}

}  // namespace annals::detail
