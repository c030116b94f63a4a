"""annals.Searcher: queries, sorting, paging, facets, errors, threads."""

import json
import threading

import pytest

import annals


def test_empty_query_matches_everything(searcher):
    results = searcher.search()
    assert results.total == 3
    assert len(results) == 3
    assert len(searcher) == 3
    assert sorted(hit.id for hit in results) == ["py-1", "py-2", "py-3"]


def test_word_query_finds_the_article(searcher):
    results = searcher.search("kyiv")
    assert results.total == 1
    hit = results.hits[0]
    assert hit.id == "py-1"
    assert hit.title == "Foreign ministers meet in Kyiv"
    assert hit.rank == 1
    assert 0.0 < hit.score <= 1.0
    assert hit.authors == ["Jane Roe"]
    assert hit.published.startswith("2025-11-27")
    assert "<b>" in hit.snippet
    assert hit.article["x_source"] == {"feed": 7, "tags": ["a", "b"]}
    assert isinstance(hit.article["entities"], list)


def test_no_hits_is_not_an_error(searcher):
    results = searcher.search("zanzibar")
    assert results.total == 0
    assert results.hits == []


def test_accented_words_match(searcher):
    results = searcher.search("café")
    assert [hit.id for hit in results] == ["py-3"]
    assert results.hits[0].title == "Café owners in Zürich protest rent rises"


def test_sort_orders_by_published_date(searcher):
    oldest = [hit.id for hit in searcher.search(sort="oldest")]
    newest = [hit.id for hit in searcher.search(sort="newest")]
    assert oldest == ["py-3", "py-2", "py-1"]
    assert newest == ["py-1", "py-2", "py-3"]


def test_offset_and_limit_page_with_exact_total(searcher):
    page = searcher.search(sort="oldest", limit=1, offset=1)
    assert page.total == 3
    assert [hit.id for hit in page] == ["py-2"]
    assert page.hits[0].rank == 2
    assert page.offset == 1 and page.limit == 1
    assert searcher.search(offset=10).hits == []


def test_facets_count_over_the_result_set(searcher):
    results = searcher.search(facets=["year", "category"])
    assert list(results.facets) == ["year", "category"]
    # year is a timeline: every year from the first to the last, in order.
    assert results.facets["year"] == [("2023", 1), ("2024", 1), ("2025", 1)]
    assert results.facets["category"][0] == ("Local", 2)
    assert ("World", 1) in results.facets["category"]


def test_threads_counting_one_search_give_the_same_results(searcher):
    asked = dict(facets=["person", "place", "year"], facet_limit=0, collapse=True)
    searcher.set_threads(1)
    alone = [searcher.search(q, **asked) for q in ("", "kyiv", '"parish council"')]
    searcher.set_threads(3)
    helped = [searcher.search(q, **asked) for q in ("", "kyiv", '"parish council"')]
    assert [r.total for r in helped] == [r.total for r in alone] == [3, 1, 1]
    assert [r.facets for r in helped] == [r.facets for r in alone]
    assert [[h.id for h in r.hits] for r in helped] == [[h.id for h in r.hits] for r in alone]
    with pytest.raises(ValueError):
        searcher.set_threads(-1)


def test_single_facet_name_may_be_a_string(searcher):
    results = searcher.search("harvest", facets="category")
    assert results.facets == {"category": [("Local", 1)]}


def test_results_json_is_the_spec_shape(searcher):
    data = json.loads(searcher.search("kyiv", facets=["year"]).json)
    assert data["total"] == 1
    assert data["hits"][0]["id"] == "py-1"
    assert data["facets"]["year"] == [{"value": "2025", "count": 1}]
    assert "suggestion" in data


def test_bad_query_raises_query_error_with_position(searcher):
    with pytest.raises(annals.QueryError) as info:
        searcher.search("(kyiv OR")
    error = info.value
    assert isinstance(error, annals.UsageError)
    assert isinstance(error, annals.Error)
    assert isinstance(error.position, int)
    assert 0 <= error.position <= len("(kyiv OR")
    assert error.reason
    assert f"position {error.position}" in str(error)


def test_explain_shows_the_parsed_query(searcher):
    assert searcher.explain("kyiv")
    with pytest.raises(annals.QueryError):
        searcher.explain("(kyiv OR")


def test_unknown_sort_and_facet_raise_usage_error(searcher):
    with pytest.raises(annals.UsageError):
        searcher.search("kyiv", sort="sideways")
    with pytest.raises(annals.UsageError):
        searcher.search("kyiv", facets=["no_such_facet"])
    with pytest.raises(annals.UsageError):
        searcher.search("kyiv", limit=-1)


