// annals/article.hpp: the article record and the entities found in it
// (docs/formats.md). Plain value types: copy, compare and store freely.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annals/export.hpp"

namespace annals {

/// What kind of thing an entity mention names.
enum class EntityType { Person, Place, Organization, Date };

/// Which text of the article a mention's byte offsets refer to.
enum class Field { Title, Body, Dateline };

/// The JSON spelling of a type: "person", "place", "organization", "date".
ANNALS_EXPORT std::string_view to_string(EntityType type) noexcept;
/// The JSON spelling of a field: "title", "body" or "dateline".
ANNALS_EXPORT std::string_view to_string(Field field) noexcept;
/// Parses "person", "place", "organization" (also "org") or "date"; nullopt otherwise.
ANNALS_EXPORT std::optional<EntityType> entity_type_from_string(std::string_view name) noexcept;

/// One mention of an entity in an article's title or body.
///
/// Invariant: text == (field == Title ? title : body).substr(start, end - start),
/// offsets in UTF-8 bytes.
struct Entity {
    EntityType type = EntityType::Person;
    Field field = Field::Body;
    std::size_t start = 0;  ///< byte offset of the first byte of the mention
    std::size_t end = 0;    ///< byte offset one past the last byte
    std::string text;       ///< the mention as written
    /// The entity referred to: "Marco Rubio" for "Rubio", "United Kingdom" for "Britain".
    /// Empty for dates.
    std::string canonical;
    std::string country;             ///< places: ISO 3166-1 alpha-2 code when known
    std::optional<double> lat, lon;  ///< places linked to the gazetteer
    std::optional<long> geonames;    ///< places: GeoNames id when linked
    /// Dates: TimeML TIMEX3 value ("2025-11-27", "2025-11", "2025-W48", "199X",
    /// "2025-Q4", "PRESENT_REF", ...). Empty for other types.
    std::string value;

    bool operator==(const Entity&) const = default;
};

/// An article: the record of docs/formats.md plus the entities extracted from it.
///
/// Every field is optional, but an article needs a title or a body to be indexed.
struct Article {
    std::string id;           ///< unique key; see derive_id() when empty
    std::string title;        ///< headline
    std::string body;         ///< text, paragraphs separated by blank lines
    std::string published;    ///< ISO 8601 date or date-time, as normalised at ingest
    std::string dateline;     ///< place line, e.g. "London, UK"
    std::string publication;  ///< the source, e.g. "Lord's Press"
    std::string url;
    std::string language;  ///< BCP 47 tag; empty means "en"
    std::vector<std::string> authors;
    std::vector<std::string> contributors;
    std::vector<std::string> categories;
    /// Curated metadata from the input, always kept and merged with extracted entities.
    std::vector<std::string> people, places, organizations;
    /// Extracted mentions, in order of field (title first) then start offset.
    std::vector<Entity> entities;
    /// The countries the story is about (ISO 3166-1 alpha-2 codes), most central
    /// first: the top of a ranking of the countries it names, weighed by where
    /// (dateline, headline, lead, body) and how often, from its places, demonyms
    /// ("Argentine grain board") and national bodies ("Bundesbank"); at most
    /// three. Set by Extractor::annotate() with the entities; empty when no
    /// country is named (docs/formats.md).
    std::vector<std::string> about_countries;
    /// Fields the record had that annals does not know, name -> raw JSON text of the
    /// value, kept verbatim and written back on output (an archive loses nothing).
    std::map<std::string, std::string> extra;

    bool operator==(const Article&) const = default;

    /// The article's language, "en" when none was given.
    std::string effective_language() const { return language.empty() ? "en" : language; }

    /// The distinct names of one type, curated metadata first then the canonical
    /// forms of extracted mentions, in order of first appearance. For dates the
    /// TIMEX values. Used for facets, hit summaries and indexing.
    ANNALS_EXPORT std::vector<std::string> names(EntityType type) const;
};

/// A stable id for an article that has none: from its url when it has one, else
/// a hash of publication, title, published and body. Re-indexing the same input
/// therefore replaces instead of duplicating. Never throws.
ANNALS_EXPORT std::string derive_id(const Article& article);

}  // namespace annals
