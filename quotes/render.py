"""Turn library results into text for people (tables) or scripts (JSON)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, redirect_stdout, suppress
from pathlib import Path

from rich.console import Console  # noqa: F401  (re-exported for the CLI)
from rich.table import Table

console = Console()


WIDE_COLUMNS = ("quotation", "text", "quote", "claim")


@contextmanager
def output_to(path: str | None) -> Iterator[None]:
    """Print into the file ``path`` instead of stdout (None or "-": stdout), atomically:
    the file appears whole once everything is written, and a failure leaves no half file
    and any old one as it was."""
    from quotes.errors import QuotesError

    if path in (None, "-"):
        yield
        return
    target = Path(path)
    try:  # closed below, after the caller's writes: no ``with`` can span the yield
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", encoding="utf-8", newline="", dir=target.parent, prefix=f".{target.name}.",
            suffix=".part", delete=False)
    except OSError as error:
        raise QuotesError(f"{path}: cannot write ({error.strerror}); choose another "
                          "--output") from None
    try:
        with handle, redirect_stdout(handle):
            yield
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)  # as open() would have made it
        os.replace(handle.name, target)
    except OSError as error:  # a full disk, a folder that went away
        with suppress(OSError):
            os.unlink(handle.name)
        raise QuotesError(f"{path}: cannot write ({error.strerror}); nothing was "
                          "written") from None
    except BaseException:
        with suppress(OSError):
            os.unlink(handle.name)
        raise


def error(message: str) -> None:
    """One line on stderr, never wrapped (scripts grep it)."""
    print(f"error: {message}", file=sys.stderr, flush=True)


def warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def ray_workers(placements: Iterable[tuple[str, str, int]]) -> None:
    """Where the Ray workers of an ingest run, one line on stderr: their nodes (by Ray's
    node id, as `ray list nodes` shows it) and process ids."""
    nodes: dict[tuple[str, str], list[str]] = {}
    for node_id, ip, pid in placements:
        nodes.setdefault((node_id, ip), []).append(str(pid))
    where = "; ".join(f"node {node_id} ({ip}) pid {', '.join(pids)}"
                      for (node_id, ip), pids in nodes.items())
    count = sum(len(pids) for pids in nodes.values())
    print(f"ray: {count} worker{'s' * (count != 1)} on {len(nodes)} "
          f"node{'s' * (len(nodes) != 1)}: {where}", file=sys.stderr, flush=True)


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


def quotes_csv(rows: list[dict], out=None) -> None:
    """said and search as CSV: the columns of rows.QuoteCsv, named as export names them."""
    from quotes.csvout import SafeWriter
    from quotes.rows import QuoteCsv, csv_cells, csv_columns

    writer = SafeWriter(out or sys.stdout)
    writer.writerow(csv_columns(QuoteCsv))
    for row in rows:
        writer.writerow(csv_cells(row, QuoteCsv))


def rows_csv(rows: list[dict]) -> None:
    """Flat rows as CSV, one column a key (of the first row)."""
    from quotes.csvout import SafeWriter

    writer = SafeWriter(sys.stdout)
    columns = list(rows[0]) if rows else []
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row.get(column) for column in columns)


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
    if document.get("version"):
        console.print(version_line(document), soft_wrap=True)
    for change in record.get("corrections") or ():
        console.print(f"corrected {change['at'][:16].replace('T', ' ')} by {change['by']}: "
                      f"{change['field']} {change['old'] or '—'} → {change['new']}")


def version_line(document: dict) -> str:
    """"version 2 of URL, fetched 2024-09-10 18:00 UTC": where a fetched text comes from."""
    fetched = (document["fetched_at"] or "")[:16].replace("T", " ")
    return (f"version {document['version']} of {document['url']}"
            + (f", fetched {fetched} UTC" if fetched else ""))


def changes(articles: list[dict]) -> None:
    """`quotes changes`: each article's versions, then each change: the words taken out
    and put in ([-old-]{+new+}, with the words around them) and the quotations."""
    if not articles:
        print("no article has changed since it was first fetched")
    for article in articles:
        versions = article["versions"]
        print(f"{article['article']}: {len(versions)} version{'s' if len(versions) > 1 else ''}")
        for version in versions:
            print(f"  version {version['version']}  fetched "
                  f"{(version['fetched_at'] or '')[:19].replace('T', ' ')}  "
                  f"document {version['document_id']}  {version['title'] or ''}".rstrip())
        for change in article["changes"]:
            print(f"version {change['from']} -> {change['to']}: {change['words_removed']} "
                  f"words out, {change['words_added']} in")
            for hunk in change["diff"]:
                old = f"[-{hunk['old']}-]" if hunk["old"] else ""
                new = f"{{+{hunk['new']}+}}" if hunk["new"] else ""
                print("  … " + " ".join(x for x in (hunk["before"], old, new, hunk["after"])
                                        if x) + " …")
            found = change["quotations"]
            rows = [["changed", c["after"]["id"], _speakers(c), c["diff"]
                     or short(c["after"]["words"], 100)] for c in found["changed"]]
            rows += [[what, q["id"], q["speaker"], short(q["words"], 100)]
                     for what in ("appeared", "disappeared") for q in found[what]]
            table(f"quotations: {found['same']} unchanged", ["", "id", "speaker", "quotation"],
                  rows)


def _speakers(change: dict) -> str | None:
    before, after = change["before"]["speaker"], change["after"]["speaker"]
    return f"{before} -> {after}" if change["speaker_changed"] else after


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
