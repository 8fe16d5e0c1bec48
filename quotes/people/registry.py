"""The bundled registry of UK politicians and their roles over time.

``load_registry()`` reads ``registry.jsonl.gz`` (built by ``quotes.people.build_registry``)
and answers who a name may refer to (``find``), who held an office on a day (``holder``)
and what a person was doing on a day (``role_on``). ``import_people`` parses a user's
CSV or JSONL file of extra people for the database layer to store.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotes.people.names import (
    alias_key,
    gender_from_honorific,
    honorific_aliases,
    name_key,
    strip_accents,
    strip_honorifics,
    titles_in,
)

DEFAULT_REGISTRY_PATH = Path(__file__).with_name("registry.jsonl.gz")

# Party names as written in the sources -> the one name the registry uses.
PARTY_NAMES: dict[str, str] = {
    "con": "Conservative",
    "conservative": "Conservative",
    "conservative party": "Conservative",
    "conservative and unionist party": "Conservative",
    "tory": "Conservative",
    "lab": "Labour",
    "labour": "Labour",
    "labour party": "Labour",
    "lab/co-op": "Labour",
    "labour (co-op)": "Labour",
    "labour co-operative": "Labour",
    "ldem": "Liberal Democrat",
    "libdem": "Liberal Democrat",
    "lib dem": "Liberal Democrat",
    "liberal democrat": "Liberal Democrat",
    "liberal democrats": "Liberal Democrat",
    "snp": "SNP",
    "scottish national party": "SNP",
    "green": "Green",
    "green party": "Green",
    "reform uk": "Reform UK",
    "reform": "Reform UK",
    "ukip": "UKIP",
    "pc": "Plaid Cymru",
    "plaid cymru": "Plaid Cymru",
    "dup": "DUP",
    "democratic unionist party": "DUP",
    "sf": "Sinn Féin",
    "sinn fein": "Sinn Féin",
    "sinn féin": "Sinn Féin",
    "sdlp": "SDLP",
    "social democratic & labour party": "SDLP",
    "social democratic and labour party": "SDLP",
    "uup": "UUP",
    "ulster unionist party": "UUP",
    "alliance": "Alliance",
    "tuv": "Traditional Unionist Voice",
    "traditional unionist voice": "Traditional Unionist Voice",
    "ukup": "UK Unionist",
    "ind": "Independent",
    "independent": "Independent",
    "ind con": "Independent Conservative",
    "independent conservative": "Independent Conservative",
    "ind lab": "Independent Labour",
    "independent labour": "Independent Labour",
    "labour independent": "Independent Labour",
    "ind uu": "Independent Ulster Unionist",
    "res": "Respect",
    "respect": "Respect",
    "spk": "Speaker",
    "speaker": "Speaker",
    "cwm": "Deputy Speaker",
    "dcwm": "Deputy Speaker",
    "crossbench": "Crossbench",
    "non-affiliated": "Non-affiliated",
    "liberal": "Liberal",
    "social democratic party": "SDP",
    "change uk - the independent group": "Change UK",
    "the independent group for change": "Change UK",
    "your party": "Your Party",
    "restore britain": "Restore Britain",
    "lord speaker": "Lord Speaker",
}


def normalise_party(party: str | None) -> str | None:
    """The registry's name for a party ("Lab/Co-op" -> "Labour"); unknown names pass through."""
    if party is None:
        return None
    text = " ".join(party.split())
    if not text or text.casefold() in {"other", "none", "null"}:
        return None
    return PARTY_NAMES.get(text.casefold(), text)


_SOS = "secretary of state for "

# Official titles of the main offices, as regular expressions over a role key (see
# ``role_key``). Several titles: the office was renamed over time.
OFFICE_TITLES: dict[str, tuple[str, ...]] = {
    "prime minister": ("prime minister",),
    "deputy prime minister": ("deputy prime minister",),
    "first secretary of state": ("first secretary of state",),
    "chancellor of the exchequer": ("chancellor of the exchequer",),
    "chief secretary to the treasury": ("chief secretary to the treasury",),
    "home secretary": (_SOS + "the home department", "home secretary"),
    "foreign secretary": (
        _SOS + "foreign and commonwealth affairs",
        _SOS + "foreign, commonwealth and development affairs",
        "foreign secretary",
    ),
    "health secretary": (
        _SOS + "health",
        _SOS + "health and social care",
        _SOS + "social services",
    ),
    "education secretary": (
        _SOS + "education",
        _SOS + "education and science",
        _SOS + "education and employment",
        _SOS + "education and skills",
        _SOS + "children, schools and families",
    ),
    "culture secretary": (
        _SOS + "national heritage",
        _SOS + "culture, media and sport",
        _SOS + "culture, olympics, media and sport",
        _SOS + "digital, culture, media and sport",
    ),
    "business secretary": (
        _SOS + "trade and industry",
        _SOS + "business, enterprise and regulatory reform",
        _SOS + "business, innovation and skills",
        _SOS + "business, energy and industrial strategy",
        _SOS + "business and trade",
    ),
    "trade secretary": (
        _SOS + "trade",
        _SOS + "trade and industry",
        _SOS + "international trade",
        _SOS + "business and trade",
    ),
    "brexit secretary": (_SOS + "exiting the european union",),
    "defence secretary": (_SOS + "defence",),
    "justice secretary": (_SOS + "justice and lord chancellor", _SOS + "justice"),
    "lord chancellor": (
        "lord chancellor",
        _SOS + "justice and lord chancellor",
        _SOS + "constitutional affairs and lord chancellor",
    ),
    "work and pensions secretary": (_SOS + "work and pensions",),
    "transport secretary": (_SOS + "transport",),
    "environment secretary": (
        _SOS + "the environment",
        _SOS + "environment, food and rural affairs",
    ),
    "energy secretary": (
        _SOS + "energy",
        _SOS + "energy and climate change",
        _SOS + "energy security and net zero",
    ),
    "housing secretary": (
        _SOS + "communities and local government",
        _SOS + "housing, communities and local government",
        _SOS + "levelling up, housing and communities",
    ),
    "science secretary": (_SOS + "science, innovation and technology",),
    "international development secretary": (_SOS + "international development",),
    "scottish secretary": (_SOS + "scotland",),
    "welsh secretary": (_SOS + "wales",),
    "northern ireland secretary": (_SOS + "northern ireland",),
    "leader of the house of commons": (
        "leader of the house of commons",
        r"lord (president of the council|privy seal) and leader of the house of commons",
    ),
    "chief whip": (r"chief whip( and parliamentary secretary to the treasury)?",),
    "attorney general": ("attorney general",),
    "chancellor of the duchy of lancaster": ("chancellor of the duchy of lancaster",),
    "leader of the opposition": ("leader of the opposition",),
    "speaker of the house of commons": ("speaker of the house of commons",),
    "mayor of london": ("mayor of london",),
    "mayor of greater manchester": ("mayor of greater manchester",),
    "mayor of the liverpool city region": ("mayor of liverpool city region",),
    "leader of the labour party": ("leader of the labour party",),
    "leader of the conservative party": ("leader of the conservative party",),
    "leader of the liberal democrats": ("leader of the liberal democrats",),
    "leader of the snp": ("leader of the scottish national party",),
    "leader of the green party": (r"(co-)?leader of the green party",),
    "leader of plaid cymru": (r"leader (and party president )?of plaid cymru",),
    "leader of the dup": ("leader of the democratic unionist party",),
    "first minister": ("first minister of (scotland|wales|northern ireland)",),
    "first minister of scotland": ("first minister of scotland",),
    "first minister of wales": ("first minister of wales",),
    "leader of reform uk": ("leader of reform uk",),
    "deputy leader of the labour party": ("deputy leader of the labour party",),
}

