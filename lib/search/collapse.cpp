#include "search/collapse.hpp"

#include <unordered_map>
#include <unordered_set>

#include "index/schema.hpp"

namespace annals::detail {

GroupColumn::GroupColumn(const Xapian::Database& db) {
    of.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
    std::unordered_map<std::string, std::uint32_t> number;
    const auto slot = schema::kSlotDuplicateGroup;
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
        const auto [it, fresh] = number.emplace(*v, static_cast<std::uint32_t>(names.size() + 1));
        if (fresh) names.push_back(*v);
        if (v.get_docid() < of.size()) of[v.get_docid()] = it->second;
    }
}

void GroupSpy::match(Xapian::docid did) {
    ++matches_;
    const std::uint32_t g = column_.group(did);
    if (!g) return;
    ++grouped_;
    if (!seen_[g]) {
        seen_[g] = true;
        ++groups_;
    }
}

void GroupSpy::merge(const GroupSpy& other) {
    matches_ += other.matches_;
    grouped_ += other.grouped_;
    for (std::size_t g = 1; g < seen_.size(); ++g)
        if (other.seen_[g] && !seen_[g]) {
            seen_[g] = true;
            ++groups_;
        }
}

std::vector<Xapian::MSetIterator> fold(const Xapian::MSet& mset, const GroupColumn& column, std::size_t wanted) {
    std::vector<Xapian::MSetIterator> out;
    std::unordered_set<std::uint32_t> groups;
    for (auto it = mset.begin(); it != mset.end() && out.size() < wanted; ++it) {
        const std::uint32_t g = column.group(*it);
        if (!g || groups.insert(g).second) out.push_back(it);
    }
    return out;
}

}  // namespace annals::detail
