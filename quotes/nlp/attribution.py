"""Attribute quotations: find each one's cue and speaker mention, and its kind.

Runs after the parser and the entity recogniser. For every quotation found by
``quotes_quote_marks_v1`` it looks for a cue in every position (before, after or
interrupting the quotation, a previous sentence ending in a colon, a participle such
as "adding:"), takes the cue's subject as the speaker mention, decides the kind
(direct, partial or other) and joins the pieces of one statement. Then it finds
indirect speech ("X said that ...", "according to X, ...") in the rest of the text.

The results are ``Attribution`` objects on ``doc._.attributions``; mentions stay as
written ("he", "Mr Starmer"): ``quotes_people_v1`` resolves them to people.

This module is the component and the attaching of cues to quotations; the jobs it calls
on have their own: :mod:`quotes.nlp.cues` (cues and speakers), :mod:`quotes.nlp.kinds`
(what quoted words are) and :mod:`quotes.nlp.indirect` (indirect speech).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from quotes.nlp.cues import (
    Attribution,
    animacy_of,
    best_cue,
    is_cue,
    mention_span,
    outer_mention,
    person_surnames,
    speaker_of,
)
from quotes.nlp.doctext import covering_span, text_of
from quotes.nlp.extensions import doc_attrs
from quotes.nlp.indirect import indirect_speech
from quotes.nlp.kinds import (
    floating,
    in_speech_slot,
    is_name_or_title,
    is_statement,
    kind_of,
)
from quotes.nlp.marks import Quotation
from quotes.nlp.reported import default_threshold
from quotes.vocab import (
    EVALUATIVE_VERBS,
    SPEECH_NOUNS,
)

# Which indirect speech to keep: "clauses" is reported speech as UK news annotates it (a
# reported clause, "according to X", with a speaker that can speak); "all" adds the
# positions PolNeAR also counts ("urged MPs to back", "criticised the plan").
INDIRECT_SCOPES = ("clauses", "all")
LABEL_WORDS = 12  # at most, in a speaker's label before a colon ("Rep. Trey Gowdy (R-S.C.):")
CLAUSE_FEATURES = frozenset({"content=clause", "fragments", "route=according", "route=around"})
NO_SPEAKER_FEATURES = frozenset({"speaker=none", "speaker=first_person", "speaker=animacy0"})
# "It is understood that ...": the dummy subject of a passive; nobody is quoted, though an
# unnamed source backs the claim
IMPERSONAL_FEATURES = frozenset({"speaker=it", "passive"})


@Language.factory(
    "quotes_attribution_v1",
    default_config={"indirect": "clauses", "min_indirect_confidence": None},
    requires=["token.dep", "token.lemma", "token.is_sent_start", "doc.ents",
              *doc_attrs("quotations_found", "skipped")],
    assigns=doc_attrs("attributions"),
)
def make_attribution(nlp: Language, name: str, indirect: str,
                     min_indirect_confidence: float | None) -> Attributor:
    if indirect not in INDIRECT_SCOPES:
        raise ValueError(f"indirect must be one of {INDIRECT_SCOPES}, not {indirect!r}")
    threshold = default_threshold() if min_indirect_confidence is None else (
        min_indirect_confidence)
    return Attributor(indirect, threshold)


class Attributor:
    """Find cue and speaker mention for each quotation, then indirect speech."""

    def __init__(self, indirect: str = "clauses", min_indirect_confidence: float = 0.0):
        self.indirect = indirect
        self.min_indirect_confidence = min_indirect_confidence

    def __call__(self, doc: Doc) -> Doc:
        quotations = doc._.quotations_found or []
        in_quote = quoted_tokens(doc, quotations)
        found = _attribute_quotations(doc, quotations, in_quote)
        for candidate in indirect_speech(doc, in_quote, found):
            candidate.reported = self.keeps(candidate)
            if candidate.reported or _asserts(candidate.cue) or _impersonal(candidate):
                found.append(candidate)
        found.sort(key=lambda a: a.start)
        doc._.attributions = found
        return doc

    def keeps(self, attribution: Attribution) -> bool:
        """Whether a candidate of indirect speech is trusted enough to report."""
        if attribution.confidence < self.min_indirect_confidence:
            return False
        features = set(attribution.features)
        return self.indirect == "all" or bool(
            features & CLAUSE_FEATURES and not features & NO_SPEAKER_FEATURES) and (
            not _impersonal(attribution))


def _impersonal(attribution: Attribution) -> bool:
    return set(attribution.features) >= IMPERSONAL_FEATURES


# --- quotations ------------------------------------------------------------------------


def quoted_tokens(doc: Doc, quotations: list[Quotation]) -> set[int]:
    inside: set[int] = set()
    for quotation in quotations:
        for part in quotation.parts:
            span = _marked_span(doc, part.open, part.close, part.end)
            inside.update(range(span.start, span.end))
    return inside


def _marked_span(doc: Doc, open_: int, close: int | None, end: int) -> Span:
    stop = close + 1 if close is not None else end
    return covering_span(doc, open_, stop)


def _attribute_quotations(
    doc: Doc, quotations: list[Quotation], in_quote: set[int]
) -> list[Attribution]:
    results: list[Attribution] = []
    previous: Attribution | None = None
    previous_span: Span | None = None
    for quotation in quotations:
        first = quotation.parts[0]
        span = _marked_span(doc, first.open, first.close, first.end)
        sentence = doc[span.start].sent
        parts = [(p.start, p.end) for p in quotation.parts]
        marks = [(p.open, p.close + 1 if p.close is not None else p.end) for p in quotation.parts]
        fragment = not is_statement(doc, span, sentence)
        # the verb in the slot of speech beside the quotation reports it, whatever else
        # the sentence holds ('"...," she said, but "...," said Kunin')
        cue = _slot_cue(span, sentence, in_quote)
        method = "cue" if cue is None or is_cue(cue) else "slot"
        if cue is None:
            cue = best_cue(list(sentence), span, in_quote, fragment)
        if cue is None and (cue := _colon_cue(doc, span, in_quote)) is not None:
            method = "colon"
        if cue is None and not fragment and (
                cue := _previous_sentence_cue(doc, span, in_quote)) is not None:
            method = "previous"
        owned = _speech_noun(span, in_quote) if fragment else None
        if owned is not None and (cue is None or not _reports(cue, owned[0])):
            cue, method = owned[0], "noun"  # an outer reporter keeps the fragment
        if cue is not None:
            mention = owned[1] if method == "noun" and owned is not None else outer_mention(
                cue, speaker_of(cue, in_quote), in_quote)
            kind = kind_of(doc, span, statement=not fragment, cue=cue)
            same_cue = previous is not None and previous.cue is not None and (
                previous.cue.start == cue.i) and previous_span is not None and not any(
                is_cue(t) for t in doc[previous_span.end:span.start] if t.i != cue.i)
            if same_cue and previous is not None and kind == previous.kind:
                # one cue, one statement: '"...," she said, "..."', or the fragments of
                # 'called it "a" and "b"'; ``parts`` keeps each piece's offsets
                previous.absorb(parts, marks)
                continue
            confidence = 0.9 if mention is not None else 0.5
            attribution = Attribution(parts, kind, doc[cue.i:cue.i + 1], mention, method,
                                      confidence, marks)
        elif (mention := _speaker_label(doc, span, in_quote)) is not None:
            attribution = Attribution(parts, "direct", None, mention, "label", 0.8, marks)
        elif previous is not None and _continues(doc, previous_span, span):
            previous.absorb(parts, marks)  # "...," she said. "...": the same statement
            previous_span = span
            continue
        elif (mention := _dash_attribution(doc, quotation, in_quote)) is not None:
            attribution = Attribution(parts, "direct", None, mention, "dash", 0.8, marks)
        elif previous is not None and floating(doc, span) and _near(doc, previous, span) and (
                not is_name_or_title(doc, span)):
            attribution = Attribution(parts, "direct", previous.cue, previous.mention,
                                      "floating", 0.7 if previous.mention else 0.3, marks)
        else:
            statement = is_statement(doc, span, sentence) and not is_name_or_title(doc, span)
            kind = "direct" if statement else "other"
            attribution = Attribution(parts, kind, None, None, "none", 0.3, marks)
        if attribution.kind == "other":
            attribution.cue = attribution.mention = None
            attribution.method = "none"
        results.append(attribution)
        if attribution.kind != "other":
            # a quotation over several paragraphs goes on from its last one
            last = quotation.parts[-1]
            previous, previous_span = attribution, _marked_span(doc, last.open, last.close,
                                                                 last.end)
    return results


def _reports(cue: Token, token: Token) -> bool:
    """Whether ``token`` sits in what ``cue`` reports: below it, with no coordination
    between ("said Cameron's claim was ..." but not "calling for X and undermines Y")."""
    node = token
    while node.i != cue.i:
        if node.dep_ == "conj" or node.head.i == node.i:
            return False
        node = node.head
    return True


def _speech_noun(quote: Span, in_quote: set[int]) -> tuple[Token, Span] | None:
    """A speech act owned by a person that holds the fragment: "the justice secretary's
    attack on Labour's 'appalling' record" (the noun, and its owner)."""
    node = quote.root
    for _ in range(5):
        if node.head.i == node.i:
            return None
        node = node.head
        # a gerund after a preposition stays in the noun phrase ("claim of presiding over")
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "pcomp" or node.i in in_quote:
            return None
        if node.pos_ == "NOUN" and node.lemma_.lower() in SPEECH_NOUNS:
            owners = [c for c in node.children if c.dep_ == "poss" and c.i not in in_quote]
            if owners and animacy_of(owner := mention_span(owners[0])) == 2 and (
                    owners[0].lower_ not in ("his", "her", "its", "their", "my", "our")):
                return node, owner
            return None
    return None


