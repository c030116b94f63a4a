// annals/search.hpp: faceted full-text search over an archive (docs/formats.md, annals-query).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "annals/article.hpp"
#include "annals/export.hpp"

namespace annals {

/// Result order. Distance: nearest first from the centre of the query's first
/// near: (a query without one is a QueryError), then by relevance.
enum class SortOrder { Relevance, Newest, Oldest, Distance };

/// Parses "relevance", "newest", "oldest", "distance". Throws UsageError otherwise.
ANNALS_EXPORT SortOrder sort_order_from_string(std::string_view name);

/// What to search for. The query language is documented in docs/query-language.md.
struct SearchRequest {
    std::string query;        ///< empty matches every article
    std::size_t offset = 0;   ///< hits to skip
    std::size_t limit = 10;   ///< hits to return
    SortOrder sort = SortOrder::Relevance;
    /// Facets to count over the whole result set: person, place, country,
    /// about_country, organization, author, category, publication, year, month, mentioned_year.
    std::vector<std::string> facets;
    /// Most values listed per entity/category facet (0 = all). Date facets are
    /// timelines and always list every bucket.
    std::size_t facet_limit = 20;
    /// More like this: the id of an article. When set, only articles like it
    /// match, the most similar first (shared people, places and organisations
    /// weigh more than shared words), the article itself excluded; the query,
    /// if any, narrows them further. The same as "like:ID" in the query. An
    /// unknown id is a QueryError at position 0. Empty (the default): unused.
    std::string like;
    /// Related entities: entity facets (person, place, organization) whose
    /// values are listed by how significantly more often the matching articles
    /// name them than the whole archive does (SearchResults::related).
    std::vector<std::string> related;
    /// Most entities listed per related type (0 = all). Default 10.
    std::size_t related_limit = 10;
    /// Fold each duplicate group (the same story republished, lightly edited or
    /// crawled twice, found when it was indexed) into its best-ranked matching
    /// article; Hit::duplicates lists the others. Off by default.
    bool collapse = false;
    /// Facets count each duplicate group once, as its first matching article,
    /// with or without collapse. Off by default: every article counts.
    bool facets_count_groups = false;
};

/// One matching article.
struct Hit {
    std::size_t rank = 0;  ///< 1-based position in the whole result list
    double score = 0;      ///< relevance in [0, 1] (Xapian's percentage / 100)
    std::string snippet;   ///< body excerpt, query words in <b>...</b>, HTML-escaped
    /// The stored article, entities included. A person given by surname only
    /// ("Biden") that names the archive's one full name with that surname is
    /// shown as that name ("Joe Biden") in `people` and in the canonical form of
    /// its mentions, as the person facet counts it (docs/query-language.md).
    Article article;
    /// With SearchRequest::collapse: ids of the other matching articles of this
    /// hit's duplicate group, best-ranked first (at most 100); empty otherwise.
    std::vector<std::string> duplicates;
    /// With a near: in the query: kilometres from the centre of its first near:
    /// to the nearest city or town the article mentions.
    std::optional<double> distance_km;
};

/// One facet bucket.
struct FacetValue {
    std::string value;
    std::size_t count = 0;
    bool operator==(const FacetValue&) const = default;
};

/// An entity associated with a result set (SearchRequest::related).
struct RelatedEntity {
    std::string value;              ///< the name as its facet shows it
    std::size_t count = 0;          ///< matching articles that name it
    std::size_t archive_count = 0;  ///< articles of the whole archive that name it
    /// Significance: Dunning's log-likelihood ratio (G²) of naming it in the
    /// results against the rest of the archive, 0 when not named more often
    /// there than elsewhere. Comparable within one result set only.
    double score = 0;
    bool operator==(const RelatedEntity&) const = default;
};

/// The answer to a SearchRequest.
struct SearchResults {
    std::string query;
    std::string like;       ///< SearchRequest::like, as asked (empty when unused)
    std::size_t total = 0;  ///< exact number of matching articles (of groups, with collapse)
    /// Exact number of matching articles, duplicates included (equals total
    /// without collapse).
    std::size_t articles = 0;
    std::size_t offset = 0;
    std::size_t limit = 0;
    std::vector<Hit> hits;
    /// Facets in the order requested, each a list of buckets (see SearchRequest::facets).
    std::vector<std::pair<std::string, std::vector<FacetValue>>> facets;
    /// A corrected query when the query looks misspelled.
    std::optional<std::string> suggestion;
    /// Related entities in the order requested (SearchRequest::related): per
    /// type, the entities with the highest score first (ties: more matching
    /// articles first, then by name), only those the results name more often
    /// than the archive at large (all of them, scored 0, when every article
    /// matches).
    std::vector<std::pair<std::string, std::vector<RelatedEntity>>> related;
};

/// The longest query accepted, in bytes: a longer one is a QueryError ("query is
/// longer than the limit of 8192 bytes") before any parsing or searching, so
/// that no query can take unbounded time or memory. Parentheses may nest at most
/// kMaxQueryNesting deep, and each wildcard (word*) expands to at most the
/// kMaxWildcardTerms most frequent words it matches.
inline constexpr std::size_t kMaxQueryBytes = 8192;
/// The deepest nesting of parentheses in a query (see kMaxQueryBytes).
inline constexpr int kMaxQueryNesting = 64;
/// The most words one wildcard expands to (see kMaxQueryBytes).
inline constexpr unsigned kMaxWildcardTerms = 100;

/// Read-only access to an archive for searching. Cheap to keep open; reopen() sees
/// later commits. One Searcher must not be used from two threads at once; open
/// one per thread.
///
///     annals::Searcher searcher("news.db");
///     annals::SearchRequest request;
///     request.query = "person:rubio date:2025 ukraine";
///     request.facets = {"place", "year"};
///     annals::SearchResults results = searcher.search(request);
class ANNALS_EXPORT Searcher {
  public:
    /// Opens the archive at @p path. Throws ArchiveError when it is missing, not an
    /// annals archive, or of another schema version.
    explicit Searcher(const std::string& path);
    /// Opens several archives and searches them as one, with exact totals and
    /// facet counts over all of them. Each is a folder, or "tcp://HOST:PORT"
    /// for an archive served by Xapian's xapian-tcpsrv on another machine (see
    /// docs/scaling.md). Throws ArchiveError naming the archive that cannot be
    /// opened, UsageError for an empty list or a malformed tcp:// address.
    explicit Searcher(const std::vector<std::string>& archives);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    /// Runs @p request. Throws QueryError (with the position) for a query that cannot be
    /// parsed, names an unknown article in like: or is past the limits above,
    /// UsageError for an unknown facet or related type, ArchiveError on storage
    /// failure. When a writer commits while the search reads, the Searcher
    /// reopens the archive and runs the search again (a few times at most), so
    /// the results are always those of one commit.
    SearchResults search(const SearchRequest& request) const;

    /// The parsed form of @p query, for debugging (annals-query --explain).
    /// Throws QueryError like search().
    std::string explain(const std::string& query) const;

    /// Number of articles in the archive.
    std::size_t size() const;

    /// Sees the latest committed state of the archive.
    void reopen();

    /// Threads that count the matches of one search, on an archive of one
    /// local database (not shards, not tcp://): 0 (the default) one per core on
    /// archives of 50,000 articles or more, 1 only the calling thread, N > 1
    /// that many whatever the size. Helper threads count part of the matches
    /// while the calling thread ranks the hits; a server running many searches
    /// at once may prefer 1. Until reopen(), a Searcher whose archive was
    /// committed to since it opened counts on the calling thread alone (helpers
    /// read the latest commit). Results are the same either way.
    void set_threads(std::size_t threads);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// One JSON object on one line, the annals-query --json shape (docs/formats.md).
ANNALS_EXPORT std::string to_json(const SearchResults& results);

}  // namespace annals
