"""Attribute quotations: find each one's cue and speaker mention, and its kind.

Runs after the parser and the entity recogniser. For every quotation found by
``quotes_quote_marks_v1`` it looks for a cue in every position (before, after or
interrupting the quotation, a previous sentence ending in a colon, a participle such
as "adding:"), takes the cue's subject as the speaker mention, decides the kind
(direct, partial or other) and joins the pieces of one statement. Then it finds
indirect speech ("X said that ...", "according to X, ...") in the rest of the text.

The results are ``Attribution`` objects on ``doc._.attributions``; mentions stay as
written ("he", "Mr Starmer"): ``quotes_people_v1`` resolves them to people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from quotes.nlp.doctext import PERSON_SURNAMES_KEY, cache_of, covering_span, sentence_of, text_of
from quotes.nlp.extensions import doc_attrs
from quotes.nlp.frames import (
    FRAME_POS,
    content_span,
    coordinated_before,
    frames_of,
    load_frames,
    opening_conjunction,
    overlaps,
)
from quotes.nlp.marks import Quotation
from quotes.nlp.ranges import in_ranges, merged
from quotes.nlp.reported import candidate_features, default_threshold, probability
from quotes.vocab import (
    DATA_NOUNS,
    EVALUATIVE_VERBS,
    HONORIFICS,
    INTENT_VERBS,
    OBJECT_CONTENT_VERBS,
    ROLE_NOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    VAGUE_SOURCES,
    WEAK_SPEECH_VERBS,
)

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
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
# Participles and clauses that carry a speaker's verb without a subject of their own,
# and the preposition between ("began by saying", "After saying ..., she was").
INHERITING_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "pcomp", "prep"})
NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "it", "they"})
# How a clause hangs inside another that reports it ("said she recalled", "what it calls",
# "tweets in which he called"); "though she said", "and he said" are clauses of their own.
EMBEDDING_DEPS = frozenset({"ccomp", "xcomp", "relcl", "acl", "dobj", "pobj", "prep", "pcomp"})
# Common nouns that can speak (besides the role nouns of the people module).
ANIMATE_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson minister secretary leader mayor mp councillor
    president chairman chair chief director official source adviser aide analyst
    economist expert critic campaigner candidate voter resident officer member sister
    brother wife husband mother father son daughter friend colleague governor senator
    government party council campaign committee department union group report study
    demonstrator protester protestor activist lawmaker legislator worker student parent
    teacher doctor nurse lawyer attorney judge citizen relative neighbour neighbor
    """.split()
)
# Things people issue that speak for them ("the statement noted", "a letter that says").
DOCUMENT_NOUNS = frozenset(
    "statement letter memo ruling filing brief ad advert poll survey analysis review".split()
)
# Cues that introduce a quotation but, without one, rarely report speech ("went on").
INDIRECT_EXCLUDED = frozenset({"go", "continue", "read", "sing", "chant", "call"})


@dataclass
class Attribution:
    """One attribution relation: a statement, how it was said and by whom."""

    parts: list[tuple[int, int]]  # content character spans, in order
    kind: str  # direct | partial | indirect | other
    cue: Span | None = None
    mention: Span | None = None
    method: str = "none"  # how the mention was found: cue | colon | floating | none
    confidence: float = 0.0
    marks: list[tuple[int, int]] = field(default_factory=list)  # spans with the marks
    features: list[str] = field(default_factory=list)  # of indirect speech, for its model
    reported: bool = True  # False: indirect speech not trusted enough to report as a
    # quotation, kept only to back the claims it governs ("Labour blames austerity for")

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


# Which indirect speech to keep: "clauses" is reported speech as UK news annotates it (a
# reported clause, "according to X", with a speaker that can speak); "all" adds the
# positions PolNeAR also counts ("urged MPs to back", "criticised the plan").
INDIRECT_SCOPES = ("clauses", "all")
CLAUSE_FEATURES = frozenset({"content=clause", "fragments", "route=according", "route=around"})
NO_SPEAKER_FEATURES = frozenset({"speaker=none", "speaker=first_person", "speaker=animacy0"})


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
        for candidate in _indirect_speech(doc, in_quote, found):
            candidate.reported = self.keeps(candidate)
            if candidate.reported or _asserts(candidate.cue):
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
            features & CLAUSE_FEATURES and not features & NO_SPEAKER_FEATURES)


