"""People a user adds to the registry: ``import_people`` reads a CSV or JSONL file
(councillors, politicians of other countries) for the database layer to store."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotes.people.names import (
    alias_key,
    gender_from_honorific,
    honorific_aliases,
    name_key,
    strip_honorifics,
    titles_in,
)
from quotes.people.offices import normalise_party, phrases_for_title
from quotes.people.registry import PersonEntry, Registry, RoleEntry, load_registry

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
