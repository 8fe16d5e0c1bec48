"""Kinds of quoted words: a statement (direct), a fragment (partial), or a name, title or
scare quote (other), from where the marks sit and what the words look like."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Words before a quotation that make it a title, a name or a scare quote, not speech.
NAMING_WORDS = frozenset(
    """
    titled entitled called dubbed nicknamed named labelled labeled branded so-called
    book film movie report documentary programme program show series song album play
    novel memoir headline slogan campaign hashtag motto phrase term word words
    known
    """.split()
)
# Naming verbs that report speech when someone does them ("what he called a 'breach'"),
# unlike "dubbed" or "nicknamed", which coin a name.
SPOKEN_NAMING = frozenset({"call", "label", "brand", "term"})


def floating(doc: Doc, span: Span) -> bool:
    """A paragraph that is nothing but a quotation (closing punctuation aside)."""
    start, end = span.start, span.end
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    starts_paragraph = before is None or (before.is_space and "\n" in before.text)
    ends_paragraph = after is None or (after.is_space and "\n" in after.text) or (
        after.is_punct and (end + 1 >= len(doc) or "\n" in doc[end + 1].text)
    )
    return starts_paragraph and ends_paragraph


def kind_of(doc: Doc, span: Span, statement: bool, cue: Token | None = None) -> str:
    """direct, partial or other for a quotation that has a cue."""
    if cue is not None and in_speech_slot(doc, span, cue):
        return "direct"  # '"Absolutely not," he said': a whole utterance, however short
    if is_name_or_title(doc, span):
        return "other"
    return "direct" if statement else "partial"


# Marks that close an utterance before its cue ('"No," she said', '"No", she said').
UTTERANCE_ENDS = frozenset({",", "?", "!", "—", "–"})
# Marks between a cue and the utterance it introduces ('said, "No."', 'said: "No."').
INTRODUCERS = frozenset({",", ":", "—", "–"})


def in_speech_slot(doc: Doc, span: Span, cue: Token) -> bool:
    """Whether the quotation stands where speech stands beside its cue: closed by a comma,
    "?" or "!" and followed by the cue and its subject ('"Safety," said Grimm', '"No!" she
    replied'), or ending the sentence after the cue and a comma or colon ('Priebus said,
    "Probably."'). Titles and scare quotes sit inside a clause, not in this slot."""
    subject = {t.i for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")
               for t in c.subtree}
    if cue.i >= span.end:
        # an utterance opens its sentence or follows a comma or colon; a title sits in a
        # phrase ('on "Morning Joe," Brzezinski said')
        opening = [t for t in doc[span.sent.start:span.start] if not t.is_space]
        if opening and opening[-1].text not in INTRODUCERS:
            return False
        between = [t for t in doc[span.end:cue.i] if not t.is_space]
        inside = [t for t in span if not t.is_quote and not t.is_space]
        closed = bool(inside) and inside[-1].text in UTTERANCE_ENDS or bool(
            between) and between[0].text in UTTERANCE_ENDS
        return closed and all(t.is_punct or t.i in subject for t in between)
    between = [t for t in doc[cue.i + 1:span.start] if not t.is_space]
    rest = doc[span.end:span.sent.end]
    return bool(between) and between[-1].text in INTRODUCERS and all(
        t.is_punct or t.i in subject for t in between) and all(
        t.is_punct or t.is_space for t in rest)


def _after_colon(doc: Doc, span: Span) -> bool:
    """Whether the last mark before the quotation in its sentence is a colon."""
    for token in reversed(doc[span.sent.start:span.start]):
        if not token.is_space and not token.is_quote:
            return token.text == ":"
    return False


def is_statement(doc: Doc, span: Span, sentence: Span) -> bool:
    """A quotation that stands as a statement of its own rather than a fragment: it has
    a verb and starts the sentence, follows a colon or comma, or opens with a capital."""
    content = [t for t in span if not t.is_punct and not t.is_space]
    if len(content) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in content):
        return False
    before = doc[span.start - 1] if span.start > sentence.start else None
    first = content[0].text
    return before is None or before.text in (":", ",", "—", "–", "-") or first[:1].isupper()


def is_name_or_title(doc: Doc, span: Span) -> bool:
    """Scare quotes, nicknames and titles: after a naming word, or a short run of
    capitalised words with no verb."""
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words:
        return True
    # the naming word is in the quotation's own sentence ("... Paul's campaign.\n\n'The
    # caucus is ...'" names nothing)
    before = [t for t in doc[max(span.start - 4, span.sent.start, 0):span.start]
              if t.pos_ not in ("DET", "ADJ", "PRON", "PUNCT") and not t.is_space]
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    # 'told the Today programme: "I have no regrets."': a colon introduces what is said
    if before and before[-1].lower_ in NAMING_WORDS and len(words) <= 8 and not (
            has_verb and _after_colon(doc, span)):
        naming = before[-1]
        # "what he called a 'brazen breach'" is speech; "a report called 'X'" a title
        spoken = naming.lemma_.lower() in SPOKEN_NAMING and any(
            c.dep_ == "nsubj" for c in naming.children)
        return not spoken
    capitalised = all(t.text[:1].isupper() or t.is_stop for t in words)
    if capitalised and len(words) <= 10 and floating(doc, span) and sum(
            t.text[:1].isupper() for t in words[1:]) >= 2:
        return True  # a paragraph of its own in title case: a heading ("'All Bets Are Off'")
    # a short sentence of speech ends in a stop and has no title case: "Yes, please."
    # (but "Contract with America." and "Lyin' Ted." are names)
    inside = [t for t in span if not t.is_quote and not t.is_space]
    sentence = len(words) >= 2 and inside[-1].text in (".", "!", "?", "…") and not any(
        t.text[:1].isupper() for t in words[1:])
    return (not has_verb and capitalised and len(words) <= 8 and words[0].text[:1].isupper()
            and not sentence)
