"""spaCy's entity recogniser decoded many sentences at a time: the same model, the same
greedy choice of action, the same entities, in a fraction of the time.

spaCy's ``ner`` moves word by word through a Doc choosing one BILUO action (Begin, In,
Last, Unit, Out of an entity) per word. Its loop checks each of the 74 actions' rules
one state at a time in compiled code that takes Python's lock on every look at a word,
and on news text that loop costs more than the recogniser's network. Nothing carries
over a sentence start (no entity may cross one) and an action depends only on the word,
the open entity's first word and label, and the word before: so every sentence of a
batch is decoded in the same step, as rows of arrays, with the rules as masks.

The arithmetic is spaCy's, in its order: the precomputed features of the three context
words (the word, the open entity's first word, the word before it; padding where there
is none) summed in that order, plus the bias, maxout, then the output layer through the
same BLIS ``gemm`` (thinc's) and its bias; the best valid action, the first on a tie.
A batch is decoded a few thousand words at a time (:func:`quotes.nlp.pieces.pieces`),
which bounds the network's memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

from quotes.nlp.pieces import pieces

ACTIONS = "BILUO"  # Begin, In, Last, Unit, Out: spaCy's BiluoPushDown moves
FEATURES = 3  # the word, the open entity's first word, the word before (spaCy's "ner" state)


class Entity(NamedTuple):
    """An entity found in a Doc: token offsets and label."""

    start: int
    end: int
    label: str


class EntityDecoder:
    """Decode an EntityRecognizer's model over a batch of Docs without its state loop."""

    def __init__(self, ner: EntityRecognizer) -> None:
        moves = ner.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        self.tok2vec, self.lower, self.upper = ner.model.layers
        self.labels = sorted({name[2:] for name in names if len(name) > 2})
        self.action = numpy.array([ACTIONS.index(name[0]) for name in names], dtype="int8")
        # the label of each move (-1: none; "U-" is spaCy's blocked-entity unit, never valid)
        self.label = numpy.array([self.labels.index(name[2:]) if len(name) > 2 else -1
                                  for name in names], dtype="int64")
        self.usable = (ner.model.attrs.get("has_upper", False) and not
                       ner.model.attrs.get("unseen_classes")
                       and self.lower.get_dim("nF") == FEATURES)

    def __call__(self, docs: Sequence[Doc]) -> list[list[Entity]] | None:
        """The entities of each Doc, or None when this decoder cannot stand in for
        spaCy's (a Doc with preset entities, a model of another shape)."""
        if not self.usable or any(doc.to_array(ENT_IOB).any() for doc in docs):
            return None
        return [entities for piece in pieces(docs) for entities in self._recognise(piece)]

    def _recognise(self, docs: Sequence[Doc]) -> list[list[Entity]]:
        if not any(len(doc) for doc in docs):
            return [[] for _ in docs]
        words = self.tok2vec.predict([doc for doc in docs if len(doc)])
        features = self.lower.predict(words)  # per word and context slot; row 0: padding
        lengths = numpy.array([len(doc) for doc in docs])
        offsets = numpy.concatenate([[0], numpy.cumsum(lengths)])
        starts, space = self._columns(docs)
        entities: list[list[Entity]] = [[] for _ in docs]
        for start, end, label in self._decode(features, starts, space):
            which = int(numpy.searchsorted(offsets, start, side="right")) - 1
            offset = int(offsets[which])
            entities[which].append(Entity(start - offset, end - offset, self.labels[label]))
        return entities

    @staticmethod
    def _columns(docs: Sequence[Doc]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Over the batch's words: sentence starts (a Doc's first word is one) and spaces."""
        starts, space = [], []
        for doc in docs:
            if not len(doc):
                continue
            sent_start, is_space = doc.to_array([SENT_START, IS_SPACE]).T
            begins = sent_start.astype("int64") == 1
            begins[0] = True
            starts.append(begins)
            space.append(is_space.astype(bool))
        return numpy.concatenate(starts), numpy.concatenate(space)

    def _decode(self, features: numpy.ndarray, starts: numpy.ndarray,
                space: numpy.ndarray) -> list[tuple[int, int, int]]:
        """(start, end, label) of every entity, in batch word offsets. ``features``:
        the lower layer's output per word and context slot, padding first."""
        total = len(starts)
        # where an entity may go on past a word: a next word in the same sentence (a
        # Doc's last word is followed by the next Doc's first, a sentence start)
        goes_on = numpy.append(~starts[1:], False)
        first = numpy.flatnonzero(starts)
        length = numpy.diff(numpy.append(first, total))
        order = numpy.argsort(-length, kind="stable")  # longest first: active rows lead
        first, length = first[order], length[order]
        bias = self.lower.get_param("b").reshape(1, -1, features.shape[3])
        weights = numpy.ascontiguousarray(self.upper.get_param("W"), dtype="float32")
        out_bias = self.upper.get_param("b")
        n_labels = len(self.labels)
        begin, inside, last, unit = (self.action == ACTIONS.index(a) for a in "BILU")
        out = self.action == ACTIONS.index("O")
        begin &= self.label >= 0
        unit &= self.label >= 0
        # per move: its label as a one-hot row, to match an open entity's label
        label_hot = self.label[None, :] == numpy.arange(n_labels)[:, None]
        rows = len(first)
        open_label = numpy.full(rows, -1, dtype="int64")
        open_start = numpy.zeros(rows, dtype="int64")
        found: list[tuple[int, int, int]] = []
        for step in range(int(length[0]) if rows else 0):
            active = int(numpy.searchsorted(-length, -step))  # rows whose length > step
            word = first[:active] + step
            label_now = open_label[:active]
            is_open = label_now >= 0
            at_start = numpy.where(is_open, open_start[:active] + 1, 0)
            before = numpy.where(is_open, word, 0)  # row of word - 1 (rows shift by one)
            unmaxed = features[word + 1, 0] + features[at_start, 1]
            unmaxed += features[before, 2]
            unmaxed += bias
            hidden = numpy.ascontiguousarray(unmaxed.max(axis=-1))
            scores = self.upper.ops.gemm(hidden, weights, trans2=True)  # BLIS, as spaCy
            scores += out_bias
            closed, on, blank = ~is_open, goes_on[word], space[word]
            same = numpy.zeros((active, len(self.action)), dtype=bool)
            same[is_open] = label_hot[label_now[is_open]]
            valid = ((begin & (closed & on & ~blank)[:, None])
                     | (inside & same & on[:, None])
                     | (last & same)
                     | (unit & (closed & ~blank)[:, None])
                     | (out & closed[:, None]))
            scores[~valid] = -numpy.inf
            chosen = scores.argmax(axis=1)
            action, label = self.action[chosen], self.label[chosen]
            for row in numpy.flatnonzero(action == ACTIONS.index("L")).tolist():
                found.append((int(open_start[row]), int(word[row]) + 1, int(open_label[row])))
            for row in numpy.flatnonzero(action == ACTIONS.index("U")).tolist():
                found.append((int(word[row]), int(word[row]) + 1, int(label[row])))
            opened = action == ACTIONS.index("B")
            open_start[:active][opened] = word[opened]
            open_label[:active][opened] = label[opened]
            open_label[:active][(action == ACTIONS.index("L"))] = -1
        return found
