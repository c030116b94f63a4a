"""annals: archival search over news articles, from Python.

Index articles (plain dicts in the shape of the annals article record), extract the
people, places, organisations and dates they mention, and run faceted searches::

    import annals

    with annals.Archive("news.db") as archive:
        archive.add({"title": "Rubio in Kyiv", "body": "Marco Rubio met ...",
                     "published": "2025-11-27"})

    with annals.Searcher("news.db") as searcher:
        results = searcher.search("person:rubio", facets=["place", "year"])
        for hit in results.hits:
            print(hit.rank, hit.title, hit.snippet)
        print(results.facets["place"])       # [("Kyiv", 1)]

Articles go in and come out as dicts (unknown fields are kept). Errors are raised as
annals.Error subclasses: UsageError (and its QueryError, with .position), InputError
(with .file, .line, .reason) and ArchiveError. Long calls release the GIL.
"""

from __future__ import annotations

import json as _json
from importlib.util import find_spec as _find_spec
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Optional, TypeVar, Union

# Installed, the extension lives inside the package; in the build tree it sits on PYTHONPATH
# beside it. Look before importing so that a real load failure is not masked. Type checkers
# take the first branch, where the stubs (_annals.pyi) are.
if TYPE_CHECKING or _find_spec(__name__ + "._annals") is not None:
    from . import _annals
else:
    import _annals

Error = _annals.Error
UsageError = _annals.UsageError
QueryError = _annals.QueryError
InputError = _annals.InputError
ArchiveError = _annals.ArchiveError

__all__ = [
    "Archive",
    "ArchiveError",
    "Error",
    "Hit",
    "IndexReport",
    "InputError",
    "QueryError",
    "RelatedEntity",
    "Results",
    "Searcher",
    "UsageError",
    "__version__",
    "derive_id",
    "extract",
    "normalize_date",
    "parse_html",
    "parse_page",
    "read_articles",
]

__version__: str = _annals.__version__

#: An article: a dict in the shape of the article record (docs/formats.md), or its JSON text.
ArticleLike = Union[Mapping[str, Any], str]

def _to_json(article: ArticleLike) -> str:
    if isinstance(article, str):
        return article
    if isinstance(article, Mapping):
        return _json.dumps(dict(article), ensure_ascii=False)
    raise TypeError(f"an article is a dict or JSON text, not {type(article).__name__}")


def _from_json(text: str) -> dict[str, Any]:
    article: dict[str, Any] = _json.loads(text)
    return article


def _input_error(message: str, file: str, line: int, reason: str) -> InputError:
    error = InputError(message)
    error.file, error.line, error.reason = file, line, reason
    return error


@dataclass
class IndexReport:
    """What Archive.index() did: how many articles were added, and each rejection."""

    added: int
    rejected: list[InputError] = field(default_factory=list)


_HandleT = TypeVar("_HandleT", bound="_Handle")


class _Handle:
    """What Archive and Searcher share: close(), ``with`` blocks and len()."""

    _impl: Union[_annals.Archive, _annals.Searcher]

    def close(self) -> None:
        """Releases the archive (an Archive commits first). Closing twice is harmless."""
        self._impl.close()

    @property
    def closed(self) -> bool:
        return self._impl.closed

    def __len__(self) -> int:
        """Number of articles in the archive."""
        return self._impl.size()

    def __enter__(self: _HandleT) -> _HandleT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Archive(_Handle):
    """A writable archive (one writer at a time per directory).

    Articles are stored whole and indexed; entities are extracted on the way in.
    Changes are committed every ``batch_size`` additions, by commit(), and by close()
    (also on leaving a ``with`` block). Raises ArchiveError when the archive cannot be
    opened, is locked by another writer or has another schema version.
    """

    _impl: _annals.Archive

    def __init__(self, path: str, *, batch_size: int = 500, create: bool = True) -> None:
        self._impl = _annals.Archive(str(path), batch_size, create)
        self.path = str(path)

    def add(self, article: ArticleLike) -> str:
        """Adds (or replaces, by id) one article; returns its id (derived when missing).

        Raises InputError for malformed JSON or an article with neither title nor body.
        """
        return self._impl.add_json(_to_json(article))

    def add_many(self, articles: Iterable[ArticleLike]) -> list[str]:
        """Adds many articles in one call (the GIL is released once); returns their ids.

        Stops at the first bad article with InputError; those before it are added.
        """
        return self._impl.add_json_many([_to_json(a) for a in articles])

    def index(self, path: str, format: str = "auto", *, max_bytes: Optional[int] = None,
              threads: int = 0) -> IndexReport:
        """Reads every article of a file or directory (as annals-index does) and adds it.

        Reading, page cleaning and extraction run on ``threads`` threads (0, the
        default: one per core); the archive is the same for any count. Rejected
        articles do not stop the others: they are listed in the report, in input order.
        """
        added, rejected = self._impl.index_path(str(path), format, max_bytes, threads)
        return IndexReport(added, [_input_error(*r) for r in rejected])

    def remove(self, id: str) -> bool:
        """Removes the article with this id; False when there was none."""
        return self._impl.remove(id)

    def get(self, id: str) -> Optional[dict[str, Any]]:
        """The stored article with this id (entities included), or None."""
        text = self._impl.get_json(id)
        return None if text is None else _from_json(text)

    def commit(self) -> None:
        """Makes every change so far durable and visible to searchers that reopen."""
        self._impl.commit()

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self._impl.get_json(id) is not None

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<annals.Archive {self.path!r} ({state})>"


