// The archive schema: the one field registry read by indexing (archive.cpp),
// query parsing (search/query_parser.cpp) and facets (search/facets.cpp), the
// value slots, the metadata keys and the schema version. The full layout is
// described in the comment at the top of schema.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "annals/article.hpp"
#include "util/datetime.hpp"

namespace annals::detail::schema {

/// Bumped whenever terms, slots or the document data change meaning.
inline constexpr std::string_view kVersion = "6";
/// The oldest version this code reads and writes as it is (see the migration
/// notes in schema.cpp); a writer stamps such an archive with kVersion.
inline constexpr std::string_view kOldestVersion = "5";
/// Metadata key holding kVersion.
inline constexpr std::string_view kVersionKey = "annals:schema-version";

/// Value slots.
enum Slot : Xapian::valueno {
    kSlotPublishedDay = 0,  ///< sortable_serialise(days_from_civil(published))
    kSlotFacetPerson = 10,
    kSlotFacetPlace,
    kSlotFacetCountry,
    kSlotFacetOrganization,
    kSlotFacetAuthor,
    kSlotFacetCategory,
    kSlotFacetPublication,
    kSlotFacetYear,
    kSlotFacetMonth,
    kSlotFacetMentionedYear,
    kSlotFacetOrdinals = 20,  ///< every facet value as an ordinal (index/facet_ordinals.hpp)
    kSlotCoords = 21,         ///< Xapian::LatLongCoords of the cities and towns mentioned (index/geo.hpp)
    kSlotDuplicateGroup = 22,  ///< id of the first article of the duplicate group (index/duplicates.hpp)
    kSlotDuplicateSignature = 23,  ///< MinHash signature of the body (index/duplicates.hpp)
    kSlotFacetAboutCountry = 24,  ///< countries the story is about (Article::about_countries)
};

/// Term prefixes of the duplicate groups and geo cells (schema.cpp).
inline constexpr std::string_view kDuplicateGroupPrefix = "XDG";
inline constexpr std::string_view kGeoCellPrefix = "XL";

/// How a field is indexed and queried.
enum class Kind {
    FreeText,  ///< words through the TermGenerator (stemmed, positions)
    Boolean,   ///< exact folded terms: the whole value and each of its words
    Exact,     ///< one exact term, value taken verbatim (ids) or lower-cased (codes)
    DateRange, ///< published date in a value slot
    Mentions,  ///< mentioned dates as aligned unit terms (see schema.cpp)
    Near,      ///< distance from a point: geo-cell terms and a coordinates slot (index/geo.hpp)
    Similar,   ///< like:<id>: articles like one article (no terms of its own)
};

/// Where in an Article a field's values come from.
enum class Source {
    Title, Person, Place, Country, AboutCountry, Organization, Author, Category, Publication,
    Language, Id, Published, Mentions, Coordinates, Similar,
};

/// One row of the field registry.
struct FieldSpec {
    std::vector<std::string_view> names;  ///< query field names; first is canonical
    std::string_view prefix;              ///< Xapian term prefix ("" for none)
    Kind kind;
    Source source;
    std::optional<Xapian::valueno> facet_slot;  ///< slot of the facet, if any
    std::string_view facet;                     ///< facet name ("" for none)
};

/// A facet that is not a query field (published year/month, mentioned years).
struct FacetSpec {
    std::string_view name;
    Xapian::valueno slot;
    bool timeline;  ///< date facet: listed in date order with empty buckets
};

/// THE field registry.
const std::vector<FieldSpec>& fields();
/// Every facet, in the order of SearchRequest::facets documentation.
const std::vector<FacetSpec>& facets();

/// The row whose names include @p name (lower-case), or nullptr.
const FieldSpec* find_field(std::string_view name);
/// The row for @p source (always exists).
const FieldSpec& field_for(Source source);
/// The facet called @p name, or nullptr.
const FacetSpec* find_facet(std::string_view name);
/// "author, category, ..." for error messages.
std::string known_field_names();
std::string known_facet_names();

/// The term value of an Exact field (ids verbatim, codes and tags lower case),
/// shared by the indexer and the query parser so the two always agree.
std::string exact_value(Source source, std::string_view value);

/// Accent- and case-insensitive form of one word as TermGenerator indexes it
/// ("zürich" -> "zurich", "são" -> "sao", "rubio's" -> "rubio's"): fold() of the
/// word, keeping apostrophes; the lower-cased word itself when fold() would split
/// it. Indexing adds this form beside the word; the query parser searches for it.
std::string fold_word(std::string_view word);

/// Splits text into the words TermGenerator indexes, lower case: runs of word
/// characters, keeping an apostrophe between two of them ("rubio's"), and
/// joining acronyms written with dots ("U.S." -> "us"). The query parser reads
/// what the user types with it, and alias synonym keys are made with it.
std::vector<std::string> split_words(std::string_view text);

/// The stemmed term "Z" + @p prefix + English stem of @p word, the way
/// TermGenerator's STEM_SOME writes it (only words starting with a letter get
/// one); nullopt otherwise. @p word should already be fold_word()ed.
std::optional<std::string> stem_term(std::string_view prefix, const std::string& word);

/// An English stemmer that stems fold_word(word): snippets use it so that a
/// query for "zurich" (stem term "Zzurich") highlights "Zürich" in the text.
/// With @p initials (the first bytes of the stems a snippet looks for), a word
/// starting with another ASCII letter or digit comes back as it is, unstemmed:
/// an English stem keeps its word's first letter, so it could not match, and
/// stemming is most of what a snippet costs. It keeps the stems it made: use
/// one per thread.
Xapian::Stem folding_stemmer(std::string_view initials = {});
/// Xapian's English stemmer with the stems it made kept (up to 65,536 words,
/// then it starts again): the same stems at a fraction of the cost, for the
/// TermGenerator that indexes articles. Not thread-safe: use one per thread.
Xapian::Stem english_stemmer();

/// Prefix of the person name-end terms: XN<end>|<name> (schema.cpp).
inline constexpr std::string_view kPersonEndPrefix = "XN";
/// The term saying that the multi-word person term @p name (folded) ends with the
/// words @p end.
std::string person_end_term(std::string_view end, std::string_view name);

/// Id term of an article ("Q" + id).
std::string id_term(std::string_view id);

/// Mentioned-date terms (aligned units: day, month, year, decade, century).
/// A mention covering @p range yields, for each maximal aligned unit U inside it,
/// the exact-unit term XME<U> and the within terms XMW<A> for U and its ancestors.
std::vector<std::string> mention_terms(const DayRange& range);
/// Documents with a mentioned date overlapping @p range.
Xapian::Query mention_query(const DayRange& range);
/// Documents published within @p range (either bound may be open).
Xapian::Query published_query(std::optional<std::int64_t> first, std::optional<std::int64_t> last);

/// Lowest and highest days a date query may name (0000-01-01 .. 9999-12-31).
std::int64_t min_day();
std::int64_t max_day();

/// Appends @p n as a little-endian base-128 varint (lengths in encode_list,
/// ordinals in the facet ordinal slot).
void append_varint(std::string& out, std::uint64_t n);
/// Reads a varint of at most 32 bits at @p i (advanced past it); false at the end
/// of @p data or on a longer one.
inline bool read_varint(std::string_view data, std::size_t& i, std::uint32_t& out) {
    std::uint32_t n = 0;
    for (int shift = 0; i < data.size() && shift < 35; shift += 7) {
        const auto byte = static_cast<unsigned char>(data[i++]);
        n |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            out = n;
            return true;
        }
    }
    return false;
}

