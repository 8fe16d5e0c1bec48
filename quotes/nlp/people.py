"""People within one document: every speaker mention becomes one canonical person.

Full names introduce people; honorific forms and bare surnames ("Mr Starmer", "Sir
Keir", "Lord Frost") go to the full name introduced earlier; pronouns go to the most
salient compatible person (the latest speaker or subject); nominal roles ("the prime
minister", "the council's new leader") go to the person the text gives that role, even
when the name comes later. The role phrase the text attaches to a person ("Labour
leader Sir Keir Starmer", "Adam Hug, the new Labour leader of Westminster City
Council") is kept with its span.

Writes ``doc._.people`` (one dict a person) and ``doc._.quotations`` (the records of the
``quotes extract`` contract, plain data so they survive multiprocessing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from quotes.nlp.attribution import Attribution
from quotes.vocab import (
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    HONORIFICS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    PLURAL_PRONOUNS,
)

for _name in ("people", "quotations"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# Head nouns of role phrases ("the prime minister", "Labour leader", "Conservative MP").
ROLE_NOUNS = frozenset(
    """
    minister secretary chancellor leader mayor mp msp councillor chair chairman chairwoman
    chairperson president premier spokesman spokeswoman spokesperson deputy whip speaker
    governor senator candidate chief executive director head commissioner member peer
    adviser advisor envoy ambassador officer founder boss treasurer economist analyst
    """.split()
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
    first_seen: int = 0

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


@Language.factory("quotes_people_v1")
def make_people(nlp: Language, name: str) -> DocumentPeople:
    return DocumentPeople()


class DocumentPeople:
    """Resolve speaker mentions to the document's people and write the records."""

    def __call__(self, doc: Doc) -> Doc:
        people = _introduce_people(doc)
        attributions: list[Attribution] = doc._.attributions or []
        records = []
        last_speaker: Person | None = None
        for attribution in attributions:
            person, method = None, attribution.method
            mention = attribution.mention
            if mention is not None:
                person, how = resolve_mention(mention, people, last_speaker)
                if attribution.method == "cue":
                    method = how
            if person is not None:
                last_speaker = person
            records.append(_record(doc, attribution, person, method))
        doc._.people = [
            {"name": p.name, "aliases": sorted(p.aliases), "gender": p.gender, "role": p.role,
             "role_span": list(p.role_span) if p.role_span else None}
            for p in people
        ]
        doc._.quotations = records
        doc._.attributions = None  # spaCy objects stay in this process
        return doc


# --- introducing people ----------------------------------------------------------------


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


def _introduce_people(doc: Doc) -> list[Person]:
    """People in order of first mention, with aliases, gender and role phrase."""
    people: list[Person] = []
    by_name: dict[str, Person] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        honorifics, words = split_honorifics(_with_honorific(ent).text)
        if len(words) < 2 or any(not w[:1].isupper() for w in words):
            continue
        name = " ".join(words)
        person = by_name.get(name)
        if person is None:
            person = Person(name, first_seen=ent.start_char)
            people.append(person)
            by_name[name] = person
        _learn(person, honorifics, _with_honorific(ent).text)
        if person.role is None and (role := role_phrase(ent)) is not None:
            person.role = _clean_role(role)
            person.role_span = (role.start_char, role.end_char)
            person.role_words = _content_words(role)
    return people


def _with_honorific(ent: Span) -> Span:
    """Extend an entity leftwards over honorifics the recogniser left out."""
    start = ent.start
    while start > 0 and ent.doc[start - 1].lower_.rstrip(".") in HONORIFICS:
        start -= 1
    return ent.doc[start:ent.end]


def _learn(person: Person, honorifics: list[str], written: str) -> None:
    if honorifics:
        person.aliases.add(strip_possessive(written))
    for honorific in honorifics:
        if honorific in MALE_HONORIFICS:
            person.gender = "M"
        elif honorific in FEMALE_HONORIFICS:
            person.gender = "F"


def role_phrase(ent: Span) -> Span | None:
    """The role the text attaches to a named person, from three constructions:
    "Labour leader Keir Starmer" (premodifier), "Adam Hug, the new Labour leader of
    Westminster City Council" (apposition after) and "the shadow chancellor, Ed Balls"
    (the name in apposition to the role)."""
    doc = ent.doc
    head = ent.root
    # premodifiers: contiguous compound/amod words before the name, ending in a role noun
    start = _with_honorific(ent).start
    i = start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case") and (
        doc[i].head.i >= i and doc[i].head.i < ent.end
    ):
        i -= 1
    words = doc[i + 1:start]
    if len(words) and any(t.lemma_.lower() in ROLE_NOUNS for t in words):
        return words
    # apposition after the name
    for child in head.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.lemma_.lower() in ROLE_NOUNS:
            return _role_span(child)
    # the name in apposition to a role
    if head.dep_ == "appos" and head.head.i < ent.start and head.head.lemma_.lower() in ROLE_NOUNS:
        return _role_span(head.head, stop=ent.start)
    return None


