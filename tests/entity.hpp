// Hand-made entity mentions for fixture articles, so that search tests do not
// depend on the extractor.
#pragma once

#include <string>
#include <utility>

#include "annals/article.hpp"

/// A mention of @p text; its canonical form is @p canonical, or the text itself
/// (dates have none: their @p value is the TIMEX value).
inline annals::Entity entity(annals::EntityType type, std::string text, std::string canonical = "",
                             std::string country = "", std::string value = "") {
    annals::Entity e;
    e.type = type;
    e.text = std::move(text);
    e.canonical = canonical.empty() && type != annals::EntityType::Date ? e.text : std::move(canonical);
    e.country = std::move(country);
    e.value = std::move(value);
    return e;
}
