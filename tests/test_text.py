"""Offsets into a text (quotes.text): ranges merged once and asked by bisection,
trimming, overlap, paragraphs."""

from __future__ import annotations

import pytest

from quotes.text import in_ranges, merged, overlap, overlaps_any, paragraphs, trimmed


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
