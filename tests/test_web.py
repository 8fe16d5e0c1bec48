"""Browsing: the full-text table Datasette and sqlite-utils detect, quotes serve's errors,
and the plugin's pages through Datasette's own in-process client (no server, no mocks)."""

from __future__ import annotations

import asyncio
import re
import socket
import sqlite3
from html import unescape

import pytest
import sqlite_utils
from alembic import command
from alembic.config import Config
from datasette.utils import detect_fts
from sqlalchemy import create_engine
from typer.testing import CliRunner
from webdb import HTML_QUOTE, build

from quotes.audit import audit
from quotes.cli import app
from quotes.filters import Filters
from quotes.query import search
from quotes.store.db import MIGRATIONS, migrate
from quotes.web.app import make_datasette

runner = CliRunner()


@pytest.fixture(scope="module")
def web_db(tmp_path_factory, nlp):
    return build(tmp_path_factory.mktemp("web"), nlp)


@pytest.fixture(scope="module")
def client(web_db):
    datasette = make_datasette(web_db)
    asyncio.run(datasette.invoke_startup())

    def get(path: str):
        return asyncio.run(datasette.client.get(path))

    return get


def _copy(source, target) -> None:
    """A consistent copy, WAL included (the file alone may lack recent writes)."""
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)


def _sql(path, query: str, *args) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(query, args).fetchall()


def test_fts_is_detected_by_sqlite_utils_and_datasette(web_db) -> None:
    db = sqlite_utils.Database(web_db)
    assert db["quote"].detect_fts() == "quote_fts"
    found = list(db["quote"].search("cost of living", columns=["id", "words"]))
    assert found and all("cost of living" in row["words"].lower() for row in found)
    with sqlite3.connect(web_db) as connection:
        assert detect_fts(connection, "quote") == "quote_fts"
    # the project's own search is unchanged and agrees on which quotations match
    rows = search(f"sqlite:///{web_db}", '"cost of living"', Filters(limit=100))
    assert {r["id"] for r in rows} == {r["id"] for r in found}


def _downgraded(web_db, path, revision: str):
    """A copy of the web database taken back to ``revision``, and its engine."""
    _copy(web_db, path)
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    return engine


def test_existing_database_upgrades_in_place(tmp_path, web_db) -> None:
    path = tmp_path / "old.db"
    engine = _downgraded(web_db, path, "0003")  # the 0003 schema: content='quote'
    assert sqlite_utils.Database(path)["quote"].detect_fts() is None
    migrate(engine)
    engine.dispose()
    assert sqlite_utils.Database(path)["quote"].detect_fts() == "quote_fts"
    before = search(f"sqlite:///{web_db}", "record", Filters(limit=100))
    after = search(f"sqlite:///{path}", "record", Filters(limit=100))
    assert [r["id"] for r in after] == [r["id"] for r in before] != []


