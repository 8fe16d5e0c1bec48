"""Sentence boundaries that respect quotations, set before the parser so it honours them.

A sentence never ends inside a quotation, a closing mark stays with the sentence it
closes, the attribution after a closing mark stays with its quotation ('"...?" Clinton
asked', and, by the tagger's tags when it ran, '"...?" Hannity pressed'), and a paragraph
break always ends a sentence. Everything else is left to the
parser (``is_sent_start`` stays ``None``).
"""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from quotes.nlp.doctext import covering_span, text_of
from quotes.nlp.extensions import doc_attrs
from quotes.text import paragraphs
from quotes.vocab import SPEECH_FORMS

NEWLINE = re.compile(r"\n+")
START, NOT_START = 1, -1  # SENT_START values (0: left to the parser)
# How far after a closing mark to look for the cue of '"...?" Clinton said.'
CUE_LOOKAHEAD = 6
# Tags (from the tagger, which runs before this component) of the words of a speaker's
# name or description before its verb: '"...?" Hannity pressed', '"..." a staffer wondered'
SUBJECT_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "DT", "PRP", "PRP$", "JJ", "POS",
                          "CD", "HYPH", "NFP"})


@Language.factory("quotes_sentences_v1", requires=doc_attrs("quotations_found"),
                  assigns=["token.is_sent_start"])
def make_quote_sentences(nlp: Language, name: str) -> QuoteSentences:
    return QuoteSentences()


class QuoteSentences:
    """Pin sentence starts at paragraphs and forbid them inside quotations."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        text = text_of(doc)
        # set in one array: each Token.is_sent_start assignment rescans the whole Doc
        values = doc.to_array([SENT_START]).astype("int64")
        starts = {covering_span(doc, p.start, p.end).start for p in paragraphs(text)}
        for quotation in doc._.quotations_found or ():
            for part in quotation.parts:
                end = part.close + 1 if part.close is not None else part.end
                span = covering_span(doc, part.open, end)
                values[span.start + 1:span.end] = NOT_START
                # a quotation closed by a full stop ends its sentence: '..." She says it'
                # starts the next one; '...," she said' and '...?" he asked' do not
                if part.close is not None and span.end < len(doc) and (
                        text[part.close - 1] != ".") and (
                        cue_side := _cue_after_quote(doc, span.end)) is not None:
                    values[cue_side] = NOT_START
        for match in NEWLINE.finditer(text):  # found in the text: no loop over every token
            newline = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
            if newline is not None and newline[0].is_space:
                values[newline[0].i] = NOT_START  # the break belongs to the sentence it ends
        for i in starts:
            values[i] = START
        values[0] = START
        # -1 as spaCy stores it; the stub wants a 2-d array, one attribute takes a 1-d one
        doc.from_array([SENT_START], values.astype("uint64"))  # type: ignore[arg-type]
        return doc


def _cue_after_quote(doc: Doc, i: int) -> int | None:
    """The token after a closing mark that must not start a sentence because the
    attribution follows it ('"...," he said.' / '"...?" Clinton asked.')."""
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    if i >= len(doc) or "\n" in doc[i].text:
        return None
    following = doc[i]
    if following.is_lower or following.is_punct and following.text in ",;—–-":
        return i
    for token in doc[i:i + CUE_LOOKAHEAD]:
        if token.text in ".!?" or "\n" in token.text:
            return None
        if token.lower_ in SPEECH_FORMS:
            return i
        # a verb outside the lexicon right after its subject: the slot makes it a cue
        if token.tag_ in ("VBD", "VBZ") and token.i > i and all(
                t.tag_ in SUBJECT_TAGS for t in doc[i:token.i]):
            return i
    return None
