// annals/annals.hpp: the whole public API of annals in one include.
#pragma once

#include "annals/archive.hpp"
#include "annals/article.hpp"
#include "annals/error.hpp"
#include "annals/extract.hpp"
#include "annals/indexer.hpp"
#include "annals/ingest.hpp"
#include "annals/json.hpp"
#include "annals/search.hpp"
#include "annals/version.hpp"
