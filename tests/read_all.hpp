// Test helper: everything read_articles() delivers, rejects and warns about.
#pragma once

#include <string>
#include <vector>

#include "annals/error.hpp"
#include "annals/ingest.hpp"

struct Collected {
    std::vector<annals::Article> articles;
    std::vector<annals::SourceLocation> where;
    std::vector<std::string> rejects;
    std::vector<std::string> warnings;
};

inline Collected read_all(const std::string& path, annals::ReadOptions options = {}) {
    Collected c;
    options.warn = [&](const annals::InputError& e) { c.warnings.push_back(e.what()); };
    annals::read_articles(
        path, options,
        [&](annals::Article&& a, const annals::SourceLocation& l) {
            c.articles.push_back(std::move(a));
            c.where.push_back(l);
        },
        [&](const annals::InputError& e) { c.rejects.push_back(e.what()); });
    return c;
}
