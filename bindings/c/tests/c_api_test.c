/* c_api_test.c: exercises the C API from plain C (compiled as C99).
 * Creates a temporary archive, adds two articles, searches it, and checks the
 * error paths: bad JSON, bad query (message with position), unknown sort and
 * facet, a second writer, a missing archive, NULL handles. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annals/c.h"

static int failures = 0;

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                       \
        }                                                                     \
    } while (0)

/* Checks a call succeeded, printing the error when it did not. */
#define CHECK_OK(call)                                                        \
    do {                                                                      \
        annals_status_t st_ = (call);                                         \
        if (st_ != ANNALS_OK) {                                               \
            fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__, #call, \
                    annals_status_name(st_), err ? err : "(no message)");      \
            ++failures;                                                       \
        }                                                                     \
    } while (0)

static int contains(const char* haystack, const char* needle) {
    return haystack && needle && strstr(haystack, needle) != NULL;
}

static const char* const kFirst =
    "{\"id\": \"c-1\", \"title\": \"Foreign ministers meet in Kyiv\","
    " \"published\": \"2025-11-27T09:22:00Z\", \"authors\": [\"Jane Roe\"],"
    " \"body\": \"Marco Rubio met Ukrainian officials in Kyiv on Thursday to discuss the grain"
    " corridor. The talks lasted four hours.\", \"x_source\": {\"feed\": 7}}";
static const char* const kSecond =
    "{\"id\": \"c-2\", \"title\": \"Harvest festival returns to Norfolk\","
    " \"published\": \"2024-09-14\", \"categories\": [\"Local\"],"
    " \"body\": \"Farmers in Norfolk celebrated a record harvest with a festival on the green."
    " The parish council thanked volunteers.\"}";

/* Runs a search and returns its results (NULL on failure, err set). */
static annals_results_t* search(annals_searcher_t* s, const char* query, const char* sort,
                                const char* const* facets, size_t nfacets, annals_status_t* st,
                                char** err) {
    annals_results_t* r = NULL;
    *st = annals_searcher_search(s, query, 0, 10, sort, facets, nfacets, &r, err);
    return r;
}

