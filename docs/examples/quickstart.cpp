// The example of docs/api.md: index two articles, then search with facets.
// Built and run by the test suite (tests/CMakeLists.txt), so it stays true.
//
//   quickstart ARCHIVE_DIR
#include <annals/annals.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: quickstart ARCHIVE_DIR\n";
        return 2;
    }
    try {
        annals::Extractor extractor;  // built-in models, shared read-only
        {
            auto archive = annals::Archive::open(argv[1]);
            annals::Article a;
            a.title = "Rubio meets NATO allies in Brussels";
            a.body = "Secretary of State Marco Rubio met NATO foreign ministers in Brussels on Tuesday. "
                     "Rubio said the alliance had grown stronger since February 2022.";
            a.published = "2025-04-04T10:00:00Z";
            a.id = annals::derive_id(a);
            extractor.annotate(a);  // people, places, organisations, dates
            archive.add(a);

            annals::Article b = annals::article_from_json(
                R"({"id": "b", "title": "Kyiv rebuilds", "body": "Workers in Kyiv repaired the bridge.",
                    "published": "2024-06-01", "categories": ["economy"]})");
            extractor.annotate(b);
            archive.add(b);
        }  // the archive commits when it goes out of scope

        annals::Searcher searcher(argv[1]);
        annals::SearchRequest request;
        request.query = "person:rubio OR place:kiev";
        request.facets = {"person", "year"};
        annals::SearchResults results = searcher.search(request);

        std::cout << results.total << " hits\n";
        for (const annals::Hit& hit : results.hits)
            std::cout << hit.rank << ". " << hit.article.title << " (" << hit.article.published << ")\n";
        for (const auto& [facet, buckets] : results.facets)
            for (const auto& bucket : buckets) std::cout << facet << ": " << bucket.value << " " << bucket.count << "\n";
        return results.total == 2 ? 0 : 1;
    } catch (const annals::QueryError& e) {
        std::cerr << "bad query at " << e.position() << ": " << e.reason() << "\n";
    } catch (const annals::Error& e) {
        std::cerr << e.what() << "\n";
    }
    return 1;
}
