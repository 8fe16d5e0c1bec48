"""The pipeline's contract: what each component declares, and what leaves the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from quotes.extract import extract
from quotes.nlp.extensions import DOC_EXTENSIONS, QUOTES_SPANS, doc_attr
from quotes.reader import Document
from quotes.records import ClaimRecord, PersonRecord, QuotationRecord

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
OURS = ("quotes_quote_marks_v1", "quotes_sentences_v1", "quotes_attribution_v1",
        "quotes_people_v1", "quotes_claims_v1")


def test_every_extension_is_registered_by_one_module():
    assert all(Doc.has_extension(name) for name in DOC_EXTENSIONS)
    with pytest.raises(KeyError, match="DOC_EXTENSIONS"):
        doc_attr("not_an_extension")


def test_analyze_pipes_finds_every_requirement_assigned_before(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert {name: problems for name, problems in analysis["problems"].items() if problems} == {}
    summary = analysis["summary"]
    for name in OURS:
        assert summary[name]["assigns"], f"{name} declares nothing it assigns"
    # the flow the components hand on, as declared
    assert "doc._.attributions" in summary["quotes_attribution_v1"]["assigns"]
    assert "doc._.attributions" in summary["quotes_people_v1"]["requires"]
    assert "doc._.quotations" in summary["quotes_claims_v1"]["requires"]


def test_a_component_missing_its_input_is_reported(nlp):
    """analyze_pipes is only worth reading if it can complain: without the quote marks
    component, the attribution's requirement is unmet."""
    import spacy

    pipeline = spacy.blank("en")
    pipeline.add_pipe("quotes_attribution_v1")
    problems = pipeline.analyze_pipes(pretty=False)["problems"]["quotes_attribution_v1"]
    assert "doc._.quotations_found" in problems


def test_quotations_live_in_doc_spans_labelled_by_kind(nlp):
    doc = nlp((ARTICLES / "10_sausage_war_truce.txt").read_text(encoding="utf-8"))
    records = doc._.quotations
    spans = doc.spans[QUOTES_SPANS]
    assert len(records) >= 3
    assert [(s.label_, s.start_char) for s in spans] == [
        (r["kind"], r["start"]) for r in records]


def _fields(kind: type) -> set[str]:
    return set(kind.__annotations__)


def test_records_have_exactly_their_declared_fields(nlp):
    text = (ARTICLES / "01_labour_wins_westminster.txt").read_text(encoding="utf-8")
    [result] = extract([Document("test", text)], nlp)
    assert result.quotes and result.people and result.claims
    assert all(set(q) == _fields(QuotationRecord) for q in result.quotes)
    assert all(set(p) == _fields(PersonRecord) for p in result.people)
    assert all(set(c) == _fields(ClaimRecord) for c in result.claims)


def test_claims_name_their_quotation_by_its_span_across_chunks(nlp, monkeypatch):
    """A claim's ``quote`` is the [start, end] of a quotation of the same document, also
    when the document is processed in several chunks (the second chunk's offsets move)."""
    import quotes.extract as extract_module

    text = (ARTICLES / "13_osborne_budget_2013.txt").read_text(encoding="utf-8")
    whole = text + "\n\n" + text
    monkeypatch.setattr(extract_module, "CHUNK_CHARS", len(text) + 1)
    assert len(extract_module.chunks(whole)) == 2
    [result] = extract([Document("test", whole)], nlp)
    keys = {(q["start"], q["end"]) for q in result.quotes}
    linked = [c for c in result.claims if c["quote"] is not None]
    second = [c for c in linked if c["start"] > len(text)]
    assert linked and second, "the fixture should have claims inside quotations in both halves"
    for claim in linked:
        start, end = claim["quote"]
        assert (start, end) in keys
        assert start < claim["end"] and claim["start"] < end  # in it, or the sentence of it
