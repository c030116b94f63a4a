"""annals.Archive: adding, replacing, removing, committing, locking."""

import json
import threading

import pytest

import annals
from conftest import ARTICLES, KYIV, NORFOLK


def test_archive_counts_added_articles(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        assert len(archive) == 0
        ids = [archive.add(a) for a in ARTICLES]
        assert ids == ["py-1", "py-2", "py-3"]
        assert len(archive) == 3


def test_archive_accepts_json_text(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        assert archive.add(json.dumps(KYIV)) == "py-1"
        assert "py-1" in archive


def test_add_replaces_by_id(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        archive.add(KYIV)
        archive.add(dict(KYIV, title="Ministers meet again in Kyiv"))
        assert len(archive) == 1
        assert archive.get("py-1")["title"] == "Ministers meet again in Kyiv"


def test_missing_id_is_derived_stably(tmp_path):
    article = {"title": "No id here", "body": "An article without an id.", "url": "https://example.com/a"}
    with annals.Archive(str(tmp_path / "db")) as archive:
        first = archive.add(article)
        second = archive.add(article)
        assert first and first == second
        assert first == annals.derive_id(article)
        assert len(archive) == 1


def test_stored_article_keeps_unknown_fields_and_has_entities(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        archive.add(KYIV)
        stored = archive.get("py-1")
    assert stored["x_source"] == {"feed": 7, "tags": ["a", "b"]}
    assert stored["title"] == KYIV["title"]
    assert stored["authors"] == ["Jane Roe"]
    assert isinstance(stored.get("entities"), list) and stored["entities"]


def test_get_missing_returns_none(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        assert archive.get("nope") is None
        assert "nope" not in archive


def test_remove(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        archive.add(KYIV)
        archive.add(NORFOLK)
        assert archive.remove("py-1") is True
        assert archive.remove("py-1") is False
        assert len(archive) == 1


def test_bad_articles_raise_input_error(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        with pytest.raises(annals.InputError) as info:
            archive.add('{"title": ')
        assert isinstance(info.value, annals.Error)
        assert info.value.reason
        with pytest.raises(annals.Error):
            archive.add({"url": "https://example.com/only-a-url"})
        with pytest.raises(TypeError):
            archive.add(42)
        assert len(archive) == 0


def test_add_many_stops_at_first_bad_article(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        assert archive.add_many([KYIV, NORFOLK]) == ["py-1", "py-2"]
        with pytest.raises(annals.InputError):
            archive.add_many([dict(KYIV, id="py-9"), "{oops", NORFOLK])
        assert "py-9" in archive
        assert len(archive) == 3


def test_second_writer_is_refused_until_close(tmp_path):
    path = str(tmp_path / "db")
    first = annals.Archive(path)
    with pytest.raises(annals.ArchiveError):
        annals.Archive(path)
    first.close()
    with annals.Archive(path) as again:  # the lock is released by close()
        assert len(again) == 0


def test_closed_archive_raises_usage_error(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        archive.add(KYIV)
    assert archive.closed
    archive.close()  # closing twice is harmless
    with pytest.raises(annals.UsageError):
        archive.add(NORFOLK)


def test_open_without_create_fails_on_missing_archive(tmp_path):
    with pytest.raises(annals.ArchiveError):
        annals.Archive(str(tmp_path / "missing"), create=False)


def test_commit_makes_changes_visible_to_searchers(tmp_path):
    path = str(tmp_path / "db")
    with annals.Archive(path) as archive:
        archive.add(KYIV)
        archive.commit()
        searcher = annals.Searcher(path)
        assert searcher.search().total == 1
        archive.add(NORFOLK)
        archive.commit()
        assert searcher.search().total == 1  # a searcher sees the state it opened
        searcher.reopen()
        assert searcher.search().total == 2
        searcher.close()


def test_index_reads_files_and_reports_rejections(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    lines = [json.dumps(KYIV), "{not json", json.dumps(NORFOLK)]
    (source / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with annals.Archive(str(tmp_path / "db")) as archive:
        report = archive.index(str(source))
        assert report.added == 2
        assert len(report.rejected) == 1
        error = report.rejected[0]
        assert isinstance(error, annals.InputError)
        assert error.line == 2
        assert error.file.endswith("a.jsonl")
        assert len(archive) == 2


def test_index_gives_the_same_archive_on_any_number_of_threads(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [{"id": f"t{i}", "title": f"Round {i} of talks in Geneva",
             "body": f"Marco Rubio met Sergei Lavrov in Geneva for round {i}."} for i in range(200)]
    rows.insert(120, "{broken")
    source.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    results = []
    for threads in (1, 3):
        with annals.Archive(str(tmp_path / f"db{threads}")) as archive:
            report = archive.index(str(source), threads=threads)
        assert report.added == 200
        assert [e.line for e in report.rejected] == [121]
        with annals.Searcher(str(tmp_path / f"db{threads}")) as searcher:
            found = searcher.search("geneva", limit=5, facets=["person"])
            results.append(([h.id for h in found], found.facets))
    assert results[0] == results[1]


def test_index_missing_path_raises_input_error(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        with pytest.raises(annals.InputError):
            archive.index(str(tmp_path / "no-such-dir"))


def test_concurrent_adds_from_threads_are_serialised(tmp_path):
    with annals.Archive(str(tmp_path / "db")) as archive:
        def work(n):
            for i in range(20):
                archive.add({"id": f"t{n}-{i}", "title": f"Thread {n} article {i}", "body": "text"})

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(archive) == 80