# Shadow offices: the opposition names them in several ways ("Shadow Home Secretary",
# "Shadow Secretary of State (Home Office)"), sometimes with a second post after "and".
_SHADOW_EXTRA: dict[str, tuple[str, ...]] = {
    "home secretary": (r"secretary of state \(home office\)",),
    "foreign secretary": (r"secretary of state \(foreign affairs\)",),
    "justice secretary": (
        r"secretary of state \(justice\)",
        r"lord chancellor and shadow secretary of state for justice",
    ),
    "business secretary": (r"secretary of state \((trade and industry|business.*)\)",),
    "environment secretary": (r"secretary of state \(environment\)", _SOS + "environment"),
    "education secretary": (r"secretary of state \((children, schools and families|educ.*)\)",),
    "health secretary": (_SOS + "health and social security",),
}
SHADOW_OFFICES: tuple[str, ...] = (
    "chancellor of the exchequer",
    "chief secretary to the treasury",
    "home secretary",
    "foreign secretary",
    "health secretary",
    "education secretary",
    "culture secretary",
    "business secretary",
    "trade secretary",
    "brexit secretary",
    "defence secretary",
    "justice secretary",
    "work and pensions secretary",
    "transport secretary",
    "environment secretary",
    "energy secretary",
    "housing secretary",
    "international development secretary",
    "scottish secretary",
    "welsh secretary",
    "northern ireland secretary",
    "leader of the house of commons",
    "deputy prime minister",
    "first secretary of state",
)


def _shadow_titles(office: str) -> tuple[str, ...]:
    patterns = [p for p in OFFICE_TITLES[office] if p != "leader of the opposition"]
    patterns += _SHADOW_EXTRA.get(office, ())
    return tuple(f"shadow {p}( and .*)?" for p in patterns)


# Journalists' phrases -> the offices they name (keys of OFFICE_TITLES or "shadow <office>").
ROLE_PHRASES: dict[str, str] = {
    "prime minister": "prime minister",
    "pm": "prime minister",
    "premier": "prime minister",
    "deputy prime minister": "deputy prime minister",
    "deputy pm": "deputy prime minister",
    "dpm": "deputy prime minister",
    "first secretary of state": "first secretary of state",
    "chancellor": "chancellor of the exchequer",
    "chancellor of the exchequer": "chancellor of the exchequer",
    "chief secretary to the treasury": "chief secretary to the treasury",
    "treasury chief secretary": "chief secretary to the treasury",
    "home secretary": "home secretary",
    "foreign secretary": "foreign secretary",
    "health secretary": "health secretary",
    "education secretary": "education secretary",
    "culture secretary": "culture secretary",
    "business secretary": "business secretary",
    "trade secretary": "trade secretary",
    "brexit secretary": "brexit secretary",
    "defence secretary": "defence secretary",
    "justice secretary": "justice secretary",
    "lord chancellor": "lord chancellor",
    "work and pensions secretary": "work and pensions secretary",
    "pensions secretary": "work and pensions secretary",
    "transport secretary": "transport secretary",
    "environment secretary": "environment secretary",
    "energy secretary": "energy secretary",
    "housing secretary": "housing secretary",
    "communities secretary": "housing secretary",
    "levelling up secretary": "housing secretary",
    "science secretary": "science secretary",
    "technology secretary": "science secretary",
    "international development secretary": "international development secretary",
    "scottish secretary": "scottish secretary",
    "scotland secretary": "scottish secretary",
    "welsh secretary": "welsh secretary",
    "wales secretary": "welsh secretary",
    "northern ireland secretary": "northern ireland secretary",
    "leader of the house": "leader of the house of commons",
    "leader of the house of commons": "leader of the house of commons",
    "commons leader": "leader of the house of commons",
    "chief whip": "chief whip",
    "attorney general": "attorney general",
    "chancellor of the duchy of lancaster": "chancellor of the duchy of lancaster",
    "leader of the opposition": "leader of the opposition",
    "opposition leader": "leader of the opposition",
    "speaker": "speaker of the house of commons",
    "commons speaker": "speaker of the house of commons",
    "speaker of the house of commons": "speaker of the house of commons",
    "mayor of london": "mayor of london",
    "london mayor": "mayor of london",
    "mayor of greater manchester": "mayor of greater manchester",
    "greater manchester mayor": "mayor of greater manchester",
    "mayor of the liverpool city region": "mayor of the liverpool city region",
    "labour leader": "leader of the labour party",
    "labour party leader": "leader of the labour party",
    "leader of the labour party": "leader of the labour party",
    "tory leader": "leader of the conservative party",
    "tory party leader": "leader of the conservative party",
    "conservative leader": "leader of the conservative party",
    "conservative party leader": "leader of the conservative party",
    "leader of the conservative party": "leader of the conservative party",
    "leader of the conservatives": "leader of the conservative party",
    "lib dem leader": "leader of the liberal democrats",
    "liberal democrat leader": "leader of the liberal democrats",
    "leader of the liberal democrats": "leader of the liberal democrats",
    "snp leader": "leader of the snp",
    "leader of the snp": "leader of the snp",
    "green leader": "leader of the green party",
    "green party leader": "leader of the green party",
    "leader of the green party": "leader of the green party",
    "plaid leader": "leader of plaid cymru",
    "plaid cymru leader": "leader of plaid cymru",
    "leader of plaid cymru": "leader of plaid cymru",
    "dup leader": "leader of the dup",
    "first minister": "first minister",
    "scottish first minister": "first minister of scotland",
    "welsh first minister": "first minister of wales",
    "leader of the dup": "leader of the dup",
    "reform leader": "leader of reform uk",
    "reform uk leader": "leader of reform uk",
    "leader of reform uk": "leader of reform uk",
    "deputy labour leader": "deputy leader of the labour party",
    "labour deputy leader": "deputy leader of the labour party",
    "deputy leader of the labour party": "deputy leader of the labour party",
}
for _office in SHADOW_OFFICES:
    for _phrase, _target in list(ROLE_PHRASES.items()):
        if _target == _office and not _phrase.startswith("shadow "):
            ROLE_PHRASES.setdefault(f"shadow {_phrase}", f"shadow {_office}")