@dataclass
class Hit:
    """One matching article."""

    rank: int  #: 1-based position in the whole result list
    score: float  #: relevance in [0, 1]
    snippet: str  #: body excerpt, query words in <b>...</b>, HTML-escaped
    article: dict[str, Any]  #: the stored article, "entities" included
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    #: with collapse: ids of the other matching articles of this hit's duplicate group
    duplicates: list[str] = field(default_factory=list)
    #: with a near: in the query: km from its centre to the nearest city or town mentioned
    distance_km: Optional[float] = None

    @property
    def id(self) -> str:
        return self.article.get("id", "")

    @property
    def title(self) -> str:
        return self.article.get("title", "")

    @property
    def published(self) -> str:
        return self.article.get("published", "")

    @property
    def url(self) -> str:
        return self.article.get("url", "")

    @property
    def authors(self) -> list[str]:
        return list(self.article.get("authors", []))


@dataclass
class RelatedEntity:
    """An entity the results name more often than the archive at large (Searcher.search(related=...))."""

    value: str  #: the name as its facet shows it
    count: int  #: matching articles that name it
    archive_count: int  #: articles of the whole archive that name it
    score: float  #: log-likelihood ratio (G²) of the association; 0 when there is none


@dataclass
class Results:
    """The answer to a search. Iterating yields the hits."""

    query: str
    total: int  #: exact number of matching articles
    offset: int
    limit: int
    hits: list[Hit]
    #: facet name -> [(value, count), ...], in the order the facets were asked for
    facets: dict[str, list[tuple[str, int]]]
    suggestion: Optional[str]  #: a corrected query when this one looks misspelled
    json: str = field(repr=False, default="")  #: the annals-query --json object (docs/formats.md)
    #: entity type -> related entities, most significant first, in the order asked for
    related: dict[str, list[RelatedEntity]] = field(default_factory=dict)
    like: str = ""  #: the article id the hits are like (search(like=...)), "" when unused
    #: matching articles, duplicates folded by collapse included (= total without collapse)
    articles: int = 0

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


