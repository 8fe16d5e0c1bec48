"""People within one document: every speaker mention becomes one canonical person.

Full names introduce people; honorific forms and bare surnames ("Mr Starmer", "Sir
Keir", "Lord Frost") go to the full name introduced earlier; pronouns go to the most
salient compatible person (the latest speaker or subject); nominal roles ("the prime
minister", "the council's new leader") go to the person the text gives that role, even
when the name comes later. The role phrase the text attaches to a person ("Labour
leader Sir Keir Starmer", "Adam Hug, the new Labour leader of Westminster City
Council") is kept with its span.

Writes ``doc._.people`` (a records.PersonRecord a person), ``doc._.quotations`` (the
records.QuotationRecord of the ``quotes extract`` contract) and ``doc.spans["quotes"]``
(the same quotations as spans, labelled by kind).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import LOWER, POS
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from quotes.dates import read_date
from quotes.nlp.cues import ANIMATE_NOUNS, DOCUMENT_NOUNS, Attribution, mention_span
from quotes.nlp.doctext import sentence_of, text_of
from quotes.nlp.extensions import QUOTES_SPANS, doc_attrs
from quotes.people.names import NAME_PARTICLES, POST_NOMINALS, split_name, text_name
from quotes.people.offices import ROLE_PHRASES
from quotes.records import PersonRecord, QuotationRecord, SpanRef
from quotes.text import in_ranges, merged

if TYPE_CHECKING:
    from quotes.people.registry import Registry
from quotes.vocab import (
    DATA_NOUNS,
    FEMALE_HONORIFICS,
    HONORIFICS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    MEDIA_ROLES,
    NOT_PEOPLE,
    ORGANISATION_NAMES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    VAGUE_SOURCES,
)

# Honorifics that go with a first name ("Sir Keir", "Dame Margaret"); the rest go with
# a surname ("Mr Starmer", "Lord Frost").
FIRST_NAME_HONORIFICS = frozenset({"sir", "dame"})
POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")


@dataclass
class Person:
    """A person of one document."""

    name: str
    aliases: set[str] = field(default_factory=set)
    gender: str | None = None  # "M", "F" or None
    role: str | None = None
    role_span: tuple[int, int] | None = None
    role_words: set[str] = field(default_factory=set)
    source: str = "text"  # "text", or "registry" when only the role named them

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    def take_role(self, role: Span | str, span: tuple[int, int] | None = None) -> None:
        """Keep the first role the text gives this person."""
        if self.role is not None:
            return
        if isinstance(role, Span):
            span = (role.start_char, role.end_char)
            self.role_words = _content_words(role)
            role = _clean_role(role)
        self.role, self.role_span = role, span


@dataclass
class Mention:
    """A reference to a person: a name, a pronoun or a nominal role."""

    span: Span
    kind: str  # name | alias | pronoun | role
    person: Person | None
    weight: int  # 3 speaker, 2 subject, 1 other: how salient it makes the person


# Entity types a forename never has.
NOT_FORENAME_ENTITIES = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
NATION_WORDS = frozenset("scottish welsh irish english british northern ulster".split())
# Last words that make a "name" a place ("George Square", "Downing Street").
PLACE_HEADS = frozenset(
    """
    square street road avenue lane park hall house bridge station centre center court
    palace abbey cathedral church college university school hospital airport stadium
    gardens place terrace castle green
    """.split()
)


@Language.factory(
    "quotes_people_v1", default_config={"use_registry": True, "database": None},
    requires=["doc.ents", *doc_attrs("attributions", "skipped")],
    assigns=["doc.spans", *doc_attrs("people", "quotations", "claim_backers")],
)
def make_people(nlp: Language, name: str, use_registry: bool, database: str | None
                ) -> DocumentPeople:
    """``database``: a quotes database URL whose imported people (``quotes registry
    import``) join the bundled registry, so roles and names inside documents find them."""
    return DocumentPeople(registry_for(database) if use_registry else None)


def registry_for(database: str | None) -> Registry:
    """The bundled registry (loaded once per process), or a fresh one with the people
    imported into ``database`` when one is given (its imports may change)."""
    if database is not None:
        from quotes.people.link import registry_with_imports

        return registry_with_imports(database)
    from quotes.people.imports import default_registry

    return default_registry()


ORGANISATION_WINDOW = 1500  # characters from an organisation's words to its "it said"


class DocumentPeople:
    """Resolve every person mention, then the speaker of each attribution."""

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry  # who held which office when; None: the text alone

    def __call__(self, doc: Doc) -> Doc:
        every: list[Attribution] = doc._.attributions or []
        attributions = [a for a in every if a.reported]
        speakers = [a.mention for a in attributions if a.mention is not None]
        quoted = [mark for a in attributions for mark in a.marks]
        resolver = MentionResolver(doc, self.registry, speakers, quoted)
        resolver.run()
        records = _organisations_speak_on(
            attributions, [self._resolved(doc, resolver, a) for a in attributions])
        # speech not reported as a quotation still backs the claims it governs
        doc._.claim_backers = [self._resolved(doc, resolver, a) for a in every
                               if not a.reported]
        doc._.people = [
            PersonRecord(name=p.name, aliases=sorted(p.aliases), gender=p.gender, role=p.role,
                         role_span=list(p.role_span) if p.role_span else None, source=p.source)
            for p in resolver.people
        ]
        doc._.quotations = records
        doc.spans[QUOTES_SPANS] = [
            span for r in records if (span := doc.char_span(
                r["start"], r["end"], label=r["kind"], alignment_mode="expand")) is not None]
        doc._.attributions = None  # spaCy objects stay in this process
        return doc

    @staticmethod
    def _resolved(doc: Doc, resolver: MentionResolver, attribution: Attribution
                  ) -> QuotationRecord:
        """The record of an attribution, with its speaker resolved."""
        person, method = None, attribution.method
        if attribution.mention is not None:
            person, how = resolver.person_of(attribution.mention)
            if attribution.method in ("cue", "colon", "slot", "previous", "dash", "label", "frame",
                                    "noun"):
                method = how
        return _record(doc, attribution, person, method)


def _organisations_speak_on(attributions: list[Attribution], records: list[QuotationRecord]
                            ) -> list[QuotationRecord]:
    """"The party said ... It said ...": "it" as the subject of a speech verb is the
    organisation that spoke last, within a few paragraphs (both lists in text order)."""
    last: QuotationRecord | None = None
    for attribution, record in zip(attributions, records, strict=True):
        mention, cue = attribution.mention, attribution.cue
        if record["speaker"] is None and mention is not None and cue is not None and (
                mention.root.lower_ == "it" and mention.root.dep_ == "nsubj"
                and mention.root.head.i == cue.root.i) and last is not None and (
                mention.start_char - last["end"] <= ORGANISATION_WINDOW):
            record["speaker"], record["method"] = last["speaker"], "pronoun"
        elif record["speaker"] is not None:
            last = record if record["role"] is None and record["method"] == "mention" else None
    return records


# --- names -----------------------------------------------------------------------------


def strip_possessive(text: str) -> str:
    """"Mr Starmer’s" -> "Mr Starmer"."""
    for ending in POSSESSIVE_ENDINGS:
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def split_honorifics(text: str) -> tuple[list[str], list[str]]:
    """("Sir Keir Starmer") -> (["sir"], ["Keir", "Starmer"]); strips a possessive."""
    words = strip_possessive(text).split()
    honorifics = []
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        honorifics.append(words.pop(0).lower().rstrip("."))
    return honorifics, [w for w in words if w]


def with_honorific(ent: Span) -> Span:
    """Extend an entity leftwards over honorifics and forenames the recogniser left
    out ("Sir" Keir Starmer, "Sadiq" Khan); drop a place it took in ("Mayor of
    [Lewisham] Damien Egan", "Mayor of West [Yorkshire] Tracy Brabin")."""
    doc = ent.doc
    start = ent.start
    if len(ent) >= 3 and start > 0 and _place_of(doc, start - 1) and not _is_initial(ent[1]):
        return doc[start + 1:ent.end]  # but "Secretary of State John F. Kerry" stays whole
    while start > 0:
        token = doc[start - 1]
        forename = (token.pos_ == "PROPN" and token.dep_ in ("compound", "flat")
                    and token.head.i >= start and not token.ent_type_
                    and token.lemma_.lower() not in ROLE_NOUNS and token.text[:1].isupper()
                    and ent.end - start == 1  # a lone surname; "Oliver Coppard" is whole
                    and (start < 2 or doc[start - 2].lower_ != "of"))
        if not (_is_plain_honorific(token) or forename):
            break
        start -= 1
    return doc[start:ent.end]


def _is_initial(token: Token) -> bool:
    """A middle initial ("F.", "J"), which no name starts with."""
    return len(token.text.rstrip(".")) == 1 and token.text[:1].isupper()


def _place_of(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is "of" or "for", or in the capitalised start of a place after
    one: "Mayor of [Lewisham]", "Mayor of [South Yorkshire]"."""
    j = i
    while j >= max(i - 2, 0) and doc[j].text[:1].isupper() and doc[j].ent_type_ != "PERSON":
        j -= 1
    return j >= 0 and doc[j].lower_ in ("of", "for")


def role_phrase(ent: Span) -> Span | None:
    """The role the text attaches to a named person, from three constructions:
    "Labour leader Keir Starmer" (premodifier), "Adam Hug, the new Labour leader of
    Westminster City Council" (apposition after) and "the shadow chancellor, Ed Balls"
    (the name in apposition to the role)."""
    doc = ent.doc
    head = ent.root
    start = with_honorific(ent).start
    i = start - 1
    while i >= 0 and (not doc[i].is_punct or doc[i].text == "-") and doc[i].dep_ != "det" and (
        head in doc[i].ancestors or doc[i].lower_ in ROLE_MODIFIERS
    ):
        i -= 1
    end = start
    while end > i + 1 and _is_plain_honorific(doc[end - 1]):
        end -= 1  # "Labour leader [Sir] Keir Starmer"
    words = doc[i + 1:end]
    if len(words) and any(t.lemma_.lower() in ROLE_NOUNS for t in words):
        return words
    for child in head.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.lemma_.lower() in ROLE_NOUNS:
            return _role_span(child)
        if child.dep_ == "appos" and child.i >= ent.end and _described(child):
            span = _role_span(child)  # up to a clause about something else (", who ...")
            comma = next((t.i for t in span if t.text == ","), span.end)
            return ent.doc[span.start:comma]
    if head.dep_ == "appos" and head.head.i < ent.start and head.head.lemma_.lower() in ROLE_NOUNS:
        return _role_span(head.head, stop=ent.start)
    if head.dep_ == "pobj" and head.head.lower_ == "of":  # "Mayor of London Sadiq Khan"
        office = head.head.head
        if office.lemma_.lower() in ROLE_NOUNS and office.i < start:
            return _role_span(office, stop=start)
    return None


def _described(noun: Token) -> bool:
    """"Danny Fitzgerald, a Unite shop steward at Cammell Laird,": an indefinite common
    noun in apposition describes the person named (what they do, where)."""
    return not noun.ent_type_ and any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)


def _is_plain_honorific(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in HONORIFICS and word not in ROLE_NOUNS


def _role_span(noun: Token, stop: int | None = None) -> Span:
    doc = noun.doc
    tokens = [t for t in noun.subtree if (stop is None or t.i < stop)
              and not (t.dep_ in ("appos", "relcl") and t.head == noun)]
    allowed = {t.i for t in tokens}
    for t in noun.subtree:  # drop whatever hangs from an excluded apposition
        if t.i in allowed and any(a.dep_ in ("appos", "relcl") and a.head == noun
                                  for a in t.ancestors if a != noun):
            allowed.discard(t.i)
    start = min(allowed)
    end = start
    while end < len(doc) and end in allowed:
        end += 1
    while start < end and (doc[start].dep_ in ("det", "poss") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _clean_role(role: Span) -> str:
    text = role.text.strip(" ,")
    for prefix in ("the ", "The ", "a ", "an "):
        text = text.removeprefix(prefix)
    return strip_possessive(text)  # "the justice secretary's attack"


# Journalists' short forms of a role, spelled out: "the PM" is "the prime minister".
ABBREVIATED_ROLES = {short: office for short, office in ROLE_PHRASES.items()
                     if " " not in short and short not in office.split()}

# Role nouns that name one kind of post, and the words that leave a role generic.
ROLE_KINDS = (MEDIA_ROLES, frozenset({"minister", "secretary", "chancellor"}))
GENERIC_ROLE_WORDS = frozenset("cabinet senior junior government former new uk".split())


def _same_kind(lemma: str, modifiers: set[str], role_words: set[str]) -> bool:
    """Whether a role phrase (head ``lemma``, other words ``modifiers``) can refer to
    someone with ``role_words``: the same head ("the minister" ... "the Brexit
    minister"), or a generic phrase of the same kind ("the Cabinet minister" for a Home
    Secretary, "the host" for a presenter)."""
    if lemma in role_words:
        return True
    if "shadow" in role_words and "shadow" not in modifiers:
        return False
    kind = next((k for k in ROLE_KINDS if lemma in k), None)
    generic = modifiers <= GENERIC_ROLE_WORDS or kind is MEDIA_ROLES
    return kind is not None and generic and bool(kind & role_words)


def _content_words(span: Span) -> set[str]:
    return {t.lemma_.lower() for t in span if not t.is_stop and t.is_alpha}


def _gender_of(honorifics: list[str]) -> str | None:
    for honorific in honorifics:
        if honorific in MALE_HONORIFICS:
            return "M"
        if honorific in FEMALE_HONORIFICS:
            return "F"
    return None


# --- resolving mentions ----------------------------------------------------------------


class MentionResolver:
    """One pass over the document's person mentions, in order, with salience."""

    PRONOUN_WINDOW = 1500  # characters back to look for a pronoun's antecedent
    SPEAKER_WINDOW = 4500  # ... and for the last speaker, who stays the topic longer

    def __init__(self, doc: Doc, registry: Registry | None, speakers: list[Span],
                 quoted: Sequence[tuple[int, int]] = ()):
        self.doc = doc
        self.quoted = merged(quoted)  # character spans inside quotation marks
        self.registry = registry
        self.published = read_date(doc._.published, "", [])  # ISO, set by extract
        self.forenames: dict[str, list[tuple[int, str]]] | None = None  # see _forenames
        self.surnames: set[str] | None = None  # of every person named; see _past_holder
        self.titled = _titled_surnames(text_of(doc))
        self.speaker_mentions = speakers
        self.speakers = {span.root.i for span in speakers} | {
            owner.i for span in speakers if (owner := _document_owner(span)) is not None}
        self.people: list[Person] = []
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.ents = tuple(doc.ents)  # spaCy builds new Span objects on every access
        self.ent_starts = [ent.start for ent in self.ents]
        skipped = doc._.skipped or []
        self.skipped = merged(skipped)

    # the pass

    def run(self) -> None:
        for span, kind in self._candidates():
            weight = 3 if any(t.i in self.speakers for t in span) else (
                0 if self._quoted(span.start_char) else 2 if _main_subject(span.root) else 1)
            if kind == "speaker":  # a speaker the recogniser missed or took for a place
                if self._looks_like_name(span):
                    mention = self._name(span, weight)
                elif span.root.lemma_.lower() in ROLE_NOUNS and span.root.tag_ not in (
                        "NNS", "NNPS"):  # a headline's "First Minister lays down the law"
                    mention = Mention(span, "role", self._role(span), weight)
                else:
                    continue
            elif kind == "name":
                mention = self._name(span, weight)
            elif kind == "pronoun":
                mention = Mention(span, "pronoun", self._antecedent(span), weight)
            else:
                mention = Mention(span, "role", self._role(span), weight)
            self.mentions.append(mention)
            for token in span:
                if kind == "name" or token.i not in self.by_token:
                    self.by_token[token.i] = mention  # a name beats a role phrase around it

    def _candidates(self) -> list[tuple[Span, str]]:
        doc = self.doc
        found: list[tuple[Span, str]] = []
        names: set[int] = set()  # token indices already in a name
        for ent in self.ents:
            if ent.label_ == "PERSON" and not self._skipped(ent.start_char) and (
                not is_party_name(strip_possessive(ent.text))
            ) and not any(c.isdigit() for c in ent.text) and not _modifies_thing(ent):
                for span in _separate_names(_with_particles(_with_surname(with_honorific(ent)))):
                    found.append((span, "name"))
                    names.update(range(span.start, span.end))
            elif ent.label_ in ("ORG", "GPE", "NORP") and len(ent) == 1 and (
                    ent.start not in names) and self._known_surname(ent):
                found.append((ent, "name"))  # "Yousaf" after "Humza Yousaf", tagged a place
                names.add(ent.start)
        for token in _name_pronoun_or_noun(doc):
            if token.i in names or self._skipped(token.idx):
                continue
            lower = token.lower_
            if self._untagged_surname(token):
                found.append((doc[token.i:token.i + 1], "name"))  # "Hunt ignored that"
                names.add(token.i)
            elif lower in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass") or (
                    lower in ("his", "her") and token.i in self.speakers):  # "His letter"
                found.append((doc[token.i:token.i + 1], "pronoun"))
            elif _is_role_head(token, names):
                found.append((_role_span_with_det(token), "role"))
        covered = {t.i for span, _ in found for t in span}
        for span in self.speaker_mentions:
            if not any(t.i in covered for t in span):
                found.append((span, "speaker"))
                covered.update(range(span.start, span.end))
        found.sort(key=lambda item: item[0].start)
        return found

    def _quoted(self, position: int) -> bool:
        """Inside a quotation: a name the speaker mentions is not the story's topic."""
        return in_ranges(self.quoted, position)

    def _skipped(self, position: int) -> bool:
        return in_ranges(self.skipped, position)

    # names

    def _name(self, span: Span, weight: int) -> Mention:
        honorifics, words = split_honorifics(span.text)
        words = text_name(words)
        place = bool(words) and words[-1].lower() in PLACE_HEADS
        if not words or place and not self._forename_first(span, words):
            return Mention(span, "name", None, weight)  # "George Square" is no one
        name = " ".join(words)
        person = next((p for p in self.people if p.name == name), None)
        if person is None and len(words) > 2:
            # "Prime Minster Liz Truss": a known full name with words the parse glued on
            person = next((p for p in self.people if len(p.name.split()) >= 2
                           and name.endswith(" " + p.name)), None)
        kind = "name"
        if person is None and len(words) == 1:
            by_first = bool(honorifics) and honorifics[0] in FIRST_NAME_HONORIFICS
            person = self._recent(lambda p: (p.first_name if by_first else p.surname) == name)
            if person is None and not honorifics:
                person = self._recent(lambda p: p.first_name == name)
            kind = "alias" if person is not None else "name"
        if person is None and len(words) > 1:
            # "Trump" first, "Donald Trump" later: the same person, now with a full name
            single = next((p for p in self.people if p.name == words[-1]), None)
            if single is not None:
                single.name = name
                person = single
        if person is None and len(words) == 1:
            full = self._earlier_full_name(span.start_char, name)
            full = " ".join(text_name(full.split())) if full else (
                self._registry_name(name) or self._registry_name(name, forename=True))
            if full is not None:
                person = next((p for p in self.people if p.name == full), None)
                name = full
        if person is None:
            person = Person(name)
            if self.registry is not None and len(name.split()) >= 2:
                person.gender = self.registry.gender_of(name)
            self.people.append(person)
        if honorifics:
            person.aliases.add(strip_possessive(span.text))
            person.gender = person.gender or _gender_of(honorifics)
        ent = self._entity(span)  # it holds span.root; with particles the name runs on
        whole = self.doc[min(ent.start, span.start):max(ent.end, span.end)]
        if person.role is None and (role := role_phrase(whole)) is not None:
            person.take_role(role)
        return Mention(span, kind, person, weight)

    def _forename_first(self, span: Span, words: list[str]) -> bool:
        """A person's name (``words``, honorifics off) whose surname is a place word
        ("Susan Hall", "Damian Green"): the recogniser says PERSON and the first word is a
        registry person's forename. "George Square" is a place it seldom calls a person."""
        if self.registry is None or span.root.ent_type_ != "PERSON" or len(words) < 2:
            return False
        return any(split_name(p.name)[0] == words[0] for p in self.registry.find(words[0]))

    def _untagged_surname(self, token: Token) -> bool:
        """A lone proper noun outside every entity that the text wrote earlier after a
        forename: the recogniser tags "Hunt" in one sentence and misses it in the next."""
        if token.pos_ != "PROPN" or token.ent_type_ or not token.text[:1].isupper():
            return False
        doc = self.doc
        lone = not (token.i > 0 and doc[token.i - 1].pos_ == "PROPN") and not (
            token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN")
        return lone and self._earlier_full_name(token.idx, token.text) is not None

    def _known_surname(self, word: Span) -> bool:
        """A word the recogniser took for an organisation or a place that the text wrote
        earlier after a forename, or that names a politician in office that day."""
        return self._earlier_full_name(word.start_char, word.text) is not None or (
            self.published is not None  # undated, too many places share a surname
            and self._registry_name(word.text) is not None)

    def _earlier_full_name(self, before: int, word: str) -> str | None:
        """The latest "Forename Surname" written before ``before`` that ends in ``word``,
        for names the entity recogniser missed ("Labour leader Ed Miliband", "Rhun ap
        Iorwerth"). The text is searched once per document."""
        if self.forenames is None:
            self.forenames = _forenames(text_of(self.doc))
        found = None
        for position, forename in self.forenames.get(word, ()):
            if position >= before:
                break
            first = self.doc.char_span(position, position + len(forename.split()[0]))
            if first is not None and first.root.ent_type_ in NOT_FORENAME_ENTITIES:
                continue  # "SF Assembly", "Ireland Office": a body, not a forename
            found = f"{forename} {word}"
        return found

    def _registry_name(self, word: str, forename: bool = False) -> str | None:
        """The full name of the registry politician with this surname (or forename) who
        held a post on the document's date ("Sunak" in a 2023 article is Rishi Sunak);
        among several, the one whose post the text names ("Jeremy" in an article about
        Horsham is its MP, Jeremy Quin). Without a date, any post they ever held counts,
        and the text must name one of them ("Drakeford" beside "Wales")."""
        if self.registry is None:
            return None
        registry, on = self.registry, self.published
        part = 0 if forename else 1
        holders = [(p, registry.roles_on(p.id, on) if on else list(p.roles))
                   for p in registry.find(word) if split_name(p.name)[part] == word]
        holders = [(p, roles) for p, roles in holders if roles]
        if len(holders) == 1 and on is not None:
            return holders[0][0].name
        text = text_of(self.doc)
        # undated, a forename is shared by too many who ever held some post: only the
        # seat a local paper names picks one out ("Jeremy" beside "Horsham")
        named_post = _seat_named if on is None and forename else _post_named
        named = [p for p, roles in holders if any(named_post(r.title, text) for r in roles)]
        return named[0].name if len(named) == 1 else None

    def _entity(self, span: Span) -> Span:
        """The entity around the span's root, else the span (by bisection: a long text
        has thousands of entities)."""
        k = bisect_right(self.ent_starts, span.root.i) - 1
        if k >= 0 and span.root.i < self.ents[k].end:
            return self.ents[k]
        return span

    def _recent(self, test: Callable[[Person], bool], min_weight: int = 0) -> Person | None:
        """The most recently mentioned person that passes ``test``, through a mention at
        least as salient as ``min_weight`` (2: a speaker or a main-clause subject, 1: a
        name in the narrative, 0: also a name inside a quotation)."""
        for mention in reversed(self.mentions):
            if mention.person is not None and mention.weight >= min_weight and test(
                    mention.person):
                return mention.person
        return None

    # pronouns

    def _antecedent(self, pronoun: Span) -> Person | None:
        """The discourse topic: the latest compatible speaker or main-clause subject;
        else the latest speaker further back (a quotation's speaker stays the topic over
        paragraphs of narration); else the latest compatible person. Names inside
        subordinate clauses, reported clauses, prepositional phrases and appositions
        are never preferred over the topic."""
        gender = "M" if pronoun.text.lower() in MALE_PRONOUNS else "F"
        fallback = topic = speaker = reporter = None
        for mention in reversed(self.mentions):
            distance = pronoun.start_char - mention.span.start_char
            if distance > self.SPEAKER_WINDOW:
                break
            person = mention.person
            if person is None or person.gender not in (None, gender):
                continue
            if person.role_words & MEDIA_ROLES:
                # a correspondent's analysis or an interviewer's question: the story is
                # about someone else, who stays the topic
                reporter = reporter or person
                continue
            if distance <= self.PRONOUN_WINDOW:
                if mention.weight >= 2:
                    topic = person
                    break
                fallback = fallback or (person if mention.weight else None)
            elif mention.weight == 3:
                speaker = person
                break
        found = topic or speaker or fallback or reporter
        if found is not None:
            found.gender = found.gender or gender
        return found

    # roles

    def _role(self, span: Span) -> Person | None:
        """The person a nominal role refers to: by apposition, by the roles the text
        gives its people, by who held the office on the document's date, by the next
        person introduced, or else the most salient person with no role of their own."""
        head = span.root
        inside = [e for e in self.ents if e.label_ == "PERSON" and span.start < e.start
                  and e.end <= span.end]
        if inside:  # "the leader of Carlisle City Council John Mallinson"
            person = self._name(with_honorific(inside[0]), 1).person
            if person is not None:
                person.take_role(self.doc[span.start:with_honorific(inside[0]).start])
            return person
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                name = with_honorific(self._entity(self.doc[child.i:child.i + 1]))
                person = self._name(name, 1).person
                if person is not None:
                    person.take_role(_role_span(head, stop=child.i))
                return person
        if head.dep_ == "appos" and head.head.ent_type_ == "PERSON":
            mention = self.by_token.get(head.head.i)
            return mention.person if mention else None
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children):
            return None  # "a Downing Street spokesman" introduces someone, unnamed
        words = _content_words(span)
        lemma = head.lemma_.lower()
        modifiers = {t.lemma_.lower() for t in span if t.is_alpha and t.i != head.i
                     and t.dep_ not in ("det", "poss")}
        if (spelled := ABBREVIATED_ROLES.get(lemma)) is not None:  # "the PM"
            *before, lemma = spelled.split()
            modifiers |= set(before)
            words = words - {head.lemma_.lower()} | set(spelled.split())
        matches = [p for p in self.people if _same_kind(lemma, modifiers, p.role_words)]
        if matches:
            person = max(matches, key=lambda p: len(words & p.role_words))
        else:
            person = self._registry_holder(span) or self._introduced_later(span)
            # someone's spokesman or aide is not the salient person (often the owner)
            if person is None and not any(c.dep_ == "poss" for c in head.children):
                # a past office ("the former Education Minister") adds to a known role
                former = any(t.lower_ in ("former", "ex") for t in span)
                unroled = lambda p: (former or p.role is None) and (  # noqa: E731
                    p.source == "text")
                person = self._recent(unroled, min_weight=2) or self._recent(unroled, 1)
        if person is not None:
            person.take_role(span)
        return person

    def _registry_holder(self, span: Span) -> Person | None:
        """Who held the office the role names: on the document's date; or, undated,
        the one person the text names who ever held it (see _past_holder)."""
        if self.registry is None:
            return None
        if self.published is None:
            return self._past_holder(span)
        holders = self.registry.holder_roles(_clean_role(span), self.published,
                                             confirmed_only=True)
        if len(holders) > 1:  # "the First Minister" of the nation the text names
            text = text_of(self.doc)
            holders = [(p, r) for p, r in holders if _post_named(r.title, text)]
        return self._registry_person(holders[0][0].name) if len(holders) == 1 else None

    def _past_holder(self, span: Span) -> Person | None:
        """Undated: the one person the text names, anywhere, who ever held the office the
        role names ("the First Minister has said. Mr Drakeford refused ...")."""
        assert self.registry is not None
        if self.surnames is None:
            self.surnames = {words[-1] for e in self.ents if e.label_ == "PERSON"
                             if (words := split_honorifics(e.text)[1])}
        text = text_of(self.doc)
        holders = {p.name for p, _ in self.registry.holder_roles(_clean_role(span), None)
                   if split_name(p.name)[1] in self.surnames  # "Mr Drakeford"
                   or _written(p.name, text)}  # a full name the recogniser missed
        return self._registry_person(holders.pop()) if len(holders) == 1 else None

    def _registry_person(self, name: str) -> Person:
        """This document's person of that name, made from the registry if new."""
        person = next((p for p in self.people if p.name == name), None)
        if person is None:
            person = Person(name, source="registry")
            self.people.append(person)
        return person

    def _introduced_later(self, span: Span) -> Person | None:
        """Cataphora: "The council's new leader was in no doubt. ... Cllr Joanne
        Whitfield, who ..." when nobody was named before the role."""
        if any(m.person is not None for m in self.mentions):
            return None
        for ent in self.ents:
            if ent.label_ == "PERSON" and ent.start > span.end:
                _, words = split_honorifics(with_honorific(ent).text)
                if len(words) >= 2:
                    return self._name(with_honorific(ent), 1).person
        return None

    # speakers

    def _looks_like_name(self, span: Span) -> bool:
        """Capitalised words, after an honorific or naming a known person: "Mr Balls",
        "Cllr Tilbury", or "Miliband" when the recogniser took it for an organisation."""
        honorifics, words = split_honorifics(span.text)
        if not words or len(words) > 4 or not all(
                w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words[:-1]) or (
                not words[-1][:1].isupper()):  # "Mr ap Iorwerth"
            return False
        if words[-1].lower() in NOT_PEOPLE or span.root.lemma_.lower() in ROLE_NOUNS or (
                is_party_name(strip_possessive(" ".join(words)))):
            return False
        if honorifics or words[-1] in self.titled or any(
                words[-1] in (p.surname, p.first_name) for p in self.people):
            return True
        if len(words) >= 3 and words[-1].isupper() and words[-1].lower() in POST_NOMINALS:
            return True  # "Eluned Morgan MS", which the recogniser takes for a body
        if len(span) == 1 and self._known_surname(span):
            return True
        return span.root.ent_type_ in ("", "PERSON") and all(
            t.pos_ == "PROPN" for t in span if t.text in words)

    def _joint(self, named: list[Mention]) -> Person | None:
        """Two people named together as one speaker ("A and B said"): one joint
        speaker, named "A and B" (not one of this document's people)."""
        pairs = [(a, b) for a in named for b in named if b.span.root.dep_ == "conj"
                 and b.span.root.head.i in range(a.span.start, a.span.end)
                 and a.person is not None and b.person is not None and a.person is not b.person]
        return _together(*pairs[0]) if pairs else None

    def _joint_before(self, pronoun: Span) -> Person | None:
        """What "they" speaking refers to: two people named together as the subject of
        the sentence before, in the same or the previous paragraph."""
        sentence = pronoun.sent
        if sentence.start == 0:
            return None
        before = self.doc[sentence.start - 1].sent
        if text_of(self.doc)[before.end_char:pronoun.start_char].count("\n") > 2:
            return None
        subjects = [self.by_token[t.i] for t in before if t.i in self.by_token
                    and t.dep_ in ("nsubj", "nsubjpass", "appos", "conj")
                    and self.by_token[t.i].kind in ("name", "alias")]
        return self._joint(subjects)

    def _pair_before(self, mention: Span) -> Person | None:
        """What "both candidates" or "the two ministers" refers to: the last two people
        named before it, in its sentence or the one before."""
        sentence = mention.sent
        start = self.doc[sentence.start - 1].sent.start if sentence.start else 0
        people: list[Mention] = []
        for m in self.mentions:
            if start <= m.span.start and m.span.end <= mention.start and m.kind in (
                    "name", "alias") and m.person is not None and (
                    not people or m.person is not people[-1].person):
                people = [p for p in people if p.person is not m.person] + [m]
        return _together(*people[-2:]) if len(people) >= 2 else None

    def person_of(self, mention: Span) -> tuple[Person | None, str]:
        """The person behind an attribution's speaker mention, and how it was found."""
        root = mention.root
        if root.lower_ == "who" and root.head.dep_ == "relcl":
            root = root.head.head  # "Loretta Lynch, who told Congress": the noun it hangs from
            mention = mention_span(root)
        if (owner := _document_owner(mention)) is not None:
            root = owner  # "His letter went on", "Jingye’s statement said": the owner speaks
            mention = self.doc[owner.i:owner.i + 1]
        attached = [c for c in root.children if c.dep_ in ("appos", "compound", "flat", "conj")
                    or c.dep_ == "prep" and c.lower_ == "of"]
        # an owner is not the speaker: "Clinton's introducer, actress Jamie Lee Curtis"
        owned = {t.i for c in root.children if c.dep_ == "poss" for t in c.subtree}
        near = [t for t in mention if t.i not in owned] + [
            t for c in attached for t in c.subtree]
        found = [self.by_token[t.i] for t in near if t.i in self.by_token]
        named = [m for m in found if m.kind in ("name", "alias")]
        # the name at the mention's head first: "Liz Truss - Sunak said" is Sunak speaking
        named.sort(key=lambda m: not (m.span.start <= root.i < m.span.end))
        if (joint := self._joint(named)) is not None:
            return joint, "name"  # "Peter Hain and John Denham urged"
        if root.lower_ == "they" and (joint := self._joint_before(mention)) is not None:
            return joint, "pronoun"  # "..., they wrote in The Guardian"
        if root.tag_ == "NNS" and any(c.lower_ in ("both", "two") for c in root.children) and (
                pair := self._pair_before(mention)) is not None:
            return pair, "role"  # "A won in Tamworth and B in Mid Bedfordshire, with both
            # candidates saying"
        best = next(iter(named or found), None)
        if best is None and self._looks_like_name(mention):
            best = self._name(mention, 3)  # a name the entity recogniser missed
        if best is None or best.person is None:
            return None, "mention"
        return best.person, best.kind


def _together(first: Mention, second: Mention) -> Person:
    """One joint speaker for two people named together."""
    assert first.person is not None and second.person is not None
    return Person(f"{first.person.name} and {second.person.name}")


def _with_surname(span: Span) -> Span:
    """"Mark H" + "Durkan": a name whose last word the recogniser left out, though the
    parse makes the entity a compound of it."""
    doc, root = span.doc, span.root
    if span.end < len(doc) and root.dep_ == "compound" and root.head.i == span.end:
        last = doc[span.end]
        if last.pos_ == "PROPN" and last.text[:1].isupper() and last.lower_ not in NOT_PEOPLE:
            return doc[span.start:span.end + 1]
    return span


def _with_particles(span: Span) -> Span:
    """"Rhun" + "ap Iorwerth": a name continued after a particle the recogniser left out."""
    doc, end = span.doc, span.end
    while end + 1 < len(doc) and doc[end].lower_ in NAME_PARTICLES:
        after = end + 1
        while after < len(doc) and doc[after].lower_ in NAME_PARTICLES:
            after += 1
        if after >= len(doc) or not doc[after].text[:1].isupper() or doc[after].pos_ != "PROPN":
            break
        end = after + 1
    return doc[span.start:end]


def is_party_name(text: str) -> bool:
    """"Labour", "the Tories", "Scottish Labour", "Welsh Conservatives": a party, which the
    entity recogniser sometimes takes for a person."""
    words = text.split()
    if words and words[0].lower() in NATION_WORDS:
        words = words[1:]
    rest = " ".join(words).lower()
    return rest in NOT_PEOPLE or rest in ORGANISATION_NAMES or (
        text.lower() in ORGANISATION_NAMES)  # "Ulster Unionists"


def _post_named(title: str, text: str) -> bool:
    """Whether the text names a post by its place: the seat of "MP for Horsham", the
    nation of "First Minister of Wales", else the whole title ("Paymaster General")."""
    place = re.search(r"\b(?:for|of) (?:the )?([A-Z][^,]*)$", title)
    return _written(place.group(1) if place else title, text)


def _written(words: str, text: str) -> bool:
    """Whether the text writes these words, in any case ("NICOLA Sturgeon")."""
    return re.search(r"\b" + re.escape(words) + r"\b", text, re.IGNORECASE) is not None


def _seat_named(title: str, text: str) -> bool:
    """Whether the post is a seat in Parliament ("MP for Horsham") the text names."""
    return title.startswith("MP for ") and _post_named(title, text)


def _document_owner(mention: Span) -> Token | None:
    """The owner of a document that speaks: "His letter", "the party's statement"."""
    root = mention.root
    if root.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    owners = [c for c in root.children if c.dep_ == "poss"]
    return owners[0] if owners else None


def _modifies_thing(ent: Span) -> bool:
    """A "name" that only describes a thing: "the SF Assembly group", "the Glasgow
    Pollok constituency" (but "Labour leader Keir Starmer" names a person)."""
    root = ent.root
    head = root.head
    return root.dep_ == "compound" and head.pos_ == "NOUN" and head.i >= ent.end and (
        head.lemma_.lower() not in ROLE_NOUNS and head.lemma_.lower() not in ANIMATE_NOUNS)


def _main_subject(token: Token) -> bool:
    """The subject of a sentence's main clause (or of a verb coordinated with it), not
    of a subordinate, reported or relative clause ("when X took Labour to defeat")."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _separate_names(span: Span) -> list[Span]:
    """Two names the entity recogniser ran together ("Liz Truss - Sunak", "Burnham,
    Khan") are two people: split at punctuation inside the entity."""
    pieces, start = [], span.start
    for token in span:
        if token.is_punct and token.text not in (".", "'", "’", "-") or token.text == "-" and (
                token.whitespace_ and token.i > 0 and token.doc[token.i - 1].whitespace_):
            if token.i > start:
                pieces.append(span.doc[start:token.i])
            start = token.i + 1
    if start < span.end:
        pieces.append(span.doc[start:span.end])
    return [p for p in pieces if any(t.text[:1].isupper() for t in p)]


# "Forename [particles] Word" at every position (a lookahead, so pairs may overlap:
# "Keir Starmer Said" holds Keir Starmer and Starmer Said); the word ends before a
# possessive ("Rishi Sunak’s") and may hold inner capitals ("O'Neill", "Rees-Mogg").
FORENAME_PAIR = re.compile(r"\b(?=([A-Z][\w’'-]+(?: (?:" + "|".join(sorted(NAME_PARTICLES))
                           + r"))*) ([A-Z]\w*(?:[’'-][A-Z]\w*)*)\b)")


def _forenames(text: str) -> dict[str, list[tuple[int, str]]]:
    """Word -> (position, forename) of every "Forename [particles] Word" in ``text``, in
    order, without honorifics, role nouns, stop words or parties as forenames."""
    found: dict[str, list[tuple[int, str]]] = {}
    for match in FORENAME_PAIR.finditer(text):
        forename, word = match.group(1), match.group(2)
        first = forename.split()[0].lower().rstrip(".")
        if first not in HONORIFICS and first not in ROLE_NOUNS and first not in STOP_WORDS and (
                not is_party_name(f"{forename} {word}")):
            found.setdefault(word, []).append((match.start(), forename))
    return found


# Honorifics written before a surname, which make the next word a person's surname.
SURNAME_TITLES = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Prof)\.? ([A-Z]\w*(?:[’'-][A-Z]\w*)*)")


def _titled_surnames(text: str) -> set[str]:
    """Every word the text writes after "Mr", "Mrs", "Dr" and the like ("Mr Sarwar"
    makes "Anas Sarwar" a person wherever the recogniser tagged it a place)."""
    return set(SURNAME_TITLES.findall(text))


PERSONAL_PRONOUNS = ("he", "she", "his", "her")


def _name_pronoun_or_noun(doc: Doc) -> list[Token]:
    """The tokens that can begin a mention other than an entity: proper nouns, nouns (a
    role's head) and personal pronouns; read from arrays, as most words are none."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    pos, lower = doc.to_array([POS, LOWER]).T
    wanted = numpy.isin(pos, [NOUN, PROPN]) | numpy.isin(
        lower, [strings.add(w) for w in PERSONAL_PRONOUNS])
    return [doc[i] for i in numpy.flatnonzero(wanted).tolist()]


def _is_role_head(token: Token, names: set[int]) -> bool:
    """A definite nominal role heading its own phrase: "the prime minister", "the
    council's new leader" (not "Labour leader" in "Labour leader Keir Starmer")."""
    if token.lemma_.lower() not in ROLE_NOUNS or token.pos_ not in ("NOUN", "PROPN") or (
            token.tag_ in ("NNS", "NNPS")):  # "its ministers" are no one person
        return False
    if token.dep_ in ("compound", "amod") or token.head.i in names and token.dep_ != "appos":
        return False
    return any(c.dep_ == "poss" or c.lower_ == "the" for c in token.children)


def _role_span_with_det(token: Token) -> Span:
    span = _role_span(token)
    # a list: min(x, *()) of an empty generator is min(int), a TypeError
    start = min([span.start, *(c.i for c in token.children if c.dep_ in ("det", "poss"))])
    return token.doc[start:span.end]


# --- records ---------------------------------------------------------------------------


def _record(doc: Doc, attribution: Attribution, person: Person | None, method: str
            ) -> QuotationRecord:
    text = text_of(doc)
    mention = attribution.mention
    cue = attribution.cue
    speaker = person.name if person else (
        _organisation(mention) or _party_named_before(mention) or _data_issuer(mention))
    return {
        "start": attribution.start,
        "end": attribution.end,
        "text": text[attribution.start:attribution.end],
        "kind": attribution.kind,
        "speaker": speaker,
        "speaker_mention": _span_dict(mention),
        "cue": _span_dict(cue),
        "role": person.role if person else None,
        "vague_source": speaker is None and is_vague(mention),
        "confidence": round(attribution.confidence, 2),
        "method": method if mention is not None else attribution.method,
        "cue_method": attribution.method,
        "parts": [list(p) for p in attribution.parts],
        "sentence": _sentences_around(doc, attribution.start, attribution.end),
    }


def _sentences_around(doc: Doc, start: int, end: int) -> list[int]:
    """[start, end] of the sentences from the one holding ``start`` to the one holding
    ``end``, without the spaces and line breaks at their edges."""
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None:  # only spaces: nothing to widen
        return [start, end]
    first, last = sentence_of(span[0]), sentence_of(span[-1])
    words = [t for t in doc[first.start:last.end] if not t.is_space]
    if not words:
        return [start, end]
    return [words[0].idx, words[-1].idx + len(words[-1].text)]


def is_vague(mention: Span | None) -> bool:
    """An unnamed group as a source: a bare plural ("Economists", "NHS managers", "Local
    businesses"), a vague word ("sources", "critics", "officials"), or the dummy subject
    of "It is understood that"."""
    if mention is None:
        return False
    root = mention.root
    if root.lower_ in VAGUE_SOURCES or root.lower_ == "it" and root.dep_ == "nsubjpass":
        return True  # ... or the "It" of "It is understood that"
    bare = not any(t.dep_ in ("det", "poss", "nummod") for t in root.children)
    return root.tag_ in ("NNS", "NNPS") and root.ent_type_ not in ("PERSON", "ORG") and bare


def _organisation(mention: Span | None) -> str | None:
    """An organisation speaking, under its full name ("the DUP" -> Democratic Unionist
    Party)."""
    if mention is None:
        return None
    text = strip_possessive(mention.text)
    full = ORGANISATION_NAMES.get(text.casefold())
    bare = text.removeprefix("the ").removeprefix("The ")
    if full is None and (mention.root.ent_type_ in ("ORG", "NORP", "GPE") or (
            bare.split()[:1] != [] and bare.split()[0].lower() in NATION_WORDS
            and is_party_name(bare))):
        full = bare  # the national party under its own name: "Scottish Conservatives"
    return full


def _data_issuer(mention: Span | None) -> str | None:
    """Who issued the figures that speak: "Figures published by Bristol City Council",
    "figures from NHS England", "Department for Education figures", "the ONS's data"."""
    if mention is None or mention.root.lemma_.lower() not in DATA_NOUNS:
        return None
    root = mention.root
    near = [c for c in root.children if c.dep_ in ("poss", "compound", "nmod")]
    for child in root.children:  # "from X", "by X", "published by X"
        preps = [child] if child.dep_ == "prep" else [
            g for g in child.children if g.dep_ in ("prep", "agent")] if child.dep_ == "acl" else []
        near += [o for p in preps if p.lower_ in ("from", "by", "of")
                 for o in p.children if o.dep_ == "pobj"]
    for token in near:
        if token.ent_type_ in ("ORG", "GPE", "NORP", "PERSON", "LOC"):
            entity = mention_span(token)
            return _organisation(entity) or strip_possessive(entity.text)
    return None


def _party_named_before(mention: Span | None) -> str | None:
    """"The party said": the party the text named last before it."""
    if mention is None or mention.root.lemma_.lower() != "party" or not any(
            t.lower_ == "the" for t in mention.root.children):
        return None
    doc = mention.doc
    for i in range(mention.start - 1, -1, -1):
        token = doc[i]
        if token.ent_iob_ == "B" and token.ent_type_ in ("ORG", "NORP", "PERSON"):
            end = i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            entity = doc[i:end]
            if is_party_name(strip_possessive(entity.text)):
                return _organisation(entity) or strip_possessive(entity.text)
    return None


def _span_dict(span: Span | None) -> SpanRef | None:
    if span is None:
        return None
    return {"start": span.start_char, "end": span.end_char, "text": span.text}
