"""Search ranks the newest matches of its query (quotes.query.RANKED_MATCHES), on both
backends: on PostgreSQL they are found by one of two plans (quotes.store.newest), in
growing slices of the newest quotations, and every plan must give the very matches that
ordering all of them by id gives."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import insert, text

import quotes.query
import quotes.store.newest
from quotes.filters import Filters
from quotes.query import search
from quotes.store.db import get_engine, is_sqlite
from quotes.store.models import Document, Quote
from quotes.store.search import parse, to_fts5, to_tsquery

ROWS = 1_200
CAP = 40  # RANKED_MATCHES for these tests: most queries match more than this


def words(i: int) -> str:
    """Quotation i's words: "alpha" in every third (repeated by i % 4, so ranks differ),
    "beta" in every fiftieth, "gamma" in three, "alphabet" in every 97th."""
    found = ["the minister spoke about the budget"]
    if i % 3 == 0:
        found.append(" ".join(["alpha"] * (1 + i % 4)))
    if i % 50 == 0:
        found.append("beta")
    if i in (5, 400, 900):
        found.append("gamma")
    if i % 97 == 0:
        found.append("alphabet")
    return " ".join(found)


@pytest.fixture
def filled(db_url: str) -> str:
    return fill(db_url)


def fill(db_url: str) -> str:
    """ROWS quotations in one document, ids 1..ROWS, by bulk insert."""
    engine = get_engine(db_url)
    quotes = [{"id": i, "document_id": 1, "start": 0, "end": 1, "text": words(i),
               "words": words(i), "parts": json.dumps([[0, 1]]), "kind": "direct",
               "confidence": 0.9, "method": "none", "corrected": False,
               "suppressed": False, "published": date(2020, 1, 1)}
              for i in range(1, ROWS + 1)]
    with engine.begin() as connection:
        connection.execute(insert(Document.__table__), [{
            "id": 1, "sha256": "0" * 64, "source": "generated", "text": "x",
            "ingested_at": datetime.now(timezone.utc)}])
        connection.execute(insert(Quote.__table__), quotes)
    return db_url


def reference(url: str, query: str, cap: int, limit: int) -> list[int]:
    """The best ``limit`` of the newest ``cap`` matches, from every match ordered by id:
    the plain statement of what search promises."""
    tree = parse(query)
    engine = get_engine(url)
    with engine.connect() as connection:
        if is_sqlite(engine):
            found = connection.execute(text(
                "SELECT rowid, bm25(quote_fts) FROM quote_fts WHERE quote_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :cap"), {"q": to_fts5(tree), "cap": cap}).all()
        else:
            found = connection.execute(text(
                "SELECT id, -ts_rank(search, to_tsquery('english', :q)) FROM quote "
                "WHERE search @@ to_tsquery('english', :q) ORDER BY id DESC LIMIT :cap"),
                {"q": to_tsquery(tree), "cap": cap}).all()
    return [i for i, _ in sorted(found, key=lambda m: (m[1], -m[0]))[:limit]]


@pytest.mark.parametrize("query", ["alpha", "beta", "gamma", "alpha*", "beta OR gamma",
                                   "alpha NOT beta", '"alpha alpha"', "alphabet"])
def test_search_ranks_the_newest_matches(filled: str, query: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # a small cap and first slice, so that the slices grow several times over 1,200 rows
    monkeypatch.setattr(quotes.query, "RANKED_MATCHES", CAP)
    monkeypatch.setattr(quotes.store.newest, "SMALLEST_SLICE", 16)
    found = [row["id"] for row in search(filled, query, Filters(limit=10))]
    assert found and found == reference(filled, query, CAP, 10)


@pytest.mark.parametrize("plan", sorted(quotes.store.newest.PLANS))
@pytest.mark.parametrize("query", ["alpha", "beta", "gamma", "alpha*", "alpha NOT beta"])
def test_every_plan_finds_the_newest_matches(pg_clean_url: str, query: str, plan: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # each plan forced for the slices after the first, every slice of 16 quotations more:
    # too short for every query here, so the slices have to grow
    url = fill(pg_clean_url)
    monkeypatch.setattr(quotes.query, "RANKED_MATCHES", CAP)
    monkeypatch.setattr(quotes.store.newest, "SMALLEST_SLICE", 16)
    monkeypatch.setattr(quotes.store.newest, "choose",
                        lambda found, span, *_: (plan, span + 16))
    found = [row["id"] for row in search(url, query, Filters(limit=10))]
    assert found and found == reference(url, query, CAP, 10)


@pytest.mark.parametrize(("found", "plan"), [(0, "index"), (4, "index"), (100, "index"),
                                             (1_500, "rows")])
def test_the_cheaper_plan_follows_the_share_of_matches(found: int, plan: str) -> None:
    # of the newest 4,096 of a million quotations: a rare word is looked for through its
    # index, a word in a third of them row by row
    chosen, span = quotes.store.newest.choose(found, 4_096, 1_000_000, 1_000, prefix=False)
    assert chosen == plan
    assert 4_096 < span <= 1_000_000


def test_search_ranks_no_older_match(filled: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # "alpha" is in 400 quotations: only the newest CAP of them are ranked
    monkeypatch.setattr(quotes.query, "RANKED_MATCHES", CAP)
    found = [row["id"] for row in search(filled, "alpha", Filters(limit=20))]
    newest = sorted((i for i in range(1, ROWS + 1) if i % 3 == 0), reverse=True)[:CAP]
    assert len(found) == 20 and set(found) <= set(newest)


def test_a_filtered_search_looks_further(filled: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # with a filter, the newest NARROWED_MATCHES are ranked: all 400 of "alpha" here
    monkeypatch.setattr(quotes.query, "RANKED_MATCHES", CAP)
    found = search(filled, "alpha", Filters(kind="direct", limit=500))
    assert len(found) == ROWS // 3


def test_postgres_search_index_has_no_pending_list(pg_clean_url: str) -> None:
    with get_engine(pg_clean_url).connect() as connection:
        options = connection.execute(text(
            "SELECT reloptions FROM pg_class WHERE relname = 'ix_quote_search'")).scalar()
    assert options and "fastupdate=off" in options