# --- cues and speakers -----------------------------------------------------------------


def is_cue(token: Token) -> bool:
    """A speech verb (by lemma) or the "according" of "according to"."""
    if token.lower_ == "according" and token.i + 1 < len(token.doc):
        return token.doc[token.i + 1].lower_ == "to"
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
        return False
    lemma = token.lemma_.lower()
    if lemma == "go" and any(c.lower_ == "on" for c in token.children) or (
            lemma == "point" and any(c.lower_ == "out" and c.dep_ == "prt"
                                     for c in token.children)):
        return True  # "went on", "pointed out"
    if lemma == "point" and _evidence_points_to(token):
        return True  # "Guardian analysis pointed to a majority of 200"
    return lemma in SPEECH_VERBS


def _evidence_points_to(token: Token) -> bool:
    """Figures, analysis or a survey that "point to" something report it."""
    return any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children) and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in DATA_NOUNS for c in token.children)


def speaker_of(cue: Token, in_quote: set[int] | frozenset[int] = frozenset()) -> Span | None:
    """The speaker mention of a cue: its subject, the object of "according to", the noun
    a participle modifies ("Clinton asking, ..."), or the subject of the verb a
    participle or a conjoined verb hangs from. Words inside quotations never count."""
    doc = cue.doc
    if cue.lower_ == "according":
        to = doc[cue.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj" and c.i not in in_quote]
        return mention_span(objects[0]) if objects else None
    if cue.tag_ == "VBG" and cue.i > 0 and doc[cue.i - 1].ent_type_ == "PERSON" and (
            not any(c.dep_ in SUBJECT_DEPS for c in cue.children)):
        return mention_span(doc[cue.i - 1])  # "footage of Clinton asking, ...", however parsed
    verb: Token = cue
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i not in in_quote]
        if subjects:
            subject = _speaking_subject(max(subjects, key=lambda c: c.ent_type_ == "PERSON"))
            if animacy_of(mention_span(subject)) == 0:
                # "With 50 days until the election, Minyon Moore, ..., called": a person
                # the parse hangs off a non-person subject as its apposition speaks
                people = [c for c in subject.children
                          if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
                subject = people[0] if people else subject
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _issuer(verb.head, in_quote)
            return mention_span(subject)
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if agents and (objects := [c for c in agents[0].children if c.dep_ == "pobj"]):
            return mention_span(objects[0])
        if verb.dep_ == "acl" and verb.head.pos_ in NOUN_POS and verb.head.i not in in_quote:
            return _issuer(verb.head, in_quote)
        if verb.dep_ not in INHERITING_DEPS or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb is cue and (adjacent := _adjacent_noun_phrase(cue, in_quote)) is not None:
        return adjacent
    return _preceding_person(cue, in_quote) if cue.tag_ in FINITE_TAGS else None


def _speaking_subject(subject: Token) -> Token:
    """A subject with an object of its own is an opening participle the parse took for a
    noun ("Branding it a 'coronation', Andrew Davies MS, ..., said:"): the person set
    off beside it speaks."""
    if not any(c.dep_ in ("dobj", "dative") for c in subject.children):
        return subject
    people = [c for c in subject.children if c.dep_ in ("npadvmod", "appos")
              and any(t.ent_type_ == "PERSON" for t in c.subtree)]
    return people[-1] if people else subject


def _issuer(noun: Token, in_quote: set[int] | frozenset[int]) -> Span:
    """The noun a speaking clause hangs from ('Clinton asking', 'a source who said'), or,
    when it is a thing someone issued ('He released a letter that says', 'the Council
    issued a statement calling'), the one who issued it."""
    mention = mention_span(noun)
    issued = animacy_of(mention) == 0 or noun.lemma_.lower() in DOCUMENT_NOUNS
    if not issued or noun.dep_ != "dobj":
        return mention
    subjects = [c for c in noun.head.children if c.dep_ in SUBJECT_DEPS and c.i not in in_quote]
    if subjects and animacy_of(issuer := mention_span(subjects[0])) > 0:
        return issuer
    return mention


def _adjacent_noun_phrase(cue: Token, in_quote: set[int] | frozenset[int]) -> Span | None:
    """When the parse gives no usable subject: the words between a closing mark and the
    cue ('"...," the former strategist said') or after the cue ('"...," said X.')."""
    doc = cue.doc
    sentence = cue.sent
    before: list[Token] = []
    i = cue.i - 1
    while i >= sentence.start and i not in in_quote and not doc[i].is_punct:
        before.insert(0, doc[i])
        i -= 1
    after = []
    i = cue.i + 1
    while i < sentence.end and i not in in_quote and not doc[i].is_punct:
        after.append(doc[i])
        i += 1
    # only the words that sit between a quotation and the cue, or the cue and the end
    candidates = []
    if before and (before[0].i - 1 in in_quote or doc[before[0].i - 1].is_punct):
        candidates.append(before)
    if after and after[-1].i + 1 >= sentence.end or after and doc[after[-1].i + 1].is_punct:
        candidates.append(after)
    for words in candidates:
        while words and words[0].ent_type_ in ("DATE", "TIME"):
            words = words[1:]  # "said Thursday morning on Fox News": a time, not a speaker
        if not words:
            continue
        nouns = [t for t in words if t.pos_ in NOUN_POS]
        if words[0].pos_ == "ADP":
            continue  # "said to the crowd"
        if nouns and len(words) <= 8 and not any(t.pos_ == "VERB" for t in words):
            if nouns[-1].ent_type_:
                return mention_span(nouns[-1])
            return doc[words[0].i:words[-1].i + 1]
    return None


def _outer_mention(cue: Token, mention: Span | None, in_quote: set[int]) -> Span | None:
    """For a pronoun speaking inside an embedding clause ('Lynch said she recalled
    thinking, "..."', 'It is denouncing what it calls "..."'), the subject of the
    embedding clause when it is the same pronoun or a named person: one speaker, and the
    name (or the first mention) is the one the sentence attributes to."""
    pronoun = mention.root.lower_ if mention is not None else ""
    if pronoun not in PERSONAL_PRONOUNS:
        return mention
    node = cue
    while node.head.i != node.i and (node.dep_ in EMBEDDING_DEPS or node is not cue and (
            node.dep_ in ("conj", "advcl"))):  # "took to Twitter to accuse ... and urge"
        node = node.head
        subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS and c.i not in in_quote]
        if not subjects:
            continue
        subject = subjects[0]
        outer = mention_span(subject)
        if subject.lower_ == pronoun or pronoun in ("he", "she") and (
                subject.pos_ != "PRON" and animacy_of(outer) == 2):
            return outer
        break
    return mention


