// THE ARCHIVE SCHEMA (version 6)
//
// An annals archive is one Xapian database. Every article is one document.
// A sharded archive (ArchiveOptions::shards) is a folder of such databases,
// shard-0 ... shard-<N-1>, listed in a Xapian stub file XAPIANDB ("auto shard-0"
// per line) so that Xapian opens them as one; an article lives in shard
// FNV-1a-64(id) mod N. Each shard carries the metadata below.
//
// Document data
//   A format byte '1' followed by the whole Article (record, extra fields, every
//   entity mention and, from version 4, about_countries) serialised with
//   cereal's binary archive (sizes as 64 bit).
//
// Terms (fields of the field registry below; "fold" is detail::fold: case folded,
// accents removed, punctuation to spaces)
//   Q<id>            the article id, verbatim; unique: add() replaces by this term
//   <word>, Z<stem>  title (wdf 2 per occurrence) and body words, English stemmer,
//                    STEM_SOME, positions on unstemmed terms; spelling data on
//                    them, except words with a digit (numbers and codes are
//                    never misspelled words, and Xapian 1.4's spelling table
//                    breaks under hundreds of thousands of numbers: below);
//                    the spelling data also gets each word (of three letters or
//                    more) of the canonical names of the people, places and
//                    organisations an article's entities link to, once per
//                    mention (added without a version bump: an archive without
//                    them only suggests fewer names)
//   S<word>, ZS<stem> title words again, for title:
//       Accent- and case-insensitive words: for every such word whose fold_word()
//       differs ("zürich" -> "zurich", "straße" -> "strasse"), the folded word is
//       added too, with the same positions and wdf, and Z<stem of the folded word>
//       (ZS<...> for title words) with the same wdf. The query parser folds what
//       the user types the same way, so "zurich", "Zürich" and "ZURICH" all find
//       "Zürich", also in phrases and NEAR. (New in version 2.)
//   XP<fold>         person: each canonical name, each word of it, each mention text
//                    and each alias (detail::aliases_of) of the canonical name
//   XN<end>|<name>   person name ends (new in version 3): for every XP term <name>
//                    of two or more words whose last word is not "s" (a possessive),
//                    one term per end of it that drops one or more leading words:
//                    "ursula von der leyen" gives XNvon der leyen|..., XNder
//                    leyen|..., XNleyen|ursula von der leyen. They let a search
//                    find which full names a surname may merge into, and which names
//                    have a word inside, without reading every person term
//                    (search/person_merge.hpp).
//   XG<fold>         place: as person
//   XO<fold>         organization: as person
//   XC<cc>           country: ISO 3166-1 alpha-2 of a mentioned place, lower case
//   XB<cc>           about_country (new in version 4): each country the
//                    story is about (Article::about_countries), lower case
//   A<fold>          author: each author and contributor, and each word of the name
//   K<fold>          category: each category and each word of it
//   XS<fold>         publication: the name and each word of it
//   L<tag>           language, lower case, and its primary subtag ("en-gb", "en")
//   (like:<id> has no terms of its own: it reads the article's terms and entities)
//   XME<unit>        mentions: a mentioned date covers this aligned unit exactly
//   XMW<unit>        mentions: a mentioned date lies within this aligned unit
//       Units are aligned blocks of days: day "2025-11-27", month "2025-11",
//       year "2025", decade "202s", century "20c". A mention covering days [a,b]
//       is split into maximal aligned units U; each U gives XME<U> and XMW<A> for
//       A = U and every ancestor of U. A query range is split the same way into
//       blocks B; aligned units are either nested or disjoint, so a mention unit U
//       overlaps B iff U is inside B (XMW<B>) or B is strictly inside U (XME<A>
//       for a strict ancestor A of B). The query is the OR of those terms: exact
//       overlap semantics with terms only.
//   XL<s>:<r>:<c>    near (new in version 4): geo cells of each city or town the
//                    article mentions (the points of slot 21), for cell sizes s = 1,
//                    5 and 15 degrees: row r = floor((lat + 90) / s), column c =
//                    floor((lon + 180) / s) mod (360 / s). A near: query ORs the
//                    cells of one size that cover its circle (index/geo.cpp) as a
//                    filter in front of the exact distance test on slot 21.
//   XDG<group>       duplicate group (new in version 4): the value of slot 22, so
//                    that a collapsed hit can list the others of its group; only
//                    on articles that have one (version 5).
//
// Value slots
//   0   published day: Xapian::sortable_serialise(days since 1970-01-01), for
//       date: ranges and newest/oldest sorting (absent when published is not ISO)
//   10..19  facets, each a list of length-prefixed strings (encode_list):
//       10 person, 11 place, 12 country (upper case), 13 organization, 14 author,
//       15 category, 16 publication, 17 year "YYYY", 18 month "YYYY-MM" (both of
//       the published date), 19 mentioned_year "YYYY" (years touched by mentioned
//       dates covering at most 366 days; decades and centuries would blur it).
//       Names are deduplicated per article by fold(); the first spelling is kept.
//   20  facet ordinals (new in version 3): every value of slots 10..19 and 21 as
//       an integer, so that counting adds integers (index/facet_ordinals.cpp). For
//       each facet with values: varint facet position in the facet list (person
//       0, place 1, country 2, about_country 3, organization 4, author 5,
//       category 6, publication 7, year 8, month 9, mentioned_year 10), varint
//       number of values, then per
//       value the varint (ordinal << 1 | flag), in the order of the string slot.
//       flag is 1 for a person value that is only a surname ("Biden", "von der
//       Leyen"): only those can merge into a full name at search time.
//       Varints are little-endian base 128.
//   21  coordinates (new in version 4): Xapian::LatLongCoords::serialise() of the
//       distinct points of the places the article mentions that the gazetteer
//       knows as cities or towns (a place unknown to it but given coordinates by
//       the record counts too). Countries, subdivisions and regions are left out:
//       their stored point is a capital or a centre, not where the story is.
//   22  duplicate group (new in version 4): the id of the first article written
//       of the group of near-duplicates it belongs to, on the articles of a
//       group of two or more only (version 5; version 4 gave an article alone
//       its own id): an article alone has no value, so that a collapsing search
//       (Xapian's collapse key, which leaves documents without a key alone)
//       keeps no table entry for it. When a second article joins a group, the
//       first one's document gets the value and the XDG term too. Groups are
//       given in write order (Archive::add, Indexer input order), whatever the
//       number of threads: an article joins the group of the most similar
//       earlier article whose estimated Jaccard similarity of word 3-shingles
//       reaches 0.5 (ties: the smaller group id). Candidates share one of 16
//       bands of 2 values of the slot 23 signature; the writer keeps the bands
//       of the archive's last 2,000,000 articles in memory, read from slot 23
//       at its first add (index/duplicates.cpp; versions 4 and 5 stored them as
//       XDB terms, one distinct term per article and band, a sixth of the
//       archive). Later edits do not regroup earlier articles: an article
//       written again that matches nothing keeps its group while other
//       articles name it.
//   23  duplicate signature (new in version 4): MinHash of the body's word
//       3-shingles (the title when there is no body; none under 20 distinct
//       shingles), 64 values as 4-byte little-endian integers.
//   24  about_country facet (new in version 4): the countries the story
//       is about, upper case, most central first, as slot 12 (encode_list).
//       Slots 1..9 are left for other values.
//
// Synonyms (Xapian's synonym table; added without a version bump: an archive
// without them searches plain words without aliases)
//   For each place and organisation an article names that the gazetteer knows
//   other English names of (detail::aliases_of), every name of it (canonical or
//   alias, as schema::split_words() words, fold_word()ed, joined by single
//   spaces: "kyiv", "kiev", "us", "united states") is a key whose synonyms are
//   the others, at most 9 names per entity; names starting with "the" (other
//   than the canonical one) are left out. The query parser looks plain words,
//   runs of them and phrases up here (AliasQuery).
//
// Metadata
//   annals:schema-version   "5"; checked by Archive::open and Searcher: a missing
//                           or different version is an ArchiveError.
//   Facet dictionaries (new in version 3), per facet <f> (its name, "person" ...):
//   annals:facet:<f>:next            number of ordinals handed out (decimal)
//   annals:facet:<f>:values:<c>      the values of ordinals 64c .. 64c+63, in
//                                    order, as an encode_list (decimal c)
//   annals:facet:<f>:ordinal:<value> the ordinal of a value (decimal); a value
//                                    longer than 160 bytes is keyed by its first
//                                    143 bytes, '#' and 16 hex digits of its
//                                    64-bit FNV-1a hash
//       The one writer hands out ordinals 0, 1, 2 ... in the order it first meets
//       values and never reuses or renumbers them (deleting articles leaves their
//       values in the dictionary), so the dictionary of any revision holds every
//       ordinal its documents use. Each database has its own dictionary: several
//       databases searched as one keep their own ordinals.
//
// Migrating: an archive of version 4 or older is refused (ArchiveError naming both
// versions, by Archive::open and Searcher alike); re-index the articles into a new
// archive (annals-index --db NEW SOURCES...). Version 2 -> 3 added slot 20 and the
// facet dictionaries; 3 -> 4 added slots 21..24, the XL, XDB, XDG and XB terms
// (near:, duplicate groups, --collapse, about_country), its facet position 3 in
// slot 20 and about_countries in the document data; 4 -> 5 stores slot 22 and the
// XDG term only on articles of a group of two or more (a version 4 archive would
// read correctly, but collapsing it would stay slow, so it is re-indexed too);
// 5 -> 6 no longer writes the XDB band terms. A version 5 archive is read and
// written as it is (no re-index): its XDB terms stay, unused, and the first
// writer stamps it version 6 (older annals then refuses it, as it would not
// find duplicates of the articles written without XDB terms).
#include "index/schema.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include <cereal/archives/binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "annals/error.hpp"
#include "extract/gazetteer.hpp"
#include "index/geo.hpp"
#include "util/text.hpp"

