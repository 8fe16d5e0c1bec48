"""Recognise lines that are not article text: adverts, appeals, related-headline lists,
share and comment prompts, datelines, and paragraphs repeated by a scraper.

Returns character ranges to leave alone; the text itself is never changed, so every
offset still points into the original.
"""

from __future__ import annotations

import re

from quotes.nlp.marks import Paragraph, paragraphs

# Whole paragraphs that are page furniture, matched case-insensitively from the start.
BOILERPLATE_LINES = re.compile(
    r"""^(?:
        advertisements?\b | sponsored\b | promoted\b
      | support\ (?:our|us|independent)\b | donate\b | (?:please\ )?subscribe\b
      | sign\ up\b | become\ a\ (?:member|subscriber)\b
      | share\ (?:this|on)\b | follow\ (?:us|@) | click\ here\b | tap\ here\b
      | have\ your\ say\b | comments?\b.{0,40}(?:below|closed)
      | join\ the\ (?:debate|conversation)\b | what\ do\ you\ think\b.{0,60}\?
      | read\ (?:more|next|the\ rest|also)\b | see\ also\b | watch\b.{0,30}:
      | related\b | more\ on\ this\ story\b | most\ read\b | trending\b
      | image\ (?:caption|copyright|source)\b | getty\ images\b | photograph:
      | copyright\b | ©
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Headers that start a list of links: the short lines after them are headlines too.
LIST_HEADERS = re.compile(
    r"^(?:related\b|more\ on\ this\ story|read\ (?:more|next)|most\ read|trending|"
    r"see\ also|you\ may\ also\ like|recommended)\W*$",
    re.IGNORECASE | re.VERBOSE,
)
# "LONDON, May 06 (BBC):", "WASHINGTON (Reuters) -", "MANCHESTER, 3 June —".
DATELINE = re.compile(
    r"""^[A-Z][A-Z .'\-]{2,40}
        (?:,\s*(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:,?\s*\d{4})?)?
        \s*(?:\([^()\n]{2,40}\))?\s*[:—–-](?:\s|$)""",
    re.VERBOSE,
)
REPEAT_MIN_CHARS = 40  # shorter paragraphs ("He said:") repeat legitimately


def skipped_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are not article text, in order."""
    ranges: list[tuple[int, int]] = []
    seen: set[str] = set()
    in_list = False
    for index, para in enumerate(paragraphs(text)):
        line = text[para.start:para.end]
        if index == 0 and (match := DATELINE.match(line)):
            ranges.append((para.start, para.start + match.end()))
        if in_list and _looks_like_headline(line):
            ranges.append(para)
            continue
        in_list = bool(LIST_HEADERS.match(line))
        key = " ".join(line.split())
        if BOILERPLATE_LINES.match(line) or (len(key) >= REPEAT_MIN_CHARS and key in seen):
            ranges.append(para)
        seen.add(key)
    return ranges


def _looks_like_headline(line: str) -> bool:
    """A short line without a closing full stop, as in a list of links."""
    stripped = line.rstrip(" \t”’\"'")
    return len(line) <= 160 and not stripped.endswith((".", "?", "!", ":")) or line.startswith(
        ("- ", "• ", "* ")
    )


def in_ranges(position: int, ranges: list[tuple[int, int]] | list[Paragraph]) -> bool:
    """Whether ``position`` falls inside any of the (sorted) ranges."""
    return any(start <= position < end for start, end in ranges)
