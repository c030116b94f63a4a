// annals_c.cpp: the C API of annals/c.h, a thin layer over the public C++ API.
// Every entry point runs its body inside guard(), which turns any exception into a
// status code and a malloc()ed message: nothing may unwind into C callers.
#include "annals/c.h"

#include <annals/annals.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

struct annals_archive_t {
    annals::Archive archive;
    annals::Extractor extractor;
};

struct annals_searcher_t {
    annals::Searcher searcher;
};

struct annals_results_t {
    std::size_t total = 0;
    std::size_t articles = 0;
    std::size_t hit_count = 0;
    std::string json;
};

struct annals_extractor_t {
    annals::Extractor extractor;
};

namespace {

// malloc()ed copy, so callers can free with annals_free() whatever allocator C++ uses.
char* copy_string(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (!out) throw std::bad_alloc();
    std::memcpy(out, s.data(), s.size() + 1);
    return out;
}

void set_error(char** errptr, const char* message) {
    if (!errptr) return;
    std::free(*errptr);
    std::size_t n = std::strlen(message);
    *errptr = static_cast<char*>(std::malloc(n + 1));
    if (*errptr) std::memcpy(*errptr, message, n + 1);
}

// Runs @p body; maps each exception to its status. The most derived classes come first.
template <typename Body>
annals_status_t guard(char** errptr, Body&& body) noexcept {
    try {
        body();
        return ANNALS_OK;
    } catch (const annals::QueryError& e) {
        set_error(errptr, e.what());
        return ANNALS_QUERY_ERROR;
    } catch (const annals::UsageError& e) {
        set_error(errptr, e.what());
        return ANNALS_USAGE_ERROR;
    } catch (const annals::InputError& e) {
        set_error(errptr, e.what());
        return ANNALS_INPUT_ERROR;
    } catch (const annals::ArchiveError& e) {
        set_error(errptr, e.what());
        return ANNALS_ARCHIVE_ERROR;
    } catch (const std::bad_alloc&) {
        set_error(errptr, "out of memory");
        return ANNALS_NO_MEMORY;
    } catch (const std::exception& e) {
        set_error(errptr, e.what());
        return ANNALS_ERROR;
    } catch (...) {
        set_error(errptr, "unknown error");
        return ANNALS_ERROR;
    }
}

void require(const void* p, const char* what) {
    if (!p) throw annals::UsageError(std::string(what) + " is NULL");
}

const annals::Extractor& default_extractor() {
    static const annals::Extractor extractor;  // models are shared anyway; avoid reloading per call
    return extractor;
}

// The C API takes articles as they come from users: give them the id read_articles() would.
annals::Article article_from_user_json(const char* json) {
    annals::Article article = annals::article_from_json(json);  // also normalises published
    if (article.id.empty()) article.id = annals::derive_id(article);
    return article;
}

}  // namespace

