"""Exports for fact-checkers: CSV, JSON, JSON Lines, ClaimReview (schema.org JSON-LD)
and Markdown. Rows stream from the database, so memory stays flat however many.

Every row carries the quotation, speaker, role and party at the time, the document
reference (outlet, title, URL, date, SHA-256; for a web page, which version of the
article and when it was fetched), character offsets, the sentence around
the quotation, the extraction's confidence and method, whether a person corrected it,
and its group: one statement reported by several outlets (whole, trimmed, ellipsised or
re-punctuated: quotes.groups) shares a group whose first appearance is named.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import func, text
from sqlmodel import col, select

from quotes.csvout import SafeWriter
from quotes.filters import Filters, visible
from quotes.query import quote_json, resolve_person
from quotes.rows import QuoteExportedCsv, csv_cells, csv_columns
from quotes.store.db import get_engine, is_sqlite, session_scope
from quotes.store.models import Correction, Document, Quote
from quotes.store.search import parse, to_fts5, to_tsquery

FORMATS = ("csv", "json", "jsonl", "claimreview", "markdown")
CSV_COLUMNS = csv_columns(QuoteExportedCsv)


def rows(url: str, filters: Filters, query: str | None = None) -> Iterator[dict]:
    """Export rows, newest first, streamed from the database."""
    engine = get_engine(url)
    with session_scope(url) as session:
        first = (select(Quote.words_key, func.min(Document.published).label("first_published"),
                        func.min(Quote.id).label("group_id"), func.count().label("appearances"))
                 .join(Document).group_by(Quote.words_key).subquery())
        # SQLModel's select() is typed for at most 4 columns; this one has 5
        statement = (select(Quote, Document, first.c.first_published,  # type: ignore[call-overload]
                            first.c.group_id, first.c.appearances)
                     .join(Document).join(first, first.c.words_key == Quote.words_key,
                                          isouter=True))
        statement = visible(statement, filters)
        if filters.speaker:
            statement = statement.where(
                Quote.speaker_id == resolve_person(session, filters.speaker).id)
        if query:
            tree = parse(query)
            if is_sqlite(engine):
                matches = text("quote.id IN (SELECT rowid FROM quote_fts "
                               "WHERE quote_fts MATCH :fts)").bindparams(fts=to_fts5(tree))
            else:
                matches = text("quote.search @@ to_tsquery('english', :tsq)").bindparams(
                    tsq=to_tsquery(tree))
            statement = statement.where(matches)
        statement = statement.order_by(col(Document.published).desc().nulls_last(),
                                       Document.id, Quote.start)
        if filters.limit:
            statement = statement.limit(filters.limit)
        corrected_by = dict(session.exec(select(Correction.quote_id, Correction.by)).all())
        for quote, document, first_published, group, appearances in session.exec(
            statement.execution_options(yield_per=500)
        ):
            yield {  # a rows.QuoteExported
                **quote_json(quote, document), "corrected_by": corrected_by.get(quote.id),
                "group": group,
                "first_published": first_published.isoformat() if first_published else None,
                "appearances": appearances,
            }


def flat(row: dict) -> list:
    """The CSV cells of an exported row."""
    return csv_cells(row, QuoteExportedCsv)


def claim_review(row: dict) -> dict:
    """A schema.org ClaimReview for one quotation; the rating is left to the checker."""
    document = row["document"]
    author: dict = {"@type": "Person", "name": row["speaker"]}
    if row["role"]:
        author["jobTitle"] = row["role"]
    if row["party"]:
        author["affiliation"] = {"@type": "Organization", "name": row["party"]}
    appearance = {"@type": "CreativeWork", "url": document["url"] or document["source"],
                  "headline": document["title"], "datePublished": document["published"],
                  "publisher": {"@type": "Organization", "name": document["outlet"]}}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": row["words"],
        "itemReviewed": {
            "@type": "Claim",
            "author": author,
            "datePublished": document["published"],
            "appearance": appearance,
            "firstAppearance": {"@type": "CreativeWork", "datePublished":
                                row["first_published"]},
        },
        "reviewRating": {"@type": "Rating", "ratingValue": None, "bestRating": None,
                         "worstRating": None, "alternateName": None},
        "quotes:source": {"sha256": document["sha256"], "start": row["start"],
                          "end": row["end"], "context": row["context"],
                          "version": document["version"], "fetched_at": document["fetched_at"]},
    }


def write(stream: Iterator[dict], format: str, out: TextIO) -> int:
    """Write rows in ``format`` as they come; returns how many."""
    count = 0
    if format == "csv":
        writer = SafeWriter(out)
        writer.writerow(CSV_COLUMNS)
        for row in stream:
            writer.writerow(flat(row))
            count += 1
    elif format in ("json", "claimreview"):
        out.write("[")
        for row in stream:
            item = claim_review(row) if format == "claimreview" else row
            out.write(("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False))
            count += 1
        out.write("\n]\n")
    elif format == "jsonl":
        for row in stream:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    elif format == "markdown":
        out.write("| date | speaker | role | quotation | outlet | offsets |\n")
        out.write("| --- | --- | --- | --- | --- | --- |\n")
        for row in stream:
            cells = [row["document"]["published"] or "", row["speaker"] or "", row["role"] or "",
                     row["words"], row["document"]["outlet"] or "",
                     f'{row["start"]}–{row["end"]}']
            out.write("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ")
                                        for c in cells) + " |\n")
            count += 1
    else:
        raise ValueError(format)
    return count
