"""The selective components do spaCy's work with less, and the extraction is the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, LEMMA, MORPH, POS, TAG

from quotes.extract import extract
from quotes.nlp import load_pipeline
from quotes.nlp.pipeline import DEFAULT_MODEL, selective_mode
from quotes.reader import Document

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]


@pytest.fixture(scope="module")
def spacy_nlp():
    return spacy.load(DEFAULT_MODEL)


def test_the_selective_components_stand_in_for_spacys(nlp):
    assert {"quotes_token_attributes_v1", "quotes_selective_ner_v1"} <= set(nlp.pipe_names)
    assert {"attribute_ruler", "lemmatizer", "ner"} <= set(nlp.disabled)
    exact = load_pipeline(selective=False)
    assert {"attribute_ruler", "lemmatizer", "ner"} <= set(exact.pipe_names)
    assert not {"quotes_token_attributes_v1", "quotes_selective_ner_v1"} & set(exact.pipe_names)


def test_the_switch_reads_the_environment(monkeypatch):
    monkeypatch.setenv("QUOTES_SELECTIVE", "0")
    assert selective_mode() is False
    assert selective_mode(True) is True
    monkeypatch.setenv("QUOTES_SELECTIVE", "1")
    assert selective_mode() is True


def test_token_attributes_equal_the_attribute_ruler_and_lemmatizer(spacy_nlp):
    ours = spacy.load(DEFAULT_MODEL)
    ours.add_pipe("quotes_token_attributes_v1", after="lemmatizer")
    ours.disable_pipe("attribute_ruler")
    ours.disable_pipe("lemmatizer")
    columns = [POS, MORPH, LEMMA, TAG, DEP]
    texts = [*TEXTS, "Y'all ain't gonna get it.  There's nothin' to it, but I told you so."]
    for theirs, mine in zip(spacy_nlp.pipe(texts), ours.pipe(texts), strict=True):
        assert (theirs.to_array(columns) == mine.to_array(columns)).all()


def test_the_recogniser_skips_long_runs_of_plain_words_only(nlp):
    selective = nlp.get_pipe("quotes_selective_ner_v1")
    plain = " ".join(["the government would have to look at it again"] * 4)
    doc = nlp.make_doc(f"{plain} and Keir Starmer said so {plain}")
    kept = [doc[i].text for i in selective.kept(doc)]
    starmer = [t.i for t in doc if t.text == "Keir"][0]
    assert len(kept) < len(doc) / 3
    assert kept == [t.text for t in doc[starmer - selective.margin:starmer + 2 + selective.margin]]
    # words of time and numbers can be entities too
    doc = nlp.make_doc(f"{plain} last week {plain} three of them {plain}")
    kept = {doc[i].text for i in selective.kept(doc)}
    assert {"last", "week", "three"} <= kept


def test_entities_equal_the_full_recogniser_on_the_fixtures(nlp, spacy_nlp):
    selective = nlp.get_pipe("quotes_selective_ner_v1")
    ner = spacy_nlp.get_pipe("ner")
    skipped = 0
    for text in TEXTS:
        full = ner(spacy_nlp.make_doc(text))
        mine = next(selective.pipe([spacy_nlp.make_doc(text)]))
        skipped += len(full) - len(selective.kept(full))
        assert (full.to_array([ENT_IOB, ENT_TYPE]) == mine.to_array([ENT_IOB, ENT_TYPE])).all()
    assert skipped > 0  # it did leave something out


def test_extraction_is_the_same_with_and_without_the_selective_components(nlp):
    exact = load_pipeline(selective=False)
    documents = [Document(str(i), text) for i, text in enumerate(TEXTS)]
    fast = list(extract(documents, nlp))
    slow = list(extract(documents, exact))
    assert [r.quotes for r in fast] == [r.quotes for r in slow]
    assert [r.people for r in fast] == [r.people for r in slow]
    assert [r.claims for r in fast] == [r.claims for r in slow]
    assert sum(len(r.quotes) for r in fast) > 20
