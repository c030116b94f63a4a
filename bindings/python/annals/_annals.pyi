# Types of the private extension module _annals (src/module.cpp), for mypy and editors.
# Keep in step with module.cpp: tests/test_typing.py runs mypy.stubtest against the built
# module and mypy --strict on a client program, and fails when the two disagree.
from typing import TypedDict

__version__: str

class Error(Exception): ...
class UsageError(Error): ...

class QueryError(UsageError):
    position: int | None  # byte offset of the problem in the query
    reason: str | None

class InputError(Error):
    file: str | None
    line: int | None
    reason: str | None

class ArchiveError(Error): ...

# A rejected article: (message, file, line, reason).
_Rejection = tuple[str, str, int, str]

class _RawHit(TypedDict):
    rank: int
    score: float
    snippet: str
    article: str  # the stored article as JSON text
    people: list[str]
    places: list[str]
    organizations: list[str]
    duplicates: list[str]
    distance_km: float | None

class _RawResults(TypedDict):
    query: str
    like: str
    total: int
    articles: int
    offset: int
    limit: int
    hits: list[_RawHit]
    facets: list[tuple[str, list[tuple[str, int]]]]  # (name, [(value, count), ...])
    related: list[tuple[str, list[tuple[str, int, int, float]]]]  # (type, [(value, count, archive_count, score)])
    suggestion: str | None
    json: str  # the annals-query --json object

class Archive:
    def __init__(self, path: str, batch_size: int = 500, create: bool = True) -> None: ...
    def add_json(self, json: str) -> str: ...
    def add_json_many(self, articles: list[str]) -> list[str]: ...
    def index_path(
        self, path: str, format: str = "auto", max_bytes: int | None = None, threads: int = 0
    ) -> tuple[int, list[_Rejection]]: ...
    def remove(self, id: str) -> bool: ...
    def commit(self) -> None: ...
    def size(self) -> int: ...
    def get_json(self, id: str) -> str | None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...

class Searcher:
    def __init__(self, archives: list[str]) -> None: ...
    def search(
        self,
        query: str,
        offset: int,
        limit: int,
        sort: str,
        facets: list[str],
        facet_limit: int,
        collapse: bool = False,
        facets_count_groups: bool = False,
        like: str = "",
        related: list[str] = [],
        related_limit: int = 10,
    ) -> _RawResults: ...
    def explain(self, query: str) -> str: ...
    def size(self) -> int: ...
    def reopen(self) -> None: ...
    def set_threads(self, threads: int) -> None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...

def extract_json(json: str) -> str: ...
def read_articles(
    path: str, format: str = "auto", max_bytes: int | None = None
) -> tuple[list[tuple[str, str, int]], list[_Rejection]]: ...  # ([(json, file, line)], rejections)
def parse_page(text: str | bytes) -> str: ...
def parse_html(html: str | bytes) -> str: ...
def normalize_date(text: str) -> str | None: ...
def derive_id(json: str) -> str: ...
