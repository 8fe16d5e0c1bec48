"""Measure the claim detector and the source linking.

- ``checkworthy``: F1 on the ``Yes`` class of a CheckThat!-style TSV (Sentence_id, Text,
  class_label), sentence by sentence.
- ``fixtures``: claims found in fixture articles (fixtures/claims: NAME.txt + NAME.json
  with expected claims and sources) against the expectations, spans matched as in
  `quotes eval` (sharing at least half of the shorter), plus how often the source kind
  and the source agree on the matched claims.
- ``gold``: claims of a gold JSONL with ``claims`` (uk_dev) by the rules of
  ``../shared/tools/score_claims.py``: a claim is found when a predicted claim overlaps
  it, its source is right when the kind agrees and, for ``named``, the names are equal
  after folding; plus the precision of the predictions (one that overlaps no gold claim
  and no gold quotation is a false alarm).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path

from spacy.language import Language

from quotes.claims.detector import load_detector
from quotes.evaluate import (
    doc_id_of,
    match_one_to_one,
    read_gold,
    same_person,
    select_split,
)
from quotes.extract import extract
from quotes.people.names import name_key
from quotes.reader import Document
from quotes.text import overlap


def _f1(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def checkworthy(path: str) -> dict:
    """Detector precision/recall/F1 on the ``Yes`` class of a labelled TSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    detector = load_detector()
    scores = detector.score([r["Text"] for r in rows])
    tp = fp = fn = 0
    for row, score in zip(rows, scores, strict=True):
        predicted, gold = score >= detector.threshold, row["class_label"].strip() == "Yes"
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return {"sentences": len(rows), **_f1(tp, fp, fn)}


def fixtures(folder: str, nlp: Language) -> dict:
    """Claims and source kinds on annotated articles."""
    tp = fp = fn = kind_right = source_right = 0
    by_kind: dict[str, dict[str, int]] = {}
    misses, false_alarms = [], []
    documents = []
    for expected_path in sorted(Path(folder).glob("*.json")):
        meta = json.loads(expected_path.read_text(encoding="utf-8"))
        text = expected_path.with_suffix(".txt").read_text(encoding="utf-8")
        documents.append((Document(expected_path.stem, text, {
            k: meta.get(k) for k in ("published", "author", "outlet")}), meta["claims"]))
    results = extract([d for d, _ in documents], nlp)
    for (document, expected), result in zip(documents, results, strict=True):
        text = document.text
        gold = []
        for claim in expected:
            start = text.index(claim["text"])
            gold.append(dict(claim, start=start, end=start + len(claim["text"])))
        pairs = match_one_to_one(gold, result.claims)
        tp += len(pairs)
        fp += len(result.claims) - len(pairs)
        fn += len(gold) - len(pairs)
        for g, p in pairs:
            counts = by_kind.setdefault(g["source_kind"], {"gold": 0, "right": 0})
            counts["right"] += g["source_kind"] == p["source_kind"]
            kind_right += g["source_kind"] == p["source_kind"]
            source_right += _same_source(g["source"], p["source"])
        for g in gold:
            by_kind.setdefault(g["source_kind"], {"gold": 0, "right": 0})["gold"] += 1
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        misses += [f"{document.source}: {g['text'][:90]}" for g in gold
                   if id(g) not in matched_gold]
        false_alarms += [f"{document.source}: {p['text'][:90]}" for p in result.claims
                         if id(p) not in matched_pred]
    return {**_f1(tp, fp, fn), "expected": tp + fn, "found": tp + fp,
            "source_kind_accuracy": round(kind_right / tp, 4) if tp else 0.0,
            "source_accuracy": round(source_right / tp, 4) if tp else 0.0,
            "by_source_kind": by_kind, "misses": misses, "false_alarms": false_alarms}


def _same_source(gold: str | None, predicted: str | None) -> bool:
    """Sources agree when both are absent or their words overlap ("Mr Hunt" ~ "Jeremy
    Hunt", "the ONS" ~ "ONS")."""
    if not gold or not predicted:
        return not gold and not predicted
    a, b = set(name_key(gold).split()), set(name_key(predicted).split())
    return bool(a & b - {"the", "of", "and"})


NAMED_KINDS = ("speaker", "cited")  # predicted kinds that name a source


def _span(record: Mapping) -> tuple[int, int]:
    return record["start"], record["end"]


def _overlaps(a: Mapping, b: Mapping) -> bool:
    return overlap(_span(a), _span(b)) > 0


def source_right(gold: Mapping, predicted: Mapping) -> bool:
    """score_claims.py's rule: the kind agrees, and a named source is the same person."""
    kind = gold.get("source_kind") or ("none" if gold.get("source") is None else "named")
    if kind == "named":
        return predicted.get("source_kind") in NAMED_KINDS and same_person(
            predicted.get("source"), gold["source"])
    return predicted.get("source_kind") == kind


def gold(path: str, nlp: Language, split: tuple[int, int] | None = None) -> dict:
    """Found rate, source accuracy (overall, per gold kind, as a confusion of kinds) and
    precision of the extractor's claims on a gold JSONL with ``claims``."""
    docs = select_split(read_gold(path), split)
    documents = [Document(doc_id_of(g), g["text"], {
        k: v for k, v in g.items() if k not in ("text", "quotes", "claims")}) for g in docs]
    total = found = right = predicted = alarms = 0
    by_kind: dict[str, dict[str, float]] = {}  # counts, and each kind's accuracy
    confusion: dict[str, dict[str, int]] = {}
    wrong: list[str] = []
    for g, result in zip(docs, extract(documents, nlp), strict=True):
        claims = result.claims
        predicted += len(claims)
        alarms += sum(not any(_overlaps(c, x) for x in g.get("claims", []) + g["quotes"])
                      for c in claims)
        for claim in g.get("claims", []):
            kind = claim.get("source_kind") or "named"
            counts = by_kind.setdefault(kind, {"gold": 0, "found": 0, "right": 0})
            hits = sorted((c for c in claims if _overlaps(c, claim)),
                          key=lambda c: -overlap(_span(c), _span(claim)))
            good = any(source_right(claim, c) for c in hits)
            total += 1
            found += bool(hits)
            right += good
            counts["gold"] += 1
            counts["found"] += bool(hits)
            counts["right"] += good
            got = hits[0]["source_kind"] if hits else "missed"
            row = confusion.setdefault(kind, {})
            row[got] = row.get(got, 0) + 1
            if not good:
                wrong.append(f"{g['doc_id']}: {claim['text'][:60]} | gold {kind} "
                             f"{claim.get('source')} | got "
                             + (f"{got} {hits[0].get('source')}" if hits else "nothing"))
    for counts in by_kind.values():
        counts["accuracy"] = round(counts["right"] / counts["gold"], 3) if counts["gold"] else 0
    return {"claims": total, "found": found, "source_right": right,
            "found_rate": round(found / total, 3) if total else 0.0,
            "source_accuracy": round(right / total, 3) if total else 0.0,
            "predicted": predicted,
            "precision": round(1 - alarms / predicted, 3) if predicted else 0.0,
            "by_source_kind": by_kind, "confusion": confusion, "misses": wrong}
