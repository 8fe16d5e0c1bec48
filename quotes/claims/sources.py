"""Who backs a claim: the speaker of the quotation it sits in, the cited source of
reported speech, the author of first-person writing, a vague source, or nobody.

Works on plain records (the quotation dicts of ``quotes extract``), so it needs no
parse and is easy to test.
"""

from __future__ import annotations

import re

from quotes.text import trimmed
from quotes.vocab import VAGUE_SOURCES

FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|we|We|my|My|our|Our|me|us)\b")
# Inside a quotation, split it into its own sentences for claims.
INNER_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[”’\"']?|$)")
QUOTED_KINDS = ("direct", "partial")
AUTHOR_WORDS = frozenset({"i", "we"})


def vague(source: str | None) -> bool:
    """'sources', 'Labour sources', 'experts', 'critics', 'officials' ..."""
    if not source:
        return False
    words = source.lower().replace("’", "'").split()
    return bool(words) and (words[-1] in VAGUE_SOURCES or words[0] in ("some", "many"))


# An unnamed source: "one Tory MP", "a senior source", "It is understood that".
UNNAMED = re.compile(r"^(?:one|a|an|another)\s", re.IGNORECASE)
IMPERSONAL_CUES = frozenset({"understood", "believed", "thought", "expected", "said"})


def source_of(record: dict, author: str = "the author") -> tuple[str | None, str]:
    """(source, source_kind) for a claim inside the attribution ``record``."""
    mention = (record.get("speaker_mention") or {}).get("text")
    cue = ((record.get("cue") or {}).get("text") or "").lower()
    if mention and record.get("speaker") in (None, mention) and (
            UNNAMED.match(mention) or mention.lower() == "it" and cue in IMPERSONAL_CUES):
        return mention, "vague"  # nobody the reader could check with
    name = record.get("speaker") or mention
    if record["kind"] not in QUOTED_KINDS and mention and mention.lower() in AUTHOR_WORDS:
        return author, "author"  # "I found that ...", "We asked readers ..."
    if name and (record.get("vague_source") or vague(mention or name)):
        return mention, "vague"
    if record["kind"] in QUOTED_KINDS:
        return (name, "speaker") if name else (None, "none")
    return (name, "cited") if name else (None, "none")


def inner_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (a quotation's content)."""
    spans = []
    for match in INNER_SENTENCE.finditer(text, start, end):
        s, e = trimmed(text, *match.span())
        if e - s > 1:
            spans.append((s, e))
    return spans


# The paper pointing to its earlier reporting ("as we revealed", "we told how"): the
# article's own voice. ("We asked readers" stays the author's: their own survey.)
PUBLICATION_WE = re.compile(
    r"\b(?:we|We)\s+(?:told|revealed|reported|disclosed)\b")


def first_person(text: str) -> bool:
    """Writing in the first person, other than the paper speaking of its reporting."""
    return bool(FIRST_PERSON.search(PUBLICATION_WE.sub(" ", text)))


# Numbers that are not statistics: clock times, phone numbers, page references, ages
# after a name, and calendar dates. Masked before scoring so they do not make a
# sentence look check-worthy.
NON_STATISTIC_NUMBERS = re.compile(
    r"""\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm)\b                  # 7.15am, 1pm
      | \b0\d{2,4}[ -]?\d{3}[ -]?\d{3,4}\b                     # 0117 496 0123
      | \b(?:page|pages|p\.)\s?\d+\b                            # page 3
      | (?<=[a-z],\ )\d{1,3}(?=,)                               # Kelly Brand, 34,
      | \b\d{1,2}(?:st|nd|rd|th)?\s(?:January|February|March|April|May|June|July|August
        |September|October|November|December)\b                # 9 February
      | \b(?:January|February|March|April|May|June|July|August|September|October
        |November|December)\s\d{1,2}\b                         # June 19
    """,
    re.IGNORECASE | re.VERBOSE,
)


def incidental_numbers(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that :func:`without_incidental_numbers` masks."""
    return [m.span() for m in NON_STATISTIC_NUMBERS.finditer(text)]


def without_incidental_numbers(text: str) -> str:
    """``text`` with times, phone numbers, page numbers, ages and dates masked."""
    return NON_STATISTIC_NUMBERS.sub("some", text)
