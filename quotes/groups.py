"""One statement reported by several outlets is one group: each new quotation joins the
group of a stored one that is the same statement trimmed, ellipsised or re-punctuated
(quotes.match.same_statement), found through the same full-text candidates as
`quotes verify`. A group is its ``words_key``; its first appearance is its oldest row."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from quotes.match import SAME_STATEMENT_MIN_WORDS, Token, same_statement, tokens
from quotes.store.models import Quote

GROUP_CANDIDATES = 10  # stored quotations compared with each new one


def assign_groups(session: Session, rows: list[Quote]) -> None:
    """Give each new row (flushed, so the index holds it) the words_key of the best
    ranked stored quotation, or earlier new row, that is the same statement."""
    from quotes.verify import candidate_ids, lookup_terms, word_frequencies

    sqlite = session.get_bind().dialect.name == "sqlite"
    new = {row.id for row in rows}  # compared in memory, in order
    words_of = {row.id: tokens(row.words) for row in rows}
    grouped = [words for words in words_of.values() if len(words) >= SAME_STATEMENT_MIN_WORDS]
    # the batch's words counted together: one round trip instead of one per word
    known = word_frequencies(session, sqlite, [t for words in grouped
                                               for t in lookup_terms(words)])
    earlier: list[tuple[list[Token], Quote]] = []
    for row in rows:
        words = words_of[row.id]
        if len(words) >= SAME_STATEMENT_MIN_WORDS:
            # a row of this batch, or (id, words, words_key) of a stored one
            match: Any = next((other for seen, other in earlier
                               if same_statement(words, seen)), None)
            if match is None:
                ids = [i for i in candidate_ids(session, sqlite, words, limit=GROUP_CANDIDATES,
                                                 known=known) if i not in new]
                stored = session.exec(select(Quote.id, Quote.words, Quote.words_key)
                                      .where(col(Quote.id).in_(ids))).all() if ids else []
                rank = {i: n for n, i in enumerate(ids)}
                match = next((other for other in sorted(stored, key=lambda r: rank[r[0]])
                              if same_statement(words, tokens(other[1]))), None)
            if match is not None and match.words_key:
                row.words_key = match.words_key
        earlier.append((words, row))