def _preceding_person(cue: Token, in_quote: set[int] | frozenset[int]) -> Span | None:
    """A finite cue the parse left without a subject ('Marc Morial, the chief executive
    of the League, forcefully told', parsed as a list): the nearest person named before
    it in the same clause, with no verb or quotation in between."""
    doc = cue.doc
    for i in range(cue.i - 1, max(cue.sent.start, cue.i - 25) - 1, -1):
        token = doc[i]
        if i in in_quote and not token.is_punct or token.pos_ in ("VERB", "AUX") and (
                token.ent_type_ not in ("PERSON", "GPE")):
            return None
        if token.ent_type_ == "PERSON":
            return mention_span(token)
    return None


def mention_span(head: Token) -> Span:
    """The words naming a speaker: the entity around ``head``, else the noun phrase up
    to its head (without relative clauses or appositions)."""
    doc = head.doc
    if head.ent_type_:
        # the entity's bounds from the IOB tags: ``doc.ents`` builds every entity anew
        start, end = head.i, head.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        while start > 0 and doc[start - 1].lower_.rstrip(".") in HONORIFICS:
            start -= 1  # "Mr" Johnson, "Sir" Keir
        return doc[start:end]
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = head.i + 1
    while end < len(doc) and doc[end].dep_ in ("flat", "compound") and doc[end].head == head:
        end += 1
    return doc[start:end]


