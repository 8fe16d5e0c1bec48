"""Who backs a claim: the speaker of the quotation it sits in, the cited source of
reported speech, the author of first-person writing, a vague source, or nobody.

Works on plain records (the quotation dicts of ``quotes extract``), so it needs no
parse and is easy to test.
"""

from __future__ import annotations

import re

from quotes.vocab import VAGUE_SOURCES

FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|we|We|my|My|our|Our|me|us)\b")
# Inside a quotation, split it into its own sentences for claims.
INNER_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[”’\"']?|$)")
QUOTED_KINDS = ("direct", "partial")


def vague(source: str | None) -> bool:
    """'sources', 'Labour sources', 'experts', 'critics', 'officials' ..."""
    if not source:
        return False
    words = source.lower().replace("’", "'").split()
    return bool(words) and (words[-1] in VAGUE_SOURCES or words[0] in ("some", "many"))


def source_of(record: dict) -> tuple[str | None, str]:
    """(source, source_kind) for a claim inside the attribution ``record``."""
    mention = (record.get("speaker_mention") or {}).get("text")
    name = record.get("speaker") or mention
    if record["kind"] in QUOTED_KINDS:
        if name and vague(mention or name):
            return mention, "vague"
        return (name, "speaker") if name else (None, "none")
    if name and vague(mention or name):
        return mention, "vague"
    return (name, "cited") if name else (None, "none")


def inner_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (a quotation's content)."""
    spans = []
    for match in INNER_SENTENCE.finditer(text, start, end):
        s, e = match.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s > 1:
            spans.append((s, e))
    return spans


def first_person(text: str) -> bool:
    return bool(FIRST_PERSON.search(text))
