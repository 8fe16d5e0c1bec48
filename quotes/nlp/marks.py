"""Find quotations by their marks in raw text.

This is plain Python over characters, so it runs before tokenisation and its offsets
are exact. It pairs straight and curly, double and single marks paragraph by
paragraph, tells apostrophes from single quotation marks, keeps nested quotes inside
their outer quotation and joins the news convention for long quotes (a paragraph that
opens a quotation without closing it, followed by a paragraph that opens with a mark).
A stray mark can only affect its own paragraph, never the pairing of the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from quotes.nlp.boilerplate import skipped_ranges
from quotes.nlp.doctext import text_of
from quotes.nlp.extensions import doc_attrs
from quotes.text import Paragraph, in_ranges, merged, paragraphs, trimmed

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‚"
CLOSE_SINGLE = "’"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + '"' + "'"

# Characters after which a mark opens a quotation rather than closes one.
_OPENING_CONTEXT = " \t\n([{<—–-/:;" + OPEN_DOUBLE + OPEN_SINGLE + '"' + "'"
_ABBREVIATED_YEAR = re.compile(r"\d\ds?\b")  # ’95, '90s
_FEET_INCHES = re.compile(r"\d'\d{1,2}\"$")
_ROCK_N_ROLL = re.compile(r"[’']n[’']", re.IGNORECASE)


class Mark(NamedTuple):
    pos: int
    family: str  # "double" or "single"
    role: str  # "open", "close" or "either"
    width: int = 1  # 2 for a doubled apostrophe used as a double mark


class Part(NamedTuple):
    """One paragraph's piece of a quotation: mark positions and content offsets."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark, None when left open
    start: int  # content start (after the mark)
    end: int  # content end (before the closing mark, or paragraph end)


class Quotation(NamedTuple):
    parts: tuple[Part, ...]
    family: str

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    @property
    def open(self) -> int:
        return self.parts[0].open

    @property
    def close(self) -> int:
        """Offset just past the closing mark (or the content end when unclosed)."""
        last = self.parts[-1]
        return last.close + 1 if last.close is not None else last.end


def classify_mark(text: str, i: int) -> Mark | None:
    """Say whether the character at ``i`` is a quotation mark and which way it faces."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    is_prime = after.isdigit() or _FEET_INCHES.search(text, max(i - 4, 0), i + 1)
    if ch in "'\"" and before.isdigit() and is_prime:
        return None  # a prime, as in 6'3" tall
    if ch == STRAIGHT_SINGLE and after == STRAIGHT_SINGLE:
        window = text[i - 1:i] + STRAIGHT_DOUBLE + text[i + 2:i + 3] if i else " \"" + text[2:3]
        doubled = classify_mark(window, 1)  # ''word'' is a double mark
        return doubled._replace(pos=i, width=2) if doubled else None
    elif ch == STRAIGHT_SINGLE and before == STRAIGHT_SINGLE:
        return None  # the second half of a doubled apostrophe, classified with the first
    opening_context = before in _OPENING_CONTEXT
    closing_context = after.isspace() or after in ".,;:!?)]}—–-…" + CLOSE_DOUBLE + CLOSE_SINGLE
    if ch in OPEN_DOUBLE:
        if before.isspace() and after.isspace():
            return None  # a lone mark between spaces opens nothing
        return Mark(i, "double", "open")
    if ch in CLOSE_DOUBLE:
        if opening_context and after.isalnum():
            return Mark(i, "double", "open")  # a closing mark typed at the start: ”Word
        return Mark(i, "double", "close")
    if ch == STRAIGHT_DOUBLE:
        if opening_context and not after.isspace():
            return Mark(i, "double", "open")
        if not before.isspace() and closing_context:
            return Mark(i, "double", "close")
        return Mark(i, "double", "either")
    if ch in OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE:
        if is_apostrophe(text, i):
            return None
        if ch in OPEN_SINGLE:
            return Mark(i, "single", "open")
        if opening_context and (after.isalnum() or after in OPEN_DOUBLE + '"'):
            return Mark(i, "single", "open")
        if not before.isspace() and closing_context:
            return Mark(i, "single", "close")
        return None
    return None


def is_apostrophe(text: str, i: int) -> bool:
    """Tell an apostrophe (we’ve, Tories’, ’95, rock ’n’ roll) from a single quote mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalpha():
        return True  # we’ve, O'Brien, don't
    if before == " " and text[i + 1:i + 3] in ("s ", "s,", "s.") and i > 1 and (
            text[i - 2].isalnum()):
        return True  # "Labour ’s top job": a clitic the page set off with a space
    if _ROCK_N_ROLL.match(text, i) or _ROCK_N_ROLL.match(text, max(i - 2, 0), i + 1):
        return True
    return bool(not before.isalnum() and _ABBREVIATED_YEAR.match(text, i + 1))


def _is_possessive(text: str, i: int) -> bool:
    """A closing single mark that could be a plural possessive (the Tories’ plan)."""
    return i > 0 and text[i - 1] in "sS" and i + 1 < len(text) and text[i + 1] == " " and (
        i + 2 < len(text) and text[i + 2].isalnum()
    )


