// annals::Searcher: parses the query (query_parser), runs it with exact totals
// and facet counts (facets), and builds hits with snippets (snippets).
#include "annals/search.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>

#include <xapian.h>

#include "annals/error.hpp"
#include "index/geo.hpp"
#include "index/schema.hpp"
#include "search/collapse.hpp"
#include "search/facets.hpp"
#include "search/match_cache.hpp"
#include "search/match_walk.hpp"
#include "search/near.hpp"
#include "search/parallel_count.hpp"
#include "search/person_merge.hpp"
#include "search/query_parser.hpp"
#include "search/related.hpp"
#include "search/similar.hpp"
#include "search/snippets.hpp"

namespace annals {

namespace schema = detail::schema;

namespace {

// The people of a hit as the person facet shows them: surnames that merge into a
// full name across the archive become that name (curated people and the
// canonical form of person mentions). Only a surname-only name can become
// another name; asking about the others would cost archive lookups per person.
void merge_people(Article& a, const detail::PersonMerge& merge) {
    auto merged = [&merge](const std::string& name) {
        return detail::ordinals::surname_only(name) ? merge.merged(name) : nullptr;
    };
    for (auto& name : a.people)
        if (const std::string* full = merged(name)) name = *full;
    for (auto& e : a.entities)
        if (e.type == EntityType::Person && !e.canonical.empty())
            if (const std::string* full = merged(e.canonical)) e.canonical = *full;
}

}  // namespace

SortOrder sort_order_from_string(std::string_view name) {
    if (name == "relevance") return SortOrder::Relevance;
    if (name == "newest") return SortOrder::Newest;
    if (name == "oldest") return SortOrder::Oldest;
    if (name == "distance") return SortOrder::Distance;
    throw UsageError("unknown sort order '" + std::string(name) + "' (use relevance, newest, oldest or distance)");
}

struct Searcher::Impl {
    std::string path;
    Xapian::Database db;                 // every database below, searched as one
    std::vector<Xapian::Database> parts;  // each database (shard or archive) on its own
    bool remote = false;                  // some part is served by xapian-tcpsrv
    // Built on first use and kept until the database is reopened.
    mutable std::unique_ptr<detail::PersonMerge> merge;
    mutable std::unique_ptr<detail::FacetTable> facet_table;
    mutable std::unique_ptr<detail::GroupColumn> group_column;
    // Matches whose facet values were decoded one by one since the last reopen
    // (no ordinal column yet); see facet_spy().
    mutable std::size_t decoded = 0;
    // Whole-archive counts of entity facets, by facet position (related entities).
    mutable std::map<std::size_t, std::map<std::string, std::size_t>> archive_counts;
    // Matches of recent phrase and NEAR queries (search/match_cache.hpp).
    mutable detail::MatchCache positional_matches;
    // Handles of the threads that help count one search (single local databases).
    mutable detail::CountingHelpers helpers{""};
    // The points of every article, read at the second near: search of a
    // Searcher on one local database, so that a one-shot search never pays
    // for reading them all (search/near.hpp).
    mutable std::unique_ptr<detail::GeoColumn> geo_column;
    mutable std::size_t near_searches = 0;

    const detail::PersonMerge& people() const {
        if (!merge) merge = std::make_unique<detail::PersonMerge>(db);
        return *merge;
    }
    detail::FacetTable& table() const {
        if (!facet_table) facet_table = std::make_unique<detail::FacetTable>(parts);
        return *facet_table;
    }
    const detail::GroupColumn& groups() const {
        if (!group_column) group_column = std::make_unique<detail::GroupColumn>(db);
        return *group_column;
    }
    // What was learnt from the database no longer holds after reopen().
    void forget() {
        merge.reset();
        facet_table.reset();
        group_column.reset();
        decoded = 0;
        archive_counts.clear();
        positional_matches.clear();
        helpers.reopened();
        geo_column.reset();
    }
    detail::PersonQuery person_query() const {
        return [this](const std::string& prefix, const std::string& folded) { return people().query(prefix, folded); };
    }

