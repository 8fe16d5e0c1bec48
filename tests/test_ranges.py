"""Character ranges: merged once (nested quotations join), then asked by bisection."""

from __future__ import annotations

import pytest

from quotes.nlp.ranges import in_ranges, merged


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
