"""annals.extract, read_articles, parse_page and friends."""

import json
import os
from pathlib import Path

import pytest

import annals
from conftest import KYIV, NORFOLK

FIXTURES = Path(os.environ.get("ANNALS_TEST_FIXTURES",
                               Path(__file__).resolve().parents[3] / "tests" / "fixtures"))


def test_version_is_dotted():
    assert annals.__version__.count(".") == 2


def test_exception_hierarchy():
    assert issubclass(annals.UsageError, annals.Error)
    assert issubclass(annals.QueryError, annals.UsageError)
    assert issubclass(annals.InputError, annals.Error)
    assert issubclass(annals.ArchiveError, annals.Error)
    assert issubclass(annals.Error, Exception)
    assert annals.Error.__module__ == "annals"


def test_extract_lists_mentions_with_byte_offsets():
    article = annals.extract(KYIV)
    entities = article["entities"]
    assert entities
    for e in entities:
        assert e["type"] in {"person", "place", "organization", "date"}
        text = article[e["field"]].encode("utf-8")
        assert text[e["start"]:e["end"]].decode("utf-8") == e["text"]
    assert any(e["type"] == "place" and e["text"] == "Kyiv" for e in entities)
    assert any(e["type"] == "person" and e["text"] == "Marco Rubio" for e in entities)
    assert article["x_source"] == KYIV["x_source"]  # unknown fields survive


def test_extract_offsets_are_bytes_with_non_ascii_text():
    article = annals.extract({"title": "Zürich", "body": "Der Bürgermeister von Zürich traf Angela Merkel in Berlin."})
    for e in article["entities"]:
        raw = article[e["field"]].encode("utf-8")
        assert raw[e["start"]:e["end"]].decode("utf-8") == e["text"]


def test_extract_rejects_bad_input():
    with pytest.raises(annals.InputError):
        annals.extract("[1, 2]")
    with pytest.raises(annals.InputError):
        annals.extract('{"title": 5}')


def test_read_articles_reports_rejections(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(KYIV), "{bad", json.dumps(NORFOLK)]) + "\n", encoding="utf-8")
    seen = []
    articles = annals.read_articles(str(path), on_error=seen.append)
    assert [a["id"] for a in articles] == ["py-1", "py-2"]
    assert len(seen) == 1 and seen[0].line == 2
    with pytest.raises(annals.InputError) as info:
        annals.read_articles(str(path))
    assert info.value.line == 2
    assert str(path) in str(info.value)


def test_read_articles_fills_ids_and_normalises_dates(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "Dated", "body": "Text.", "published": "27 November 2025"}), encoding="utf-8")
    (article,) = annals.read_articles(str(path))
    assert article["id"]
    assert article["published"] == "2025-11-27"


def test_read_articles_unknown_format_is_a_usage_error(tmp_path):
    with pytest.raises(annals.UsageError):
        annals.read_articles(str(tmp_path), format="docx")


@pytest.mark.skipif(not (FIXTURES / "seed.txt").exists(), reason="seed fixture missing")
def test_parse_page_keeps_the_article_and_drops_the_chrome():
    article = annals.parse_page((FIXTURES / "seed.txt").read_text(encoding="utf-8"))
    assert article["title"]
    assert len(article["body"]) > 200
    assert "cookie" not in article["body"].lower()


def test_parse_html_reads_title_and_text():
    article = annals.parse_html(
        "<html><head><title>Storm hits coast</title></head><body><nav>Home | News</nav>"
        "<article><h1>Storm hits coast</h1><p>A storm hit the coast of Cornwall on Monday, "
        "cutting power to thousands of homes.</p></article></body></html>")
    assert article["title"] == "Storm hits coast"
    assert "Cornwall" in article["body"]


def test_parse_html_decodes_the_bytes_of_a_windows_1252_page():
    page = ("<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 owners count the cost</title></head>"
            "<body><article><p>\u201cWe opened every day, but nobody came,\u201d said Ren\u00e9e Gagn\u00e9, "
            "who has run a bakery on the street for eleven years.</p></article></body></html>")
    article = annals.parse_html(page.encode("cp1252"))
    assert article["title"] == "Caf\u00e9 owners count the cost"
    assert "\u201cWe opened every day, but nobody came,\u201d said Ren\u00e9e Gagn\u00e9" in article["body"]


def test_normalize_date():
    assert annals.normalize_date("2025-11-27") == "2025-11-27"
    assert annals.normalize_date("Thursday, 27 November, 2025 9:22 AM") == "2025-11-27T09:22:00"
    assert annals.normalize_date("not a date") is None