    detail::LikeQuery like_query() const {
        return [this](const std::string& id, std::size_t position) { return detail::like_query(db, id, position); };
    }
    // The synonym table the indexer fills with the gazetteer's names of the
    // places and organisations articles name (schema::alias_synonyms).
    detail::AliasQuery alias_query() const {
        return [this](const std::string& key) {
            std::vector<std::string> out;
            for (auto t = db.synonyms_begin(key); t != db.synonyms_end(key); ++t) out.push_back(*t);
            return out;
        };
    }
    detail::NearQuery near_query() const {
        return [this](const detail::NearPoint& p) {
            if (parts.size() != 1 || remote || ++near_searches < 2) return detail::near_query(p);
            if (!geo_column) geo_column = std::make_unique<detail::GeoColumn>(db);
            return detail::near_query(p, *geo_column);
        };
    }
    detail::ParsedQuery parse(const std::string& query) const {
        return detail::parse_query(query, detail::today_utc(), person_query(), like_query(), alias_query(),
                                   near_query());
    }

    std::unique_ptr<detail::FacetSpy> facet_spy(const std::vector<std::size_t>& positions) const;
    /// Hits of a search and the number of its matches (see counted()).
    struct Counted {
        Xapian::MSet hits;
        std::size_t matches = 0;
    };
    Counted counted(Xapian::Enquire& enquire, detail::FacetSpy& spy, bool counting,
                    const std::vector<Xapian::MatchSpy*>& spies, bool split, std::size_t first,
                    std::size_t max) const;
    static Xapian::MSet ranked_within(Xapian::Enquire& enquire, detail::MatchCache::Docids matches,
                                      std::size_t first, std::size_t max);
    Counted counted_on_cores(Xapian::Enquire& enquire, detail::FacetSpy* facets,
                             const std::vector<detail::GroupSpy*>& group_spies, bool keeps, std::size_t first,
                             std::size_t max, std::vector<Xapian::Database>& helper_dbs) const;
    const std::map<std::string, std::size_t>& archive_count(std::size_t position) const;
    template <typename Read>
    auto retrying(Read read) -> decltype(read());
    SearchResults run(const SearchRequest& request, const detail::ParsedQuery& parsed) const;
    std::vector<std::string> duplicates_of(const Xapian::Query& query, const std::string& group,
                                           Xapian::docid hit) const;
    std::optional<std::string> suggest(const std::string& query, const detail::ParsedQuery& parsed,
                                       std::size_t total) const;
};

namespace {

constexpr std::string_view kRemoteScheme = "tcp://";

// One database, checked for its schema version: a folder or tcp://HOST:PORT.
Xapian::Database open_database(const std::string& spec) {
    Xapian::Database db;
    if (spec.starts_with(kRemoteScheme)) {
        const std::string address = spec.substr(kRemoteScheme.size());
        const auto colon = address.rfind(':');
        unsigned port = 0;
        const bool numeric = colon != std::string::npos && colon + 1 < address.size() &&
                             address.find_first_not_of("0123456789", colon + 1) == std::string::npos &&
                             address.size() - colon <= 6;
        if (numeric) port = static_cast<unsigned>(std::stoul(address.substr(colon + 1)));
        if (!numeric || colon == 0 || port == 0 || port > 65535)
            throw UsageError("bad archive address '" + spec + "' (expected tcp://HOST:PORT)");
        try {
            // Timeouts in milliseconds: a dead server is an error, not a hang.
            db = Xapian::Remote::open(address.substr(0, colon), port, 30000, 10000);
        } catch (const Xapian::NetworkError& e) {
            throw ArchiveError("cannot reach archive " + spec + ": " + e.get_msg());
        } catch (const Xapian::Error& e) {
            schema::throw_archive_error(spec, "open it", e);
        }
    } else {
        if (!std::filesystem::exists(spec)) throw ArchiveError("no annals archive at " + spec);
        try {
            db = Xapian::Database(spec);
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw ArchiveError("no annals archive at " + spec + " (" + e.get_msg() + ")");
        } catch (const Xapian::Error& e) {
            schema::throw_archive_error(spec, "open it", e);
        }
    }
    try {
        // Between the creation of an archive and its writer's first commit (which
        // stamps the version) a reader finds an empty database: an empty archive
        // (regression: annals-query then said "not an annals archive").
        if (!schema::is_fresh(db)) schema::check_version(db, spec);
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(spec, "read its schema version", e);
    }
    return db;
}

}  // namespace

Searcher::Searcher(const std::string& path) : Searcher(std::vector<std::string>{path}) {}

Searcher::Searcher(const std::vector<std::string>& archives) : impl_(std::make_unique<Impl>()) {
    if (archives.empty()) throw UsageError("Searcher: no archive given");
    for (const auto& spec : archives) {
        // Each shard on its own: every database has its own facet dictionary,
        // and the metadata of a combined database is only its first one's.
        std::vector<std::string> parts;
        if (!spec.starts_with(kRemoteScheme)) parts = schema::shard_paths(spec);
        if (parts.empty()) parts.push_back(spec);
        for (const auto& part : parts) {
            impl_->parts.push_back(open_database(part));
            impl_->db.add_database(impl_->parts.back());
        }
        impl_->remote = impl_->remote || spec.starts_with(kRemoteScheme);
        impl_->path += (impl_->path.empty() ? "" : ", ") + spec;
        if (archives.size() == 1 && parts.size() == 1 && !impl_->remote) impl_->helpers = detail::CountingHelpers(parts[0]);
    }
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

// A spy for the facets at @p positions. Counting from the ordinal column is
// much cheaper per match than decoding each match's values, and loading it
// costs about as much as decoding every article once: it is loaded once the
// matches decoded add up to the archive, so a long-lived Searcher pays at most
// about twice what it would have paid without it. Loading waits for the next
// search that counts, so that a one-shot search (annals-query) never pays for it.
std::unique_ptr<detail::FacetSpy> Searcher::Impl::facet_spy(const std::vector<std::size_t>& positions) const {
    const bool counting = !positions.empty();
    if (counting && parts.size() == 1 && !remote && !table().column() && decoded && decoded >= db.get_doccount())
        table().load_column(db);
    return std::make_unique<detail::FacetSpy>(
        positions, counting ? table().ids() : std::vector<std::uint32_t>{},
        counting ? table().sizes(positions) : std::vector<std::vector<std::uint32_t>>{},
        /*people_merge=*/true, counting ? table().column() : nullptr);
}

// Hits [first, first + max) of the Enquire's query and the exact number of its
// matches; with @p counting, @p spy has counted its facets over every match,
// and each of @p spies has seen every match. With @p split, the matches are
// counted in a pass of their own without weights (BoolWeight), and the hits
// come from a weighted pass that may stop early: at 200,000 articles a word in
// most of them took 24 ms in one pass, 4 + 8 ms in two (docs/scaling.md). Not
// for sorted or collapsing searches (their hit pass reads every match anyway)
// nor for queries that check distances (near:): both passes would, and two cost
// more than one. On one local database, when the spies can count from docids
// alone (facets from the ordinal column, groups from the group column), a
// counting pass of a query made of terms and boolean operators walks the
// postings itself (search/match_walk.hpp). One that checks positions (phrases,
// NEAR) is counted in its hits pass the first time, as one pass costs less than
// two, and keeps its matches; asked again, it counts them (search/match_cache.hpp).
// On a large archive with several cores, matches are counted on all of them
// (search/parallel_count.hpp) while this thread ranks the hits.
Searcher::Impl::Counted Searcher::Impl::counted(Xapian::Enquire& enquire, detail::FacetSpy& spy, bool counting,
                                                const std::vector<Xapian::MatchSpy*>& spies, bool split,
                                                std::size_t first, std::size_t max) const {
    const Xapian::Query query = enquire.get_query();  // a copy: ranked_within() sets another
    const bool local = split && parts.size() == 1 && !remote;  // one database of this process
    const bool keeps = local && detail::positional(query);
    if (local && (!counting || table().column())) {
        // Our own spies can see matches found without Xapian's matcher.
        std::vector<detail::GroupSpy*> groups;
        for (auto* s : spies)
            if (auto* g = dynamic_cast<detail::GroupSpy*>(s)) groups.push_back(g);
        Counted out;
        auto match = [&](Xapian::docid d) {
            ++out.matches;
            if (counting) spy.match(d);
            for (auto* g : groups) g->match(d);
        };
        auto hits = [&] {
            out.hits = enquire.get_mset(static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(max));
            return out;
        };
        if (groups.size() == spies.size()) {
            if (const auto kept = keeps ? positional_matches.find(query) : nullptr) {
                for (const Xapian::docid d : *kept) match(d);
                if (!detail::matches_every_part(query)) return hits();
                out.hits = ranked_within(enquire, kept, first, max);
                return out;
            }
            if (!spy.counts_groups_once())
                if (auto& helper_dbs = helpers.for_search(db); !helper_dbs.empty())
                    return counted_on_cores(enquire, counting ? &spy : nullptr, groups, keeps, first, max, helper_dbs);
            if (!keeps)
                if (const auto walk = detail::MatchWalk::of(db, query)) {
                    for (Xapian::docid d = walk->next(1); d; d = d == Xapian::docid(-1) ? 0 : walk->next(d + 1))
                        match(d);
                    return hits();
                }
        }
    }
    split = split && !keeps;
    std::optional<Xapian::Enquire> counter;
    if (split) {
        counter.emplace(db);
        counter->set_query(enquire.get_query());
        counter->set_weighting_scheme(Xapian::BoolWeight());
    }
    Xapian::Enquire& counting_enquire = split ? *counter : enquire;
    for (auto* s : spies) counting_enquire.add_matchspy(s);
    // Our spy cannot run on a Xapian server; Xapian's own value counter can, and
    // its count of each distinct ordinal slot is what the spy needs.
    Xapian::ValueCountMatchSpy slot_counts(schema::kSlotFacetOrdinals);
    if (counting) counting_enquire.add_matchspy(remote ? static_cast<Xapian::MatchSpy*>(&slot_counts) : &spy);
    detail::DocidCollector collector;
    if (keeps) counting_enquire.add_matchspy(&collector);

    // check_at_least = every document: the spies see every match and the total is exact.
    const Xapian::doccount all = db.get_doccount();
    Counted out;
    if (split) {
        out.matches = counter->get_mset(0, 0, all).get_matches_estimated();
        out.hits = enquire.get_mset(static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(max));
    } else {
        out.hits = enquire.get_mset(static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(max), all);
        out.matches = out.hits.get_matches_estimated();
    }
    counting_enquire.clear_matchspies();
    if (keeps) positional_matches.keep(query, std::move(collector.docids));
    if (counting && remote)
        for (auto v = slot_counts.values_begin(); v != slot_counts.values_end(); ++v) spy.count(*v, v.get_termfreq());
    if (counting && !table().column()) decoded += spy.seen();
    return out;
}

// Hits [first, first + max) of the Enquire's query, all of whose matches are
// @p matches (ascending), for a query that matches_every_part(): ranking it
// then checks the positions of its matches only, not of every document holding
// its words (at 200,000 articles, a phrase asked again took 6 to 9 ms instead
// of 13). The Enquire keeps the restriction.
Xapian::MSet Searcher::Impl::ranked_within(Xapian::Enquire& enquire, detail::MatchCache::Docids matches,
                                           std::size_t first, std::size_t max) {
    const Xapian::Query query = enquire.get_query();
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, query,
                                    Xapian::Query((new detail::DocidList(std::move(matches)))->release())));
    return enquire.get_mset(static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(max));
}

