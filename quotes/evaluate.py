"""Score quotations and speakers against gold JSONL by the reference scorer's rules.

The rules are those of ``../shared/tools/score.py``, ported so that the same gold and the
same predictions give the same figures (the package does not depend on ../shared):

- two spans match when they share at least half of the shorter one; a prediction may
  match several gold quotations and a gold quotation several predictions;
- gold kinds ``direct``, ``partial`` and ``mixed`` are required; ``indirect`` is scored
  apart (recall); ``scare`` and ``optional`` are never required and never false alarms,
  but a speaker on a quotation that matches only scare gold is an attribution error;
- a speaker is right by canonical name (case, accents and honorifics folded away) or,
  with ``by="mention"``, when the predicted mention span matches a gold mention;
- end-to-end precision counts every prediction that names a speaker or has a mention.

On top of score.py's figures: indirect precision, strict indirect recall, and counts by
prediction method, cue method, predicted kind and gold kind.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple, cast

from quotes.errors import GoldFormatError, InputError, QuotesError
from quotes.text import overlap

REQUIRED_KINDS = frozenset({"direct", "partial", "mixed"})
SPEAKER_KINDS = REQUIRED_KINDS | {"indirect"}  # gold whose speaker can make a prediction right
INDIRECT_TARGETS = SPEAKER_KINDS | {"optional"}  # gold an indirect prediction may rightly find
# score.py's honorifics, word for word: quotes.vocab.HONORIFICS is a different list (no
# "the", many more titles) and would change which names agree.
NAME_HONORIFICS: frozenset[str] = frozenset(
    "sir mr mrs ms miss dr lord lady dame baroness prof professor the rt hon".split()
)
SPEAKER_BY = ("mention", "name")

Span = tuple[int, int]


# --- the rules ------------------------------------------------------------------------


def norm_name(name: str | None) -> str | None:
    """A name folded for comparison: ASCII, lower case, letters only, no honorifics."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z]+", folded) if w not in NAME_HONORIFICS]
    return " ".join(words) or None


def same_person(predicted: str | None, gold: str | None) -> bool:
    """True when both names fold to the same non-empty words."""
    p, g = norm_name(predicted), norm_name(gold)
    return bool(p and g) and p == g


def span_of(value: Mapping | list | tuple | None) -> Span | None:
    """A mention as a span: ``{"start", "end"}`` or ``[start, end]``."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value["start"], value["end"]
    return value[0], value[1]


def spans_match(a: Span, b: Span) -> bool:
    """True when the spans share at least half of the shorter one."""
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and min(a[1], b[1]) - max(a[0], b[0]) >= 0.5 * shorter


def quote_span(quote: Mapping) -> Span:
    return quote["start"], quote["end"]


def speaker_ok(predicted: Mapping, gold: Mapping, by: str) -> bool:
    """Whether the prediction has the gold speaker, by mention span or by name."""
    if by == "mention":
        if gold.get("speaker") is None:
            return predicted.get("speaker") is None and predicted.get("speaker_mention") is None
        mention = span_of(predicted.get("speaker_mention"))
        return mention is not None and any(
            spans_match(mention, (m[0], m[1])) for m in gold.get("speaker_mentions") or [])
    return same_person(predicted.get("speaker"), gold.get("speaker"))


def is_attributed(predicted: Mapping) -> bool:
    """A prediction that names a speaker or points at a mention."""
    return bool(predicted.get("speaker") or predicted.get("speaker_mention"))


def attribution_ok(predicted: Mapping, hits: Sequence[Mapping], by: str) -> bool:
    """End-to-end precision's rule: right speaker on a scored gold, or any optional gold."""
    return any(g.get("kind") in SPEAKER_KINDS and speaker_ok(predicted, g, by) for g in hits) \
        or any(g.get("kind") == "optional" for g in hits)


# --- the counters ---------------------------------------------------------------------


@dataclass
class Tally:
    """Predictions of one method or kind, and the required gold they found."""

    predicted: int = 0
    attributed: int = 0
    attributed_ok: int = 0
    gold_found: int = 0  # required gold matched by a prediction of this method or kind
    gold_speaker_right: int = 0  # ... where one of those predictions has the right speaker


