"""Questions the database answers: everything a person said, full-text search, one
quotation in its context, the people, and the totals. The CLI only renders these."""

from __future__ import annotations

import json

from sqlalchemy import Float, Integer, func, text
from sqlmodel import Session, col, select

from quotes.errors import AmbiguousName, NotFound, SearchSyntaxError
from quotes.filters import Filters, visible
from quotes.people.names import name_key
from quotes.rows import document_ref
from quotes.store.db import get_engine, is_sqlite, session_scope
from quotes.store.models import Alias, Correction, Document, Person, Quote, Role
from quotes.store.newest import ABOVE_FLOOR, newest_matches, settle
from quotes.store.search import parse, to_fts5, to_tsquery


def quote_json(quote: Quote, document: Document, sentence: str | None = None) -> dict:
    """The JSON shape of a quotation in every command's output: a rows.QuotePublic.
    ``sentence``: the text around it when the caller read that alone (verify reads no
    whole documents); else it is cut from ``document.text``."""
    return {
        "id": quote.id, "text": quote.text, "words": quote.words, "kind": quote.kind,
        "speaker": quote.speaker, "speaker_id": quote.speaker_id, "role": quote.role,
        "role_source": quote.role_source, "party": quote.party,
        "start": quote.start, "end": quote.end, "parts": json.loads(quote.parts),
        "mention": _span(quote.mention_start, quote.mention_end, quote.mention_text),
        "cue": _span(quote.cue_start, quote.cue_end, quote.cue_text),
        "confidence": quote.confidence, "method": quote.method, "cue_method": quote.cue_method,
        "context": " ".join(sentence.split()) if sentence is not None else context(
            document.text, quote),
        "corrected": quote.corrected,
        "document": document_ref(document),
    }


def context(text: str, quote: Quote) -> str:
    """The sentence(s) around a quotation, as the pipeline cut them at ingest."""
    start = quote.start if quote.sentence_start is None else quote.sentence_start
    end = quote.end if quote.sentence_end is None else quote.sentence_end
    return " ".join(text[start:end].split())


def _span(start: int | None, end: int | None, words: str | None) -> dict | None:
    """A rows.TextSpan."""
    return None if start is None else {"start": start, "end": end, "text": words}


# --- people ----------------------------------------------------------------------------


def find_people(session: Session, name: str) -> list[Person]:
    """People a name may mean: by full name or alias, else by surname or first name."""
    key = name_key(name)
    if not key:
        return []
    exact = session.exec(select(Person).where(Person.key == key)).all()
    aliased = session.exec(select(Person).join(Alias).where(Alias.key == key)).all()
    found = list({p.id: p for p in [*exact, *aliased]}.values())
    if found or " " in key:
        return found
    people = session.exec(select(Person).where(
        col(Person.key).like(f"% {key}") | col(Person.key).like(f"{key} %"))).all()
    return list(people)


def resolve_person(session: Session, name: str) -> Person:
    """The one person a name means; AmbiguousName lists the candidates, NotFound says so."""
    people = find_people(session, name)
    if not people:
        raise NotFound(f"nobody called {name!r} has been quoted yet; try `quotes people` "
                       "to see who has")
    if len(people) > 1:
        quoted = [p for p in people if _quote_count(session, p.id)]
        people = quoted if len(quoted) == 1 else people
    if len(people) > 1:
        listed = "; ".join(f"{p.name} ({p.party or 'no party'})" for p in people[:8])
        raise AmbiguousName(f"{name!r} could be {listed}; use the full name")
    return people[0]


def _quote_count(session: Session, person_id: int | None) -> int:
    return session.exec(select(func.count()).where(Quote.speaker_id == person_id)).one()


# --- said, search, show ----------------------------------------------------------------


def said(url: str, name: str, filters: Filters) -> tuple[Person, list[dict]]:
    """Everything a person said, newest first, with the role held at the time."""
    with session_scope(url) as session:
        person = resolve_person(session, name)
        statement = (select(Quote, Document).join(Document)
                     .where(Quote.speaker_id == person.id)
                     .where(Quote.kind != "other"))
        # Quote.published copies the document's date so the speaker index serves this order
        statement = visible(statement, filters).order_by(
            col(Quote.published).desc().nulls_last(), col(Quote.id).desc()
        ).limit(filters.limit)
        rows = [quote_json(q, d) for q, d in session.exec(statement)]
        session.expunge(person)
        return person, rows


# Ranking is the costly part of a full-text search (BM25 and ts_rank read every match
# they rank), so a search ranks the newest RANKED_MATCHES matches of its query: a word
# in most quotations still answers in milliseconds, and news search favours recent
# quotations anyway. A narrowed search (dates, outlet, kind, party, speaker) keeps what
# its filters allow among the newest NARROWED_MATCHES, so that a filter seldom leaves
# nothing of a common word.
RANKED_MATCHES = 1_000
NARROWED_MATCHES = 10_000
SPARE_FOR_SUPPRESSED = 10

FTS5_NEWEST = text("SELECT rowid AS id, bm25(quote_fts) AS score FROM quote_fts "
                   "WHERE quote_fts MATCH :q ORDER BY rowid DESC LIMIT :cap")


