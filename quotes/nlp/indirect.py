"""Indirect speech: reported clauses ("X said that ...", "according to X, ..."),
positions learned as attribution frames ("urged MPs to back the bill"), and quoted
fragments inside them, each with the features its confidence model reads."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from quotes.nlp.cues import (
    INDIRECT_EXCLUDED,
    SUBJECT_DEPS,
    Attribution,
    animacy_of,
    is_cue,
    mention_span,
    speaker_of,
)
from quotes.nlp.doctext import covering_span, sentence_of
from quotes.nlp.frames import (
    FRAME_POS,
    content_span,
    coordinated_before,
    frame_lemmas,
    frames_of,
    load_frames,
)
from quotes.nlp.kinds import is_name_or_title
from quotes.nlp.reported import candidate_features, probability
from quotes.text import SpanIndex, in_ranges, merged, overlaps_any
from quotes.vocab import (
    INTENT_VERBS,
    OBJECT_CONTENT_VERBS,
    WEAK_SPEECH_VERBS,
)

# --- indirect speech -------------------------------------------------------------------


def indirect_speech(doc: Doc, in_quote: set[int], found: list[Attribution]) -> list[Attribution]:
    """Reported speech without marks: a cue's clausal complement, or the rest of the
    sentence around "according to X" and "..., X said"."""
    taken = SpanIndex((a.start, a.end, (a.start, a.end)) for a in found)
    quoted = SpanIndex((a.start, a.end, a) for a in found)
    results: list[Attribution] = []
    skipped = merged(doc._.skipped or [])
    reports: dict = {}  # _before_next_report's cues by sentence, and their speakers
    for sentence in doc.sents:
        if in_ranges(skipped, sentence.start_char):
            continue
        for token in sentence:
            if token.i in in_quote or not is_cue(token) or token.lemma_ in INDIRECT_EXCLUDED:
                continue
            if any(c.dep_ == "auxpass" for c in token.children):
                continue  # "had been written off by commentators": not speech
            reported = _reported_clause(token, sentence)
            if reported is None:
                continue
            route, clause = reported
            if (content := _before_next_report(token, clause, in_quote, reports)) is None:
                continue
            start, end = content.start_char, content.end_char
            fragments = quoted.overlapping(start, end)
            held = {(a.start, a.end) for a in fragments}
            if not _holds_only_fragments(content, fragments, in_quote) or any(
                    s not in held for s in taken.overlapping(start, end)):
                continue
            mention = speaker_of(token, in_quote)
            width = 2 if token.lower_ == "according" else 1
            cue = doc[token.i:token.i + width]
            features = candidate_features(token, content, mention, route, _animacy(mention))
            if fragments:
                features.append("fragments")
            results.append(Attribution([(start, end)], "indirect", cue, mention, "cue",
                                       probability(features), features=features))
            taken.add(start, end, (start, end))
    return results + _framed_speech(doc, in_quote, taken, found)


def _before_next_report(cue: Token, content: Span, in_quote: set[int],
                        reports: dict | None = None) -> Span | None:
    """Content ends where the speaker of another report in the sentence begins: in
    "Sunak said Labour were putting up taxes - but Starmer said ..." the parse may put
    "Starmer" inside Sunak's clause.

    ``reports`` caches each sentence's cues and their speakers across the cues of one
    document: without it one long sentence costs cues × tokens speaker look-ups."""
    reports = {} if reports is None else reports
    sentence = sentence_of(cue)
    if (key := ("cues", sentence.start)) not in reports:
        reports[key] = [t for t in sentence if t.i not in in_quote and is_cue(t)]
    for other in reports[key]:
        if other.i <= content.start or other.i == cue.i or (
                content.start <= other.i < content.end):
            continue
        if (key := ("speaker", other.i)) not in reports:
            reports[key] = speaker_of(other, in_quote)
        mention = reports[key]
        if mention is not None and content.start < mention.start < content.end:
            words = list(cue.doc[content.start:mention.start])
            while words and (words[-1].is_punct or words[-1].pos_ == "CCONJ"):
                words.pop()  # "... London - but"
            return _trim(cue.doc, words)
    return content


def _holds_only_fragments(content: Span, fragments: list[Attribution], in_quote: set[int]
                          ) -> bool:
    """Reported content may hold quoted fragments ('said it was a "disaster"'), but not a
    quoted statement, and it needs words of its own."""
    if any(a.kind == "direct" for a in fragments):
        return False
    own = [t for t in content if t.i not in in_quote and not (t.is_punct or t.is_space)]
    return len(own) >= 3


def _animacy(mention: Span | None) -> int:
    return animacy_of(mention) if mention is not None else 0


def _framed_speech(doc: Doc, in_quote: set[int], taken: SpanIndex[tuple[int, int]],
                   found: list[Attribution]) -> list[Attribution]:
    """The long tail of reported positions ("called for an inquiry", "attacked the plan")
    through the frames learned from annotated news (:mod:`quotes.nlp.frames`).

    A scare-quoted fragment goes to the word whose frame content holds it most tightly,
    as a partial quotation ('attacked the plan as a "reckless gamble"'; in 'Labour
    attacked Badenoch's warning that it was "on the brink"' the warning is Badenoch's).
    Every other word with a speaker reports its most reliable frame whose content no
    quotation or cue already covers."""
    words = _framed_words(doc, in_quote)
    fragments = [a for a in found if a.kind == "other" and a.method == "none" and not
                 is_name_or_title(doc, covering_span(doc, *a.marks[0]))]
    quoted: dict[int, list[Attribution]] = {}  # word index -> the fragments it reports
    used: dict[int, tuple[Span, list[Attribution]]] = {}  # verb -> (its subject, fragments)
    for fragment in fragments:
        holders = [(span[1] - span[0], k) for k, (_, _, options) in enumerate(words)
                   for _, span in options if span[0] <= fragment.marks[0][0] < span[1]]
        if holders:
            quoted.setdefault(min(holders)[1], []).append(fragment)
        elif (user := _scare_quote_user(doc, fragment, in_quote)) is not None:
            used.setdefault(user[0].i, (user[1], []))[1].append(fragment)
    for verb, (mention, scare_quoted) in used.items():
        _as_partial(scare_quoted, doc[verb:verb + 1], mention, found)
    results: list[Attribution] = []
    for k, (cue, mention, options) in enumerate(words):
        if k in quoted:
            _as_partial(quoted[k], cue, mention, found)
            continue
        for confidence, span in options:
            if not taken.overlapping(*span):
                content = covering_span(doc, *span)
                features = candidate_features(cue.root, content, mention, "frame",
                                              _animacy(mention), confidence)
                results.append(Attribution([span], "indirect", cue, mention, "frame",
                                           probability(features), features=features))
                taken.add(*span, span)
                break
    return results


def _framed_words(doc: Doc, in_quote: set[int]
                  ) -> list[tuple[Span, Span, list[tuple[float, tuple[int, int]]]]]:
    """Words outside quotations that have a speaker and learned frames: (the word, its
    speaker mention, [(confidence, content span)] most reliable first)."""
    frames = load_frames()
    skipped = doc._.skipped or []
    lemmas = frame_lemmas()
    words = []
    for token in doc:
        if token.i in in_quote or token.pos_ not in FRAME_POS or (
                token.lemma_.lower() not in lemmas):
            continue
        options = []
        for frame, head in frames_of(token):
            # content may hold quoted words, even as its head: it can then make a fragment
            # inside it partial, but never becomes indirect speech (it overlaps a quotation)
            if frame in frames and (span := content_span(head)) is not None and not overlaps_any(
                    span, skipped):
                options.append((frames[frame], span))
        if not options:
            continue
        mention = _holder(token, in_quote) if token.pos_ == "NOUN" else speaker_of(
            token, in_quote)
        if mention is not None and not any(t.i in in_quote for t in mention):
            options.sort(key=lambda option: -option[0])
            words.append((doc[token.i:token.i + 1], mention, options))
    return words


def _scare_quote_user(doc: Doc, fragment: Attribution, in_quote: set[int]
                      ) -> tuple[Token, Span] | None:
    """The verb and subject of a scare-quoted fragment's clause when the subject is a
    named person or a role ('Reid has gone after Trump as a "con artist"'): the words
    are that person's. Not for pronouns: measured, they add more false quotations."""
    span = covering_span(doc, *fragment.marks[0])
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i in in_quote:
        return None
    mention = speaker_of(verb, in_quote)
    if mention is not None and animacy_of(mention) == 2 and mention.root.pos_ != "PRON":
        return verb, mention
    return None


def _holder(noun: Token, in_quote: set[int]) -> Span | None:
    """Whose claim, warning or criticism a noun frame reports: its possessor ("Trump's
    claim that ...")."""
    owners = [c for c in noun.children if c.dep_ == "poss" and c.i not in in_quote]
    return mention_span(owners[0]) if owners else None


def _as_partial(fragments: list[Attribution], cue: Span, mention: Span,
                found: list[Attribution]) -> None:
    """Make scare-quoted fragments one partial quotation of ``mention``, a part each."""
    first = fragments[0]
    first.kind, first.method, first.confidence = "partial", "frame", 0.6
    first.cue, first.mention = cue, mention
    for fragment in fragments[1:]:
        first.absorb(fragment.parts, fragment.marks)
    found[:] = [a for a in found if not any(a is b for b in fragments[1:])]


def _reported_clause(cue: Token, sentence: Span) -> tuple[str, Span] | None:
    """What a cue reports, as (route, content): the rest of the sentence around
    "according to X", the cue's clausal complement, the object of a speech act ("called
    for a review"), or the statement before a closing "..., a source said"."""
    doc = cue.doc
    lemma = cue.lemma_.lower()
    if cue.lower_ == "according":
        phrase = set(t.i for t in cue.subtree) | {cue.i}
        rest = [t for t in sentence if t.i not in phrase and not t.is_punct and not t.is_space]
        return _routed("according", _trim(doc, rest))
    clauses = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp")
               and c.pos_ in ("VERB", "AUX") and not coordinated_before(c, cue)]
    if clauses:
        # the largest: a name the tagger took for a verb ("Cllr Dafydd Hughes, ..., said
        # the authority would ...") can hang from the cue as a clause of one word
        clause = max(clauses, key=lambda c: len(list(c.subtree)))
        if clause.dep_ == "xcomp" and (lemma not in INTENT_VERBS or cue.tag_ == "VBN"):
            return None  # "is expected to", "plans to": not a reported position
        tokens = [t for t in clause.subtree if t.dep_ != "mark" or t.head != clause]
        return _routed(clause.dep_, _trim(doc, _without_added_speech(clause, tokens)))
    if lemma in OBJECT_CONTENT_VERBS or lemma == "point":
        preps = ("to",) if lemma == "point" else ("for", "on")  # "pointed to a majority"
        objects = [c for c in cue.children if c.i > cue.i and (
            c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in preps)]
        if objects and (content := _trim(doc, list(objects[0].subtree), need_verb=False)):
            return "object", content
    if lemma in WEAK_SPEECH_VERBS:
        return None
    return _routed("around", _statement_around(cue, sentence))