// cereal finds these by argument-dependent lookup, so they live in annals.
// Sizes and ids go through 64-bit temporaries so the data does not depend on the
// platform's size_t/long (one function serves both saving and loading).
namespace annals {
template <class Ar>
void serialize(Ar& ar, Entity& e) {
    std::uint64_t start = e.start, end = e.end;
    std::optional<std::int64_t> geonames;
    if (e.geonames) geonames = *e.geonames;
    ar(e.type, e.field, start, end, e.text, e.canonical, e.country, e.lat, e.lon, geonames, e.value);
    e.start = static_cast<std::size_t>(start);
    e.end = static_cast<std::size_t>(end);
    e.geonames.reset();
    if (geonames) e.geonames = static_cast<long>(*geonames);
}

template <class Ar>
void serialize(Ar& ar, Article& a) {
    ar(a.id, a.title, a.body, a.published, a.dateline, a.publication, a.url, a.language, a.authors,
       a.contributors, a.categories, a.people, a.places, a.organizations, a.entities, a.extra, a.about_countries);
}
}  // namespace annals

namespace annals::detail::schema {

namespace {

const std::vector<FieldSpec> kFields = {
    // names                       prefix kind              source               facet slot             facet
    {{"title"},                    "S",   Kind::FreeText,   Source::Title,       std::nullopt,          ""},
    {{"person"},                   "XP",  Kind::Boolean,    Source::Person,      kSlotFacetPerson,      "person"},
    {{"place"},                    "XG",  Kind::Boolean,    Source::Place,       kSlotFacetPlace,       "place"},
    {{"country"},                  "XC",  Kind::Exact,      Source::Country,     kSlotFacetCountry,     "country"},
    {{"about_country", "about"},   "XB",  Kind::Exact,      Source::AboutCountry,kSlotFacetAboutCountry,"about_country"},
    {{"org", "organization"},      "XO",  Kind::Boolean,    Source::Organization,kSlotFacetOrganization,"organization"},
    {{"author"},                   "A",   Kind::Boolean,    Source::Author,      kSlotFacetAuthor,      "author"},
    {{"category"},                 "K",   Kind::Boolean,    Source::Category,    kSlotFacetCategory,    "category"},
    {{"publication"},              "XS",  Kind::Boolean,    Source::Publication, kSlotFacetPublication, "publication"},
    {{"lang"},                     "L",   Kind::Exact,      Source::Language,    std::nullopt,          ""},
    {{"id"},                       "Q",   Kind::Exact,      Source::Id,          std::nullopt,          ""},
    {{"date"},                     "",    Kind::DateRange,  Source::Published,   std::nullopt,          ""},
    {{"mentions"},                 "XM",  Kind::Mentions,   Source::Mentions,    std::nullopt,          ""},
    {{"like"},                     "",    Kind::Similar,    Source::Similar,     std::nullopt,          ""},
    {{"near"},                     kGeoCellPrefix, Kind::Near, Source::Coordinates, std::nullopt,        ""},
};

const std::vector<FacetSpec> kFacets = [] {
    std::vector<FacetSpec> out;
    for (const auto& f : kFields)
        if (f.facet_slot) out.push_back({f.facet, *f.facet_slot, false});
    out.push_back({"year", kSlotFacetYear, true});
    out.push_back({"month", kSlotFacetMonth, true});
    out.push_back({"mentioned_year", kSlotFacetMentionedYear, true});
    return out;
}();

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Adds fold_word() forms of the title and body words (see the schema comment):
// the same positions and wdf, so phrases, NEAR and title weighting carry over.
void add_folded_words(Xapian::Document& doc) {
    struct Folded {
        std::string prefix, word;
        Xapian::termcount wdf;
        std::vector<Xapian::termpos> positions;
    };
    std::vector<Folded> adds;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty()) continue;
        std::string prefix;
        std::string_view word = term;
        if (term[0] == 'S') {
            prefix = "S";
            word.remove_prefix(1);
        } else if (std::isupper(static_cast<unsigned char>(term[0]))) {
            continue;  // stems (Z), ids (Q): TermGenerator words are lower case
        }
        std::string folded = fold_word(word);
        if (folded == word) continue;
        Folded f{prefix, std::move(folded), t.get_wdf(), {}};
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) f.positions.push_back(*p);
        adds.push_back(std::move(f));
    }
    for (const auto& f : adds) {
        const std::string term = f.prefix + f.word;
        if (term.size() > 240) continue;
        for (auto p : f.positions) doc.add_posting(term, p, 0);
        doc.add_term(term, f.wdf);
        if (auto z = stem_term(f.prefix, f.word)) doc.add_term(*z, f.wdf);
    }
}

