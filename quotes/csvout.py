"""The one CSV writer behind every CSV quotes prints (export, said, search, audit): a
cell a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

# what spreadsheets read as the start of a formula (OWASP's list)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Neutralise a cell that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every cell goes through :func:`spreadsheet_safe`."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, cells: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in cells])
