/* annals/c.h: a C API for annals, in the style of LevelDB's c.h.
 *
 * Everything is an opaque handle created and destroyed by this API. Every call
 * that can fail returns an annals_status_t and takes a `char** errptr` last:
 *
 *   - on success it returns ANNALS_OK and leaves *errptr alone;
 *   - on failure it frees the old *errptr (so one variable can be reused across
 *     calls) and stores a malloc()ed, human-readable message there, which the
 *     caller releases with annals_free(). errptr may be NULL when the message
 *     is not wanted.
 *
 * No C++ exception ever crosses this boundary. Strings are NUL-terminated UTF-8.
 * Handles follow the thread rules of the C++ classes: one archive writer per
 * directory, one thread per archive or searcher handle at a time; an extractor
 * may be shared between threads.
 *
 *     char* err = NULL;
 *     annals_archive_t* db;
 *     if (annals_archive_open("news.db", &db, &err) != ANNALS_OK) { puts(err); annals_free(err); }
 *     annals_archive_add_json(db, "{\"title\": \"Rubio in Kyiv\", \"body\": \"...\"}", NULL, &err);
 *     annals_archive_close(db);
 */
#ifndef ANNALS_C_H
#define ANNALS_C_H

#include <stddef.h>

/* The C API is its own shared library (libannals_c), so it has its own export macro. */
#if defined(ANNALS_C_STATIC)
#define ANNALS_C_EXPORT
#elif defined(_WIN32)
#ifdef ANNALS_C_BUILDING
#define ANNALS_C_EXPORT __declspec(dllexport)
#else
#define ANNALS_C_EXPORT __declspec(dllimport)
#endif
#else
#define ANNALS_C_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** What went wrong; mirrors the C++ exception hierarchy of annals/error.hpp. */
typedef enum annals_status_t {
    ANNALS_OK = 0,
    ANNALS_ERROR = 1,         /**< any other failure (annals::Error, internal errors) */
    ANNALS_USAGE_ERROR = 2,   /**< the caller asked for something invalid (NULL handle, bad sort...) */
    ANNALS_QUERY_ERROR = 3,   /**< the query cannot be parsed; message "query position N: reason" */
    ANNALS_INPUT_ERROR = 4,   /**< the article (JSON) was rejected */
    ANNALS_ARCHIVE_ERROR = 5, /**< the archive cannot be opened or the storage failed */
    ANNALS_NO_MEMORY = 6      /**< out of memory */
} annals_status_t;

typedef struct annals_archive_t annals_archive_t;
typedef struct annals_searcher_t annals_searcher_t;
typedef struct annals_results_t annals_results_t;
typedef struct annals_extractor_t annals_extractor_t;

/** The library version, "MAJOR.MINOR.PATCH". Static storage: do not free. */
ANNALS_C_EXPORT const char* annals_version(void);

/** Frees a string this API malloc()ed (error messages, annals_extract_json output). NULL is fine. */
ANNALS_C_EXPORT void annals_free(void* ptr);

/** The name of a status: "ok", "usage error", "query error"... Static storage. */
ANNALS_C_EXPORT const char* annals_status_name(annals_status_t status);

/* ---- Archive: writing ------------------------------------------------------------ */

/** Opens (creating it when missing) the archive in directory @p path for writing and
 *  stores the handle in *archive (NULL on failure). Only one writer per archive:
 *  a second open fails with ANNALS_ARCHIVE_ERROR. */
ANNALS_C_EXPORT annals_status_t annals_archive_open(const char* path, annals_archive_t** archive,
                                                  char** errptr);

/** Commits pending changes and closes the archive. Errors while committing are lost:
 *  call annals_archive_commit() first to see them. NULL is fine. */
ANNALS_C_EXPORT void annals_archive_close(annals_archive_t* archive);

/** Adds one article given as a JSON object (the article record of docs/formats.md), replacing any article with
 *  the same id. Entities are extracted first; a missing id is derived from the url or
 *  the content; published is normalised to ISO 8601 when it is a date. When @p id_out
 *  is not NULL it receives the article's id, malloc()ed (free with annals_free).
 *  ANNALS_INPUT_ERROR for malformed JSON or an article with neither title nor body. */