// The words TermGenerator has just indexed without a prefix, each counted once
// per occurrence (its positions), as FLAG_SPELLING adds them.
// Words with a digit are left out: suggesting "2024" for "2042" helps nobody, and
// Xapian 1.4.22's spelling table is corrupted ("DatabaseCorruptError: Too few
// chunks of compressed data" at commit, the archive then stuck) once some 430 000
// distinct numbers are in it, committed 10 000 at a time (regression: a million
// articles numbered in their titles stopped at 430 000).
SpellingWords spelling_words(const Xapian::Document& doc) {
    SpellingWords words;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty() || std::isupper(static_cast<unsigned char>(term[0]))) continue;
        if (term.find_first_of("0123456789") != std::string::npos) continue;
        words.emplace_back(term, t.positionlist_count());
    }
    return words;
}

// The words of the people, places and organisations an article names, in their
// canonical form, join the spelling data (once per mention, so that names
// outweigh a rare misspelling in some text): "Zelenskiy" and "Rubbio" get
// corrected to the names as the archive links them.
void add_name_spellings(const Article& a, SpellingWords& spelling) {
    std::map<std::string, Xapian::termcount> counts;
    for (const auto& e : a.entities) {
        if (e.type != EntityType::Person && e.type != EntityType::Place && e.type != EntityType::Organization) continue;
        for (const auto& w : fold_words(e.canonical.empty() ? e.text : e.canonical))
            if (w.size() > 2 && std::isalpha(static_cast<unsigned char>(w[0]))) ++counts[w];
    }
    for (auto& [w, n] : counts) spelling.emplace_back(w, n);
}

