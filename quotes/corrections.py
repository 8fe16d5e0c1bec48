"""Fact-checkers correct the machine: a new speaker, another kind, or "not a quote".

Each correction is kept with who made it and when; the quotation row is changed and
flagged, and since re-ingesting the same text adds nothing, no later run undoes it.
"""

from __future__ import annotations

import getpass
from datetime import datetime, timezone

from sqlmodel import Session, select

from quotes.errors import NotFound, QuotesError
from quotes.people.link import PeopleLinker
from quotes.people.registry import load_registry
from quotes.query import find_people, quote_json
from quotes.records import Kind
from quotes.store.db import session_scope
from quotes.store.models import Correction, Document, Person, Quote

KINDS = tuple(kind.value for kind in Kind)


def fix(url: str, quote_id: int, speaker: str | None = None, kind: str | None = None,
        not_a_quote: bool = False, by: str | None = None, new_person: bool = False) -> dict:
    """Apply and record corrections to one quotation; returns the corrected row. A
    speaker nobody knows (not stored, not in the registry) is added only with
    ``new_person``: a typo must not quietly become a new person."""
    if not (speaker or kind or not_a_quote):
        raise QuotesError("nothing to correct; give --speaker NAME, --kind KIND or "
                          "--not-a-quote")
    if kind is not None and kind not in KINDS:
        raise QuotesError(f"--kind {kind!r} is not one of {', '.join(KINDS)}")
    who = by or getpass.getuser()
    with session_scope(url) as session:
        pair = session.exec(select(Quote, Document).join(Document)
                            .where(Quote.id == quote_id)).first()
        if pair is None:
            raise NotFound(f"no quotation with id {quote_id}; find ids with `quotes search`")
        quote, document = pair
        if speaker is not None:
            person = _person(session, speaker, document, new_person)
            _record(session, quote, "speaker", quote.speaker, person.name, who)
            quote.speaker_id, quote.speaker = person.id, person.name
            quote.role = quote.role_source = None
            quote.party = person.party
        if kind is not None:
            _record(session, quote, "kind", quote.kind, kind, who)
            quote.kind = kind
        if not_a_quote:
            _record(session, quote, "not_a_quote", None, "true", who)
            quote.suppressed = True
        quote.corrected = True
        session.add(quote)
        session.flush()
        return quote_json(quote, document)


def _person(session: Session, name: str, document: Document, new_person: bool) -> Person:
    """The person a fact-checker names: one already stored, else the registry's, else
    (with ``new_person``) a new one; several stored people with that name is an error
    that lists them."""
    stored = find_people(session, name)
    if len(stored) == 1:
        return stored[0]
    if len(stored) > 1:
        listed = "; ".join(p.name for p in stored[:8])
        raise QuotesError(f"{name!r} could be {listed}; give the full name")
    registry = load_registry()
    if not new_person and not registry.find(name):
        raise NotFound(f"nobody called {name!r} is in the database or the registry; check "
                       "the spelling (`quotes people`), or add --new-person to add them")
    linker = PeopleLinker(session, registry)
    person, _ = linker.link({"name": name}, document.published)
    return person


def _record(session: Session, quote: Quote, field: str, old: str | None, new: str | None,
            who: str) -> None:
    assert quote.id is not None  # a stored row, loaded by its id
    session.add(Correction(quote_id=quote.id, field=field, old_value=old, new_value=new,
                           by=who, at=datetime.now(timezone.utc)))