ANNALS_C_EXPORT annals_status_t annals_archive_add_json(annals_archive_t* archive, const char* json,
                                                      char** id_out, char** errptr);

/** Removes the article with this id. *removed (when not NULL) is set to 1 when there
 *  was one, 0 otherwise; removing a missing id is not an error. */
ANNALS_C_EXPORT annals_status_t annals_archive_remove(annals_archive_t* archive, const char* id,
                                                    int* removed, char** errptr);

/** Makes every change so far durable (and visible to searchers that reopen). */
ANNALS_C_EXPORT annals_status_t annals_archive_commit(annals_archive_t* archive, char** errptr);

/** Stores in *json_out the stored article with this id as JSON (entities included),
 *  malloc()ed (free with annals_free), or NULL when there is none (not an error). */
ANNALS_C_EXPORT annals_status_t annals_archive_get_json(const annals_archive_t* archive,
                                                        const char* id, char** json_out,
                                                        char** errptr);

/** Number of articles in the archive, uncommitted ones included; 0 for NULL. */
ANNALS_C_EXPORT size_t annals_archive_size(const annals_archive_t* archive);

/* ---- Searcher: reading ----------------------------------------------------------- */

/** Opens the archive at @p path for searching. ANNALS_ARCHIVE_ERROR when it is missing
 *  or not an annals archive. */
ANNALS_C_EXPORT annals_status_t annals_searcher_open(const char* path, annals_searcher_t** searcher,
                                                   char** errptr);

/** Closes a searcher. NULL is fine. */
ANNALS_C_EXPORT void annals_searcher_close(annals_searcher_t* searcher);

/** Sees the latest committed state of the archive. */
ANNALS_C_EXPORT annals_status_t annals_searcher_reopen(annals_searcher_t* searcher, char** errptr);

/** Threads that count the matches of one search, on an archive of one local database: 0
 *  (the default) one per core on archives of 50,000 articles or more, 1 only the calling
 *  thread, N > 1 that many whatever the size. Results are the same either way. */
ANNALS_C_EXPORT annals_status_t annals_searcher_set_threads(annals_searcher_t* searcher, size_t threads,
                                                          char** errptr);

/** Runs a query (the language of docs/query-language.md; "" or NULL matches everything).
 *  @p sort is "relevance" (also when NULL), "newest", "oldest" or "distance" (nearest
 *  first from the query's first near:, ANNALS_QUERY_ERROR without one). @p facets lists
 *  @p facet_count facet names (person, place, country, about_country, organization, author,
 *  category, publication, year, month, mentioned_year); it may be NULL when facet_count is 0.
 *  On success *results receives a handle to free with annals_results_destroy().
 *  ANNALS_QUERY_ERROR (message "query position N: reason") for a query that cannot be
 *  parsed, ANNALS_USAGE_ERROR for an unknown sort or facet. */
ANNALS_C_EXPORT annals_status_t annals_searcher_search(annals_searcher_t* searcher, const char* query,
                                                     size_t offset, size_t limit, const char* sort,
                                                     const char* const* facets, size_t facet_count,
                                                     annals_results_t** results, char** errptr);

/** Flags of annals_searcher_search_flags(), or-ed together. */
enum {
    ANNALS_SEARCH_COLLAPSE = 1,     /**< fold each duplicate group into one hit ("duplicates" in the JSON) */
    ANNALS_SEARCH_FACET_GROUPS = 2  /**< facets count each duplicate group once */
};

/** annals_searcher_search() with @p flags (ANNALS_SEARCH_COLLAPSE,
 *  ANNALS_SEARCH_FACET_GROUPS; 0 is annals_searcher_search()). ANNALS_USAGE_ERROR for
 *  an unknown flag. */
