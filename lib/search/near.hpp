// near: in the query language (docs/query-language.md): articles that mention a
// city or town within a radius of a place or a point. The index side is
// index/geo.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

/// The points of every document of one database as unit vectors, read once
/// from the coordinates slot, so that a long-lived Searcher tells the distance
/// of a match by a few multiplications: Xapian's distance source and key maker
/// read and decode the slot and compute a great-circle distance (sines,
/// cosines, an arcsine) per point and per match, twice when sorting by
/// distance, 80 % of a near: search sorted by distance at 200,000 articles.
/// The nearest point has the largest dot product with the centre's vector.
/// 24 bytes a point and 4 a document. Single databases only (docids index it);
/// read-only once built.
class GeoColumn {
  public:
    struct Vec {
        double x = 0, y = 0, z = 0;
    };
    /// Reads the coordinates slot of every document of @p db.
    explicit GeoColumn(const Xapian::Database& db);
    /// The unit vector of a point on the globe.
    static Vec unit(double lat, double lon);
    /// The largest dot product of @p centre with the points of document @p did:
    /// the cosine of the angle to its nearest point; -2 when it has none.
    double nearest(Xapian::docid did, const Vec& centre) const;
    /// The highest docid that has points (0: none).
    Xapian::docid last() const { return static_cast<Xapian::docid>(offsets_.size() - 1); }
    /// Documents with points.
    Xapian::doccount documents() const { return documents_; }

  private:
    std::vector<std::uint32_t> offsets_{0};  // document did's points: [offsets_[did - 1], offsets_[did])
    std::vector<Vec> points_;
    Xapian::doccount documents_ = 0;
};

/// near_query() over a GeoColumn: the same matches, the distance told from
/// the column. For the Searcher of one local database (a Xapian server cannot
/// run it); @p column must outlive the query.
Xapian::Query near_query(const NearPoint& p, const GeoColumn& column);

/// The sort key of a document by distance from @p lat, @p lon (nearest first,
/// documents without points last), from a GeoColumn: the order of Xapian's
/// LatLongDistanceKeyMaker. @p column must outlive it.
class NearKey : public Xapian::KeyMaker {
  public:
    NearKey(const GeoColumn& column, double lat, double lon) : column_(column), centre_(GeoColumn::unit(lat, lon)) {}
    std::string operator()(const Xapian::Document& doc) const override;

  private:
    const GeoColumn& column_;
    GeoColumn::Vec centre_;
};

}  // namespace annals::detail
