"""Quote-aware sentence boundaries, set before the parser."""

from __future__ import annotations

import pytest


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_no_boundary_inside_a_quotation(nlp) -> None:
    text = 'He said: “We will win. We will fight. Nobody can stop us.” Then he left.'
    found = sentences(nlp, text)
    assert any("We will win. We will fight. Nobody can stop us.”" in s for s in found)


def test_closing_mark_stays_with_its_sentence(nlp) -> None:
    for sentence in sentences(nlp, "“Why now?” Clinton asked. The room fell silent."):
        assert not sentence.startswith("”")


def test_cue_after_question_stays_in_sentence(nlp) -> None:
    found = sentences(nlp, "“How many times must we see this?” Clinton said. It was late.")
    assert found[0] == "“How many times must we see this?” Clinton said."


@pytest.mark.parametrize("text", ["First paragraph without a stop\n\nSecond one", "A\nB"])
def test_paragraph_break_ends_a_sentence(blank_nlp, text: str) -> None:
    doc = blank_nlp(text)
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[-1] in ("Second", "B")


def test_blank_pipeline_forbids_breaks_in_quotes(blank_nlp) -> None:
    doc = blank_nlp("He said “One. Two. Three.” and left.")
    inside = [t for t in doc if t.text in ("Two", "Three")]
    assert all(t.is_sent_start is False for t in inside)
