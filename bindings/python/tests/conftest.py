"""Shared fixtures: a small archive of three articles built in a temporary directory."""

import pytest

import annals

KYIV = {
    "id": "py-1",
    "title": "Foreign ministers meet in Kyiv",
    "published": "2025-11-27T09:22:00Z",
    "authors": ["Jane Roe"],
    "categories": ["World"],
    "body": "Marco Rubio met Ukrainian officials in Kyiv on Thursday to discuss the grain "
    "corridor. Rubio said the talks lasted four hours.",
    "x_source": {"feed": 7, "tags": ["a", "b"]},
}
NORFOLK = {
    "id": "py-2",
    "title": "Harvest festival returns to Norfolk",
    "published": "2024-09-14",
    "categories": ["Local"],
    "body": "Farmers in Norfolk celebrated a record harvest with a festival on the green. "
    "The parish council thanked volunteers.",
}
ZURICH = {
    "id": "py-3",
    "title": "Café owners in Zürich protest rent rises",
    "published": "2023-03-02",
    "categories": ["Local"],
    "body": "Owners of a café near the lake in Zürich said rents had doubled since 2021.",
}
ARTICLES = [KYIV, NORFOLK, ZURICH]


@pytest.fixture
def db_path(tmp_path):
    """Path of an archive holding ARTICLES, committed and closed."""
    path = tmp_path / "news.db"
    with annals.Archive(str(path)) as archive:
        for article in ARTICLES:
            archive.add(article)
    return str(path)


@pytest.fixture
def searcher(db_path):
    with annals.Searcher(db_path) as s:
        yield s
