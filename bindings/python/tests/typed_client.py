"""A small client of the annals package, type-checked by test_typing.py with mypy --strict.

It is never run: it exists so that mypy sees every public name used as a client would, and
fails when the package's annotations or the _annals stubs go wrong.
"""

from __future__ import annotations

from typing import Optional

import annals


def index_and_search(path: str, incoming: str) -> list[tuple[int, str, list[str]]]:
    with annals.Archive(path, batch_size=100, create=True) as archive:
        new_id: str = archive.add({"title": "Rubio in Kyiv", "body": "Marco Rubio met ..."})
        ids: list[str] = archive.add_many(['{"title": "T", "body": "B"}'])
        report: annals.IndexReport = archive.index(incoming, "auto", max_bytes=None, threads=2)
        added: int = report.added
        for error in report.rejected:
            where: tuple[Optional[str], Optional[int], Optional[str]] = (error.file, error.line,
                                                                         error.reason)
            print(where, added)
        stored: Optional[dict[str, object]] = archive.get(new_id)
        print(stored, ids, new_id in archive, len(archive), archive.remove(ids[0]), archive.closed)
        archive.commit()

    out: list[tuple[int, str, list[str]]] = []
    with annals.Searcher([path]) as searcher:
        try:
            results: annals.Results = searcher.search("person:rubio", limit=5, sort="newest",
                                                      facets=["place", "year"], facet_limit=3)
        except annals.QueryError as e:
            position: Optional[int] = e.position
            print(position, e.reason)
            return out
        total: int = results.total
        suggestion: Optional[str] = results.suggestion
        buckets: list[tuple[str, int]] = results.facets["place"]
        for hit in results:
            score: float = hit.score
            out.append((hit.rank, hit.title, hit.people + hit.places + hit.organizations))
            print(score, hit.id, hit.snippet, hit.published, hit.url, hit.authors, hit.article)
        print(total, suggestion, buckets, results.json, searcher.explain("kyiv"), len(searcher))
        like: annals.Results = searcher.search("date:2024..", like=new_id, related=["person", "place"],
                                               related_limit=5)
        for kind, entities in like.related.items():
            for entity in entities:
                named: tuple[str, str, int, int, float] = (kind, entity.value, entity.count,
                                                           entity.archive_count, entity.score)
                print(named)
        searcher.reopen()
    return out


def extract_names(text: str) -> list[str]:
    article = annals.extract({"title": "", "body": text})
    entities: list[dict[str, object]] = article["entities"]
    return [str(e["text"]) for e in entities]


def read_all(path: str) -> list[dict[str, object]]:
    errors: list[annals.InputError] = []
    articles = annals.read_articles(path, "jsonl", on_error=errors.append, max_bytes=1 << 20)
    page: dict[str, object] = annals.parse_page(b"Headline\n\nBody text.")
    html: dict[str, object] = annals.parse_html("<html><title>T</title></html>")
    day: Optional[str] = annals.normalize_date("27 November 2025")
    ident: str = annals.derive_id({"url": "https://example.org/a"})
    print(page, html, day, ident, annals.__version__)
    return articles
