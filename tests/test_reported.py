"""Indirect speech users can trust: reported clauses by default, positions on request,
and a learned confidence for each candidate."""

from __future__ import annotations

import json

import pytest

from quotes.nlp.reported import default_threshold, load_model, probability


def indirect(quotes: list[dict]) -> list[dict]:
    return [q for q in quotes if q["kind"] == "indirect"]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("The Chancellor, Jeremy Hunt, said that the economy would return to growth next "
         "year.", "Jeremy Hunt", "the economy would return to growth next year"),
        ("According to the Office for Budget Responsibility, borrowing will fall by 2026.",
         "Office for Budget Responsibility", "borrowing will fall by 2026"),
        ("Anas Sarwar told reporters the party was ready for an election.", "Anas Sarwar",
         "the party was ready for an election"),
    ],
)
def test_reported_clauses_are_kept(extract_one, text: str, speaker: str, content: str) -> None:
    [quote] = indirect(extract_one(text))
    assert (quote["speaker"], quote["text"]) == (speaker, content)
    assert quote["confidence"] >= default_threshold()


@pytest.mark.parametrize(
    "text",
    [
        "I believe we need a new approach to housing in this country.",  # the author's own
        "We think the council should publish its figures before the vote.",
        "The figures suggest that waiting lists are getting longer.",  # no one speaks
        "Nigel Farage urged voters to back his candidates in the May elections.",  # a position
        "The minister refused to give any dates for the end of the restrictions.",
    ],
)
def test_no_trusted_indirect_speech(extract_one, text: str) -> None:
    assert indirect(extract_one(text)) == []


def test_positions_stay_available(extract_one) -> None:
    text = "Nigel Farage urged voters to back his candidates in the May elections."
    [quote] = indirect(extract_one(text, indirect="all"))
    assert quote["speaker"] == "Nigel Farage"


def test_a_reported_clause_holds_its_quoted_fragments(extract_one) -> None:
    text = ("Rishi Sunak said Labour’s economic policies would be a “disaster for Britain” "
            "and that working people would pay the price.")
    quotes = extract_one(text)
    [partial] = [q for q in quotes if q["kind"] == "partial"]
    clauses = indirect(quotes)
    assert partial["text"] == "disaster for Britain"
    assert any(q["start"] <= partial["start"] and partial["end"] <= q["end"] for q in clauses)
    assert {q["speaker"] for q in clauses} == {"Rishi Sunak"}


def test_probability_follows_the_weights(tmp_path) -> None:
    path = tmp_path / "reported.json"
    path.write_text(json.dumps({"weights": {"route=ccomp": 2.0, "speaker=none": -3.0},
                                "bias": 0.0, "threshold": 0.5}), encoding="utf-8")
    load_model.cache_clear()
    try:
        assert probability(["route=ccomp"], path) > 0.85
        assert probability(["route=ccomp", "speaker=none"], path) < 0.3
        assert probability(["unknown"], path) == pytest.approx(0.5)
    finally:
        load_model.cache_clear()


def test_shipped_model_was_chosen_by_cross_validation() -> None:
    from quotes.nlp.reported import MODEL_PATH

    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    check = data["cross_validation"]
    assert check["precision"] >= check["target_precision"]
    assert 0 < data["threshold"] < 1
    assert all(isinstance(w, float) for w in data["weights"].values())
