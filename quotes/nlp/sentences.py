"""Sentence boundaries that respect quotations, set before the parser so it honours them.

A sentence never ends inside a quotation, a closing mark stays with the sentence it
closes, and a paragraph break always ends a sentence. Everything else is left to the
parser (``is_sent_start`` stays ``None``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quotes.nlp.marks import paragraphs
from quotes.vocab import SPEECH_FORMS

# How far after a closing mark to look for the cue of '"...?" Clinton said.'
CUE_LOOKAHEAD = 6


@Language.factory("quotes_sentences_v1")
def make_quote_sentences(nlp: Language, name: str) -> QuoteSentences:
    return QuoteSentences()


class QuoteSentences:
    """Pin sentence starts at paragraphs and forbid them inside quotations."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = {doc.char_span(p.start, p.end, alignment_mode="expand").start
                  for p in paragraphs(doc.text)}
        for quotation in doc._.quotations_found or ():
            for part in quotation.parts:
                end = part.close + 1 if part.close is not None else part.end
                span = doc.char_span(part.open, end, alignment_mode="expand")
                for token in span[1:]:
                    token.is_sent_start = False
                # a quotation closed by a full stop ends its sentence: '..." She says it'
                # starts the next one; '...," she said' and '...?" he asked' do not
                if part.close is not None and span.end < len(doc) and (
                        doc.text[part.close - 1] != "."):
                    _keep_cue_with_quote(doc, span.end)
        for token in doc:
            if token.i in starts:
                token.is_sent_start = True
            elif token.is_space and "\n" in token.text:
                token.is_sent_start = False  # the break belongs to the sentence it ends
        doc[0].is_sent_start = True
        return doc


def _keep_cue_with_quote(doc: Doc, i: int) -> None:
    """No sentence break after a closing mark when the attribution follows it
    ('"...," he said.' / '"...?" Clinton asked.')."""
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    if i >= len(doc) or "\n" in doc[i].text:
        return
    following = doc[i]
    if following.is_lower or following.is_punct and following.text in ",;—–-":
        following.is_sent_start = False
        return
    for token in doc[i:i + CUE_LOOKAHEAD]:
        if token.text in ".!?" or "\n" in token.text:
            return
        if token.lower_ in SPEECH_FORMS:
            following.is_sent_start = False
            return
