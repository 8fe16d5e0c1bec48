"""`quotes eval`: the reference scorer's figures, name folding, --split and the breakdowns."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.evaluate import same_person

runner = CliRunner()
SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"
TEXT = "".join(f"{i:02d}" + "x" * 8 for i in range(20))  # 200 characters, 10 a slot


def slot(n: int) -> tuple[int, int]:
    return 10 * n, 10 * n + 10


def gold_quote(n: int, kind: str, speaker: str | None, mention: int | None = None) -> dict:
    start, end = slot(n)
    quote = {"start": start, "end": end, "text": TEXT[start:end], "kind": kind,
             "speaker": speaker}
    if mention is not None:
        quote["speaker_mentions"] = [list(slot(mention))]
    return quote


def predicted(span: tuple[int, int], kind: str, speaker: str | None, method: str,
              mention: object = None) -> dict:
    return {"start": span[0], "end": span[1], "text": TEXT[span[0]:span[1]], "kind": kind,
            "speaker": speaker, "speaker_mention": mention, "method": method}


# Gold: document "a" holds one quotation of each kind and a direct one nobody is named for;
# "b" has one direct quotation. Slots 12-15 are the speakers' mentions.
GOLD = [
    {"doc_id": "a", "text": TEXT, "quotes": [
        gold_quote(0, "direct", "Sir Keir Starmer", mention=12),
        gold_quote(2, "partial", "Sinn Féin", mention=13),
        gold_quote(4, "indirect", "Boris Johnson", mention=14),
        gold_quote(6, "scare", None),
        gold_quote(8, "optional", "Rishi Sunak"),
        gold_quote(10, "mixed", "Jo Johnson", mention=15),
        gold_quote(16, "direct", None),
        gold_quote(18, "indirect", "Ed Balls")]},
    {"doc_id": "b", "text": TEXT, "quotes": [gold_quote(0, "direct", "Ed Balls", mention=3)]},
]
# What each prediction is (by name): p1 right, p2 right (accents), p3 wrong person (Jo
# vs Boris), p4 right on indirect gold, p5 a speaker on a scare quote (wrong, and not an
# indirect quotation either), p6 on optional gold (right whatever the name), p7 no speaker
# and no gold, p8 a speaker and no gold (wrong), p9 a second, pronoun-found prediction of
# the first gold quote sharing exactly half of it (right), p10 no speaker on the gold
# quotation without one (wrong by name, right by mention), p11 a second alias on the Sinn
# Féin quotation (wrong), p12 a partial quotation found on indirect gold (right).
PREDICTED = [
    {"doc_id": "a", "quotes": [
        predicted(slot(0), "direct", "Keir Starmer", "name", {"start": 120, "end": 130}),
        predicted(slot(2), "partial", "Sinn Fein", "alias", [130, 140]),
        predicted(slot(10), "direct", "Boris Johnson", "pronoun", [140, 150]),
        predicted(slot(4), "indirect", "Boris Johnson", "name", [140, 150]),
        predicted(slot(6), "indirect", "Ed Balls", "role", [0, 5]),
        predicted(slot(8), "indirect", "Rishi", "floating", None),
        predicted(slot(12), "direct", None, "none", None),
        predicted(slot(14), "indirect", "X", "mention", [0, 2]),
        predicted((5, 15), "direct", "Sir Keir Starmer", "pronoun", [121, 125]),
        predicted(slot(16), "direct", None, "none", None),
        predicted(slot(2), "partial", "DUP", "alias", None),
        predicted(slot(18), "partial", "Ed Balls", "name", [0, 3])]},
    {"doc_id": "elsewhere", "quotes": [predicted(slot(0), "direct", "Ed Balls", "name")]},
]


def write_jsonl(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                    encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path) -> tuple[str, str]:
    return (write_jsonl(tmp_path / "gold.jsonl", GOLD),
            write_jsonl(tmp_path / "pred.jsonl", PREDICTED))


def quotes_eval(*args: str) -> dict:
    result = runner.invoke(app, ["eval", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def reference(gold: str, pred: str, *flags: str) -> dict:
    if not SCORER.exists():
        pytest.skip(f"the reference scorer is not at {SCORER} (../shared beside the clone)")
    run = subprocess.run([sys.executable, str(SCORER), gold, pred, *flags],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def quote_metrics(figures: dict) -> dict:
    """score.py's quotation figures (its claim figures belong to `quotes eval-claims`)."""
    return {k: v for k, v in figures.items() if not k.startswith("claim_")}


