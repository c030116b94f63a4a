#include "search/person_merge.hpp"

#include <unordered_set>

#include "index/facet_ordinals.hpp"
#include "index/schema.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

constexpr char kMarker = '\x01';

std::vector<std::string> split_words(const std::string& folded) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= folded.size()) {
        const std::size_t sp = folded.find(' ', start);
        const std::size_t end = sp == std::string::npos ? folded.size() : sp;
        if (end > start) out.push_back(folded.substr(start, end - start));
        if (sp == std::string::npos) break;
        start = sp + 1;
    }
    return out;
}

std::string join_from(const std::vector<std::string>& words, std::size_t first) {
    std::string out;
    for (std::size_t i = first; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i];
    return out;
}

}  // namespace

PersonMerge::PersonMerge(const Xapian::Database& db) : db_(db) {
    const std::string prefix(schema::field_for(schema::Source::Person).prefix);
    std::vector<std::vector<std::string>> words;
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
        const std::string folded = (*t).substr(prefix.size());
        if (folded.find(' ') == std::string::npos) continue;
        auto w = split_words(folded);
        // "Biden's" is indexed as "biden s": a possessive, not a name.
        if (w.size() < 2 || w.back() == "s") continue;
        names_.push_back(folded);
        words.push_back(std::move(w));
    }
    // Ends of multi-word terms: "biden" and "der leyen" are not full names when
    // "joe biden" and "ursula von der leyen" are terms.
    std::unordered_set<std::string> ends;
    for (const auto& w : words)
        for (std::size_t i = 1; i < w.size(); ++i) ends.insert(join_from(w, i));
    for (std::size_t n = 0; n < names_.size(); ++n) {
        const auto& w = words[n];
        for (std::size_t i = 0; i + 1 < w.size(); ++i) inner_word_[w[i]].push_back(n);
        if (ends.count(names_[n])) continue;
        for (std::size_t i = 1; i < w.size(); ++i) {
            auto [it, fresh] = surname_to_full_.emplace(join_from(w, i), names_[n]);
            if (!fresh && it->second != names_[n]) it->second.clear();
        }
    }
    for (auto it = surname_to_full_.begin(); it != surname_to_full_.end();) {
        if (it->second.empty()) {
            it = surname_to_full_.erase(it);
        } else {
            full_to_surnames_[it->second].push_back(it->first);
            ++it;
        }
    }
}

const std::string& PersonMerge::spelling(const std::string& folded_full) const {
    auto [it, fresh] = spellings_.emplace(folded_full, std::string());
    if (!fresh) return it->second;
    const std::string term = std::string(schema::field_for(schema::Source::Person).prefix) + folded_full;
    // The term may also come from a mention text of an article whose value is
    // spelled otherwise: look at a few articles.
    int tries = 0;
    for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term) && tries < 20; ++p, ++tries) {
        const std::string data = db_.get_document(*p).get_value(schema::kSlotFacetPerson);
        for (auto& v : schema::decode_list(data))
            if (fold(v) == folded_full) return it->second = std::move(v);
    }
    return it->second;
}

const std::string* PersonMerge::full_of(const std::string& folded_surname) const {
    auto it = surname_to_full_.find(folded_surname);
    if (it == surname_to_full_.end() || spelling(it->second).empty()) return nullptr;
    return &it->second;
}

const std::string& PersonMerge::key(const std::string& value) const {
    auto [it, fresh] = keys_.emplace(value, value);
    if (!fresh) return it->second;
    const std::string folded = fold(value);
    const std::string* full = ordinals::surname_only(value) ? full_of(folded) : nullptr;
    if (!full) {
        auto f = full_to_surnames_.find(folded);
        if (f != full_to_surnames_.end() && !spelling(folded).empty()) full = &f->first;
    }
    if (full) it->second = kMarker + *full;
    return it->second;
}

const std::string& PersonMerge::display(const std::string& key) const {
    if (key.empty() || key[0] != kMarker) return key;
    return spelling(key.substr(1));
}

const std::string* PersonMerge::merged(const std::string& value) const {
    const std::string& k = key(value);
    if (k.empty() || k[0] != kMarker) return nullptr;
    return &display(k);
}

Xapian::Query PersonMerge::query(const std::string& prefix, const std::string& folded) const {
    Xapian::Query q(prefix + folded);
    auto f = full_to_surnames_.find(folded);
    if (f == full_to_surnames_.end() || spelling(folded).empty()) return q;
    std::vector<Xapian::Query> parts{q};
    for (const auto& surname : f->second) {
        // XP<surname> is also a word term of names where the surname is a first or
        // middle word ("Jordan Peterson" for "Michael Jordan"): leave those out.
        const std::string padded = " " + surname + " ";
        const std::size_t last_space = surname.rfind(' ');
        const std::string last = last_space == std::string::npos ? surname : surname.substr(last_space + 1);
        std::vector<Xapian::Query> others;
        if (auto in = inner_word_.find(last); in != inner_word_.end())
            for (std::size_t n : in->second) {
                const std::string name = " " + names_[n] + " ";
                for (auto at = name.find(padded); at != std::string::npos; at = name.find(padded, at + 1))
                    if (at + padded.size() < name.size()) {
                        others.emplace_back(prefix + names_[n]);
                        break;
                    }
            }
        Xapian::Query s(prefix + surname);
        if (!others.empty())
            s = Xapian::Query(Xapian::Query::OP_AND_NOT, s,
                              Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()));
        parts.push_back(s);
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace annals::detail
