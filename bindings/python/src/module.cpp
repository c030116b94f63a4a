// _annals: the private extension module under the `annals` Python package.
//
// Thin shims over the public C++ API. Articles cross the boundary as JSON text
// (to_json / article_from_json), which the package turns into dicts: that keeps
// unknown fields and needs no per-field conversion code here. The GIL is released
// around every call that may take time (opening, indexing, extraction, search);
// each handle carries a mutex because the C++ handles are single-threaded and
// Python threads may share one once the GIL is gone.
#include <annals/annals.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace {

// The Python exception classes, created once at import (kept alive by the module).
struct ExceptionTypes {
    PyObject* error = nullptr;
    PyObject* usage = nullptr;
    PyObject* query = nullptr;
    PyObject* input = nullptr;
    PyObject* archive = nullptr;
};
ExceptionTypes g_exc;

// Raises an instance of @p type with @p message and extra attributes set by @p fill.
template <typename Fill>
void raise_error(PyObject* type, const char* message, Fill&& fill) {
    PyObject* instance = PyObject_CallFunction(type, "s", message);
    if (!instance) return;  // constructing it failed: that error is now set instead
    py::object exc = py::reinterpret_steal<py::object>(instance);
    fill(exc);
    PyErr_SetObject(type, exc.ptr());
}

void translate(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const annals::QueryError& e) {
        raise_error(g_exc.query, e.what(), [&](py::object& x) {
            x.attr("position") = e.position();
            x.attr("reason") = e.reason();
        });
    } catch (const annals::UsageError& e) {
        raise_error(g_exc.usage, e.what(), [](py::object&) {});
    } catch (const annals::InputError& e) {
        raise_error(g_exc.input, e.what(), [&](py::object& x) {
            x.attr("file") = e.file();
            x.attr("line") = e.line();
            x.attr("reason") = e.reason();
        });
    } catch (const annals::ArchiveError& e) {
        raise_error(g_exc.archive, e.what(), [](py::object&) {});
    } catch (const annals::Error& e) {
        raise_error(g_exc.error, e.what(), [](py::object&) {});
    }
    // Anything else propagates to pybind11's own translators (MemoryError, RuntimeError...).
}

// Thrown (with the Python error indicator set) when a signal handler raised, e.g. Ctrl-C.
struct PythonSignal {};

// Gives Python a chance to run signal handlers during long GIL-free loops.
void check_signals() {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw PythonSignal{};
}

// Gives articles that come straight from users the id read_articles() would.
annals::Article article_from_user_json(const std::string& json) {
    annals::Article article = annals::article_from_json(json);  // also normalises published
    if (article.id.empty()) article.id = annals::derive_id(article);
    return article;
}

// A rejected article: (message, file, line, reason); the package makes an InputError of it.
using Rejection = std::tuple<std::string, std::string, std::size_t, std::string>;

Rejection to_rejection(const annals::InputError& e) {
    return {e.what(), e.file(), e.line(), e.reason()};
}

annals::ReadOptions read_options(const std::string& format, std::optional<std::size_t> max_bytes) {
    annals::ReadOptions options;
    options.format = annals::format_from_string(format);
    if (max_bytes) options.max_bytes = *max_bytes;
    return options;
}

class PyArchive {
  public:
    PyArchive(const std::string& path, std::size_t batch_size, bool create) {
        py::gil_scoped_release nogil;
        annals::ArchiveOptions options;
        options.batch_size = batch_size;
        options.create = create;
        archive_.emplace(annals::Archive::open(path, options));
    }

    // Extracts entities and adds one article; returns its id.
    std::string add_json(const std::string& json) {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        return add_locked(json);
    }

    // Like add_json for many articles with one GIL release; stops at the first bad one.
    std::vector<std::string> add_json_many(const std::vector<std::string>& articles) {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        std::vector<std::string> ids;
        ids.reserve(articles.size());
        for (const auto& json : articles) {
            if (ids.size() % 256 == 255) check_signals();
            ids.push_back(add_locked(json));
        }
        return ids;
    }