int main(void) {
    char dir_template[] = "/tmp/annals_c_api_XXXXXX";
    char* dir = mkdtemp(dir_template);
    char path[512];
    char* err = NULL;
    char* id = NULL;
    char* out = NULL;
    int removed = -1;
    annals_status_t st;
    annals_archive_t* db = NULL;
    annals_archive_t* second = NULL;
    annals_searcher_t* searcher = NULL;
    annals_extractor_t* extractor = NULL;
    annals_results_t* r = NULL;
    const char* facets[] = {"year", "category"};
    const char* bad_facets[] = {"no_such_facet"};

    if (!dir) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(path, sizeof path, "%s/db", dir);

    /* Version and status names. */
    CHECK(strlen(annals_version()) >= 5);
    CHECK(strcmp(annals_status_name(ANNALS_QUERY_ERROR), "query error") == 0);

    /* Write two articles. */
    CHECK_OK(annals_archive_open(path, &db, &err));
    CHECK(db != NULL);
    CHECK_OK(annals_archive_add_json(db, kFirst, &id, &err));
    CHECK(id && strcmp(id, "c-1") == 0);
    annals_free(id);
    id = NULL;
    CHECK_OK(annals_archive_add_json(db, kSecond, NULL, &err));
    CHECK(annals_archive_size(db) == 2);

    /* Stored articles come back whole: unknown fields and entities. */
    CHECK_OK(annals_archive_get_json(db, "c-1", &out, &err));
    CHECK(contains(out, "\"x_source\""));
    CHECK(contains(out, "\"entities\""));
    annals_free(out);
    out = NULL;
    CHECK_OK(annals_archive_get_json(db, "nope", &out, &err));
    CHECK(out == NULL);

    /* Bad input: malformed JSON and an article with neither title nor body. */
    st = annals_archive_add_json(db, "{\"title\": ", NULL, &err);
    CHECK(st == ANNALS_INPUT_ERROR);
    CHECK(err != NULL && strlen(err) > 0);
    st = annals_archive_add_json(db, "{\"url\": \"http://example.com/x\"}", NULL, &err);
    CHECK(st == ANNALS_INPUT_ERROR || st == ANNALS_USAGE_ERROR);
    CHECK(annals_archive_size(db) == 2);
    annals_free(err);
    err = NULL;

    /* A second writer on the same archive is refused. */
    st = annals_archive_open(path, &second, &err);
    CHECK(st == ANNALS_ARCHIVE_ERROR);
    CHECK(second == NULL);
    CHECK(err != NULL);
    annals_free(err);
    err = NULL;

    CHECK_OK(annals_archive_commit(db, &err));

    /* Search. */
    CHECK_OK(annals_searcher_open(path, &searcher, &err));
    r = search(searcher, "", NULL, NULL, 0, &st, &err);
    CHECK(st == ANNALS_OK && r != NULL);
    CHECK(annals_results_total(r) == 2);
    CHECK(annals_results_hit_count(r) == 2);
    annals_results_destroy(r);

    r = search(searcher, "kyiv", "relevance", facets, 2, &st, &err);
    CHECK(st == ANNALS_OK && r != NULL);
    CHECK(annals_results_total(r) == 1);
    CHECK(contains(annals_results_json(r), "\"c-1\""));
    CHECK(contains(annals_results_json(r), "Foreign ministers meet in Kyiv"));
    CHECK(!contains(annals_results_json(r), "\"c-2\""));
    CHECK(contains(annals_results_json(r), "\"facets\""));
    CHECK(contains(annals_results_json(r), "\"2025\""));
    annals_results_destroy(r);

    r = search(searcher, "harvest OR ministers", "oldest", NULL, 0, &st, &err);
    CHECK(st == ANNALS_OK && r != NULL);
    CHECK(annals_results_total(r) == 2);
    {
        /* Oldest first: the 2024 article precedes the 2025 one in the JSON. */
        const char* json = annals_results_json(r);
        const char* a = strstr(json, "\"c-2\"");
        const char* b = strstr(json, "\"c-1\"");
        CHECK(a != NULL && b != NULL && a < b);
    }
    annals_results_destroy(r);

    /* Every option: a place alias, more like this, related entities. */
    {
        annals_search_options_t options;
        const char* related[] = {"place"};
        annals_search_options_init(&options);
        CHECK(options.limit == 10 && options.facet_limit == 20 && options.related_limit == 10);
        options.query = "kiev";
        options.related = related;
        options.related_count = 1;
        CHECK_OK(annals_searcher_search_with(searcher, &options, &r, &err));
        CHECK(annals_results_total(r) == 1);
        CHECK(contains(annals_results_json(r), "\"related\":{\"place\":[{\"value\":\"Kyiv\""));
        annals_results_destroy(r);
        options.query = NULL;
        options.related_count = 0;
        options.like = "c-1";
        CHECK_OK(annals_searcher_search_with(searcher, &options, &r, &err));
        CHECK(contains(annals_results_json(r), "\"like\":\"c-1\""));
        CHECK(!contains(annals_results_json(r), "\"id\":\"c-1\""));
        annals_results_destroy(r);
        r = NULL;
        options.like = "no-such-id";
        st = annals_searcher_search_with(searcher, &options, &r, &err);
        CHECK(st == ANNALS_QUERY_ERROR && r == NULL);
        st = annals_searcher_search_with(searcher, NULL, &r, &err);
        CHECK(st == ANNALS_USAGE_ERROR);
        annals_free(err);
        err = NULL;
    }

    /* Offset past the end: no hits, total still exact. */
    st = annals_searcher_search(searcher, "", 5, 10, NULL, NULL, 0, &r, &err);
    CHECK(st == ANNALS_OK);
    CHECK(annals_results_total(r) == 2);
    CHECK(annals_results_hit_count(r) == 0);
    annals_results_destroy(r);
    r = NULL;

    /* Duplicates folded and places nearby. */
    st = annals_searcher_search_flags(searcher, "", 0, 10, NULL, NULL, 0,
                                      ANNALS_SEARCH_COLLAPSE | ANNALS_SEARCH_FACET_GROUPS, &r, &err);
    CHECK(st == ANNALS_OK && r != NULL);
    CHECK(annals_results_total(r) == 2); /* two different stories: nothing to fold */
    CHECK(annals_results_articles(r) == 2);
    CHECK(contains(annals_results_json(r), "\"duplicates\":[]"));
    annals_results_destroy(r);
    r = search(searcher, "near:kyiv~50km", "distance", NULL, 0, &st, &err);
    CHECK(st == ANNALS_OK && r != NULL);
    CHECK(annals_results_total(r) == 1);
    CHECK(contains(annals_results_json(r), "\"distance_km\":"));
    annals_results_destroy(r);
    r = NULL;
    st = annals_searcher_search_flags(searcher, "", 0, 10, NULL, NULL, 0, 64, &r, &err);
    CHECK(st == ANNALS_USAGE_ERROR && r == NULL);
    CHECK(contains(err, "flag"));
    annals_free(err);
    err = NULL;

    /* Error paths of search. */
    r = search(searcher, "(kyiv OR", NULL, NULL, 0, &st, &err);
    CHECK(st == ANNALS_QUERY_ERROR);
    CHECK(r == NULL);
    CHECK(contains(err, "position"));
    r = search(searcher, "kyiv", "sideways", NULL, 0, &st, &err);
    CHECK(st == ANNALS_USAGE_ERROR);
    CHECK(contains(err, "sideways"));
    r = search(searcher, "kyiv", NULL, bad_facets, 1, &st, &err);
    CHECK(st == ANNALS_USAGE_ERROR);
    CHECK(r == NULL);
    st = annals_searcher_search(NULL, "kyiv", 0, 10, NULL, NULL, 0, &r, &err);
    CHECK(st == ANNALS_USAGE_ERROR);
    annals_free(err);
    err = NULL;

    /* Remove, commit, reopen: the searcher sees one article. */
    CHECK_OK(annals_archive_remove(db, "c-2", &removed, &err));
    CHECK(removed == 1);
    CHECK_OK(annals_archive_remove(db, "no-such-id", &removed, &err));
    CHECK(removed == 0);
    CHECK_OK(annals_archive_commit(db, &err));
    CHECK_OK(annals_searcher_reopen(searcher, &err));
    r = search(searcher, "", NULL, NULL, 0, &st, &err);
    CHECK(st == ANNALS_OK && annals_results_total(r) == 1);
    annals_results_destroy(r);
    /* Helper threads count the same matches. */
    CHECK_OK(annals_searcher_set_threads(searcher, 3, &err));
    r = search(searcher, "", NULL, NULL, 0, &st, &err);
    CHECK(st == ANNALS_OK && annals_results_total(r) == 1);
    annals_results_destroy(r);
    CHECK(annals_searcher_set_threads(NULL, 1, &err) == ANNALS_USAGE_ERROR);
    annals_free(err);
    err = NULL;

    annals_searcher_close(searcher);
    annals_archive_close(db);

    /* A missing archive cannot be searched. */
    snprintf(path, sizeof path, "%s/missing", dir);
    st = annals_searcher_open(path, &searcher, &err);
    CHECK(st == ANNALS_ARCHIVE_ERROR);
    CHECK(searcher == NULL);
    annals_free(err);
    err = NULL;

    /* Extraction: the article comes back with an entities array and unknown fields kept. */
    CHECK_OK(annals_extractor_create(&extractor, &err));
    CHECK_OK(annals_extract_json(extractor, kFirst, &out, &err));
    CHECK(contains(out, "\"entities\""));
    CHECK(contains(out, "\"x_source\""));
    CHECK(contains(out, "Kyiv"));
    annals_free(out);
    out = NULL;
    st = annals_extract_json(NULL, "[1, 2]", &out, &err);
    CHECK(st == ANNALS_INPUT_ERROR);
    CHECK(out == NULL);
    annals_extractor_destroy(extractor);
    annals_free(err);

    /* NULL handles are harmless to close. */
    annals_archive_close(NULL);
    annals_searcher_close(NULL);
    annals_results_destroy(NULL);
    annals_extractor_destroy(NULL);

    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", dir);
    }
    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    else printf("c_api_test: all checks passed\n");
    return failures ? 1 : 0;
}
