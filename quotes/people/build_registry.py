"""Build the bundled people registry from the raw public sources.

Usage::

    python -m quotes.people.build_registry DATA_DIR OUTPUT.jsonl.gz

DATA_DIR holds ``ifg/`` (Institute for Government Ministers Database), ``mplookup/``
(UK Parliament MP lookup) and ``parlparse/`` (mySociety parlparse member files). The same
person is merged across sources by UK Parliament member id and parlparse person id, and
otherwise only by an identical normalised full name *plus* an overlapping seat or office;
a shared surname or first name never merges two people. Output: one JSON object per
person, sorted by id, gzip-compressed with a fixed mtime so the bytes are reproducible.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from quotes.people.names import (
    gender_from_honorific,
    honorific_aliases,
    is_peerage_name,
    name_key,
    split_name,
    strip_honorifics,
    titles_in,
)
from quotes.people.offices import normalise_party, phrases_for_title, role_key

Date = dt.date
FAR_FUTURE = dt.date(9999, 12, 31)

# all-members.xml was written during the 2005 parliament: "still in office" there means
# until that parliament was dissolved (the 2010 file starts with the 2010 election).
PARLIAMENT_2005_DISSOLVED = dt.date(2010, 4, 12)
# mp_lookup lists the MPs elected on 4 July 2024 (and later by-elections).
GENERAL_ELECTION_2024 = dt.date(2024, 7, 4)
# Two records of one seat or post may disagree by a few days (election vs swearing-in).
OVERLAP_SLACK_DAYS = 7

# Source priority for the canonical name (lower wins).
NAME_RANK_MPLOOKUP, NAME_RANK_IFG, NAME_RANK_PARLPARSE, NAME_RANK_PEERAGE = 0, 1, 2, 3

# Words that mark a member-aliases.xml "alternate" as an office, not a person's name.
OFFICE_WORDS: frozenset[str] = frozenset(
    """
    minister secretary speaker general chancellor leader chairman chair deputy president
    whip solicitor advocate attorney the prime member
    """.split()
)

_PARL_ID_RE = re.compile(r"uk\.parliament\.data/Member/(\d+)/")
_PARENS_RE = re.compile(r"\(([^()]*)\)")
_DEPT_RE = re.compile(
    r"^(Department|Ministry|Office|HM |Cabinet Office|Home Office|Foreign|Northern Ireland"
    r" Office|Scotland Office|Wales Office|Privy Council|Law Officers|Treasury)"
)


def _d(value: str | None) -> Date | None:
    if not value or value.startswith("9999"):
        return None
    return dt.date.fromisoformat(value[:10])


def _overlap_days(a0: Date | None, a1: Date | None, b0: Date | None, b1: Date | None) -> int:
    lo = max(a0 or dt.date.min, b0 or dt.date.min)
    hi = min(a1 or FAR_FUTURE, b1 or FAR_FUTURE)
    return (hi - lo).days


def _duration(start: Date | None, end: Date | None) -> int:
    return max(1, ((end or FAR_FUTURE) - (start or dt.date(1900, 1, 1))).days)


@dataclass
class Role:
    """A role while building (mutable); ``family`` groups roles for de-duplication."""

    title: str
    start: Date | None
    end: Date | None
    origin: str
    family: str
    organisation: str | None = None
    party: str | None = None
    cabinet: bool = False
    inferred: bool = False
    as_of: Date | None = None
    house: str | None = None
    seat: str | None = None
    file: str = ""


@dataclass
class Record:
    """Everything one source says about one person (a union-find node)."""

    names: list[tuple[int, str, str]] = field(default_factory=list)  # (rank, sort, name)
    aliases: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    gender: str | None = None
    surname: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)


class UnionFind:
    """Plain union-find over string keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Builder:
    """Collects records from each source, merges people and writes the registry."""

    def __init__(self) -> None:
        self.records: dict[str, Record] = defaultdict(Record)
        self.uf = UnionFind()
        self.stats: dict[str, int] = defaultdict(int)
        self.pm_terms: list[tuple[Date, Date | None, str]] = []  # (start, end, ifg node)
        self.parlparse_snapshot: Date | None = None

    def node(self, key: str) -> Record:
        self.uf.find(key)
        return self.records[key]

    # -- IfG -------------------------------------------------------------------------
    def load_ifg(self, root: Path) -> None:
        def rows(name: str) -> list[dict[str, str]]:
            with (root / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))

        for row in rows("person"):
            key = f"ifg:{row['id']}"
            rec = self.node(key)
            rec.ids["ifg"] = row["id"]
            if row["id_parliament"]:
                parl = str(int(float(row["id_parliament"])))
                rec.ids["parliament"] = parl
                self.uf.union(key, f"parl:{parl}")
            rec.gender = row["gender"] or rec.gender
            sort = (row["start_date"] or "0000") + (row["end_date"] or "9999")
            for col in ("name", "display_name", "normalized_name"):
                name = strip_honorifics(row[col] or "")
                if not name:
                    continue
                rec.titles |= titles_in(row[col]) & {"sir", "dame", "dr"}
                rank = NAME_RANK_PEERAGE if is_peerage_name(name) else NAME_RANK_IFG
                rec.names.append((rank, sort, name))
            if row["short_name"] and not is_peerage_name(row["name"]):
                rec.surname = row["short_name"]

        constituencies = {r["id"]: r["name"] for r in rows("constituency")}
        parties: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in rows("representation_characteristics"):
            parties[row["representation_id"]].append(row)
        for row in rows("representation"):
            rec = self.node(f"ifg:{row['person_id']}")
            commons = row["house"] == "Commons"
            seat = constituencies.get(row["constituency_id"]) if commons else None
            title = f"MP for {seat}" if seat else "Member of the House of Lords"
            if commons and not seat:
                title = "MP"
            periods = sorted(parties[row["id"]], key=lambda r: r["start_date"]) or [
                {"party": "", "start_date": row["start_date"], "end_date": row["end_date"]}
            ]
            for period in periods:
                rec.roles.append(
                    Role(
                        title=title,
                        start=_d(period["start_date"]) or _d(row["start_date"]),
                        end=_d(period["end_date"]) or _d(row["end_date"]),
                        origin="ifg",
                        family="member",
                        party=normalise_party(period["party"]),
                        house="commons" if commons else "lords",
                        seat=seat,
                        file="ifg",
                    )
                )
                self.stats["ifg representations"] += 1

        orgs = {r["id"]: r["name"] for r in rows("organisation")}
        posts = {r["id"]: r for r in rows("post")}
        cabinet: set[str] = set()
        for row in rows("appointment_characteristics"):
            if row["cabinet_status"] in {"Full cabinet", "Attends cabinet"}:
                cabinet.add(row["appointment_id"])
        for row in rows("appointment"):
            post = posts[row["post_id"]]
            role = Role(
                title=" ".join(post["name"].split()),
                start=_d(row["start_date"]),
                end=_d(row["end_date"]),
                origin="ifg",
                family="gov",
                organisation=orgs.get(post["organisation_id"]),
                cabinet=row["id"] in cabinet,
                file="ifg",
            )
            self.node(f"ifg:{row['person_id']}").roles.append(role)
            self.stats["ifg appointments"] += 1
            if post["rank_equivalence"] == "PM" and role.start:
                self.pm_terms.append((role.start, role.end, f"ifg:{row['person_id']}"))

    # -- mp_lookup -------------------------------------------------------------------
    def load_mplookup(self, path: Path) -> None:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = f"parl:{row['member_id']}"
                rec = self.node(key)
                rec.ids["parliament"] = row["member_id"]
                name = strip_honorifics(row["display_as"])
                rec.names.append((NAME_RANK_MPLOOKUP, "9999", name))
                full = strip_honorifics(row["full_title"])
                if full and full != name:
                    rec.aliases.add(full)
                for styled in (row["full_title"], row["display_as"]):
                    rec.titles |= titles_in(styled) & {"sir", "dame", "dr"}
                    rec.gender = rec.gender or gender_from_honorific(styled)
                rec.roles.append(
                    Role(
                        title=f"MP for {row['pcon_name']}",
                        start=GENERAL_ELECTION_2024,
                        end=None,
                        origin="mplookup",
                        family="member",
                        party=normalise_party(row["party_text"]),
                        house="commons",
                        seat=row["pcon_name"],
                        file="mplookup",
                    )
                )
                self.stats["mp_lookup MPs"] += 1

    # -- parlparse -------------------------------------------------------------------
    def load_parlparse(self, root: Path) -> None:
        member_person: dict[str, str] = {}
        people = ET.parse(root / "people.xml").getroot()
        for person in people.iter("person"):
            pid = person.get("id", "")
            key = f"pp:{pid}"
            latest = strip_honorifics(person.get("latestname") or "")
            offices = [o.get("id", "") for o in person.iter("office")]
            for office in offices:
                member_person[office] = pid
            parl_ids = {m.group(1) for o in offices if (m := _PARL_ID_RE.match(o))}
            if not latest and not parl_ids:
                continue
            rec = self.node(key)
            rec.ids["parlparse"] = pid
            if latest:
                rank = NAME_RANK_PEERAGE if is_peerage_name(latest) else NAME_RANK_PARLPARSE
                rec.names.append((rank, "9999", latest))
                rec.gender = rec.gender or gender_from_honorific(person.get("latestname", ""))
            self._link_parl(key, rec, parl_ids)

        for filename in ("all-members.xml", "all-members-2010.xml"):
            for member in ET.parse(root / filename).getroot().iter("member"):
                person_id = member_person.get(member.get("id", ""))
                if person_id is None:
                    self.stats["parlparse members without person"] += 1
                    continue
                key = f"pp:{person_id}"
                rec = self.node(key)
                rec.ids["parlparse"] = person_id
                first, last = member.get("firstname", ""), member.get("lastname", "")
                name = " ".join(f"{first} {last}".split())
                start, end = _d(member.get("fromdate")), _d(member.get("todate"))
                if member.get("todate", "").startswith("9999"):
                    end = PARLIAMENT_2005_DISSOLVED if filename == "all-members.xml" else None
                rec.names.append((NAME_RANK_PARLPARSE, member.get("fromdate", ""), name))
                # "Angela C Smith" is also written "Angela Smith".
                short = " ".join(t for t in name.split() if len(t.rstrip(".")) > 1)
                if short != name:
                    rec.aliases.add(short)
                if member.get("title"):
                    rec.titles.add(member.get("title", "").casefold())
                    rec.gender = rec.gender or gender_from_honorific(member.get("title", ""))
                if member.get("datadotparl_id"):
                    self._link_parl(key, rec, {member.get("datadotparl_id", "")})
                seat = " ".join(member.get("constituency", "").replace("&", "and").split())
                rec.roles.append(
                    Role(
                        title=f"MP for {seat}",
                        start=start,
                        end=end,
                        origin="parlparse",
                        family="member",
                        party=normalise_party(member.get("party")),
                        house="commons",
                        seat=seat,
                        file="pp-members",
                    )
                )
                self.stats["parlparse MP terms"] += 1

        self._load_ministers(root / "ministers-2010.json", datadotparl=True)
        self._load_ministers(root / "ministers.json", datadotparl=False)
        self._load_aliases(root / "member-aliases.xml")

    def _link_parl(self, key: str, rec: Record, parl_ids: set[str]) -> None:
        for parl in sorted(parl_ids):
            if "parliament" in rec.ids and rec.ids["parliament"] != parl:
                self.stats["parlparse people with two parliament ids"] += 1
                continue
            rec.ids["parliament"] = parl
            self.uf.union(key, f"parl:{parl}")

    def _load_ministers(self, path: Path, datadotparl: bool) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        orgs = {o["id"]: o["name"] for o in data["organizations"]}
        snapshot = max(
            _d(m.get(k)) or dt.date.min
            for m in data["memberships"]
            for k in ("start_date", "end_date")
        )
        if datadotparl:
            self.parlparse_snapshot = snapshot
        for m in data["memberships"]:
            key = f"pp:{m['person_id']}"
            rec = self.node(key)
            rec.ids["parlparse"] = m["person_id"]
            if found := _PARL_ID_RE.match(m["id"]):
                self._link_parl(key, rec, {found.group(1)})
            role = _parlparse_role(m, orgs.get(m["organization_id"], ""), datadotparl)
            if role is None:
                continue
            role.file = "pp2010" if datadotparl else "pp-old"
            if role.end is None:
                role.as_of = snapshot
            rec.roles.append(role)
            self.stats[f"parlparse {role.origin} {role.family} posts"] += 1

    def _load_aliases(self, path: Path) -> None:
        by_name: dict[str, set[str]] = defaultdict(set)
        for key, rec in self.records.items():
            if key.startswith("pp:"):
                for _, _, name in rec.names:
                    by_name[name_key(name)].add(key)
        for alias in ET.parse(path).getroot().iter("alias"):
            full, alternate = alias.get("fullname"), alias.get("alternate", "")
            if not full or not alternate or "&" in alternate or "\ufffd" in alternate:
                continue
            words = set(alternate.casefold().split())
            if words & OFFICE_WORDS:
                continue
            owners = by_name.get(name_key(full), set())
            if len(owners) == 1:
                self.records[next(iter(owners))].aliases.add(" ".join(alternate.split()))
                self.stats["member-aliases used"] += 1

    # -- merging ---------------------------------------------------------------------
    def merge_by_name(self) -> None:
        """Join a parlparse person without a parliament id to the one other person with
        the same full-name key and shared evidence: the same seat at the same time (one
        MP per seat), a peerage style while that peer sat in the Lords, or (for people
        not already holding a parlparse id) overlapping ministerial posts."""
        components: dict[str, list[str]] = defaultdict(list)
        for key in self.records:
            components[self.uf.find(key)].append(key)
        index: dict[str, set[str]] = defaultdict(set)
        for root, keys in components.items():
            for k in keys:
                for _, _, name in self.records[k].names:
                    index[name_key(name)].add(root)
        for root, keys in sorted(components.items()):
            if any(k.startswith(("parl:", "ifg:")) for k in keys):
                continue
            names = {name_key(n) for k in keys for _, _, n in self.records[k].names}
            peer = any(is_peerage_name(n) for k in keys for _, _, n in self.records[k].names)
            roles = [r for k in keys for r in self.records[k].roles]
            candidates = set().union(*(index.get(n, set()) for n in names)) if names else set()
            candidates.discard(root)
            matches = []
            for cand in sorted(candidates):
                cand_keys = components[cand]
                cand_roles = [r for k in cand_keys for r in self.records[k].roles]
                has_pp = any(k.startswith("pp:") for k in cand_keys)
                if _shares_post(roles, cand_roles, offices=not has_pp, peer=peer):
                    matches.append(cand)
            if len(matches) == 1:
                self.uf.union(root, matches[0])
                self.stats["merged by name and dates"] += 1
            elif len(matches) > 1:
                self.stats["ambiguous name matches left apart"] += 1

    # -- output ----------------------------------------------------------------------
    def people(self) -> list[dict[str, object]]:
        components: dict[str, list[str]] = defaultdict(list)
        for key in self.records:
            components[self.uf.find(key)].append(key)
        node_person: dict[str, str] = {}
        built: list[tuple[dict[str, object], list[Role]]] = []
        for keys in components.values():
            person, roles = self._person(sorted(keys))
            if person is None:
                continue
            built.append((person, roles))
            for k in keys:
                node_person[k] = str(person["id"])
        self._derive_roles(built, node_person)
        out = []
        for person, roles in built:
            self._assign_parties(roles)
            roles.sort(key=lambda r: (r.start or dt.date.min, r.end or FAR_FUTURE, r.title))
            person["party"] = _latest_party(roles)
            person["roles"] = [_role_json(r) for r in roles]
            out.append(person)
        out.sort(key=lambda p: str(p["id"]))
        return out

    def _person(self, keys: list[str]) -> tuple[dict[str, object] | None, list[Role]]:
        recs = [self.records[k] for k in keys]
        roles = _dedupe([r for rec in recs for r in rec.roles])
        if not roles:
            return None, []
        names = sorted((n for rec in recs for n in rec.names), key=lambda n: (n[0], n[1]))
        if not names:
            self.stats["people with roles but no name (skipped)"] += 1
            return None, []
        best_rank = names[0][0]
        canonical = max((n for n in names if n[0] == best_rank), key=lambda n: n[1])[2]
        ids: dict[str, str] = {}
        for rec in recs:
            for scheme, value in rec.ids.items():
                ids.setdefault(scheme, value)
        gender = next((r.gender for r in recs if r.gender in {"M", "F"}), None)
        titles = set().union(*(rec.titles for rec in recs))
        surname = next((r.surname for r in recs if r.surname), None)
        if surname and split_name(canonical, surname)[1] != surname:
            surname = None
        aliases = {n for _, _, n in names} | set().union(*(rec.aliases for rec in recs))
        for alias in list(aliases):
            if is_peerage_name(alias):
                aliases.update(honorific_aliases(alias, gender))
        ordered = sorted(a for a in aliases if a != canonical)
        ordered += honorific_aliases(canonical, gender, titles, surname)
        final = [a for a in dict.fromkeys(ordered) if a != canonical]
        if "parliament" in ids:
            pid = f"uk-parl-{ids['parliament']}"
        elif "ifg" in ids:
            pid = f"ifg-{ids['ifg']}"
        else:
            pid = "parlparse-" + ids["parlparse"].rsplit("/", 1)[-1]
        person: dict[str, object] = {
            "id": pid,
            "name": canonical,
            "aliases": final,
            "gender": gender,
            "party": None,
            "ids": dict(sorted(ids.items())),
            "roles": [],
        }
        return person, roles

    def _assign_parties(self, roles: list[Role]) -> None:
        members = sorted(
            (r for r in roles if r.family == "member" and r.party),
            key=lambda r: r.start or dt.date.min,
        )
        for role in roles:
            if role.party or not members:
                continue
            when = role.start or dt.date.min
            active = [
                m for m in members if (m.start or dt.date.min) <= when < (m.end or FAR_FUTURE)
            ]
            before = [m for m in members if (m.start or dt.date.min) <= when]
            chosen = active[-1] if active else before[-1] if before else members[0]
            role.party = chosen.party

    def _derive_roles(
        self, built: list[tuple[dict[str, object], list[Role]]], node_person: dict[str, str]
    ) -> None:
        """Close open party-leader and opposition posts when the data shows they ended,
        and add the party leadership each Prime Minister held while in office."""
        roles_by_person = {str(p["id"]): roles for p, roles in built}
        for roles in roles_by_person.values():
            self._assign_parties(roles)
        pm_terms = []
        for start, end, node in sorted(self.pm_terms):
            pid = node_person.get(node)
            if pid is None:
                continue
            party = next(
                (r.party for r in roles_by_person[pid] if r.title == "Prime Minister"), None
            )
            pm_terms.append((start, end, pid, party))
        # Changes of governing party: the opposition's shadow posts end there.
        changes = [
            (start, party)
            for i, (start, _, _, party) in enumerate(pm_terms)
            if i > 0 and party != pm_terms[i - 1][3]
        ]
        for pid, roles in roles_by_person.items():
            gov_starts = sorted(
                r.start for r in roles if r.origin == "ifg" and r.family == "gov" and r.start
            )
            for role in roles:
                if role.end is not None or role.origin != "parlparse":
                    continue
                start = role.start or dt.date.min
                ends: list[Date] = []
                party = _party_led(role.title)
                if party:
                    ends += [
                        s for s, _, p, pp in pm_terms if pp == party and p != pid and s > start
                    ]
                if role.family == "opp":
                    ends += [s for s in gov_starts if s > start]
                    ends += [s for s, p in changes if p == role.party and s > start]
                if ends:
                    role.end = min(ends)
                    role.inferred = True  # an upper bound; as_of stays the last sure day
                    self.stats["open posts closed by later data"] += 1
            for start, end, holder, party in pm_terms:
                if holder != pid or not party:
                    continue
                title = _LEADER_TITLE.get(party)
                if title is None:
                    continue
                covered = any(
                    r.title == title and _overlap_days(r.start, r.end, start, end) > 0
                    for r in roles
                )
                if not covered:
                    roles.append(
                        Role(
                            title,
                            start,
                            end,
                            "derived",
                            "party",
                            party=party,
                            inferred=True,
                            file="derived",
                        )
                    )
                    self.stats["party leaderships derived from PM terms"] += 1