def search(url: str, query: str, filters: Filters) -> list[dict]:
    """Quotations matching the query, best first (BM25 on SQLite, ts_rank on PostgreSQL)
    among the newest RANKED_MATCHES matches (NARROWED_MATCHES when filtered)."""
    tree = parse(query)
    engine = get_engine(url)
    narrowing = any((filters.since, filters.until, filters.outlet, filters.kind,
                     filters.party, filters.speaker))
    cap = NARROWED_MATCHES if narrowing else RANKED_MATCHES
    with session_scope(url) as session:
        if is_sqlite(engine):
            ranked = FTS5_NEWEST.bindparams(q=to_fts5(tree), cap=cap).columns(
                id=Integer, score=Float).subquery("ranked")
        else:
            tsquery = to_tsquery(tree)
            start = settle(session, tsquery)
            _refuse_stopword_only(start.meaning, query)
            found = newest_matches(session, tsquery, cap, filters.limit + SPARE_FOR_SUPPRESSED,
                                   start.newest)
            ranked = ABOVE_FLOOR.bindparams(q=tsquery, floor=found.floor, cap=cap).columns(
                id=Integer, score=Float).subquery("ranked")
        if narrowing:  # rank and filter on narrow rows, joined to what the filters need
            best = select(Quote.id).join(ranked, ranked.c.id == Quote.id).join(Document)
            best = visible(best, filters)
            if filters.speaker:
                person = resolve_person(session, filters.speaker)
                best = best.where(Quote.speaker_id == person.id)
            shown = session.exec(best.order_by(ranked.c.score, col(Quote.id).desc())
                                 .limit(filters.limit)).all()
        elif is_sqlite(engine):  # no join at all: the best ids straight from the index,
            # a few spare for quotations a fact-checker marked as not quotes
            shown = session.exec(select(ranked.c.id).order_by(ranked.c.score,
                                                              ranked.c.id.desc())
                                 .limit(filters.limit + SPARE_FOR_SUPPRESSED)).all()
        else:  # the best of the newest matches came with them: not read a second time
            shown = [quote_id for quote_id, _ in found.best]
        position = {quote_id: n for n, quote_id in enumerate(shown)}
        rows = session.exec(select(Quote, Document).join(Document)
                            .where(col(Quote.id).in_(shown), col(Quote.suppressed).is_(False))
                            ).all()
        rows = sorted(rows, key=lambda r: position[r[0].id])[:filters.limit]
        return [quote_json(q, d) for q, d in rows]


def _refuse_stopword_only(meaning: str, query: str) -> None:
    """PostgreSQL drops common words: "doing NOT system" would become NOT system."""
    if meaning in ("T", "") or meaning.startswith("!"):
        raise SearchSyntaxError(f"{query!r} leaves only common words or only NOT terms; "
                                "add a less common word, e.g. 'tax NOT vat'")


def show(url: str, quote_id: int) -> dict:
    """One quotation with its paragraph, speaker, role at the time and document."""
    with session_scope(url) as session:
        pair = session.exec(select(Quote, Document).join(Document)
                            .where(Quote.id == quote_id)).first()
        if pair is None:
            raise NotFound(f"no quotation with id {quote_id}; find ids with `quotes search` "
                           "or `quotes said`")
        quote, document = pair
        record = quote_json(quote, document)
        start = document.text.rfind("\n", 0, quote.start) + 1
        end = document.text.find("\n", quote.end)
        record["paragraph"] = document.text[start:end if end >= 0 else len(document.text)]
        record["paragraph_start"] = start
        record["corrections"] = corrections_of(session, quote_id)
        return record


def corrections_of(session: Session, quote_id: int) -> list[dict]:
    """Who corrected what in a quotation, and when, oldest first."""
    rows = session.exec(select(Correction).where(Correction.quote_id == quote_id)
                        .order_by(col(Correction.id))).all()
    return [{"field": c.field, "old": c.old_value, "new": c.new_value, "by": c.by,
             "at": c.at.isoformat()} for c in rows]


def people(url: str, party: str | None = None, role: str | None = None) -> list[dict]:
    """People in the database with how often they are quoted."""
    with session_scope(url) as session:
        counts = (select(Person, func.count(col(Quote.id)))
                  .join(Quote, col(Quote.speaker_id) == col(Person.id), isouter=True)
                  .group_by(col(Person.id)))
        if party:
            counts = counts.where(func.lower(Person.party) == party.lower())
        if role:
            holders = select(Role.person_id).where(col(Role.title).ilike(f"%{role}%"))
            counts = counts.where(col(Person.id).in_(holders))
        rows = session.exec(counts.order_by(func.count(col(Quote.id)).desc(), Person.name))
        return [{"id": p.id, "name": p.name, "party": p.party, "registry_id": p.registry_id,
                 "politician": p.politician, "quotes": n} for p, n in rows]


def stats(url: str) -> dict:
    """Totals: documents, quotations by kind, people, outlets, date range."""
    with session_scope(url) as session:
        kinds = dict(session.exec(select(Quote.kind, func.count()).group_by(Quote.kind)).all())
        first, last = session.exec(select(func.min(Document.published),
                                          func.max(Document.published))).one()
        return {
            "documents": session.exec(select(func.count()).select_from(Document)).one(),
            "quotes": sum(kinds.values()),
            "by_kind": kinds,
            "people": session.exec(select(func.count()).select_from(Person)).one(),
            "linked_quotes": session.exec(select(func.count()).where(
                col(Quote.speaker_id).is_not(None))).one(),
            "outlets": session.exec(select(func.count(func.distinct(Document.outlet)))).one(),
            "first_published": first.isoformat() if first else None,
            "last_published": last.isoformat() if last else None,
        }