// counted() on every core: the matches are counted in docid ranges, taken in
// turn by the helper threads and by this one, which first ranks the hits (with
// weights, stopping early). Each thread counts into spies of its own, merged
// at the end; the matches of a positional query are kept, joined in docid
// order, and when it matches_every_part() its hits are ranked last, within them.
Searcher::Impl::Counted Searcher::Impl::counted_on_cores(Xapian::Enquire& enquire, detail::FacetSpy* facets,
                                                         const std::vector<detail::GroupSpy*>& group_spies,
                                                         bool keeps, std::size_t first, std::size_t max,
                                                         std::vector<Xapian::Database>& helper_dbs) const {
    const Xapian::Query query = enquire.get_query();  // a copy: ranked_within() sets another
    const std::string wire = query.serialise();  // a Query's reference counts are not atomic
    const bool rank_last = keeps && detail::matches_every_part(query);
    const Xapian::docid last = db.get_lastdocid();
    const std::size_t workers = helper_dbs.size() + 1;
    const std::size_t ranges = 4 * workers;  // more ranges than threads: one slow range does not hold the rest
    std::atomic<std::size_t> next_range{0};
    std::vector<std::vector<Xapian::docid>> kept(keeps ? ranges : 0);
    auto count = [&](const Xapian::Database& on, detail::FacetSpy* spy, const std::vector<detail::GroupSpy*>& gs,
                     std::size_t& matches) {
        const Xapian::Query q = Xapian::Query::unserialise(wire);
        const auto walk = keeps ? nullptr : detail::MatchWalk::of(on, q);
        for (std::size_t r; (r = next_range++) < ranges;) {
            const auto lo = static_cast<Xapian::docid>(1 + std::uint64_t{last} * r / ranges);
            const auto hi = static_cast<Xapian::docid>(1 + std::uint64_t{last} * (r + 1) / ranges);
            if (walk) {
                for (Xapian::docid d = walk->next(lo); d && d < hi; d = d + 1 < hi ? walk->next(d + 1) : 0) {
                    ++matches;
                    if (spy) spy->match(d);
                    for (auto* g : gs) g->match(d);
                }
                continue;
            }
            Xapian::Enquire e(on);
            e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q,
                                      Xapian::Query((new detail::DocidRange(lo, hi))->release())));
            e.set_weighting_scheme(Xapian::BoolWeight());
            if (spy) e.add_matchspy(spy);
            for (auto* g : gs) e.add_matchspy(g);
            detail::DocidCollector collector;
            if (keeps) e.add_matchspy(&collector);
            matches += e.get_mset(0, 0, on.get_doccount()).get_matches_estimated();
            if (keeps) kept[r] = std::move(collector.docids);
        }
    };
    // What each helper thread counted.
    struct Part {
        std::unique_ptr<detail::FacetSpy> facets;
        std::vector<std::unique_ptr<detail::GroupSpy>> owned;
        std::vector<detail::GroupSpy*> groups;
        std::size_t matches = 0;
        std::exception_ptr error;
    };
    std::vector<Part> helped(helper_dbs.size());
    for (auto& part : helped) {
        if (facets) part.facets = facets->fresh();
        for (std::size_t g = 0; g < group_spies.size(); ++g)
            part.groups.push_back(part.owned.emplace_back(std::make_unique<detail::GroupSpy>(groups())).get());
    }
    Counted out;
    {
        std::vector<std::jthread> threads;  // joined when leaving this block, an exception included
        for (std::size_t h = 0; h < helped.size(); ++h)
            threads.emplace_back([&, h] {
                try {
                    count(helper_dbs[h], helped[h].facets.get(), helped[h].groups, helped[h].matches);
                } catch (...) {
                    helped[h].error = std::current_exception();
                }
            });
        if (!rank_last)
            out.hits = enquire.get_mset(static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(max));
        count(db, facets, group_spies, out.matches);
    }
    for (const auto& part : helped) {
        if (part.error) std::rethrow_exception(part.error);
        out.matches += part.matches;
        if (facets) facets->merge(*part.facets);
        for (std::size_t g = 0; g < group_spies.size(); ++g) group_spies[g]->merge(*part.groups[g]);
    }
    if (keeps) {
        std::vector<Xapian::docid> all;
        for (auto& range : kept) all.insert(all.end(), range.begin(), range.end());
        auto matches = positional_matches.keep(query, std::move(all));
        if (rank_last) out.hits = ranked_within(enquire, std::move(matches), first, max);
    }
    return out;
}