/// Facet value lists stored in slots: length-prefixed strings.
std::string encode_list(const std::vector<std::string>& values);
std::vector<std::string> decode_list(std::string_view data);

/// The whole Article (entities included) as document data, and back.
/// deserialise_article throws ArchiveError on data it cannot read.
std::string serialise_article(const Article& article);
Article deserialise_article(std::string_view data);

/// Unprefixed words of a document with their number of occurrences.
using SpellingWords = std::vector<std::pair<std::string, Xapian::termcount>>;

/// Synonym table entries: (key, other name), both fold_word()ed words joined
/// by single spaces ("kiev", "kyiv"; "us", "united states").
using AliasSynonyms = std::vector<std::pair<std::string, std::string>>;

/// The synonym entries for the places and organisations @p article names: each
/// English name the gazetteer knows for one (canonical or alias, not starting
/// with "the" unless canonical) is a key whose synonyms are the others, at most
/// kMaxAliasNames names per entity. Thread-safe.
AliasSynonyms alias_synonyms(const Article& article);
inline constexpr std::size_t kMaxAliasNames = 9;

/// Builds the Xapian document of @p article (terms, values, data), and lists
/// in @p spelling the words the spelling dictionary gets for it (what
/// TermGenerator's FLAG_SPELLING would add, which needs the database).
/// @p generator must have its stemmer set, and no database.
Xapian::Document make_document(const Article& article, Xapian::TermGenerator& generator, SpellingWords& spelling);

/// The Xapian stub file that lists the shards of a sharded archive (in its folder).
inline constexpr const char* kStubFile = "XAPIANDB";

/// The shard folders of the archive at @p path, in order; none when it is not
/// sharded (no stub file). Throws ArchiveError for a stub that is not ours.
std::vector<std::string> shard_paths(const std::string& path);

/// Checks the schema version of an open database; throws ArchiveError naming
/// what was found and what is expected. @p path is for the message.
void check_version(const Xapian::Database& db, const std::string& path);

/// True for a database nothing was committed to yet (no documents, no
/// metadata): a new archive whose writer has not stamped its version yet.
/// Writers stamp it; readers take it for an empty archive.
bool is_fresh(const Xapian::Database& db);

/// Rethrows a Xapian error met while doing @p action ("search", "commit", ...)
/// on the archive at @p path as an ArchiveError saying so; a lock held by
/// another writer gets its own plain message.
[[noreturn]] void throw_archive_error(const std::string& path, const std::string& action, const Xapian::Error& e);

}  // namespace annals::detail::schema
