"""Golden test: every hand-written expectation of fixtures/articles, one test each.

Known gaps are listed with the reason; they are strict xfails, so fixing one makes its
test fail until it is taken off the list.
"""

from __future__ import annotations

import json

import pytest
from golden import ARTICLES, actual, expected, fixture_names

# (article, index of the expected quote) -> why the extractor gets it wrong today
KNOWN_GAPS: dict[tuple[str, int], str] = {
    ("03_budget_for_growth", 3): "a report title with no naming word before it is taken "
    "for a partial quote",
    ("09_seafront_venue_reopens", 2): "the appositive role of Caroline Lucas is not found "
    "through the parse",
    ("12_reeves_sisters_lewisham", 1): "'Her sister' (a family relation) is not resolved "
    "to the person it relates to",
    ("15_starmer_conference_no_quick_fixes", 0): "the reported clause of the opening "
    "sentence is not found",
    ("18_scunthorpe_steel_recall", 2): "a company's statement ('Jingye’s statement ... "
    "said') is not linked to the company",
    ("18_scunthorpe_steel_recall", 5): "'In Mr Dakin’s words:' is not a cue",
    ("20_west_yorkshire_bus_franchising", 1): "the combined authority's clause gets no "
    "speaker",
}


def cases() -> list:
    found = []
    for name in fixture_names():
        for index, quote in enumerate(expected(name)):
            marks = []
            if (name, index) in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(reason=KNOWN_GAPS[(name, index)], strict=True))
            found.append(pytest.param(name, index, quote, marks=marks, id=f"{name}#{index}"))
    return found


@pytest.fixture(scope="module")
def results(nlp):
    return {name: actual(name, nlp) for name in fixture_names()}


@pytest.mark.parametrize(("name", "index", "quote"), cases())
def test_expected_quote_found(results, name: str, index: int, quote: tuple) -> None:
    assert quote in results[name]


def test_fixture_set_is_large_enough() -> None:
    names = fixture_names()
    assert len(names) >= 12
    for name in names:
        data = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
        assert data["quotes"], name
