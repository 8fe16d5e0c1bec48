"""Attribution frames: what the parse offers, and learning them from gold attributions."""

from __future__ import annotations

import json

from quotes.nlp import train_frames
from quotes.nlp.frames import (
    content_span,
    coordinated_before,
    frames_of,
    load_frames,
    opening_conjunction,
)


def test_frames_of_a_parse(nlp) -> None:
    doc = nlp("The mayor called for an inquiry into the fire.")
    [called] = [t for t in doc if t.text == "called"]
    frames = dict(frames_of(called))
    assert ("call", "prep_for") in frames
    head = frames[("call", "prep_for")]
    start, end = content_span(head)
    assert doc.text[start:end] == "an inquiry into the fire"


def test_shipped_frames_load_with_confidences() -> None:
    frames = load_frames()
    assert len(frames) > 100
    assert all(0 < confidence <= 1 for confidence in frames.values())


def _gold(text: str, content: str, cue: str) -> dict:
    start = text.index(content)
    cue_start = text.rindex(cue, 0, start)  # the cue just before its content
    return {"start": start, "end": start + len(content), "text": content, "kind": "indirect",
            "cue_spans": [[cue_start, cue_start + len(cue)]], "speaker_mentions": []}


def test_learning_counts_attributions_and_occurrences(tmp_path) -> None:
    first = "The minister attacked the plan. The mayor attacked the budget on Monday."
    second = "Critics attacked the scheme. The council attacked the weeds with spray."
    records = [
        {"doc_id": "a", "text": first, "quotes": [_gold(first, "the plan", "attacked"),
                                                   _gold(first, "the budget", "attacked")]},
        {"doc_id": "b", "text": second, "quotes": [_gold(second, "the scheme", "attacked")]},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    parsed = train_frames.parse(str(gold), None)
    counts = train_frames.count(parsed)
    assert counts.attributions[("attack", "dobj")] == 3
    assert counts.occurrences[("attack", "dobj")] == 4  # "attacked the weeds" is no attribution
    assert counts.lexicon(0.5) == {("attack", "dobj"): 0.75}
    assert counts.lexicon(0.8) == {}
    gold_count, predicted, matched = train_frames.score(parsed, counts.lexicon(0.5))
    assert (gold_count, predicted, matched) == (3, 4, 3)


def test_training_writes_a_loadable_file(tmp_path) -> None:
    text = "The minister attacked the plan. The mayor attacked the budget on Monday."
    record = {"doc_id": "a", "text": text, "quotes": [_gold(text, "the plan", "attacked"),
                                                        _gold(text, "the budget", "attacked")]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(record) for _ in range(4)), encoding="utf-8")
    out = tmp_path / "frames.json"
    train_frames.main(["--train", str(gold), "--out", str(out)])
    assert load_frames(out) == {("attack", "dobj"): 1.0}


def _parsed(blank_nlp, words: list[str], heads: list[int], deps: list[str], pos: list[str]):
    """A Doc with a given parse: the mechanism below is about parses the statistical
    parser sometimes makes, so the test fixes the parse instead of hoping for it."""
    from spacy.tokens import Doc

    return Doc(blank_nlp.vocab, words=words, heads=heads, deps=deps, pos=pos,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_a_clause_joined_by_a_conjunction_is_not_the_cue_s_content(blank_nlp) -> None:
    # "Labour won seats - and Mr Leigh said it was over", parsed with "won" as the
    # complement of "said" (as en_core_web_sm does on such sentences)
    words = ["Labour", "won", "seats", "-", "and", "Mr", "Leigh", "said", "it", "was", "over"]
    heads = [1, 7, 1, 2, 2, 6, 7, 7, 9, 7, 9]
    deps = ["nsubj", "ccomp", "dobj", "punct", "cc", "compound", "nsubj", "ROOT", "nsubj",
            "ccomp", "acomp"]
    pos = ["PROPN", "VERB", "NOUN", "PUNCT", "CCONJ", "PROPN", "PROPN", "VERB", "PRON",
           "AUX", "ADJ"]
    doc = _parsed(blank_nlp, words, heads, deps, pos)
    said = doc[7]
    assert opening_conjunction(said).text == "and"
    assert coordinated_before(doc[1], said) and not coordinated_before(doc[9], said)
    assert [head.text for _, head in frames_of(said)] == ["Leigh", "was"]


def test_a_fronted_statement_is_the_cue_s_content(blank_nlp) -> None:
    # "Labour won seats, Mr Leigh said": no conjunction, the statement is reported
    words = ["Labour", "won", "seats", ",", "Mr", "Leigh", "said"]
    heads = [1, 6, 1, 6, 5, 6, 6]
    deps = ["nsubj", "ccomp", "dobj", "punct", "compound", "nsubj", "ROOT"]
    pos = ["PROPN", "VERB", "NOUN", "PUNCT", "PROPN", "PROPN", "VERB"]
    doc = _parsed(blank_nlp, words, heads, deps, pos)
    assert opening_conjunction(doc[6]) is None
    assert not coordinated_before(doc[1], doc[6])
    assert "won" in [head.text for _, head in frames_of(doc[6])]