extern "C" {

const char* annals_version(void) { return ANNALS_VERSION; }

void annals_free(void* ptr) { std::free(ptr); }

const char* annals_status_name(annals_status_t status) {
    switch (status) {
        case ANNALS_OK: return "ok";
        case ANNALS_ERROR: return "error";
        case ANNALS_USAGE_ERROR: return "usage error";
        case ANNALS_QUERY_ERROR: return "query error";
        case ANNALS_INPUT_ERROR: return "input error";
        case ANNALS_ARCHIVE_ERROR: return "archive error";
        case ANNALS_NO_MEMORY: return "out of memory";
    }
    return "unknown status";
}

// ---- Archive

annals_status_t annals_archive_open(const char* path, annals_archive_t** archive, char** errptr) {
    if (archive) *archive = nullptr;
    return guard(errptr, [&] {
        require(path, "path");
        require(archive, "archive out-parameter");
        *archive = new annals_archive_t{annals::Archive::open(path), annals::Extractor{}};
    });
}

void annals_archive_close(annals_archive_t* archive) {
    // ~Archive commits and swallows its own errors; guard against anything else.
    guard(nullptr, [&] { delete archive; });
}

annals_status_t annals_archive_add_json(annals_archive_t* archive, const char* json, char** id_out,
                                        char** errptr) {
    if (id_out) *id_out = nullptr;
    return guard(errptr, [&] {
        require(archive, "archive");
        require(json, "json");
        annals::Article article = article_from_user_json(json);
        archive->extractor.annotate(article);
        archive->archive.add(article);
        if (id_out) *id_out = copy_string(article.id);
    });
}

annals_status_t annals_archive_remove(annals_archive_t* archive, const char* id, int* removed,
                                      char** errptr) {
    if (removed) *removed = 0;
    return guard(errptr, [&] {
        require(archive, "archive");
        require(id, "id");
        bool found = archive->archive.remove(id);
        if (removed) *removed = found ? 1 : 0;
    });
}

annals_status_t annals_archive_commit(annals_archive_t* archive, char** errptr) {
    return guard(errptr, [&] {
        require(archive, "archive");
        archive->archive.commit();
    });
}

annals_status_t annals_archive_get_json(const annals_archive_t* archive, const char* id,
                                        char** json_out, char** errptr) {
    if (json_out) *json_out = nullptr;
    return guard(errptr, [&] {
        require(archive, "archive");
        require(id, "id");
        require(json_out, "json_out");
        if (auto article = archive->archive.get(id)) *json_out = copy_string(annals::to_json(*article));
    });
}

size_t annals_archive_size(const annals_archive_t* archive) {
    std::size_t n = 0;
    if (archive) guard(nullptr, [&] { n = archive->archive.size(); });
    return n;
}

// ---- Searcher

annals_status_t annals_searcher_open(const char* path, annals_searcher_t** searcher,
                                     char** errptr) {
    if (searcher) *searcher = nullptr;
    return guard(errptr, [&] {
        require(path, "path");
        require(searcher, "searcher out-parameter");
        *searcher = new annals_searcher_t{annals::Searcher(path)};
    });
}

void annals_searcher_close(annals_searcher_t* searcher) {
    guard(nullptr, [&] { delete searcher; });
}

annals_status_t annals_searcher_reopen(annals_searcher_t* searcher, char** errptr) {
    return guard(errptr, [&] {
        require(searcher, "searcher");
        searcher->searcher.reopen();
    });
}

annals_status_t annals_searcher_set_threads(annals_searcher_t* searcher, size_t threads, char** errptr) {
    return guard(errptr, [&] {
        require(searcher, "searcher");
        searcher->searcher.set_threads(threads);
    });
}

void annals_search_options_init(annals_search_options_t* options) {
    if (!options) return;
    *options = annals_search_options_t{};
    options->limit = 10;
    options->facet_limit = 20;
    options->related_limit = 10;
}

annals_status_t annals_searcher_search_with(annals_searcher_t* searcher, const annals_search_options_t* options,
                                            annals_results_t** results, char** errptr) {
    if (results) *results = nullptr;
    return guard(errptr, [&] {
        require(searcher, "searcher");
        require(options, "options");
        require(results, "results out-parameter");
        if (options->flags & ~unsigned{ANNALS_SEARCH_COLLAPSE | ANNALS_SEARCH_FACET_GROUPS})
            throw annals::UsageError("unknown search flag " + std::to_string(options->flags));
        if (options->facet_count > 0) require(options->facets, "facets");
        if (options->related_count > 0) require(options->related, "related");
        annals::SearchRequest request;
        request.query = options->query ? options->query : "";
        request.offset = options->offset;
        request.limit = options->limit;
        request.sort = annals::sort_order_from_string(options->sort ? options->sort : "relevance");
        request.collapse = options->flags & ANNALS_SEARCH_COLLAPSE;
        request.facets_count_groups = options->flags & ANNALS_SEARCH_FACET_GROUPS;
        for (std::size_t i = 0; i < options->facet_count; ++i) {
            require(options->facets[i], "facet name");
            request.facets.emplace_back(options->facets[i]);
        }
        request.facet_limit = options->facet_limit;
        request.like = options->like ? options->like : "";
        for (std::size_t i = 0; i < options->related_count; ++i) {
            require(options->related[i], "related type");
            request.related.emplace_back(options->related[i]);
        }
        request.related_limit = options->related_limit;
        annals::SearchResults found = searcher->searcher.search(request);
        auto* out = new annals_results_t;
        out->total = found.total;
        out->articles = found.articles;
        out->hit_count = found.hits.size();
        try {
            out->json = annals::to_json(found);
        } catch (...) {
            delete out;
            throw;
        }
        *results = out;
    });
}

annals_status_t annals_searcher_search(annals_searcher_t* searcher, const char* query,
                                       size_t offset, size_t limit, const char* sort,
                                       const char* const* facets, size_t facet_count,
                                       annals_results_t** results, char** errptr) {
    return annals_searcher_search_flags(searcher, query, offset, limit, sort, facets, facet_count, 0, results,
                                        errptr);
}

annals_status_t annals_searcher_search_flags(annals_searcher_t* searcher, const char* query, size_t offset,
                                             size_t limit, const char* sort, const char* const* facets,
                                             size_t facet_count, unsigned flags, annals_results_t** results,
                                             char** errptr) {
    annals_search_options_t options;
    annals_search_options_init(&options);
    options.query = query;
    options.offset = offset;
    options.limit = limit;
    options.sort = sort;
    options.facets = facets;
    options.facet_count = facet_count;
    options.flags = flags;
    return annals_searcher_search_with(searcher, &options, results, errptr);
}

void annals_results_destroy(annals_results_t* results) { delete results; }

size_t annals_results_total(const annals_results_t* results) { return results ? results->total : 0; }

size_t annals_results_articles(const annals_results_t* results) { return results ? results->articles : 0; }

size_t annals_results_hit_count(const annals_results_t* results) {
    return results ? results->hit_count : 0;
}

const char* annals_results_json(const annals_results_t* results) {
    return results ? results->json.c_str() : "";
}

// ---- Extraction

annals_status_t annals_extractor_create(annals_extractor_t** extractor, char** errptr) {
    if (extractor) *extractor = nullptr;
    return guard(errptr, [&] {
        require(extractor, "extractor out-parameter");
        *extractor = new annals_extractor_t{annals::Extractor{}};
    });
}

void annals_extractor_destroy(annals_extractor_t* extractor) {
    guard(nullptr, [&] { delete extractor; });
}

annals_status_t annals_extract_json(const annals_extractor_t* extractor, const char* json,
                                    char** json_out, char** errptr) {
    if (json_out) *json_out = nullptr;
    return guard(errptr, [&] {
        require(json, "json");
        require(json_out, "json_out");
        annals::Article article = article_from_user_json(json);
        (extractor ? extractor->extractor : default_extractor()).annotate(article);
        *json_out = copy_string(annals::to_json(article));
    });
}

}  // extern "C"
