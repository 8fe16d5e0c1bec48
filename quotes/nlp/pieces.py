"""spaCy's shared tok2vec run over pieces of a batch, a few thousand words at a time:
the same vectors (each word's depends on its own Doc only), a fraction of the memory.

A thinc network keeps every layer's output of a batch until its last layer is done: in
the small English pipeline about 19 KB a word, so a batch of 16 news articles holds
some 300 MB at once, the peak of the whole extraction. Cut into pieces of at most
``words`` words (a longer Doc is a piece alone), the peak is that of one piece. Once
the parser has read them, ``quotes_release_vectors_v1`` drops the vectors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy
from spacy.language import Language
from spacy.pipeline import Tok2Vec
from spacy.tokens import Doc
from spacy.util import minibatch

from quotes.errors import ModelNotFound

PIECE_WORDS = 2_000


def pieces(docs: Sequence[Doc], words: int = PIECE_WORDS) -> Iterator[list[Doc]]:
    """Consecutive runs of ``docs`` of at most ``words`` words each, in order; a Doc
    longer than that is a run of its own."""
    piece: list[Doc] = []
    size = 0
    for doc in docs:
        if piece and size + len(doc) > words:
            yield piece
            piece, size = [], 0
        piece.append(doc)
        size += len(doc)
    if piece:
        yield piece


@Language.factory(
    "quotes_tok2vec_pieces_v1", default_config={"tok2vec": "tok2vec", "words": PIECE_WORDS},
    assigns=["doc.tensor"],
)
def make_tok2vec_pieces(nlp: Language, name: str, tok2vec: str, words: int) -> Tok2VecPieces:
    component = nlp.get_pipe(tok2vec)
    if not isinstance(component, Tok2Vec):
        raise ModelNotFound(f"quotes_tok2vec_pieces_v1 needs a tok2vec component {tok2vec!r}; "
                            "set QUOTES_SELECTIVE=0")
    return Tok2VecPieces(component, words)


class Tok2VecPieces:
    """Run a Tok2Vec component (left in the pipeline, disabled) piece by piece. Its
    listeners (tagger, parser) read the vectors from ``doc.tensor`` when predicting."""

    def __init__(self, tok2vec: Tok2Vec, words: int = PIECE_WORDS) -> None:
        self.tok2vec, self.words = tok2vec, words

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            for piece in pieces(batch, self.words):
                self.tok2vec.set_annotations(piece, self.tok2vec.predict(piece))
            yield from batch


@Language.component("quotes_release_vectors_v1", assigns=["doc.tensor"])
def release_vectors(doc: Doc) -> Doc:
    """Drop the shared tok2vec's vectors once the tagger and parser have read them:
    nothing after them reads ``doc.tensor``, and a worker process ships each Doc back
    as bytes, three quarters of which were those vectors."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc
