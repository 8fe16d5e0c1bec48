"""Character offsets into a text: paragraphs, trimming, ranges and overlap. A leaf
module: it imports nothing of the project, so every layer can use it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar

Ranges = list[tuple[int, int]]
T = TypeVar("T")
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



class SpanIndex(Generic[T]):
    """Items by character span, asked which overlap a span by bisection (then only the
    spans that start within the longest one's length before it): a scan of every span
    made texts of many short paragraphs quadratic."""

    def __init__(self, items: Iterable[tuple[int, int, T]] = ()) -> None:
        self._entries: list[tuple[int, int, int, T]] = []  # (start, order, end, item)
        self._longest = 0
        for start, end, item in items:
            self.add(start, end, item)

    def add(self, start: int, end: int, item: T) -> None:
        insort(self._entries, (start, len(self._entries), end, item), key=_start_order)
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items sharing a character with ``[start, end)``, in the order added."""
        lo = bisect_left(self._entries, start - self._longest, key=_start)
        hi = bisect_left(self._entries, end, key=_start)
        found = sorted((order, item) for s, order, e, item in self._entries[lo:hi]
                       if min(e, end) > max(s, start))  # as overlap(): one character shared
        return [item for _, item in found]


def _start(entry: tuple) -> int:
    return entry[0]


def _start_order(entry: tuple) -> tuple[int, int]:
    return entry[0], entry[1]