// Xapian refuses terms longer than 245 bytes; such names are not worth a term.
constexpr std::size_t kMaxTermBytes = 240;

// XN<end>|<name> for each multi-word person term (see the schema comment).
void add_name_end_terms(Xapian::Document& doc) {
    const std::string prefix(field_for(Source::Person).prefix);
    std::vector<std::string> adds;
    auto t = doc.termlist_begin();
    for (t.skip_to(prefix); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.compare(0, prefix.size(), prefix) != 0) break;
        const std::string name = term.substr(prefix.size());
        const std::size_t last = name.rfind(' ');
        if (last == std::string::npos || name.compare(last, std::string::npos, " s") == 0) continue;
        for (std::size_t sp = name.find(' '); sp != std::string::npos; sp = name.find(' ', sp + 1))
            adds.push_back(person_end_term(std::string_view(name).substr(sp + 1), name));
    }
    for (const auto& a : adds)
        if (a.size() <= kMaxTermBytes) doc.add_boolean_term(a);
}

void add_term(Xapian::Document& doc, std::string_view prefix, const std::string& value) {
    if (value.empty() || prefix.size() + value.size() > kMaxTermBytes) return;
    doc.add_boolean_term(std::string(prefix) + value);
}

// The whole folded name and each of its words.
void add_name_terms(Xapian::Document& doc, std::string_view prefix, std::string_view name) {
    add_term(doc, prefix, fold(name));
    for (const auto& w : fold_words(name)) add_term(doc, prefix, w);
}

