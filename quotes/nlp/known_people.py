"""Label as people the names that plainly are people's.

The small entity recogniser takes "Nicola Sturgeon" for an organisation, "Kemi Badenoch"
for a place and "Baroness Hale" for a body; then no "she" finds them, no slot of speech
admits them and the people component does not count them among the text's people. An
entity whose name is a registry person's full name, or that a personal title opens
("Baroness Hale", "Mr Swinney"), is relabelled PERSON before attribution reads it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from quotes.nlp.people import registry_for, strip_possessive
from quotes.people.names import name_key
from quotes.people.registry import Registry

# Labels the recogniser gives people's names by mistake; DATE or MONEY never hold one
RELABELLED = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
# Titles only a person bears ("Duke", "General" and "Justice" also open bodies' names)
PERSONAL_TITLES = frozenset("mr mrs ms miss mx dr sir dame lord lady baroness".split())


@Language.factory(
    "quotes_known_people_v1", default_config={"use_registry": True, "database": None},
    requires=["doc.ents"], assigns=["doc.ents"],
)
def make_known_people(nlp: Language, name: str, use_registry: bool, database: str | None
                      ) -> KnownPeople:
    return KnownPeople(registry_for(database) if use_registry else None)


class KnownPeople:
    """Relabel as PERSON entities that are registry people's full names or titled names."""

    def __init__(self, registry: Registry | None) -> None:
        self.registry = registry

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        known = [k for k, ent in enumerate(ents) if ent.label_ in RELABELLED and (
            _titled(ent) or self.registry is not None and len(ent) > 1
            and self.is_person(ent.text))]
        for k in known:
            ents[k] = Span(doc, ents[k].start, ents[k].end, label="PERSON")
        if known:
            doc.ents = ents
        return doc

    def is_person(self, text: str) -> bool:
        """Whether ``text`` is the full name (two words or more) of a registry person."""
        assert self.registry is not None
        key = name_key(strip_possessive(text))
        return len(key.split()) > 1 and any(
            name_key(person.name) == key for person in self.registry.find(key))


def _titled(ent: Span) -> bool:
    """A personal title, then a capitalised word: "Baroness Hale", "(Mr) Swinney"."""
    doc = ent.doc
    if ent[0].lower_.rstrip(".") in PERSONAL_TITLES:
        return len(ent) > 1 and ent[1].is_title
    return ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in PERSONAL_TITLES and (
        ent[0].is_title)
