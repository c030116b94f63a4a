// Internal knowledge of entity names: places (GeoNames cities, ISO 3166
// countries and subdivisions, curated regions), organisations and their
// short forms. Built into the library from data/; loaded once, read-only.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "annals/article.hpp"

namespace annals::detail {

/// Other names under which an entity with this canonical form is known, e.g.
/// Place "Kyiv" -> {"Kiev", "Kyjiv", ...}, Place "United Kingdom" -> {"Britain",
/// "UK", "U.K.", "Great Britain"}, Organization "North Atlantic Treaty
/// Organization" -> {"NATO"}. Empty when none are known. The indexer indexes
/// these so that place:kiev finds Kyiv. Thread-safe.
std::vector<std::string> aliases_of(EntityType type, std::string_view canonical);

}  // namespace annals::detail

// ---------------------------------------------------------------------------
// The lexicon behind aliases_of(), used by the extraction pipeline and the
// rule tagger. Keys are fold()ed names ("U.K." -> "u k", "Kyïv" -> "kyiv").

namespace annals::detail {

enum class PlaceKind : std::uint8_t { Country, Subdivision, City, Region };

/// One gazetteer entry.
struct PlaceRecord {
    PlaceKind kind = PlaceKind::City;
    std::string name;     ///< canonical English name ("Kyiv", "United Kingdom")
    std::string country;  ///< ISO 3166-1 alpha-2, empty for multinational regions
    std::string admin;    ///< GeoNames admin1 key ("US.TX") for cities and subdivisions
    std::string code;     ///< ISO 3166 code for countries and subdivisions ("GB", "US-TX")
    std::optional<double> lat, lon;
    long population = 0;
    std::optional<long> geonames;
    bool common_word = false;  ///< the name is also an English word ("Mobile", "Reading")
    std::vector<std::string> aliases;  ///< other English names (curated ones included)
    std::vector<std::string> foreign;  ///< names in other languages
};

/// A place a name may refer to.
struct PlaceCandidate {
    const PlaceRecord* place = nullptr;
    bool curated = false;  ///< the name is a curated alias ("America", "Kiev")
    bool foreign = false;  ///< the name is one of the place's names in another language
};

/// Hash for string keys that also takes string_views, so that lookups by a
/// std::string_view need no temporary std::string.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// Names the library knows: places, organisations, demonyms, titles, first names.
/// Built from the embedded data on first use (std::call_once), then read-only and
/// safe to share across threads.
class Lexicon {
  public:
    /// The process-wide lexicon. Throws annals::Error if the embedded data is corrupt.
    static const Lexicon& get();

    /// Places named @p key (a fold()ed name), most populous first. Names in other
    /// languages count only with @p foreign (their index is built on first such use).
    std::vector<PlaceCandidate> places(std::string_view key, bool foreign = false) const;
    /// The country with ISO code @p cc ("GB"), or nullptr.
    const PlaceRecord* country(std::string_view cc) const;
    /// The canonical form of the organisation named @p key, or nullptr.
    const std::string* organization(std::string_view key) const;
    /// For a demonym or adjective ("british", "ukrainians"): its country code, ""
    /// for regional ones ("european"); nullopt when @p key is not one.
    std::optional<std::string> demonym(std::string_view key) const;
    /// True when @p key is a title or honorific ("mr", "secretary of state").
    bool is_title(std::string_view key) const;
    /// True when @p word (as written, e.g. "Marco") is a known first name.
    bool is_first_name(std::string_view word) const;
    /// The most words in any place, organisation or title name.
    std::size_t max_words() const { return max_words_; }
    /// True when some English place, organisation or title name starts with the
    /// words of @p key followed by more words ("new" and "new york" for "New York
    /// City"): a tagger looking for the longest name stops extending when false.
    bool extends(std::string_view key) const { return prefixes_.count(key) > 0; }

    Lexicon();  // use get(); public for std::make_unique

  private:
    friend std::vector<std::string> aliases_of(EntityType, std::string_view);
    std::vector<PlaceRecord> places_;  // never resized after loading: candidates point into it
    template <typename V>
    using Map = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
    using Set = std::unordered_set<std::string, StringHash, std::equal_to<>>;
    Map<std::vector<PlaceCandidate>> place_index_;
    mutable Map<std::vector<PlaceCandidate>> foreign_index_;
    mutable std::once_flag foreign_once_;
    void build_foreign_index() const;
    Map<std::string> orgs_;                      // key -> canonical
    Map<std::vector<std::string>> org_aliases_;  // canonical -> names
    Map<std::string> demonyms_;                  // key -> country
    Set titles_;                                 // keys
    Set first_names_;                            // as written
    Set prefixes_;                               // proper word prefixes of place, org and title keys
    std::size_t max_words_ = 1;
    void add_prefixes(std::string_view key);
};

}  // namespace annals::detail