// First spelling of each distinct folded name, in order.
std::vector<std::string> distinct(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& n : names) {
        std::string key = fold(n);
        if (key.empty() || !seen.insert(key).second) continue;
        out.push_back(n);
    }
    return out;
}

}  // namespace

const std::vector<FieldSpec>& fields() { return kFields; }
const std::vector<FacetSpec>& facets() { return kFacets; }

const FieldSpec* find_field(std::string_view name) {
    for (const auto& f : kFields)
        for (auto n : f.names)
            if (n == name) return &f;
    return nullptr;
}

const FieldSpec& field_for(Source source) {
    for (const auto& f : kFields)
        if (f.source == source) return f;
    throw std::logic_error("field registry has no row for a source");
}

const FacetSpec* find_facet(std::string_view name) {
    for (const auto& f : kFacets)
        if (f.name == name) return &f;
    return nullptr;
}

std::string known_field_names() {
    std::vector<std::string> names;
    for (const auto& f : kFields)
        for (auto n : f.names) names.emplace_back(n);
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string known_facet_names() {
    std::string out;
    for (const auto& f : kFacets) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

std::string exact_value(Source source, std::string_view value) {
    return source == Source::Id ? std::string(value) : lower_ascii(value);
}

std::string fold_word(std::string_view word) {
    // Plain ASCII words (nearly all of them) are their own fold: skip ICU.
    if (std::all_of(word.begin(), word.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'';
        }))
        return std::string(word);
    // TermGenerator writes U+2019 and U+2018 inside words as '.
    std::string normal(word);
    for (const char* curly : {"\u2019", "\u2018"})
        for (auto at = normal.find(curly); at != std::string::npos; at = normal.find(curly, at + 1))
            normal.replace(at, 3, "'");
    word = normal;
    std::string out;
    std::size_t start = 0;
    while (true) {
        const std::size_t quote = word.find('\'', start);
        const std::string_view piece = word.substr(start, quote == std::string_view::npos ? word.npos : quote - start);
        const std::string folded = fold(piece);
        if ((folded.empty() && !piece.empty()) || folded.find(' ') != std::string::npos)
            return Xapian::Unicode::tolower(std::string(word));  // '_' or symbols: keep the word whole
        out += folded;
        if (quote == std::string_view::npos) break;
        out += '\'';
        start = quote + 1;
    }
    return out;
}

// Splits user text into the words TermGenerator would index: runs of word
// characters, keeping an apostrophe between two of them ("rubio's"), and joining
// acronyms written with dots ("U.S." -> "us").
std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::string cur;
    bool acronym = false;  // cur was built from "X." pieces
    Xapian::Utf8Iterator it(text.data(), text.size()), end;
    auto flush = [&] {
        if (!cur.empty()) words.push_back(Xapian::Unicode::tolower(cur));
        cur.clear();
        acronym = false;
    };
    while (it != end) {
        unsigned ch = *it;
        if (ch == 0x2019 || ch == 0x2018) ch = '\'';
        if (Xapian::Unicode::is_wordchar(ch)) {
            Xapian::Unicode::append_utf8(cur, ch);
            ++it;
            continue;
        }
        Xapian::Utf8Iterator next = it;
        ++next;
        const bool next_word = next != end && Xapian::Unicode::is_wordchar(*next);
        if (ch == '\'' && !cur.empty() && next_word) {
            cur += '\'';
        } else if (ch == '.' && next_word && (acronym || (cur.size() == 1))) {
            // "U.S": keep building one word while pieces are single letters.
            Xapian::Utf8Iterator after = next;
            ++after;
            if (after == end || !Xapian::Unicode::is_wordchar(*after)) {
                acronym = true;
            } else {
                flush();
            }
        } else {
            flush();
        }
        it = next;
    }
    flush();
    return words;
}

