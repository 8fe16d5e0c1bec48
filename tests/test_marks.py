"""Quotation marks: pairing, apostrophes, nesting, continuation, stray marks."""

from __future__ import annotations

import pytest

from quotes.nlp.marks import find_quotations, is_apostrophe


def contents(text: str) -> list[list[str]]:
    return [[text[p.start:p.end] for p in q.parts] for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said: “We will win.” Then he left.", [["We will win."]]),
        ('He said: "We will win." Then he left.', [["We will win."]]),
        ("Headline: Starmer hails ‘turning point’ for Labour", [["turning point"]]),
        ("She called it 'a disgrace', he said.", [["a disgrace"]]),
        ("a “mismatched pair\" here", [["mismatched pair"]]),
        ("“Outer ‘inner’ text,” he said.", [["Outer ‘inner’ text,"]]),
        ("“A,” she said, “B.”", [["A,"], ["B."]]),
        ("a bipartisan ''Grand Bargain'' deal", [["Grand Bargain"]]),
        ("Trump is 6'3\" tall and \"big\".", [["big"]]),
    ],
)
def test_pairs(text: str, expected: list[list[str]]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We’ve never seen the Tories’ plan.",
        "It was rock ’n’ roll in ’95 and the '90s, said O'Brien.",
        "Don't say it's over; the miners' 45-minute commute goes on.",
    ],
)
def test_apostrophes_are_not_quotations(text: str) -> None:
    assert find_quotations(text) == []


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [("we’ve", 2, True), ("Tories’ plan", 6, False), ("in ’95", 3, True), ("say ‘no’", 4, False)],
)
def test_is_apostrophe(text: str, index: int, expected: bool) -> None:
    assert is_apostrophe(text, index) is expected


def test_possessive_inside_single_quote() -> None:
    assert contents("‘The Tories’ plan is dead,’ he said.") == [["The Tories’ plan is dead,"]]


def test_paragraph_continuation_joins_parts() -> None:
    text = "“One opens.\n\n“Two continues.\n\n“Three ends.”\n\nNot quoted."
    assert contents(text) == [["One opens.", "Two continues.", "Three ends."]]


def test_open_quote_ends_with_its_paragraph() -> None:
    text = "“Unclosed at the end\n\nNext paragraph has “x” only."
    assert contents(text) == [["Unclosed at the end"], ["x"]]


@pytest.mark.parametrize(
    "stray",
    ["Stray ” mark and “real quote” here.", "Counted “ against 44 per cent, “real quote” here."],
)
def test_stray_mark_shifts_nothing(stray: str) -> None:
    assert contents(stray) == [["real quote"]]


def test_stray_mark_stays_in_its_paragraph() -> None:
    text = "A lone “ opens nothing\n\n“Proper,” he said."
    assert contents(text)[-1] == ["Proper,"]


def test_reversed_opening_mark() -> None:
    assert contents("”Fear. I am afraid,” she wrote.") == [["Fear. I am afraid,"]]


def test_a_continuation_reopens_with_the_same_kind_of_mark() -> None:
    # a scraped straight mark opening a paragraph does not swallow the next quotation
    text = "\"Kevin was snoring.\n\n“Here he is, babe,” she said."
    assert contents(text)[-1] == ["Here he is, babe,"]
    # the news convention itself still holds
    text = "“We will build.\n\n“And we will do it faster,” she said."
    assert contents(text) == [["We will build.", "And we will do it faster,"]]


@pytest.mark.parametrize("between", ["Criticism", "Advertisement\n\nHide Ad", "Read more"])
def test_a_continuation_carries_over_a_crosshead(between: str) -> None:
    text = f"He said: “We will fight on.\n\n{between}\n\n“We will not give up.”"
    assert contents(text) == [["We will fight on.", "We will not give up."]]


@pytest.mark.parametrize("between", ["Mr Jones disagreed.", "He said “no” to that",
                                     "This is a line of six words"])
def test_a_sentence_between_ends_the_quotation(between: str) -> None:
    text = f"He said: “We will fight on.\n\n{between}\n\n“We will not give up.”"
    assert ["We will fight on."] in contents(text)


@pytest.mark.parametrize("between", [
    "Want the latest Bristol politics in your inbox? Sign up to our free “Westminster Week” "
    "newsletter.",
    "Sign up to our free newsletter for the latest news on the budget.",
])
def test_a_continuation_carries_over_a_newsletter_prompt(between: str) -> None:
    from quotes.nlp.boilerplate import skipped_ranges

    text = f"He said: “We will fight on.\n\n{between}\n\n“We will not give up.”"
    found = [[text[p.start:p.end] for p in q.parts]
             for q in find_quotations(text, skipped_ranges(text))]
    assert found[0] == ["We will fight on.", "We will not give up."]
