"""Syntactic features of sentences that come without a parse (training, ``score()`` of
plain texts): each text is parsed by the project's default spaCy pipeline, as the news
pipeline parses its articles, and read by :func:`features.syntax_features`.

In the news pipeline the features come from the article's own Doc
(:func:`span_syntax`), so no sentence is parsed twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from quotes.claims import features as F

BATCH_SIZE = 256
BEGIN = 3  # Token.ent_iob of the first token of an entity


def spacy_model() -> str:
    """The spaCy pipeline texts are parsed with: the one :mod:`quotes.nlp.pipeline` loads
    by default (``DEFAULT_MODEL``), whose parses the detector was trained on."""
    # imported here: quotes.nlp.pipeline imports quotes.nlp.claims, which imports this module
    from quotes.nlp.pipeline import DEFAULT_MODEL

    return DEFAULT_MODEL


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy  # only when a text has to be parsed

    from quotes.nlp.pipeline import UNUSED

    return spacy.load(spacy_model(), exclude=list(UNUSED))


def parse_text(text: str) -> str:
    """The text a sentence is parsed as: ``features.normalize_text``'s trimming, case kept."""
    return text.strip().strip('"').strip()


def text_syntax(texts: Iterable[str]) -> list[dict[str, float]]:
    """:func:`features.syntax_features` of each of ``texts``, parsed one by one."""
    return [F.syntax_features(doc, [e.label_ for e in doc.ents])
            for doc in _nlp().pipe((parse_text(t) for t in texts), batch_size=BATCH_SIZE)]


def span_syntax(tokens: Iterable[Any], masked: Sequence[tuple[int, int]] = ()
                ) -> dict[str, float]:
    """:func:`features.syntax_features` of a stretch of an already parsed Doc.

    ``tokens``: the Span (or its tokens); ``masked``: character ranges of the Doc whose
    words the detector does not see (incidental numbers masked in the text): their
    tokens and the entities that begin in them are left out. An entity is counted in
    the stretch where it begins.
    """
    def hidden(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in masked)

    kept = [t for t in tokens if not hidden(t.idx, t.idx + len(t))] if masked else list(tokens)
    # an entity is counted where it begins (a Doc's own entities, for a whole sentence)
    labels = [t.ent_type_ for t in kept if t.ent_iob == BEGIN]
    return F.syntax_features(kept, labels)
