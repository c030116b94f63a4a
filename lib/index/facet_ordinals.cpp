#include "index/facet_ordinals.hpp"

#include <cstdio>

#include "annals/error.hpp"
#include "index/schema.hpp"

namespace annals::detail::ordinals {

namespace {

// Values per dictionary chunk: a reader fetches a chunk per metadata read; the
// writer rewrites the last chunk whenever it hands out an ordinal.
constexpr std::uint32_t kChunk = 64;
// Xapian keys are at most about 245 bytes; longer values are keyed by a hash.
constexpr std::size_t kMaxKeyValue = 160;

const std::string kCurrentKey = "annals:facet-dictionary";
const std::string kListPrefix = "annals:facet-dictionary:";

std::string hex(std::uint64_t n, int digits) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(n));
    return buf;
}

// FNV-1a: stable across platforms and runs, unlike std::hash.
std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

std::string facet_key(std::uint32_t id, std::size_t facet_index) {
    return "annals:facet:" + hex(id, 8) + ":" + std::string(schema::facets().at(facet_index).name) + ":";
}
std::string next_key(std::uint32_t id, std::size_t facet_index) { return facet_key(id, facet_index) + "next"; }
std::string chunk_key(std::uint32_t id, std::size_t facet_index, std::uint32_t chunk) {
    return facet_key(id, facet_index) + "values:" + std::to_string(chunk);
}
std::string ordinal_key(std::uint32_t id, std::size_t facet_index, const std::string& value) {
    std::string key = facet_key(id, facet_index) + "ordinal:";
    if (value.size() <= kMaxKeyValue) return key + value;
    return key + value.substr(0, kMaxKeyValue - 17) + "#" + hex(fnv1a(value), 16);
}

std::uint32_t parse_ordinal(const std::string& s) { return static_cast<std::uint32_t>(std::stoul(s)); }

}  // namespace

bool surname_only(std::string_view value) {
    bool first_of_word = true, lower_before = true, last_lower = false;
    std::size_t words = 0;
    for (Xapian::Utf8Iterator it(value.data(), value.size()); it != Xapian::Utf8Iterator(); ++it) {
        const unsigned ch = *it;
        if (Xapian::Unicode::is_whitespace(ch)) {
            first_of_word = true;
            continue;
        }
        if (first_of_word) {
            if (words > 0 && !last_lower) lower_before = false;
            ++words;
            last_lower = Xapian::Unicode::get_category(ch) == Xapian::Unicode::LOWERCASE_LETTER;
            first_of_word = false;
        }
    }
    return words == 1 || (words > 1 && lower_before);
}

std::vector<std::uint32_t> dictionaries(const Xapian::Database& db) {
    std::vector<std::uint32_t> out;
    for (auto k = db.metadata_keys_begin(kListPrefix); k != db.metadata_keys_end(kListPrefix); ++k)
        out.push_back(static_cast<std::uint32_t>(std::stoul((*k).substr(kListPrefix.size()), nullptr, 16)));
    return out;
}

std::uint32_t OrdinalWriter::dictionary(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    if (have_id_) return id_;
    const std::string current = db.get_metadata(kCurrentKey);
    if (!current.empty()) {
        id_ = static_cast<std::uint32_t>(std::stoul(current, nullptr, 16));
    } else {
        // Named after the first article it serves: the same input gives the same
        // archive, and shards built apart (other articles) get other ids.
        std::string first;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            if (!(*t).empty() && (*t)[0] == 'Q') {
                first = *t;
                break;
            }
        id_ = static_cast<std::uint32_t>(fnv1a(first));
        db.set_metadata(kCurrentKey, hex(id_, 8));
        db.set_metadata(kListPrefix + hex(id_, 8), "1");
    }
    have_id_ = true;
    return id_;
}

std::uint32_t OrdinalWriter::ordinal(std::size_t facet_index, const std::string& value,
                                     Xapian::WritableDatabase& db) {
    Facet& f = facets_[facet_index];
    if (!f.loaded) {
        const std::string next = db.get_metadata(next_key(id_, facet_index));
        f.next = next.empty() ? 0 : parse_ordinal(next);
        if (f.next % kChunk)
            f.tail = schema::decode_list(db.get_metadata(chunk_key(id_, facet_index, f.next / kChunk)));
        f.loaded = true;
    }
    if (auto it = f.known.find(value); it != f.known.end()) return it->second;
    const std::string key = ordinal_key(id_, facet_index, value);
    const std::string stored = db.get_metadata(key);
    std::uint32_t ord;
    if (!stored.empty()) {
        ord = parse_ordinal(stored);
    } else {
        ord = f.next++;
        if (ord % kChunk == 0) f.tail.clear();
        f.tail.push_back(value);
        db.set_metadata(key, std::to_string(ord));
        db.set_metadata(chunk_key(id_, facet_index, ord / kChunk), schema::encode_list(f.tail));
        db.set_metadata(next_key(id_, facet_index), std::to_string(f.next));
    }
    f.known.emplace(value, ord);
    return ord;
}

void OrdinalWriter::encode(Xapian::Document& doc, Xapian::WritableDatabase& db) {
    const auto& facets = schema::facets();
    if (facets_.size() != facets.size()) facets_.resize(facets.size());
    std::string packed;
    schema::append_varint(packed, dictionary(db, doc));
    const std::size_t header = packed.size();
    for (std::size_t i = 0; i < facets.size(); ++i) {
        const std::string data = doc.get_value(facets[i].slot);
        if (data.empty()) continue;
        const auto values = schema::decode_list(data);
        schema::append_varint(packed, static_cast<std::uint32_t>(i));
        schema::append_varint(packed, static_cast<std::uint32_t>(values.size()));
        const bool people = facets[i].slot == schema::kSlotFacetPerson;
        for (const auto& v : values)
            schema::append_varint(packed, ordinal(i, v, db) << 1 | (people && surname_only(v) ? 1u : 0u));
    }
    if (packed.size() > header) doc.add_value(schema::kSlotFacetOrdinals, packed);
}

std::uint32_t OrdinalReader::size(std::size_t facet_index) const {
    const std::string next = db_.get_metadata(next_key(id_, facet_index));
    return next.empty() ? 0 : parse_ordinal(next);
}

const std::string& OrdinalReader::value(std::size_t facet_index, std::uint32_t ordinal) const {
    if (chunks_.size() <= facet_index) chunks_.resize(schema::facets().size());
    auto& chunks = chunks_.at(facet_index);
    const std::uint32_t c = ordinal / kChunk;
    if (chunks.size() <= c) chunks.resize(c + 1);
    auto& values = chunks[c];
    // A partial last chunk may have grown since it was read (a newer revision).
    if (values.size() <= ordinal % kChunk) values = schema::decode_list(db_.get_metadata(chunk_key(id_, facet_index, c)));
    if (values.size() <= ordinal % kChunk)
        throw ArchiveError("facet " + std::string(schema::facets().at(facet_index).name) + " has no value for ordinal " +
                           std::to_string(ordinal) + ": the archive's facet dictionary is damaged; re-index it");
    return values[ordinal % kChunk];
}

}  // namespace annals::detail::ordinals
