#include "search/similar.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "annals/error.hpp"
#include "index/schema.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

namespace schema = detail::schema;

// Words and entities taken from the article: enough to find the same story
// told in other words, few enough that the OR stays quick on a big archive.
constexpr std::size_t kLikeWords = 24;
constexpr std::size_t kLikeEntities = 16;
// An entity term scores this many times its idf; a word scores at most about
// twice its idf under BM25 (k1 = 1), so shared names outweigh shared words.
constexpr double kEntityBoost = 3.0;
// Terms in more than this share of the archive (and more than kCommonFloor
// articles) are left out: they say little about the story, and their long
// posting lists would make the query read most of the archive.
constexpr double kCommonShare = 0.1;
constexpr Xapian::doccount kCommonFloor = 50;

// A body or title stem ("Z" + a lower-case stem of three letters or more): not
// a title-only stem (ZS), an id or an entity term.
bool is_word_stem(const std::string& term) {
    if (term.size() < 4 || term[0] != 'Z') return false;
    const auto c = static_cast<unsigned char>(term[1]);
    return !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9');
}

}  // namespace

Xapian::Query like_query(const Xapian::Database& db, const std::string& id, std::size_t position) {
    const std::string id_term = schema::id_term(id);
    const Xapian::PostingIterator p = db.postlist_begin(id_term);
    if (id.empty() || p == db.postlist_end(id_term))
        throw QueryError(position, "like: no article has the id '" + id + "'");
    const Xapian::docid did = *p;
    const Article article = schema::deserialise_article(db.get_document(did).get_data());

    // The article's telling words: its stems by (1 + log wdf) x idf, computed
    // here rather than by Xapian's ESet so that one archive split into shards
    // picks the same words (its ESet weights differ between a database and shards).
    std::vector<Xapian::Query> parts;
    const double n = std::max<double>(db.get_doccount(), 1);
    const auto common = std::max(kCommonFloor, static_cast<Xapian::doccount>(n * kCommonShare));
    std::vector<std::pair<double, std::string>> words;
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
        const std::string term = *t;
        if (!is_word_stem(term)) continue;
        const Xapian::doccount tf = db.get_termfreq(term);
        if (tf < 2 || tf > common) continue;  // only here, or common
        words.emplace_back((1 + std::log(static_cast<double>(t.get_wdf()))) * std::log((n + 1) / tf), term);
    }
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (words.size() > kLikeWords) words.resize(kLikeWords);
    for (const auto& w : words) parts.emplace_back(w.second);

    // Entity names the article shares with at least one other article, rarest
    // first; common ones only when nothing else is shared.
    std::vector<std::pair<double, std::string>> names;
    std::set<std::string> seen;
    const std::pair<EntityType, schema::Source> kinds[] = {{EntityType::Person, schema::Source::Person},
                                                          {EntityType::Place, schema::Source::Place},
                                                          {EntityType::Organization, schema::Source::Organization}};
    for (const auto& [type, source] : kinds)
        for (const auto& name : article.names(type)) {
            const std::string term = std::string(schema::field_for(source).prefix) + fold(name);
            if (!seen.insert(term).second) continue;
            const Xapian::doccount tf = db.get_termfreq(term);
            if (tf < 2) continue;
            names.emplace_back(std::log((n + 1) / tf), term);
        }
    std::sort(names.begin(), names.end(), std::greater<>());
    const double rare = std::log((n + 1) / common);
    const auto first_common = std::find_if(names.begin(), names.end(), [&](const auto& x) { return x.first < rare; });
    if (first_common != names.begin() || !parts.empty()) names.erase(first_common, names.end());
    if (names.size() > kLikeEntities) names.resize(kLikeEntities);
    for (const auto& [idf, term] : names) {
        // Entity terms are boolean (wdf 0), which BM25 gives no weight: the weight
        // comes from a fixed-weight source filtered by the term.
        Xapian::Query weight((new Xapian::FixedWeightPostingSource(kEntityBoost * std::max(idf, 0.1)))->release());
        parts.emplace_back(Xapian::Query::OP_FILTER, weight, Xapian::Query(term));
    }
    if (parts.empty()) return Xapian::Query();  // matches nothing
    return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                         Xapian::Query(id_term));
}

}  // namespace annals::detail