_LEADER_TITLE = {
    "Labour": "Leader of the Labour Party",
    "Conservative": "Leader of the Conservative Party",
}
_LEADER_PARTY = re.compile(
    r"leader of (the )?(labour party|conservative party|liberal democrats|"
    r"scottish national party|green party|plaid cymru|democratic unionist party)"
)
_PARTY_OF_LEADER = {
    "labour party": "Labour",
    "conservative party": "Conservative",
    "liberal democrats": "Liberal Democrat",
    "scottish national party": "SNP",
    "green party": "Green",
    "plaid cymru": "Plaid Cymru",
    "democratic unionist party": "DUP",
}


def _party_led(title: str) -> str | None:
    found = _LEADER_PARTY.fullmatch(role_key(title))
    return _PARTY_OF_LEADER[found.group(2)] if found else None


def _shares_post(a: list[Role], b: list[Role], offices: bool, peer: bool) -> bool:
    """Whether two records of one name share a seat at the same time, a peer's Lords
    membership overlaps the other's posts, or (``offices``) ministerial posts overlap."""
    for ra in a:
        for rb in b:
            if _overlap_days(ra.start, ra.end, rb.start, rb.end) <= OVERLAP_SLACK_DAYS:
                continue
            if ra.family == rb.family == "member":
                if ra.seat and rb.seat and _seat_key(ra.seat) == _seat_key(rb.seat):
                    return True
            elif (peer and rb.family == "member" and rb.house == "lords") or (
                offices and ra.family == rb.family == "gov"
            ):
                return True
    return False


