#include "search/facets.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace annals::detail {

FacetSpy::FacetSpy(std::vector<Xapian::valueno> slots, const PersonMerge* people)
    : slots_(std::move(slots)), people_(people) {
    for (auto s : slots_) counts_[s];
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    for (auto slot : slots_) {
        const std::string data = doc.get_value(slot);
        if (data.empty()) continue;
        auto& counts = counts_[slot];
        if (slot == schema::kSlotFacetPerson && people_) {
            // Several values may be one person: count each person once per article.
            doc_keys_.clear();
            for (const auto& v : schema::decode_list(data)) {
                const std::string* k = &people_->key(v);
                if (std::none_of(doc_keys_.begin(), doc_keys_.end(), [k](const std::string* d) { return *d == *k; }))
                    doc_keys_.push_back(k);
            }
            for (const auto* k : doc_keys_) ++counts[*k];
            continue;
        }
        for (auto& v : schema::decode_list(data)) ++counts[std::move(v)];
    }
}

void FacetSpy::finish() {
    if (!people_) return;
    auto it = counts_.find(schema::kSlotFacetPerson);
    if (it == counts_.end()) return;
    std::map<std::string, std::size_t> shown;
    for (const auto& [k, n] : it->second) shown[people_->display(k)] += n;
    it->second = std::move(shown);
}

const std::map<std::string, std::size_t>& FacetSpy::counts(Xapian::valueno slot) const {
    static const std::map<std::string, std::size_t> none;
    auto it = counts_.find(slot);
    return it == counts_.end() ? none : it->second;
}

namespace {

// "YYYY" or "YYYY-MM" to a month index (year * 12 + month - 1); -1 when neither.
long month_index(const std::string& v) {
    if (v.size() != 7 || v[4] != '-') return -1;
    return std::atol(v.substr(0, 4).c_str()) * 12 + std::atol(v.substr(5, 2).c_str()) - 1;
}

std::vector<FacetValue> timeline(const std::map<std::string, std::size_t>& counts, bool months) {
    std::vector<FacetValue> out;
    if (counts.empty()) return out;
    // Keys are zero-padded, so map order is date order.
    const std::string& lo = counts.begin()->first;
    const std::string& hi = counts.rbegin()->first;
    char buf[48];
    if (months) {
        const long a = month_index(lo), b = month_index(hi);
        if (a < 0 || b < 0) return out;
        for (long m = a; m <= b; ++m) {
            std::snprintf(buf, sizeof buf, "%04ld-%02ld", m / 12, m % 12 + 1);
            auto it = counts.find(buf);
            out.push_back({buf, it == counts.end() ? 0 : it->second});
        }
    } else {
        const long a = std::atol(lo.c_str()), b = std::atol(hi.c_str());
        for (long y = a; y <= b; ++y) {
            std::snprintf(buf, sizeof buf, "%04ld", y);
            auto it = counts.find(buf);
            out.push_back({buf, it == counts.end() ? 0 : it->second});
        }
    }
    return out;
}

}  // namespace

std::vector<FacetValue> facet_buckets(const schema::FacetSpec& facet,
                                      const std::map<std::string, std::size_t>& counts, std::size_t limit) {
    if (facet.timeline) return timeline(counts, facet.name == "month");
    std::vector<FacetValue> out;
    for (const auto& [value, count] : counts) out.push_back({value, count});
    std::stable_sort(out.begin(), out.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    if (limit && out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace annals::detail
