"""Files -> Documents -> pipeline -> rows, one transaction per batch.

Idempotent by content: a text already stored (same SHA-256) is not extracted again;
if its metadata changed, the document row is updated. A batch is written in one
transaction, so an interrupted run never leaves a half-written document.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from spacy.language import Language
from sqlalchemy import func, update
from sqlalchemy.exc import DatabaseError as DBAPIDatabaseError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError
from sqlmodel import Session, col, select

from quotes.dates import read_date
from quotes.embed import encode
from quotes.errors import DatabaseError, QuotesError
from quotes.extract import Extraction, extract, extraction_failure
from quotes.groups import assign_groups
from quotes.people.link import PeopleLinker
from quotes.people.registry import Registry
from quotes.reader import Document, Fetched, read_documents
from quotes.records import ClaimRecord, PersonRecord, QuotationRecord, SpanRef
from quotes.store.db import explain, get_engine, is_transient, session_scope, write_session
from quotes.store.models import Article, Claim, FetchedPage, Quote
from quotes.store.models import Document as DocumentRow
from quotes.store.newest import keep_search_blocks

WRITE_ATTEMPTS = 8  # tries of a batch that another writer got in the way of
METADATA = ("outlet", "title", "url", "author", "published")
# "LONDON, May 06 (BBC):" -> the outlet in brackets
DATELINE_OUTLET = re.compile(r"^[A-Z][A-Z .'\-]{2,40},[^\n(]{0,30}\(([^()\n]{2,40})\)\s*[:—–-]")


@dataclass
class IngestReport:
    """What a run did: counts, and one line for each input that failed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    quotes: int = 0
    claims: int = 0
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def absorb(self, other: IngestReport) -> None:
        """Add another run's counts, failures and warnings to these."""
        for key in ("added", "updated", "unchanged", "quotes", "claims"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.failed.extend(other.failed)
        self.warnings.extend(other.warnings)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def metadata(document: Document, defaults: dict) -> dict:
    """Outlet, title, URL, author and date: from the input's own metadata (sidecar
    JSON, JSONL fields, HTML), else the dateline, else the caller's defaults."""
    meta = dict(document.meta)
    meta.setdefault("published", meta.get("date"))
    meta.setdefault("outlet", meta.get("publisher") or meta.get("sitename"))
    if not meta.get("outlet") and (match := DATELINE_OUTLET.match(document.text)):
        meta["outlet"] = match.group(1).strip()
    found = {key: meta.get(key) or defaults.get(key) for key in METADATA}
    found["published"] = read_date(found["published"], document.source, [])  # warned on reading
    for key in ("outlet", "title", "url", "author"):
        found[key] = str(found[key]) if found[key] else None
    return found


def prepare(model: str | None, url: str) -> tuple[Language, Registry]:
    """The pipeline and the registry ingest links with: one registry (bundled + imported
    into the database at ``url``) for the people in documents and for linking, set on
    the (cached) pipeline each time, so an import made since is seen. The command and
    each Ray worker (quotes.cluster) load theirs here. The database is opened first: one
    that cannot be used is reported at once, not after the pipeline's slow load."""
    from quotes.nlp import load_pipeline
    from quotes.nlp.people import DocumentPeople
    from quotes.people.link import registry_with_imports

    get_engine(url)
    nlp = load_pipeline(model)
    registry = registry_with_imports(url)
    people = nlp.get_pipe("quotes_people_v1")
    assert isinstance(people, DocumentPeople)  # what make_people returns
    people.registry = registry
    return nlp, registry


def ingest(
    sources: list[str],
    url: str,
    nlp: Language,
    registry: Registry,
    defaults: dict | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    max_mb: float = 20.0,
    on_document: Callable[[str], None] | None = None,
    time_limit: float | None = None,
) -> IngestReport:
    """Ingest files, directories, JSONL or HTML into the database at ``url``."""
    report = IngestReport()
    defaults = defaults or {}
    fresh = fresh_documents(sources, url, defaults, report, max_mb, on_document)
    store(fresh, url, nlp, registry, defaults, report, batch_size, n_process, on_document,
          time_limit)
    return report


def store(documents: Iterable[Document], url: str, nlp: Language, registry: Registry,
          defaults: dict, report: IngestReport, batch_size: int = 32, n_process: int = 1,
          on_document: Callable[[str], None] | None = None,
          time_limit: float | None = None) -> None:
    """Extract documents not stored yet and write them with their quotations and claims,
    one transaction per ``batch_size`` documents; counts and failures go to ``report``.
    ``time_limit``: see :func:`quotes.extract.extract`."""
    batch: list[Extraction] = []

    def failed(document: Document, error: Exception) -> None:
        report.failed.append(extraction_failure(document, error))
        if on_document:
            on_document(document.source)

    for result in extract(documents, nlp, batch_size=min(batch_size, 16),
                          n_process=n_process, on_error=failed, time_limit=time_limit):
        batch.append(result)
        if len(batch) >= batch_size:
            _write(batch, url, registry, defaults, report)
            batch = []
        if on_document:
            on_document(result.document.source)
    if batch:
        _write(batch, url, registry, defaults, report)


def fresh_documents(sources: list[str], url: str, defaults: dict, report: IngestReport,
                    max_mb: float, on_document: Callable[[str], None] | None = None,
                    ) -> Iterator[Document]:
    """Documents whose text is not stored yet; stored ones get their metadata updated."""
    return unseen(read_documents(sources, "auto", max_mb), url, defaults, report, on_document)


def unseen(items: Iterable[Document | QuotesError], url: str, defaults: dict,
           report: IngestReport, on_document: Callable[[str], None] | None = None,
           ) -> Iterator[Document]:
    """The documents among ``items`` whose text is not stored yet, each once; a stored
    one gets its metadata updated (and its article the time of this fetch), an error
    goes to ``report.failed``."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, QuotesError):
            report.failed.append(str(item))
            if on_document:
                on_document(str(item))
            continue
        report.warnings.extend(item.warnings)
        if not item.text.strip():
            if on_document:
                on_document(item.source)
            continue
        digest = sha256(item.text)
        if digest in seen:
            report.unchanged += 1
            continue
        seen.add(digest)
        with session_scope(url) as session:
            row = session.exec(select(DocumentRow).where(DocumentRow.sha256 == digest)).first()
            if row is not None:
                _update_metadata(session, row, metadata(item, defaults), report)
                if item.fetched is not None:
                    _checked(session, item.fetched)
                if on_document:
                    on_document(item.source)
                continue
        item.meta["sha256"] = digest
        yield item


def _checked(session: Session, fetched: Fetched) -> None:
    """Note that the article was fetched again, unchanged, and the validators of the
    fetch."""
    article = session.exec(select(Article).where(Article.url == fetched.article)).first()
    if article is not None and article.id is not None:
        article.checked_at = fetched.at
        session.add(article)
        remember_validators(session, fetched, article.id)


def remember_validators(session: Session, fetched: Fetched, article_id: int) -> None:
    """Keep the URL's ETag and Last-Modified of this fetch for its next one (quotes.fetch
    sends them back; an unchanged page then comes back empty, as a 304)."""
    page = session.exec(select(FetchedPage).where(FetchedPage.url == fetched.url)).first()
    page = page or FetchedPage(url=fetched.url, article_id=article_id)
    page.article_id, page.etag, page.last_modified = (article_id, fetched.etag,
                                                      fetched.last_modified)
    session.add(page)


def _update_metadata(session: Session, row: DocumentRow, meta: dict,
                     report: IngestReport) -> None:
    changed = {k: v for k, v in meta.items() if v is not None and getattr(row, k) != v}
    if not changed:
        report.unchanged += 1
        return
    for key, value in changed.items():
        setattr(row, key, value)
    session.add(row)
    if "published" in changed:  # quotations carry their document's date for `said`
        session.execute(update(Quote).where(col(Quote.document_id) == row.id)
                        .values(published=changed["published"]))
    report.updated += 1


def _write(batch: list[Extraction], url: str, registry: Registry, defaults: dict,
           report: IngestReport) -> None:
    """Write a batch of documents with their quotations in one transaction.

    A failure another writer caused (a lock, a deadlock, the same text stored first) is
    retried, and documents stored meanwhile are skipped; a failure one document causes
    (a value the database refuses) is found by writing the batch one by one, so only
    that document is refused."""
    for attempt in range(WRITE_ATTEMPTS):
        done = IngestReport()
        try:
            with write_session(url) as session:
                _write_rows(session, batch, registry, defaults, done)
                if session.get_bind().dialect.name == "postgresql":  # search's blocks
                    keep_search_blocks(session.connection())
        except (IntegrityError, OperationalError) as error:
            if is_transient(error) and attempt < WRITE_ATTEMPTS - 1:
                time.sleep(random.uniform(0.05, 0.2) * 2 ** min(attempt, 5))
                continue
            if isinstance(error, OperationalError) and not is_transient(error):
                raise DatabaseError(explain(url, error)) from None
            failure: Exception = error
        except DBAPIDatabaseError as error:
            if not isinstance(error, DataError):  # the database's fault: damaged, full
                raise DatabaseError(explain(url, error)) from None
            failure = error
        except (SQLAlchemyError, ValueError, OverflowError) as error:  # one document's
            failure = error
        else:
            report.absorb(done)
            return
        break
    if len(batch) > 1:
        for one in batch:
            _write([one], url, registry, defaults, report)
        return
    reason = " ".join(str(getattr(failure, "orig", None) or failure).split())[:120]
    report.failed.append(f"{batch[0].document.source}: the database refused this document "
                         f"({reason}); the others are stored")


def _write_rows(session: Session, batch: list[Extraction], registry: Registry,
                defaults: dict, report: IngestReport) -> None:
    now = datetime.now(timezone.utc)
    linker = PeopleLinker(session, registry)
    digests = [result.document.meta["sha256"] for result in batch]
    stored = set(session.exec(select(DocumentRow.sha256)
                              .where(col(DocumentRow.sha256).in_(digests))))
    for document, quotes, people, claims in batch:
        if document.meta["sha256"] in stored:  # another process stored it meanwhile
            report.unchanged += 1
            continue
        meta = metadata(document, defaults)
        row = DocumentRow(sha256=document.meta["sha256"], source=document.source,
                          text=document.text, ingested_at=now, **meta,
                          **_version(session, document.fetched))
        session.add(row)
        session.flush()
        by_name = {p["name"]: p for p in people}
        rows = [_quote_row(record, row, document.text, by_name, linker, meta["published"])
                for record in quotes]
        for quote, embedding in zip(rows, encode([q.words for q in rows]), strict=True):
            quote.embedding = embedding
        session.add_all(rows)
        session.flush()
        assign_groups(session, rows)
        by_key = {(quote.start, quote.end): quote for quote in rows}
        session.add_all(_claim_row(claim, row, by_key) for claim in claims)
        report.added += 1
        report.quotes += len(quotes)
        report.claims += len(claims)


def _version(session: Session, fetched: Fetched | None) -> dict:
    """For a page fetched from the web: its article (made on its first fetch) and the
    next version number, with the URL fetched and when; nothing for other documents."""
    if fetched is None:
        return {}
    article = session.exec(select(Article).where(Article.url == fetched.article)).first()
    if article is None:
        article = Article(url=fetched.article, checked_at=fetched.at)
        session.add(article)
        session.flush()
    else:
        article.checked_at = max(article.checked_at, fetched.at)
        session.add(article)
    last = session.exec(select(func.max(DocumentRow.version))
                        .where(DocumentRow.article_id == article.id)).one()
    assert article.id is not None  # flushed
    remember_validators(session, fetched, article.id)
    return {"article_id": article.id, "version": (last or 0) + 1,
            "fetched_url": fetched.url, "fetched_at": fetched.at}


def _quote_row(record: QuotationRecord, document: DocumentRow, text: str,
               by_name: dict[str, PersonRecord],
               linker: PeopleLinker, on: date | None) -> Quote:
    assert document.id is not None  # _write_rows flushed it
    speaker_id = role = role_source = party = None
    doc_person = by_name.get(record["speaker"] or "")
    speaker = record["speaker"]
    if doc_person is not None:
        person, entry = linker.link(doc_person, on)
        linker.text_role(person, doc_person, document.id, on)
        speaker_id, speaker = person.id, person.name
        held = linker.role_at(entry, on)
        text_role = doc_person.get("role")
        # an office from the registry beats the text's words; a bare seat ("MP for X")
        # does not beat an office the text names ("Labour leader")
        if held is not None and not (text_role and held.title.startswith("MP for")):
            role, role_source, party = held.title, "registry", held.party or person.party
        elif text_role:
            role, role_source = text_role, "text"
            party = held.party if held is not None and held.party else person.party
        else:
            party = person.party
    mention: SpanRef | dict = record.get("speaker_mention") or {}
    cue: SpanRef | dict = record.get("cue") or {}
    parts = record.get("parts") or [[record["start"], record["end"]]]
    words = " … ".join(text[s:e] for s, e in parts)
    return Quote(
        document_id=document.id, start=record["start"], end=record["end"], text=record["text"],
        words=words, parts=json.dumps(parts),
        kind=record["kind"], speaker_id=speaker_id, speaker=speaker,
        mention_start=mention.get("start"), mention_end=mention.get("end"),
        mention_text=mention.get("text"), cue_start=cue.get("start"), cue_end=cue.get("end"),
        cue_text=cue.get("text"), confidence=record["confidence"], method=record["method"],
        cue_method=record["cue_method"], sentence_start=record["sentence"][0],
        sentence_end=record["sentence"][1],
        role=role, role_source=role_source, party=party, words_key=words_key(words),
        published=on)


def words_key(words: str) -> str:
    """The same quoted words in any outlet, whatever the marks, case and spacing."""
    found = re.findall(r"\w+", words.replace(" … ", " ").casefold())
    return hashlib.sha1(" ".join(found).encode()).hexdigest()[:20]


def _claim_row(claim: ClaimRecord, document: DocumentRow,
               quotes: dict[tuple[int, int], Quote]) -> Claim:
    assert document.id is not None  # _write_rows flushed it
    key = claim["quote"]
    quote = quotes[(key[0], key[1])] if key is not None else None
    person = quote.speaker_id if quote is not None and claim["source_kind"] in (
        "speaker", "cited") else None
    source = quote.speaker if person is not None and quote is not None else claim["source"]
    return Claim(document_id=document.id, quote_id=quote.id if quote is not None else None,
                 start=claim["start"], end=claim["end"], text=claim["text"],
                 type=claim["type"], score=claim["score"], source=source,
                 source_kind=claim["source_kind"], source_person_id=person)
