"""Cues and speakers: is a token a speech cue, and who is its speaker mention; the
``Attribution`` record that the attribution component builds from them.

Mentions stay as written ("he", "Mr Starmer"): ``quotes_people_v1`` resolves them
to people."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from quotes.nlp.doctext import PERSON_SURNAMES_KEY, cache_of
from quotes.nlp.frames import opening_conjunction
from quotes.vocab import (
    DATA_NOUNS,
    HONORIFICS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    VAGUE_SOURCES,
)

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
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

    def absorb(self, parts: list[tuple[int, int]], marks: list[tuple[int, int]]) -> None:
        """Take in the pieces of the same statement ('"...," she said. "..."')."""
        self.parts.extend(parts)
        self.marks.extend(marks)


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
    if lemma == "put" and any(c.lower_ == "it" and c.dep_ == "dobj" for c in token.children) and (
            any(c.lower_ == "as" for c in token.children)):
        return True  # "as one Tory MP put it"
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
            if subject.lower_ == "who" and verb.dep_ == "relcl" and (
                    verb.head.i not in in_quote):
                # the words the attribution rests on, as "he" is: the people component
                # reads "who" as the noun its clause hangs from ("Lynch, who told ...")
                return doc[subject.i:subject.i + 1]
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _issuer(verb.head, in_quote)
            return mention_span(subject)
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if agents and (objects := [c for c in agents[0].children if c.dep_ == "pobj"]):
            return mention_span(objects[0])
        if verb.dep_ == "acl" and verb.head.pos_ in NOUN_POS and verb.head.i not in in_quote:
            return _issuer(verb.head, in_quote)
        if verb.dep_ not in INHERITING_DEPS or verb.head.i == verb.i or (
                verb is cue and _passive_participle(cue)):
            break
        verb = verb.head
    if verb is cue and (adjacent := _adjacent_noun_phrase(cue, in_quote)) is not None:
        return adjacent
    return _preceding_person(cue, in_quote) if cue.tag_ in FINITE_TAGS else None


def _passive_participle(verb: Token) -> bool:
    """"Asked whether ..., the minister said": a past participle with no "have" is
    passive, so the subject it hangs from was spoken to, not speaking."""
    return verb.tag_ == "VBN" and not any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


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
    after: list[Token] = []
    i = cue.i + 1
    inverted = not before  # '"...," said X': the cue opens the words after a quotation
    while i < sentence.end and i not in in_quote and not doc[i].is_punct and not (
            inverted and after and doc[i].lower_ in RELATIVE_PRONOUNS):
        after.append(doc[i])  # '"Meh," wrote a Trump supporter who runs ...': up to "who"
        i += 1
    relative_follows = inverted and i < sentence.end and doc[i].lower_ in RELATIVE_PRONOUNS
    # only the words that sit between a quotation and the cue, or the cue and the end
    candidates = []
    if before and (before[0].i - 1 in in_quote or doc[before[0].i - 1].is_punct):
        candidates.append(before)
    if after and (after[-1].i + 1 >= sentence.end or doc[after[-1].i + 1].is_punct or (
            relative_follows)):
        candidates.append(after)
    for words in candidates:
        while words and words[0].ent_type_ in ("DATE", "TIME"):
            words = words[1:]  # "said Thursday morning on Fox News": a time, not a speaker
        if not words:
            continue
        # a capitalised word inside the sentence is a name, however tagged ("said Skelly"
        # comes out as an adverb)
        nouns = [t for t in words if t.pos_ in NOUN_POS or t.text[:1].isupper() and (
            t.i > sentence.start and t.is_alpha)]
        if words[0].pos_ == "ADP":
            continue  # "said to the crowd"
        # no clause of its own: a participle may modify ("ranking Democrat Elijah Cummings")
        if nouns and len(words) <= 8 and not any(
                t.pos_ == "VERB" and t.tag_ not in ("VBG", "VBN") for t in words):
            if nouns[-1].ent_type_:
                return mention_span(nouns[-1])
            return doc[words[0].i:words[-1].i + 1]
    return None


def outer_mention(cue: Token, mention: Span | None, in_quote: set[int]) -> Span | None:
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


def best_cue(
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
            or root.pos_ == "PROPN" and root.lower_ in person_surnames(root.doc)
            or root.lemma_.lower() in ANIMATE_NOUNS | ROLE_NOUNS
            or root.pos_ == "PROPN" and not root.ent_type_
            # "Clinton's introducer, actress Jamie Lee Curtis": the apposition names her
            or any(c.dep_ == "poss" for c in root.children) and any(
                c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children)):
        return 2
    if root.ent_type_ in ("ORG", "NORP", "GPE") or root.lower_ in VAGUE_SOURCES | {"they"} or (
            root.lemma_.lower() in DOCUMENT_NOUNS):
        return 1
    return 0


def person_surnames(doc: Doc) -> frozenset[str]:
    """Words that end a person's name somewhere in the text: the recogniser may tag the
    same surname an organisation elsewhere ("but Starmer said")."""
    cache = cache_of(doc)
    if PERSON_SURNAMES_KEY not in cache:
        cache[PERSON_SURNAMES_KEY] = frozenset(
            e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1)
    return cache[PERSON_SURNAMES_KEY]
