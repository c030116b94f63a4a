// The routes of annals-serve: the JSON API under /api/ and the search page.
#pragma once

#include <httplib.h>

#include "searcher_pool.hpp"

namespace annals::serve {

/// GET /api/search, /api/articles/ID and /api/health (docs/http-api.md), JSON
/// errors for every failing request, and 405 for methods that would write.
void add_api_routes(httplib::Server& server, SearcherPool& pool);

/// GET / and the page's script and style sheet, built into the binary from web/.
void add_page_routes(httplib::Server& server);

}  // namespace annals::serve