def _role_span(noun: Token, stop: int | None = None) -> Span:
    doc = noun.doc
    tokens = [t for t in noun.subtree if stop is None or t.i < stop]
    end = max(t.i for t in tokens) + 1
    start = min(t.i for t in tokens)
    while start < end and (doc[start].dep_ == "det" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _clean_role(role: Span) -> str:
    text = role.text.strip(" ,")
    for prefix in ("the ", "a ", "an "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return text


def _content_words(span: Span) -> set[str]:
    return {t.lemma_.lower() for t in span if not t.is_stop and t.is_alpha}


# --- resolving mentions ----------------------------------------------------------------


def resolve_mention(
    mention: Span, people: list[Person], last_speaker: Person | None
) -> tuple[Person | None, str]:
    """The document person a mention refers to, and how it was found."""
    text = mention.text
    lowered = text.lower()
    if lowered in MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | {"i", "we"}:
        return _pronoun(mention, people, last_speaker), "pronoun"
    honorifics, words = split_honorifics(text)
    name = " ".join(words)
    for person in people:
        if person.name == name:
            return person, "name"
    if len(words) == 1 and words[0][:1].isupper():
        word = words[0]
        by_first = bool(honorifics) and honorifics[0] in FIRST_NAME_HONORIFICS
        candidates = [p for p in people if (p.first_name if by_first else p.surname) == word
                      and p.first_seen <= mention.start_char]
        if not candidates and not honorifics:
            candidates = [p for p in people if p.first_name == word
                          and p.first_seen <= mention.start_char]
        if candidates:
            person = _most_recent(candidates, mention, people)
            _learn(person, honorifics, text)
            return person, "alias"
    if mention.root.lemma_.lower() in ROLE_NOUNS and not mention.root.ent_type_:
        person = _by_role(mention, people)
        if person is not None:
            return person, "role"
    return None, "mention"


def _pronoun(mention: Span, people: list[Person], last_speaker: Person | None) -> Person | None:
    word = mention.text.lower()
    gender = "M" if word in MALE_PRONOUNS else "F" if word in FEMALE_PRONOUNS else None
    if word in PLURAL_PRONOUNS or word in ("i", "we"):
        return last_speaker if word in ("i", "we") else None

    def compatible(person: Person) -> bool:
        return person.gender in (None, gender)

    if last_speaker is not None and compatible(last_speaker):
        subject = _latest_subject(mention, people)
        if subject is None or subject is last_speaker or not compatible(subject):
            _assume_gender(last_speaker, gender)
            return last_speaker
        _assume_gender(subject, gender)
        return subject
    subject = _latest_subject(mention, people)
    if subject is not None and compatible(subject):
        _assume_gender(subject, gender)
        return subject
    return None


def _assume_gender(person: Person, gender: str | None) -> None:
    if person.gender is None:
        person.gender = gender


def _latest_subject(mention: Span, people: list[Person]) -> Person | None:
    """The person named most recently before the mention, preferring subjects within
    the current and previous sentence."""
    doc = mention.doc
    best: tuple[int, Person] | None = None
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start >= mention.start:
            continue
        _, words = split_honorifics(ent.text)
        person = next((p for p in people if p.name == " ".join(words)), None)
        if person is None and len(words) == 1:
            person = next((p for p in reversed(people) if words[0] in (p.surname, p.first_name)),
                          None)
        if person is None:
            continue
        score = ent.start + (1000 if ent.root.dep_ in ("nsubj", "nsubjpass") else 0)
        if ent.sent.start < mention.sent.start - 200:
            score -= 5000
        if best is None or score >= best[0]:
            best = (score, person)
    return best[1] if best else None


def _most_recent(candidates: list[Person], mention: Span, people: list[Person]) -> Person:
    latest = _latest_subject(mention, candidates)
    return latest if latest is not None else candidates[-1]


def _by_role(mention: Span, people: list[Person]) -> Person | None:
    """The person the document gives the role named by ``mention`` ("the Labour leader")."""
    head = mention.root.lemma_.lower()
    words = _content_words(mention)
    best: tuple[int, Person] | None = None
    for person in people:
        if not person.role_words or head not in person.role_words:
            continue
        overlap = len(words & person.role_words)
        if best is None or overlap > best[0]:
            best = (overlap, person)
    return best[1] if best else None


# --- records ---------------------------------------------------------------------------


def _record(doc: Doc, attribution: Attribution, person: Person | None, method: str) -> dict:
    text = doc.text
    mention = attribution.mention
    cue = attribution.cue
    speaker = person.name if person else _organisation(mention)
    return {
        "start": attribution.start,
        "end": attribution.end,
        "text": text[attribution.start:attribution.end],
        "kind": attribution.kind,
        "speaker": speaker,
        "speaker_mention": _span_dict(mention),
        "cue": _span_dict(cue),
        "role": person.role if person else None,
        "confidence": round(attribution.confidence, 2),
        "method": method if mention is not None else attribution.method,
        "parts": [list(p) for p in attribution.parts],
    }


def _organisation(mention: Span | None) -> str | None:
    if mention is not None and mention.root.ent_type_ in ("ORG", "NORP", "GPE"):
        return mention.text.removeprefix("the ").removeprefix("The ")
    return None


def _span_dict(span: Span | None) -> dict | None:
    if span is None:
        return None
    return {"start": span.start_char, "end": span.end_char, "text": span.text}
