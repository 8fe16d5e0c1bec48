"""The selective components do spaCy's work with less, and the extraction is the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from quotes.extract import extract
from quotes.nlp import load_pipeline
from quotes.nlp.entity_decoder import EntityDecoder
from quotes.nlp.pieces import pieces
from quotes.nlp.pipeline import DEFAULT_MODEL, selective_mode
from quotes.reader import Document

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]


@pytest.fixture(scope="module")
def spacy_nlp():
    return spacy.load(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def exact():
    return load_pipeline(selective=False)


OURS = {"quotes_tok2vec_pieces_v1", "quotes_token_attributes_v1", "quotes_selective_ner_v1"}
SPACYS = {"tok2vec", "attribute_ruler", "lemmatizer", "ner"}


def test_the_selective_components_stand_in_for_spacys(nlp, exact):
    assert set(nlp.pipe_names) >= OURS
    assert set(nlp.disabled) >= SPACYS
    assert set(exact.pipe_names) >= SPACYS
    assert not OURS & set(exact.pipe_names)


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


@pytest.mark.parametrize("text", ["", "Yes.", "“Yes,” she said.", "oh no", "it is so"])
def test_short_docs_are_recognised_whole_or_not_at_all(nlp, text):
    selective = nlp.get_pipe("quotes_selective_ner_v1")
    doc = nlp.make_doc(text)
    kept = selective.kept(doc).tolist()
    assert kept in ([], list(range(len(doc))))
    assert bool(kept) == bool(selective.seeds(doc).any())
    assert nlp(text).text == text


def test_entities_are_the_full_recognisers_on_the_fixtures(nlp, exact):
    """Every entity that holds a capital, digit or number word is found as the whole
    recogniser finds it; the one difference on the fixtures is a plain word in a margin
    ("café" as NORP), which no component reads: the extraction is the same (below)."""
    selective = nlp.get_pipe("quotes_selective_ner_v1")
    skipped, differ = 0, []
    for full, mine in zip(exact.pipe(TEXTS), nlp.pipe(TEXTS), strict=True):
        skipped += len(full) - len(selective.kept(full))
        ours = {(e.start, e.end, e.label_) for e in mine.ents}
        theirs = {(e.start, e.end, e.label_) for e in full.ents}
        differ += [full[start:end] for start, end, _ in ours ^ theirs]
    assert skipped > 500  # it did leave words out (911 of the fixtures' words)
    assert [span.text for span in differ] == ["café"]
    assert not any(selective.seeds(span.doc)[span.start:span.end].any() for span in differ)


def test_extraction_is_the_same_with_and_without_the_selective_components(nlp, exact):
    documents = [Document(str(i), text) for i, text in enumerate(TEXTS)]
    fast = list(extract(documents, nlp))
    slow = list(extract(documents, exact))
    assert [r.quotes for r in fast] == [r.quotes for r in slow]
    assert [r.people for r in fast] == [r.people for r in slow]
    assert [r.claims for r in fast] == [r.claims for r in slow]
    assert sum(len(r.quotes) for r in fast) > 20


EDGE_TEXTS = [
    "",
    "London",  # an entity that is the whole Doc
    "  \n\n  ",  # whitespace only
    "He met Keir Starmer",  # an entity that ends the Doc
    "Sir Keir Starmer.\n\nRishi Sunak said on Tuesday that £4.5bn was 12% of it.",
    "The BBC reported it .\n \nThe New York Times and the Department for Work and Pensions"
    " said on 3 March 2024 that Greater Manchester's mayor, Andy Burnham, was wrong.",
]


@pytest.mark.parametrize("text", [*EDGE_TEXTS, *TEXTS])
def test_the_entity_decoder_finds_what_spacys_loop_finds(spacy_nlp, text):
    """The decoder runs the recogniser's model without spaCy's state loop: the same
    entities on whole Docs, whatever their sentences, spaces and ends."""
    ner = spacy_nlp.get_pipe("ner")
    doc = spacy_nlp(text, disable=["ner"])
    found = EntityDecoder(ner)([doc])
    assert found is not None
    theirs = [(e.start, e.end, e.label_) for e in ner(doc.copy()).ents]
    assert sorted(found[0]) == theirs
    assert theirs or len(doc) < 6


def test_the_entity_decoder_decodes_a_batch_as_each_doc_alone(spacy_nlp):
    ner = spacy_nlp.get_pipe("ner")
    docs = list(spacy_nlp.pipe([*EDGE_TEXTS, *TEXTS], disable=["ner"]))
    decoder = EntityDecoder(ner)
    together = decoder(docs)
    assert together == [decoder([doc])[0] for doc in docs]  # type: ignore[index]
    assert sum(map(len, together or [])) > 100


def test_the_entity_decoder_leaves_preset_entities_to_spacy(spacy_nlp):
    """A Doc with entities already set needs spaCy's rules for presets: no answer."""
    doc = spacy_nlp("Keir Starmer spoke in London.", disable=["ner"])
    doc.set_ents([doc.char_span(0, 12, label="PERSON")])
    assert EntityDecoder(spacy_nlp.get_pipe("ner"))([doc]) is None


