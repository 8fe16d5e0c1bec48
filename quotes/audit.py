"""What lacks a source: unsourced and vaguely sourced claims, quotations with no
speaker, and speakers not linked to a known person, with a summary per document."""

from __future__ import annotations

from sqlmodel import col, select

from quotes.filters import Filters, S, narrowed
from quotes.rows import AuditReport, ClaimPublic, document_ref
from quotes.store.db import session_scope
from quotes.store.models import Claim, Document, Person, Quote


def _document_ref(document: Document) -> dict:
    return document_ref(document)


def claim_json(claim: Claim, document: Document) -> dict:
    return ClaimPublic.model_validate({
        "id": claim.id, "text": claim.text, "start": claim.start, "end": claim.end,
        "type": claim.type, "score": claim.score, "source": claim.source,
        "source_kind": claim.source_kind, "quote_id": claim.quote_id,
        "document": document_ref(document)}).model_dump(mode="json")


def _scoped(statement: S, filters: Filters, document_id: int | None) -> S:
    if document_id is not None:
        statement = statement.where(col(Document.id) == document_id)
    return narrowed(statement, filters, dated=Document.published)


def audit(url: str, filters: Filters | None = None, document_id: int | None = None) -> dict:
    """The audit report as plain data (see the CLI's `quotes audit`)."""
    filters = filters or Filters()
    with session_scope(url) as session:
        claims = session.exec(_scoped(select(Claim, Document).join(Document), filters,
                                      document_id)
                              .order_by(col(Document.id), col(Claim.start))).all()
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
        summary: dict[int | None, dict] = {}
        for claim, document in claims:
            row = summary.setdefault(document.id, {
                "document": _document_ref(document), "claims": 0, "sourced": 0, "vague": 0,
                "unsourced": 0})
            row["claims"] += 1
            key = {"none": "unsourced", "vague": "vague"}.get(claim.source_kind, "sourced")
            row[key] += 1
        return AuditReport.model_validate({
            "unsourced_claims": unsourced,
            "vague_claims": vague,
            "quotes_without_speaker": no_speaker,
            "unlinked_speakers": [{"speaker": name, "quotes": n}
                                  for name, n in sorted(unlinked.items(), key=lambda i: -i[1])],
            "documents": list(summary.values()),
        }).model_dump(mode="json")
