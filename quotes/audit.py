"""What lacks a source: unsourced and vaguely sourced claims, quotations with no
speaker, and speakers not linked to a known person, with a summary per document."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from quotes.query import Filters
from quotes.store.db import session_scope
from quotes.store.models import Claim, Document, Person, Quote


def _document_ref(document: Document) -> dict:
    return {"id": document.id, "source": document.source, "outlet": document.outlet,
            "title": document.title, "url": document.url, "sha256": document.sha256,
            "published": document.published.isoformat() if document.published else None}


def claim_json(claim: Claim, document: Document) -> dict:
    return {"id": claim.id, "text": claim.text, "start": claim.start, "end": claim.end,
            "type": claim.type, "score": claim.score, "source": claim.source,
            "source_kind": claim.source_kind, "quote_id": claim.quote_id,
            "document": _document_ref(document)}


def _scoped(statement, filters: Filters, document_id: int | None):
    if document_id is not None:
        statement = statement.where(Document.id == document_id)
    if filters.outlet:
        statement = statement.where(func.lower(Document.outlet) == filters.outlet.lower())
    if filters.since:
        statement = statement.where(col(Document.published) >= filters.since)
    if filters.until:
        statement = statement.where(col(Document.published) <= filters.until)
    return statement


def audit(url: str, filters: Filters | None = None, document_id: int | None = None) -> dict:
    """The audit report as plain data (see the CLI's `quotes audit`)."""
    filters = filters or Filters()
    with session_scope(url) as session:
        claims = session.exec(_scoped(select(Claim, Document).join(Document), filters,
                                      document_id).order_by(Document.id, Claim.start)).all()
        unsourced = [claim_json(c, d) for c, d in claims if c.source_kind == "none"]
        vague = [claim_json(c, d) for c, d in claims if c.source_kind == "vague"]
        quotes = session.exec(_scoped(
            select(Quote, Document).join(Document)
            .where(col(Quote.kind) != "other", col(Quote.suppressed).is_(False)),
            filters, document_id)).all()
        no_speaker = [{"id": q.id, "text": q.words, "kind": q.kind, "start": q.start,
                       "end": q.end, "document": _document_ref(d)}
                      for q, d in quotes if q.speaker is None]
        linked = {p.id: p for p in session.exec(select(Person).where(
            col(Person.id).in_({q.speaker_id for q, _ in quotes if q.speaker_id})))}
        unlinked: dict[str, int] = {}
        for quote, _ in quotes:
            person = linked.get(quote.speaker_id) if quote.speaker_id else None
            if quote.speaker and (person is None or person.registry_id is None):
                unlinked[quote.speaker] = unlinked.get(quote.speaker, 0) + 1
        summary: dict[int, dict] = {}
        for claim, document in claims:
            row = summary.setdefault(document.id, {
                "document": _document_ref(document), "claims": 0, "sourced": 0, "vague": 0,
                "unsourced": 0})
            row["claims"] += 1
            key = {"none": "unsourced", "vague": "vague"}.get(claim.source_kind, "sourced")
            row[key] += 1
        return {
            "unsourced_claims": unsourced,
            "vague_claims": vague,
            "quotes_without_speaker": no_speaker,
            "unlinked_speakers": [{"speaker": name, "quotes": n}
                                  for name, n in sorted(unlinked.items(), key=lambda i: -i[1])],
            "documents": list(summary.values()),
        }
