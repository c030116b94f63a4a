#include "search/person_merge.hpp"

#include <set>

#include "index/facet_ordinals.hpp"
#include "index/schema.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

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

PersonMerge::PersonMerge(const Xapian::Database& db) : db_(db) {}

std::vector<std::string> PersonMerge::names_ending_with(const std::string& end) const {
    std::vector<std::string> out;
    const std::string prefix = schema::person_end_term(end, "");
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) out.push_back((*t).substr(prefix.size()));
    return out;
}

std::vector<std::string> PersonMerge::names_with_end_starting(const std::string& start) const {
    std::vector<std::string> out;
    const std::string prefix = std::string(schema::kPersonEndPrefix) + start;
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
        // XN<end>|<name>, and <name> ends with <end>: find the '|' between them.
        const std::string term = (*t).substr(schema::kPersonEndPrefix.size());
        for (auto bar = term.find('|'); bar != std::string::npos; bar = term.find('|', bar + 1)) {
            const std::size_t name_size = term.size() - bar - 1;
            if (name_size > bar && term.compare(term.size() - bar, bar, term, 0, bar) == 0) {
                out.push_back(term.substr(bar + 1));
                break;
            }
        }
    }
    return out;
}

bool PersonMerge::is_end(const std::string& name) const {
    const std::string prefix = schema::person_end_term(name, "");
    return db_.allterms_begin(prefix) != db_.allterms_end(prefix);
}

const std::string& PersonMerge::merge_of(const std::string& folded_end) const {
    auto [it, fresh] = merges_.emplace(folded_end, std::string());
    if (!fresh) return it->second;
    // Full names are the names that are not the end of a longer one: "joe
    // biden", not "biden" when "joe biden" is a name. Exactly one must end with it.
    std::string full;
    for (auto& name : names_ending_with(folded_end)) {
        if (is_end(name)) continue;
        if (!full.empty()) return it->second = std::string();
        full = std::move(name);
    }
    return it->second = std::move(full);
}

const std::vector<std::string>& PersonMerge::surnames_of(const std::string& folded_full) const {
    auto [it, fresh] = surnames_.emplace(folded_full, std::vector<std::string>());
    if (!fresh) return it->second;
    const auto words = split_words(folded_full);
    if (words.size() < 2 || words.back() == "s" || is_end(folded_full)) return it->second;
    for (std::size_t i = 1; i < words.size(); ++i) {
        std::string end = join_from(words, i);
        if (merge_of(end) == folded_full) it->second.push_back(std::move(end));
    }
    return it->second;
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
    const std::string& full = merge_of(folded_surname);
    if (full.empty() || spelling(full).empty()) return nullptr;
    return &full;
}

const std::string& PersonMerge::key(const std::string& value) const {
    auto [it, fresh] = keys_.emplace(value, value);
    if (!fresh) return it->second;
    const std::string folded = fold(value);
    const std::string* full = ordinals::surname_only(value) ? full_of(folded) : nullptr;
    if (!full && !surnames_of(folded).empty() && !spelling(folded).empty()) full = &folded;
    if (full) it->second = kMergedMarker + *full;
    return it->second;
}

const std::string& PersonMerge::display(const std::string& key) const {
    if (key.empty() || key[0] != kMergedMarker) return key;
    return spelling(key.substr(1));
}

const std::string* PersonMerge::merged(const std::string& value) const {
    const std::string& k = key(value);
    if (k.empty() || k[0] != kMergedMarker) return nullptr;
    return &display(k);
}

Xapian::Query PersonMerge::query(const std::string& prefix, const std::string& folded) const {
    Xapian::Query q(prefix + folded);
    const auto& surnames = surnames_of(folded);
    if (surnames.empty() || spelling(folded).empty()) return q;
    std::vector<Xapian::Query> parts{q};
    for (const auto& surname : surnames) {
        // XP<surname> is also a word term of names where the surname is a first or
        // middle word ("Jordan Peterson" for "Michael Jordan"): leave those out.
        // They are the names starting with it and the names with an end starting with it.
        std::set<std::string> others;
        const std::string first = prefix + surname + " ";
        for (auto t = db_.allterms_begin(first); t != db_.allterms_end(first); ++t) {
            const std::string name = (*t).substr(prefix.size());
            if (name.compare(name.size() - 2, 2, " s") != 0) others.insert(name);
        }
        for (auto& name : names_with_end_starting(surname + " ")) others.insert(std::move(name));
        Xapian::Query s(prefix + surname);
        if (!others.empty()) {
            std::vector<Xapian::Query> out;
            for (const auto& name : others) out.emplace_back(prefix + name);
            s = Xapian::Query(Xapian::Query::OP_AND_NOT, s, Xapian::Query(Xapian::Query::OP_OR, out.begin(), out.end()));
        }
        parts.push_back(s);
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace annals::detail