// Value -> articles of the whole archive naming it, for the entity facet at
// @p position: counted once, kept until reopen().
const std::map<std::string, std::size_t>& Searcher::Impl::archive_count(std::size_t position) const {
    auto it = archive_counts.find(position);
    if (it != archive_counts.end()) return it->second;
    const auto spy = facet_spy({position});
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(std::string()));
    counted(enquire, *spy, true, {}, !remote, 0, 0);
    const bool person = schema::facets()[position].slot == schema::kSlotFacetPerson;
    return archive_counts[position] = table().counts(*spy, 0, position, 0, person ? &people() : nullptr);
}

SearchResults Searcher::Impl::run(const SearchRequest& request, const detail::ParsedQuery& parsed) const {
    std::vector<const schema::FacetSpec*> facets;
    std::vector<std::size_t> positions;  // in schema::facets(): the facets, then the related types not among them
    for (const auto& name : request.facets) {
        const auto* f = schema::find_facet(name);
        if (!f) throw UsageError("unknown facet '" + name + "' (known: " + schema::known_facet_names() + ")");
        facets.push_back(f);
        positions.push_back(static_cast<std::size_t>(f - schema::facets().data()));
    }
    std::vector<std::size_t> related;  // indexes in positions
    for (const auto& name : request.related) {
        const auto* f = schema::find_facet(name == "org" ? "organization" : name);
        if (!f || (f->slot != schema::kSlotFacetPerson && f->slot != schema::kSlotFacetPlace &&
                   f->slot != schema::kSlotFacetOrganization))
            throw UsageError("unknown related entity type '" + name + "' (known: person, place, organization)");
        const auto position = static_cast<std::size_t>(f - schema::facets().data());
        const auto at = std::find(positions.begin(), positions.end(), position);
        related.push_back(static_cast<std::size_t>(at - positions.begin()));
        if (at == positions.end()) positions.push_back(position);
    }

    Xapian::Query query = parsed.query;
    if (!request.like.empty()) {
        const Xapian::Query like = detail::like_query(db, request.like, 0);
        query = parsed.everything ? like : Xapian::Query(Xapian::Query::OP_AND, like, query);
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    switch (request.sort) {
        case SortOrder::Relevance: break;
        case SortOrder::Newest: enquire.set_sort_by_value_then_relevance(schema::kSlotPublishedDay, true); break;
        case SortOrder::Oldest: enquire.set_sort_by_value_then_relevance(schema::kSlotPublishedDay, false); break;
        case SortOrder::Distance: {
            if (!parsed.near)
                throw QueryError(0, "sorting by distance needs a near: in the query (e.g. near:kyiv~300km)");
            Xapian::KeyMaker* key = nullptr;
            if (geo_column) {
                key = new detail::NearKey(*geo_column, parsed.near->lat, parsed.near->lon);
            } else {
                const Xapian::LatLongCoords centre(Xapian::LatLongCoord(parsed.near->lat, parsed.near->lon));
                key = new Xapian::LatLongDistanceKeyMaker(schema::kSlotCoords, centre, detail::geo::metric());
            }
            enquire.set_sort_by_key_then_relevance(key->release(), false);
            break;
        }
    }
    // One local database folds groups itself (search/collapse.hpp): docids
    // index its group column. Shards and servers use Xapian's collapse key.
    const bool folding = request.collapse && !remote && parts.size() == 1;
    if (request.collapse && !folding) enquire.set_collapse_key(schema::kSlotDuplicateGroup);
    const bool counting = !positions.empty();
    const auto spy = facet_spy(positions);
    if (request.facets_count_groups) {
        if (remote && counting)
            throw UsageError("facets cannot count duplicate groups once over tcp:// archives");
        spy->count_groups_once(remote || parts.size() > 1 ? nullptr : &groups());
    }
    // Xapian's count of collapsed matches is an estimate (rounded) once some
    // were collapsed; its value counter (which also runs on a server) sees every
    // match and the group of each: matches less grouped ones plus groups is exact.
    Xapian::ValueCountMatchSpy group_counts(schema::kSlotDuplicateGroup);
    std::vector<Xapian::MatchSpy*> spies;
    if (request.collapse && !folding) spies.push_back(&group_counts);
    std::optional<detail::GroupSpy> group_spy;
    if (folding) spies.push_back(&group_spy.emplace(groups()));
    const bool split = !remote && request.sort == SortOrder::Relevance && (folding || !request.collapse) && !parsed.near;
    // Folding reads the ranked matches from the first: a group's first member
    // may rank before the offset. A few more than asked for cover most groups.
    const std::size_t wanted = request.offset + request.limit;
    std::size_t fetch = 2 * wanted + 16;
    const Counted found = folding ? counted(enquire, *spy, counting, spies, split, 0, fetch)
                                  : counted(enquire, *spy, counting, spies, split, request.offset, request.limit);
    Xapian::MSet mset = found.hits;
    std::vector<Xapian::MSetIterator> shown;
    if (folding) {
        shown = detail::fold(mset, groups(), wanted);
        while (shown.size() < wanted && mset.size() == fetch && fetch < group_spy->matches()) {
            fetch *= 4;
            mset = enquire.get_mset(0, static_cast<Xapian::doccount>(fetch));
            shown = detail::fold(mset, groups(), wanted);
        }
        shown.erase(shown.begin(), shown.begin() + static_cast<std::ptrdiff_t>(std::min(request.offset, shown.size())));
    } else {
        for (auto it = mset.begin(); it != mset.end(); ++it) shown.push_back(it);
    }

    SearchResults out;
    out.query = request.query;
    out.like = request.like;
    out.total = found.matches;
    out.articles = out.total;
    if (folding) {
        out.total = group_spy->folded();
        out.articles = group_spy->matches();
    } else if (request.collapse) {
        std::size_t grouped = 0, group_count = 0;
        for (auto v = group_counts.values_begin(); v != group_counts.values_end(); ++v, ++group_count)
            grouped += v.get_termfreq();
        out.articles = group_counts.get_total();
        out.total = out.articles - grouped + group_count;
    }
    out.offset = request.offset;
    out.limit = request.limit;
    const detail::SnippetMaker snippet(db, parsed.highlight);
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const Xapian::MSetIterator& it = shown[i];
        Hit hit;
        hit.rank = folding ? request.offset + i + 1 : it.get_rank() + 1;
        hit.score = it.get_percent() / 100.0;
        hit.article = schema::deserialise_article(it.get_document().get_data());
        merge_people(hit.article, people());
        hit.snippet = snippet(hit.article.body.empty() ? hit.article.title : hit.article.body);
        if (folding) {
            if (const std::uint32_t g = groups().group(*it)) hit.duplicates = duplicates_of(query, groups().names[g - 1], *it);
        } else if (request.collapse && it.get_collapse_count() > 0) {
            hit.duplicates = duplicates_of(query, it.get_collapse_key(), *it);
        }
        if (parsed.near)
            hit.distance_km = detail::geo::nearest_km(it.get_document().get_value(schema::kSlotCoords),
                                                      Xapian::LatLongCoord(parsed.near->lat, parsed.near->lon));
        out.hits.push_back(std::move(hit));
    }
    for (std::size_t k = 0; k < facets.size(); ++k) {
        const auto* f = facets[k];
        const auto counts = table().counts(*spy, k, positions[k], request.facet_limit,
                                            f->slot == schema::kSlotFacetPerson ? &people() : nullptr);
        out.facets.emplace_back(std::string(f->name), detail::facet_buckets(*f, counts, request.facet_limit));
    }
    for (std::size_t r = 0; r < related.size(); ++r) {
        const std::size_t k = related[r], position = positions[k];
        const auto& f = schema::facets()[position];
        const auto counts =
            table().counts(*spy, k, position, 0, f.slot == schema::kSlotFacetPerson ? &people() : nullptr);
        out.related.emplace_back(std::string(f.name),
                                 detail::rank_related(counts, archive_count(position), out.total, db.get_doccount(),
                                                      request.related_limit));
    }
    out.suggestion = suggest(request.query, parsed, out.total);
    return out;
}

