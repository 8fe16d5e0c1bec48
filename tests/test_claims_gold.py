"""`quotes eval-claims --gold`: claims of a uk_dev-style gold file, scored by the rules
of ../shared/tools/score_claims.py (the reference implementation)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.claims import evaluate as claims_eval
from quotes.extract import extract
from quotes.reader import Document

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_claims.py"

ARTICLES = [
    ("a", "Unemployment rose to 5.2% in March, the highest rate since 2015, the Office "
          "for National Statistics said.\n\nJeremy Hunt said: “Borrowing fell by £12bn "
          "last year because we cut spending.”\n\nThe Greens won 40 seats on Thursday.",
     [("Unemployment rose to 5.2% in March", "Office for National Statistics", "named"),
      ("Borrowing fell by £12bn last year", "Jeremy Hunt", "named"),
      ("The Greens won 40 seats on Thursday", None, "none")]),
    ("b", "Critics say the scheme cost £3m more than planned.\n\nThe council spent £40m "
          "on roads in 2023, double the year before.",
     [("the scheme cost £3m more than planned", "Critics", "vague"),
      ("The council spent £40m on roads in 2023", None, "none")]),
]


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("claims") / "gold.jsonl"
    lines = []
    for doc_id, text, claims in ARTICLES:
        rows = []
        for fragment, source, kind in claims:
            start = text.index(fragment)
            rows.append({"start": start, "end": start + len(fragment), "text": fragment,
                         "source": source, "source_kind": kind})
        lines.append(json.dumps({"doc_id": doc_id, "text": text, "quotes": [],
                                 "claims": rows}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_same_figures_as_the_reference_scorer(gold_file: Path, nlp, tmp_path: Path) -> None:
    if not SCORER.exists():
        pytest.skip(f"the reference scorer is not at {SCORER} (../shared beside the clone)")
    ours = claims_eval.gold(str(gold_file), nlp)
    predictions = tmp_path / "pred.jsonl"
    documents = [Document(json.loads(line)["doc_id"], json.loads(line)["text"])
                 for line in gold_file.read_text(encoding="utf-8").splitlines()]
    predictions.write_text("".join(
        json.dumps({"doc_id": r.document.source, "claims": r.claims}) + "\n"
        for r in extract(documents, nlp)), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCORER), str(gold_file), str(predictions)],
                         capture_output=True, text=True, check=True)
    reference = json.loads(run.stdout.strip().splitlines()[-1])
    for key in ("claims", "found", "source_right", "found_rate", "source_accuracy"):
        assert ours[key] == reference[key], key


def test_breakdowns_add_up(gold_file: Path, nlp) -> None:
    report = claims_eval.gold(str(gold_file), nlp)
    kinds = report["by_source_kind"]
    assert {k: v["gold"] for k, v in kinds.items()} == {"named": 2, "none": 2, "vague": 1}
    assert sum(v["right"] for v in kinds.values()) == report["source_right"]
    assert {k: sum(row.values()) for k, row in report["confusion"].items()} == {
        k: v["gold"] for k, v in kinds.items()}
    assert 0.0 <= report["precision"] <= 1.0 and report["predicted"] >= report["found"]


@pytest.mark.parametrize(
    ("gold", "predicted", "right"),
    [
        ({"source": "Jeremy Hunt", "source_kind": "named"},
         {"source": "Sir Jeremy Hunt", "source_kind": "cited"}, True),
        ({"source": "Jeremy Hunt", "source_kind": "named"},
         {"source": "Jeremy Corbyn", "source_kind": "speaker"}, False),
        ({"source": None, "source_kind": "none"}, {"source": None, "source_kind": "none"}, True),
        ({"source": "experts", "source_kind": "vague"},
         {"source": "Jeremy Hunt", "source_kind": "cited"}, False),
    ],
)
def test_source_rule(gold: dict, predicted: dict, right: bool) -> None:
    assert claims_eval.source_right(gold, predicted) is right
