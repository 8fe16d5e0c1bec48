"""The newest matches of a full-text query on PostgreSQL, and the best of them.

Search ranks only the newest ``cap`` matches of its query (`quotes.query`), so what costs
is finding them: a GIN index gives every match of a word in no order, and ordering every
match by id reads all of a common word's rows. So the matches are looked for in slices of
the newest quotations, by one of two plans:

- ``rows``: the slice read row by row, every row tested, the GIN index not used. Cheap
  when the slice is short, as it is for a common word.
- ``index``: the GIN index and the primary key meet in one bitmap over the slice, so only
  the slice's matches are read; but the GIN part gathers every match of the query first.
  With no slice left (floor 0) it is the GIN index alone.

The first slice, the newest SMALLEST_SLICE quotations, is read row by row; the share of
matches it held sizes the next slice and chooses its plan by cost. The planner's own
statistics cannot do that: they take words as independent, and "united states" then
looks seventeen times rarer than it is. Each plan returns only the best rows, the number
of matches and the oldest of them, so a common word does not send a thousand rows to
Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

# Costs in microseconds, from EXPLAIN ANALYZE on bench_db's million quotations: a GIN
# entry (a prefix's entries cost about three times a word's: its lexemes' lists are
# merged), a primary key entry in a bitmap, a row of a slice read and tested, and a match
# read through the bitmap.
INDEX_ENTRY = 0.25
PREFIX_ENTRY = 0.8
KEY_ENTRY = 0.06
SLICE_ROW = 0.8
MATCH_ROW = 0.9
SPARE = 4 / 3  # a slice is sized for a third more matches than the last one promised
SMALLEST_SLICE = 4_096

# The best rows of the newest :cap matches in n, with how many n held and its oldest id.
BEST = ("SELECT id, -ts_rank(search, to_tsquery('english', :q)) AS score, "
        "count(*) OVER () AS found, min(id) OVER () AS oldest "
        "FROM n ORDER BY score, id DESC LIMIT :top")
# MATERIALIZED keeps the GIN index in charge: without it the planner may walk the primary
# key backwards and test every row against the query
MATCHES_ABOVE = ("WITH m AS MATERIALIZED (SELECT id, search FROM quote "
                 "WHERE search @@ to_tsquery('english', :q) AND id > :floor)")
# every match above the floor newest_matches found, ranked: the rows a filtered search
# narrows (quotes.query)
ABOVE_FLOOR = text(MATCHES_ABOVE + " SELECT id, -ts_rank(search, to_tsquery('english', :q)) "
                   "AS score FROM m ORDER BY id DESC LIMIT :cap")
PLANS = {
    # ts_match_vq is the function behind @@: called by name, it is a filter the GIN index
    # cannot take over
    "rows": text("WITH n AS (SELECT id, search FROM quote WHERE id > :floor "
                 "AND ts_match_vq(search, to_tsquery('english', :q)) "
                 "ORDER BY id DESC LIMIT :cap) " + BEST),
    "index": text(MATCHES_ABOVE + ", n AS (SELECT id, search FROM m ORDER BY id DESC "
                  "LIMIT :cap) " + BEST),
}


@dataclass(frozen=True)
class Newest:
    """The best ``top`` of the newest matches, (id, score) best first, and the id above
    which all of those matches lie (0 when they are all the matches there are)."""

    best: list[tuple[int, float]]
    floor: int


def choose(found: int, span: int, newest: int, cap: int, prefix: bool) -> tuple[str, int]:
    """The cheaper plan and the next slice (quotations counted back from the newest),
    after a slice of ``span`` quotations held ``found`` matches."""
    if not found:  # too rare to size a slice by: the index alone, over everything
        return "index", newest
    following = min(newest, max(2 * span, round(span * SPARE * cap / found)))
    matches = found * newest / span  # in all, if the slice is typical
    entry = PREFIX_ENTRY if prefix else INDEX_ENTRY
    costs = {"index": matches * entry + following * KEY_ENTRY + SPARE * cap * MATCH_ROW,
             "rows": following * (KEY_ENTRY + SLICE_ROW)}
    return min(costs, key=costs.__getitem__), following


def newest_matches(session: Session, tsquery: str, cap: int, top: int) -> Newest:
    """The best ``top`` of the newest ``cap`` matches of ``tsquery``. Leaves index scans
    off for the rest of the transaction: bitmap scans only, as the plans above assume
    (the planner's other choice for a slice, the primary key walked backwards with every
    row tested, reads ten times the pages)."""
    newest = session.execute(text("SELECT max(id) FROM quote")).scalar() or 0
    session.execute(text("SET LOCAL enable_indexscan = off"))  # after max(id): it needs one
    plan, span = "rows", SMALLEST_SLICE
    while True:
        floor = max(0, newest - span)
        rows = session.execute(PLANS[plan], {"q": tsquery, "floor": floor, "cap": cap,
                                             "top": top}).all()
        found = rows[0].found if rows else 0
        best = [(row.id, row.score) for row in rows]
        if found >= cap:
            return Newest(best, rows[0].oldest - 1)
        if floor == 0:
            return Newest(best, 0)
        plan, span = choose(found, span, newest, cap, ":*" in tsquery)
