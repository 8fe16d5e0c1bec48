"""The newest matches of a full-text query on PostgreSQL, and the best of them.

Search ranks only the newest ``cap`` matches of its query (`quotes.query`), so what costs
is finding them: a GIN index gives every match of a word in no order, and ordering every
match by id reads all of a common word's rows. So the matches are looked for in slices of
the newest quotations, by one of four plans:

- ``rows``: the slice read row by row, every row tested, the GIN index not used. Cheap
  when the slice is short, as it is for a common word.
- ``blocks``: block after block of BLOCK ids, newest first, each through its own partial
  GIN index (``keep_search_blocks`` keeps one for each of the newest BLOCKS_KEPT blocks),
  until they have given enough: only the matches of the blocks read are gathered, not
  every match of a prefix, and no slice has to be sized.
- ``index``: the whole GIN index and the primary key meet in one bitmap over the slice,
  so only the slice's matches are read; but the GIN part gathers every match first.
- ``alone``: the whole GIN index alone, over every quotation (floor 0): for a rare
  query, whose matches cost less to read than a slice's keys. Once the index has been
  read, a floor would save nothing: every match's row is read anyway.

The first slice, the newest SMALLEST_SLICE quotations, is read row by row; the share of
matches it held sizes the next slice and chooses its plan by cost. The planner's own
statistics cannot do that: they take words as independent, and "united states" then
looks seventeen times rarer than it is. Each plan returns only the best rows, the number
of matches and the oldest of them, so a common word does not send a thousand rows to
Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import TextClause, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

# Costs in microseconds, from EXPLAIN ANALYZE on bench_db's million quotations: a GIN
# entry (a prefix's entries cost about three times a word's: its lexemes' lists are
# merged), a primary key entry in a bitmap, a row of a slice read and tested, a match
# read through a bitmap (1.5 to 2: each on a page of its own), and a statement of the
# blocks plan (a round trip, a plan, an index opened; estimated, not measured apart).
INDEX_ENTRY = 0.25
PREFIX_ENTRY = 0.8
KEY_ENTRY = 0.06
SLICE_ROW = 0.8
MATCH_ROW = 1.5
BLOCK_OPENED = 100
SPARE = 4 / 3  # a slice is sized for a third more matches than the last one promised
SMALLEST_SLICE = 1_024

# Ids in blocks (lo, lo + BLOCK]; the newest BLOCKS_KEPT blocks have a partial GIN index
# each, so a block's matches are found without gathering every match of the query. Old
# blocks lose theirs: a slice reaches them only for a rare query, whose matches the whole
# index gives cheaply, and every index on quote costs each insert and each plan.
BLOCK = 50_000
BLOCKS_KEPT = 8
BLOCK_INDEX = "ix_quote_search_ids_"  # + lo_hi
LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE of a lock_timeout

# The best rows of the newest :cap matches in n, with how many n held and its oldest id.
BEST = ("SELECT id, -ts_rank(search, to_tsquery('english', :q)) AS score, "
        "count(*) OVER () AS found, min(id) OVER () AS oldest "
        "FROM n ORDER BY score, id DESC LIMIT :top")
# MATERIALIZED keeps the GIN index in charge: without it the planner may walk the primary
# key backwards and test every row against the query
MATCHES_ABOVE = ("WITH m AS MATERIALIZED (SELECT id, search FROM quote "
                 "WHERE search @@ to_tsquery('english', :q) AND id > :floor)")
NEWEST_OF_M = ", n AS (SELECT id, search FROM m ORDER BY id DESC LIMIT :cap) "
# every match above the floor newest_matches found, ranked: the rows a filtered search
# narrows (quotes.query)
ABOVE_FLOOR = text(MATCHES_ABOVE + " SELECT id, -ts_rank(search, to_tsquery('english', :q)) "
                   "AS score FROM m ORDER BY id DESC LIMIT :cap")
STATEMENTS = {
    # ts_match_vq is the function behind @@: called by name, it is a filter the GIN index
    # cannot take over
    "rows": text("WITH n AS (SELECT id, search FROM quote WHERE id > :floor "
                 "AND ts_match_vq(search, to_tsquery('english', :q)) "
                 "ORDER BY id DESC LIMIT :cap) " + BEST),
    "index": text(MATCHES_ABOVE + NEWEST_OF_M + BEST),
}
STATEMENTS["alone"] = STATEMENTS["index"]  # with floor 0: the primary key has no part
# the newest id, the query without its common words, and the settings for the plans:
# one round trip; max(id) is planned before set_config runs, so it still walks the
# primary key's end
SETTLED = text("SELECT max(id), querytree(to_tsquery('english', :q)), "
               "set_config('enable_indexscan', 'off', true), "
               "set_config('max_parallel_workers_per_gather', '0', true) FROM quote")
PLANS = (*STATEMENTS, "blocks")  # its statements name their blocks: blocks_statement


@dataclass(frozen=True)
class Newest:
    """The best ``top`` of the newest matches, (id, score) best first, and the id above
    which all of those matches lie (0 when they are all the matches there are)."""

    best: list[tuple[int, float]]
    floor: int


def indexed_blocks(newest: int) -> list[int]:
    """The lower bounds of the blocks that have a partial index when ``newest`` is the
    highest id, newest first: the block holding it and the BLOCKS_KEPT - 1 before."""
    top = max(0, newest - 1) // BLOCK * BLOCK
    return [lo for lo in range(top, top - BLOCKS_KEPT * BLOCK, -BLOCK) if lo >= 0]


def block_floor(floor: int) -> int:
    """The lower bound of the block holding id ``floor + 1``."""
    return floor // BLOCK * BLOCK


@lru_cache(maxsize=4 * BLOCKS_KEPT)
def blocks_statement(blocks: tuple[tuple[int, int], ...]) -> TextClause:
    """The ``blocks`` plan's statement for some blocks (lo, hi], newest first: their
    newest :cap matches, as BEST gives them. The bounds are written out, not bound, so
    that the planner sees that each block's partial index covers its part; they are
    integers computed here, never user input."""
    parts = [f"SELECT id, search FROM quote WHERE search @@ to_tsquery('english', :q) "
             f"AND id > {lo} AND id <= {hi}" for lo, hi in blocks]
    return text("WITH m AS MATERIALIZED (" + " UNION ALL ".join(parts) + ")" + NEWEST_OF_M
                + BEST)


def choose(found: int, span: int, newest: int, cap: int, prefix: bool) -> tuple[str, int]:
    """The cheaper plan and the next slice (quotations counted back from the newest),
    after a slice of ``span`` quotations held ``found`` matches."""
    if not found:  # too rare to size a slice by: the index alone, over everything
        return "alone", newest
    following = min(newest, max(2 * span, round(span * SPARE * cap / found)))
    share = found / span
    matches = share * newest  # in all, if the slice is typical
    entry = PREFIX_ENTRY if prefix else INDEX_ENTRY
    costs = {"index": matches * entry + following * KEY_ENTRY + SPARE * cap * MATCH_ROW,
             "alone": matches * (entry + MATCH_ROW),
             "rows": following * (KEY_ENTRY + SLICE_ROW)}
    needed = round(span * cap / found)
    if newest - needed >= indexed_blocks(newest)[-1]:  # the kept blocks should do
        # all the matches of the blocks read; they are read only until there are enough,
        # so no spare
        read = newest - block_floor(newest - needed)
        costs["blocks"] = (share * read * (entry + MATCH_ROW)
                           + BLOCK_OPENED * -(-read // BLOCK))
    return min(costs, key=costs.__getitem__), following


def blocks_needed(found: int, span: int, newest: int, cap: int) -> int:
    """How many blocks, newest first, should hold ``cap`` matches, if the slice of
    ``span`` quotations that held ``found`` is typical (at least one)."""
    needed = max(0, newest - round(span * cap / max(found, 1)))
    return max(1, len(range(block_floor(needed), newest, BLOCK)))


@dataclass(frozen=True)
class Settled:
    """What a search starts from: the newest id, and ``tsquery`` as PostgreSQL keeps it
    once common words are dropped (``querytree``: "T" when nothing is left)."""

    newest: int
    meaning: str


def settle(session: Session, tsquery: str) -> Settled:
    """The start of a search, in one round trip. Leaves index scans and parallel workers
    off for the rest of the transaction: bitmap scans only, as the plans above assume
    (the planner's other choice for a slice, the primary key walked backwards with every
    row tested, reads ten times the pages; workers cost more to start than the few
    thousand rows of a plan here cost to read). The rows of the matches chosen are then
    read through bitmaps of the primary keys, as cheap for a few dozen ids."""
    newest, meaning, *_ = session.execute(SETTLED, {"q": tsquery}).one()
    return Settled(newest or 0, str(meaning or ""))


def newest_matches(session: Session, tsquery: str, cap: int, top: int, newest: int
                   ) -> Newest:
    """The best ``top`` of the newest ``cap`` matches of ``tsquery``, ``newest`` the
    highest id (:func:`settle`, which must run first in the transaction)."""
    plan, span, found, floor = "rows", SMALLEST_SLICE, 0, newest
    while True:
        if plan == "blocks":  # the blocks the last slice promises, then one at a time
            first = blocks_needed(found, newest - floor, newest, cap)
            done, found, floor = _in_blocks(session, tsquery, cap, top, newest, first)
            if done is not None:
                return done
        else:
            floor = 0 if plan == "alone" else max(0, newest - span)
            rows = session.execute(STATEMENTS[plan], {"q": tsquery, "floor": floor,
                                                      "cap": cap, "top": top}).all()
            found = rows[0].found if rows else 0
            if found >= cap or floor == 0:
                return Newest([(row.id, row.score) for row in rows],
                              rows[0].oldest - 1 if found >= cap else 0)
        plan, span = choose(found, newest - floor, newest, cap, ":*" in tsquery)


def _in_blocks(session: Session, tsquery: str, cap: int, top: int, newest: int,
               first: int) -> tuple[Newest | None, int, int]:
    """The ``blocks`` plan: the kept blocks newest first, each through its own index,
    the ``first`` of them in one statement and then one at a time, until they have given
    ``cap`` matches. The best ``top`` of those are among the best ``top`` of each
    statement's, so no more rows than that come back from one. Else None, with how many
    matches the blocks held and the floor they reach down to."""
    found, best = 0, []
    blocks = [(lo, lo + BLOCK) for lo in indexed_blocks(newest)]
    groups = [tuple(blocks[:first])] + [(block,) for block in blocks[first:]]
    for group in groups:
        rows = session.execute(blocks_statement(group), {"q": tsquery, "cap": cap - found,
                                                         "top": top}).all()
        found += rows[0].found if rows else 0
        best += [(row.id, row.score) for row in rows]
        floor = group[-1][0]
        if found >= cap or floor == 0:
            best.sort(key=lambda match: (match[1], -match[0]))
            return Newest(best[:top], rows[0].oldest - 1 if found >= cap else 0), found, floor
    return None, found, blocks[-1][0]


def keep_search_blocks(connection: Connection) -> None:
    """Give each of the newest BLOCKS_KEPT blocks its partial search index and take those
    of older blocks away. Ingest calls it in each batch's transaction, so a block has its
    index before its first rows are seen; building one reads the table once (about a
    second for a million quotations), once every BLOCK quotations."""
    newest = connection.execute(text("SELECT max(id) FROM quote")).scalar() or 0
    wanted = {f"{BLOCK_INDEX}{lo}_{lo + BLOCK}": lo for lo in indexed_blocks(newest)}
    present = block_indexes(connection)
    for name, lo in wanted.items():
        if name not in present:
            connection.execute(text(
                f"CREATE INDEX IF NOT EXISTS {name} ON quote USING gin (search) "
                f"WITH (fastupdate = off) WHERE id > {lo} AND id <= {lo + BLOCK}"))
    for name in sorted(present - wanted.keys()):
        _drop_if_free(connection, name)


def block_indexes(connection: Connection) -> set[str]:
    """The names of the partial search indexes of blocks that the quote table has."""
    return set(connection.execute(text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = 'quote' AND starts_with(indexname, :prefix)"),
        {"prefix": BLOCK_INDEX}).scalars())


def _drop_if_free(connection: Connection, name: str) -> None:
    """Drop an index unless a long read holds the table: DROP INDEX locks out every
    reader until the commit, and one that waits makes the readers after it wait too. A
    block index left is dropped by a later batch; searches give the same rows meanwhile."""
    timeout = connection.execute(text("SHOW lock_timeout")).scalar()
    try:
        with connection.begin_nested():
            connection.execute(text("SET LOCAL lock_timeout = '200ms'"))
            connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
            connection.execute(text("SELECT set_config('lock_timeout', :t, true)"),
                               {"t": timeout})
    except OperationalError as error:  # the savepoint is undone, SET LOCAL with it
        if getattr(error.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
