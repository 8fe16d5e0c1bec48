"""Offsets into a text (quotes.text): ranges merged once and asked by bisection,
trimming, overlap, paragraphs."""

from __future__ import annotations

import pytest

from quotes.text import (
    SpanIndex,
    in_ranges,
    merged,
    overlap,
    overlaps_any,
    paragraphs,
    trimmed,
)


def test_merged_sorts_and_joins_nested_and_touching_ranges() -> None:
    # lists, as ranges come back from a Doc serialised between processes
    assert merged([[30, 40], [0, 10], [2, 5], [10, 12], [50, 60]]) == [
        (0, 12), (30, 40), (50, 60)]
    assert merged([]) == []


@pytest.mark.parametrize(("position", "inside"), [
    (-1, False), (0, True), (11, True), (12, False), (29, False), (30, True),
    (39, True), (40, False), (100, False)])
def test_in_ranges(position: int, inside: bool) -> None:
    # after the inner quotation ends, an offset is still inside the outer one
    assert in_ranges(merged([(0, 12), (3, 5), (30, 40)]), position) is inside


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("  a b \n", (0, 7), (2, 5)),
    ("   ", (0, 3), (3, 3)),
    ("abc", (1, 2), (1, 2)),
])
def test_trimmed(text, span, expected) -> None:
    assert trimmed(text, *span) == expected


@pytest.mark.parametrize(("a", "b", "shared"), [
    ((0, 5), (3, 9), 2), ((0, 5), (5, 9), 0), ((2, 3), (0, 9), 1), ((6, 9), (0, 5), 0)])
def test_overlap(a, b, shared) -> None:
    assert overlap(a, b) == overlap(b, a) == shared
    assert overlaps_any(a, [(100, 200), b]) is (shared > 0)


def test_paragraphs_are_trimmed_lines() -> None:
    assert [tuple(p) for p in paragraphs("  One.\n\n\t Two. \nThree")] == [
        (2, 6), (10, 14), (16, 21)]


def test_span_index_finds_what_a_scan_finds() -> None:
    import random

    rng = random.Random(7)
    spans = [(s, s + rng.randint(0, 40)) for s in (rng.randint(0, 500) for _ in range(300))]
    index = SpanIndex((s, e, n) for n, (s, e) in enumerate(spans))
    for _ in range(300):
        start = rng.randint(0, 520)
        end = start + rng.randint(1, 60)
        expected = [n for n, span in enumerate(spans) if overlap(span, (start, end)) > 0]
        assert index.overlapping(start, end) == expected  # in the order added


def test_span_index_grows() -> None:
    index: SpanIndex[str] = SpanIndex()
    assert index.overlapping(0, 10) == []
    index.add(5, 8, "a")
    index.add(0, 100, "long")
    index.add(90, 95, "b")
    assert index.overlapping(92, 93) == ["long", "b"]
    assert index.overlapping(8, 9) == ["long"]