# Role rank for ``role_on``: lower is more prominent.
RANK_PM, RANK_CABINET, RANK_LEADER, RANK_OTHER, RANK_MEMBER = 0, 1, 2, 3, 4

_CABINET_TITLES = re.compile(
    r"deputy prime minister|first secretary of state|chancellor of the exchequer|"
    r"secretary of state for .*|lord chancellor|chancellor of the duchy of lancaster|"
    r"leader of the house of (commons|lords)|chief secretary to the treasury|"
    r"lord (president of the council|privy seal)( and .*)?"
)
_LEADER_TITLES = re.compile(
    r"leader of the opposition|(acting |co-)?leader of (the )?"
    r"(labour|conservative|liberal|scottish national|green|democratic unionist|"
    r"ulster unionist|social democratic|snp|sinn|plaid|reform|ukip|alliance|"
    r"independent group|change uk).*|"
    r"mayor of .*|first minister of .*|speaker of the house of commons|prime minister of .*"
)
_MEMBER_TITLES = re.compile(r"(mp|msp|ms|mla|mep|am) for .*|member of the house of lords|mp")

_ROLE_PUNCT = re.compile(r"[^\w\s,()'-]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def role_key(text: str) -> str:
    """Normalised form of a role title or phrase ("The  Chancellor" -> "chancellor")."""
    text = strip_accents(text).casefold().replace("&", " and ").replace("\u2019", "'")
    text = _SPACES.sub(" ", _ROLE_PUNCT.sub(" ", text)).strip(" ,")
    for prefix in ("the ", "britain's ", "uk's ", "former "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.startswith("uk "):
        text = text[3:]
    return text


def _office_patterns(office: str) -> tuple[str, ...]:
    if office.startswith("shadow "):
        return _shadow_titles(office[len("shadow ") :])
    return OFFICE_TITLES[office]


_OFFICE_RES: dict[str, re.Pattern[str]] = {}


def office_regex(office: str) -> re.Pattern[str]:
    """One compiled full-match pattern for an office key of ``ROLE_PHRASES``."""
    if office not in _OFFICE_RES:
        _OFFICE_RES[office] = re.compile("|".join(f"(?:{p})" for p in _office_patterns(office)))
    return _OFFICE_RES[office]


def offices_for_title(title: str) -> list[str]:
    """The offices (keys of ``OFFICE_TITLES`` or "shadow ...") an official title names."""
    key = role_key(title)
    offices = sorted(set(ROLE_PHRASES.values()))
    return [o for o in offices if office_regex(o).fullmatch(key)]


def phrases_for_title(title: str) -> list[str]:
    """Journalists' phrases for an official title ("Prime Minister" -> ["pm", ...])."""
    offices = set(offices_for_title(title))
    key = role_key(title)
    return sorted(p for p, o in ROLE_PHRASES.items() if o in offices and p != key)


def role_rank(title: str, cabinet: bool = False) -> int:
    """Prominence of a role: PM 0, Cabinet 1, party leader/mayor 2, other 3, MP/peer 4."""
    key = role_key(title)
    if key == "prime minister":
        return RANK_PM
    if cabinet or _CABINET_TITLES.fullmatch(key):
        return RANK_CABINET
    if _LEADER_TITLES.fullmatch(key):
        return RANK_LEADER
    if _MEMBER_TITLES.fullmatch(key):
        return RANK_MEMBER
    return RANK_OTHER


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
        self, role_phrase: str, on: dt.date, *, confirmed_only: bool = False
    ) -> list[tuple[PersonEntry, RoleEntry]]:
        """Like :meth:`holder` but with the matching role, so callers can see whether
        it is confirmed on that day (``role.as_of`` before ``on`` means the source
        stopped while the role was still open). ``confirmed_only`` drops those."""
        key = role_key(role_phrase)
        office = ROLE_PHRASES.get(key)
        pattern = office_regex(office) if office else None
        hits: list[tuple[tuple[int, int, int, str], PersonEntry, RoleEntry]] = []
        for pid, person in self._people.items():
            for role in person.roles:
                if not role.active_on(on):
                    continue
                unconfirmed = role.as_of is not None and role.as_of < on
                if confirmed_only and unconfirmed:
                    continue
                title = role_key(role.title)
                if (
                    (pattern is not None and pattern.fullmatch(title))
                    or title == key
                    or any(role_key(a) == key for a in role.aliases)
                ):
                    start = (role.start or dt.date.min).toordinal()
                    hits.append(((int(unconfirmed), role.rank, -start, pid), person, role))
                    break
        hits.sort(key=lambda h: h[0])
        return [(person, role) for _, person, role in hits]

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


# -- user imports --------------------------------------------------------------------
IMPORT_COLUMNS: tuple[str, ...] = (
    "name",
    "aliases",
    "party",
    "title",
    "organisation",
    "start",
    "end",
)


DEVOLVED_PATH = Path(__file__).with_name("devolved.csv")


def bundled_registry() -> Registry:
    """A fresh copy of the bundled registry with the devolved First Ministers
    (``devolved.csv``), whom the national sources do not list."""
    registry = load_registry()
    for person in import_people(DEVOLVED_PATH):
        registry.add(person)
    return registry


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The bundled registry, loaded once per process (shared: never add to it)."""
    return bundled_registry()


class RegistryImportError(ValueError):
    """A user import file is malformed; the message names the file and line."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        super().__init__(f"{path}:{line}: {message}")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "person"


def _import_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    suffix = path.suffix.casefold()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise RegistryImportError(path, number, f"invalid JSON: {exc.msg}") from None
                if not isinstance(row, dict):
                    raise RegistryImportError(path, number, "each line must be a JSON object")
                yield number, row
    elif suffix in {".csv", ".tsv"}:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")
            header = [h.strip().casefold() for h in reader.fieldnames or []]
            if "name" not in header:
                raise RegistryImportError(path, 1, "missing required column 'name'")
            unknown = sorted(set(header) - set(IMPORT_COLUMNS) - {""})
            if unknown:
                raise RegistryImportError(path, 1, f"unknown column(s): {', '.join(unknown)}")
            reader.fieldnames = header
            for row in reader:
                if None in row:
                    raise RegistryImportError(
                        path, reader.line_num, "more fields than the header has columns"
                    )
                yield reader.line_num, row
    else:
        raise RegistryImportError(path, 0, "unsupported file type (use .csv or .jsonl)")


def _text(value: Any, path: Path, line: int, column: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise RegistryImportError(path, line, f"column '{column}' must be text")
    return " ".join(str(value).split())


def import_people(path: str | Path) -> list[PersonEntry]:
    """Parse and validate a user's CSV or JSONL file of people.

    Columns: ``name`` (required), ``aliases`` (semicolon-separated, or a JSON list),
    ``party``, ``title``, ``organisation``, ``start``, ``end`` (ISO dates). Rows with the
    same name and party become one person with several roles. Raises
    :class:`RegistryImportError` naming the file and line of the first problem.
    """
    source = Path(path)
    if not source.is_file():
        raise RegistryImportError(source, 0, "file not found")
    people: dict[tuple[str, str | None], dict[str, Any]] = {}
    for line, row in _import_rows(source):
        unknown = sorted(set(row) - set(IMPORT_COLUMNS))
        if unknown:
            raise RegistryImportError(source, line, f"unknown field(s): {', '.join(unknown)}")
        raw_name = _text(row.get("name"), source, line, "name")
        name = strip_honorifics(raw_name)
        if not name_key(name):
            raise RegistryImportError(source, line, "empty 'name'")
        raw_aliases = row.get("aliases") or []
        if isinstance(raw_aliases, str):
            raw_aliases = raw_aliases.split(";")
        if not isinstance(raw_aliases, list):
            raise RegistryImportError(source, line, "'aliases' must be text or a list")
        aliases = [_text(a, source, line, "aliases") for a in raw_aliases]
        party = normalise_party(_text(row.get("party"), source, line, "party") or None)
        title = _text(row.get("title"), source, line, "title")
        organisation = _text(row.get("organisation"), source, line, "organisation") or None
        dates: dict[str, dt.date | None] = {}
        for column in ("start", "end"):
            value = _text(row.get(column), source, line, column)
            try:
                dates[column] = dt.date.fromisoformat(value) if value else None
            except ValueError:
                raise RegistryImportError(
                    source, line, f"bad {column} date {value!r} (use YYYY-MM-DD)"
                ) from None
        start, end = dates["start"], dates["end"]
        if start and end and end < start:
            raise RegistryImportError(source, line, f"end {end} is before start {start}")
        if not title and (organisation or start or end):
            raise RegistryImportError(source, line, "a role needs a 'title'")
        entry = people.setdefault(
            (name_key(name), party),
            {"name": name, "aliases": [], "party": party, "roles": [], "raw": []},
        )
        entry["raw"].append(raw_name)
        entry["aliases"].extend(a for a in aliases if a)
        if title:
            entry["roles"].append(
                RoleEntry(
                    title=title,
                    organisation=organisation,
                    party=party,
                    start=start,
                    end=end,
                    source="user",
                    origin="import",
                    aliases=tuple(phrases_for_title(title)),
                )
            )
    result = []
    for (_key, party), entry in people.items():
        gender = None
        titles: set[str] = set()
        for raw in entry["raw"] + entry["aliases"]:
            gender = gender or gender_from_honorific(raw)
            titles |= titles_in(raw)
        generated = honorific_aliases(entry["name"], gender, titles)
        known = {alias_key(n) for n in [entry["name"], *generated]}
        names = [n for n in entry["raw"] if alias_key(n) not in known]
        names += [*entry["aliases"], *generated]
        own_aliases = tuple(n for n in dict.fromkeys(names) if n and n != entry["name"])
        pid = f"user-{_slug(entry['name'])}" + (f"-{_slug(party)}" if party else "")
        result.append(
            PersonEntry(
                id=pid,
                name=entry["name"],
                aliases=own_aliases,
                gender=gender,
                party=party,
                roles=tuple(entry["roles"]),
            )
        )
    return result
