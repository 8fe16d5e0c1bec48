"""Turn library results into text for people (tables) or scripts (JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

console = Console()


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
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    console.print(grid)


def quote_rows(quotes: list[dict]) -> list[list[object]]:
    return [
        [q["kind"], q.get("speaker") or (q.get("speaker_mention") or {}).get("text") or "—",
         q.get("role") or "", short(q["text"], 70), f'{q["start"]}-{q["end"]}']
        for q in quotes
    ]
