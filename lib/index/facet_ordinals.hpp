// Facet values as integer ordinals, so that counting a facet over many matches
// adds integers instead of decoding strings (layout in the schema comment of
// schema.cpp, "Facet ordinals").
//
// Each archive keeps, per facet, a dictionary value <-> ordinal in its metadata;
// ordinals are handed out by the one writer in the order values are first met and
// are never reused or renumbered, so a reader at any revision finds every ordinal
// its documents use. Every document stores the ordinals of all its facet values
// in one value slot (kSlotFacetOrdinals), after the id of the dictionary they
// come from: archives built apart (shards) have their own dictionaries, and a
// document names its own, whether the archives are searched as one database or
// compacted into one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "index/schema.hpp"

namespace annals::detail::ordinals {

/// True for a person value that is only a surname: one word ("Biden",
/// "Ocasio-Cortez"), or every word before the last starts with a lower-case
/// letter ("von der Leyen"). Only such values can merge into a full name
/// (search/person_merge.hpp); the ordinal slot flags them.
bool surname_only(std::string_view value);

/// One facet value as stored in the ordinal slot: its ordinal and the surname flag.
struct Entry {
    std::uint32_t ordinal;
    bool surname_only;
};

/// Calls @p f(facet_index, Entry) for every value in an ordinal slot; facet_index
/// is the facet's position in schema::facets(). Stops at corrupt data. Returns
/// the id of the dictionary the ordinals belong to.
template <class F>
std::uint32_t for_each(std::string_view data, F&& f);

/// The id of the dictionary of an ordinal slot (0 for an empty one).
inline std::uint32_t dictionary_of(std::string_view data) {
    return for_each(data, [](std::size_t, Entry) {});
}

/// The ids of the facet dictionaries kept in @p db (usually one; several after
/// compacting shards into one database).
std::vector<std::uint32_t> dictionaries(const Xapian::Database& db);

/// Writer side: assigns ordinals. One per WritableDatabase, used by the thread
/// that adds documents.
class OrdinalWriter {
  public:
    /// Reads the facet string slots of @p doc (made by schema::make_document),
    /// assigns an ordinal to each value not seen before (its dictionary entries go
    /// to @p db's metadata, committed with the document) and sets the ordinal slot.
    void encode(Xapian::Document& doc, Xapian::WritableDatabase& db);
    /// Forgets what was read from the metadata (after a failed commit, say).
    void reset() {
        facets_.clear();
        have_id_ = false;
    }

  private:
    std::uint32_t dictionary(Xapian::WritableDatabase& db, const Xapian::Document& doc);
    struct Facet {
        bool loaded = false;
        std::uint32_t next = 0;                            // ordinals handed out
        std::vector<std::string> tail;                     // values of the last, partial chunk
        std::unordered_map<std::string, std::uint32_t> known;  // cache of value -> ordinal
    };
    std::uint32_t ordinal(std::size_t facet_index, const std::string& value, Xapian::WritableDatabase& db);
    std::vector<Facet> facets_;
    std::uint32_t id_ = 0;
    bool have_id_ = false;
};

/// Reader side: ordinal -> value, read lazily in chunks from one database's
/// metadata (one sub-database when several are combined: each has its own
/// dictionary). Not thread-safe (a Searcher is used by one thread at a time).
class OrdinalReader {
  public:
    /// Dictionary @p id of @p db.
    OrdinalReader(Xapian::Database db, std::uint32_t id) : db_(std::move(db)), id_(id) {}
    std::uint32_t id() const { return id_; }
    /// Number of ordinals handed out for the facet (an upper bound of the ordinals
    /// documents of this revision use).
    std::uint32_t size(std::size_t facet_index) const;
    /// The value of @p ordinal; throws ArchiveError when the dictionary lacks it.
    const std::string& value(std::size_t facet_index, std::uint32_t ordinal) const;

  private:
    Xapian::Database db_;
    std::uint32_t id_;
    // Per facet, per chunk: the values (empty until read).
    mutable std::vector<std::vector<std::vector<std::string>>> chunks_;
};

// ---- implementation of the template ---------------------------------------------


template <class F>
std::uint32_t for_each(std::string_view data, F&& f) {
    std::size_t i = 0;
    std::uint32_t id = 0, facet = 0, count = 0, packed = 0;
    if (!schema::read_varint(data, i, id)) return id;
    while (i < data.size()) {
        if (!schema::read_varint(data, i, facet) || !schema::read_varint(data, i, count)) return id;
        for (std::uint32_t k = 0; k < count; ++k) {
            if (!schema::read_varint(data, i, packed)) return id;
            f(static_cast<std::size_t>(facet), Entry{packed >> 1, (packed & 1) != 0});
        }
    }
    return id;
}

}  // namespace annals::detail::ordinals
