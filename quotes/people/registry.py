"""The bundled registry of UK politicians and their roles over time.

``load_registry()`` reads ``registry.jsonl.gz`` (built by ``quotes.people.build_registry``)
and answers who a name may refer to (``find``), who held an office on a day (``holder``)
and what a person was doing on a day (``role_on``). Office titles and parties are in
:mod:`quotes.people.offices`; the people a user adds, and the bundled registry with the
devolved First Ministers, in :mod:`quotes.people.imports`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quotes.people.names import (
    alias_key,
    name_key,
)
from quotes.people.offices import ROLE_PHRASES, office_regex, role_key, role_rank

DEFAULT_REGISTRY_PATH = Path(__file__).with_name("registry.jsonl.gz")

def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class RoleEntry:
    """One office held by a person for a period; ``end`` None means still held.

    ``as_of`` is set when the source stopped at that date while the role was still held:
    any day after it is unconfirmed, whether ``end`` is null or was ``inferred`` from
    later events (an upper bound, such as the party entering government).
    """

    title: str
    organisation: str | None = None
    party: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    source: str = "registry"
    origin: str = "user"
    aliases: tuple[str, ...] = ()
    cabinet: bool = False
    inferred: bool = False
    as_of: dt.date | None = None

    @property
    def rank(self) -> int:
        """Prominence of the role (see :func:`role_rank`)."""
        return role_rank(self.title, self.cabinet)

    def active_on(self, on: dt.date) -> bool:
        """Whether the role was held on ``on`` (the end date is the handover day)."""
        if self.start is not None and on < self.start:
            return False
        if self.end is None:
            return True
        return on < self.end or (self.start == self.end == on)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict in the registry file's layout."""
        out: dict[str, Any] = {
            "title": self.title,
            "organisation": self.organisation,
            "party": self.party,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "source": self.source,
            "origin": self.origin,
        }
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.cabinet:
            out["cabinet"] = True
        if self.inferred:
            out["inferred"] = True
        if self.as_of:
            out["as_of"] = self.as_of.isoformat()
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoleEntry:
        """Inverse of :meth:`to_json`."""
        return cls(
            title=data["title"],
            organisation=data.get("organisation"),
            party=data.get("party"),
            start=_date(data.get("start")),
            end=_date(data.get("end")),
            source=data.get("source", "registry"),
            origin=data.get("origin", "user"),
            aliases=tuple(data.get("aliases") or ()),
            cabinet=bool(data.get("cabinet", False)),
            inferred=bool(data.get("inferred", False)),
            as_of=_date(data.get("as_of")),
        )


@dataclass(frozen=True)
class PersonEntry:
    """A person: canonical name, aliases, gender ("M"/"F"/None), latest party, roles.

    ``ids`` holds external identifiers as sorted (scheme, value) pairs, e.g.
    ("parliament", "4514"); :attr:`id_map` gives them as a dict.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    party: str | None = None
    ids: tuple[tuple[str, str], ...] = ()
    roles: tuple[RoleEntry, ...] = field(default=(), repr=False)

    @property
    def id_map(self) -> dict[str, str]:
        """External identifiers as a dict."""
        return dict(self.ids)

    @property
    def all_names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict in the registry file's layout."""
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "gender": self.gender,
            "party": self.party,
            "ids": dict(self.ids),
            "roles": [r.to_json() for r in self.roles],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PersonEntry:
        """Inverse of :meth:`to_json`."""
        return cls(
            id=data["id"],
            name=data["name"],
            aliases=tuple(data.get("aliases") or ()),
            gender=data.get("gender"),
            party=data.get("party"),
            ids=tuple(sorted((str(k), str(v)) for k, v in (data.get("ids") or {}).items())),
            roles=tuple(RoleEntry.from_json(r) for r in data.get("roles") or ()),
        )


def _best_role(roles: Iterable[RoleEntry]) -> RoleEntry | None:
    ordered = sorted(roles, key=lambda r: (r.rank, -(r.start or dt.date.min).toordinal(), r.title))
    return ordered[0] if ordered else None


HOLDERS_REMEMBERED = 10_000  # answers of holder_roles kept, over all documents' dates


