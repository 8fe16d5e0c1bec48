"""Web pages -> Documents that are versions of articles, and their ingest.

An article is its canonical URL (the page's ``<link rel=canonical>``, else its
``og:url``, else the URL it was served from after redirects). Each fetch whose text is
not stored yet becomes the article's next version (quotes.ingest numbers them); one
whose text is stored adds nothing. A feed's entries that are stored already are not
fetched again unless the feed dates them after the article's last fetch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from urllib.parse import urldefrag, urljoin

from lxml import html as lxml_html
from spacy.language import Language
from sqlalchemy import update
from sqlmodel import col, select

from quotes.errors import FetchError, InputError, QuotesError
from quotes.feeds import Entry, entries
from quotes.fetch import Fetcher, Page
from quotes.fetch_pool import fetch_in_order
from quotes.ingest import IngestReport, store, unseen
from quotes.people.registry import Registry
from quotes.reader import Document, Fetched, decode, html_to_text, storable, storable_meta
from quotes.store.db import session_scope
from quotes.store.models import Article, FetchedPage
from quotes.store.models import Document as DocumentRow

HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # "": none declared; try it
MIN_ARTICLE_WORDS = 25  # fewer: a page of links or a cookie wall, not an article


def ingest_web(urls: list[str], feeds: list[str], db_url: str, nlp: Language,
               registry: Registry, fetcher: Fetcher, defaults: dict | None = None,
               since: date | None = None, batch_size: int = 32, n_process: int = 1,
               on_document: Callable[[str], None] | None = None,
               time_limit: float | None = None, fetch_jobs: int = 1) -> IngestReport:
    """Fetch the pages at ``urls`` and the new articles of ``feeds`` and store them (as a
    new version where an article's text changed); one failure is one line of
    ``report.failed`` and the batch goes on. ``fetch_jobs`` hosts are fetched at once.
    Fetching never counts against ``time_limit`` (see :func:`quotes.extract.extract`)."""
    report = IngestReport()
    defaults = defaults or {}
    pages = web_documents(fetcher, urls, feeds, db_url, report, since, on_document,
                          fetch_jobs)
    fresh = unseen(pages, db_url, defaults, report, on_document)
    store(fresh, db_url, nlp, registry, defaults, report, batch_size, n_process,
          on_document, time_limit)
    return report


def web_documents(fetcher: Fetcher, urls: Iterable[str], feeds: Iterable[str], db_url: str,
                  report: IngestReport, since: date | None = None,
                  on_document: Callable[[str], None] | None = None, jobs: int = 1,
                  ) -> Iterator[Document | QuotesError]:
    """Each page as a Document, or the error that says why not: first ``urls`` (always
    fetched), then the feeds' entries not stored yet (stored ones count as unchanged).
    ``jobs`` hosts are fetched at once; the pages come in the order given either way. A
    page the server says is unchanged since its last fetch (304) counts as unchanged."""
    fetched: set[str] = set()  # a page in two feeds, or given and in a feed: once a run
    wanted = list(urls)
    fetched.update(wanted)
    yield from _pages(fetcher, wanted, db_url, report, on_document, jobs)
    for feed in feeds:
        try:
            found = entries(fetcher, feed, since)
        except FetchError as error:
            yield error
            continue
        fresh = []
        for entry in found:
            if entry.url in fetched:
                continue
            fetched.add(entry.url)
            if _stored(db_url, entry):
                report.unchanged += 1
                if on_document:
                    on_document(entry.url)
                continue
            fresh.append(entry.url)
        yield from _pages(fetcher, fresh, db_url, report, on_document, jobs)


def _pages(fetcher: Fetcher, addresses: list[str], db_url: str, report: IngestReport,
           on_document: Callable[[str], None] | None, jobs: int,
           ) -> Iterator[Document | QuotesError]:
    """The pages at ``addresses``, in order, each asked for with the validators of its
    last fetch; those unchanged since (304) are noted as checked and not handed on."""
    known = validators(db_url, addresses)

    def fetch(address: str) -> Document | QuotesError | Page:
        try:
            page = fetcher.get(address, *known.get(address, (None, None)))
            return page if page.not_modified else page_document(page)
        except QuotesError as error:
            return error

    for address, found in zip(addresses, fetch_in_order(fetch, addresses, jobs),
                              strict=True):
        if isinstance(found, Page):
            _not_modified(db_url, found)
            report.unchanged += 1
            if on_document:
                on_document(address)
            continue
        yield found


def validators(db_url: str, addresses: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """The ETag and Last-Modified of each URL's last fetch, where it was fetched before."""
    if not addresses:
        return {}
    with session_scope(db_url) as session:
        rows = session.exec(select(FetchedPage.url, FetchedPage.etag, FetchedPage.last_modified)
                            .where(col(FetchedPage.url).in_(addresses))).all()
    return {url: (etag, modified) for url, etag, modified in rows if etag or modified}


def _not_modified(db_url: str, page: Page) -> None:
    """A 304: the URL's article was checked now, and is as it was."""
    with session_scope(db_url) as session:
        article = select(FetchedPage.article_id).where(FetchedPage.url == page.requested)
        session.execute(update(Article).where(col(Article.id).in_(article.scalar_subquery()))
                        .values(checked_at=page.fetched_at))


def _stored(db_url: str, entry: Entry) -> bool:
    """Whether the entry's article is stored and was fetched after the feed's date of it
    (an undated entry: whenever)."""
    with session_scope(db_url) as session:
        checked = session.exec(select(Article.checked_at)
                               .where(Article.url == urldefrag(entry.url).url)).first()
        if checked is None:
            checked = session.exec(
                select(Article.checked_at).join(DocumentRow)
                .where(col(DocumentRow.fetched_url) == entry.url)).first()
    if checked is None:
        return False
    return entry.date is None or entry.date <= checked


def page_document(page: Page) -> Document:
    """The article of a fetched page, with its metadata, canonical URL and fetch."""
    if page.content_type not in HTML_TYPES:
        raise FetchError(f"{page.requested}: not HTML ({page.content_type}); give the "
                         "address of the article's web page")
    warnings: list[str] = []
    if page.charset:
        markup = page.text()
    else:
        markup, warnings = decode(page.body, page.requested)
    try:
        text, meta = html_to_text(markup, page.requested)
    except InputError:
        text, meta = "", {}
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise FetchError(f"{page.requested}: no article text found on this page (is it an "
                         "index, a cookie wall or a page built by JavaScript?)")
    canonical = canonical_url(markup, page.url, meta.get("url"))
    meta["url"] = canonical
    text = storable(text, page.requested, warnings)
    return Document(page.requested, text, storable_meta(meta, page.requested, warnings),
                    warnings, Fetched(canonical, page.requested, page.fetched_at, page.etag,
                                      page.last_modified))


def canonical_url(markup: str, served_from: str, extracted: str | None) -> str:
    """The page's ``<link rel=canonical>`` (relative ones resolved), else the URL the
    extractor found (og:url), else the URL it was served from; without a #fragment."""
    found = None
    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):  # empty or unparseable markup
        tree = None
    if tree is not None:
        for link in tree.iter("link"):
            rel = (link.get("rel") or "").lower().split()
            if "canonical" in rel and (link.get("href") or "").strip():
                found = urljoin(served_from, link.get("href").strip())
                break
    if found is None and extracted and extracted.startswith(("http://", "https://")):
        found = extracted
    return urldefrag(found or served_from).url

