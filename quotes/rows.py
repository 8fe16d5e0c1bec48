"""The public shape of every row quotes prints: one model per row, from which the JSON
Schemas in quotes/schema/export/ are generated (as the SQLModel docs split a table from
its public models). The rows themselves are built as plain dicts where they are many
(said, search, export: validating each would double `said`'s time), and a test checks
every one of those builders against its model, field for field and in order. ``quotes
said``, ``search``, ``show`` and ``export`` share the quotation model and, in CSV, one
set of column names.

    python -m quotes.rows          # rewrite the generated schemas after changing a model

The ClaimReview schema stays written by hand: it describes schema.org's shape, not ours.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field
from sqlmodel import SQLModel

from quotes.records import Kind
from quotes.store.models import Document

SCHEMAS = Path(__file__).resolve().parent / "schema" / "export"
SCHEMA_BASE = "https://quotes.example/schema/export/"

Offset = Annotated[int, Field(ge=0)]
Digest = Annotated[str, Field(pattern="^[0-9a-f]{64}$")]
Day = Annotated[str | None, Field(json_schema_extra={"format": "date"})]
Moment = Annotated[str | None, Field(json_schema_extra={"format": "date-time"})]


class RoleSource(str, Enum):
    registry = "registry"
    text = "text"


class SourceKind(str, Enum):
    speaker = "speaker"
    cited = "cited"
    author = "author"
    vague = "vague"
    none = "none"


class DocumentRef(SQLModel):
    """Where a row comes from: enough to find and check the article."""

    id: int
    source: str
    outlet: str | None
    title: str | None
    url: str | None
    published: Day
    sha256: Digest
    version: int | None = Field(description="a page fetched from the web: which version of "
                                "its article (at `url`, the canonical URL) this text is, 1 "
                                "as first fetched (`quotes changes`); null for files")
    fetched_url: str | None = Field(description="the URL fetched, before redirects")
    fetched_at: Moment = Field(description="when this version was fetched (UTC)")


def document_ref(document: Document) -> dict[str, Any]:
    """A DocumentRef as plain data (built directly: rows are made on hot paths, and
    tests/test_rows.py checks each shape against its model)."""
    return {"id": document.id, "source": document.source, "outlet": document.outlet,
            "title": document.title, "url": document.url,
            "published": document.published.isoformat() if document.published else None,
            "sha256": document.sha256, "version": document.version,
            "fetched_url": document.fetched_url,
            "fetched_at": document.fetched_at.isoformat() if document.fetched_at else None}


class TextSpan(SQLModel):
    start: Offset
    end: Offset
    text: str | None


class QuotePublic(SQLModel):
    """A quotation as said, search and show print it in JSON."""

    id: int
    text: str
    words: str = Field(description="the quoted words only, parts joined with ' … '")
    kind: Kind
    speaker: str | None
    speaker_id: int | None
    role: str | None = Field(description="role held on the document's date")
    role_source: RoleSource | None
    party: str | None
    start: Offset
    end: Offset
    parts: list[Annotated[list[int], Field(min_length=2, max_length=2)]]
    mention: TextSpan | None
    cue: TextSpan | None
    confidence: float = Field(ge=0, le=1)
    method: str = Field(description="how the speaker was found")
    cue_method: str | None = Field(description="how the cue was found; null before 0005")
    context: str = Field(description="the sentence(s) around it, as cut at ingest")
    corrected: bool = Field(description="a person corrected it (see show)")
    document: DocumentRef


class QuoteExported(QuotePublic):
    """A quotation as ``quotes export --format json|jsonl`` writes it."""

    corrected_by: str | None
    group: int | None = Field(description="the first quotation of the same words")
    first_published: Day
    appearances: int | None


class QuoteCsv(SQLModel):
    """A quotation as a CSV row of said and search; export adds the columns below."""

    id: int
    quotation: str
    kind: Kind
    speaker: str | None
    role: str | None
    party: str | None
    outlet: str | None
    title: str | None
    url: str | None
    published: Day
    sha256: Digest
    start: Offset
    end: Offset
    context: str
    confidence: float
    method: str
    cue_method: str | None
    corrected: bool


class QuoteExportedCsv(QuoteCsv):
    """A row of ``quotes export --format csv``."""

    corrected_by: str | None
    group: int | None
    first_published: Day
    appearances: int | None
    version: int | None
    fetched_url: str | None
    fetched_at: Moment


def csv_columns(model: type[SQLModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def csv_cells(row: dict[str, Any], model: type[SQLModel]) -> list[Any]:
    """The cells of a quotation row (QuotePublic plus what its command adds) in the
    model's column order."""
    document = row["document"]
    values = {**row, "quotation": row["words"],
              **{k: document[k] for k in ("outlet", "title", "url", "published", "sha256",
                                          "version", "fetched_url", "fetched_at")}}
    return [values.get(column) for column in model.model_fields]


