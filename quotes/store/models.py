"""The tables. Every quotation points back to the exact characters of its document.

Schema changes go through a numbered Alembic migration in quotes/schema/migrations; these
classes and the migrations must agree (tests/test_store.py checks it).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    """A web article, identified by its canonical URL; each text it had is a Document,
    numbered by ``Document.version``."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True, index=True)  # canonical
    checked_at: datetime  # its last fetch, changed or not (a feed's later entry re-fetches)


class FetchedPage(SQLModel, table=True):
    """A URL as it was asked for (a feed's link, before redirects), the article it gave,
    and the validators of its last fetch, sent with the next one (If-None-Match,
    If-Modified-Since) so that an unchanged page is not sent again."""

    __tablename__ = "fetched_page"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True, index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    etag: str | None = None  # the ETag header, as the server sent it
    last_modified: str | None = None  # the Last-Modified header, as sent


class Document(SQLModel, table=True):
    """One ingested text, identified by the SHA-256 of its text."""

    # one text per version of an article (plain documents have neither: NULLs never clash)
    __table_args__ = (Index("ux_document_article_version", "article_id", "version", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True, max_length=64)
    source: str
    text: str
    outlet: str | None = Field(default=None, index=True)
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: date | None = Field(default=None, index=True)
    ingested_at: datetime
    # fetched from the web: the article this text is a version of (1, 2, ... as it
    # changed), the URL asked for (before redirects) and when
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    version: int | None = None
    fetched_url: str | None = Field(default=None, index=True)  # a feed's link
    fetched_at: datetime | None = None


class Person(SQLModel, table=True):
    """A person across documents: a registry politician or a name met in the text."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    key: str = Field(index=True)  # normalised name (quotes.people.names.name_key)
    registry_id: str | None = Field(default=None, index=True, unique=True)
    party: str | None = Field(default=None, index=True)
    gender: str | None = None
    politician: bool = False
    ids: str = "{}"  # JSON object of outside identifiers (parliament, ifg, ...)


class Alias(SQLModel, table=True):
    """Another way of writing a person's name ("Sir Keir", "Mr Starmer")."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    alias: str
    key: str = Field(index=True)


class Role(SQLModel, table=True):
    """An office or position held over a period, from the registry or the text."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    title: str
    organisation: str | None = None
    party: str | None = None
    start: date | None = None
    end: date | None = None
    source: str = "text"  # "registry", "import" or "text"
    document_id: int | None = Field(default=None, foreign_key="document.id")
    evidence_start: int | None = None
    evidence_end: int | None = None


class Quote(SQLModel, table=True):
    """A quotation (or reported speech) with its speaker and exact offsets."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    start: int
    end: int
    text: str  # document.text[start:end]
    words: str  # the quoted words only: the parts joined with " … " (what search sees)
    parts: str = "[]"  # JSON list of [start, end] content spans
    kind: str = Field(index=True)
    speaker_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    speaker: str | None = None  # the name as resolved in the document
    mention_start: int | None = None
    mention_end: int | None = None
    mention_text: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    cue_text: str | None = None
    confidence: float = 0.0
    method: str = "none"  # how the speaker was found (records.QuotationRecord)
    cue_method: str | None = None  # how the cue was found; None: stored before 0005
    sentence_start: int | None = None  # the sentence(s) around it, the context of exports
    sentence_end: int | None = None
    role: str | None = None  # role at the time of the document
    role_source: str | None = None  # "registry" or "text"
    party: str | None = None  # party at the time
    words_key: str | None = Field(default=None, index=True)  # same words, other outlets
    corrected: bool = False  # a person changed this row (see Correction)
    suppressed: bool = False  # a person said it is not a quotation
    # the document's date, copied so that `said` reads a speaker's newest quotations from
    # the index (speaker_id, published DESC, id DESC) made by migration 0003
    published: date | None = None
    # the words' sentence embedding (quotes.embed), for paraphrases in `quotes verify`
    embedding: bytes | None = Field(default=None, sa_type=LargeBinary)


class Claim(SQLModel, table=True):
    """A check-worthy statement and what backs it."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    quote_id: int | None = Field(default=None, foreign_key="quote.id", index=True)
    start: int
    end: int
    text: str
    type: str
    score: float
    source: str | None = None
    source_kind: str = Field(index=True)  # speaker | cited | author | vague | none
    source_person_id: int | None = Field(default=None, foreign_key="person.id")


class Correction(SQLModel, table=True):
    """A fact-checker's correction of a quotation, with who and when."""

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(foreign_key="quote.id", index=True)
    field: str  # speaker | kind | not_a_quote
    old_value: str | None = None
    new_value: str | None = None
    by: str
    at: datetime