// The ids of the articles matching @p query in duplicate group @p group, but
// @p hit, best-ranked first.
std::vector<std::string> Searcher::Impl::duplicates_of(const Xapian::Query& query, const std::string& group,
                                                       Xapian::docid hit) const {
    constexpr Xapian::doccount kMost = 100;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(std::string(schema::kDuplicateGroupPrefix) + group)));
    std::vector<std::string> ids;
    const Xapian::MSet mset = enquire.get_mset(0, kMost + 1);
    for (auto it = mset.begin(); it != mset.end() && ids.size() < kMost; ++it)
        if (*it != hit) {
            const Xapian::Document doc = it.get_document();
            auto t = doc.termlist_begin();
            t.skip_to("Q");
            if (t != doc.termlist_end() && (*t).starts_with('Q')) ids.push_back((*t).substr(1));
        }
    return ids;
}

// A corrected query when there were no hits or a typed word is not in the
// archive, and the spelling data has a correction for at least one word.
std::optional<std::string> Searcher::Impl::suggest(const std::string& query, const detail::ParsedQuery& parsed,
                                                   std::size_t total) const {
    bool unknown = false;
    std::vector<std::pair<const detail::QueryWord*, std::string>> fixes;
    for (const auto& w : parsed.words) {
        const std::string& lower = w.text;
        if (w.alias || db.term_exists(lower)) continue;  // a known name, searched with its aliases
        unknown = true;
        std::string better = db.get_spelling_suggestion(lower);
        if (!better.empty() && better != lower) fixes.emplace_back(&w, better);
    }
    if ((total > 0 && !unknown) || fixes.empty()) return std::nullopt;
    std::string out;
    std::size_t at = 0;
    for (const auto& [w, better] : fixes) {
        out += query.substr(at, w->start - at) + better;
        at = w->end;
    }
    return out + query.substr(at);
}

