"""Tests for the people registry: name handling, the shipped registry and user imports."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from quotes.people.imports import RegistryImportError, import_people
from quotes.people.names import honorific_aliases, name_key, strip_honorifics
from quotes.people.offices import ROLE_PHRASES, normalise_party, office_regex, role_key, role_rank
from quotes.people.registry import (
    DEFAULT_REGISTRY_PATH,
    PersonEntry,
    Registry,
    RoleEntry,
    load_registry,
)

D = dt.date
REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "registry"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _names(people: list[PersonEntry]) -> list[str]:
    return [p.name for p in people]


# -- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rt Hon Sir Keir Starmer MP", "Keir Starmer"),
        ("The Rt Hon. Sir Keir Starmer KCB KC MP", "Keir Starmer"),
        ("Rt Hon Shabana Mahmood KC MP", "Shabana Mahmood"),
        ("Rt Hon Dame Diana Johnson MP", "Diana Johnson"),
        ("Harriet Harman, QC, MP", "Harriet Harman"),
        ("Mr Connor Rand MP", "Connor Rand"),
        ("Dr Andrew Murrison", "Andrew Murrison"),
        ("Sir Iain Duncan Smith", "Iain Duncan Smith"),
        ("Margaret Hodge MBE", "Margaret Hodge"),
        ("John Swinney MSP", "John Swinney"),
        ("Rhun ap Iorwerth MS", "Rhun ap Iorwerth"),
        ("Michelle O'Neill MLA", "Michelle O'Neill"),
        ("Baroness Smith of Malvern PC", "Baroness Smith of Malvern"),
        ("The Rt Hon Lord Mandelson", "Lord Mandelson"),
        ("Keir Starmer", "Keir Starmer"),
    ],
)
def test_strip_honorifics(raw: str, expected: str) -> None:
    assert strip_honorifics(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rt Hon Nick Thomas-Symonds MP", "nick thomas symonds"),
        ("Thérèse Coffey", "Therese Coffey"),
        ("Mike O'Brien", "MIKE OBRIEN"),
        ("Sir Keir Starmer", "keir starmer"),
    ],
)
def test_name_key_normalises(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_people_apart() -> None:
    keys = {name_key(n) for n in ("Ed Miliband", "Ed Balls", "Ed Davey", "David Miliband")}
    assert len(keys) == 4


@pytest.mark.parametrize(
    ("name", "gender", "titles", "present", "absent"),
    [
        (
            "Keir Starmer",
            "M",
            {"sir"},
            ["Sir Keir Starmer", "Sir Keir", "Mr Starmer", "Starmer"],
            ["Ms Starmer", "Keir Starmer"],
        ),
        ("Keir Starmer", "M", set(), ["Mr Starmer"], ["Sir Keir", "Sir Keir Starmer"]),
        (
            "Margaret Hodge",
            "F",
            {"dame"},
            ["Dame Margaret Hodge", "Dame Margaret", "Ms Hodge", "Mrs Hodge"],
            ["Mr Hodge", "Sir Margaret"],
        ),
        ("Lord Mandelson", "M", set(), [], ["Mr Mandelson", "Sir Lord", "Mandelson"]),
        ("Lord Johnson of Marylebone", "M", set(), ["Lord Johnson"], ["Mr Johnson"]),
        ("Diane Abbott", None, set(), ["Abbott"], ["Ms Abbott", "Mr Abbott"]),
    ],
)
def test_honorific_aliases(
    name: str, gender: str | None, titles: set[str], present: list[str], absent: list[str]
) -> None:
    aliases = honorific_aliases(name, gender, titles)
    for alias in present:
        assert alias in aliases
    for alias in absent:
        assert alias not in aliases


def test_compound_surname_from_data() -> None:
    aliases = honorific_aliases("Iain Duncan Smith", "M", {"sir"}, surname="Duncan Smith")
    assert "Mr Duncan Smith" in aliases
    assert "Mr Smith" not in aliases


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Lab/Co-op", "Labour"), ("LDem", "Liberal Democrat"), ("Scottish National Party", "SNP")]
    + [("SF", "Sinn Féin"), ("Green Party", "Green"), ("Con", "Conservative"), ("", None)],
)
def test_normalise_party(raw: str, expected: str | None) -> None:
    assert normalise_party(raw) == expected


# -- shipped registry --------------------------------------------------------------


def test_registry_loads_and_is_sorted() -> None:
    # how fast it loads is a benchmark, not a test: a loaded machine would fail it
    reg = load_registry()
    assert len(reg) > 2000
    with gzip.open(DEFAULT_REGISTRY_PATH, "rt", encoding="utf-8") as handle:
        ids = [json.loads(line)["id"] for line in handle]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


def test_starmer_entry(registry: Registry) -> None:
    [starmer] = registry.find("Keir Starmer")
    assert starmer.id == "uk-parl-4514"
    assert starmer.gender == "M"
    assert starmer.party == "Labour"
    assert {"Sir Keir Starmer", "Sir Keir", "Mr Starmer"} <= set(starmer.aliases)
    assert starmer.id_map["parliament"] == "4514"
    assert "ifg" in starmer.id_map and "parlparse" in starmer.id_map


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Sir Keir", "Keir Starmer"),
        ("Mr Starmer", "Keir Starmer"),
        ("Rt Hon Sir Keir Starmer MP", "Keir Starmer"),
        ("Dame Diana Johnson", "Diana Johnson"),
        ("Lord Mandelson", "Peter Mandelson"),
        ("Suella Fernandes", "Suella Braverman"),
        ("Therese Coffey", "Thérèse Coffey"),
        ("Edward Miliband", "Ed Miliband"),
    ],
)
def test_find_by_alias(registry: Registry, alias: str, expected: str) -> None:
    assert _names(registry.find(alias)) == [expected]


def test_three_eds_are_distinct(registry: Registry) -> None:
    found = {n: registry.find(n) for n in ("Ed Miliband", "Ed Balls", "Ed Davey")}
    assert all(len(people) == 1 for people in found.values())
    assert len({people[0].id for people in found.values()}) == 3
    assert {"Ed Miliband", "Ed Balls", "Ed Davey"} <= set(_names(registry.find("Ed")))


def test_bare_surname_returns_every_candidate(registry: Registry) -> None:
    johnsons = registry.find("Johnson")
    assert {"Boris Johnson", "Jo Johnson", "Diana Johnson"} <= set(_names(johnsons))
    boris, jo = registry.find("Boris Johnson"), registry.find("Jo Johnson")
    assert len(boris) == len(jo) == 1 and boris[0].id != jo[0].id
    assert "Diana Johnson" not in _names(registry.find("Mr Johnson"))


def test_first_name_returns_candidates(registry: Registry) -> None:
    assert {"Keir Starmer", "Keir Mather"} <= set(_names(registry.find("Keir")))
    assert _names(registry.find("Sir Keir")) == ["Keir Starmer"]


@pytest.mark.parametrize(
    ("phrase", "on", "expected"),
    [
        ("prime minister", D(2022, 5, 6), "Boris Johnson"),
        ("the prime minister", D(2012, 5, 5), "David Cameron"),
        ("PM", D(2008, 1, 1), "Gordon Brown"),
        ("prime minister", D(2025, 1, 1), "Keir Starmer"),
        ("chancellor", D(2010, 1, 1), "Alistair Darling"),
        ("Chancellor of the Exchequer", D(2021, 1, 1), "Rishi Sunak"),
        ("Mayor of London", D(2019, 1, 1), "Sadiq Khan"),
        ("London mayor", D(2010, 1, 1), "Boris Johnson"),
        ("Labour leader", D(2016, 6, 1), "Jeremy Corbyn"),
        ("leader of the Labour Party", D(2012, 1, 1), "Ed Miliband"),
        ("tory leader", D(2017, 1, 1), "Theresa May"),
        ("leader of the opposition", D(2018, 1, 1), "Jeremy Corbyn"),
        ("the shadow chancellor", D(2012, 1, 1), "Ed Balls"),
        ("home secretary", D(2017, 1, 1), "Amber Rudd"),
        ("foreign secretary", D(2017, 1, 1), "Boris Johnson"),
        ("brexit secretary", D(2018, 1, 1), "David Davis"),
        ("deputy prime minister", D(2012, 1, 1), "Nick Clegg"),
        ("lib dem leader", D(2012, 1, 1), "Nick Clegg"),
        ("MP for Holborn and St Pancras", D(2020, 1, 1), "Keir Starmer"),
    ],
)
def test_holder(registry: Registry, phrase: str, on: dt.date, expected: str) -> None:
    assert _names(registry.holder(phrase, on))[:1] == [expected]


def test_holder_handover_day(registry: Registry) -> None:
    assert _names(registry.holder("prime minister", D(2010, 5, 11))) == ["David Cameron"]
    assert _names(registry.holder("prime minister", D(2010, 5, 10))) == ["Gordon Brown"]


def test_holder_unknown_phrase_and_gaps(registry: Registry) -> None:
    assert registry.holder("chief astrologer", D(2020, 1, 1)) == []
    assert registry.holder("prime minister", D(1066, 1, 1)) == []
    # Roles the sources left open in 2020 are not confirmed later.
    open_then = registry.holder("shadow chancellor", D(2023, 1, 1))
    confirmed = registry.holder("shadow chancellor", D(2023, 1, 1), confirmed_only=True)
    assert confirmed == [] and len(open_then) >= len(confirmed)


def test_holders_remembered_are_the_registrys_and_follow_additions() -> None:
    people = load_registry()
    first = people.holder_roles("the chief astrologer", D(2020, 1, 1))
    first.append("not the registry's")  # a caller's list is its own
    assert people.holder_roles("Chief Astrologer", D(2020, 1, 1)) == []
    people.add(PersonEntry("u-1", "Ada Stargazer", roles=(RoleEntry(
        "Chief Astrologer", start=D(2019, 1, 1)),)))
    assert _names(people.holder("chief astrologer", D(2020, 1, 1))) == ["Ada Stargazer"]
    assert [p.name for p, _ in people.holder_roles("chief astrologer", None)] == [
        "Ada Stargazer"]


def _holders_by_scan(registry: Registry, phrase: str, on: dt.date | None,
                     confirmed_only: bool) -> list[tuple[str, str]]:
    """holder_roles read off every role of every person, as it was before the index."""
    key = role_key(phrase)
    office = ROLE_PHRASES.get(key)
    pattern = office_regex(office) if office else None
    hits = []
    for person in registry:
        for role in person.roles:
            if on is not None and not role.active_on(on):
                continue
            unconfirmed = on is not None and role.as_of is not None and role.as_of < on
            if confirmed_only and unconfirmed:
                continue
            title = role_key(role.title)
            if (pattern is not None and pattern.fullmatch(title)) or title == key or any(
                    role_key(a) == key for a in role.aliases):
                start = (role.start or D.min).toordinal()
                hits.append(((int(unconfirmed), role.rank, -start, person.id),
                             person.name, role.title))
                break
    return [(name, title) for _, name, title in sorted(hits)]


@pytest.mark.parametrize("phrase", [
    "prime minister", "the chancellor", "shadow chancellor", "Labour leader", "first minister",
    "home secretary", "minister", "MP for Holborn and St Pancras", "deputy prime minister",
    "mayor of London", "leader of the opposition", "chief astrologer"])
def test_holder_roles_index_answers_as_a_scan(registry: Registry, phrase: str) -> None:
    for on in (None, D(2010, 5, 10), D(2016, 7, 14), D(2020, 1, 1), D(2024, 7, 5)):
        for confirmed_only in (False, True):
            found = [(p.name, r.title) for p, r in registry.holder_roles(
                phrase, on, confirmed_only=confirmed_only)]
            assert found == _holders_by_scan(registry, phrase, on, confirmed_only)
    assert phrase in ("chief astrologer", "minister") or registry.holder_roles(phrase, None)


@pytest.mark.parametrize(
    ("on", "title"),
    [
        (D(2025, 1, 1), "Prime Minister"),
        (D(2021, 1, 1), "Leader of the"),
        (D(2018, 1, 1), "Shadow Secretary of State for Exiting the European Union"),
        (D(2016, 1, 1), "Shadow Minister (Home Office)"),
        (D(2015, 6, 1), "MP for Holborn and St Pancras"),
    ],
)
def test_role_on_ranks_roles(registry: Registry, on: dt.date, title: str) -> None:
    role = registry.role_on("uk-parl-4514", on)
    assert role is not None and role.title.startswith(title)


def test_role_on_none_before_career(registry: Registry) -> None:
    assert registry.role_on("uk-parl-4514", D(2010, 1, 1)) is None
    assert registry.role_on("no-such-person", D(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("title", "cabinet", "rank"),
    [
        ("Prime Minister", False, 0),
        ("Secretary of State for the Home Department", False, 1),
        ("Minister of State", True, 1),
        ("Leader of the Labour Party", False, 2),
        ("Mayor of London", False, 2),
        ("Shadow Chancellor of the Exchequer", False, 3),
        ("MP for Holborn and St Pancras", False, 4),
    ],
)
def test_role_rank(title: str, cabinet: bool, rank: int) -> None:
    assert role_rank(title, cabinet) == rank


def test_roles_have_consistent_parties(registry: Registry) -> None:
    expected = {
        "Conservative", "Labour", "Liberal Democrat", "SNP", "Green", "Reform UK",
        "Plaid Cymru", "DUP", "Sinn Féin", "Independent",
    }  # fmt: skip
    parties = {p.party for p in registry} | {r.party for p in registry for r in p.roles}
    assert expected <= parties
    assert not {"Lab", "Con", "LDem", "Labour (Co-op)", "Scottish National Party"} & parties


# -- user imports ------------------------------------------------------------------

GOOD_CSV = """name,aliases,party,title,organisation,start,end
Rt Hon Dame Jane Doe MP,Janie Doe;J. Doe,Lab,Leader of Anytown Council,Anytown Council,2021-05-01,
John Smithers,,Reform UK,Councillor,Bigtown Council,2022-05-05,2024-05-02
John Smithers,,Reform UK,Leader of Bigtown Council,Bigtown Council,2024-05-02,
"""


def test_import_people_csv(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    people = import_people(path)
    assert _names(people) == ["Jane Doe", "John Smithers"]
    jane, john = people
    assert jane.party == "Labour" and jane.gender == "F"
    assert {"Janie Doe", "J. Doe", "Dame Jane"} <= set(jane.aliases)
    assert jane.roles[0] == RoleEntry(
        title="Leader of Anytown Council",
        organisation="Anytown Council",
        party="Labour",
        start=D(2021, 5, 1),
        end=None,
        source="user",
        origin="import",
    )
    assert len(john.roles) == 2
    reg = Registry(registry)
    stored = reg.add(john)
    assert _names(reg.holder("Leader of Bigtown Council", D(2025, 1, 1))) == ["John Smithers"]
    assert reg.role_on(stored.id, D(2023, 1, 1)).title == "Councillor"  # type: ignore[union-attr]


def test_import_people_jsonl_and_merge(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "people.jsonl"
    row = {
        "name": "Keir Starmer",
        "aliases": ["Starmer the Younger"],
        "party": "Labour",
        "title": "Honorary Patron of Anytown FC",
        "start": "2025-01-01",
    }
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [person] = import_people(path)
    reg = Registry(registry)
    merged = reg.add(person)
    assert merged.id == "uk-parl-4514"
    assert "Starmer the Younger" in merged.aliases
    assert _names(reg.find("Starmer the Younger")) == ["Keir Starmer"]


@pytest.mark.parametrize(
    ("filename", "content", "line", "fragment"),
    [
        ("bad.csv", "name,party,start\nJane Roe,Labour,2021-13-01\n", 2, "bad start date"),
        ("bad.csv", "party,title\nLabour,Mayor\n", 1, "missing required column 'name'"),
        ("bad.csv", "name,colour\nJane Roe,red\n", 1, "unknown column"),
        ("bad.csv", "name,title,start,end\nJane,Mayor,2022-01-01,2021-01-01\n", 2, "before"),
        (
            "bad.csv",
            "name,title,start\nOk Person,Mayor,2020-01-01\n,Mayor,2020-01-01\n",
            3,
            "empty",
        ),
        ("bad.csv", "name,organisation\nJane Roe,Town Hall\n", 2, "needs a 'title'"),
        ("bad.csv", "name,party\nJane Roe,Labour,extra\n", 2, "more fields"),
        ("bad.jsonl", '{"name": "A B"}\n{"name": \n', 2, "invalid JSON"),
        ("bad.jsonl", '["not", "an", "object"]\n', 1, "JSON object"),
        ("bad.txt", "name\nJane\n", 0, "unsupported"),
    ],
)
def test_import_people_rejects_malformed(
    tmp_path: Path, filename: str, content: str, line: int, fragment: str
) -> None:
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryImportError) as info:
        import_people(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: ")
    assert fragment in message
    assert "\n" not in message
    assert info.value.line == line


# -- build -------------------------------------------------------------------------


@pytest.mark.skipif(not DATA_DIR.is_dir(), reason="raw registry data not available")
def test_build_is_reproducible_and_matches_shipped_file(tmp_path: Path) -> None:
    from quotes.people.build_registry import main

    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    assert main([str(DATA_DIR), str(first)]) == 0
    assert main([str(DATA_DIR), str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == DEFAULT_REGISTRY_PATH.read_bytes(), (
        "quotes/people/registry.jsonl.gz is stale: rebuild it (see quotes/people/README.md)"
    )


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Theresa May", "F"),  # the registry's own entry
        ("Jo Johnson", "M"),  # his entry, though most registry Jos are women
        ("Angela Smithson", "F"),  # not in the registry: every registry Angela is a woman
        ("Jo Smithson", None),  # registry Jos are of both genders
        ("Kay Burley", None),  # no registry Kay
        ("Angela", None),  # a forename alone is no full name
    ],
)
def test_gender_of(registry: Registry, name: str, gender: str | None) -> None:
    assert registry.gender_of(name) == gender
