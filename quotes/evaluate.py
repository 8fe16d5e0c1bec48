"""Score the extractor against gold attribution data (the PolNeAR JSONL shape).

Matching rule (DESIGN.md): two spans match when they share at least half of the
shorter one. Gold quotes of kind ``direct`` or ``mixed`` are the required ones and are
matched one-to-one, largest overlap first, with predictions of kind ``direct`` or
``partial``; gold ``indirect`` quotes are scored apart against ``indirect`` predictions.
The gold kind is a heuristic on quotation marks (it misses ``''doubled''`` marks, for
one), so a quotation predicted with marks that matches a gold ``indirect`` quote is
set aside (counted as ``kind_disagreements``), neither right nor wrong, and scored
with the indirect predictions instead.
A speaker is right when the predicted mention overlaps a gold mention (``mention``), or
when the resolved name agrees with the gold name (``name``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from quotes.errors import GoldFormatError
from quotes.extract import extract
from quotes.reader import Document

REQUIRED_GOLD = ("direct", "mixed")
REQUIRED_PREDICTED = ("direct", "partial")
PRONOUNS = frozenset("he she they i we it him her them his their".split())


def spans_match(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when the spans share at least half of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared > 0 and shared * 2 >= shorter


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_one_to_one(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of matching spans, each used once, largest overlap first."""
    candidates = [
        (overlap((g["start"], g["end"]), (p["start"], p["end"])), gi, pi)
        for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
        if spans_match((g["start"], g["end"]), (p["start"], p["end"]))
    ]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates, key=lambda c: -c[0]):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gold[gi], predicted[pi]))
    return pairs


def speaker_correct(gold: dict, predicted: dict, by: str) -> bool:
    """Whether the predicted speaker is the gold one, by mention overlap or by name."""
    mention = predicted.get("speaker_mention")
    gold_mentions = gold.get("speaker_mentions") or []
    if by == "mention":
        if not gold_mentions:
            return mention is None
        return mention is not None and any(
            overlap((mention["start"], mention["end"]), tuple(m)) > 0 for m in gold_mentions
        )
    gold_name = (gold.get("speaker") or "").lower().split()
    name = (predicted.get("speaker") or (mention or {}).get("text") or "").lower().split()
    if not gold_name:
        return not name
    if gold_name[0] in PRONOUNS:
        return mention is not None and any(
            overlap((mention["start"], mention["end"]), tuple(m)) > 0 for m in gold_mentions
        )
    return bool(name) and (set(gold_name) & set(name)) != set()


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0
    indirect_gold: int = 0
    indirect_predicted: int = 0
    indirect_matched: int = 0
    kind_disagreements: int = 0
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)
    wrong_speakers: list[dict] = field(default_factory=list)

    def metrics(self) -> dict:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        def f1(p: float, r: float) -> float:
            return round(2 * p * r / (p + r), 4) if p + r else 0.0

        qp, qr = ratio(self.matched, self.predicted), ratio(self.matched, self.gold)
        ep, er = ratio(self.speaker_right, self.predicted), ratio(self.speaker_right, self.gold)
        return {
            "documents_gold_quotes": self.gold,
            "predicted_quotes": self.predicted,
            "quote_precision": qp,
            "quote_recall": qr,
            "quote_f1": f1(qp, qr),
            "speaker_accuracy": ratio(self.speaker_right, self.matched),
            "e2e_precision": ep,
            "e2e_recall": er,
            "e2e_f1": f1(ep, er),
            "indirect_recall": ratio(self.indirect_matched, self.indirect_gold),
            "indirect_precision": ratio(self.indirect_matched, self.indirect_predicted),
            "kind_disagreements": self.kind_disagreements,
        }


def read_gold(path: str) -> Iterator[dict]:
    """Gold documents: ``{"doc_id", "text", "quotes": [...]}`` a line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldFormatError(f"{path}: cannot read the gold file ({error})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record["text"], record["quotes"]  # noqa: B018  # both keys are required
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise GoldFormatError(
                f"{path}:{number}: not a gold record; each line needs \"text\" and \"quotes\""
            ) from error
        yield record


def evaluate(path: str, nlp: Language, by: str = "mention", n_process: int = 1) -> Scores:
    """Run the extractor on every gold document and add up the scores."""
    gold_docs = list(read_gold(path))
    documents = (Document(str(g.get("doc_id", i)), g["text"]) for i, g in enumerate(gold_docs))
    scores = Scores()
    for gold_doc, (document, predicted, *_) in zip(
        gold_docs, extract(documents, nlp, n_process=n_process), strict=True
    ):
        score_document(gold_doc, document, predicted, scores, by)
    return scores


def score_document(gold_doc: dict, document: Document, predicted: list[dict], scores: Scores,
                   by: str) -> None:
    text = gold_doc["text"]
    gold = [q for q in gold_doc["quotes"] if q.get("kind") in REQUIRED_GOLD]
    found = [p for p in predicted if p["kind"] in REQUIRED_PREDICTED]
    pairs = match_one_to_one(gold, found)
    paired = {id(p) for _, p in pairs}
    other_gold = [q for q in gold_doc["quotes"] if q.get("kind") not in REQUIRED_GOLD]
    unpaired = [p for p in found if id(p) not in paired]
    set_aside = {id(p) for _, p in match_one_to_one(other_gold, unpaired)}
    scores.kind_disagreements += len(set_aside)
    found = [p for p in found if id(p) not in set_aside]
    indirect = [p for p in predicted if p["kind"] == "indirect" or id(p) in set_aside]
    scores.gold += len(gold)
    scores.predicted += len(found)
    scores.matched += len(pairs)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    for g, p in pairs:
        if speaker_correct(g, p, by):
            scores.speaker_right += 1
        else:
            gold_mention = [text[s:e] for s, e in g.get("speaker_mentions") or []]
            scores.wrong_speakers.append({
                "doc_id": document.source, "quote": p["text"][:80],
                "gold_speaker": ", ".join(gold_mention) or None,
                "predicted": (p.get("speaker_mention") or {}).get("text"),
                "method": p["method"]})
    scores.misses += [{"doc_id": document.source, "start": g["start"], "text": g["text"][:100]}
                      for g in gold if id(g) not in matched_gold]
    scores.false_alarms += [{"doc_id": document.source, "start": p["start"], "kind": p["kind"],
                             "text": p["text"][:100]} for p in found if id(p) not in matched_pred]
    indirect_gold = [q for q in gold_doc["quotes"] if q.get("kind") == "indirect"]
    scores.indirect_gold += len(indirect_gold)
    scores.indirect_predicted += len(indirect)  # includes the set-aside quotations
    scores.indirect_matched += len(match_one_to_one(indirect_gold, indirect))
