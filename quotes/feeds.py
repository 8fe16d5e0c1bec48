"""The article links of a feed: RSS 2.0 (and RSS 1.0), Atom, a sitemap or a sitemap index,
each link with the entry's date (updated, else published) when it has one.

Elements are matched by local name, so a feed's namespaces (Atom's, the sitemap's,
Google News') need no table; XML entities and DTDs are not resolved (no network, no
billion laughs).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from urllib.parse import urljoin

from lxml import etree

from quotes.errors import FetchError
from quotes.fetch import Fetcher

MAX_SITEMAP_DEPTH = 3  # a sitemap index of sitemap indexes of sitemaps
# dates an entry may carry, most telling first: when it last changed, then when it appeared
DATE_NAMES = ("updated", "lastmod", "modified", "pubDate", "published", "publication_date",
              "date", "issued")


class Entry(NamedTuple):
    """One article link of a feed."""

    url: str
    date: datetime | None  # timezone-aware (UTC when the feed gives no zone)


def entries(fetcher: Fetcher, feed_url: str, since: date | None = None) -> list[Entry]:
    """The article links of the feed at ``feed_url`` (a sitemap index is followed), in the
    feed's order, each once; ``since``: only entries dated that day or later (undated
    ones are kept: nothing says they are old)."""
    found: dict[str, Entry] = {}
    for entry in _read(fetcher, feed_url, 0):
        if since is not None and entry.date is not None and entry.date.date() < since:
            continue
        found.setdefault(entry.url, entry)
    return list(found.values())


def _read(fetcher: Fetcher, feed_url: str, depth: int) -> Iterator[Entry]:
    page = fetcher.get(feed_url)
    root = _parse(page.body, feed_url)
    kind = _local(root.tag)
    if kind == "sitemapindex":
        if depth >= MAX_SITEMAP_DEPTH:
            raise FetchError(f"{feed_url}: sitemap indexes nested over {MAX_SITEMAP_DEPTH} "
                             "deep; give a sitemap nearer the articles")
        for child in _children(root, "sitemap"):
            if location := _text(child, "loc"):
                yield from _read(fetcher, urljoin(page.url, location), depth + 1)
        return
    if kind == "urlset":
        items, link = _children(root, "url"), lambda item: _text(item, "loc")
    elif kind == "feed":
        items, link = _children(root, "entry"), _atom_link
    elif kind in ("rss", "RDF"):
        items = [e for e in root.iter() if _local(e.tag) == "item"]
        link = _rss_link
    else:
        raise FetchError(f"{feed_url}: not an RSS or Atom feed, nor a sitemap "
                         f"(its root element is <{kind}>)")
    for item in items:
        if address := link(item):
            yield Entry(urljoin(page.url, address.strip()), _date(item))


def _parse(body: bytes, feed_url: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             recover=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise FetchError(f"{feed_url}: not a feed or sitemap (bad XML: "
                         f"{' '.join(str(error).split())[:80]})") from None
    if root is None:
        raise FetchError(f"{feed_url}: an empty document, not a feed or sitemap")
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: etree._Element, name: str) -> str | None:
    for child in element.iter():
        if child is not element and _local(child.tag) == name and (child.text or "").strip():
            return child.text.strip()
    return None


def _rss_link(item: etree._Element) -> str | None:
    # RSS 2.0 <link>; else a permalink <guid>; RSS 1.0 puts it in rdf:about
    for child in item:
        if _local(child.tag) == "link" and (child.text or "").strip():
            return child.text
    for child in item:
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true") != "false":
            return child.text
    return next((v for k, v in item.attrib.items() if _local(k) == "about"), None)


def _atom_link(entry: etree._Element) -> str | None:
    links = _children(entry, "link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return next((link.get("href") for link in links if link.get("href")), None)


def _date(item: etree._Element) -> datetime | None:
    """The entry's first readable date of DATE_NAMES (RFC 2822 or ISO 8601)."""
    for name in DATE_NAMES:
        if (value := _text(item, name)) and (when := read_datetime(value)) is not None:
            return when
    return None


def read_datetime(value: str) -> datetime | None:
    """A feed's date and time, timezone-aware; None when it cannot be read."""
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
