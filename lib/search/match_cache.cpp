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

bool matches_every_part(const Xapian::Query& query) {
    const auto op = query.get_type();
    if (op == Xapian::Query::LEAF_TERM) return true;
    const std::size_t n = query.get_num_subqueries();
    if (n == 0) return false;
    if (op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_AND_NOT)
        return matches_every_part(query.get_subquery(0));  // the rest weighs nothing
    if (op != Xapian::Query::OP_AND && op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (!matches_every_part(query.get_subquery(i))) return false;
    return true;
}

void DocidList::skip_to(Xapian::docid did, double) {
    const auto from = docids_->begin() + static_cast<std::ptrdiff_t>(at_ == kBefore ? 0 : at_);
    at_ = static_cast<std::size_t>(std::lower_bound(from, docids_->end(), did) - docids_->begin());
}

MatchCache::Docids MatchCache::find(const Xapian::Query& query) {
    const auto it = by_key_.find(query.serialise());
    if (it == by_key_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->docids;
}

MatchCache::Docids MatchCache::keep(const Xapian::Query& query, std::vector<Xapian::docid> docids) {
    // The matcher shows a single database's matches in docid order; sort in case not.
    if (!std::is_sorted(docids.begin(), docids.end())) std::sort(docids.begin(), docids.end());
    auto kept = std::make_shared<const std::vector<Xapian::docid>>(std::move(docids));
    std::string key = query.serialise();
    if (kept->size() > max_docids_ || max_entries_ == 0 || by_key_.count(key)) return kept;
    while (!entries_.empty() && (entries_.size() >= max_entries_ || docids_ + kept->size() > max_docids_)) {
        docids_ -= entries_.back().docids->size();
        by_key_.erase(entries_.back().key);
        entries_.pop_back();
    }
    docids_ += kept->size();
    entries_.push_front(Entry{key, kept});
    by_key_.emplace(std::move(key), entries_.begin());
    return kept;
}

void MatchCache::clear() {
    entries_.clear();
    by_key_.clear();
    docids_ = 0;
}

}  // namespace annals::detail
