"""Link the people of one document to people across documents.

A document's person becomes the registry politician when the name and the context
agree (one candidate, or one that held office on the document's date, or one whose
office matches the role the text gives); otherwise it stays its own person, keyed by
its full name, so "Ed Balls" and "Ed Miliband", or "Boris Johnson" and "Jo Johnson",
are never merged, and a bare "Johnson" the registry cannot settle is not forced onto
anyone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from quotes.people.names import honorific_aliases, name_key
from quotes.people.offices import role_key
from quotes.people.registry import PersonEntry, Registry, RoleEntry
from quotes.store.models import Alias, Person, Role


def choose(candidates: list[PersonEntry], registry: Registry, on: date | None,
           text_role: str | None) -> PersonEntry | None:
    """The one registry person the context settles on, or None."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    if on is not None:
        active = [p for p in candidates if registry.roles_on(p.id, on)]
        candidates = active or candidates
        if len(candidates) == 1:
            return candidates[0]
    if text_role:
        words = set(role_key(text_role).split())
        fitting = [p for p in candidates if any(
            words & set(role_key(r.title).split()) - {"of", "the", "for", "and"}
            for r in (registry.roles_on(p.id, on) if on else p.roles))]
        if len(fitting) == 1:
            return fitting[0]
    return None


class PeopleLinker:
    """Find or create the Person rows behind a document's people."""

    def __init__(self, session: Session, registry: Registry) -> None:
        self.session = session
        self.registry = registry
        self._cache: dict[tuple[str, str | None], Person] = {}

    def link(self, doc_person: Mapping[str, Any],
             on: date | None) -> tuple[Person, PersonEntry | None]:
        """The Person row for one of ``doc._.people`` (a PersonRecord, or just its "name"),
        and its registry entry if any."""
        name = doc_person["name"]
        # a name the registry cannot settle (choose gives None) stays its own person
        entry = choose(self.registry.find(name), self.registry, on, doc_person.get("role"))
        person = self._registry_person(entry) if entry else self._text_person(name)
        for alias in doc_person.get("aliases") or ():
            self._add_alias(person, alias)
        return person, entry

    def role_at(self, entry: PersonEntry | None, on: date | None) -> RoleEntry | None:
        """The registry's role for that day, when its sources still cover that day
        (posts recorded until 2020 are not assumed held in 2022)."""
        if entry is None or on is None:
            return None
        confirmed = [r for r in self.registry.roles_on(entry.id, on)
                     if r.as_of is None or r.as_of >= on]
        return confirmed[0] if confirmed else None

    # rows

    def _registry_person(self, entry: PersonEntry) -> Person:
        cached = self._cache.get(("registry", entry.id))
        if cached is not None:
            return cached
        person = self.session.exec(select(Person).where(Person.registry_id == entry.id)).first()
        if person is None:
            person = Person(name=entry.name, key=name_key(entry.name), registry_id=entry.id,
                            party=entry.party, gender=entry.gender, politician=bool(entry.roles),
                            ids=json.dumps(entry.id_map, sort_keys=True))
            self.session.add(person)
            self.session.flush()
            assert person.id is not None  # the flush gave it one
            aliases = list(entry.aliases) + honorific_aliases(entry.name, entry.gender)
            for alias in dict.fromkeys(aliases):
                self._add_alias(person, alias)
            for role in entry.roles:
                self.session.add(Role(person_id=person.id, title=role.title,
                                      organisation=role.organisation, party=role.party,
                                      start=role.start, end=role.end,
                                      source="import" if role.origin == "import" else "registry"))
        self._cache[("registry", entry.id)] = person
        return person

    def _text_person(self, name: str) -> Person:
        key = name_key(name)
        cached = self._cache.get(("text", key))
        if cached is not None:
            return cached
        person = self.session.exec(
            select(Person).where(Person.key == key, Person.registry_id.is_(None))  # type: ignore[union-attr]
        ).first()
        if person is None:
            person = Person(name=name, key=key)
            self.session.add(person)
            self.session.flush()
        self._cache[("text", key)] = person
        return person

    def _add_alias(self, person: Person, alias: str) -> None:
        key = name_key(alias)
        if not key or alias == person.name:
            return
        assert person.id is not None  # people reach here stored (flushed or loaded)
        exists = self.session.exec(
            select(Alias).where(Alias.person_id == person.id, Alias.key == key)).first()
        if exists is None:
            self.session.add(Alias(person_id=person.id, alias=alias, key=key))
            self.session.flush()

    def text_role(self, person: Person, doc_person: Mapping[str, Any], document_id: int,
                  on: date | None) -> None:
        """Keep a role the text gives a person, with its evidence."""
        role, span = doc_person.get("role"), doc_person.get("role_span")
        if not role or not span:
            return
        exists = self.session.exec(select(Role).where(
            Role.person_id == person.id, Role.title == role, Role.source == "text",
            Role.document_id == document_id)).first()
        if exists is None:
            assert person.id is not None  # link() gives stored people
            self.session.add(Role(person_id=person.id, title=role, source="text",
                                  start=on, end=on, document_id=document_id,
                                  evidence_start=span[0], evidence_end=span[1]))


def import_people_file(url: str, path: str) -> list[str]:
    """Store the people of a CSV or JSONL file (quotes.people.imports.import_people) so
    later ingests link to them; returns their names."""
    from quotes.people.imports import import_people
    from quotes.store.db import session_scope

    entries = import_people(path)
    with session_scope(url) as session:
        linker = PeopleLinker(session, Registry(entries))
        for entry in entries:
            person = linker._registry_person(entry)
            person.politician = True
            session.add(person)
    return [entry.name for entry in entries]


def registry_with_imports(url: str) -> Registry:
    """The bundled registry plus the people imported into this database."""
    from quotes.people.imports import bundled_registry
    from quotes.store.db import session_scope

    registry = bundled_registry()
    with session_scope(url) as session:
        imported = session.exec(select(Person).where(
            col(Person.registry_id).like("user-%"))).all()
        for person in imported:
            roles = session.exec(select(Role).where(Role.person_id == person.id)).all()
            aliases = session.exec(select(Alias.alias).where(Alias.person_id == person.id)).all()
            registry.add(PersonEntry(
                id=person.registry_id or "", name=person.name, aliases=tuple(aliases),
                party=person.party, roles=tuple(
                    RoleEntry(title=r.title, organisation=r.organisation, party=r.party,
                              start=r.start, end=r.end, source="user", origin="import")
                    for r in roles)))
    return registry