def _asserts(cue: Span | None) -> bool:
    """A speech cue that asserts what it governs ("accused X of", "said"), not one that
    judges it ("condemned X for"): such speech backs claims though it is not reported."""
    return cue is not None and is_cue(cue.root) and (
        cue.root.lemma_.lower() not in EVALUATIVE_VERBS)


def _colon_cue(doc: Doc, span: Span, in_quote: set[int]) -> Token | None:
    """A cue in the sentence just before the quotation, when that sentence ends in a
    colon: "He said:" or "The minister was blunt. She told MPs:"."""
    i = span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text != ":":
        return None
    sentence = doc[i].sent
    cues = [t for t in sentence if t.i not in in_quote and is_cue(t)]
    if cues:
        return cues[-1]
    # "Sanders made the following comment:", "Mr Farage hit back:", "where he raged:":
    # the colon introduces the quotation; whoever the clause before it is about says it
    # (the parse may root the sentence inside the quotation, so look before the colon)
    verbs = [t for t in doc[sentence.start:i] if t.pos_ in ("VERB", "AUX")
             and t.i not in in_quote and t.dep_ in ("ROOT", "relcl", "advcl", "conj", "ccomp")]
    # the top of the clause before the colon first: a verb headed from outside it
    verbs.sort(key=lambda t: (t.head.i == t.i or t.head.i >= i, t.i))
    for verb in reversed(verbs):
        mention = speaker_of(verb, in_quote)
        if mention is not None and animacy_of(mention) == 2:
            return verb
    return None


