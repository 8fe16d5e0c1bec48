"""Learn the confidence model of indirect speech (:mod:`quotes.nlp.reported`).

    python -m quotes.nlp.train_reported --train ../shared/data/polnear/train.jsonl \\
        --out quotes/nlp/model/reported.json

Every indirect-speech candidate the pipeline proposes on the training documents is an
example; it is positive when it matches an annotated attribution (the matching rule of
``quotes eval``: the spans share at least half of the shorter one). An L2-regularised
logistic regression is fitted on the candidates' features. The regularisation and the
default threshold (the lowest at which held-out precision reaches ``--precision``) are
chosen by two-fold cross-validation over documents of the training file alone; no dev
file is read. The model file keeps feature names and weights only, no corpus text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from quotes.evaluate import read_gold, spans_match
from quotes.nlp.pipeline import load_pipeline
from quotes.nlp.reported import MODEL_PATH

POSITIVE_KINDS = frozenset({"indirect", "mixed", "direct", "partial"})
L2_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
MIN_FEATURE_COUNT = 3
TARGET_PRECISION = 0.85


def examples(path: str, model: str | None, n_process: int = 1
             ) -> list[tuple[int, list[str], int]]:
    """(document number, features, label) for every indirect candidate of the file."""
    records = list(read_gold(path))
    nlp = load_pipeline(model, indirect="all", min_indirect_confidence=0.0)
    found = []
    texts = ((r["text"], number) for number, r in enumerate(records))
    with nlp.select_pipes(disable=["quotes_people_v1", "quotes_claims_v1"]):
        for doc, number in nlp.pipe(texts, as_tuples=True, batch_size=16, n_process=n_process):
            gold = [(q["start"], q["end"]) for q in records[number]["quotes"]
                    if q.get("kind") in POSITIVE_KINDS]
            for attribution in doc._.attributions or []:
                if attribution.kind != "indirect":
                    continue
                span = (attribution.start, attribution.end)
                label = int(any(spans_match(span, g) for g in gold))
                found.append((number, attribution.features, label))
    return found


def fit(rows: Sequence[list[int]], labels: np.ndarray, size: int, l2: float,
        steps: int = 400) -> tuple[np.ndarray, float]:
    """Weights and bias of a logistic regression on binary features (Adam, full batch)."""
    flat = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    params = np.zeros(size + 1)
    moment, second = np.zeros_like(params), np.zeros_like(params)
    for step in range(1, steps + 1):
        z = params[size] + np.bincount(owner, weights=params[flat], minlength=len(rows))
        error = 1 / (1 + np.exp(-z)) - labels
        grad = np.zeros_like(params)
        np.add.at(grad, flat, error[owner])
        grad[size] = error.sum()
        grad /= len(rows)
        grad[:size] += l2 * params[:size] / len(rows)
        moment = 0.9 * moment + 0.1 * grad
        second = 0.999 * second + 0.001 * grad ** 2
        params -= 0.1 * (moment / (1 - 0.9 ** step)) / (
            np.sqrt(second / (1 - 0.999 ** step)) + 1e-8)
    return params[:size], float(params[size])


def predict(rows: Sequence[list[int]], weights: np.ndarray, bias: float) -> np.ndarray:
    return np.array([1 / (1 + np.exp(-(bias + weights[r].sum()))) for r in rows])


def threshold_for(scores: np.ndarray, labels: np.ndarray, precision: float) -> float:
    """The lowest threshold whose kept candidates reach ``precision``."""
    order = np.argsort(-scores)
    kept_right = np.cumsum(labels[order])
    kept = np.arange(1, len(order) + 1)
    reaching = np.nonzero(kept_right / kept >= precision)[0]
    return float(scores[order][reaching.max()]) if len(reaching) else 1.0


def train(data: list[tuple[int, list[str], int]], precision: float = TARGET_PRECISION) -> dict:
    """Choose L2 and threshold by 2-fold CV over documents, then fit on everything."""
    counts: dict[str, int] = {}
    for _, features, _ in data:
        for f in features:
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {f: i for i, f in enumerate(names)}
    rows = [[index[f] for f in features if f in index] for _, features, _ in data]
    labels = np.array([label for *_, label in data], dtype=float)
    fold = np.array([number % 2 for number, *_ in data])
    best = None
    for l2 in L2_GRID:
        held_out = np.zeros(len(rows))
        for k in (0, 1):
            train_rows = [r for r, f in zip(rows, fold, strict=True) if f != k]
            weights, bias = fit(train_rows, labels[fold != k], len(names), l2)
            held_out[fold == k] = predict([r for r, f in zip(rows, fold, strict=True)
                                           if f == k], weights, bias)
        loss = -np.mean(labels * np.log(held_out + 1e-9)
                        + (1 - labels) * np.log(1 - held_out + 1e-9))
        if best is None or loss < best[0]:
            best = (loss, l2, held_out)
    assert best is not None  # L2_GRID is not empty
    loss, l2, held_out = best
    threshold = threshold_for(held_out, labels, precision)
    kept = held_out >= threshold
    weights, bias = fit(rows, labels, len(names), l2)
    return {
        "weights": {f: round(float(w), 4) for f, w in zip(names, weights, strict=True)
                    if abs(w) >= 1e-4},
        "bias": round(bias, 4),
        "threshold": round(threshold, 4),
        "cross_validation": {
            "l2": l2, "log_loss": round(float(loss), 4), "candidates": len(rows),
            "positives": int(labels.sum()), "target_precision": precision,
            "precision": round(float(labels[kept].mean()), 4) if kept.any() else 0.0,
            "recall_of_candidates": round(float(labels[kept].sum() / labels.sum()), 4),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True, help="gold JSONL (PolNeAR train)")
    parser.add_argument("--out", default=str(MODEL_PATH))
    parser.add_argument("--model", default=None, help="spaCy pipeline")
    parser.add_argument("--precision", type=float, default=TARGET_PRECISION)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    out = Path(args.out)
    data = examples(args.train, args.model, args.jobs)
    model = train(data, args.precision)
    out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(model["cross_validation"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