def _best_cue(
    tokens: list[Token], quote: Span, in_quote: set[int], fragment: bool = False
) -> Token | None:
    """The cue for ``quote``: one linked to it in the parse, with a speaker, else the
    nearest. A fragment inside nested reported speech ('Trump said Clinton described
    it as "the gold standard"') goes to the outermost reporter."""
    cues = [t for t in tokens if t.i not in in_quote and is_cue(t)]
    if not cues:
        return None
    inside = set(range(quote.start, quote.end))
    above = {a.i for t in quote for a in t.ancestors}  # once, not once per cue

    def linked(cue: Token) -> bool:
        """In the quotation's parse: above it, hanging from it, or a parenthetical
        "Mr Obama said," beside the clause that holds it."""
        return cue.i in above or cue.head.i in inside or any(
            a.i in inside for a in cue.ancestors
        ) or cue.dep_ == "parataxis" and cue.head.i in above

    def distance(cue: Token) -> int:
        return quote.start - cue.i if cue.i < quote.start else cue.i - quote.end

    def animacy(cue: Token) -> int:
        mention = speaker_of(cue, in_quote)
        return animacy_of(mention) if mention is not None else 0

    def depth(cue: Token) -> int:
        """How many cues report this one ('said' > 'described' in 'Trump said Clinton
        described it as "..."'); coordinated cues ('..., but he said') are not nested."""
        if not fragment or opening_conjunction(cue) is not None:
            return 0
        nested, node = 0, cue
        # an adverbial clause ("After the host described it as '...', he said") is
        # not what the main verb reports
        while node.head.i != node.i and node.dep_ not in ("conj", "parataxis", "advcl"):
            node = node.head
            nested += is_cue(node)
        # a parenthetical "Mr Blair said," reports the clause it hangs beside
        return nested + sum(c.head.i == a.i and c.i != cue.i for c in cues
                            if c.dep_ == "parataxis" for a in (cue, *cue.ancestors))

    ancestors = [a.i for a in quote.root.ancestors]

    def steps(cue: Token) -> int:
        """How far up the parse the cue governs the quotation: the nearest governor
        wins ("After the host described it as '...', Mr Cleverly said")."""
        return ancestors.index(cue.i) if cue.i in ancestors else len(ancestors)

    return min(cues, key=lambda c: (not linked(c), -animacy(c), depth(c), steps(c),
                                    distance(c)))


def animacy_of(mention: Span) -> int:
    """How likely a mention is to be a speaker: 2 for a person, pronoun or role, 1 for
    an organisation or a vague source, 0 for "the result" or "the plan"."""
    root = mention.root
    if (root.ent_type_ == "PERSON" or root.lower_ in ("he", "she", "i", "we", "who")
            or root.pos_ == "PROPN" and root.lower_ in _person_surnames(root.doc)
            or root.lemma_.lower() in ANIMATE_NOUNS | ROLE_NOUNS
            or root.pos_ == "PROPN" and not root.ent_type_):
        return 2
    if root.ent_type_ in ("ORG", "NORP", "GPE") or root.lower_ in VAGUE_SOURCES | {"they"} or (
            root.lemma_.lower() in DOCUMENT_NOUNS):
        return 1
    return 0


