#include "routes.hpp"

#include <annals/annals.hpp>

#include <charconv>
#include <string>

#include "cli.hpp"

// The page's files, embedded at build time (annals_embed_file in tools/CMakeLists.txt).
namespace annals::detail::data {
std::string web_index_html();
std::string web_app_js();
std::string web_app_css();
}  // namespace annals::detail::data

namespace annals::serve {

namespace {

const char* const kJson = "application/json; charset=utf-8";
// Large enough for any page of results a person reads; bounds the work one request can ask for.
constexpr std::size_t kMaxLimit = 1000;

void send_json(httplib::Response& res, int status, std::string body) {
    res.status = status;
    body += '\n';
    res.set_content(body, kJson);
    res.set_header("Cache-Control", "no-store");
}

void send_error(httplib::Response& res, int status, const Error& error) {
    send_json(res, status, to_json(error));
}

std::size_t number_param(const httplib::Request& req, const char* name, std::size_t fallback, std::size_t max) {
    if (!req.has_param(name)) return fallback;
    const std::string text = req.get_param_value(name);
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        throw UsageError(std::string(name) + " must be a whole number, not '" + text + "'");
    if (n > max) throw UsageError(std::string(name) + " must be at most " + std::to_string(max));
    return n;
}

// The request of /api/search, with annals-query's options as parameters.
SearchRequest search_request(const httplib::Request& req) {
    SearchRequest request;
    request.query = req.get_param_value("q");
    request.limit = number_param(req, "limit", request.limit, kMaxLimit);
    request.offset = number_param(req, "offset", request.offset, static_cast<std::size_t>(-1));
    request.facet_limit = number_param(req, "facet_limit", request.facet_limit, kMaxLimit);
    if (req.has_param("sort")) request.sort = sort_order_from_string(req.get_param_value("sort"));
    // facet=person&facet=year or facet=person,year, as annals-query --facet.
    for (std::size_t i = 0, n = req.get_param_value_count("facet"); i < n; ++i)
        cli::append_list(request.facets, req.get_param_value("facet", i));
    request.like = req.get_param_value("like");
    for (std::size_t i = 0, n = req.get_param_value_count("related"); i < n; ++i)
        cli::append_list(request.related, req.get_param_value("related", i));
    request.related_limit = number_param(req, "related_limit", request.related_limit, kMaxLimit);
    return request;
}

// Runs @p body, turning annals' exceptions into JSON errors: 400 for the
// caller's mistakes (a query error keeps its position), 503 when the archive fails.
template <typename F>
void answer(httplib::Response& res, F&& body) {
    try {
        body();
    } catch (const UsageError& e) {
        send_error(res, 400, e);
    } catch (const Error& e) {
        send_error(res, 503, e);
    }
}

std::string health_json(const Searcher& searcher, std::size_t archives) {
    return "{\"status\":\"ok\",\"articles\":" + std::to_string(searcher.size()) +
           ",\"archives\":" + std::to_string(archives) + ",\"version\":\"" ANNALS_VERSION "\"}";
}

}  // namespace

void add_api_routes(httplib::Server& server, SearcherPool& pool) {
    server.Get("/api/search", [&pool](const httplib::Request& req, httplib::Response& res) {
        answer(res, [&] {
            const SearchRequest request = search_request(req);
            send_json(res, 200, to_json(pool.borrow()->search(request)));
        });
    });

    server.Get(R"(/api/articles/(.+))", [&pool](const httplib::Request& req, httplib::Response& res) {
        answer(res, [&] {
            const std::string id = req.matches[1];
            // Read-only lookup through the query language: an exact id: filter.
            // An id with a double quote cannot be written in it, and is not found.
            if (id.find('"') == std::string::npos) {
                SearchRequest request;
                request.query = "id:\"" + id + "\"";
                request.limit = 1;
                SearchResults results = pool.borrow()->search(request);
                if (!results.hits.empty() && results.hits.front().article.id == id)
                    return send_json(res, 200, to_json(results.hits.front().article));
            }
            send_error(res, 404, UsageError("no article with id '" + id + "'"));
        });
    });

    server.Get("/api/health", [&pool](const httplib::Request&, httplib::Response& res) {
        answer(res, [&] { send_json(res, 200, health_json(*pool.borrow(), pool.archives())); });
    });

    // The server never writes: say so for every other method.
    auto read_only = [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Allow", "GET, HEAD");
        send_error(res, 405, UsageError("annals-serve is read-only: use GET"));
    };
    server.Post(".*", read_only);
    server.Put(".*", read_only);
    server.Patch(".*", read_only);
    server.Delete(".*", read_only);

    // Any other error (unknown path, malformed request) as JSON too.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                     httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const std::string message = res.status == 404 ? "no such path: " + req.path
                                                      : "request failed with HTTP status " + std::to_string(res.status);
        send_json(res, res.status, to_json(UsageError(message)));
        return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string message = "internal error";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            message += std::string(": ") + e.what();
        } catch (...) {
        }
        send_json(res, 500, to_json(Error(message)));
    });
}

void add_page_routes(httplib::Server& server) {
    struct Asset {
        const char* path;
        const char* type;
        std::string body;
    };
    // Loaded once; the handlers share them read-only.
    static const Asset assets[] = {
        {"/", "text/html; charset=utf-8", detail::data::web_index_html()},
        {"/app.js", "text/javascript; charset=utf-8", detail::data::web_app_js()},
        {"/app.css", "text/css; charset=utf-8", detail::data::web_app_css()},
    };
    for (const Asset& asset : assets) {
        server.Get(asset.path, [&asset](const httplib::Request&, httplib::Response& res) {
            res.set_content(asset.body, asset.type);
            res.set_header("Cache-Control", "no-cache");
            // Everything the page needs comes from this server; nothing inline, nothing remote.
            res.set_header("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        });
    }
}

}  // namespace annals::serve
