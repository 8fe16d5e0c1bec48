"""What leaves the pipeline: the records of the ``quotes extract`` contract (DESIGN.md).

They are TypedDicts, plain dicts at run time, because spaCy's worker processes send Docs
back as msgpack, which carries dicts and lists but no dataclasses; the types are for the
reader and the type checker. Every offset is a ``str`` index into the document's text.
"""

from __future__ import annotations

from enum import Enum
from typing import TypedDict


class Kind(str, Enum):
    """What a quotation is: speech in marks, a quoted fragment, reported speech, or
    quoted words that are nobody's speech (scare quotes, titles)."""

    direct = "direct"
    partial = "partial"
    indirect = "indirect"
    other = "other"


class SpanRef(TypedDict):
    """A stretch of the text: the speaker mention or the cue."""

    start: int
    end: int
    text: str


class QuotationRecord(TypedDict):
    """One reported quotation (direct, partial or indirect) and who said it."""

    start: int  # the first quoted character (marks excluded)
    end: int  # (start, end) is the quotation's key: a partial inside an indirect starts with it
    text: str
    kind: str  # direct | partial | indirect | other (scare quotes, titles)
    speaker: str | None  # the canonical name, an organisation, or None
    speaker_mention: SpanRef | None  # the words the attribution rests on ("He")
    cue: SpanRef | None
    role: str | None  # the role the text gives the speaker
    vague_source: bool  # an unnamed source: "officials", "critics"
    confidence: float
    # how the speaker was found: name | alias | pronoun | role | mention | floating | none
    method: str
    # how the cue was found: cue | colon | previous | dash | noun | frame | floating | none
    cue_method: str
    parts: list[list[int]]  # [start, end] of each piece of one interrupted statement
    sentence: list[int]  # [start, end] of the sentence(s) that hold it: its context


class ClaimRecord(TypedDict):
    """One check-worthy sentence and who backs it."""

    start: int
    end: int
    text: str
    type: str
    score: float
    source: str | None
    source_kind: str  # speaker | cited | vague | author | none
    quote: list[int] | None  # [start, end] of the quotation it sits in (its key), or None


def quotation_key(record: QuotationRecord) -> list[int]:
    """What a claim calls the quotation it sits in: its [start, end]."""
    return [record["start"], record["end"]]


class PersonRecord(TypedDict):
    """A person the document names, with the role it gives them."""

    name: str
    aliases: list[str]
    gender: str | None
    role: str | None
    role_span: list[int] | None
    source: str  # text, or registry when only a role named them