class Searcher(_Handle):
    """Read-only access to an archive. Raises ArchiveError when it cannot be opened.

    ``path`` is an archive folder, "tcp://HOST:PORT" for an archive served by Xapian's
    xapian-tcpsrv, or a list of them to search as one (exact totals and facets over all).
    A Searcher sees the archive as it was when opened; reopen() sees later commits.
    """

    _impl: _annals.Searcher

    def __init__(self, path: Union[str, os.PathLike[str], Sequence[Union[str, os.PathLike[str]]]]) -> None:
        paths = [str(path)] if isinstance(path, (str, os.PathLike)) else [str(p) for p in path]
        self._impl = _annals.Searcher(paths)
        self.path = ", ".join(paths)

    def search(
        self,
        query: str = "",
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        facets: Union[str, Iterable[str]] = (),
        facet_limit: int = 20,
        collapse: bool = False,
        facets_count_groups: bool = False,
        like: str = "",
        related: Union[str, Iterable[str]] = (),
        related_limit: int = 10,
    ) -> Results:
        """Runs a query (docs/query-language.md); "" matches every article.

        sort is "relevance", "newest", "oldest" or "distance" (nearest first from the query's
        first near:). facets names facet fields (person, place, country, about_country,
        organization, author, category, publication, year, month, mentioned_year). collapse
        folds each group of duplicates (the same story republished or crawled twice) into one
        hit, whose .duplicates lists the others; facets_count_groups counts each group once in
        facets.
        like is an article id: only articles like it match, most similar first, itself
        excluded (the same as "like:ID" in the query). related names entity types (person,
        place, organization) whose entities most associated with the results are listed in
        Results.related, at most related_limit each (0 = all).
        Raises QueryError (with .position) for a query that cannot be parsed or an unknown
        like id, and UsageError for an unknown sort, facet or related type.
        """
        if isinstance(facets, str):
            facets = [facets]
        if isinstance(related, str):
            related = [related]
        if limit < 0 or offset < 0 or facet_limit < 0 or related_limit < 0:
            raise UsageError("limit, offset, facet_limit and related_limit must not be negative")
        raw = self._impl.search(
            query, offset, limit, sort, list(facets), facet_limit, collapse, facets_count_groups, like,
            list(related), related_limit
        )
        hits = [
            Hit(
                rank=h["rank"],
                score=h["score"],
                snippet=h["snippet"],
                article=_from_json(h["article"]),
                people=h["people"],
                places=h["places"],
                organizations=h["organizations"],
                duplicates=h["duplicates"],
                distance_km=h["distance_km"],
            )
            for h in raw["hits"]
        ]
        return Results(
            query=raw["query"],
            total=raw["total"],
            offset=raw["offset"],
            limit=raw["limit"],
            hits=hits,
            facets={name: list(values) for name, values in raw["facets"]},
            suggestion=raw["suggestion"],
            json=raw["json"],
            like=raw["like"],
            related={
                kind: [RelatedEntity(value, count, archive, score) for value, count, archive, score in values]
                for kind, values in raw["related"]
            },
            articles=raw["articles"],
        )

    def explain(self, query: str) -> str:
        """The parsed form of a query, for debugging. Raises QueryError like search()."""
        return self._impl.explain(query)

    def reopen(self) -> None:
        """Sees the latest committed state of the archive."""
        self._impl.reopen()

    def set_threads(self, threads: int) -> None:
        """Threads that count the matches of one search, on an archive of one local database:
        0 (the default) one per core on archives of 50,000 articles or more, 1 only the
        calling thread, N > 1 that many whatever the size. Results are the same either way.
        Raises ValueError for a negative number."""
        if threads < 0:
            raise ValueError("threads must be 0 or more")
        self._impl.set_threads(threads)

    def __repr__(self) -> str:
        return f"<annals.Searcher {self.path!r}>"


def extract(article: ArticleLike) -> dict[str, Any]:
    """The article as a dict with an "entities" list (docs/formats.md): every mention of a
    person, place, organisation or date, with byte offsets into title or body.

    A missing id is derived and published is normalised, as the indexer does.
    Raises InputError for malformed JSON or an article with neither title nor body.
    """
    return _from_json(_annals.extract_json(_to_json(article)))


def read_articles(
    path: str,
    format: str = "auto",
    *,
    on_error: Optional[Callable[[InputError], None]] = None,
    max_bytes: Optional[int] = None,
) -> list[dict[str, Any]]:
    """Every article of a file, directory (recursed) or "-" (JSON Lines on stdin), as dicts.

    format is "auto" (by extension), "jsonl", "json", "txt"/"page", "html", "reuters",
    "nitf" or "warc". Rejected articles go to on_error (reading goes on); without it the
    first rejection is raised as InputError once reading is done. Raises InputError when
    path cannot be read.
    """
    articles, rejected = _annals.read_articles(str(path), format, max_bytes)
    errors = [_input_error(*r) for r in rejected]
    if errors and on_error is None:
        raise errors[0]
    for error in errors:
        on_error(error)  # type: ignore[misc]
    return [_from_json(text) for text, _file, _line in articles]


def parse_page(text: str | bytes) -> dict[str, Any]:
    """Parses a saved page or plain article text (first line the headline) into an article.

    Bytes in any encoding are decoded (byte order mark, UTF-8, else detected)."""
    return _from_json(_annals.parse_page(text))


def parse_html(html: str | bytes) -> dict[str, Any]:
    """Parses an HTML page into an article (title, metadata, main text).

    Pass the page's bytes as they were fetched: the encoding is taken from a byte order mark,
    valid UTF-8, the page's <meta charset>, or detected. A page where no main text is found
    gives an empty "body"; one with neither title nor text raises InputError."""
    return _from_json(_annals.parse_html(html))


def normalize_date(text: str) -> Optional[str]:
    """The date or date-time as ISO 8601 ("2025-11-27T09:22:00"), or None if it is not one."""
    return _annals.normalize_date(text)


def derive_id(article: ArticleLike) -> str:
    """The stable id annals gives an article that has none (from its url, else its content)."""
    return _annals.derive_id(_to_json(article))
