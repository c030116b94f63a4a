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
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "annals/search.hpp"
#include "index/facet_ordinals.hpp"
#include "index/schema.hpp"
#include "search/collapse.hpp"
#include "search/person_merge.hpp"

namespace annals::detail {

/// The facet values of every document of one database, decoded once so that
/// counting a match adds one to a counter per value, with no decoding. Every
/// (dictionary, facet, ordinal) has a counter of its own in one flat array:
/// ordinal o of facet f in dictionary d is counter base(d, f) + o, and document
/// did's values are the counters codes(did). Costs 4 bytes per value of every
/// article plus 4 per article (the bench's synthetic news: 12.9 values, 56 bytes
/// an article, 11 MB at 200,000) and one read of the ordinal slot of the whole
/// database. Single databases only: a MatchSpy sees each sub-database's own
/// docids. Not thread-safe to build; read-only afterwards.
class OrdinalColumn {
  public:
    /// Reads the ordinal slot of every document of @p db; @p ids: its
    /// dictionaries, in the order FacetSpy numbers them. Throws ArchiveError when
    /// a document names another dictionary.
    OrdinalColumn(const Xapian::Database& db, const std::vector<std::uint32_t>& ids);

    /// The counters of document @p did's facet values (none for an unknown docid).
    std::span<const std::uint32_t> codes(Xapian::docid did) const {
        if (did + 1 >= offsets_.size()) return {};
        return {codes_.data() + offsets_[did], codes_.data() + offsets_[did + 1]};
    }
    /// Number of counters.
    std::size_t counters() const { return counters_; }
    /// The first counter of facet @p facet (position in schema::facets()) in
    /// dictionary @p d, and the number of them (one past the largest ordinal used).
    std::uint32_t base(std::size_t d, std::size_t facet) const { return base_[d * facets_ + facet]; }
    std::uint32_t length(std::size_t d, std::size_t facet) const { return length_[d * facets_ + facet]; }
    /// Whether document @p did names a surname-only person among others (its
    /// person values are then kept for merging, see FacetSpy).
    bool merges(Xapian::docid did) const { return did < merges_.size() && merges_[did]; }
    /// The dictionary (index in ids) that counter @p code belongs to.
    std::size_t dictionary(std::uint32_t code) const;

  private:
    std::size_t facets_ = 0;
    std::size_t counters_ = 0;
    std::vector<std::uint32_t> offsets_, codes_;
    std::vector<std::uint32_t> base_, length_;  // [d * facets_ + facet]
    std::vector<bool> merges_;
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
    /// With @p column, a document's values are counted there by docid instead of
    /// decoded from the document (single databases only: a MatchSpy sees each
    /// sub-database's own docids).
    FacetSpy(const std::vector<std::size_t>& facets, std::vector<std::uint32_t> ids,
             const std::vector<std::vector<std::uint32_t>>& sizes, bool people_merge,
             const OrdinalColumn* column = nullptr);
    void operator()(const Xapian::Document& doc, double weight) override;
    /// Counts document @p did as operator() would, for matches walked without
    /// Xapian's matcher (search/match_walk.hpp). Only with a column, and with
    /// the group column when counting groups once.
    void match(Xapian::docid did);
    /// From now on, count only the first document seen of each duplicate group;
    /// with @p groups (the database's group column, single databases only) a
    /// group is told by its number instead of reading its value.
    void count_groups_once(const GroupColumn* groups = nullptr) {
        groups_once_ = true;
        group_column_ = groups;
        if (groups) group_seen_.assign(groups->names.size() + 1, false);
    }
    /// Counts @p times articles whose ordinal slot holds @p data: how counts
    /// from Xapian's ValueCountMatchSpy (which runs on a remote server, where
    /// this spy cannot) are added.
    void count(std::string_view data, std::uint32_t times);

    /// Matches per ordinal of facets[k] in dictionary ids[d].
    std::span<const std::uint32_t> counts(std::size_t d, std::size_t k) const;
    /// Person ordinals of the articles kept for merging, flattened as
    /// [d, n, ordinal 1 .. ordinal n] records.
    const std::vector<std::uint32_t>& people_to_merge() const { return people_; }
    /// Documents seen.
    std::size_t seen() const { return seen_; }
    /// Whether it counts each duplicate group once (its counts then cannot be
    /// split over docid ranges: a group may span two).
    bool counts_groups_once() const { return groups_once_; }

    /// A spy that counts what this one counts, from nothing, for a helper
    /// thread (search/parallel_count.hpp). Only with a column, and before
    /// count_groups_once().
    std::unique_ptr<FacetSpy> fresh() const;
    /// Adds the counts of @p other, made by fresh(), to this one's.
    void merge(const FacetSpy& other);

  private:
    // Whether an article of @p doc's duplicate group was counted before.
    bool group_seen(const Xapian::Document& doc);
    bool group_seen(std::uint32_t group);
    // Counts the values of @p did from the column.
    void add(Xapian::docid did);
    // Keeps the person ordinals of @p did for merging, read from the column.
    void keep_people(Xapian::docid did);

    std::vector<std::size_t> facets_;
    std::vector<int> wanted_;  // facet position -> k, or -1
    std::vector<std::uint32_t> ids_;
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t person_k_ = kNone;
    std::vector<std::vector<std::vector<std::uint32_t>>> counts_;  // [d][k][ordinal], values decoded
    std::vector<std::uint32_t> flat_;                               // by counter, values from the column
    std::vector<std::uint32_t> people_;
    std::vector<ordinals::Entry> doc_people_;  // person entries of one article
    const OrdinalColumn* column_;
    std::size_t seen_ = 0;
    bool groups_once_ = false;
    std::unordered_set<std::string> groups_;  // duplicate groups counted (no group column)
    const GroupColumn* group_column_ = nullptr;
    std::vector<bool> group_seen_;  // by group number
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
    /// Reading and decoding a document's values through Xapian costs more than
    /// counting them; loading the column costs about as much as decoding the
    /// values of every article once (see Searcher, which loads it once the
    /// matches it has decoded add up to the archive).
    const OrdinalColumn* column() const { return column_.get(); }
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
    std::unique_ptr<OrdinalColumn> column_;
};

/// Buckets of one facet: entity and category facets most frequent first (ties
/// in value order), at most @p limit of them (0 = all); timelines (year, month,
/// mentioned_year) every bucket from the first to the last non-empty one in date
/// order, empty ones included.
std::vector<FacetValue> facet_buckets(const schema::FacetSpec& facet,
                                      const std::map<std::string, std::size_t>& counts, std::size_t limit);

}  // namespace annals::detail