def test_missing_archive_raises_archive_error(tmp_path):
    with pytest.raises(annals.ArchiveError):
        annals.Searcher(str(tmp_path / "missing"))


def test_closed_searcher_raises_usage_error(db_path):
    s = annals.Searcher(db_path)
    s.close()
    with pytest.raises(annals.UsageError):
        s.search("kyiv")


def test_searching_from_many_threads(db_path):
    shared = annals.Searcher(db_path)
    totals, errors = [], []

    def work():
        try:
            own = annals.Searcher(db_path)
            for _ in range(10):
                totals.append(shared.search("kyiv").total)
                totals.append(own.search("harvest OR café").total)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(set(totals)) == [1, 2]
    assert len(totals) == 80


def test_several_archives_are_searched_as_one(db_path, tmp_path):
    from conftest import ARTICLES

    more = {"id": "py-4", "title": "Rubio returns to Kyiv", "body": "Marco Rubio was back in Kyiv.",
            "categories": ["World"]}
    other = tmp_path / "other.db"
    with annals.Archive(str(other)) as archive:
        archive.add(more)
    with annals.Searcher([db_path, other]) as both:
        assert len(both) == len(ARTICLES) + 1
        results = both.search("kyiv", facets=["category"])
        assert sorted(hit.id for hit in results) == ["py-1", "py-4"]
        assert results.facets["category"] == [("World", 2)]


def test_place_aliases_in_plain_words(searcher):
    # py-1 says "Kyiv"; "Kiev" is its gazetteer alias.
    assert [hit.id for hit in searcher.search("kiev")] == ["py-1"]
    assert "<b>Kyiv</b>" in searcher.search("kiev").hits[0].snippet


def test_more_like_this_leaves_the_article_out(searcher):
    like = searcher.search(like="py-2")
    assert like.like == "py-2"
    assert "py-2" not in [hit.id for hit in like]
    assert [hit.id for hit in like] == [hit.id for hit in searcher.search("like:py-2")]
    with pytest.raises(annals.QueryError):
        searcher.search(like="no-such-id")


def test_related_entities(searcher):
    results = searcher.search("kyiv", limit=0, related="place")
    places = results.related["place"]
    assert places and places[0].value == "Kyiv"
    assert places[0].count == 1 and places[0].archive_count == 1 and places[0].score > 0
    assert '"related":{"place":' in results.json
    with pytest.raises(annals.UsageError):
        searcher.search(related=["year"])


WIRE = (
    "Oil prices rose sharply on Monday after the producers' group agreed to cut output by one "
    "million barrels a day from next month, traders said. Benchmark crude for April delivery "
    "climbed 85 cents to 18.20 dlrs a barrel in early trading, the highest level since December."
)


def test_collapse_folds_duplicates_and_lists_the_others(tmp_path):
    path = str(tmp_path / "dups.db")
    with annals.Archive(path) as archive:
        archive.add({"id": "d-1", "title": "Oil prices rise", "body": WIRE})
        archive.add({"id": "d-2", "title": "Oil prices rise (copy)", "body": WIRE})
        archive.add({"id": "d-3", "title": "Oil prices rise, update", "body": WIRE + " Prices eased later."})
    with annals.Searcher(path) as s:
        plain = s.search("oil")
        assert (plain.total, plain.articles) == (3, 3)
        assert all(h.duplicates == [] for h in plain)
        folded = s.search("oil", collapse=True, facets="year")
        assert (folded.total, folded.articles) == (1, 3)
        hit = folded.hits[0]
        assert sorted(hit.duplicates + [hit.id]) == ["d-1", "d-2", "d-3"]
        assert json.loads(folded.json)["hits"][0]["duplicates"] == hit.duplicates
        counted = s.search("oil", facets="person")
        assert counted.facets == {"person": []}
        grouped = s.search("oil", collapse=True, facets_count_groups=True)
        assert grouped.total == 1


def test_near_finds_cities_within_the_radius_and_sorts_by_distance(searcher):
    results = searcher.search("near:lviv~600km", sort="distance")
    assert [h.id for h in results] == ["py-1"]
    assert results.hits[0].distance_km == pytest.approx(470, abs=20)
    assert searcher.search("near:lviv~100km").total == 0
    assert searcher.search("harvest").hits[0].distance_km is None
    with pytest.raises(annals.QueryError) as error:
        searcher.search("near:france~300km")
    assert error.value.position == 5
    with pytest.raises(annals.QueryError):
        searcher.search("harvest", sort="distance")
