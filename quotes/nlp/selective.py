"""The entity recogniser run only where an entity can be: the stretches of a Doc around
the words a name, date or number can hold, batched across documents.

spaCy's ``ner`` in the small English pipeline has its own tok2vec and is the largest
cost of the pipeline. What it reads of a word is its vector, made from the word and
the four words either side (a window of 1, four layers deep), and it decides word by
word; outside an entity a decision reads nothing but the word's own vector. So a run
of plain lower-case words (no capital, digit or symbol, no number word, no word of
time or quantity) is left out once it is longer than two margins: the words within
``margin`` of a seed are kept, so a kept seed sees its whole context, and the words
between two stretches are "outside" as the recogniser puts them. The stretches of a
Doc become one Doc (same words, same NORM), whose entities are copied back. Those Docs
are decoded by :class:`~quotes.nlp.entity_decoder.EntityDecoder`, all sentences of a
batch at once, with the entities spaCy's own loop finds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import (
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    LIKE_NUM,
    LOWER,
    NORM,
    ORTH,
    SENT_START,
)
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from quotes.errors import ModelNotFound
from quotes.nlp.entity_decoder import Entity, EntityDecoder
from quotes.vocab import TIME_AND_QUANTITY_WORDS

MARGIN = 5  # the recogniser's window (4 words) and the word before an entity's next word


@Language.factory(
    "quotes_selective_ner_v1", default_config={"ner": "ner", "margin": MARGIN},
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
)
def make_selective_ner(nlp: Language, name: str, ner: str, margin: int) -> SelectiveNer:
    recogniser = nlp.get_pipe(ner)
    if not isinstance(recogniser, EntityRecognizer):
        raise ModelNotFound(f"quotes_selective_ner_v1 needs an entity recogniser {ner!r}; "
                            "set QUOTES_SELECTIVE=0")
    return SelectiveNer(recogniser, margin)


class SelectiveNer:
    """Run an EntityRecognizer (left in the pipeline, disabled) on the stretches of
    each Doc where an entity can start."""

    def __init__(self, ner: EntityRecognizer, margin: int = MARGIN) -> None:
        self.ner, self.margin = ner, margin
        self.decoder = EntityDecoder(ner)
        self.seed_words: numpy.ndarray | None = None  # LOWER hashes, set on first use

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            kept = [self.kept(doc) for doc in batch]
            parts = [_part(doc, rows) for doc, rows in zip(batch, kept, strict=True)]
            found = self.recognise(parts)
            for doc, entities, rows in zip(batch, found, kept, strict=True):
                doc.set_ents(list(_entities(doc, entities, rows)), default="outside")
                yield doc

    def recognise(self, parts: list[Doc]) -> list[list[Entity]]:
        """The entities of each part: by the decoder, else by spaCy's own loop."""
        found = self.decoder(parts)
        if found is not None:
            return found
        for part in self.ner.pipe([p for p in parts if len(p)], batch_size=len(parts)):
            assert part is not None  # annotated in place
        return [[Entity(e.start, e.end, e.label_) for e in part.ents] for part in parts]

    def kept(self, doc: Doc) -> numpy.ndarray:
        """The indices of the tokens to run the recogniser on, in order."""
        seeds = self.seeds(doc)
        if not len(seeds):
            return numpy.zeros(0, dtype="int64")
        # a token is kept when a seed is within ``margin`` of it: a window sum over seeds
        width = 2 * self.margin + 1  # ("same" would return the longer of the two)
        counts = numpy.convolve(seeds.astype("int32"), numpy.ones(width, dtype="int32"))
        counts = counts[self.margin:self.margin + len(seeds)]
        return numpy.flatnonzero(counts > 0)

    def seeds(self, doc: Doc) -> numpy.ndarray:
        """Which tokens an entity can hold: not plain lower-case words or punctuation."""
        if self.seed_words is None:
            strings = doc.vocab.strings
            self.seed_words = numpy.array(sorted(strings.add(w) for w in TIME_AND_QUANTITY_WORDS),
                                          dtype="uint64")
        if not len(doc):
            return numpy.zeros(0, dtype=bool)
        alpha, lower, punct, space, number, lowered = doc.to_array(
            [IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER]).T
        plain = (alpha.astype(bool) & lower.astype(bool)) | punct.astype(bool) | space.astype(bool)
        return ~plain | number.astype(bool) | numpy.isin(lowered, self.seed_words)


def _part(doc: Doc, rows: numpy.ndarray) -> Doc:
    """A Doc of the kept tokens with what the recogniser reads of them: their words,
    norms and sentence starts (an entity never crosses a sentence start)."""
    if len(rows) == len(doc):
        return doc
    strings = doc.vocab.strings
    orth, norm, starts = doc.to_array([ORTH, NORM, SENT_START]).astype("uint64")[rows].T
    part = Doc(doc.vocab, words=[strings[o] for o in orth.tolist()],
               spaces=[False] * len(rows))
    part.from_array([NORM, SENT_START], numpy.stack([norm, starts], axis=1))  # type: ignore[arg-type]
    return part


def _entities(doc: Doc, entities: list[Entity], rows: numpy.ndarray) -> Iterator[Span]:
    """A part's entities as spans of ``doc``. One without a seed lies in a margin,
    where a word near a stretch's edge does not see its real neighbours: kept, as the
    whole recogniser mostly finds those too (dropping them lost 12 of PolNeAR dev's
    6,822 entities; keeping them, 2 are lost and none gained)."""
    whole = len(rows) == len(doc)
    for ent in entities:
        if whole:
            yield Span(doc, ent.start, ent.end, label=ent.label)
            continue
        start, end = int(rows[ent.start]), int(rows[ent.end - 1]) + 1
        if end - start == ent.end - ent.start:  # in one stretch
            yield Span(doc, start, end, label=ent.label)
