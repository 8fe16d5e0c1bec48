"""Turn library results into text for people (tables) or scripts (JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from rich.console import Console
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
