"""The text of a Doc, joined once: spaCy joins every token on each ``doc.text``."""

from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "quotes.text"  # doc.user_data key of the cached text; dropped by the last component


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per document and kept in ``doc.user_data``."""
    cached = doc.user_data.get(TEXT_KEY)
    if cached is None:
        cached = doc.user_data[TEXT_KEY] = doc.text
    return cached