@pytest.mark.parametrize(("option", "flags"), [("name", ()), ("mention", ("--mentions",))])
def test_same_figures_as_the_reference_scorer(files, option, flags) -> None:
    gold, pred = files
    expected = quote_metrics(reference(gold, pred, *flags))
    ours = quotes_eval(gold, "--predictions", pred, "--speaker-by", option)
    assert {k: ours[k] for k in expected} == expected


def test_by_name_figures_worked_by_hand(files) -> None:
    gold, pred = files
    figures = quotes_eval(gold, "--predictions", pred, "--speaker-by", "name")
    assert {k: figures[k] for k in (
        "quote_precision", "quote_recall", "quote_f1", "speaker_accuracy", "e2e_precision",
        "e2e_recall", "e2e_f1", "indirect_recall", "indirect_precision",
        "indirect_recall_strict", "gold_quotes", "pred_quotes")} == {
        "quote_precision": 0.833, "quote_recall": 0.8, "quote_f1": 0.816,  # 10/12; 4/5
        "speaker_accuracy": 0.5, "e2e_precision": 0.6, "e2e_recall": 0.4,  # 2/4, 6/10, 2/5
        "e2e_f1": 0.48, "indirect_recall": 1.0, "indirect_precision": 0.5,  # p4, p6 of 4
        "indirect_recall_strict": 0.5,  # the slot 18 one is found by a partial only
        "gold_quotes": 5, "pred_quotes": 12}


def test_breakdowns_worked_by_hand(files) -> None:
    gold, pred = files
    figures = quotes_eval(gold, "--predictions", pred, "--speaker-by", "name")

    def row(predicted, attributed, ok, found, right) -> dict:
        return {"predicted": predicted, "attributed": attributed, "attributed_ok": ok,
                "gold_found": found, "gold_speaker_right": right}

    assert figures["by_method"] == {
        "name": row(3, 3, 3, 1, 1),  # p1 finds the Starmer quote; p4, p12 indirect gold
        "alias": row(2, 2, 1, 1, 1),  # p2 right and p11 wrong on the same quotation
        "pronoun": row(2, 2, 1, 2, 1),  # p9 right on the Starmer quote, p3 wrong on the mixed
        "role": row(1, 1, 0, 0, 0),  # a speaker on a scare quote
        "floating": row(1, 1, 1, 0, 0),  # optional gold is never wrong
        "none": row(2, 0, 0, 1, 0),  # p10 finds the quotation nobody is named for
        "mention": row(1, 1, 0, 0, 0)}
    assert figures["by_kind"] == {
        "direct": row(5, 3, 2, 3, 1), "partial": row(3, 3, 2, 1, 1),
        "indirect": row(4, 4, 2, 0, 0)}
    assert figures["by_cue_method"] == {}  # no prediction has the field
    assert figures["by_gold_kind"] == {
        "direct": {"gold": 3, "found": 2, "speaker_right": 1},
        "partial": {"gold": 1, "found": 1, "speaker_right": 1},
        "mixed": {"gold": 1, "found": 1, "speaker_right": 0},
        "indirect": {"gold": 2, "found": 2, "speaker_right": 2},
        "scare": {"gold": 1, "found": 1, "speaker_right": 0},
        "optional": {"gold": 1, "found": 1, "speaker_right": 0}}


def test_cue_method_is_broken_down_when_present(tmp_path) -> None:
    quotes = [dict(predicted(slot(0), "direct", "Ed Balls", "name"), cue_method="cue"),
              dict(predicted(slot(5), "direct", "Ed Balls", "name"), cue_method="colon")]
    gold = write_jsonl(tmp_path / "gold.jsonl", [GOLD[1]])
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"doc_id": "b", "quotes": quotes}])
    by_cue = quotes_eval(gold, "-p", pred, "--speaker-by", "name")["by_cue_method"]
    assert by_cue["cue"] == {"predicted": 1, "attributed": 1, "attributed_ok": 1,
                             "gold_found": 1, "gold_speaker_right": 1}
    assert by_cue["colon"] == {"predicted": 1, "attributed": 1, "attributed_ok": 0,
                               "gold_found": 0, "gold_speaker_right": 0}


