// Exact facet counts over a whole result set. Each facet slot holds the list of
// an article's distinct values (index/schema.cpp), so one MatchSpy pass counts
// multi-valued fields (people, places, ...) exactly, which Xapian's
// ValueCountMatchSpy (one value per slot) cannot.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "annals/search.hpp"
#include "index/schema.hpp"
#include "search/person_merge.hpp"

namespace annals::detail {

/// Counts the values of several facet slots in every document it is shown.
/// Register with Enquire::add_matchspy and call get_mset with check_at_least set
/// to the document count so that it sees every match.
class FacetSpy : public Xapian::MatchSpy {
  public:
    /// With @p people, person values are counted under PersonMerge::key(): an
    /// article naming "Biden" and "Joe Biden" counts once for "Joe Biden".
    explicit FacetSpy(std::vector<Xapian::valueno> slots, const PersonMerge* people = nullptr);
    void operator()(const Xapian::Document& doc, double weight) override;
    /// Value -> number of matching documents having it, for @p slot. Call
    /// finish() first when counting with a PersonMerge.
    const std::map<std::string, std::size_t>& counts(Xapian::valueno slot) const;
    /// Turns merged person keys into the names to show (after get_mset).
    void finish();

  private:
    std::vector<Xapian::valueno> slots_;
    const PersonMerge* people_;
    std::vector<const std::string*> doc_keys_;  // keys of one article (few)
    std::map<Xapian::valueno, std::map<std::string, std::size_t>> counts_;
};

/// Buckets of one facet: entity and category facets most frequent first (ties
/// in value order), at most @p limit of them (0 = all); timelines (year, month,
/// mentioned_year) every bucket from the first to the last non-empty one in date
/// order, empty ones included.
std::vector<FacetValue> facet_buckets(const schema::FacetSpec& facet,
                                      const std::map<std::string, std::size_t>& counts, std::size_t limit);

}  // namespace annals::detail