def _slot_cue(span: Span, sentence: Span, in_quote: set[int]) -> Token | None:
    """The verb that stands where a speech verb stands beside the quotation, with a person
    as its subject: '"...," she said', and also verbs outside the lexicon ('"The way I see
    it," she elaborated', 'he chuckled, "No."'): the slot, not the word, makes the cue."""
    for token in sentence:
        if (token.pos_ == "VERB" or is_cue(token)) and token.i not in in_quote and (
                in_speech_slot(span.doc, span, token)) and (
                mention := speaker_of(token, in_quote)) is not None and (
                animacy_of(mention) == 2 or token.i > span.end and (
                    mention.root.pos_ in ("NOUN", "PROPN"))):
            # after the quotation whoever stands there speaks: a person the tagger took
            # for a common noun ('"...?" Hannity pressed'), "a staffer", "the email"; before
            # it the slot also holds clauses ('said the situation could not continue: "')
            return token
    return None


def _previous_sentence_cue(doc: Doc, span: Span, in_quote: set[int]) -> Token | None:
    """A quotation opening a sentence right after an attribution in the same paragraph
    ('... while Kerry negotiates, Schiff said. "The other factor is ..."'): the cue of
    that sentence, when it has a speaker and reports no quotation of its own."""
    sentence = span.sent
    if span.start > sentence.start and not all(
            t.is_punct or t.is_space for t in doc[sentence.start:span.start]):
        return None
    if sentence.start == 0 or "\n" in doc[sentence.start - 1].text:
        return None
    previous = doc[sentence.start - 1].sent
    if any(t.i in in_quote for t in previous) or any("\n" in t.text for t in previous[:-1]):
        return None
    cues = [t for t in previous if is_cue(t) and speaker_of(t, in_quote) is not None
            and not any(c.dep_ == "neg" for c in t.children)]  # "He didn't suggest ..."
    return cues[-1] if cues else None