def _without_added_speech(clause: Token, tokens: list[Token]) -> list[Token]:
    """"said he would set out his plans, adding: '...'": a participle of speech that
    ends the clause and opens a quotation with a colon is a report of its own."""
    doc = clause.doc
    for token in tokens:
        if token.dep_ == "advcl" and token.tag_ == "VBG" and is_cue(token) and (
                token.head.i == clause.i) and token.i + 1 < len(doc) and (
                doc[token.i + 1].text == ":"):
            after = {t.i for t in token.subtree}
            if all(t.i in after for t in tokens if t.i >= token.i):
                return [t for t in tokens if t.i < min(after)]
    return tokens


def _routed(route: str, content: Span | None) -> tuple[str, Span] | None:
    return None if content is None else (route, content)


def _statement_around(cue: Token, sentence: Span) -> Span | None:
    """'The deal is dead, a source said.' or 'The deal, he said, is dead.': the
    sentence around a short cue clause set off by commas."""
    doc = cue.doc
    if not any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return None
    clause = list(cue.subtree)
    first, last = clause[0].i, clause[-1].i
    if last - first > 12 or first <= sentence.start + 2:
        return None
    if doc[first - 1].text not in (",", "—", "–"):
        return None
    tail = [t for t in doc[last + 1:sentence.end] if not (t.is_punct or t.is_space)]
    if tail and doc[last].text != "," and doc[last + 1].text != ",":
        return None
    before = list(doc[sentence.start:first - 1])
    return _trim(doc, before + tail)


def _trim(doc: Doc, tokens: list[Token], need_verb: bool = True) -> Span | None:
    """The contiguous span of ``tokens`` without edge punctuation; None if too short."""
    words = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while words and words[0].is_punct:
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    if len(words) < 3 or need_verb and not any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    return doc[words[0].i:words[-1].i + 1]