def test_the_entity_decoder_ends_entities_at_sentence_starts(spacy_nlp):
    """An entity never crosses a sentence start, even inside a name the recogniser
    finds whole when no sentence starts there."""
    ner = spacy_nlp.get_pipe("ner")
    words = "Yesterday Keir Starmer met Rishi Sunak in New York City".split()
    found = {}
    for breaks in ((), ("Starmer", "Sunak", "York")):
        starts = [i == 0 or word in breaks for i, word in enumerate(words)]
        doc = Doc(spacy_nlp.vocab, words=words, sent_starts=starts)
        for name in ("tok2vec", "tagger"):
            doc = spacy_nlp.get_pipe(name)(doc)
        decoded = EntityDecoder(ner)([doc])
        assert decoded is not None
        assert sorted(decoded[0]) == [(e.start, e.end, e.label_) for e in ner(doc.copy()).ents]
        found[breaks] = {(start, end) for start, end, _ in decoded[0]}
        inside = {i for start, end in found[breaks] for i in range(start + 1, end)}
        assert not inside & {i for i, start in enumerate(starts) if start}
    assert {(1, 3), (4, 6)} <= found[()]  # whole names without the breaks


@pytest.mark.parametrize("lengths, words, expected", [
    ([], 10, []),
    ([3, 3, 3, 3], 10, [[3, 3, 3], [3]]),
    ([12, 1, 9, 0, 1], 10, [[12], [1, 9, 0], [1]]),
    ([5, 5, 5], 5, [[5], [5], [5]]),
])
def test_pieces_hold_at_most_so_many_words_in_order(spacy_nlp, lengths, words, expected):
    docs = [Doc(spacy_nlp.vocab, words=["x"] * n) for n in lengths]
    got = list(pieces(docs, words))
    assert [[len(doc) for doc in piece] for piece in got] == expected
    assert [doc for piece in got for doc in piece] == docs


def test_tok2vec_in_pieces_gives_spacys_vectors(spacy_nlp):
    """Every word's vector is the whole batch's, bit for bit, with pieces far smaller
    than the batch; the tagger and parser read them as they read spaCy's."""
    ours = spacy.load(DEFAULT_MODEL)
    ours.add_pipe("quotes_tok2vec_pieces_v1", after="tok2vec", config={"words": 300})
    ours.disable_pipe("tok2vec")
    texts = [*EDGE_TEXTS, *TEXTS]
    assert sum(len(doc) for doc in ours.tokenizer.pipe(texts)) > 10 * 300
    columns = [TAG, DEP, HEAD]
    for theirs, mine in zip(spacy_nlp.pipe(texts, batch_size=64),
                            ours.pipe(texts, batch_size=64), strict=True):
        assert theirs.tensor.shape == mine.tensor.shape
        assert (theirs.tensor == mine.tensor).all()
        assert (theirs.to_array(columns) == mine.to_array(columns)).all()


def test_the_vectors_are_dropped_after_the_parser_has_read_them(nlp, exact):
    """A worker ships Docs back as bytes: ours leave without the tok2vec's vectors,
    parsed and tagged as the exact pipeline's."""
    text = TEXTS[0]
    mine, theirs = nlp(text), exact(text)
    assert mine.tensor.size == 0 and theirs.tensor.size > 0
    assert len(mine.to_bytes()) < len(theirs.to_bytes()) / 2
    assert (mine.to_array([TAG, DEP, HEAD]) == theirs.to_array([TAG, DEP, HEAD])).all()
