#include "search/near.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>

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
    // Appended piece by piece: GCC 12 takes "~" + std::string for an overlapping
    // copy (-Wrestrict, a false alarm).
    p.readable += '~';
    p.readable += trim(value.substr(tilde + 1));
    return p;
}

namespace {

// The documents of a GeoColumn with a point within an angle of the centre (a
// dot product of at least min_dot): a filter, of no weight.
class NearSource : public Xapian::PostingSource {
  public:
    NearSource(const GeoColumn& column, const GeoColumn::Vec& centre, double min_dot)
        : column_(column), centre_(centre), min_dot_(min_dot) {}
    void init(const Xapian::Database&) override { at_ = 0; }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return column_.documents(); }
    Xapian::doccount get_termfreq_max() const override { return column_.documents(); }
    void next(double) override {
        while (++at_ <= column_.last() && !within(at_)) {}
    }
    void skip_to(Xapian::docid did, double min_wt) override {
        if (did <= at_ && (at_ > column_.last() || within(at_))) return;
        at_ = std::max(at_, did - 1);
        next(min_wt);
    }
    bool check(Xapian::docid did, double) override {
        at_ = did;  // when false, next() goes on after did
        return within(did);
    }
    bool at_end() const override { return at_ > column_.last(); }
    Xapian::docid get_docid() const override { return at_; }
    NearSource* clone() const override { return new NearSource(column_, centre_, min_dot_); }
    std::string name() const override { return "annals.NearSource"; }
    // For keys (search/match_cache.hpp), never read back.
    std::string serialise() const override {
        return Xapian::sortable_serialise(centre_.x) + Xapian::sortable_serialise(centre_.y) +
               Xapian::sortable_serialise(centre_.z) + Xapian::sortable_serialise(min_dot_);
    }

  private:
    bool within(Xapian::docid did) const { return column_.nearest(did, centre_) >= min_dot_; }
    const GeoColumn& column_;
    GeoColumn::Vec centre_;
    double min_dot_;
    Xapian::docid at_ = 0;
};

// The matches of @p distance filtered by the geo cells covering @p p's circle.
Xapian::Query within_cells(const NearPoint& p, Xapian::Query distance) {
    const auto cells = geo::covering_cells(p.lat, p.lon, p.radius_km * 1000);
    if (cells.empty()) return distance;
    return Xapian::Query(Xapian::Query::OP_FILTER, distance,
                         Xapian::Query(Xapian::Query::OP_OR, cells.begin(), cells.end()));
}

}  // namespace

Xapian::Query near_query(const NearPoint& p) {
    const Xapian::LatLongCoords centre(Xapian::LatLongCoord(p.lat, p.lon));
    auto* source = new Xapian::LatLongDistancePostingSource(schema::kSlotCoords, centre, geo::metric(),
                                                            p.radius_km * 1000);
    return within_cells(p, Xapian::Query(source->release()));
}

Xapian::Query near_query(const NearPoint& p, const GeoColumn& column) {
    // The metric's distance is the angle between two points times its radius,
    // which it does not tell: a quarter of the equator is a right angle.
    static const double radius_m = geo::metric().pointwise_distance(Xapian::LatLongCoord(0, 0),
                                                                     Xapian::LatLongCoord(0, 90)) /
                                   (std::numbers::pi / 2);
    const double angle = p.radius_km * 1000 / radius_m;
    const double min_dot = angle >= std::numbers::pi ? -1.5 : std::cos(angle);
    auto* source = new NearSource(column, GeoColumn::unit(p.lat, p.lon), min_dot);
    return within_cells(p, Xapian::Query(source->release()));
}

GeoColumn::GeoColumn(const Xapian::Database& db) {
    for (auto v = db.valuestream_begin(schema::kSlotCoords); v != db.valuestream_end(schema::kSlotCoords); ++v) {
        Xapian::LatLongCoords coords;
        coords.unserialise(*v);
        if (coords.empty()) continue;
        offsets_.resize(v.get_docid(), static_cast<std::uint32_t>(points_.size()));  // documents without points
        for (auto c = coords.begin(); c != coords.end(); ++c) points_.push_back(unit((*c).latitude, (*c).longitude));
        offsets_.push_back(static_cast<std::uint32_t>(points_.size()));
        ++documents_;
    }
}

GeoColumn::Vec GeoColumn::unit(double lat, double lon) {
    const double phi = lat * std::numbers::pi / 180, lambda = lon * std::numbers::pi / 180;
    return {std::cos(phi) * std::cos(lambda), std::cos(phi) * std::sin(lambda), std::sin(phi)};
}

double GeoColumn::nearest(Xapian::docid did, const Vec& c) const {
    double best = -2;
    if (did == 0 || did >= offsets_.size()) return best;
    for (std::uint32_t i = offsets_[did - 1]; i < offsets_[did]; ++i)
        best = std::max(best, points_[i].x * c.x + points_[i].y * c.y + points_[i].z * c.z);
    return best;
}

std::string NearKey::operator()(const Xapian::Document& doc) const {
    // Ascending keys: the largest dot product (the nearest point) first.
    return Xapian::sortable_serialise(-column_.nearest(doc.get_docid(), centre_));
}

}  // namespace annals::detail