def _seat_key(seat: str) -> str:
    return name_key(seat.replace("&", "and"))


# Which file a role came from, in the order de-duplication trusts them.
FILE_PRIORITY: dict[str, int] = {
    "ifg": 0,
    "pp-members": 1,
    "pp2010": 1,
    "pp-old": 2,
    "mplookup": 3,
    "derived": 4,
}


def _covered(role: Role, rivals: list[Role]) -> bool:
    """Whether ``rivals`` overlap at least half of ``role``'s time (an open role counts
    until its source's snapshot date)."""
    end = role.end or role.as_of
    span = _duration(role.start, end)
    covered = sum(max(0, _overlap_days(k.start, k.end, role.start, end)) for k in rivals)
    return bool(rivals) and covered * 2 >= span


def _dedupe(roles: list[Role]) -> list[Role]:
    """Drop a role another source already gives: MP terms by priority ifg > parlparse >
    mp_lookup; parlparse government posts that IfG covers; the older parlparse file's
    posts that the newer one covers; exact repeats."""
    kept: list[Role] = []
    seen: set[tuple[str, Date | None, Date | None]] = set()
    ordered = sorted(roles, key=lambda r: (FILE_PRIORITY[r.file], r.start or dt.date.min, r.title))
    for role in ordered:
        ident = (role_key(role.title), role.start, role.end)
        if ident in seen:
            continue
        if role.family == "member":
            if any(
                k.family == "member"
                and k.house == role.house
                and k.file != role.file
                and _overlap_days(k.start, k.end, role.start, role.end) > OVERLAP_SLACK_DAYS
                for k in kept
            ):
                continue
        elif role.family in {"gov", "opp"} and role.file in {"pp2010", "pp-old"}:
            trusted = {"ifg"} if role.file == "pp2010" else {"ifg", "pp2010"}
            if role.family == "opp":
                trusted -= {"ifg"}
            rivals = [k for k in kept if k.family == role.family and k.file in trusted]
            if _covered(role, rivals):
                continue
        seen.add(ident)
        kept.append(role)
    return kept