    // Reads, extracts and adds every article of a file or directory (annals-index),
    // on @p threads threads (0: one per core).
    std::pair<std::size_t, std::vector<Rejection>> index_path(const std::string& path,
                                                              const std::string& format,
                                                              std::optional<std::size_t> max_bytes,
                                                              unsigned threads) {
        // A single path that does not exist is the caller's mistake, not a rejection.
        if (!std::filesystem::exists(path)) throw annals::InputError(path, 0, "no such file or directory");
        std::vector<Rejection> rejected;
        annals::IndexStats stats;
        bool interrupted = false;
        {
            py::gil_scoped_release nogil;
            std::lock_guard lock(mutex_);
            annals::Archive& archive = get();
            annals::IndexerOptions options;
            options.read = read_options(format, max_bytes);
            options.threads = threads;
            options.stop = [&] {
                try {
                    check_signals();
                } catch (const PythonSignal&) {
                    interrupted = true;
                }
                return interrupted;
            };
            annals::Indexer indexer(archive, extractor_, options);
            annals::IndexerSinks sinks;
            sinks.rejected = [&](const annals::InputError& e) { rejected.push_back(to_rejection(e)); };
            stats = indexer.run({path}, sinks);
            if (interrupted) archive.commit();  // keep what was indexed before the interruption
        }
        if (interrupted) throw PythonSignal{};
        return {stats.articles, std::move(rejected)};
    }

    bool remove(const std::string& id) {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        return get().remove(id);
    }

    void commit() {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        get().commit();
    }

    std::size_t size() {
        py::gil_scoped_release nogil;  // never wait for the mutex while holding the GIL
        std::lock_guard lock(mutex_);
        return get().size();
    }

    std::optional<std::string> get_json(const std::string& id) {
        std::optional<annals::Article> article;
        {
            py::gil_scoped_release nogil;
            std::lock_guard lock(mutex_);
            article = get().get(id);
        }
        if (!article) return std::nullopt;
        return annals::to_json(*article);
    }

    // Commits and releases the writer lock; later calls raise UsageError.
    void close() {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        if (!archive_) return;
        archive_->commit();  // explicit, so that a failure is reported rather than swallowed
        archive_.reset();
    }

    bool closed() const { return !archive_; }

  private:
    annals::Archive& get() {
        if (!archive_) throw annals::UsageError("the archive is closed");
        return *archive_;
    }

    std::string add_locked(const std::string& json) {
        annals::Archive& archive = get();
        annals::Article article = article_from_user_json(json);
        extractor_.annotate(article);
        archive.add(article);
        return article.id;
    }

    std::mutex mutex_;
    std::optional<annals::Archive> archive_;
    annals::Extractor extractor_;
};

class PySearcher {
  public:
    explicit PySearcher(const std::vector<std::string>& archives) {
        py::gil_scoped_release nogil;
        searcher_.emplace(archives);
    }

