"""spaCy components of the quotes pipeline and the function that assembles them."""

from quotes.nlp.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]