def _person_surnames(doc: Doc) -> frozenset[str]:
    """Words that end a person's name somewhere in the text: the recogniser may tag the
    same surname an organisation elsewhere ("but Starmer said")."""
    cache = cache_of(doc)
    if PERSON_SURNAMES_KEY not in cache:
        cache[PERSON_SURNAMES_KEY] = frozenset(
            e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1)
    return cache[PERSON_SURNAMES_KEY]


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
        fragment = not _is_statement(doc, span, sentence)
        cue = _best_cue(list(sentence), span, in_quote, fragment)
        method = "cue"
        if cue is None and (cue := _colon_cue(doc, span, in_quote)) is not None:
            method = "colon"
        if cue is None and not fragment and (
                cue := _previous_sentence_cue(doc, span, in_quote)) is not None:
            method = "previous"
        owned = _speech_noun(span, in_quote) if fragment else None
        if owned is not None and (cue is None or not _reports(cue, owned[0])):
            cue, method = owned[0], "noun"  # an outer reporter keeps the fragment
        if cue is not None:
            mention = owned[1] if method == "noun" and owned is not None else _outer_mention(
                cue, speaker_of(cue, in_quote), in_quote)
            kind = _kind(doc, span, statement=not fragment)
            same_cue = previous is not None and previous.cue is not None and (
                previous.cue.start == cue.i) and previous_span is not None and not any(
                is_cue(t) for t in doc[previous_span.end:span.start] if t.i != cue.i)
            if same_cue and previous is not None and kind == previous.kind:
                # one cue, one statement: '"...," she said, "..."', or the fragments of
                # 'called it "a" and "b"'; ``parts`` keeps each piece's offsets
                _join(previous, parts, marks)
                continue
            confidence = 0.9 if mention is not None else 0.5
            attribution = Attribution(parts, kind, doc[cue.i:cue.i + 1], mention, method,
                                      confidence, marks)
        elif previous is not None and _continues(doc, previous_span, span):
            _join(previous, parts, marks)  # "...," she said. "...": the same statement
            previous_span = span
            continue
        elif (mention := _dash_attribution(doc, quotation, in_quote)) is not None:
            attribution = Attribution(parts, "direct", None, mention, "dash", 0.8, marks)
        elif previous is not None and _floating(doc, span) and _near(doc, previous, span) and (
                not _is_name_or_title(doc, span)):
            attribution = Attribution(parts, "direct", previous.cue, previous.mention,
                                      "floating", 0.7 if previous.mention else 0.3, marks)
        else:
            statement = _is_statement(doc, span, sentence) and not _is_name_or_title(doc, span)
            kind = "direct" if statement else "other"
            attribution = Attribution(parts, kind, None, None, "none", 0.3, marks)
        if attribution.kind == "other":
            attribution.cue = attribution.mention = None
            attribution.method = "none"
        results.append(attribution)
        if attribution.kind != "other":
            previous, previous_span = attribution, span
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


def _join(previous: Attribution, parts: list[tuple[int, int]], marks: list[tuple[int, int]]):
    previous.parts.extend(parts)
    previous.marks.extend(marks)


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


def _dash_attribution(doc: Doc, quotation: Quotation, in_quote: set[int]) -> Span | None:
    """A quotation signed after a dash at the end of its paragraph: '"..." ― Jo Bloggs.'"""
    end = quotation.close
    rest = text_of(doc)[end:end + 120].split("\n", 1)[0]
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


def _floating(doc: Doc, span: Span) -> bool:
    """A paragraph that is nothing but a quotation (closing punctuation aside)."""
    start, end = span.start, span.end
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    starts_paragraph = before is None or (before.is_space and "\n" in before.text)
    ends_paragraph = after is None or (after.is_space and "\n" in after.text) or (
        after.is_punct and (end + 1 >= len(doc) or "\n" in doc[end + 1].text)
    )
    return starts_paragraph and ends_paragraph


def _kind(doc: Doc, span: Span, statement: bool) -> str:
    """direct, partial or other for a quotation that has a cue."""
    if _is_name_or_title(doc, span):
        return "other"
    return "direct" if statement else "partial"


def _is_statement(doc: Doc, span: Span, sentence: Span) -> bool:
    """A quotation that stands as a statement of its own rather than a fragment: it has
    a verb and starts the sentence, follows a colon or comma, or opens with a capital."""
    content = [t for t in span if not t.is_punct and not t.is_space]
    if len(content) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in content):
        return False
    before = doc[span.start - 1] if span.start > sentence.start else None
    first = content[0].text
    return before is None or before.text in (":", ",", "—", "–", "-") or first[:1].isupper()