std::optional<std::string> stem_term(std::string_view prefix, const std::string& word) {
    // Xapian::Stem keeps state while stemming: one per thread.
    thread_local const Xapian::Stem stemmer("english");
    if (word.empty()) return std::nullopt;
    switch (Xapian::Unicode::get_category(*Xapian::Utf8Iterator(word))) {
        case Xapian::Unicode::LOWERCASE_LETTER:
        case Xapian::Unicode::UPPERCASE_LETTER:
        case Xapian::Unicode::TITLECASE_LETTER:
        case Xapian::Unicode::MODIFIER_LETTER:
        case Xapian::Unicode::OTHER_LETTER: return "Z" + std::string(prefix) + stemmer(word);
        default: return std::nullopt;
    }
}

namespace {
// English stems, kept: the words of text repeat, and Snowball stemming costs
// ten times a lookup (about 2,000 instructions a word).
class CachingStemmer : public Xapian::StemImplementation {
  public:
    enum class Fold { No, Yes };
    CachingStemmer(Fold fold, std::string_view initials) : fold_(fold == Fold::Yes), initials_(initials) {}

    std::string operator()(const std::string& word) override {
        if (!initials_.empty() && !word.empty() && is_ascii_alnum(word[0]) &&
            initials_.find(word[0]) == std::string::npos)
            return word;
        if (auto it = stems_.find(word); it != stems_.end()) return it->second;
        if (stems_.size() >= kMaxWords) stems_.clear();
        return stems_.emplace(word, english_(fold_ ? fold_word(word) : word)).first->second;
    }
    std::string get_description() const override { return fold_ ? "annals folding english" : "english"; }

  private:
    static bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

    static constexpr std::size_t kMaxWords = 1 << 16;
    bool fold_;
    std::string initials_;  // empty: every word is stemmed
    Xapian::Stem english_{"english"};
    std::unordered_map<std::string, std::string> stems_;
};
}  // namespace

Xapian::Stem folding_stemmer(std::string_view initials) {
    return Xapian::Stem(new CachingStemmer(CachingStemmer::Fold::Yes, initials));
}

Xapian::Stem english_stemmer() { return Xapian::Stem(new CachingStemmer(CachingStemmer::Fold::No, {})); }

std::string person_end_term(std::string_view end, std::string_view name) {
    return std::string(kPersonEndPrefix) + std::string(end) + "|" + std::string(name);
}

std::string id_term(std::string_view id) { return "Q" + exact_value(Source::Id, id); }

void append_varint(std::string& out, std::uint64_t n) {
    do {
        unsigned char byte = n & 0x7f;
        n >>= 7;
        if (n) byte |= 0x80;
        out.push_back(static_cast<char>(byte));
    } while (n);
}

std::string encode_list(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        append_varint(out, v.size());
        out += v;
    }
    return out;
}

std::vector<std::string> decode_list(std::string_view data) {
    std::vector<std::string> out;
    std::size_t i = 0;
    std::uint32_t n = 0;
    while (i < data.size()) {
        if (!read_varint(data, i, n) || n > data.size() - i) break;  // corrupt: keep what we have
        out.emplace_back(data.substr(i, n));
        i += n;
    }
    return out;
}

std::string serialise_article(const Article& article) {
    std::ostringstream os(std::ios::binary);
    os.put('1');
    {
        cereal::BinaryOutputArchive ar(os);
        Article copy = article;  // cereal's serialize() takes non-const references
        ar(copy);
    }
    return os.str();
}

