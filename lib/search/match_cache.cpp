#include "search/match_cache.hpp"

#include <algorithm>

namespace annals::detail {

bool positional(const Xapian::Query& query) {
    const auto op = query.get_type();
    if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (positional(query.get_subquery(i))) return true;
    return false;
}

MatchCache::Docids MatchCache::find(const Xapian::Query& query) {
    const auto it = by_key_.find(query.serialise());
    if (it == by_key_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->docids;
}

void MatchCache::keep(const Xapian::Query& query, std::vector<Xapian::docid> docids) {
    std::string key = query.serialise();
    if (docids.size() > max_docids_ || max_entries_ == 0 || by_key_.count(key)) return;
    // The matcher shows a single database's matches in docid order; sort in case not.
    if (!std::is_sorted(docids.begin(), docids.end())) std::sort(docids.begin(), docids.end());
    while (!entries_.empty() && (entries_.size() >= max_entries_ || docids_ + docids.size() > max_docids_)) {
        docids_ -= entries_.back().docids->size();
        by_key_.erase(entries_.back().key);
        entries_.pop_back();
    }
    docids_ += docids.size();
    entries_.push_front(Entry{key, std::make_shared<const std::vector<Xapian::docid>>(std::move(docids))});
    by_key_.emplace(std::move(key), entries_.begin());
}

void MatchCache::clear() {
    entries_.clear();
    by_key_.clear();
    docids_ = 0;
}

}  // namespace annals::detail
