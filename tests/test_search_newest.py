"""Search ranks the newest matches of its query (quotes.query.RANKED_MATCHES), on both
backends: on PostgreSQL they are found by one of two plans (quotes.store.newest), in
growing slices of the newest quotations, and every plan must give the very matches that
ordering all of them by id gives."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, text

import quotes.query
import quotes.store.newest
from quotes.filters import Filters
from quotes.query import search
from quotes.store.db import get_engine, is_sqlite
from quotes.store.models import Document, Quote
from quotes.store.newest import blocks_statement, indexed_blocks, keep_search_blocks
from quotes.store.search import parse, to_fts5, to_tsquery

ARTICLE = (Path(__file__).resolve().parent.parent / "fixtures" / "articles"
           / "13_osborne_budget_2013.txt")

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


def small_blocks(url: str, monkeypatch: pytest.MonkeyPatch, kept: int = 4) -> None:
    """Blocks of 100 ids, the newest ``kept`` of them indexed, as ingest keeps them."""
    monkeypatch.setattr(quotes.store.newest, "BLOCK", 100)
    monkeypatch.setattr(quotes.store.newest, "BLOCKS_KEPT", kept)
    engine = get_engine(url)
    if not is_sqlite(engine):
        with engine.begin() as connection:
            keep_search_blocks(connection)


@pytest.mark.parametrize("kept", [4, 13])  # 13 blocks of 100: down to the oldest id
@pytest.mark.parametrize("query", ["alpha", "beta", "gamma", "alpha*", "beta OR gamma",
                                   "alpha NOT beta", '"alpha alpha"', "alphabet"])
def test_search_ranks_the_newest_matches(filled: str, query: str, kept: int,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # a small cap, first slice and blocks, so that the slices grow several times over
    # 1,200 rows and the blocks run out for the rarer words
    small_blocks(filled, monkeypatch, kept)
    monkeypatch.setattr(quotes.query, "RANKED_MATCHES", CAP)
    monkeypatch.setattr(quotes.store.newest, "SMALLEST_SLICE", 16)
    found = [row["id"] for row in search(filled, query, Filters(limit=10))]
    assert found and found == reference(filled, query, CAP, 10)


def force(plan: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``plan`` for every slice after the first, each 16 quotations longer than the last
    (blocks: one a statement, so that the best of each have to be merged); once the
    blocks have run out, what choose then does: the whole index."""
    def forced(found: int, span: int, newest: int, *_) -> tuple[str, int]:
        if plan == "blocks" and span >= newest - indexed_blocks(newest)[-1]:
            return "alone", newest
        return plan, span + 16

    monkeypatch.setattr(quotes.store.newest, "choose", forced)
    monkeypatch.setattr(quotes.store.newest, "blocks_needed", lambda *_: 1)


@pytest.mark.parametrize("plan", sorted(quotes.store.newest.PLANS))
@pytest.mark.parametrize("query", ["alpha", "beta", "gamma", "alpha*", "alpha NOT beta"])
def test_every_plan_finds_the_newest_matches(pg_clean_url: str, query: str, plan: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # each plan forced for the slices after the first, every slice of 16 quotations more:
    # too short for every query here, so the slices have to grow; the blocks (4 of 100)
    # hold too few of "beta" and "gamma", which then go on as choose sends them: alone
    url = fill(pg_clean_url)
    small_blocks(url, monkeypatch)
    monkeypatch.setattr(quotes.query, "RANKED_MATCHES", CAP)
    monkeypatch.setattr(quotes.store.newest, "SMALLEST_SLICE", 16)

    force(plan, monkeypatch)
    found = [row["id"] for row in search(url, query, Filters(limit=10))]
    assert found and found == reference(url, query, CAP, 10)


@pytest.mark.parametrize(("found", "prefix", "plan"), [
    (0, False, "alone"), (4, False, "alone"), (10, False, "alone"), (40, True, "blocks"),
    (100, False, "blocks"), (1_500, False, "rows")])
def test_the_cheaper_plan_follows_the_share_of_matches(found: int, prefix: bool,
                                                       plan: str) -> None:
    # of the newest 4,096 of a million quotations: a rare word is looked for through the
    # whole index (10 of 4,096 promise more than the 400,000 quotations of the kept
    # blocks hold), a common word or prefix through the newest blocks' indexes, a word
    # in a third of them row by row
    chosen, span = quotes.store.newest.choose(found, 4_096, 1_000_000, 1_000, prefix)
    assert chosen == plan
    assert 4_096 < span <= 1_000_000


def block_indexes(url: str) -> dict[str, str]:
    with get_engine(url).connect() as connection:
        return dict(connection.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'quote' "
            "AND indexname LIKE 'ix_quote_search_ids_%'")).all())