def find_quotations(text: str, skipped: Sequence[tuple[int, int]] = ()) -> list[Quotation]:
    """Every top-level quotation in ``text``, with paragraph continuations joined;
    ``skipped`` holds the ranges of page furniture (boilerplate.skipped_ranges)."""
    furniture = set(skipped)
    quotations: list[Quotation] = []
    pending: Quotation | None = None  # a quotation left open at the end of a paragraph
    for para in paragraphs(text):
        if pending is not None and (para.start, para.end) in furniture:
            continue  # a newsletter prompt between the paragraphs of a quotation
        found, left_open = _pair_paragraph(text, para)
        if pending is not None and not found and _interlude(text, para):
            continue  # a crosshead or an advert line inside a quotation: it carries on
        if pending is not None:
            reopened = found[0].parts[0].open if found else -1
            if reopened == para.start and found[0].family == pending.family and (
                    _straight(text[reopened]) == _straight(text[pending.parts[-1].open])):
                first = found.pop(0)
                merged = Quotation(pending.parts + first.parts, pending.family)
                if first.parts[-1].close is None and not found:
                    pending = merged
                    continue
                quotations.append(merged)
            else:
                quotations.append(pending)
            pending = None
        if left_open and found:
            pending = found.pop()
        quotations.extend(found)
    if pending is not None:
        quotations.append(pending)
    return quotations


INTERLUDE_WORDS = 5  # "Criticism", "Hide Ad", "Read more": a crosshead, not a sentence


def _interlude(text: str, para: Paragraph) -> bool:
    """A short line with no sentence punctuation that a page puts between the paragraphs
    of one quotation (a crosshead, an advert's label); one with any mark is not."""
    line = text[para.start:para.end].strip()
    return (len(line.split()) <= INTERLUDE_WORDS and not any(c in ALL_MARKS for c in line)
            and line[-1:] not in ".!?:;,")


def _straight(mark: str) -> bool:
    """Straight marks; a quotation carried on into the next paragraph reopens with the
    same kind of mark it opened with (a scraped '"' before a '“' paragraph is stray)."""
    return mark in (STRAIGHT_DOUBLE, STRAIGHT_SINGLE)


def _pair_paragraph(text: str, para: Paragraph) -> tuple[list[Quotation], bool]:
    """Pair the marks of one paragraph; report whether the last quotation is left open."""
    marks = [m for i in range(para.start, para.end) if text[i] in ALL_MARKS
             if (m := classify_mark(text, i)) is not None]
    stack: list[Mark] = []
    quotations: list[Quotation] = []
    for index, mark in enumerate(marks):
        open_families = [m.family for m in stack]
        closes = mark.role == "close" or (mark.role == "either" and mark.family in open_families)
        if closes and mark.family in open_families:
            if mark.family == "single" and _is_possessive(text, mark.pos) and any(
                later.family == "single" and later.role == "close" for later in marks[index + 1:]
            ):
                continue  # the Tories’ plan: a later mark closes this quotation
            _close(stack, quotations, mark)
        elif mark.role == "close":
            continue  # a closing mark with nothing open is stray: it shifts nothing
        elif mark.family in open_families:
            # The same family cannot nest inside itself, so either this mark faces the
            # wrong way (“word“) or the earlier opening was stray (“ the “plan”).
            if _looks_closing(text, mark.pos):
                marks[index] = mark._replace(role="close")
                _close(stack, quotations, mark)
            elif text[stack[-1].pos] != text[mark.pos] and text[mark.pos] in OPEN_DOUBLE:
                stack.append(mark)  # "... “nested” ...": sloppy, but a real nesting
            else:
                while stack[-1].family != mark.family:
                    stack.pop()
                stack[-1] = mark
        else:
            stack.append(mark)
    if stack:
        opening = stack[0]
        end = para.end
        part = Part(opening.pos, None, opening.pos + opening.width, end)
        quotations.append(Quotation((part,), opening.family))
        return _drop_empty(text, quotations), True
    return _drop_empty(text, quotations), False


def _close(stack: list[Mark], quotations: list[Quotation], mark: Mark) -> None:
    """Close the innermost open quotation of the mark's family; record it if top-level."""
    while stack[-1].family != mark.family:
        stack.pop()  # an inner quotation that never closed
    opening = stack.pop()
    if not stack:
        part = Part(opening.pos, mark.pos, opening.pos + opening.width, mark.pos)
        quotations.append(Quotation((part,), opening.family))


def _looks_closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)")


def _drop_empty(text: str, quotations: list[Quotation]) -> list[Quotation]:
    """Trim whitespace inside the marks and drop quotations with no content."""
    kept = []
    for quote in quotations:
        parts = []
        for part in quote.parts:
            start, end = trimmed(text, part.start, part.end)
            parts.append(part._replace(start=start, end=end))
        if any(p.end > p.start for p in parts):
            kept.append(Quotation(tuple(parts), quote.family))
    return kept


# --- the spaCy component ---------------------------------------------------------------



@Language.factory("quotes_quote_marks_v1", assigns=doc_attrs("quotations_found", "skipped"))
def make_quote_marks(nlp: Language, name: str) -> QuoteMarks:
    return QuoteMarks()


class QuoteMarks:
    """Find quotations and non-article lines; store them as ``doc._.quotations_found``
    and ``doc._.skipped`` (character ranges)."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        skipped = skipped_ranges(text)
        doc._.skipped = skipped
        outside = merged(skipped)
        doc._.quotations_found = [
            q for q in find_quotations(text, skipped) if not in_ranges(outside, q.start)]
        return doc