_ALSO_PPS = re.compile(r"^\(?also pps to (.*?)\)?$", re.IGNORECASE)
_PPS = re.compile(r"^PPS \((.*?)(?:,.*)?\)$")


def _parlparse_role(m: dict[str, str], org: str, datadotparl: bool) -> Role | None:
    """One parlparse membership as a Role, or None for plain committee membership."""
    raw = " ".join((m.get("role") or "").split())
    source = m.get("source", "")
    start, end = _d(m.get("start_date")), _d(m.get("end_date"))
    origin = "parlparse"
    if source == "datadotparl/committee" or (not datadotparl and "Committee" in org):
        if raw.casefold() not in {"chair", "chairman"}:
            return None
        committee = org if org.startswith("the ") else f"the {org}"
        return Role(f"Chair of {committee}", start, end, origin, "committee", organisation=org)
    if not raw:
        return None
    title = raw.lstrip("- ").strip()
    if title.startswith("The "):
        title = title[4:]
    title = title.replace("Leader of Her Majesty's Official Opposition", "Leader of the Opposition")
    title = title.replace(
        "Deputy Leader of the Official Opposition", "Deputy Leader of the Opposition"
    )
    organisation: str | None = org if not datadotparl else None
    family = "gov"
    if found := _ALSO_PPS.match(title):
        title, family = f"Parliamentary Private Secretary to {found.group(1)}", "pps"
    elif found := _PPS.match(title):
        who = found.group(1)
        family = "pps"
        title = (
            "Parliamentary Private Secretary"
            if who.casefold().startswith("team")
            else f"Parliamentary Private Secretary to {strip_honorifics(who)}"
        )
    elif title.startswith("Parliamentary Private Secretar"):
        family = "pps"
        title = re.sub(
            r"^Parliamentary Private Secretaries To",
            "Parliamentary Private Secretary to the",
            title,
        )
    if source == "datadotparl/parliamentarypost":
        family = "party"
        if "," in title and not title.startswith("Leader of the Opposition"):
            head, tail = (p.strip() for p in title.split(",", 1))
            head = re.sub(r"^Party Chair$", "Chair", head)
            if tail.startswith("House of"):
                title = f"{head} in the {tail}"
            elif tail.startswith(("the ", "Plaid Cymru", "Change UK")):
                title = f"{head} of {tail}"
            else:
                title = f"{head} of the {tail}"
        elif title.startswith("Leader of the Opposition, House of Lords"):
            title = "Leader of the Opposition in the House of Lords"
    if source == "datadotparl/oppositionpost" or re.search(
        r"shadow|spokes|opposition", title, re.IGNORECASE
    ):
        family = "opp" if family != "pps" else family
    if source == "datadotparl/parliamentarypost" and re.match(
        r"(Mayor|Speaker|First Minister|Deputy First Minister|Lord Speaker)\b", title
    ):
        family = "party"
    if datadotparl and (found := _PARENS_RE.search(title)) and _DEPT_RE.match(found.group(1)):
        organisation = found.group(1)
    return Role(title, start, end, origin, family, organisation=organisation)