Article deserialise_article(std::string_view data) {
    if (data.empty() || data[0] != '1')
        throw ArchiveError("stored article data has an unknown format (expected schema version " +
                           std::string(kVersion) + ")");
    Article article;
    try {
        std::istringstream is(std::string(data.substr(1)), std::ios::binary);
        cereal::BinaryInputArchive ar(is);
        ar(article);
    } catch (const cereal::Exception& e) {
        throw ArchiveError(std::string("stored article data is corrupt: ") + e.what());
    }
    return article;
}

Xapian::Document make_document(const Article& a, Xapian::TermGenerator& gen, SpellingWords& spelling) {
    Xapian::Document doc;
    doc.set_data(serialise_article(a));
    doc.add_boolean_term(id_term(a.id));

    gen.set_document(doc);
    // Title words count twice in the unprefixed index, so title matches rank above body ones.
    gen.index_text(a.title, 2);
    gen.increase_termpos();
    gen.index_text(a.title, 1, std::string(field_for(Source::Title).prefix));
    gen.increase_termpos();
    gen.index_text(a.body);
    spelling = spelling_words(doc);
    add_name_spellings(a, spelling);
    add_folded_words(doc);

    auto entity_terms = [&](EntityType type, Source source) {
        const std::string_view prefix = field_for(source).prefix;
        for (const auto& name : a.names(type)) {
            add_name_terms(doc, prefix, name);
            for (const auto& alias : aliases_of(type, name)) add_term(doc, prefix, fold(alias));
        }
        for (const auto& e : a.entities)
            if (e.type == type) add_term(doc, prefix, fold(e.text));
    };
    entity_terms(EntityType::Person, Source::Person);
    entity_terms(EntityType::Place, Source::Place);
    entity_terms(EntityType::Organization, Source::Organization);
    add_name_end_terms(doc);

    // Country codes: a lower-case term each, and the distinct upper-case codes for the facet.
    auto country_terms = [&doc](Source source, const std::string& cc, std::vector<std::string>& facet) {
        add_term(doc, field_for(source).prefix, exact_value(source, cc));
        std::string upper = cc;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (std::find(facet.begin(), facet.end(), upper) == facet.end()) facet.push_back(upper);
    };
    std::vector<std::string> countries, about;
    for (const auto& e : a.entities)
        if (e.type == EntityType::Place && !e.country.empty()) country_terms(Source::Country, e.country, countries);
    for (const auto& cc : a.about_countries)
        if (!cc.empty()) country_terms(Source::AboutCountry, cc, about);
    // Contributors ("X contributed to this report") are searchable as authors; the
    // author facet lists bylines only.
    for (const auto& n : a.authors) add_name_terms(doc, field_for(Source::Author).prefix, n);
    for (const auto& n : a.contributors) add_name_terms(doc, field_for(Source::Author).prefix, n);
    for (const auto& n : a.categories) add_name_terms(doc, field_for(Source::Category).prefix, n);
    if (!a.publication.empty()) add_name_terms(doc, field_for(Source::Publication).prefix, a.publication);

    const std::string lang = exact_value(Source::Language, a.effective_language());
    add_term(doc, field_for(Source::Language).prefix, lang);
    add_term(doc, field_for(Source::Language).prefix, lang.substr(0, lang.find_first_of("-_")));

    if (auto day = parse_iso_date(a.published)) {
        doc.add_value(kSlotPublishedDay, Xapian::sortable_serialise(static_cast<double>(days_from_civil(*day))));
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d", day->year);
        doc.add_value(kSlotFacetYear, encode_list({buf}));
        std::snprintf(buf, sizeof buf, "%04d-%02d", day->year, day->month);
        doc.add_value(kSlotFacetMonth, encode_list({buf}));
    }

    std::set<int> mentioned_years;
    for (const auto& e : a.entities) {
        if (e.type != EntityType::Date || e.value.empty()) continue;
        const auto range = timex_range(e.value);
        if (!range || range->first > range->last) continue;
        for (const auto& t : mention_terms(*range)) doc.add_boolean_term(t);
        if (range->last - range->first <= 366) {
            const int y0 = civil_from_days(range->first).year, y1 = civil_from_days(range->last).year;
            for (int y = y0; y <= y1; ++y)
                if (y >= 0 && y <= 9999) mentioned_years.insert(y);
        }
    }
    std::vector<std::string> years;
    for (int y : mentioned_years) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d", y);
        years.emplace_back(buf);
    }

    auto set_facet = [&doc](Xapian::valueno slot, const std::vector<std::string>& values) {
        if (!values.empty()) doc.add_value(slot, encode_list(values));
    };
    set_facet(kSlotFacetPerson, distinct(a.names(EntityType::Person)));
    set_facet(kSlotFacetPlace, distinct(a.names(EntityType::Place)));
    set_facet(kSlotFacetCountry, countries);
    set_facet(kSlotFacetAboutCountry, about);
    set_facet(kSlotFacetOrganization, distinct(a.names(EntityType::Organization)));
    set_facet(kSlotFacetAuthor, distinct(a.authors));
    set_facet(kSlotFacetCategory, distinct(a.categories));
    if (!a.publication.empty()) set_facet(kSlotFacetPublication, {a.publication});
    set_facet(kSlotFacetMentionedYear, years);

    const Xapian::LatLongCoords points = geo::points(a);
    if (!points.empty()) {
        doc.add_value(kSlotCoords, points.serialise());
        for (auto p = points.begin(); p != points.end(); ++p)
            for (const auto& t : geo::cell_terms((*p).latitude, (*p).longitude)) doc.add_boolean_term(t);
    }
    return doc;
}

