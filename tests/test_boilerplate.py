"""Lines that are not article text create no quotations."""

from __future__ import annotations

import pytest

from quotes.nlp.boilerplate import skipped_ranges


def skipped_text(text: str) -> list[str]:
    return [text[s:e] for s, e in skipped_ranges(text)]


@pytest.mark.parametrize(
    "line",
    ["Advertisement", "Support our journalism: donate today", "Share this article",
     "Have your say in the comments below", "Read more: “Respect the result”, says PM",
     "Related:"],
)
def test_furniture_lines(line: str) -> None:
    text = f"Labour won the vote.\n\n{line}\n\nThe count went on."
    assert skipped_text(text) == [line]


def test_dateline_prefix() -> None:
    text = "LONDON, May 06 (BBC): Labour has taken control.\n\nMore text."
    assert skipped_text(text) == ["LONDON, May 06 (BBC): "]


def test_related_headlines_list() -> None:
    text = ("Body text ends here.\n\nRelated:\nBalls: ‘This Chancellor has failed’\n"
            "Budget 2013: the key points\n\nAnother paragraph of body text.")
    assert skipped_text(text) == ["Related:", "Balls: ‘This Chancellor has failed’",
                                  "Budget 2013: the key points"]


def test_repeated_paragraph() -> None:
    para = "“We will get on with the job,” the prime minister said on Friday morning."
    text = f"{para}\n\nSomething else happened.\n\n{para}"
    assert skipped_text(text) == [para]
    assert skipped_ranges(text)[0][0] == text.rindex(para)