// Runs @p read, which reads the database. A writer that commits twice while we
// read frees the revision we read (DatabaseModifiedError): catch up with its
// last commit and read again from the start, so that nothing mixes two commits.
// A writer committing faster than we can read gets its error after many tries:
// five were too few for a query that reads for as long as two of a busy
// writer's commits take (one search in 20 failed on a loaded 2-core machine).
template <typename Read>
auto Searcher::Impl::retrying(Read read) -> decltype(read()) {
    constexpr int kTries = 20;
    for (int attempt = 1;; ++attempt) {
        try {
            return read();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == kTries) throw;
            db.reopen();
            forget();
        }
    }
}

SearchResults Searcher::search(const SearchRequest& request) const {
    // QueryError and UsageError pass through; only Xapian's errors are translated.
    try {
        return impl_->retrying([&] { return impl_->run(request, impl_->parse(request.query)); });
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "search", e);
    }
}

std::string Searcher::explain(const std::string& query) const {
    try {
        return impl_->retrying([&] {
            const detail::ParsedQuery parsed = impl_->parse(query);
            return "parsed: " + parsed.readable + "\nxapian: " + parsed.query.get_description();
        });
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "explain", e);
    }
}

std::size_t Searcher::size() const {
    try {
        return impl_->db.get_doccount();
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "count articles", e);
    }
}

void Searcher::set_threads(std::size_t threads) { impl_->helpers.set_threads(threads); }

void Searcher::reopen() {
    try {
        // reopen() itself meets DatabaseModifiedError when a writer commits twice
        // while it reads the new revision (regression: concurrency_test).
        impl_->retrying([&] {
            impl_->db.reopen();
            impl_->forget();
        });
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "reopen it", e);
    }
}

}  // namespace annals