class ClaimPublic(SQLModel):
    id: int
    text: str
    start: Offset
    end: Offset
    type: str
    score: float
    source: str | None
    source_kind: SourceKind
    quote_id: int | None
    document: DocumentRef


class QuoteWithoutSpeaker(SQLModel):
    id: int
    text: str
    kind: Kind
    start: Offset
    end: Offset
    document: DocumentRef


class UnlinkedSpeaker(SQLModel):
    speaker: str
    quotes: int


class DocumentAudit(SQLModel):
    document: DocumentRef
    claims: int
    sourced: int
    vague: int
    unsourced: int


class AuditReport(SQLModel):
    """``quotes audit --format json``."""

    unsourced_claims: list[ClaimPublic]
    vague_claims: list[ClaimPublic]
    quotes_without_speaker: list[QuoteWithoutSpeaker]
    unlinked_speakers: list[UnlinkedSpeaker]
    documents: list[DocumentAudit]


GENERATED: dict[str, tuple[type[SQLModel], str]] = {
    "quote": (QuoteExported, "A quotation as exported by `quotes export --format json|jsonl` "
              "(said, search and show print the same without the export's own fields)"),
    "csv-row": (QuoteExportedCsv, "A row of `quotes export --format csv` read with "
                "csv.DictReader, all cells text (said and search --format csv: the same "
                "columns up to `corrected`)"),
    "audit": (AuditReport, "`quotes audit --format json`"),
}


# what each value looks like as a CSV cell, read back by csv.DictReader: every cell is text
CELL_PATTERNS = {"integer": "^-?[0-9]+$", "number": "^-?[0-9.]+(e-?[0-9]+)?$",
                 "boolean": "^(True|False)$"}
FORMULA = "^[=+\\-@\t\r]"  # csv.SafeWriter never writes a cell that starts so


def csv_schema(model: type[SQLModel]) -> dict[str, Any]:
    """A CSV row of ``model`` as csv.DictReader reads it: every column, each a string
    shaped as its value is; an empty cell for a value that may be null."""
    typed = model.model_json_schema()["properties"]
    properties = {}
    for column, spec in typed.items():
        options = spec.get("anyOf", [spec])
        kinds = [o.get("type") for o in options if o.get("type") != "null"]
        nullable = len(kinds) < len(options)
        cell: dict[str, Any] = {"type": "string"}
        if (pattern := CELL_PATTERNS.get(kinds[0] if kinds else "")) or "pattern" in spec:
            shaped = pattern or spec["pattern"]
            cell["pattern"] = f"^$|{shaped}" if nullable else shaped
        elif kinds == ["string"]:
            cell["not"] = {"pattern": FORMULA}
        properties[column] = cell
    return {"type": "object", "required": list(typed), "additionalProperties": False,
            "properties": properties}


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema of one generated format, as the file holds it."""
    model, title = GENERATED[name]
    schema = csv_schema(model) if name.startswith("csv") else model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{name}.schema.json", **schema, "title": title}


def schema_text(name: str) -> str:
    return json.dumps(schema_of(name), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for name in GENERATED:
        path = SCHEMAS / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
