"""Dates in document metadata and on the command line: one parser for the forms articles
carry.

    ISO 8601        2022-05-06, 2022-05-06T10:00:00Z, 2022-05-06 10:00
    RFC 2822        Fri, 06 May 2022 10:00:00 +0000   (RSS feeds, e-mail)
    written out     6 May 2022, 6th May 2022, Friday 6 May 2022, May 6, 2022, 6 May, 2022
    numeric         06/05/2022, 6.5.2022 (day first, as in the UK), 2022/05/06

A date carries the calendar day the text gives, without a time-zone shift.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

WRITTEN_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d/%m/%Y", "%d.%m.%Y",
                   "%d-%m-%Y", "%Y/%m/%d")
ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)
WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")


class UnreadableDate(ValueError):
    """A value that is not a date in any form this module reads."""


def parse_date(value: object) -> date | None:
    """The date ``value`` gives; None for no value; UnreadableDate for one that is not
    a date ("next Tuesday", "2022-13-45")."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = " ".join(str(value).split())
    if not text:
        return None
    if ISO_START.match(text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise UnreadableDate(f"{text!r} is not a date") from None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    written = WEEKDAY.sub("", ORDINAL.sub("", text)).replace(",", " ")
    written = " ".join(written.split())
    for form in WRITTEN_FORMATS:
        try:
            return datetime.strptime(written, form).date()
        except ValueError:
            continue
    raise UnreadableDate(f"{text!r} is not a date")


def read_date(value: object, where: str, warnings: list[str]) -> date | None:
    """``parse_date``, with a warning instead of an error: the document is kept undated."""
    try:
        return parse_date(value)
    except UnreadableDate:
        warnings.append(f"{where}: cannot read the date {str(value)[:40]!r}; stored without "
                        "a date (give it as YYYY-MM-DD)")
        return None
