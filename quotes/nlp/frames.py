"""Attribution frames learned from annotated news: which words report what.

A frame is a word's lemma and the dependency that links it to the content it reports:
``("suggest", "ccomp")`` for "suggested that the deal was dead", ``("call", "prep_for")``
for "called for an inquiry", ``("attack", "dobj")`` for "attacked the plan". The hand-written
cues of :mod:`quotes.nlp.attribution` cover speech verbs; frames cover the long tail of
reported positions that annotators count as attributions.

Each frame in ``model/frames.json`` keeps how often its pattern occurred in the training
split and how often it was an annotated attribution there; the ratio is the frame's
confidence. ``python -m quotes.nlp.train_frames`` rebuilds the file (``make train-frames``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from quotes.nlp.doctext import sentence_of

FRAMES_PATH = Path(__file__).with_name("model") / "frames.json"
# Dependencies through which a word's content hangs from it (prepositions are added as
# "prep_<word>" with their object as the content).
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "advcl", "attr", "oprd", "acomp", "acl",
                          "dative", "npadvmod", "conj", "pcomp", "nsubj", "csubj"})
FRAME_POS = frozenset({"VERB", "AUX", "NOUN"})
MIN_CONTENT_CHARS = 3

Frame = tuple[str, str]


def frames_of(token: Token) -> Iterator[tuple[Frame, Token]]:
    """Every (frame, head of its content) the token's parse offers."""
    if token.pos_ not in FRAME_POS:
        return
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in CONTENT_DEPS and not coordinated_before(child, token):
            yield (lemma, child.dep_), child
        elif child.dep_ == "prep":
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                yield (lemma, "prep_" + child.lower_), objects[0]


def opening_conjunction(word: Token) -> Token | None:
    """The conjunction that opens ``word``'s clause after a comma or dash ("..., and Mr Y
    said", "... - but Starmer said"), when only its subject lies between them."""
    first = sentence_of(word).start
    i = word.i - 1
    while i > first and word.doc[i].pos_ not in ("VERB", "AUX", "CCONJ"):
        i -= 1
    token = word.doc[i]
    if token.pos_ == "CCONJ" and i > first and word.doc[i - 1].is_punct:
        return token
    return None


def coordinated_before(clause: Token, word: Token) -> bool:
    """A verb before ``word`` that a conjunction joins to it ("X won 77 votes - and Mr Y
    said ..."): the parse may hang it on the cue, but it is the article's statement."""
    if clause.i > word.i or clause.pos_ not in ("VERB", "AUX"):
        return False
    conjunction = opening_conjunction(word)
    return conjunction is not None and conjunction.i > clause.i


def content_span(head: Token) -> tuple[int, int] | None:
    """Character span of the content under ``head``, without edge punctuation."""
    words = [t for t in head.subtree if not t.is_space]
    while words and words[0].is_punct:
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    if not words:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    return (start, end) if end - start >= MIN_CONTENT_CHARS else None


@lru_cache(maxsize=2)
def load_frames(path: Path = FRAMES_PATH) -> dict[Frame, float]:
    """Frame -> confidence (the share of its training occurrences that were attributions)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(f["lemma"], f["dep"]): f["attributions"] / f["occurrences"]
            for f in data["frames"]}


@lru_cache(maxsize=2)
def frame_lemmas(path: Path = FRAMES_PATH) -> frozenset[str]:
    """The lemmas of the learned frames: only their words need their children read."""
    return frozenset(lemma for lemma, _ in load_frames(path))