    py::dict search(const std::string& query, std::size_t offset, std::size_t limit,
                    const std::string& sort, const std::vector<std::string>& facets,
                    std::size_t facet_limit, bool collapse, bool facets_count_groups, const std::string& like,
                    const std::vector<std::string>& related, std::size_t related_limit) {
        annals::SearchResults results;
        std::string json;
        {
            py::gil_scoped_release nogil;
            annals::SearchRequest request;
            request.query = query;
            request.offset = offset;
            request.limit = limit;
            request.sort = annals::sort_order_from_string(sort);
            request.facets = facets;
            request.facet_limit = facet_limit;
            request.collapse = collapse;
            request.facets_count_groups = facets_count_groups;
            request.like = like;
            request.related = related;
            request.related_limit = related_limit;
            std::lock_guard lock(mutex_);
            results = get().search(request);
            json = annals::to_json(results);
        }
        py::list hits;
        for (const annals::Hit& hit : results.hits) {
            py::dict h;
            h["rank"] = hit.rank;
            h["score"] = hit.score;
            h["snippet"] = hit.snippet;
            h["article"] = annals::to_json(hit.article);
            h["people"] = hit.article.names(annals::EntityType::Person);
            h["places"] = hit.article.names(annals::EntityType::Place);
            h["organizations"] = hit.article.names(annals::EntityType::Organization);
            h["duplicates"] = hit.duplicates;
            h["distance_km"] = hit.distance_km ? py::object(py::float_(*hit.distance_km)) : py::none();
            hits.append(std::move(h));
        }
        py::list facet_list;
        for (const auto& [name, buckets] : results.facets) {
            py::list values;
            for (const annals::FacetValue& b : buckets) values.append(py::make_tuple(b.value, b.count));
            facet_list.append(py::make_tuple(name, std::move(values)));
        }
        py::list related_list;
        for (const auto& [type, entities] : results.related) {
            py::list values;
            for (const annals::RelatedEntity& e : entities)
                values.append(py::make_tuple(e.value, e.count, e.archive_count, e.score));
            related_list.append(py::make_tuple(type, std::move(values)));
        }
        py::dict out;
        out["query"] = results.query;
        out["like"] = results.like;
        out["total"] = results.total;
        out["articles"] = results.articles;
        out["offset"] = results.offset;
        out["limit"] = results.limit;
        out["hits"] = std::move(hits);
        out["facets"] = std::move(facet_list);
        out["related"] = std::move(related_list);
        out["suggestion"] = results.suggestion ? py::object(py::str(*results.suggestion)) : py::none();
        out["json"] = json;
        return out;
    }

    std::string explain(const std::string& query) {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        return get().explain(query);
    }

    std::size_t size() {
        py::gil_scoped_release nogil;  // never wait for the mutex while holding the GIL
        std::lock_guard lock(mutex_);
        return get().size();
    }

    void reopen() {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        get().reopen();
    }

    void set_threads(std::size_t threads) {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        get().set_threads(threads);
    }

    void close() {
        py::gil_scoped_release nogil;
        std::lock_guard lock(mutex_);
        searcher_.reset();
    }

    bool closed() const { return !searcher_; }

  private:
    annals::Searcher& get() {
        if (!searcher_) throw annals::UsageError("the searcher is closed");
        return *searcher_;
    }

    std::mutex mutex_;
    std::optional<annals::Searcher> searcher_;
};

const annals::Extractor& shared_extractor() {
    static const annals::Extractor extractor;  // thread-safe by contract; load models once
    return extractor;
}

PyObject* new_exception(py::module_& m, const char* name, PyObject* base, const char* doc) {
    std::string qualified = std::string("annals.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
    if (!type) throw py::error_already_set();
    m.add_object(name, py::handle(type));  // add_object steals a reference: keep ours too
    Py_INCREF(type);
    return type;
}

}  // namespace

PYBIND11_MODULE(_annals, m) {
    m.doc() = "Private shims over the annals C++ library; use the `annals` package instead.";
    m.attr("__version__") = ANNALS_VERSION;

    g_exc.error = new_exception(m, "Error", PyExc_Exception, "Base of every error annals raises.");
    g_exc.usage = new_exception(m, "UsageError", g_exc.error,
                                "The caller asked for something invalid (bad option, bad argument).");
    g_exc.query = new_exception(m, "QueryError", g_exc.usage,
                                "A query could not be parsed; .position is the byte offset of the "
                                "problem in the query, .reason the message without it.");
    g_exc.input = new_exception(m, "InputError", g_exc.error,
                                "An article or input was rejected; .file, .line and .reason say "
                                "where and why.");
    g_exc.archive = new_exception(m, "ArchiveError", g_exc.error,
                                  "The archive cannot be opened, is locked by another writer, or "
                                  "the storage failed.");
    // Class-level defaults, so the attributes exist on instances raised from Python too.
    PyObject_SetAttrString(g_exc.query, "position", Py_None);
    PyObject_SetAttrString(g_exc.query, "reason", Py_None);
    PyObject_SetAttrString(g_exc.input, "file", Py_None);
    PyObject_SetAttrString(g_exc.input, "line", Py_None);
    PyObject_SetAttrString(g_exc.input, "reason", Py_None);
    py::register_exception_translator(&translate);

    // PythonSignal only escapes with the Python error already set (see check_signals).
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const PythonSignal&) {
        }
    });

    py::class_<PyArchive>(m, "Archive")
        .def(py::init<const std::string&, std::size_t, bool>(), py::arg("path"),
             py::arg("batch_size") = 500, py::arg("create") = true)
        .def("add_json", &PyArchive::add_json, py::arg("json"))
        .def("add_json_many", &PyArchive::add_json_many, py::arg("articles"))
        .def("index_path", &PyArchive::index_path, py::arg("path"), py::arg("format") = "auto",
             py::arg("max_bytes") = py::none(), py::arg("threads") = 0)
        .def("remove", &PyArchive::remove, py::arg("id"))
        .def("commit", &PyArchive::commit)
        .def("size", &PyArchive::size)
        .def("get_json", &PyArchive::get_json, py::arg("id"))
        .def("close", &PyArchive::close)
        .def_property_readonly("closed", &PyArchive::closed);

    py::class_<PySearcher>(m, "Searcher")
        .def(py::init<const std::vector<std::string>&>(), py::arg("archives"))
        .def("search", &PySearcher::search, py::arg("query"), py::arg("offset"), py::arg("limit"),
             py::arg("sort"), py::arg("facets"), py::arg("facet_limit"), py::arg("collapse") = false,
             py::arg("facets_count_groups") = false, py::arg("like") = "",
             py::arg("related") = std::vector<std::string>{}, py::arg("related_limit") = 10)
        .def("explain", &PySearcher::explain, py::arg("query"))
        .def("size", &PySearcher::size)
        .def("reopen", &PySearcher::reopen)
        .def("set_threads", &PySearcher::set_threads, py::arg("threads"))
        .def("close", &PySearcher::close)
        .def_property_readonly("closed", &PySearcher::closed);

    m.def(
        "extract_json",
        [](const std::string& json) {
            annals::Article article = article_from_user_json(json);
            shared_extractor().annotate(article);
            return annals::to_json(article);
        },
        py::arg("json"), py::call_guard<py::gil_scoped_release>());

    m.def(
        "read_articles",
        [](const std::string& path, const std::string& format, std::optional<std::size_t> max_bytes) {
            std::vector<std::tuple<std::string, std::string, std::size_t>> articles;
            std::vector<Rejection> rejected;
            annals::read_articles(
                path, read_options(format, max_bytes),
                [&](annals::Article&& article, const annals::SourceLocation& where) {
                    if (articles.size() % 256 == 255) check_signals();
                    articles.emplace_back(annals::to_json(article), where.file, where.line);
                },
                [&](const annals::InputError& e) { rejected.push_back(to_rejection(e)); });
            return std::make_pair(std::move(articles), std::move(rejected));
        },
        py::arg("path"), py::arg("format") = "auto", py::arg("max_bytes") = py::none(),
        py::call_guard<py::gil_scoped_release>());

    m.def(
        "parse_page", [](const std::string& text) { return annals::to_json(annals::parse_page(text)); },
        py::arg("text"), py::call_guard<py::gil_scoped_release>());
    m.def(
        "parse_html", [](const std::string& html) { return annals::to_json(annals::parse_html(html)); },
        py::arg("html"), py::call_guard<py::gil_scoped_release>());
    m.def("normalize_date", [](const std::string& text) { return annals::normalize_date(text); },
          py::arg("text"));
    m.def(
        "derive_id", [](const std::string& json) { return annals::derive_id(annals::article_from_json(json)); },
        py::arg("json"));
}