def _latest_party(roles: list[Role]) -> str | None:
    members = [r for r in roles if r.family == "member" and r.party]
    pool = members or [r for r in roles if r.party]
    if not pool:
        return None
    best = max(pool, key=lambda r: (r.end is None, r.end or FAR_FUTURE, r.start or dt.date.min))
    return best.party


_PHRASE_CACHE: dict[str, list[str]] = {}


def _role_json(role: Role) -> dict[str, object]:
    if role.title not in _PHRASE_CACHE:
        _PHRASE_CACHE[role.title] = phrases_for_title(role.title)
    out: dict[str, object] = {
        "title": role.title,
        "organisation": role.organisation,
        "party": role.party,
        "start": role.start.isoformat() if role.start else None,
        "end": role.end.isoformat() if role.end else None,
        "source": "registry",
        "origin": role.origin,
    }
    if _PHRASE_CACHE[role.title]:
        out["aliases"] = _PHRASE_CACHE[role.title]
    if role.cabinet:
        out["cabinet"] = True
    if role.inferred:
        out["inferred"] = True
    if role.as_of:
        out["as_of"] = role.as_of.isoformat()
    return out


def build(data_dir: Path) -> list[dict[str, object]]:
    """Read every source under ``data_dir`` and return the merged people, sorted by id."""
    builder = Builder()
    builder.load_ifg(data_dir / "ifg")
    builder.load_mplookup(data_dir / "mplookup" / "mp_lookup.csv")
    builder.load_parlparse(data_dir / "parlparse")
    builder.merge_by_name()
    people = builder.people()
    for key, value in sorted(builder.stats.items()):
        print(f"  {key}: {value}", file=sys.stderr)
    return people


def write_registry(people: Iterable[dict[str, object]], output: Path) -> None:
    """Write JSON lines, gzip-compressed with mtime 0 and no file name in the header."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with (
        output.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle,
    ):
        for person in people:
            line = json.dumps(person, ensure_ascii=False, separators=(",", ":"))
            handle.write(line.encode("utf-8") + b"\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="the registry/ data folder")
    parser.add_argument("output", type=Path, help="where to write registry.jsonl.gz")
    args = parser.parse_args(argv)
    people = build(args.data_dir)
    write_registry(people, args.output)
    roles = sum(len(cast("list[object]", p["roles"])) for p in people)
    print(f"registry: {len(people)} people, {roles} roles -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
