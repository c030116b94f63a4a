// to_json(SearchResults): the annals-query --json shape (docs/formats.md).
#include "annals/search.hpp"

#include <cmath>

#include "util/json.hpp"

namespace annals {

std::string to_json(const SearchResults& results) {
    detail::json::Writer w;
    w.begin_object();
    w.key("query").value(results.query);
    if (!results.like.empty()) w.key("like").value(results.like);  // only when asked for, like "related"
    w.key("total").value(results.total);
    w.key("articles").value(results.articles);
    w.key("offset").value(results.offset);
    w.key("limit").value(results.limit);
    w.key("hits").begin_array();
    for (const Hit& hit : results.hits) {
        const Article& a = hit.article;
        w.begin_object();
        w.key("id").value(a.id);
        w.key("rank").value(hit.rank);
        w.key("score").value(hit.score);
        w.key("title").value(a.title);
        w.key("published").value(a.published);
        w.key("url").value(a.url);
        w.strings("authors", a.authors);
        w.key("snippet").value(hit.snippet);
        w.strings("people", a.names(EntityType::Person));
        w.strings("places", a.names(EntityType::Place));
        w.strings("organizations", a.names(EntityType::Organization));
        w.strings("duplicates", hit.duplicates);
        if (hit.distance_km) w.key("distance_km").value(*hit.distance_km);
        w.end_object();
    }
    w.end_array();
    w.key("facets").begin_object();
    for (const auto& [name, buckets] : results.facets) {
        w.key(name).begin_array();
        for (const FacetValue& b : buckets) {
            w.begin_object();
            w.key("value").value(b.value);
            w.key("count").value(b.count);
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
    // Only when asked for, so that the shape of other searches stays as it was.
    if (!results.related.empty()) {
        w.key("related").begin_object();
        for (const auto& [type, entities] : results.related) {
            w.key(type).begin_array();
            for (const RelatedEntity& e : entities) {
                w.begin_object();
                w.key("value").value(e.value);
                w.key("count").value(e.count);
                w.key("archive_count").value(e.archive_count);
                w.key("score").value(std::round(e.score * 1000) / 1000);  // stable across platforms
                w.end_object();
            }
            w.end_array();
        }
        w.end_object();
    }
    w.key("suggestion");
    if (results.suggestion)
        w.value(*results.suggestion);
    else
        w.null();
    w.end_object();
    return w.take();
}

}  // namespace annals