class Registry:
    """Lookups over a set of people; indexes are built on first use."""

    def __init__(self, people: Iterable[PersonEntry] = ()) -> None:
        self._people: dict[str, PersonEntry] = {}
        for person in people:
            self._people[person.id] = person
        self._alias_index: dict[str, list[str]] | None = None
        self._name_index: dict[str, list[str]] | None = None
        self._token_index: dict[str, list[str]] | None = None
        self._forename_genders: dict[str, str] | None = None
        # role key -> person id -> positions of their roles with that key: titles and
        # aliases apart, as an office's pattern reads titles only
        self._title_roles: dict[str, dict[str, list[int]]] | None = None
        self._alias_roles: dict[str, dict[str, list[int]]] | None = None
        # the roles a key names, whatever the date: an office's pattern is tested on every
        # distinct title, and ingest asks for the same office on many dates
        self._keyed_roles: dict[str, dict[str, list[int]]] = {}
        # holder_roles by (role key, date, confirmed_only): a text naming "the minister"
        # 1,000 times asks the same question 1,000 times
        self._holders: dict[tuple, list[tuple[PersonEntry, RoleEntry]]] = {}

    def __len__(self) -> int:
        return len(self._people)

    def __iter__(self) -> Iterator[PersonEntry]:
        return iter(self._people.values())

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._people

    def get(self, person_id: str) -> PersonEntry | None:
        """The person with this registry id, or None."""
        return self._people.get(person_id)

    # -- indexes ---------------------------------------------------------------------
    def _index(self) -> None:
        alias_index: dict[str, list[str]] = {}
        name_index: dict[str, list[str]] = {}
        token_index: dict[str, list[str]] = {}

        def put(index: dict[str, list[str]], key: str, pid: str) -> None:
            if key:
                ids = index.setdefault(key, [])
                if pid not in ids:
                    ids.append(pid)

        for pid, person in self._people.items():
            for name in person.all_names:
                put(alias_index, alias_key(name), pid)
                key = name_key(name)
                put(name_index, key, pid)
                tokens = key.split()
                if len(tokens) >= 2 and not _is_title_word(tokens[0]):
                    put(token_index, tokens[0], pid)
                    put(token_index, tokens[-1], pid)
        self._alias_index, self._name_index, self._token_index = (
            alias_index,
            name_index,
            token_index,
        )

    def _index_roles(self) -> None:
        title_roles: dict[str, dict[str, list[int]]] = {}
        alias_roles: dict[str, dict[str, list[int]]] = {}
        for pid, person in self._people.items():
            for position, role in enumerate(person.roles):
                title_roles.setdefault(role_key(role.title), {}).setdefault(pid, []).append(
                    position)
                for key in dict.fromkeys(role_key(a) for a in role.aliases):
                    alias_roles.setdefault(key, {}).setdefault(pid, []).append(position)
        self._title_roles, self._alias_roles = title_roles, alias_roles
        self._keyed_roles = {}

    def _roles_keyed(self, key: str) -> dict[str, list[int]]:
        """Person id -> positions, in order, of their roles whose title or an alias is
        ``key`` or whose title is a title of the office ``key`` names."""
        if self._title_roles is None:
            self._index_roles()
        assert self._title_roles is not None and self._alias_roles is not None
        remembered = self._keyed_roles.get(key)
        if remembered is not None:
            return remembered
        if len(self._keyed_roles) >= HOLDERS_REMEMBERED:
            self._keyed_roles.clear()
        office = ROLE_PHRASES.get(key)
        pattern = office_regex(office) if office else None
        keyed = [self._title_roles.get(key, {}), self._alias_roles.get(key, {})]
        if pattern is not None:
            keyed += [roles for title, roles in self._title_roles.items()
                      if pattern.fullmatch(title)]
        found: dict[str, set[int]] = {}
        for roles in keyed:
            for pid, positions in roles.items():
                found.setdefault(pid, set()).update(positions)
        keyed_roles = self._keyed_roles[key] = {
            pid: sorted(positions) for pid, positions in found.items()}
        return keyed_roles

    def _sorted(self, ids: Iterable[str]) -> list[PersonEntry]:
        people = [self._people[i] for i in dict.fromkeys(ids)]
        return sorted(people, key=lambda p: (name_key(p.name), p.id))

    # -- queries ---------------------------------------------------------------------
    def find(self, name: str) -> list[PersonEntry]:
        """People the name may refer to: exact alias first ("Sir Keir", "Mr Starmer"),
        then the honorific-free key; a bare surname or first name returns every
        candidate."""
        if self._alias_index is None:
            self._index()
        assert self._alias_index is not None and self._name_index is not None
        assert self._token_index is not None
        exact = self._alias_index.get(alias_key(name))
        if exact:
            return self._sorted(exact)
        key = name_key(name)
        ids = list(self._name_index.get(key, []))
        if len(key.split()) == 1:
            ids += self._token_index.get(key, [])
        return self._sorted(ids)

    def holder_roles(
        self, role_phrase: str, on: dt.date | None, *, confirmed_only: bool = False
    ) -> list[tuple[PersonEntry, RoleEntry]]:
        """Like :meth:`holder` but with the matching role, so callers can see whether
        it is confirmed on that day (``role.as_of`` before ``on`` means the source
        stopped while the role was still open). ``confirmed_only`` drops those.
        ``on`` None: everyone who ever held the office."""
        key = role_key(role_phrase)
        remembered = self._holders.get((key, on, confirmed_only))
        if remembered is not None:
            return list(remembered)
        if len(self._holders) >= HOLDERS_REMEMBERED:
            self._holders.clear()
        hits: list[tuple[tuple[int, int, int, str], PersonEntry, RoleEntry]] = []
        for pid, positions in self._roles_keyed(key).items():
            person = self._people[pid]
            for role in (person.roles[i] for i in positions):  # the first that counts
                if on is not None and not role.active_on(on):
                    continue
                unconfirmed = on is not None and role.as_of is not None and role.as_of < on
                if confirmed_only and unconfirmed:
                    continue
                start = (role.start or dt.date.min).toordinal()
                hits.append(((int(unconfirmed), role.rank, -start, pid), person, role))
                break
        hits.sort(key=lambda h: h[0])
        found = self._holders[(key, on, confirmed_only)] = [(p, r) for _, p, r in hits]
        return list(found)

    def holder(
        self, role_phrase: str, on: dt.date, *, confirmed_only: bool = False
    ) -> list[PersonEntry]:
        """Who held the office named by ``role_phrase`` on ``on`` ("the prime minister",
        "Chancellor", "Labour leader", "Mayor of London", or an exact title such as
        "MP for Holborn and St Pancras"). Holders the sources confirm on that day come
        first; see :meth:`holder_roles` for the roles themselves."""
        return [p for p, _ in self.holder_roles(role_phrase, on, confirmed_only=confirmed_only)]

    def gender_of(self, name: str) -> str | None:
        """"M" or "F" for a full name: the registry's own entry, else its forename when
        every (two or more) registry people of that forename share a gender ("Angela")."""
        key = name_key(name)
        exact = {p.gender for p in self.find(name) if name_key(p.name) == key}
        if len(exact) == 1:
            return exact.pop()
        if self._forename_genders is None:
            counts: dict[str, dict[str, int]] = {}
            for person in self._people.values():
                if person.gender:
                    by_gender = counts.setdefault(name_key(person.name).split()[0], {})
                    by_gender[person.gender] = by_gender.get(person.gender, 0) + 1
            self._forename_genders = {
                forename: next(iter(by_gender)) for forename, by_gender in counts.items()
                if len(by_gender) == 1 and sum(by_gender.values()) >= 2}
        tokens = key.split()
        return self._forename_genders.get(tokens[0]) if len(tokens) >= 2 else None

    def roles_on(self, person_id: str, on: dt.date) -> list[RoleEntry]:
        """Every role the person held on ``on``, most prominent first."""
        person = self._people.get(person_id)
        if person is None:
            return []
        roles = [r for r in person.roles if r.active_on(on)]
        return sorted(roles, key=lambda r: (r.rank, -(r.start or dt.date.min).toordinal()))

    def role_on(self, person_id: str, on: dt.date) -> RoleEntry | None:
        """The most prominent role held that day (PM > Cabinet > party leader > other
        ministers and shadow posts > MP), or None."""
        return _best_role(r for r in self.roles_on(person_id, on))

    # -- additions -------------------------------------------------------------------
    def add(self, person: PersonEntry) -> PersonEntry:
        """Add a person, merging into an existing entry with the same id, or the one
        existing person with the same name key and a compatible party. Returns the entry
        as stored."""
        target = self._people.get(person.id)
        if target is None:
            same = [
                p
                for p in self.find(person.name)
                if name_key(p.name) == name_key(person.name)
                and (person.party is None or p.party is None or p.party == person.party)
            ]
            target = same[0] if len(same) == 1 else None
        if target is None:
            stored = person
        else:
            aliases = [a for a in (*target.aliases, person.name, *person.aliases)]
            aliases = [a for a in dict.fromkeys(aliases) if a != target.name]
            roles = list(target.roles) + [r for r in person.roles if r not in target.roles]
            ids = dict(target.ids)
            ids.update(person.ids)
            stored = replace(
                target,
                aliases=tuple(aliases),
                gender=target.gender or person.gender,
                party=person.party or target.party,
                ids=tuple(sorted(ids.items())),
                roles=tuple(roles),
            )
        self._people[stored.id] = stored
        self._alias_index = self._name_index = self._token_index = None
        self._forename_genders = None
        self._title_roles = self._alias_roles = None
        self._holders = {}
        return stored


def _is_title_word(token: str) -> bool:
    return token in {"lord", "lady", "baroness", "baron", "viscount", "earl", "duke", "sir"}


def load_registry(path: str | Path | None = None) -> Registry:
    """Load the registry (default: the packaged ``registry.jsonl.gz`` next to this module).

    Plain ``.jsonl`` files are read too.
    """
    source = Path(path) if path is not None else DEFAULT_REGISTRY_PATH
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as handle:
        people = [PersonEntry.from_json(json.loads(line)) for line in handle if line.strip()]
    return Registry(people)
