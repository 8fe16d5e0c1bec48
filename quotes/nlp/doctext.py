"""What spaCy recomputes on every access, computed once per Doc: its text (spaCy joins
every token on each ``doc.text``) and its sentence bounds (``token.sent`` walks the
sentence each time, so a cue in a 100,000-word sentence would cost 100,000 steps).

The copies live beside the Doc, not in it: held by a weak reference, they go when the
Doc goes, never travel with it to or from a worker process, and no component has to
clear what another cached.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

TEXT_KEY = "text"
STARTS_KEY = "sentence_starts"
PERSON_SURNAMES_KEY = "person_surnames"  # see cues.person_surnames

_CACHES: WeakKeyDictionary[Doc, dict[str, Any]] = WeakKeyDictionary()


def cache_of(doc: Doc) -> dict[str, Any]:
    """The Doc's own cache, empty at first; it lives as long as the Doc."""
    cache = _CACHES.get(doc)
    if cache is None:
        cache = _CACHES[doc] = {}
    return cache


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per document."""
    cache = cache_of(doc)
    if TEXT_KEY not in cache:
        cache[TEXT_KEY] = doc.text
    return cache[TEXT_KEY]


def covering_span(doc: Doc, start: int, end: int) -> Span:
    """The tokens that cover ``text[start:end]``: ``doc.char_span`` with "expand", which
    gives None only for offsets outside the text, and these are offsets in it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    assert span is not None
    return span


def sentence_of(token: Token) -> Span:
    """``token.sent`` in logarithmic time, from the sentence starts found once."""
    doc = token.doc
    cache = cache_of(doc)
    starts = cache.get(STARTS_KEY)
    if starts is None:
        starts = cache[STARTS_KEY] = [s.start for s in doc.sents]
    k = bisect_right(starts, token.i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[starts[k]:end]
