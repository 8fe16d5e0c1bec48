"""What spaCy recomputes on every access, computed once per Doc: its text (spaCy joins
every token on each ``doc.text``) and its sentence bounds (``token.sent`` walks the
sentence each time, so a cue in a 100,000-word sentence would cost 100,000 steps)."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

TEXT_KEY = "quotes.text"  # doc.user_data key of the cached text; dropped by the last component
STARTS_KEY = "quotes.sentence_starts"  # ... of the sentence starts; dropped with it
PERSON_SURNAMES_KEY = "quotes.person_surnames"  # see attribution._person_surnames
CACHE_KEYS = (TEXT_KEY, STARTS_KEY, PERSON_SURNAMES_KEY)


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per document and kept in ``doc.user_data``."""
    cached = doc.user_data.get(TEXT_KEY)
    if cached is None:
        cached = doc.user_data[TEXT_KEY] = doc.text
    return cached


def sentence_of(token: Token) -> Span:
    """``token.sent`` in logarithmic time, from the sentence starts found once."""
    doc = token.doc
    starts = doc.user_data.get(STARTS_KEY)
    if starts is None:
        starts = doc.user_data[STARTS_KEY] = [s.start for s in doc.sents]
    k = bisect_right(starts, token.i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[starts[k]:end]


def drop_caches(doc: Doc) -> None:
    """Forget the cached copies: they need not travel with the Doc."""
    for key in CACHE_KEYS:
        doc.user_data.pop(key, None)
