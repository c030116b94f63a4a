// Exact facet counts over a whole result set. Every document stores the
// ordinals of all its facet values in one slot (index/facet_ordinals.hpp), so a
// MatchSpy pass adds integers per match and multi-valued fields (people,
// places, ...) are counted exactly, which Xapian's ValueCountMatchSpy (one value
// per slot) cannot. Values are turned into strings only after counting, and only
// for the buckets that can be shown.
//
// Archives built apart have their own ordinal dictionaries; each document names
// the dictionary of its ordinals, so counts are kept per dictionary and merged by
// value, whether the archives are searched as one Xapian::Database (where a
// MatchSpy sees each sub-database's own docids, so docids cannot tell) or were
// compacted into one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "annals/search.hpp"
#include "index/facet_ordinals.hpp"
#include "index/schema.hpp"
#include "search/person_merge.hpp"

namespace annals::detail {

/// The ordinal slot of every document of one database, in memory: document d's
/// is data[offsets[d] .. offsets[d + 1]).
struct OrdinalColumn {
    std::vector<std::size_t> offsets;
    std::string data;
};

/// Counts the ordinals of several facets in every document it is shown.
/// Register with Enquire::add_matchspy and call get_mset with check_at_least set
/// to the document count so that it sees every match.
class FacetSpy : public Xapian::MatchSpy {
  public:
    /// @p facets: positions in schema::facets() to count. @p ids: the
    /// dictionaries the documents may use; @p sizes[d][k]: the number of ordinals
    /// of facets[k] in dictionary ids[d]. With @p people_merge, the person values
    /// of an article that include a surname-only one are also kept, so that one
    /// person named twice in an article ("Biden", "Joe Biden") can be counted once.
    /// With @p column, a document's ordinals are read there by docid instead of
    /// from the document (single databases only: a MatchSpy sees each
    /// sub-database's own docids).
    FacetSpy(const std::vector<std::size_t>& facets, std::vector<std::uint32_t> ids,
             const std::vector<std::vector<std::uint32_t>>& sizes, bool people_merge,
             const OrdinalColumn* column = nullptr);
    void operator()(const Xapian::Document& doc, double weight) override;
    /// From now on, count only the first document seen of each duplicate group.
    void count_groups_once() { groups_once_ = true; }
    /// Counts @p times articles whose ordinal slot holds @p data: how counts
    /// from Xapian's ValueCountMatchSpy (which runs on a remote server, where
    /// this spy cannot) are added.
    void count(std::string_view data, std::uint32_t times);

    /// Matches per ordinal of facets[k] in dictionary ids[d].
    const std::vector<std::uint32_t>& counts(std::size_t d, std::size_t k) const { return counts_[d][k]; }
    /// Person ordinals of the articles kept for merging, flattened as
    /// [d, n, ordinal 1 .. ordinal n] records.
    const std::vector<std::uint32_t>& people_to_merge() const { return people_; }
    /// Documents seen.
    std::size_t seen() const { return seen_; }

  private:
    std::vector<int> wanted_;  // facet position -> k, or -1
    std::vector<std::uint32_t> ids_;
    std::size_t person_k_ = static_cast<std::size_t>(-1);
    std::vector<std::vector<std::vector<std::uint32_t>>> counts_;  // [d][k][ordinal]
    std::vector<std::uint32_t> people_;
    std::vector<ordinals::Entry> doc_people_;  // person entries of one article
    const OrdinalColumn* column_;
    std::size_t seen_ = 0;
    bool groups_once_ = false;
    std::unordered_set<std::string> groups_;  // duplicate groups counted
};

/// Turns FacetSpy counts into the buckets to show. Keeps what it learns about
/// the archive's values (strings, merged people) for later searches; build a new
/// one after reopening the database. Not thread-safe.
class FacetTable {
  public:
    /// @p databases: the databases searched (one for a single archive, each
    /// sub-database when several are combined: metadata of a combined
    /// Xapian::Database comes from the first one only). Throws ArchiveError when
    /// two hold a dictionary with the same id.
    explicit FacetTable(const std::vector<Xapian::Database>& databases);

    /// ids and sizes arguments of FacetSpy for @p facets.
    std::vector<std::uint32_t> ids() const;
    std::vector<std::vector<std::uint32_t>> sizes(const std::vector<std::size_t>& facets) const;

    /// Value -> count of facets[k] (the FacetSpy's facets) for every value that
    /// can be among the first @p limit buckets (0 = all values). With @p people,
    /// person values are counted under the name PersonMerge gives them, each
    /// person once per article.
    std::map<std::string, std::size_t> counts(const FacetSpy& spy, std::size_t k, std::size_t facet_index,
                                              std::size_t limit, const PersonMerge* people);

    /// The ordinal column of a single database, once load_column() has read it.
    /// Reading a document's values through Xapian costs more than counting them:
    /// a Searcher that has met a query matching much of the archive keeps them all
    /// (a few dozen bytes per article) for the next ones.
    const OrdinalColumn* column() const { return column_.offsets.empty() ? nullptr : &column_; }
    void load_column(const Xapian::Database& db);

  private:
    // Values of one facet grouped into buckets, per dictionary and ordinal.
    struct Buckets {
        std::vector<std::vector<std::int32_t>> of;  // [d][ordinal] -> bucket, -1 unknown
        std::vector<std::string> names;
        std::unordered_map<std::string, std::int32_t> ids;
    };
    // The bucket already given to an ordinal of dictionary d, or -1.
    static std::int32_t named(const Buckets& b, std::size_t d, std::uint32_t ordinal);
    std::int32_t bucket(Buckets& b, std::size_t d, std::size_t facet_index, std::uint32_t ordinal,
                        const PersonMerge* people);

    std::vector<ordinals::OrdinalReader> readers_;
    std::unordered_map<std::size_t, Buckets> buckets_;  // by facet position
    OrdinalColumn column_;
};

/// Buckets of one facet: entity and category facets most frequent first (ties
/// in value order), at most @p limit of them (0 = all); timelines (year, month,
/// mentioned_year) every bucket from the first to the last non-empty one in date
/// order, empty ones included.
std::vector<FacetValue> facet_buckets(const schema::FacetSpec& facet,
                                      const std::map<std::string, std::size_t>& counts, std::size_t limit);

}  // namespace annals::detail
