"""Character ranges of a text (skipped furniture, quotation marks): merged once, then
asked by bisection whether an offset falls inside one."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

Ranges = list[tuple[int, int]]


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
    """Whether ``position`` falls in one of ``ranges`` (as :func:`merged` returns them)."""
    index = bisect_right(ranges, (position, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= position < ranges[index][1]
