#include "index/duplicates.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "index/schema.hpp"

namespace annals::detail::duplicates {

namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// The hash functions of the signature: h -> mix(h ^ seed_k).
const std::array<std::uint64_t, kHashes> kSeeds = [] {
    std::array<std::uint64_t, kHashes> seeds{};
    for (std::size_t k = 0; k < kHashes; ++k) seeds[k] = mix(0x5EED0000ull + k);
    return seeds;
}();

bool word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// FNV-1a of each word, lower-cased ASCII.
std::vector<std::uint64_t> word_hashes(std::string_view text) {
    std::vector<std::uint64_t> words;
    std::uint64_t h = 0;
    bool in_word = false;
    for (const char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (!word_byte(c)) {
            if (in_word) words.push_back(h);
            in_word = false;
            continue;
        }
        if (!in_word) h = 14695981039346656037ull;
        in_word = true;
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
        h = (h ^ c) * 1099511628211ull;
    }
    if (in_word) words.push_back(h);
    return words;
}

}  // namespace

std::optional<Signature> signature(std::string_view text) {
    const auto words = word_hashes(text);
    if (words.size() < kShingleWords + kMinShingles - 1) return std::nullopt;
    std::vector<std::uint64_t> shingles;
    shingles.reserve(words.size());
    for (std::size_t i = 0; i + kShingleWords <= words.size(); ++i) {
        std::uint64_t h = 0;
        for (std::size_t k = 0; k < kShingleWords; ++k) h = mix(h ^ words[i + k]);
        shingles.push_back(h);
    }
    // A set of shingles: repeats do not change a MinHash, but skipping them saves work.
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
    if (shingles.size() < kMinShingles) return std::nullopt;
    Signature sig;
    sig.fill(UINT32_MAX);
    for (const std::uint64_t s : shingles)
        for (std::size_t k = 0; k < kHashes; ++k)
            sig[k] = std::min(sig[k], static_cast<std::uint32_t>(mix(s ^ kSeeds[k]) >> 32));
    return sig;
}

BandKeys band_keys(const Signature& sig) {
    BandKeys keys;
    for (std::size_t b = 0; b < kBands; ++b) {
        std::uint64_t h = b;
        for (std::size_t r = 0; r < kRows; ++r) h = mix(h ^ (static_cast<std::uint64_t>(sig[b * kRows + r]) << 8));
        keys[b] = static_cast<std::uint32_t>(h >> 32);
    }
    return keys;
}

void mark(Xapian::Document& doc, const std::optional<Signature>& sig) {
    if (sig) doc.add_value(schema::kSlotDuplicateSignature, encode(*sig));
}

void set_group(Xapian::Document& doc, const std::string& group) {
    doc.add_value(schema::kSlotDuplicateGroup, group);
    const std::string term = std::string(schema::kDuplicateGroupPrefix) + group;
    if (term.size() <= 240) doc.add_boolean_term(term);
}

void mark_first(Xapian::WritableDatabase& db, const std::string& group) {
    const std::string term = schema::id_term(group);
    const Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return;
    const Xapian::docid did = *p;
    Xapian::Document doc = db.get_document(did);
    if (!doc.get_value(schema::kSlotDuplicateGroup).empty()) return;
    set_group(doc, group);
    db.replace_document(did, doc);
}

double similarity(const Signature& a, const Signature& b) {
    std::size_t same = 0;
    for (std::size_t k = 0; k < kHashes; ++k) same += a[k] == b[k];
    return static_cast<double>(same) / kHashes;
}

std::string encode(const Signature& sig) {
    std::string out;
    out.reserve(kHashes * 4);
    for (const std::uint32_t v : sig)
        for (int byte = 0; byte < 4; ++byte) out.push_back(static_cast<char>((v >> (8 * byte)) & 0xff));
    return out;
}

std::optional<Signature> decode(std::string_view data) {
    if (data.size() != kHashes * 4) return std::nullopt;
    Signature sig;
    for (std::size_t k = 0; k < kHashes; ++k) {
        std::uint32_t v = 0;
        for (int byte = 0; byte < 4; ++byte)
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[k * 4 + static_cast<std::size_t>(byte)]))
                 << (8 * byte);
        sig[k] = v;
    }
    return sig;
}

void BandIndex::add(std::vector<std::uint64_t> entries) {
    if (entries.empty()) return;
    std::sort(entries.begin(), entries.end());
    runs_.push_back(std::move(entries));
    // Merge while the run before is not at least twice as long: O(log n) runs.
    while (runs_.size() >= 2 && runs_[runs_.size() - 2].size() < 2 * runs_.back().size()) {
        auto& into = runs_[runs_.size() - 2];
        const auto middle = static_cast<std::ptrdiff_t>(into.size());
        into.insert(into.end(), runs_.back().begin(), runs_.back().end());
        std::inplace_merge(into.begin(), into.begin() + middle, into.end());
        runs_.pop_back();
    }
}

void BandIndex::forget_below(Xapian::docid docid) {
    for (auto& run : runs_)
        std::erase_if(run, [&](std::uint64_t e) { return static_cast<Xapian::docid>(e) < docid; });
    std::erase_if(runs_, [](const auto& run) { return run.empty(); });
}

std::size_t BandIndex::size() const {
    std::size_t n = 0;
    for (const auto& run : runs_) n += run.size();
    return n;
}

DuplicateFinder::DuplicateFinder(std::string archive) : path_(std::move(archive)) { open(); }

void DuplicateFinder::open() {
    db_.reset();
    // A new archive may not be readable yet (no commit); then nothing is in it.
    try {
        db_.emplace(path_);
    } catch (const Xapian::Error&) {
    }
}

