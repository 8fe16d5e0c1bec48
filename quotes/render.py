"""Turn library results into text for people (tables) or scripts (JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from rich.console import Console  # noqa: F401  (re-exported for the CLI)
from rich.table import Table

console = Console()


WIDE_COLUMNS = ("quotation", "text", "quote", "claim")


def error(message: str) -> None:
    """One line on stderr, never wrapped (scripts grep it)."""
    print(f"error: {message}", file=sys.stderr, flush=True)


def warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def short(text: str | None, width: int = 90) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(title: str | None, columns: list[str], rows: Iterable[Iterable[object]]) -> None:
    """Print a table to stdout."""
    grid = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold", ratio=3 if column in WIDE_COLUMNS else 1)
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    console.print(grid)


def quoted_words(quote: dict, text: str | None = None) -> str:
    """The quoted words only: the parts joined with " … " (the cue between them left out)."""
    parts = quote.get("parts")
    if not parts or len(parts) == 1 or text is None:
        return quote["text"]
    return " … ".join(text[start:end] for start, end in parts)


def quote_rows(quotes: list[dict], text: str | None = None) -> list[list[object]]:
    return [
        [q["kind"], q.get("speaker") or (q.get("speaker_mention") or {}).get("text") or "—",
         q.get("role") or "", short(quoted_words(q, text), 100), f'{q["start"]}-{q["end"]}']
        for q in quotes
    ]


CSV_FIELDS = ("id", "published", "speaker", "role", "party", "kind", "words", "outlet",
              "title", "url", "start", "end", "sha256", "confidence", "method")


def quotes_csv(rows: list[dict], out=None) -> None:
    from quotes.csvout import SafeWriter

    writer = SafeWriter(out or sys.stdout)
    writer.writerow(CSV_FIELDS)
    for row in rows:
        document = row["document"]
        values = {**row, **{k: document.get(k) for k in ("published", "outlet", "title", "url",
                                                         "sha256")}}
        writer.writerow(values.get(f) for f in CSV_FIELDS)


def show_quote(record: dict) -> None:
    """A quotation in its paragraph, the quotation highlighted."""
    from rich.text import Text

    document = record["document"]
    paragraph = Text(record["paragraph"])
    base = record["paragraph_start"]
    for start, end in record["parts"]:
        paragraph.stylize("bold yellow", start - base, end - base)
    console.print(paragraph)
    console.print(f"— {record['speaker'] or 'unknown speaker'}"
                  + (f", {record['role']}" if record["role"] else "")
                  + (f" ({record['party']})" if record["party"] else ""))
    console.print(f"{document['outlet'] or ''} {document['published'] or ''} "
                  f"{document['title'] or document['source']}")
    console.print(f"{document['url'] or document['source']}  chars {record['start']}-"
                  f"{record['end']}  sha256 {document['sha256'][:16]}…  "
                  f"{record['kind']}, {record['method']}, confidence {record['confidence']}")


def verdict(report: dict) -> None:
    """`quotes verify`: the verdict in a line, then the matches, each with its words
    against the claimed ones ([-real-]{+claimed+})."""
    print(report["message"])
    if report["matches"]:
        table(None, ["match", "score", "speaker", "outlet", "quotation", "id: chars"],
              [[m["match"] + (" excerpt" if m["excerpt"] else "")
                + (", first" if m["first"] else ""), m["score"],
                ", ".join(x for x in (m["speaker"], m["role"]) if x),
                " ".join(x for x in (m["document"]["outlet"], m["document"]["published"]) if x),
                short(m["word_diff"], 200),
                f'{m["id"]}: {m["matched"]["start"]}-{m["matched"]["end"]}' if m["matched"]
                else m["id"]] for m in report["matches"]])


def audit_tables(report: dict) -> None:
    """The audit for people: a per-document summary, then each list."""
    table("claims per document", ["doc", "outlet", "title", "claims", "sourced", "vague",
                                  "unsourced"],
          [[d["document"]["id"], d["document"]["outlet"], short(d["document"]["title"], 40),
            d["claims"], d["sourced"], d["vague"], d["unsourced"]] for d in report["documents"]])
    table("claims with no source", ["id", "doc", "claim"],
          [[c["id"], c["document"]["id"], short(c["text"], 110)]
           for c in report["unsourced_claims"]])
    table("claims with only a vague source", ["id", "doc", "source", "claim"],
          [[c["id"], c["document"]["id"], c["source"], short(c["text"], 100)]
           for c in report["vague_claims"]])
    table("quotations with no speaker", ["id", "doc", "kind", "quotation"],
          [[q["id"], q["document"]["id"], q["kind"], short(q["text"], 100)]
           for q in report["quotes_without_speaker"]])
    table("speakers not linked to a known person", ["speaker", "quotations"],
          [[s["speaker"], s["quotes"]] for s in report["unlinked_speakers"]])


def audit_csv(report: dict) -> None:
    """One row per finding: what, id, document, source, text."""
    from quotes.csvout import SafeWriter

    writer = SafeWriter(sys.stdout)
    writer.writerow(["finding", "id", "document", "source", "text"])
    for name, key in (("unsourced claim", "unsourced_claims"),
                      ("vague claim", "vague_claims"),
                      ("quotation with no speaker", "quotes_without_speaker")):
        for item in report[key]:
            writer.writerow((name, item["id"], item["document"]["id"], item.get("source"),
                             item["text"]))
    for item in report["unlinked_speakers"]:
        writer.writerow(["unlinked speaker", "", "", item["speaker"], item["quotes"]])