ANNALS_C_EXPORT annals_status_t annals_searcher_search_flags(annals_searcher_t* searcher, const char* query,
                                                           size_t offset, size_t limit, const char* sort,
                                                           const char* const* facets, size_t facet_count,
                                                           unsigned flags, annals_results_t** results,
                                                           char** errptr);

/** Every search option; set them up with annals_search_options_init(), which
 *  gives the defaults, then change what you need. Pointers are borrowed for the
 *  call only. */
typedef struct annals_search_options_t {
    const char* query;            /**< the query; NULL or "" matches everything (default NULL) */
    size_t offset;                /**< hits to skip (default 0) */
    size_t limit;                 /**< hits to return (default 10) */
    const char* sort;             /**< "relevance" (default, also NULL), "newest" or "oldest" */
    const char* const* facets;    /**< facet names, as for annals_searcher_search() (default NULL) */
    size_t facet_count;           /**< number of facets (default 0) */
    size_t facet_limit;           /**< values per entity facet, 0 = all (default 20) */
    const char* like;             /**< more like this: an article id; NULL or "" for none (default NULL) */
    const char* const* related;   /**< entity types "person", "place", "organization" (default NULL) */
    size_t related_count;         /**< number of related types (default 0) */
    size_t related_limit;         /**< entities per related type, 0 = all (default 10) */
    unsigned flags;               /**< ANNALS_SEARCH_COLLAPSE, ANNALS_SEARCH_FACET_GROUPS, or-ed (default 0) */
} annals_search_options_t;

/** Fills @p options with the defaults listed in annals_search_options_t. NULL is fine. */
ANNALS_C_EXPORT void annals_search_options_init(annals_search_options_t* options);

/** Runs a search with every option: annals_searcher_search() plus facet_limit, more
 *  like this (@p options->like: only articles like that one match, the most similar
 *  first, itself excluded; an unknown id is ANNALS_QUERY_ERROR) and related entities
 *  (the JSON's "related" object, docs/formats.md). ANNALS_USAGE_ERROR for NULL
 *  options, an unknown sort, facet, related type or flag. */
ANNALS_C_EXPORT annals_status_t annals_searcher_search_with(annals_searcher_t* searcher,
                                                          const annals_search_options_t* options,
                                                          annals_results_t** results, char** errptr);

/** Frees results. NULL is fine. */
ANNALS_C_EXPORT void annals_results_destroy(annals_results_t* results);

/** The exact number of matching articles (not only those returned). */
ANNALS_C_EXPORT size_t annals_results_total(const annals_results_t* results);

/** The exact number of matching articles, duplicates folded by ANNALS_SEARCH_COLLAPSE
 *  included (annals_results_total() without it). */
ANNALS_C_EXPORT size_t annals_results_articles(const annals_results_t* results);

/** The number of hits returned (at most the limit asked for). */
ANNALS_C_EXPORT size_t annals_results_hit_count(const annals_results_t* results);

/** The results as one JSON object (the annals-query --json shape of docs/formats.md: query, total, offset, limit, hits,
 *  facets, related when asked for, suggestion). Owned by @p results: valid until annals_results_destroy(). */
ANNALS_C_EXPORT const char* annals_results_json(const annals_results_t* results);

/* ---- Extraction ------------------------------------------------------------------ */

/** Creates an extractor looking for every entity type. The built-in models are loaded
 *  once per process; an extractor may be used from several threads at once. */
ANNALS_C_EXPORT annals_status_t annals_extractor_create(annals_extractor_t** extractor, char** errptr);

/** Destroys an extractor. NULL is fine. */
ANNALS_C_EXPORT void annals_extractor_destroy(annals_extractor_t* extractor);

/** Parses an article given as JSON, finds its entities and stores in *json_out the article
 *  as JSON with an "entities" array (docs/formats.md), malloc()ed: free with annals_free().
 *  @p extractor may be NULL to use a process-wide default one. */
ANNALS_C_EXPORT annals_status_t annals_extract_json(const annals_extractor_t* extractor,
                                                  const char* json, char** json_out,
                                                  char** errptr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ANNALS_C_H */