void DuplicateFinder::refresh() {
    if (!db_) {
        open();
    } else {
        try {
            db_->reopen();
        } catch (const Xapian::Error&) {
            open();
        }
    }
    if (loaded_ && !db_) {
        loaded_ = false;  // not readable: read it all at the next assign()
        archived_.clear();
    } else if (loaded_) {
        // What was remembered is in the archive now: index it by document id.
        try {
            std::vector<std::uint64_t> entries;
            entries.reserve(seen_.size() * kBands);
            for (const auto& s : seen_) {
                const std::string term = schema::id_term(s.id);
                const auto p = db_->postlist_begin(term);
                if (p == db_->postlist_end(term)) continue;  // removed since
                for (const std::uint32_t key : s.keys) entries.push_back(BandIndex::entry(key, *p));
            }
            archived_.add(std::move(entries));
            // Some slack, so that forgetting runs once in many commits.
            const Xapian::docid last = db_->get_lastdocid();
            if (last > kRememberedArticles && archived_.size() > kRememberedArticles / 4 * 5 * kBands)
                archived_.forget_below(last - kRememberedArticles);
        } catch (const Xapian::Error&) {
            loaded_ = false;  // read it all again at the next assign()
            archived_.clear();
        }
    }
    seen_.clear();
    buckets_.clear();
    joined_.clear();
}

void DuplicateFinder::load() {
    loaded_ = true;
    archived_.clear();
    if (!db_) return;
    try {
        const Xapian::docid last = db_->get_lastdocid();
        std::vector<std::uint64_t> entries;
        auto v = db_->valuestream_begin(schema::kSlotDuplicateSignature);
        if (last > kRememberedArticles) v.skip_to(last - kRememberedArticles);
        for (; v != db_->valuestream_end(schema::kSlotDuplicateSignature); ++v)
            if (const auto sig = decode(*v))
                for (const std::uint32_t key : band_keys(*sig)) entries.push_back(BandIndex::entry(key, v.get_docid()));
        archived_.add(std::move(entries));
    } catch (const Xapian::Error&) {
        archived_.clear();  // the earlier runs cannot be read: their articles are not candidates
    }
}

namespace {

// The id of an article's document (its Q term); empty when it has none.
std::string id_of(const Xapian::Document& doc) {
    auto t = doc.termlist_begin();
    t.skip_to("Q");
    return t != doc.termlist_end() && (*t).starts_with('Q') ? (*t).substr(1) : std::string();
}

}  // namespace

Assignment DuplicateFinder::assign(const std::string& id, const std::optional<Signature>& sig) {
    // A band shared by thousands of articles (boilerplate) says little: look at
    // the first few of each.
    constexpr std::size_t kPerBand = 32;
    if (sig && !loaded_) load();
    const BandKeys keys = sig ? band_keys(*sig) : BandKeys{};
    const std::size_t bands = sig ? kBands : 0;
    double best = 0;
    std::string group;
    // group_of is asked only for a match: reading an article's id costs.
    auto consider = [&](const Signature& other, const auto& group_of) {
        const double s = similarity(*sig, other);
        if (s < kThreshold) return;
        std::string g = group_of();
        if (g.empty()) return;
        if (s > best || (s == best && g < group)) {
            best = s;
            group = std::move(g);
        }
    };
    std::set<std::uint32_t> seen_checked;
    for (std::size_t b = 0; b < bands; ++b) {
        const auto it = buckets_.find(keys[b]);
        if (it == buckets_.end()) continue;
        std::size_t n = 0;
        for (const std::uint32_t k : it->second) {
            if (++n > kPerBand) break;
            if (seen_[k].id != id && seen_checked.insert(k).second)
                consider(seen_[k].sig, [&] { return seen_[k].group; });
        }
    }
    bool joined_before = joined_.count(id) > 0;
    if (db_) {
        try {
            const std::string self = schema::id_term(id);
            Xapian::docid self_doc = 0;
            if (auto p = db_->postlist_begin(self); p != db_->postlist_end(self)) self_doc = *p;
            std::set<Xapian::docid> checked;
            for (std::size_t b = 0; b < bands; ++b)
                archived_.each(keys[b], kPerBand, [&](Xapian::docid did) {
                    if (did == self_doc || !checked.insert(did).second) return;
                    Xapian::Document doc;
                    try {
                        doc = db_->get_document(did);
                    } catch (const Xapian::DocNotFoundError&) {
                        return;  // removed since the band index was made
                    }
                    if (auto other = decode(doc.get_value(schema::kSlotDuplicateSignature)))
                        consider(*other, [&] {
                            // An article alone stores no group: its group is its id.
                            std::string g = doc.get_value(schema::kSlotDuplicateGroup);
                            return g.empty() ? id_of(doc) : g;
                        });
                });
            // Written again: articles that joined its group before still name it.
            if (group.empty() && self_doc && !joined_before) {
                const std::string members = std::string(schema::kDuplicateGroupPrefix) + id;
                for (auto p = db_->postlist_begin(members); p != db_->postlist_end(members); ++p)
                    if (*p != self_doc) {
                        joined_before = true;
                        break;
                    }
            }
        } catch (const Xapian::Error&) {
            // The earlier runs cannot be read: this article starts its own group.
        }
    }
    Assignment out;
    out.shared = !group.empty() || joined_before;
    out.group = group.empty() ? id : group;
    if (out.shared) joined_.insert(out.group);
    if (sig) {
        const auto k = static_cast<std::uint32_t>(seen_.size());
        seen_.push_back({id, out.group, *sig, keys});
        for (const std::uint32_t key : keys) buckets_[key].push_back(k);
    }
    return out;
}

}  // namespace annals::detail::duplicates
