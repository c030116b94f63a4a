/* The C example of docs/bindings.md: index one article, then search with facets.
 * Built against the installed library with pkg-config and run by the test suite
 * (tests/install/check.sh), so it stays true.
 *
 *   quickstart_c ARCHIVE_DIR */
#include <annals/c.h>

#include <stdio.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: quickstart_c ARCHIVE_DIR\n");
        return 2;
    }
    char* err = NULL;
    annals_archive_t* db = NULL;
    if (annals_archive_open(argv[1], &db, &err) != ANNALS_OK) {
        fprintf(stderr, "%s\n", err);
        annals_free(err);
        return 1;
    }
    annals_status_t status = annals_archive_add_json(
        db, "{\"title\": \"Rubio in Kyiv\", \"body\": \"Marco Rubio met officials in Kyiv on Tuesday.\"}",
        NULL, &err);
    if (status == ANNALS_OK) status = annals_archive_commit(db, &err);
    annals_archive_close(db);
    if (status != ANNALS_OK) {
        fprintf(stderr, "%s\n", err);
        annals_free(err);
        return 1;
    }

    annals_searcher_t* s = NULL;
    annals_results_t* r = NULL;
    const char* facets[] = {"place", "year"};
    size_t total = 0;
    if (annals_searcher_open(argv[1], &s, &err) == ANNALS_OK &&
        annals_searcher_search(s, "person:rubio", 0, 10, "newest", facets, 2, &r, &err) == ANNALS_OK) {
        total = annals_results_total(r);
        printf("%zu hits: %s\n", total, annals_results_json(r));
        annals_results_destroy(r);
    } else {
        fprintf(stderr, "%s\n", err);
        annals_free(err);
    }
    annals_searcher_close(s);
    return total == 1 ? 0 : 1;
}
