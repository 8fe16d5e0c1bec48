"""Every Doc extension of the quotes pipeline, registered in one place.

The components hand their results on through these attributes; each factory declares
which of them it ``requires`` and ``assigns``, so ``nlp.analyze_pipes()`` shows the flow.
``published`` and ``author`` are the document's metadata, set on the Doc by its maker
(:func:`quotes.extract.extract`) before the pipeline runs, so no component assigns them:

    (the Doc's maker)              published, author
    quotes_quote_marks_v1          quotations_found, skipped
    quotes_sentences_v1            (sentence starts)
    quotes_known_people_v1         (entity labels: registry names -> PERSON)
    quotes_attribution_v1          attributions
    quotes_people_v1               people, quotations, claim_backers, doc.spans["quotes"]
    quotes_claims_v1               claims

What leaves the pipeline (``people``, ``quotations``, ``claims``) is plain data, the
records of :mod:`quotes.records`, so it survives spaCy's worker processes.
"""

from __future__ import annotations

from spacy.tokens import Doc

QUOTES_SPANS = "quotes"  # doc.spans key: one span a reported quotation, labelled by kind

DOC_EXTENSIONS: dict[str, str] = {
    "published": "the document's publication date as text, or None (set by extract)",
    "author": "the document's author, or None (set by extract)",
    "quotations_found": "marks.Quotation for every run of quoted words",
    "skipped": "(start, end) character ranges that are not the article's own text",
    "attributions": "cues.Attribution for every quotation and report",
    "people": "records.PersonRecord for every person the document names",
    "quotations": "records.QuotationRecord for every reported quotation",
    "claim_backers": "records.QuotationRecord of speech that backs claims, not reported",
    "claims": "records.ClaimRecord for every check-worthy sentence",
}


def doc_attr(name: str) -> str:
    """The name of an extension as ``assigns=``/``requires=`` spell it: ``doc._.people``."""
    if name not in DOC_EXTENSIONS:
        raise KeyError(f"no Doc extension {name!r}; add it to DOC_EXTENSIONS")
    return f"doc._.{name}"


def doc_attrs(*names: str) -> list[str]:
    return [doc_attr(name) for name in names]


def register() -> None:
    """Set every extension on ``Doc`` (once; later calls change nothing)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register()