AliasSynonyms alias_synonyms(const Article& a) {
    AliasSynonyms out;
    auto key_of = [](const std::string& name) {
        std::string key;
        for (const auto& w : split_words(name)) {
            if (!key.empty()) key += ' ';
            key += fold_word(w);
        }
        return key;
    };
    for (const auto type : {EntityType::Place, EntityType::Organization})
        for (const auto& name : a.names(type)) {
            const auto aliases = aliases_of(type, name, AliasNames::English);
            if (aliases.empty()) continue;
            std::vector<std::string> keys{key_of(name)};
            for (const auto& alias : aliases) {
                std::string key = key_of(alias);
                // Plain letters only; "the States" would match running text.
                const bool latin = std::all_of(key.begin(), key.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '\'';
                });
                if (!latin || key.empty() || key.rfind("the ", 0) == 0) continue;
                if (std::find(keys.begin(), keys.end(), key) == keys.end() && keys.size() < kMaxAliasNames)
                    keys.push_back(std::move(key));
            }
            for (const auto& k : keys)
                for (const auto& other : keys)
                    if (k != other && !k.empty() && k.size() < kMaxTermBytes && other.size() < kMaxTermBytes)
                        out.emplace_back(k, other);
        }
    return out;
}

std::vector<std::string> shard_paths(const std::string& path) {
    std::ifstream in(std::filesystem::path(path) / kStubFile);
    std::vector<std::string> shards;
    std::string backend, name;
    while (in >> backend >> name) {
        if (backend != "auto" || name.find('/') != std::string::npos)
            throw ArchiveError("archive " + path + ": unexpected line in " + kStubFile + ": " + backend + " " + name);
        shards.push_back((std::filesystem::path(path) / name).string());
    }
    return shards;
}

void check_version(const Xapian::Database& db, const std::string& path) {
    const std::string found = db.get_metadata(std::string(kVersionKey));
    if (found.empty())
        throw ArchiveError("archive " + path + " has no annals schema version (expected version " +
                           std::string(kVersion) + "): not an annals archive");
    if (found != kVersion && found != kOldestVersion)
        throw ArchiveError("archive " + path + " has schema version " + found + ", expected version " +
                           std::string(kVersion) + ": re-index it with this version of annals");
}

bool is_fresh(const Xapian::Database& db) {
    return db.get_doccount() == 0 && db.metadata_keys_begin() == db.metadata_keys_end();
}

void throw_archive_error(const std::string& path, const std::string& action, const Xapian::Error& e) {
    if (std::string_view(e.get_type()) == "DatabaseLockError")
        throw ArchiveError("archive " + path + " is locked by another writer");
    throw ArchiveError("archive " + path + ": cannot " + action + ": " + e.get_description());
}

}  // namespace annals::detail::schema
