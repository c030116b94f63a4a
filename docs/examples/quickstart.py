"""The Python example of docs/bindings.md: index two articles, then search with facets.
Run against the installed package by the test suite (tests/install/check.sh).

    python3 quickstart.py ARCHIVE_DIR
"""
import sys

import annals

path = sys.argv[1]
with annals.Archive(path) as archive:  # commits and releases the lock on exit
    archive.add({"title": "Rubio in Kyiv", "body": "Marco Rubio met officials in Kyiv on Tuesday.",
                 "published": "2025-11-27", "x_feed": 7})  # returns the id
    archive.add({"id": "b", "title": "Harvest in Norfolk", "body": "Farmers in Norfolk had a record year."})

with annals.Searcher(path) as searcher:
    results = searcher.search("person:rubio", limit=10, sort="newest", facets=["place", "year"])
    print(results.total, results.suggestion)
    for hit in results.hits:
        print(hit.rank, hit.id, hit.title, hit.snippet, hit.people, hit.article["x_feed"])
    print(results.facets["year"])  # [("2025", 1)]

print(annals.normalize_date("27 November 2025"))  # 2025-11-27
sys.exit(0 if results.total == 1 and results.facets["year"] == [("2025", 1)] else 1)