def _continues(doc: Doc, previous: Span | None, span: Span) -> bool:
    """Whether ``span`` carries on the previous quotation's statement: the same
    paragraph, and it opens its own sentence ("...," she said. "It is time.")."""
    if previous is None or previous.end > span.start:
        return False
    if any(t.is_space and "\n" in t.text for t in doc[previous.end:span.start]):
        return False
    before = doc[span.sent.start:span.start]
    return all(t.is_punct or t.is_space for t in before)


def _near(doc: Doc, previous: Attribution, span: Span) -> bool:
    """Whether the previous attribution ends in this paragraph or the one before."""
    between = text_of(doc)[previous.end:span.start_char]
    return between.count("\n") <= 2 and len(between.strip()) < 300


def _speaker_label(doc: Doc, span: Span, in_quote: set[int]) -> Span | None:
    """A name, and nothing that could report, before a colon that opens the quotation, as
    in transcripts and exchanges: 'Clinton: "Our goal is ..." Bush: "The mission ..."'."""
    i = span.start - 1
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1
    if i < 1 or doc[i].text != ":":
        return None
    colon, start = i, i
    # back to the start of the line, of the sentence or the end of the last quotation
    while start > 0 and not (doc[start - 1].is_sent_end or "\n" in doc[start - 1].text
                             or doc[start - 1].i in in_quote or doc[start - 1].text in ".?!…"):
        start -= 1
    label = [t for t in doc[start:colon] if not t.is_space]
    if not label or len(label) > LABEL_WORDS or any(
            t.pos_ in ("VERB", "AUX") or t.i in in_quote for t in label):
        return None
    # a person, or a name that is no place or body: the surname of someone the text
    # names ("Keir Starmer ... Starmer:", which the tagger may take for a common noun)
    people = [t for t in label if t.ent_type_ == "PERSON" or t.lower_ in person_surnames(doc)]
    names = people or [t for t in label if t.pos_ == "PROPN" and not t.ent_type_]
    if not names or not label[0].is_title:
        return None
    return mention_span(names[-1]) if names[-1].ent_type_ else doc[names[-1].i:names[-1].i + 1]


def _dash_attribution(doc: Doc, quotation: Quotation, in_quote: set[int]) -> Span | None:
    """A quotation signed after a dash at the end of its paragraph, or on the line that
    follows it: '"..." ― Jo Bloggs.', '"..." (new paragraph) - Bernie Sanders.'"""
    end = quotation.close
    text = text_of(doc)
    rest = text[end:end + 120].split("\n", 1)[0]
    if not rest.strip(" \u00a0."):  # the paragraph ends with the quotation: the next line
        window = text[end:end + 240]  # bounded: no copy of the rest of a long text
        following = window.lstrip(" \u00a0.\n")
        end += len(window) - len(following)
        rest = following.split("\n", 1)[0]
    stripped = rest.lstrip(" \u00a0")
    if not stripped or stripped[0] not in "―—–-":
        return None
    start = doc.char_span(end, end + len(rest), alignment_mode="expand")
    if start is None:
        return None
    words = [t for t in start if not t.is_punct and not t.is_space]
    if not words or len(words) > 10 or not words[0].text[:1].isupper():
        return None
    for token in words:
        if token.ent_type_ == "PERSON":
            return mention_span(token)
    return doc[words[0].i:words[-1].i + 1]
