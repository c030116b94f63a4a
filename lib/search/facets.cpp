#include "search/facets.hpp"

#include <algorithm>
#include <functional>
#include <type_traits>
#include <unordered_set>

#include "annals/error.hpp"
#include "util/text.hpp"
#include <cstdio>
#include <cstdlib>

namespace annals::detail {

namespace {

// The index in @p ids of the dictionary @p id an article's values come from.
std::size_t dictionary_index(const std::vector<std::uint32_t>& ids, std::uint32_t id) {
    const auto d = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    if (d == ids.size())
        throw ArchiveError("an article's facet values come from dictionary " + std::to_string(id) +
                           ", which the archive lacks: re-index it");
    return d;
}

// Whether an article's person values are kept for merging: only a surname-only
// value can share a merged name with another value of the same article
// (distinct values of one article never fold alike).
bool keeps_people(bool surname_only, std::size_t people) { return surname_only && people > 1; }

}  // namespace

FacetSpy::FacetSpy(const std::vector<std::size_t>& facets, std::vector<std::uint32_t> ids,
                   const std::vector<std::vector<std::uint32_t>>& sizes, bool people_merge,
                   const OrdinalColumn* column)
    : facets_(facets), wanted_(schema::facets().size(), -1), ids_(std::move(ids)), column_(column) {
    for (std::size_t k = 0; k < facets.size(); ++k) {
        wanted_.at(facets[k]) = static_cast<int>(k);
        if (people_merge && schema::facets()[facets[k]].slot == schema::kSlotFacetPerson) person_k_ = k;
    }
    if (column_) {
        flat_.assign(column_->counters(), 0);
        return;
    }
    counts_.resize(sizes.size());
    for (std::size_t s = 0; s < sizes.size(); ++s)
        for (std::size_t k = 0; k < facets.size(); ++k) counts_[s].emplace_back(sizes[s].at(k), 0);
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++seen_;
    if (groups_once_ && group_seen(doc)) return;
    if (column_)
        add(doc.get_docid());
    else
        count(doc.get_value(schema::kSlotFacetOrdinals), 1);
}

std::unique_ptr<FacetSpy> FacetSpy::fresh() const {
    return std::make_unique<FacetSpy>(facets_, ids_, std::vector<std::vector<std::uint32_t>>{}, person_k_ != kNone,
                                      column_);
}

void FacetSpy::merge(const FacetSpy& other) {
    seen_ += other.seen_;
    for (std::size_t c = 0; c < flat_.size(); ++c) flat_[c] += other.flat_[c];
    people_.insert(people_.end(), other.people_.begin(), other.people_.end());
}

void FacetSpy::match(Xapian::docid did) {
    ++seen_;
    if (groups_once_ && group_seen(group_column_->group(did))) return;
    add(did);
}

void FacetSpy::add(Xapian::docid did) {
    for (const std::uint32_t c : column_->codes(did)) ++flat_[c];
    if (person_k_ != kNone && column_->merges(did)) keep_people(did);
}

bool FacetSpy::group_seen(const Xapian::Document& doc) {
    if (group_column_) return group_seen(group_column_->group(doc.get_docid()));
    // An article of no group (no value) is a group of its own.
    std::string group = doc.get_value(schema::kSlotDuplicateGroup);
    return !group.empty() && !groups_.insert(std::move(group)).second;
}

// An article of no group (0) is a group of its own.
bool FacetSpy::group_seen(std::uint32_t group) {
    if (!group) return false;
    if (group_seen_[group]) return true;
    group_seen_[group] = true;
    return false;
}

// The record count() keeps for an article whose people may merge, from the column.
void FacetSpy::keep_people(Xapian::docid did) {
    const auto codes = column_->codes(did);
    const std::size_t d = column_->dictionary(codes.front());
    const std::size_t person = facets_[person_k_];
    const std::uint32_t first = column_->base(d, person), end = first + column_->length(d, person);
    people_.push_back(static_cast<std::uint32_t>(d));
    const std::size_t n = people_.size();
    people_.push_back(0);
    for (const std::uint32_t c : codes)
        if (c >= first && c < end) {
            people_.push_back(c - first);
            ++people_[n];
        }
}

std::span<const std::uint32_t> FacetSpy::counts(std::size_t d, std::size_t k) const {
    if (!column_) return counts_[d][k];
    const std::size_t facet = facets_[k];
    return {flat_.data() + column_->base(d, facet), column_->length(d, facet)};
}

void FacetSpy::count(std::string_view data, std::uint32_t times) {
    if (data.empty()) return;
    const std::size_t d = dictionary_index(ids_, ordinals::dictionary_of(data));
    auto& counts = counts_[d];
    doc_people_.clear();
    bool surname = false;
    ordinals::for_each(data, [&](std::size_t facet, ordinals::Entry e) {
        if (facet >= wanted_.size() || wanted_[facet] < 0) return;
        const auto k = static_cast<std::size_t>(wanted_[facet]);
        auto& c = counts[k];
        if (e.ordinal >= c.size()) c.resize(e.ordinal + 1, 0);  // dictionary read at another revision
        c[e.ordinal] += times;
        if (k == person_k_) {
            doc_people_.push_back(e);
            surname = surname || e.surname_only;
        }
    });
    if (keeps_people(surname, doc_people_.size())) {
        for (std::uint32_t t = 0; t < times; ++t) {  // one record per article
            people_.push_back(static_cast<std::uint32_t>(d));
            people_.push_back(static_cast<std::uint32_t>(doc_people_.size()));
            for (const auto& e : doc_people_) people_.push_back(e.ordinal);
        }
    }
}

namespace {

// The smallest count among the @p limit largest of @p counts (1 when there are
// fewer): every value counted at least that often may be shown.
template <class Counts>
std::size_t threshold(const Counts& counts, std::size_t limit) {
    using Count = std::remove_cvref_t<decltype(counts[0])>;
    std::vector<Count> nonzero;
    for (auto c : counts)
        if (c) nonzero.push_back(c);
    if (!limit || nonzero.size() <= limit) return 1;
    std::nth_element(nonzero.begin(), nonzero.begin() + static_cast<std::ptrdiff_t>(limit - 1), nonzero.end(),
                     std::greater<Count>());
    return static_cast<std::size_t>(nonzero[limit - 1]);
}

}  // namespace

FacetTable::FacetTable(const std::vector<Xapian::Database>& databases) {
    for (const auto& db : databases)
        for (auto id : ordinals::dictionaries(db)) {
            for (const auto& r : readers_)
                if (r.id() == id)
                    throw ArchiveError("two archives searched together have facet dictionary " + std::to_string(id) +
                                       ": an archive cannot be searched with a copy of itself");
            readers_.emplace_back(db, id);
        }
}

std::vector<std::uint32_t> FacetTable::ids() const {
    std::vector<std::uint32_t> out;
    for (const auto& r : readers_) out.push_back(r.id());
    return out;
}

std::vector<std::vector<std::uint32_t>> FacetTable::sizes(const std::vector<std::size_t>& facets) const {
    std::vector<std::vector<std::uint32_t>> out;
    for (const auto& r : readers_) {
        out.emplace_back();
        for (auto f : facets) out.back().push_back(r.size(f));
    }
    return out;
}

void FacetTable::load_column(const Xapian::Database& db) { column_ = std::make_unique<OrdinalColumn>(db, ids()); }

OrdinalColumn::OrdinalColumn(const Xapian::Database& db, const std::vector<std::uint32_t>& ids)
    : facets_(schema::facets().size()) {
    std::size_t person = facets_;
    for (std::size_t f = 0; f < facets_; ++f)
        if (schema::facets()[f].slot == schema::kSlotFacetPerson) person = f;
    const std::size_t last = db.get_lastdocid();
    offsets_.assign(last + 2, 0);
    merges_.assign(last + 1, false);
    length_.assign(ids.size() * facets_, 0);
    // Ordinals first, each with its (dictionary, facet); counters once every length is known.
    std::vector<std::uint32_t> group;
    std::vector<std::pair<std::size_t, ordinals::Entry>> entries;
    std::size_t next = 1;  // the document whose offset comes next
    const auto slot = schema::kSlotFacetOrdinals;
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
        const Xapian::docid did = v.get_docid();
        if (did > last) break;
        while (next <= did) offsets_[next++] = static_cast<std::uint32_t>(codes_.size());
        entries.clear();
        const std::uint32_t id = ordinals::for_each(*v, [&](std::size_t f, ordinals::Entry e) {
            if (f < facets_) entries.emplace_back(f, e);
        });
        const std::size_t d = dictionary_index(ids, id);
        std::size_t people = 0;
        bool surname = false;
        for (const auto& [f, e] : entries) {
            const std::size_t g = d * facets_ + f;
            codes_.push_back(e.ordinal);
            group.push_back(static_cast<std::uint32_t>(g));
            length_[g] = std::max(length_[g], e.ordinal + 1);
            if (f == person) {
                ++people;
                surname = surname || e.surname_only;
            }
        }
        merges_[did] = keeps_people(surname, people);
    }
    while (next < offsets_.size()) offsets_[next++] = static_cast<std::uint32_t>(codes_.size());
    base_.assign(length_.size(), 0);
    for (std::size_t g = 0; g < length_.size(); ++g) {
        base_[g] = static_cast<std::uint32_t>(counters_);
        counters_ += length_[g];
    }
    for (std::size_t i = 0; i < codes_.size(); ++i) codes_[i] += base_[group[i]];
}

