// annals/extract.hpp: finding people, places, organisations and dates in articles.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "annals/article.hpp"
#include "annals/export.hpp"

namespace annals {

/// Which entity types Extractor looks for (all by default).
struct ExtractOptions {
    bool people = true;
    bool places = true;
    bool organizations = true;
    bool dates = true;
};

/// The most of an article's body Extractor reads, in bytes: 1 MiB, some 150 000
/// words, far more than any news story. Of a longer body only the part up to
/// the last paragraph or word break before this point is read for entities, so
/// that memory and time stay bounded; all of the body is still stored, indexed
/// and searchable. annals-index warns of such articles.
inline constexpr std::size_t kMaxExtractBytes = std::size_t{1} << 20;

/// Finds every entity mention in an article's title and body, with byte offsets,
/// canonical forms (in-document coreference: "Rubio" after "Marco Rubio"),
/// gazetteer links for places (country, lat, lon, GeoNames id) and TIMEX3 values
/// for dates, relative dates resolved against the article's published date.
///
/// The models and gazetteers are built into the library and loaded once per
/// process on first use; they are shared read-only, so one Extractor (or many)
/// may be used from several threads at once.
///
///     annals::Extractor extractor;
///     annals::Article a = annals::parse_page(text);
///     extractor.annotate(a);   // a.entities now lists every mention
class ANNALS_EXPORT Extractor {
  public:
    /// Loads (once per process) the built-in models. Throws Error if they are corrupt.
    explicit Extractor(const ExtractOptions& options = {});
    ~Extractor();
    Extractor(const Extractor&);
    Extractor& operator=(const Extractor&);
    Extractor(Extractor&&) noexcept;
    Extractor& operator=(Extractor&&) noexcept;

    /// The mentions in @p article's title and body (its first kMaxExtractBytes),
    /// title first, each in order of start offset. Does not modify the article.
    /// Never throws except std::bad_alloc.
    std::vector<Entity> extract(const Article& article) const;

    /// Replaces article.entities with extract(article).
    void annotate(Article& article) const;

    /// The entity types this Extractor looks for.
    const ExtractOptions& options() const noexcept;

  private:
    struct Impl;
    std::shared_ptr<const Impl> impl_;
};

}  // namespace annals