@dataclass
class GoldTally:
    """Gold quotations of one kind: how many, found, found with the right speaker."""

    gold: int = 0
    found: int = 0
    speaker_right: int = 0


class ErrorEntry(NamedTuple):
    """One line of score.py's -v log: MISS, SPEAKER or WRONG."""

    what: str
    doc_id: str
    text: str
    gold_speaker: str | None
    predicted_speaker: str | None


# The prediction fields that the breakdowns group by: output key -> record field.
BREAKDOWN_FIELDS = {"by_method": "method", "by_cue_method": "cue_method", "by_kind": "kind"}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


@dataclass
class Scores:
    """Everything counted over the gold documents; ``metrics()`` gives the figures."""

    gold: int = 0
    predicted: int = 0
    hit: int = 0
    found: int = 0
    speaker_right: int = 0
    attributed: int = 0
    attributed_ok: int = 0
    indirect_gold: int = 0
    indirect_found: int = 0
    indirect_found_strict: int = 0
    indirect_predicted: int = 0
    indirect_predicted_hit: int = 0
    documents: int = 0
    by_method: dict[str, Tally] = field(default_factory=dict)
    by_cue_method: dict[str, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    by_gold_kind: dict[str, GoldTally] = field(default_factory=dict)
    errors: list[ErrorEntry] = field(default_factory=list)

    def metrics(self) -> dict[str, float | int]:
        """score.py's figures (same names, same rounding), then the extras."""
        qp, qr = _ratio(self.hit, self.predicted), _ratio(self.found, self.gold)
        ep, er = _ratio(self.attributed_ok, self.attributed), _ratio(self.speaker_right, self.gold)
        return {
            "quote_precision": qp, "quote_recall": qr, "quote_f1": _f1(qp, qr),
            "speaker_accuracy": _ratio(self.speaker_right, self.found),
            "e2e_precision": ep, "e2e_recall": er, "e2e_f1": _f1(ep, er),
            "indirect_recall": _ratio(self.indirect_found, self.indirect_gold),
            "gold_quotes": self.gold, "pred_quotes": self.predicted,
            "indirect_precision": _ratio(self.indirect_predicted_hit, self.indirect_predicted),
            "indirect_recall_strict": _ratio(self.indirect_found_strict, self.indirect_gold),
            "gold_documents": self.documents,
        }

    def breakdowns(self) -> dict[str, dict[str, dict[str, int]]]:
        """The counts by method, cue method, predicted kind and gold kind, as plain dicts."""
        groups = {key: getattr(self, key) for key in (*BREAKDOWN_FIELDS, "by_gold_kind")}
        return {key: {name: asdict(t) for name, t in sorted(group.items())}
                for key, group in groups.items()}

    def first_errors(self, n: int) -> list[ErrorEntry]:
        """The first ``n`` MISS, the first ``n`` SPEAKER and the first ``n`` WRONG entries,
        in score.py's log order."""
        seen: dict[str, int] = {}
        kept = []
        for entry in self.errors:
            seen[entry.what] = seen.get(entry.what, 0) + 1
            if seen[entry.what] <= n:
                kept.append(entry)
        return kept


# --- scoring --------------------------------------------------------------------------


def _group(record: Mapping, name: str) -> str | None:
    """The breakdown group of a prediction; None when the record lacks the field."""
    if name not in record:
        return None
    value = record[name]
    return "null" if value is None else str(value)


def _tallies(scores: Scores, predicted: Mapping) -> Iterator[Tally]:
    """The tally of every breakdown group the prediction belongs to."""
    for key, name in BREAKDOWN_FIELDS.items():
        group = _group(predicted, name)
        if group is not None:
            yield getattr(scores, key).setdefault(group, Tally())


def _speaker_text(predicted: Mapping) -> str | None:
    mention = predicted.get("speaker_mention")
    return predicted.get("speaker") or (mention.get("text") if isinstance(mention, Mapping)
                                        else None)


def _score_prediction(scores: Scores, doc_id: str, text: str, gold: list[dict],
                      predicted: dict, by: str) -> None:
    hits = [g for g in gold if spans_match(quote_span(predicted), quote_span(g))]
    scores.hit += bool(hits)
    attributed = is_attributed(predicted)
    ok = attributed and attribution_ok(predicted, hits, by)
    scores.attributed += attributed
    scores.attributed_ok += ok
    if predicted.get("kind") == "indirect":
        scores.indirect_predicted += 1
        scores.indirect_predicted_hit += any(g.get("kind") in INDIRECT_TARGETS for g in hits)
    for tally in _tallies(scores, predicted):
        tally.predicted += 1
        tally.attributed += attributed
        tally.attributed_ok += ok
    if attributed and not ok:
        start, end = quote_span(predicted)
        golds = ", ".join(str(g.get("speaker")) for g in hits) or None
        scores.errors.append(ErrorEntry("WRONG", doc_id, text[start:end], golds,
                                        _speaker_text(predicted)))


def _score_found_by(scores: Scores, gold: dict, matches: list[dict], by: str) -> None:
    """Credit a found required gold quotation to each method and kind that found it,
    with the right speaker when one of that group's predictions has it."""
    groups: dict[int, tuple[Tally, bool]] = {}
    for predicted in matches:
        ok = speaker_ok(predicted, gold, by)
        for tally in _tallies(scores, predicted):
            groups[id(tally)] = (tally, ok or groups.get(id(tally), (tally, False))[1])
    for tally, ok in groups.values():
        tally.gold_found += 1
        tally.gold_speaker_right += ok


def _score_gold(scores: Scores, doc_id: str, text: str, gold: dict, predicted: list[dict],
                by: str) -> None:
    matches = [p for p in predicted if spans_match(quote_span(p), quote_span(gold))]
    kind = gold.get("kind")
    right = any(speaker_ok(p, gold, by) for p in matches)
    per_kind = scores.by_gold_kind.setdefault(str(kind), GoldTally())
    per_kind.gold += 1
    per_kind.found += bool(matches)
    per_kind.speaker_right += right
    if kind == "indirect":
        scores.indirect_gold += 1
        scores.indirect_found += bool(matches)
        scores.indirect_found_strict += any(p.get("kind") == "indirect" for p in matches)
        return
    if kind not in REQUIRED_KINDS:
        return
    scores.gold += 1
    words = gold.get("text") or text[gold["start"]:gold["end"]]
    if not matches:
        scores.errors.append(ErrorEntry("MISS", doc_id, words, gold.get("speaker"), None))
        return
    scores.found += 1
    scores.speaker_right += right
    _score_found_by(scores, gold, matches, by)
    if not right:
        said = ", ".join(name for p in matches if (name := _speaker_text(p))) or None
        scores.errors.append(ErrorEntry("SPEAKER", doc_id, words, gold.get("speaker"), said))


def score_document(scores: Scores, gold_doc: dict, predicted: list[dict], by: str) -> None:
    """Add one gold document and its predictions to the counts."""
    doc_id, text, gold = doc_id_of(gold_doc), gold_doc["text"], gold_doc["quotes"]
    scores.documents += 1
    scores.predicted += len(predicted)
    for p in predicted:
        _score_prediction(scores, doc_id, text, gold, p, by)
    for g in gold:
        _score_gold(scores, doc_id, text, g, predicted, by)


def doc_id_of(gold_doc: Mapping) -> str:
    """The key that joins a gold document to its predictions."""
    return str(gold_doc.get("doc_id"))


def pair_up(gold_docs: Iterable[dict], predictions: Mapping[str, list[dict]]
            ) -> Iterator[tuple[dict, list[dict]]]:
    """Each gold document with its predictions: none when the file has none for it;
    predictions for documents not in the gold are left out."""
    for gold_doc in gold_docs:
        yield gold_doc, predictions.get(doc_id_of(gold_doc), [])


def score(documents: Iterable[tuple[dict, list[dict]]], by: str = "name") -> Scores:
    """Add up (gold document, predicted quotation records) pairs."""
    check_speaker_by(by)
    scores = Scores()
    for gold_doc, predicted in documents:
        score_document(scores, gold_doc, predicted, by)
    return scores


def check_speaker_by(by: str) -> None:
    if by not in SPEAKER_BY:
        raise QuotesError(f"speaker scoring is by {' or '.join(SPEAKER_BY)}, not {by!r}")


# --- inputs ---------------------------------------------------------------------------


def parse_split(value: str) -> tuple[int, int]:
    """``"K/N"`` as (K, N), with 1 <= K <= N."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise QuotesError(f"--split takes K/N with 1 <= K <= N (e.g. 1/2), not {value!r}")
    return int(match[1]), int(match[2])


def select_split(docs: Iterable[dict], split: tuple[int, int] | None) -> list[dict]:
    """The documents of fold K of N: 0-based position i with i % N == K - 1."""
    if split is None:
        return list(docs)
    part, parts = split
    return [doc for i, doc in enumerate(docs) if i % parts == part - 1]


def _read_lines(path: str, what: str, error: type[QuotesError]) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot read the {what} file ({problem})") from problem


def read_gold(path: str) -> Iterator[dict]:
    """Gold documents: ``{"doc_id", "text", "quotes": [...]}`` a line."""
    for number, line in enumerate(_read_lines(path, "gold", GoldFormatError), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record["text"], record["quotes"]  # noqa: B018  # both keys are required
            [quote_span(q) for q in record["quotes"]]
        except (json.JSONDecodeError, KeyError, TypeError, IndexError) as error:
            raise GoldFormatError(
                f"{path}:{number}: not a gold record; each line needs \"text\" and \"quotes\" "
                "with \"start\" and \"end\"") from error
        yield record


def read_predictions(path: str) -> dict[str, list[dict]]:
    """Prediction records by doc_id, from ``quotes extract --input-format jsonl --format jsonl``
    output; a doc_id given twice keeps its last line."""
    found: dict[str, list[dict]] = {}
    for number, line in enumerate(_read_lines(path, "predictions", InputError), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            quotes = record.get("quotes", [])
            [quote_span(q) for q in quotes]
            found[str(record["doc_id"])] = quotes
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise InputError(
                f"{path}:{number}: not a prediction record; make the file with `quotes extract "
                "--input-format jsonl --format jsonl GOLD.jsonl`") from error
    return found


def predict(gold_docs: list[dict], model: str | None = None, n_process: int = 1,
            indirect: str = "clauses", min_confidence: float | None = None
            ) -> Iterator[list[dict]]:
    """The extractor's quotation records for each gold text, in order; each document keeps
    its metadata, as `quotes extract --input-format jsonl` reads it."""
    from quotes.extract import extract
    from quotes.nlp import load_pipeline
    from quotes.reader import Document

    nlp = load_pipeline(model, indirect, min_confidence)
    documents = (Document(doc_id_of(g), g["text"],
                          {k: v for k, v in g.items() if k not in ("text", "quotes")})
                 for g in gold_docs)
    for result in extract(documents, nlp, n_process=n_process):
        # QuotationRecords are plain dicts, scored like the ones read_predictions loads
        yield cast("list[dict]", result.quotes)


def evaluate(gold: str, by: str = "name", predictions: str | None = None,
             split: tuple[int, int] | None = None, model: str | None = None,
             n_process: int = 1, indirect: str = "clauses",
             min_confidence: float | None = None) -> Scores:
    """Score a prediction file, or the extractor when there is none, against a gold file."""
    check_speaker_by(by)
    gold_docs = select_split(read_gold(gold), split)
    if predictions:
        return score(pair_up(gold_docs, read_predictions(predictions)), by)
    predicted = predict(gold_docs, model, n_process, indirect, min_confidence)
    return score(zip(gold_docs, predicted, strict=True), by)


# --- kept for the claims evaluator and frame training (not used by the quote scores) ---


def match_one_to_one(gold: Sequence[Mapping], predicted: Sequence[Mapping]
                     ) -> list[tuple[Mapping, Mapping]]:
    """Pairs of matching spans, each used once, largest overlap first."""
    candidates = [
        (overlap(quote_span(g), quote_span(p)), gi, pi)
        for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
        if spans_match(quote_span(g), quote_span(p))
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
