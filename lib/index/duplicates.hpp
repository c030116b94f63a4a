// Near-duplicate articles (the same story republished, lightly edited or
// crawled twice), found at index time with MinHash over word shingles and
// banded locality-sensitive hashing (the schema comment in schema.cpp says
// what is stored).
//
//   signature()      MinHash of a text, on any thread
//   DuplicateFinder  gives each article written its duplicate group, in the
//                    caller's order, from the archive and the articles written
//                    since the last commit
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

namespace annals::detail::duplicates {

/// Number of MinHash values in a signature. The first kBands * kRows make the
/// band keys (kBands bands of kRows values); all of them estimate similarity.
inline constexpr std::size_t kHashes = 64;
inline constexpr std::size_t kRows = 2;
inline constexpr std::size_t kBands = 16;
static_assert(kBands * kRows <= kHashes);
/// Words per shingle.
inline constexpr std::size_t kShingleWords = 3;
/// Texts with fewer shingles are too short to call duplicates: no signature.
/// (Short templated items, such as dividend notices that differ only in the
/// company and the dates, would otherwise look like copies of each other.)
inline constexpr std::size_t kMinShingles = 20;
/// Two articles are duplicates when their estimated shingle Jaccard similarity
/// (the share of equal MinHash values) reaches this.
inline constexpr double kThreshold = 0.5;

using Signature = std::array<std::uint32_t, kHashes>;

/// The MinHash signature of the word shingles of @p text (lower-cased ASCII
/// letters and digits, other bytes of UTF-8 letters kept); nullopt when it has
/// fewer than kMinShingles shingles. Thread-safe, the same on every platform.
std::optional<Signature> signature(std::string_view text);

/// The band keys of @p sig: a 32-bit hash of each band's number and values.
/// Articles that share a key are candidate duplicates.
using BandKeys = std::array<std::uint32_t, kBands>;
BandKeys band_keys(const Signature& sig);

/// Adds the signature slot of @p sig (if any) to @p doc.
void mark(Xapian::Document& doc, const std::optional<Signature>& sig);
/// Stores @p group as the duplicate group of @p doc (value slot and XDG term).
/// Only articles of a group of two or more carry one: Xapian never collapses a
/// document without a collapse key, so the many articles that have no
/// duplicate cost a collapsing search nothing.
void set_group(Xapian::Document& doc, const std::string& group);
/// Gives the first article of @p group (whose id is the group) its group, if
/// it has none yet: called when a second article joins the group. Does nothing
/// when no article has that id (it was removed). Throws Xapian::Error.
void mark_first(Xapian::WritableDatabase& db, const std::string& group);

/// Estimated Jaccard similarity: the share of equal values.
double similarity(const Signature& a, const Signature& b);

/// The signature as stored in its value slot (little-endian 32-bit values), and back.
std::string encode(const Signature& sig);
std::optional<Signature> decode(std::string_view data);

/// The band keys of articles in the archive, by document id: what the writer
/// looks up to find candidate duplicates (schema version 6 keeps no band terms
/// in the archive). Entries are (key << 32 | docid), kept in sorted runs merged
/// like a binary counter, so that adding n entries costs O(n log n) and memory
/// is 8 bytes per entry. Not thread-safe.
class BandIndex {
  public:
    /// Adds entries (key, docid), in any order.
    void add(std::vector<std::uint64_t> entries);
    /// Calls @p f(docid) for the first @p limit entries of @p key, oldest run
    /// first and by docid within a run.
    template <class F>
    void each(std::uint32_t key, std::size_t limit, F&& f) const {
        for (const auto& run : runs_) {
            auto it = std::lower_bound(run.begin(), run.end(), static_cast<std::uint64_t>(key) << 32);
            for (; it != run.end() && (*it >> 32) == key && limit; ++it, --limit) f(static_cast<Xapian::docid>(*it));
        }
    }
    /// Forgets the entries of documents below @p docid.
    void forget_below(Xapian::docid docid);
    std::size_t size() const;
    void clear() { runs_.clear(); }
    /// The entry of band key @p key for document @p docid.
    static std::uint64_t entry(std::uint32_t key, Xapian::docid docid) {
        return static_cast<std::uint64_t>(key) << 32 | docid;
    }

  private:
    std::vector<std::vector<std::uint64_t>> runs_;  // each sorted; sizes decrease
};

/// Articles of the archive whose duplicates the writer looks for: the most
/// recent ones (by document id) when the archive holds more. Bounds the band
/// index to some 256 MB (16 keys of 8 bytes per article); wire copies and
/// recrawls are written close together.
inline constexpr Xapian::docid kRememberedArticles = 2'000'000;

/// The duplicate group of one article.
struct Assignment {
    /// The id of the group's first article: the article's own id when it joins
    /// no earlier article's group.
    std::string group;
    /// The group has other articles (found or written since): store it with
    /// set_group(). An article alone keeps no group.
    bool shared = false;
};

/// Gives each article its duplicate group: the group of the most similar earlier
/// article at or above kThreshold (ties: the smaller group id), else its own id.
/// Earlier articles are those committed when the reader was last refreshed (the
/// last kRememberedArticles of them), plus those remembered since. The band keys
/// of the archive are read from its signatures (slot 23) at the first assign(). Not thread-safe: call from the one writing thread, in
/// write order, so that groups do not depend on the number of threads.
class DuplicateFinder {
  public:
    /// @p archive: path of the archive (a database or a shard stub), read for
    /// articles written by earlier runs.
    explicit DuplicateFinder(std::string archive);

    /// The group of article @p id with signature @p sig (nullopt: none), and
    /// remembers it with its band keys (until the next refresh() finds it in
    /// the archive). An article
    /// written again that matches nothing keeps a shared group of its own id
    /// when other articles joined it before (later edits regroup nothing).
    Assignment assign(const std::string& id, const std::optional<Signature>& sig);

    /// After a commit: reread the archive and move the articles it now holds
    /// from what was remembered into the band index.
    void refresh();

  private:
    struct Seen {
        std::string id, group;
        Signature sig;
        BandKeys keys;
    };
    void open();
    void load();  // the band index of the archive's signatures
    std::string path_;
    std::optional<Xapian::Database> db_;
    BandIndex archived_;  // the archive as of the last refresh
    bool loaded_ = false;
    std::vector<Seen> seen_;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> buckets_;  // band key -> seen_ index
    std::unordered_set<std::string> joined_;  // groups that articles of seen_ joined
};

}  // namespace annals::detail::duplicates
