"""Learn attribution frames (:mod:`quotes.nlp.frames`) from gold attributions.

    python -m quotes.nlp.train_frames --train ../shared/data/polnear/train.jsonl \\
        --out quotes/nlp/model/frames.json

For every word outside quotation marks, each frame its parse offers is an occurrence; it
is an attribution when the word is (part of) a gold cue of an ``indirect`` attribution and
the frame's content covers the gold content (intersection over union >= 0.5). A frame is
kept when it was an attribution at least ``--min-count`` times and in at least
``--min-ratio`` of its occurrences. The ratio is chosen by two-fold cross-validation on the
training file alone (best F1 of frame predictions on the held-out half, scored with the
one-to-one matching (``quotes.evaluate.match_one_to_one``)); the dev file is never used.

The file keeps lemmas, dependency labels and counts only, no text of the corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotes.evaluate import match_one_to_one, read_gold
from quotes.nlp.attribution import quoted_tokens
from quotes.nlp.frames import FRAMES_PATH, Frame, content_span, frames_of
from quotes.nlp.pipeline import load_pipeline
from quotes.text import overlaps_any

RATIOS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
MIN_COUNT = 3
MIN_IOU = 0.5


@dataclass
class Counts:
    """Per frame: occurrences, and occurrences that were gold attributions."""

    occurrences: Counter[Frame] = field(default_factory=Counter)
    attributions: Counter[Frame] = field(default_factory=Counter)

    def lexicon(self, min_ratio: float, min_count: int = MIN_COUNT) -> dict[Frame, float]:
        """The kept frames with their ratio (the confidence inference uses)."""
        return {f: n / self.occurrences[f] for f, n in self.attributions.items()
                if n >= min_count and n / self.occurrences[f] >= min_ratio}


@dataclass
class Parsed:
    """One training document: its gold indirect attributions and its frame candidates."""

    gold: list[dict]
    candidates: list[tuple[Frame, int, tuple[int, int]]]  # frame, cue char, content span


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter > 0 else 0.0


def candidates(doc: Doc) -> list[tuple[Frame, int, tuple[int, int]]]:
    """Frames offered by words outside quotation marks, with their content spans."""
    inside = quoted_tokens(doc, doc._.quotations_found or [])
    found = []
    for token in doc:
        if token.i in inside:
            continue
        for frame, head in frames_of(token):
            if (span := content_span(head)) is not None:
                found.append((frame, token.idx, span))
    return found


def parse(path: str, model: str | None) -> list[Parsed]:
    """Parse the gold documents with the extraction pipeline up to the marks and the parse."""
    records = list(read_gold(path))
    nlp = load_pipeline(model)
    keep = [p for p in nlp.pipe_names if not p.startswith("quotes_")] + [
        p for p in ("quotes_tok2vec_pieces_v1", "quotes_quote_marks_v1", "quotes_sentences_v1",
                    "quotes_token_attributes_v1")
        if p in nlp.pipe_names]
    parsed = []
    with nlp.select_pipes(enable=keep):
        docs = nlp.pipe(r["text"] for r in records)
        for i, (record, doc) in enumerate(zip(records, docs, strict=True)):
            gold = [q for q in record["quotes"] if q.get("kind") == "indirect"]
            parsed.append(Parsed(gold, candidates(doc)))
            if i % 100 == 99:
                print(f"train_frames: parsed {i + 1}/{len(records)}", file=sys.stderr)
    return parsed


def count(parsed: Iterable[Parsed]) -> Counts:
    counts = Counts()
    for doc in parsed:
        for frame, cue, span in doc.candidates:
            counts.occurrences[frame] += 1
            if any(iou(span, (q["start"], q["end"])) >= MIN_IOU
                   and any(s <= cue < e for s, e in q.get("cue_spans") or []) for q in doc.gold):
                counts.attributions[frame] += 1
    return counts


def score(parsed: Iterable[Parsed], lexicon: dict[Frame, float]) -> tuple[int, int, int]:
    """(gold, predicted, matched) of frame predictions as inference makes them: per word,
    its most reliable frame whose content does not overlap one already taken."""
    gold = predicted = matched = 0
    for doc in parsed:
        by_word: dict[int, list[tuple[float, tuple[int, int]]]] = {}
        for frame, cue, span in doc.candidates:
            if frame in lexicon:
                by_word.setdefault(cue, []).append((lexicon[frame], span))
        spans: list[tuple[int, int]] = []
        for cue in sorted(by_word):
            for _, span in sorted(by_word[cue], key=lambda option: -option[0]):
                if not overlaps_any(span, spans):
                    spans.append(span)
                    break
        found = [{"start": s, "end": e} for s, e in spans]
        gold += len(doc.gold)
        predicted += len(found)
        matched += len(match_one_to_one(doc.gold, found))
    return gold, predicted, matched


def choose_ratio(parsed: list[Parsed]) -> tuple[float, list[dict]]:
    """The ratio with the best held-out F1 over two folds (even and odd documents)."""
    folds = (parsed[0::2], parsed[1::2])
    counts = [count(fold) for fold in folds]  # counted once; each ratio only filters them
    report = []
    for ratio in RATIOS:
        totals = [0, 0, 0]
        for held_out in (0, 1):
            lexicon = counts[1 - held_out].lexicon(ratio)
            for k, v in enumerate(score(folds[held_out], lexicon)):
                totals[k] += v
        g, p, m = totals
        precision, recall = m / p if p else 0.0, m / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report.append({"min_ratio": ratio, "precision": round(precision, 4),
                       "recall": round(recall, 4), "f1": round(f1, 4)})
    best = max(report, key=lambda r: r["f1"])
    return best["min_ratio"], report


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", required=True, help="gold JSONL (the PolNeAR shape)")
    ap.add_argument("--out", default=str(FRAMES_PATH), help="frames file to write")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the project's)")
    args = ap.parse_args(argv)
    parsed = parse(args.train, args.model)
    ratio, report = choose_ratio(parsed)
    counts = count(parsed)
    lexicon = counts.lexicon(ratio)
    frames: list[dict[str, Any]] = sorted(
        ({"lemma": f[0], "dep": f[1], "attributions": counts.attributions[f],
          "occurrences": counts.occurrences[f]} for f in lexicon),
        key=lambda f: (-f["attributions"] / f["occurrences"], -f["attributions"], f["lemma"]))
    out = {"source": Path(args.train).name, "min_count": MIN_COUNT, "min_ratio": ratio,
           "min_iou": MIN_IOU, "cross_validation": report, "frames": frames}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"frames": len(frames), "min_ratio": ratio,
                      "cross_validation": report}))


if __name__ == "__main__":
    main()
