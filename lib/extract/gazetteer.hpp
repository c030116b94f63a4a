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
/// these so that place:kiev finds Kyiv. With AliasNames::English, a place's
/// names in other languages are left out ("Kiev", not "Kijów"). Thread-safe.
enum class AliasNames { All, English };
std::vector<std::string> aliases_of(EntityType type, std::string_view canonical, AliasNames which = AliasNames::All);

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

/// A set of strings numbered in insertion order, in one open-addressing table
/// behind a small Bloom filter: most lookups are for keys that are absent, and
/// the filter (a 64-bit word per key, about) answers them from the cache.
class KeyIndex {
  public:
    /// The id of @p key, added when new.
    std::uint32_t insert(std::string_view key);
    /// The id of @p key, or -1.
    std::int64_t find(std::string_view key) const {
        if (slots_.empty()) return -1;
        const std::uint64_t h = hash(key);
        const std::uint64_t m = bloom_mask(h);
        if ((bloom_[(h >> 32) & bloom_words_mask_] & m) != m) return -1;
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.id == 0) return -1;
            if (s.tag == tag && s.len == key.size() && same(arena_.data() + s.at, key)) return s.id - 1;
        }
    }
    std::size_t size() const { return offsets_.size() - 1; }
    std::string_view key(std::uint32_t id) const {
        return std::string_view(arena_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
    }

  private:
    static std::uint64_t hash(std::string_view s) {
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xFF51AFD7ED558CCDull);
        const char* p = s.data();
        std::size_t n = s.size();
        for (; n >= 8; p += 8, n -= 8) {
            std::uint64_t w;
            __builtin_memcpy(&w, p, 8);
            h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
            h ^= h >> 29;
        }
        if (n > 0) {  // the last 1 to 7 bytes, in at most two loads (the length is in h)
            std::uint64_t w;
            if (n >= 4) {
                std::uint32_t a, b;
                __builtin_memcpy(&a, p, 4);
                __builtin_memcpy(&b, p + n - 4, 4);
                w = (static_cast<std::uint64_t>(a) << 32) | b;
            } else {
                w = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
                    (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
                    static_cast<unsigned char>(p[n - 1]);
            }
            h = (h ^ w) * 0x94D049BB133111EBull;
            h ^= h >> 31;
        }
        h *= 0xD6E8FEB86659FD93ull;
        return h ^ (h >> 32);
    }
    static std::uint64_t bloom_mask(std::uint64_t h) {
        return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63)) | (1ull << ((h >> 12) & 63));
    }
    static bool same(const char* a, std::string_view b) {
        for (std::size_t k = 0; k < b.size(); ++k)
            if (a[k] != b[k]) return false;
        return true;
    }
    // A key's place in the arena sits in its slot: a hit reads the slot, then the key.
    struct Slot {
        std::uint32_t tag = 0;  // hash high 32 bits
        std::uint32_t id = 0;   // id + 1; 0 = empty
        std::uint32_t at = 0;   // key in arena_
        std::uint32_t len = 0;
    };
    void place(std::uint64_t h, std::uint32_t id);
    std::string arena_;
    std::vector<std::uint32_t> offsets_{0};
    std::vector<Slot> slots_;
    std::uint64_t mask_ = 0;
    std::vector<std::uint64_t> bloom_;  // slots_.size() / 16 words
    std::uint64_t bloom_words_mask_ = 0;
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
    /// The country (ISO 3166-1 alpha-2) of the national body whose canonical name
    /// is @p canonical ("Bundesbank": "DE"), or nullptr when the curated table
    /// gives none (international bodies, companies).
    const std::string* organization_country(std::string_view canonical) const;
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
    bool extends(std::string_view key) const { return prefixes_.find(key) >= 0; }

    Lexicon();  // use get(); public for std::make_unique

  private:
    friend std::vector<std::string> aliases_of(EntityType, std::string_view, AliasNames);
    std::vector<PlaceRecord> places_;  // never resized after loading: candidates point into it
    template <typename V>
    using Map = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
    // The taggers ask about nearly every span of every text, mostly for keys that
    // are nothing: each question has its own flat table, so that the small ones
    // (organisations, titles, demonyms) stay in the cache.
    KeyIndex place_keys_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> place_ranges_;  // by place_keys_ id: in cands_
    std::vector<PlaceCandidate> cands_;                                  // most populous first per key
    KeyIndex org_keys_;
    std::vector<std::string> org_names_;  // by org_keys_ id: canonical
    KeyIndex demonym_keys_;
    std::vector<std::string> demonym_codes_;  // by demonym_keys_ id: country code
    KeyIndex titles_;
    KeyIndex prefixes_;  // proper word prefixes of place, organisation and title keys
    /// The candidates of English place key @p key: [first, last) in cands_.
    std::pair<const PlaceCandidate*, const PlaceCandidate*> place_range(std::string_view key) const {
        const std::int64_t id = place_keys_.find(key);
        if (id < 0) return {nullptr, nullptr};
        const auto& r = place_ranges_[static_cast<std::size_t>(id)];
        return {cands_.data() + r.first, cands_.data() + r.first + r.second};
    }
    KeyIndex first_names_;  // as written
    mutable Map<std::vector<PlaceCandidate>> foreign_index_;
    mutable std::once_flag foreign_once_;
    void build_foreign_index() const;
    Map<std::vector<std::string>> org_aliases_;  // canonical -> names
    Map<std::string> org_countries_;              // canonical -> country code
    std::size_t max_words_ = 1;
};

}  // namespace annals::detail