def test_fts_follows_corrections_of_the_speaker(tmp_path, web_db) -> None:
    path = tmp_path / "fix.db"
    _copy(web_db, path)
    [(quote_id,)] = _sql(path, "select min(id) from quote")
    result = runner.invoke(app, ["fix", str(quote_id), "--speaker", "Zebedee Quillfeather",
                                 "--new-person", "--by", "tester", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in sqlite_utils.Database(path)["quote"].search("Quillfeather")] == [
        quote_id]


@pytest.mark.parametrize("db, message", [
    ("postgresql://user@127.0.0.1/quotes", "not a database server"),
    ("{tmp}/missing.db", "no such database"),
])
def test_serve_refuses_in_one_line(tmp_path, db, message) -> None:
    result = runner.invoke(app, ["serve", "--db", db.format(tmp=tmp_path)])
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output and not (tmp_path / "missing.db").exists()


def test_serve_refuses_a_port_in_use_in_one_line(web_db) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(web_db), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_quotation_page_marks_the_quotation_at_its_offsets(client, web_db) -> None:
    [(quote_id, start, end, text, speaker_id)] = _sql(
        web_db, "select id, start, \"end\", text, speaker_id from quote where "
        "words like '%cost of living%' and speaker_id is not null order by id limit 1")
    page = client(f"/quotes/-/quotation/{quote_id}")
    assert page.status_code == 200
    html = page.text
    article = re.search(r'<div class="article" id="article">(.*?)</div>', html, re.S).group(1)
    before, marked = article.split('<mark id="quotation" class="target">', 1)
    inner = marked.split("</mark>", 1)[0]
    plain = lambda s: unescape(re.sub(r"<[^>]+>", "", s))  # noqa: E731
    assert plain(inner) == text and len(plain(before)) == start and start + len(text) == end
    assert f'href="/quotes/-/person/{speaker_id}"' in html
    [(sha,)] = _sql(web_db, "select sha256 from document d join quote q on q.document_id = "
                    "d.id where q.id = ?", quote_id)
    assert sha in html


def test_html_in_a_quotation_shows_as_text(client, web_db) -> None:
    [(quote_id, words)] = _sql(web_db, "select id, words from quote where words like "
                               "'%<script>%'")
    for path in (f"/quotes/-/quotation/{quote_id}", "/quotes/quote?_search=politics",
                 f"/quotes/quote/{quote_id}"):
        html = client(path).text
        assert "<script>alert" not in html and "<b>bold</b>" not in html, path
        assert "&lt;script&gt;alert(" in html, path
    page = client(f"/quotes/-/quotation/{quote_id}").text
    shown = re.search(r'<blockquote class="quotation" id="words">(.*?)</blockquote>', page, re.S)
    assert unescape(shown.group(1)) == words and HTML_QUOTE in words


def test_search_box_finds_and_links_to_quotation_pages(client, web_db) -> None:
    html = client("/quotes/quote?_search=%22cost+of+living%22").text
    linked = set(map(int, re.findall(r'href="/quotes/-/quotation/(\d+)#quotation"', html)))
    expected = {r[0] for r in _sql(web_db, "select rowid from quote_fts where quote_fts "
                                   "match '\"cost of living\"'")}
    assert linked == expected and expected


def test_person_page_counts_per_month(client, web_db) -> None:
    [(person_id, name, total)] = _sql(
        web_db, "select p.id, p.name, count(*) from quote q join person p on p.id = "
        "q.speaker_id where q.kind != 'other' and q.suppressed = 0 group by p.id "
        "order by count(*) desc limit 1")
    html = client(f"/quotes/-/person/{person_id}").text
    assert f"<h1>{name}</h1>" in html and f"{total} quotations" in html
    bars = dict(re.findall(r'data-month="([\d-]+)" data-count="(\d+)"', html))
    months = dict(_sql(web_db, "select substr(published, 1, 7), count(*) from quote where "
                       "speaker_id = ? and kind != 'other' and suppressed = 0 and published is not "
                       "null group by 1",
                       person_id))
    [(undated,)] = _sql(web_db, "select count(*) from quote where speaker_id = ? and kind != "
                         "'other' and suppressed = 0 and published is null", person_id)
    assert {m: int(n) for m, n in bars.items()} == months
    assert sum(months.values()) + undated == total


def test_audit_page_lists_every_claim_without_a_source(client, web_db) -> None:
    report = audit(f"sqlite:///{web_db}")
    flagged = report["unsourced_claims"] + report["vague_claims"]
    html = client("/quotes/-/audit").text
    links = re.findall(r'href="/quotes/-/document/(\d+)\?start=(\d+)&amp;end=(\d+)#highlight"',
                       html)
    assert sorted(links) == sorted((str(c["document"]["id"]), str(c["start"]), str(c["end"]))
                                   for c in flagged) and flagged
    claim = flagged[0]
    page = client(f"/quotes/-/document/{claim['document']['id']}?start={claim['start']}"
                  f"&end={claim['end']}").text
    mark = re.search(r'<mark id="highlight" class="target">(.*?)</mark>', page, re.S).group(1)
    assert unescape(mark) == claim["text"]


def test_metadata_and_canned_queries(client, web_db) -> None:
    assert "alembic_version" not in client("/quotes").text
    table = client("/quotes/quote").text
    assert "This is what search looks at" in table and "CC BY 4.0" in table
    said = client("/quotes/said?name=Ed+Balls").text
    [(n,)] = _sql(web_db, "select count(*) from quote q join person p on p.id = q.speaker_id "
                  "where p.name = 'Ed Balls' and q.kind != 'other' and q.suppressed = 0")
    assert len(re.findall(r'href="/quotes/-/quotation/\d+#quotation"', said)) == n > 0
    for name in ("claims_without_source", "quotes_without_speaker", "corrections"):
        assert client(f"/quotes/{name}").status_code == 200, name


def test_outlet_and_year_facets_filter_the_quote_table(client, web_db) -> None:
    html = unescape(client("/quotes/quote?_search=living").text)
    [(outlet, n)] = _sql(web_db, "select d.outlet, count(*) from quote q join document d on "
                         "d.id = q.document_id where q.id in (select rowid from quote_fts "
                         "where quote_fts match 'living') group by d.outlet "
                         "order by count(*) desc, d.outlet limit 1")
    link = re.search(r'href="http://[^/]+(/quotes/quote\?[^"]*_related=document_id\.outlet'
                     rf'%3A{re.escape(outlet.replace(" ", "+"))})"', html)
    assert link, outlet
    shown = client(link.group(1)).text
    assert f"{n} row" in shown and f"document outlet is {outlet}" in unescape(shown)
    [(year, count)] = _sql(web_db, "select substr(published, 1, 4), count(*) from quote "
                           "where published is not null group by 1 order by 1 desc limit 1")
    facet = unescape(client("/quotes/quote").text)
    assert re.search(rf'published__startswith={year}">{year}</a> {count}', facet), year
    page = unescape(client(f"/quotes/quote?published__startswith={year}").text)
    assert f"{count:,} row" in page
    # a value that looks like SQL is only ever a bound parameter
    sneaky = client("/quotes/quote?_related=document_id.outlet%3A%27%29+or+1%3D1+--").text
    assert "0 rows where" in sneaky


def test_upgrade_to_0005_fills_the_sentence_of_existing_quotations(tmp_path, web_db) -> None:
    path = tmp_path / "old.db"
    engine = _downgraded(web_db, path, "0004")
    assert "sentence_start" not in {c[1] for c in _sql(path, "pragma table_info(quote)")}
    migrate(engine)
    engine.dispose()
    rows = _sql(path, "select q.start, q.end, q.sentence_start, q.sentence_end, q.cue_method, "
                      "d.text from quote q join document d on d.id = q.document_id")
    assert rows
    for start, end, sentence_start, sentence_end, cue_method, text in rows:
        assert sentence_start <= start <= end <= sentence_end
        assert not text[sentence_start].isspace() and cue_method is None
