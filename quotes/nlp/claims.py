"""Check-worthy claims and their sources, as the last pipeline component.

Candidates are the sentences of the article's own text and the sentences inside each
quotation; the trained detector (quotes.claims.detector) keeps the check-worthy ones,
and quotes.claims.sources says who backs each. Writes ``doc._.claims`` (plain dicts).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from quotes.claims.detector import CheckworthyDetector, claim_type, load_detector
from quotes.claims.sources import (
    first_person,
    inner_sentences,
    source_of,
    without_incidental_numbers,
)
from quotes.nlp.doctext import TEXT_KEY, text_of
from quotes.nlp.ranges import in_ranges, merged
from quotes.vocab import EVALUATIVE_VERBS

for _name in ("claims", "author"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

MIN_WORDS = 4  # shorter sentences are never check-worthy claims
# The detector's score a news sentence needs. The detector's own threshold (0.30) is the
# best F1 on CheckThat! sentences; UK news annotates more of its sentences as claims. Chosen
# on uk_dev half 1/2 as the highest threshold that finds 90% of its claims (found 0.92,
# precision 0.73), measured on half 2/2: found 0.94, precision 0.77.
NEWS_THRESHOLD = 0.08


@lru_cache(maxsize=1)
def _detector() -> CheckworthyDetector:
    return load_detector()


@Language.factory("quotes_claims_v1", default_config={"threshold": NEWS_THRESHOLD})
def make_claims(nlp: Language, name: str, threshold: float) -> ClaimFinder:
    return ClaimFinder(threshold)


class ClaimFinder:
    """Find check-worthy sentences and link each to its source."""

    def __init__(self, threshold: float = NEWS_THRESHOLD) -> None:
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        skipped = merged(doc._.skipped or [])
        records = doc._.quotations or []
        candidates: list[tuple[int, int, str | None, str, int | None]] = []
        quoted_spans: list[tuple[int, int]] = []
        for index, record in enumerate(records):
            if record["kind"] != "direct":
                continue  # a partial quotation is judged with the sentence that holds it
            source, kind = source_of(record, doc._.author or "the author")
            for start, end in record["parts"]:
                quoted_spans.append((start, end))
                for s, e in inner_sentences(text, start, end):
                    candidates.append((s, e, source, kind, index))
        # reported speech backs its sentence, and so does a quoted fragment's speaker
        # ('said Labour were "already" putting up taxes')
        reported = [(i, r) for i, r in enumerate(records) if r["kind"] == "indirect"]
        # then speech that is no quotation of its own: "Labour blames austerity for ..."
        reported += [(None, r) for r in doc._.claim_backers or ()
                     if r["speaker"] or r["vague_source"]]
        # last, the speaker of a quoted fragment whose cue is in the sentence ('Barclay
        # said it was "deeply regrettable" the committee refused ...')
        reported += [(i, r) for i, r in enumerate(records)
                     if r["kind"] == "partial" and r["speaker"] and _asserting_cue(doc, r)]
        author = doc._.author or "the author"
        for sentence in doc.sents:
            start, end = _trimmed(text, sentence.start_char, sentence.end_char)
            if end <= start or in_ranges(skipped, start):
                continue
            if any(s < end and start < e for s, e in quoted_spans):
                continue  # its claims are the quotation's own sentences
            backing = next(((i, r) for i, r in reported if r["start"] < end and start < r["end"]
                            and (r["kind"] != "partial" or start <= r["cue"]["start"] < end)),
                           None)
            if backing is not None:
                # the sentence reports the fragment's speaker: a cited source
                source, kind = source_of(dict(backing[1], kind="indirect"), author)
                candidates.append((start, end, source, kind, backing[0]))
            elif first_person(text[start:end]):
                candidates.append((start, end, author, "author", None))
            else:
                candidates.append((start, end, None, "none", None))
        doc._.claims = self._keep_checkworthy(text, candidates)
        doc.user_data.pop(TEXT_KEY, None)  # a copy of the text need not travel with the Doc
        return doc

    def _keep_checkworthy(self, text: str, candidates: list) -> list[dict]:
        candidates = [c for c in candidates if len(text[c[0]:c[1]].split()) >= MIN_WORDS]
        detector = _detector()
        scores = detector.score([without_incidental_numbers(text[c[0]:c[1]])
                                 for c in candidates])
        claims = []
        for (start, end, source, kind, quote), score in zip(candidates, scores, strict=True):
            if score >= self.threshold:
                words = text[start:end]
                claims.append({"start": start, "end": end, "text": words,
                               "type": claim_type(words), "score": round(score, 3),
                               "source": source, "source_kind": kind, "quote": quote})
        claims.sort(key=lambda c: c["start"])
        return claims


def _asserting_cue(doc: Doc, record: dict) -> bool:
    """A verb cue that asserts what it governs ("said it was 'regrettable' the ..."), not
    one that judges ("condemned them as 'nasty'") nor a speech noun ("his attack on")."""
    cue = record.get("cue")
    if not cue or record.get("cue_method") == "noun":
        return False
    span = doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() not in EVALUATIVE_VERBS


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
