"""The database on SQLite and on a real PostgreSQL server: ingest, said, search, show."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from quotes import ingest as ingest_module
from quotes.errors import AmbiguousName, DatabaseError, NotFound, SearchSyntaxError
from quotes.filters import Filters
from quotes.ingest import ingest
from quotes.people.link import import_people_file, registry_with_imports
from quotes.query import people, said, search, show, stats
from quotes.store.db import get_engine, session_scope
from quotes.store.models import Document, Person, Quote

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"



@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("01_labour_wins_westminster", "02_johnson_reelected_mayor",
                 "13_osborne_budget_2013", "14_khan_second_term"):
        for suffix in (".txt", ".json"):
            shutil.copy(ARTICLES / f"{name}{suffix}", folder / f"{name}{suffix}")
    return folder


def run(url: str, nlp, *paths: Path | str, **options):
    return ingest([str(p) for p in paths], url, nlp, registry_with_imports(url), **options)


def count(url: str, table) -> int:
    with session_scope(url) as session:
        return session.exec(select(sa.func.count()).select_from(table)).one()


def test_schema_matches_the_models(db_url) -> None:
    inspector = sa.inspect(get_engine(db_url))
    for table in SQLModel.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} <= columns, table.name


def test_ingest_is_idempotent(db_url, nlp, corpus) -> None:
    first = run(db_url, nlp, corpus)
    assert (first.added, first.failed) == (4, [])
    quotes = count(db_url, Quote)
    assert quotes == first.quotes > 30
    again = run(db_url, nlp, corpus)
    assert (again.added, again.unchanged, again.quotes) == (0, 4, 0)
    assert (count(db_url, Document), count(db_url, Quote)) == (4, quotes)


def test_changed_metadata_updates_the_document(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    sidecar = corpus / "14_khan_second_term.json"
    data = json.loads(sidecar.read_text())
    sidecar.write_text(json.dumps(dict(data, outlet="The Standard")))
    report = run(db_url, nlp, corpus)
    assert (report.added, report.updated) == (0, 1)
    with session_scope(db_url) as session:
        outlets = session.exec(select(Document.outlet)).all()
    assert "The Standard" in outlets


def test_said_with_role_at_the_time(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    person, rows = said(db_url, "Sir Keir", Filters())
    assert person.name == "Keir Starmer"
    dates = [r["document"]["published"] for r in rows]
    assert dates == sorted(dates, reverse=True) and len(rows) >= 3
    # the registry's party posts stop in 2020, so the article's own words give the role
    assert {(r["role"], r["role_source"]) for r in rows} == {("Labour leader", "text")}
    assert all(r["document"]["sha256"] and r["end"] > r["start"] for r in rows)
    _, balls = said(db_url, "Mr Balls", Filters(since=None))
    assert {(r["role"], r["role_source"]) for r in balls} == {
        ("Shadow Chancellor of the Exchequer", "registry")}


def test_said_filters(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    _, rows = said(db_url, "Keir Starmer", Filters(since=sa.Date().python_type(2022, 1, 1)))
    assert rows and all(r["document"]["published"] >= "2022-01-01" for r in rows)
    _, direct = said(db_url, "Keir Starmer", Filters(kind="direct", limit=1))
    assert len(direct) == 1 and direct[0]["kind"] == "direct"


def test_people_sharing_a_surname_are_not_merged(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    with pytest.raises(AmbiguousName, match="Boris Johnson.*Jo Johnson|Jo Johnson.*Boris"):
        said(db_url, "Johnson", Filters())
    boris, _ = said(db_url, "Boris Johnson", Filters())
    jo, _ = said(db_url, "Jo Johnson", Filters())
    assert boris.id != jo.id
    with pytest.raises(NotFound):
        said(db_url, "Nobody Atall", Filters())


def test_role_mention_resolved_by_date(db_url, nlp, tmp_path) -> None:
    for year, published in (("2012", "2012-05-05"), ("2022", "2022-05-06")):
        (tmp_path / f"{year}.txt").write_text(
            f"The prime minister said: “This is a statement made in {year}.”")
        (tmp_path / f"{year}.json").write_text(json.dumps({"published": published}))
    run(db_url, nlp, tmp_path / "2012.txt", tmp_path / "2022.txt")
    cameron, rows = said(db_url, "David Cameron", Filters())
    assert [r["role"] for r in rows] == ["Prime Minister"]
    johnson, rows = said(db_url, "Boris Johnson", Filters())
    assert "2022" in rows[0]["text"]


@pytest.mark.parametrize(("query", "expected"), [
    ("historic day", "This is a historic day"),
    ('"cost of living"', "The Tories’ record on the cost of living"),
    ("turn*", "big turning point"),
    ("sausage OR historic", "This is a historic day"),
])
def test_search(db_url, nlp, corpus, query, expected) -> None:
    run(db_url, nlp, corpus)
    rows = search(db_url, query, Filters())
    assert rows and any(r["words"].startswith(expected) for r in rows)


def test_search_narrowing_and_not(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    everything = search(db_url, "London", Filters())
    without = search(db_url, "London NOT pandemic", Filters())
    assert len(without) < len(everything)
    labour = search(db_url, "London", Filters(party="Labour"))
    assert labour and all(r["party"] == "Labour" for r in labour)


@pytest.mark.parametrize("query", ['"open phrase', "tax OR", "NOT tax", "(tax", "tax)", ""])
def test_bad_search_syntax(db_url, query) -> None:
    with pytest.raises(SearchSyntaxError):
        search(db_url, query, Filters())


def test_search_input_is_never_sql(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    assert search(db_url, "x'; DROP TABLE quote; --", Filters()) == []
    assert count(db_url, Quote) > 0


def test_show_gives_the_paragraph(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    _, rows = said(db_url, "Adam Hug", Filters(kind="direct"))
    record = show(db_url, rows[0]["id"])
    with session_scope(db_url) as session:
        text = session.get(Document, record["document"]["id"]).text
    assert text[record["start"]:record["end"]] == record["text"]
    assert record["text"] in record["paragraph"]
    with pytest.raises(NotFound):
        show(db_url, 10**9)


def test_bad_file_does_not_abort_the_batch(db_url, nlp, corpus) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\xff" * 50)
    report = run(db_url, nlp, corpus)
    assert report.added == 4 and len(report.failed) == 1 and "binary" in report.failed[0]


def test_failed_batch_leaves_no_half_written_document(db_url, nlp, corpus, monkeypatch) -> None:
    calls = {"n": 0}
    original = ingest_module._quote_row

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 20:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "_quote_row", failing)
    with pytest.raises(KeyboardInterrupt):
        run(db_url, nlp, corpus)
    assert (count(db_url, Document), count(db_url, Quote)) == (0, 0)
    monkeypatch.setattr(ingest_module, "_quote_row", original)
    assert run(db_url, nlp, corpus).added == 4


def test_registry_import_links_local_people(db_url, nlp, tmp_path) -> None:
    people_file = tmp_path / "council.csv"
    people_file.write_text("name,aliases,party,title,organisation,start,end\n"
                           "John Mallinson,Cllr Mallinson,Conservative,Leader of Carlisle City "
                           "Council,Carlisle City Council,2019-05-01,\n")
    assert import_people_file(db_url, str(people_file)) == ["John Mallinson"]
    article = tmp_path / "carlisle.txt"
    article.write_text("Cllr John Mallinson said: “Carlisle is open for business.”")
    (tmp_path / "carlisle.json").write_text(json.dumps({"published": "2021-03-01"}))
    run(db_url, nlp, article)
    person, rows = said(db_url, "Mallinson", Filters())
    assert person.registry_id.startswith("user-")
    assert rows[0]["role"] == "Leader of Carlisle City Council"


def test_imported_people_are_found_inside_documents(db_url, nlp, tmp_path) -> None:
    from quotes.extract import extract
    from quotes.nlp import load_pipeline
    from quotes.reader import Document as Input

    people_file = tmp_path / "council.csv"
    people_file.write_text("name,aliases,party,title,organisation,start,end\n"
                           "Jane Roe,,Labour,Leader of Carlisle City Council,Carlisle City "
                           "Council,2019-05-01,\n")
    import_people_file(db_url, str(people_file))
    article = Input("carlisle", "The leader of Carlisle City Council said: “Carlisle is open "
                    "for business, and we will keep it that way.”", {"published": "2021-03-01"})

    def speaker(pipeline) -> str | None:
        [result] = list(extract([article], pipeline))
        return next(q["speaker"] for q in result.quotes if q["kind"] == "direct")

    assert speaker(nlp) is None  # the bundled registry has no such councillor
    assert speaker(load_pipeline(database=db_url)) == "Jane Roe"


def test_people_and_stats(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    totals = stats(db_url)
    assert totals["documents"] == 4 and totals["quotes"] == sum(totals["by_kind"].values())
    listed = people(db_url, party="Labour")
    assert listed and all(p["party"] == "Labour" for p in listed)
    with session_scope(db_url) as session:
        assert session.exec(select(Person).where(Person.name == "Keir Starmer")).one()


def test_unreachable_database_is_one_line() -> None:
    with pytest.raises(DatabaseError) as error:
        get_engine("postgresql+psycopg://nobody:x@127.0.0.1:9/nowhere")
    assert "\n" not in str(error.value) and "--db" in str(error.value)


def test_postgres_refuses_a_search_of_common_words_only(pg_clean_url, nlp, corpus) -> None:
    # PostgreSQL drops stop words; SQLite's index keeps every word, so only here
    run(pg_clean_url, nlp, corpus)
    with pytest.raises(SearchSyntaxError, match="common words"):
        search(pg_clean_url, "the NOT budget", Filters())


def test_changed_date_moves_the_quotations(db_url, nlp, corpus) -> None:
    run(db_url, nlp, corpus)
    sidecar = corpus / "14_khan_second_term.json"
    sidecar.write_text(json.dumps(dict(json.loads(sidecar.read_text()), published="2030-01-01")))
    run(db_url, nlp, corpus)
    _, rows = said(db_url, "Sadiq Khan", Filters(since=sa.Date().python_type(2029, 1, 1)))
    assert rows and {r["document"]["published"] for r in rows} == {"2030-01-01"}