def test_the_newest_blocks_keep_their_own_index(pg_clean_url: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    url = fill(pg_clean_url)
    small_blocks(url, monkeypatch, kept=3)
    made = block_indexes(url)
    assert set(made) == {f"ix_quote_search_ids_{lo}_{lo + 100}" for lo in (900, 1000, 1100)}
    assert "WHERE ((id > 1100) AND (id <= 1200))" in made["ix_quote_search_ids_1100_1200"]
    assert "fastupdate=off" in made["ix_quote_search_ids_1100_1200"]
    with get_engine(url).begin() as connection:  # the ids grow into a new block
        connection.execute(text("INSERT INTO quote (id, document_id, start, \"end\", text, "
                                "words, parts, kind, confidence, method, corrected, suppressed) "
                                "SELECT 1200 + n, 1, 0, 1, 'x', 'alpha', '[]', 'direct', 0.9, "
                                "'none', false, false FROM generate_series(1, 50) AS n"))
        keep_search_blocks(connection)
    assert set(block_indexes(url)) == {f"ix_quote_search_ids_{lo}_{lo + 100}"
                                       for lo in (1000, 1100, 1200)}


def test_a_block_index_a_reader_holds_is_dropped_later(
        pg_clean_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # DROP INDEX waits for every open read of the table: it gives up after a moment
    # rather than hold up the batch (and the readers queued behind it)
    url = fill(pg_clean_url)
    small_blocks(url, monkeypatch, kept=3)
    monkeypatch.setattr(quotes.store.newest, "BLOCKS_KEPT", 2)
    engine = get_engine(url)
    with engine.connect() as reader:
        reader.execute(text("SELECT count(*) FROM quote"))  # its transaction stays open
        with engine.begin() as connection:
            keep_search_blocks(connection)
        assert "ix_quote_search_ids_900_1000" in block_indexes(url)
    with engine.begin() as connection:
        keep_search_blocks(connection)
    assert set(block_indexes(url)) == {"ix_quote_search_ids_1000_1100",
                                       "ix_quote_search_ids_1100_1200"}


def test_a_block_is_read_through_its_own_index(pg_clean_url: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # the bounds written into the statement let the planner take the partial index
    url = fill(pg_clean_url)
    small_blocks(url, monkeypatch)
    statement = blocks_statement(((1100, 1200), (1000, 1100)))
    with get_engine(url).begin() as connection:
        connection.execute(text("SET LOCAL enable_indexscan = off"))
        connection.execute(text("SET LOCAL enable_seqscan = off"))  # 1,200 rows: tiny
        plan = "\n".join(connection.execute(text("EXPLAIN " + statement.text), {
            "q": "alpha", "cap": 40, "top": 10}).scalars())
    assert "ix_quote_search_ids_1100_1200" in plan and "ix_quote_search_ids_1000_1100" in plan
    assert "ix_quote_search " not in plan + " "


def test_ingest_keeps_the_blocks(pg_clean_url: str, nlp, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path) -> None:
    from quotes.ingest import ingest
    from quotes.people.link import registry_with_imports

    # blocks of 4 ids, 2 kept: the migration indexes the first block of the empty table,
    # ingest the newest two once the ids have gone past them and drops the first
    monkeypatch.setattr(quotes.store.newest, "BLOCK", 4)
    monkeypatch.setattr(quotes.store.newest, "BLOCKS_KEPT", 2)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert set(block_indexes(pg_clean_url)) == {"ix_quote_search_ids_0_4"}
    report = ingest([str(article)], pg_clean_url, nlp, registry_with_imports(pg_clean_url))
    assert report.quotes > 8
    newest = report.quotes  # a fresh database: the ids are 1..quotes
    assert set(block_indexes(pg_clean_url)) == {
        f"ix_quote_search_ids_{lo}_{lo + 4}" for lo in indexed_blocks(newest)}
    assert "ix_quote_search_ids_0_4" not in block_indexes(pg_clean_url)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0010_makes_and_drops_the_blocks(backend: str, tmp_path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   request: pytest.FixtureRequest) -> None:
    from alembic import command
    from alembic.config import Config

    from quotes.store.db import MIGRATIONS

    url = (f"sqlite:///{tmp_path / 'quotes.db'}" if backend == "sqlite"
           else request.getfixturevalue("pg_clean_url"))
    fill(url)  # at the newest revision: the rows came after the migration
    monkeypatch.setattr(quotes.store.newest, "BLOCK", 100)
    monkeypatch.setattr(quotes.store.newest, "BLOCKS_KEPT", 3)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = get_engine(url)
    for revision, blocks in (("0009", []), ("head", [900, 1000, 1100])):
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if revision == "0009" else command.upgrade)(config, revision)
        if backend == "postgresql":
            assert set(block_indexes(url)) == {f"ix_quote_search_ids_{lo}_{lo + 100}"
                                               for lo in blocks}
    assert search(url, "gamma", Filters()) != []


def test_search_ranks_no_older_match(filled: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # "alpha" is in 400 quotations: only the newest CAP of them are ranked
    monkeypatch.setattr(quotes.query, "RANKED_MATCHES", CAP)
    found = [row["id"] for row in search(filled, "alpha", Filters(limit=20))]
    newest = sorted((i for i in range(1, ROWS + 1) if i % 3 == 0), reverse=True)[:CAP]
    assert len(found) == 20 and set(found) <= set(newest)


@pytest.mark.parametrize("plan", sorted(quotes.store.newest.PLANS))
def test_a_filtered_search_ranks_all_of_the_newest_matches(
        pg_clean_url: str, plan: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the floor every plan passes on to a filtered search keeps the oldest of its matches
    filled = fill(pg_clean_url)
    small_blocks(filled, monkeypatch)
    force(plan, monkeypatch)
    monkeypatch.setattr(quotes.query, "NARROWED_MATCHES", CAP)
    monkeypatch.setattr(quotes.store.newest, "SMALLEST_SLICE", 16)
    found = search(filled, "alpha", Filters(kind="direct", limit=CAP))
    newest = sorted((i for i in range(1, ROWS + 1) if i % 3 == 0), reverse=True)[:CAP]
    assert sorted(row["id"] for row in found) == sorted(newest)


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
