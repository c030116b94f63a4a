// One name per person across the archive. Extraction resolves "Biden" to
// "Joe Biden" only inside one article; an article that only says "Biden" stores
// the person "Biden". PersonMerge maps such a surname-only value to the one full
// name of the archive that ends with it, so that person facets, the people of
// each hit and person:"joe biden" all agree.
//
// Rules (names compared in fold() form, as the index stores them):
// - A value is surname-only when it is one word ("Biden", "O'Brien",
//   "Ocasio-Cortez") or its words before the last start with a lower-case letter
//   (particles: "von der Leyen", "de Gaulle").
// - Full names are the multi-word person terms (XP prefix) that are not the end
//   of a longer multi-word person term ("der leyen" and "von der leyen" are ends
//   of "ursula von der leyen").
// - A surname-only value merges into a full name when exactly one full name ends
//   with its words; two ("Joe Biden", "Jill Biden") merge nothing. First and
//   middle words never merge.
// Nothing is read at construction: each name is looked up when first asked for,
// in the name-end terms (XN<end>|<name>, index/schema.cpp), and the answer kept:
// the archive is read-only for a Searcher (build a new one after reopen()). So
// opening costs the same on any archive, and a search pays for the names it
// shows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace annals::detail {

class PersonMerge {
  public:
    explicit PersonMerge(const Xapian::Database& db);

    /// First byte of the keys of merged names (see key()).
    static constexpr char kMergedMarker = '\x01';

    /// The facet key of a person value: "\x01" + the folded full name for a value
    /// that is, or merges into, a full name that some surname merges into; the
    /// value itself otherwise. Values with the same key are one person.
    const std::string& key(const std::string& value) const;
    /// The value to show for a key from key(): the archive's spelling of the full
    /// name for merged keys, the key itself otherwise.
    const std::string& display(const std::string& key) const;
    /// The full name a surname-only value merges into (its archive spelling), or
    /// nullptr when it does not merge.
    const std::string* merged(const std::string& value) const;
    /// The query for person:<folded>: XP<folded>, or for a full name that
    /// surnames merge into, XP<folded> OR each such surname's XP term (minus the
    /// names that have that surname as a first or middle word).
    Xapian::Query query(const std::string& prefix, const std::string& folded) const;

  private:
    // Folded full name of a folded surname, or nullptr.
    const std::string* full_of(const std::string& folded_surname) const;
    // The full name a folded end merges into ("" when none or several).
    const std::string& merge_of(const std::string& folded_end) const;
    // Folded surnames (ends) that merge into a folded full name.
    const std::vector<std::string>& surnames_of(const std::string& folded_full) const;
    // Multi-word names ending with @p end (after at least one more word).
    std::vector<std::string> names_ending_with(const std::string& end) const;
    // Multi-word names with an end (after at least one word) starting with @p start.
    std::vector<std::string> names_with_end_starting(const std::string& start) const;
    // Whether a longer multi-word name ends with @p name.
    bool is_end(const std::string& name) const;
    // Archive spelling of a folded full name: the person value of the first
    // article that has it; empty when no article has it as a value.
    const std::string& spelling(const std::string& folded_full) const;

    Xapian::Database db_;
    // Caches (a Searcher is used by one thread at a time).
    mutable std::unordered_map<std::string, std::string> keys_, spellings_, merges_;
    mutable std::unordered_map<std::string, std::vector<std::string>> surnames_;
};

}  // namespace annals::detail
