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


class UsageError(QuotesError):
    """An option or environment value that cannot mean anything (exit status 2)."""

    exit_code = 2


class DatabaseError(QuotesError):
    """The database cannot be opened or reached."""


class SearchSyntaxError(QuotesError):
    """A search query that the query language cannot parse."""


class NotFound(QuotesError):
    """A quotation, document or person that is not in the database."""


class AmbiguousName(QuotesError):
    """A name that fits several people; the message lists them."""


class ClusterError(QuotesError):
    """The Ray cluster for `ingest --ray` cannot be reached, started or used."""


class FetchError(InputError):
    """A web page or feed that cannot be fetched or read as an article."""