std::size_t OrdinalColumn::dictionary(std::uint32_t code) const {
    std::size_t d = 0;
    while ((d + 1) * facets_ < base_.size() && base_[(d + 1) * facets_] <= code) ++d;
    return d;
}

std::int32_t FacetTable::named(const Buckets& b, std::size_t d, std::uint32_t ordinal) {
    return d < b.of.size() && ordinal < b.of[d].size() ? b.of[d][ordinal] : -1;
}

std::int32_t FacetTable::bucket(Buckets& b, std::size_t d, std::size_t facet_index, std::uint32_t ordinal,
                                const PersonMerge* people) {
    if (const std::int32_t id = named(b, d, ordinal); id >= 0) return id;
    if (b.of.size() < readers_.size()) b.of.resize(readers_.size());
    auto& of = b.of[d];
    if (of.size() <= ordinal) of.resize(ordinal + 1, -1);
    const std::string& value = readers_[d].value(facet_index, ordinal);
    const std::string& name = people ? people->display(people->key(value)) : value;
    auto [it, fresh] = b.ids.emplace(name, static_cast<std::int32_t>(b.names.size()));
    if (fresh) b.names.push_back(name);
    return of[ordinal] = it->second;
}

std::map<std::string, std::size_t> FacetTable::counts(const FacetSpy& spy, std::size_t k, std::size_t facet_index,
                                                      std::size_t limit, const PersonMerge* people) {
    const auto& facet = schema::facets().at(facet_index);
    if (facet.slot != schema::kSlotFacetPerson) people = nullptr;
    if (facet.timeline) limit = 0;  // every year or month is listed
    std::map<std::string, std::size_t> out;
    if (readers_.size() == 1 && !people) {
        // Ordinals are the values: only the ones that can be shown become strings.
        const auto& c = spy.counts(0, k);
        const std::size_t least = threshold(c, limit);
        for (std::uint32_t ord = 0; ord < c.size(); ++ord)
            if (c[ord] >= least) out.emplace(readers_[0].value(facet_index, ord), c[ord]);
        return out;
    }
    // Several ordinals may be one value (one per dictionary) or one person.
    Buckets& b = buckets_[facet_index];
    std::vector<std::size_t> total;
    auto total_of = [&total](std::int32_t id) -> std::size_t& {
        if (total.size() <= static_cast<std::size_t>(id)) total.resize(static_cast<std::size_t>(id) + 1, 0);
        return total[static_cast<std::size_t>(id)];
    };
    // People: naming a value's bucket costs PersonMerge archive lookups, and a
    // broad query matches thousands of people. Only values that can share a
    // bucket need them: surname-only ones, the full names those merge into, and
    // values that fold alike. Any other value is a bucket of its own whatever
    // its name, so it is counted under a provisional one and named only if shown.
    struct Alone {
        const std::string* value;
        std::size_t count;
    };
    std::vector<Alone> alone;
    std::vector<std::pair<std::size_t, std::uint32_t>> deferred;  // (d, ordinal) of full names
    if (people) {
        std::unordered_set<std::string> shared;
        std::unordered_map<std::string, int> folds;
        std::vector<std::string> folded;
        for (std::size_t d = 0; d < readers_.size(); ++d) {
            const auto& c = spy.counts(d, k);
            for (std::uint32_t ord = 0; ord < c.size(); ++ord) {
                if (!c[ord]) continue;
                const std::string& value = readers_[d].value(facet_index, ord);
                if (ordinals::surname_only(value)) {
                    const std::string& key = people->key(value);
                    if (!key.empty() && key[0] == PersonMerge::kMergedMarker) shared.insert(key.substr(1));
                    total_of(bucket(b, d, facet_index, ord, people)) += c[ord];
                } else {
                    deferred.emplace_back(d, ord);
                    ++folds[folded.emplace_back(fold(value))];
                }
            }
        }
        for (std::size_t i = 0; i < deferred.size(); ++i) {
            const auto [d, ord] = deferred[i];
            const std::uint32_t n = spy.counts(d, k)[ord];
            if (named(b, d, ord) >= 0 || shared.count(folded[i]) || folds[folded[i]] > 1)
                total_of(bucket(b, d, facet_index, ord, people)) += n;
            else
                alone.push_back({&readers_[d].value(facet_index, ord), n});
        }
    } else {
        for (std::size_t d = 0; d < readers_.size(); ++d) {
            const auto& c = spy.counts(d, k);
            for (std::uint32_t ord = 0; ord < c.size(); ++ord)
                if (c[ord]) total_of(bucket(b, d, facet_index, ord, people)) += c[ord];
        }
    }
    // An article naming one person twice counted twice: take the extra ones off.
    // (A value counted alone is one value, and an article has each value once.)
    const auto& merge = spy.people_to_merge();
    std::vector<std::int32_t> ids;
    for (std::size_t i = 0; people && i + 1 < merge.size();) {
        const std::size_t d = merge[i], n = merge[i + 1];
        ids.clear();
        for (std::size_t j = 0; j < n; ++j) {
            const std::uint32_t ord = merge[i + 2 + j];
            if (const std::int32_t id = named(b, d, ord); id >= 0) ids.push_back(id);
        }
        std::sort(ids.begin(), ids.end());
        for (std::size_t j = 1; j < ids.size(); ++j)
            if (ids[j] == ids[j - 1]) --total_of(ids[j]);
        i += 2 + n;
    }
    std::vector<std::size_t> all = total;
    for (const auto& a : alone) all.push_back(a.count);
    const std::size_t least = threshold(all, limit);
    for (const auto& a : alone)
        if (a.count >= least) out.emplace(people->display(people->key(*a.value)), a.count);
    for (std::size_t id = 0; id < total.size(); ++id)
        if (total[id] >= least) out.emplace(b.names[id], total[id]);
    return out;
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