def test_errors_follow_the_reference_log(files) -> None:
    gold, pred = files
    figures = quotes_eval(gold, "-p", pred, "--speaker-by", "name", "--errors", "4")
    assert [(e["what"], e["doc_id"], e["predicted_speaker"]) for e in figures["errors"]] == [
        ("WRONG", "a", "Boris Johnson"), ("WRONG", "a", "Ed Balls"), ("WRONG", "a", "X"),
        ("WRONG", "a", "DUP"),
        ("SPEAKER", "a", "Boris Johnson"), ("SPEAKER", "a", None), ("MISS", "b", None)]
    first = quotes_eval(gold, "-p", pred, "--speaker-by", "name", "--errors", "1")["errors"]
    assert [e["what"] for e in first] == ["WRONG", "SPEAKER", "MISS"]
    assert first[1]["gold_speaker"] == "Jo Johnson"


def test_errors_table(files) -> None:
    gold, pred = files
    result = runner.invoke(app, ["eval", gold, "-p", pred, "--speaker-by", "name",
                                 "--errors", "1"])
    assert result.exit_code == 0, result.output
    for heading in ("by method", "by kind", "by gold kind", "errors", "SPEAKER", "MISS"):
        assert heading in result.stdout


@pytest.mark.parametrize(("predicted_name", "gold_name", "same"), [
    ("Keir Starmer", "Sir Keir Starmer", True),
    ("Sinn Fein", "Sinn Féin", True),
    ("Caitriona Ruane", "Caitríona Ruane", True),
    ("THERESA MAY", "The Rt Hon Theresa May", True),
    ("Dr. Sarah Wollaston", "Sarah Wollaston", True),
    ("Baroness Professor Jane Smith", "Jane Smith", True),
    ("Jo Johnson", "Boris Johnson", False),
    ("Starmer", "Keir Starmer", False),
    ("Mr Balls", "Ed Balls", False),
    ("Lord Sugar", "Alan Sugar", False),
    ("Michelle O'Neill", "Michelle O’Neill", False),  # ' splits the word, ’ is dropped
    ("Cllr Jane Doe", "Jane Doe", False),  # not one of the reference scorer's honorifics
    ("Prime Minister Keir Starmer", "Keir Starmer", False),
    ("Sir", "Sir", False),  # nothing left after folding
    (None, "Keir Starmer", False),
    ("", "", False),
])
def test_name_folding(predicted_name, gold_name, same) -> None:
    assert same_person(predicted_name, gold_name) is same
    if SCORER.exists():  # and the reference scorer agrees
        spec = importlib.util.spec_from_file_location("reference_score", SCORER)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.same_person(predicted_name, gold_name) is same


FOUR = [{"doc_id": f"d{i}", "text": TEXT, "quotes": [gold_quote(i, "direct", "Ed Balls")]}
        for i in range(4)]


@pytest.mark.parametrize(("split", "scored"), [
    ("1/2", ["d0", "d2"]), ("2/2", ["d1", "d3"]), ("3/4", ["d2"]), ("1/1", ["d0", "d1", "d2",
                                                                           "d3"]),
])
def test_split_scores_one_fold(tmp_path, split, scored) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", FOUR)
    pred = write_jsonl(tmp_path / "pred.jsonl", [
        {"doc_id": f"d{i}", "quotes": [predicted(slot(i), "direct", "Ed Balls", "name")]}
        for i in (0, 1)])
    figures = quotes_eval(gold, "-p", pred, "--split", split, "--errors", "9",
                          "--speaker-by", "name")
    assert sorted(e["doc_id"] for e in figures["errors"]) == [d for d in scored
                                                               if d not in ("d0", "d1")]
    assert figures["gold_quotes"] == figures["gold_documents"] == len(scored)
    assert figures["pred_quotes"] == len({"d0", "d1"} & set(scored))


@pytest.mark.parametrize("split", ["0/2", "3/2", "1-2", "a/b"])
def test_bad_split_is_one_line(tmp_path, split) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", FOUR)
    result = runner.invoke(app, ["eval", gold, "-p", gold, "--split", split])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "--split" in result.stderr


def test_bad_predictions_are_one_line(tmp_path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", FOUR)
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"quotes": []}\n')
    result = runner.invoke(app, ["eval", gold, "--predictions", str(pred)])
    assert result.exit_code == 1
    assert "not a prediction record" in result.stderr
    assert result.stderr.strip().count("\n") == 0
