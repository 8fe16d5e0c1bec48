"""Domain errors. Each carries a one-line message that says what to do next; only the
CLI turns them into output and an exit status."""

from __future__ import annotations


class QuotesError(Exception):
    """Base class: a problem the user can fix, with a one-line message."""


class ModelNotFound(QuotesError):
    """The spaCy pipeline named by --model or QUOTES_SPACY_MODEL is not installed."""


class InputError(QuotesError):
    """An input file cannot be read as text (missing, binary, too large, bad encoding)."""


class GoldFormatError(QuotesError):
    """A gold file for `quotes eval` is not in the expected JSONL shape."""
