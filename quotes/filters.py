"""The narrowing every listing shares (`said`, `search`, `export`, `audit`): one set of
options, one builder of the WHERE clauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.sql import Select
from sqlmodel import col

from quotes.store.models import Document, Quote

S = TypeVar("S", bound=Select)  # a SELECT of any row shape


@dataclass
class Filters:
    """Narrowing common to every command that lists rows."""

    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    kind: str | None = None
    speaker: str | None = None  # resolved to a person by the caller, which has a session
    party: str | None = None
    limit: int = 50


def narrowed(statement: S, filters: Filters, dated: Any = Quote.published) -> S:
    """``statement`` with the dates, outlet, kind and party of ``filters``. ``dated``: the
    column the dates bound; Quote.published (the document's date, copied next to the
    speaker index) for quotations, Document.published for claims."""
    if filters.since:
        statement = statement.where(dated >= filters.since)
    if filters.until:
        statement = statement.where(dated <= filters.until)
    if filters.outlet:
        statement = statement.where(func.lower(Document.outlet) == filters.outlet.lower())
    if filters.kind:
        statement = statement.where(col(Quote.kind) == filters.kind)
    if filters.party:
        statement = statement.where(func.lower(Quote.party) == filters.party.lower())
    return statement


def visible(statement: S, filters: Filters) -> S:
    """Quotations a person has not marked as no quotation, narrowed by ``filters``."""
    return narrowed(statement.where(col(Quote.suppressed).is_(False)), filters)