def _is_name_or_title(doc: Doc, span: Span) -> bool:
    """Scare quotes, nicknames and titles: after a naming word, or a short run of
    capitalised words with no verb."""
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words:
        return True
    before = [t for t in doc[max(span.start - 4, 0):span.start]
              if t.pos_ not in ("DET", "ADJ", "PRON", "PUNCT") and not t.is_space]
    if before and before[-1].lower_ in NAMING_WORDS and len(words) <= 8:
        naming = before[-1]
        # "what he called a 'brazen breach'" is speech; "a report called 'X'" a title
        spoken = naming.lemma_.lower() in SPOKEN_NAMING and any(
            c.dep_ == "nsubj" for c in naming.children)
        return not spoken
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    capitalised = all(t.text[:1].isupper() or t.is_stop for t in words)
    if capitalised and len(words) <= 10 and _floating(doc, span) and sum(
            t.text[:1].isupper() for t in words[1:]) >= 2:
        return True  # a paragraph of its own in title case: a heading ("'All Bets Are Off'")
    # a short sentence of speech ends in a stop and has no title case: "Yes, please."
    # (but "Contract with America." and "Lyin' Ted." are names)
    inside = [t for t in span if not t.is_quote and not t.is_space]
    sentence = len(words) >= 2 and inside[-1].text in (".", "!", "?", "…") and not any(
        t.text[:1].isupper() for t in words[1:])
    return (not has_verb and capitalised and len(words) <= 8 and words[0].text[:1].isupper()
            and not sentence)


# --- indirect speech -------------------------------------------------------------------


def _indirect_speech(doc: Doc, in_quote: set[int], found: list[Attribution]) -> list[Attribution]:
    """Reported speech without marks: a cue's clausal complement, or the rest of the
    sentence around "according to X" and "..., X said"."""
    taken = [(a.start, a.end) for a in found]
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
            fragments = [a for a in found if a.start < end and start < a.end]
            held = {(a.start, a.end) for a in fragments}
            if not _holds_only_fragments(content, fragments, in_quote) or overlaps(
                    (start, end), [s for s in taken if s not in held]):
                continue
            mention = speaker_of(token, in_quote)
            width = 2 if token.lower_ == "according" else 1
            cue = doc[token.i:token.i + width]
            features = candidate_features(token, content, mention, route, _animacy(mention))
            if fragments:
                features.append("fragments")
            results.append(Attribution([(start, end)], "indirect", cue, mention, "cue",
                                       probability(features), features=features))
            taken.append((start, end))
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


def _framed_speech(doc: Doc, in_quote: set[int], taken: list[tuple[int, int]],
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
                 _is_name_or_title(doc, covering_span(doc, *a.marks[0]))]
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
            if not overlaps(span, taken):
                content = covering_span(doc, *span)
                features = candidate_features(cue.root, content, mention, "frame",
                                              _animacy(mention), confidence)
                results.append(Attribution([span], "indirect", cue, mention, "frame",
                                           probability(features), features=features))
                taken.append(span)
                break
    return results


def _framed_words(doc: Doc, in_quote: set[int]
                  ) -> list[tuple[Span, Span, list[tuple[float, tuple[int, int]]]]]:
    """Words outside quotations that have a speaker and learned frames: (the word, its
    speaker mention, [(confidence, content span)] most reliable first)."""
    frames = load_frames()
    skipped = doc._.skipped or []
    words = []
    for token in doc:
        if token.i in in_quote or token.pos_ not in FRAME_POS:
            continue
        options = []
        for frame, head in frames_of(token):
            # content may hold quoted words, even as its head: it can then make a fragment
            # inside it partial, but never becomes indirect speech (it overlaps a quotation)
            if frame in frames and (span := content_span(head)) is not None and not overlaps(
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
        _join(first, fragment.parts, fragment.marks)
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
        clause = clauses[0]
        if clause.dep_ == "xcomp" and (lemma not in INTENT_VERBS or cue.tag_ == "VBN"):
            return None  # "is expected to", "plans to": not a reported position
        tokens = [t for t in clause.subtree if t.dep_ != "mark" or t.head != clause]
        return _routed(clause.dep_, _trim(doc, tokens))
    if lemma in OBJECT_CONTENT_VERBS or lemma == "point":
        preps = ("to",) if lemma == "point" else ("for", "on")  # "pointed to a majority"
        objects = [c for c in cue.children if c.i > cue.i and (
            c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in preps)]
        if objects and (content := _trim(doc, list(objects[0].subtree), need_verb=False)):
            return "object", content
    if lemma in WEAK_SPEECH_VERBS:
        return None
    return _routed("around", _statement_around(cue, sentence))


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
