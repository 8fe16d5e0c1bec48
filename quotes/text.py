"""Character offsets into a text: paragraphs, trimming, ranges and overlap. A leaf
module: it imports nothing of the project, so every layer can use it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

Ranges = list[tuple[int, int]]
LINE = re.compile(r"[^\n]+")


class Paragraph(NamedTuple):
    start: int
    end: int


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the whitespace at either edge of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> Iterator[Paragraph]:
    """Non-blank lines, trimmed; a line break always ends a paragraph."""
    for match in LINE.finditer(text):
        start, end = trimmed(text, *match.span())
        if start < end:
            yield Paragraph(start, end)


def overlap(a: Sequence[int], b: Sequence[int]) -> int:
    """Characters the ``(start, end)`` spans ``a`` and ``b`` share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlaps_any(span: Sequence[int], spans: Iterable[Sequence[int]]) -> bool:
    """Whether ``span`` shares a character with any of ``spans``."""
    return any(overlap(span, other) > 0 for other in spans)


def merged(ranges: Iterable[Sequence[int]]) -> Ranges:
    """Sorted ``(start, end)`` tuples with overlapping ranges (nested quotations) joined."""
    joined: Ranges = []
    for start, end in sorted((s, e) for s, e in ranges):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def in_ranges(ranges: Ranges, position: int) -> bool:
    """Whether ``position`` falls in one of ``ranges`` (as :func:`merged` returns them),
    by bisection."""
    index = bisect_right(ranges, (position, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= position < ranges[index][1]
