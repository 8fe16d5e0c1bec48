"""Ingest from the web against a news site on 127.0.0.1 (tests/webserver.py): fetching
with retries and one-line failures, feeds and sitemaps, versions of a changed article and
`quotes changes`, on SQLite and PostgreSQL. No test reaches the internet."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select
from typer.testing import CliRunner
from webserver import Site

from quotes.articles import _stored, canonical_url, page_document
from quotes.cli import app
from quotes.errors import FetchError
from quotes.feeds import Entry, entries
from quotes.fetch import USER_AGENT, Fetcher
from quotes.store.db import session_scope
from quotes.store.models import Article, Document, FetchedPage

runner = CliRunner()
FAST = ["--interval", "0", "--timeout", "0.5", "--tries", "2"]


@pytest.fixture
def site():
    with Site() as running:
        yield running


@pytest.fixture
def fetcher():
    with Fetcher(timeout=0.3, attempts=2, backoff=0.01, interval=0) as one:
        yield one


def ingest(db: str, *args: str):
    return runner.invoke(app, ["ingest", "--db", db, *FAST, *args])


# --- fetching ------------------------------------------------------------------------


def test_a_redirect_is_followed_and_the_final_url_kept(site, fetcher) -> None:
    page = fetcher.get(site.url("/old/rayner"))
    assert (page.requested, page.url) == (site.url("/old/rayner"),
                                          site.url("/news/rayner-housing-targets"))
    assert page.content_type == "text/html" and b"housing targets" in page.body
    assert site.agents == {USER_AGENT} and USER_AGENT.startswith("quotes/")


def test_a_503_is_tried_again(site, fetcher) -> None:
    page = fetcher.get(site.url("/flaky"))
    assert b"broken, but it is not beaten" in page.body
    assert site.requests["/flaky"] == 2


@pytest.mark.parametrize(("path", "cause"), [
    ("/missing", "404 Not Found; check the address"),
    ("/slow", "no answer within 0.3 s after 2 tries; try again later or raise --timeout"),
])
def test_a_page_that_cannot_be_had_is_one_line(site, fetcher, path, cause) -> None:
    site.delay = 2.0
    with pytest.raises(FetchError) as failed:
        fetcher.get(site.url(path))
    assert str(failed.value) == f"{site.url(path)}: {cause}"
    assert site.requests[path] == (2 if path == "/slow" else 1)  # a 404 is not retried


def test_an_unreachable_server_is_tried_then_refused(fetcher, site) -> None:
    address = site.url("/news/rayner-housing-targets")
    site.__exit__()  # nothing listens on its port any more
    with pytest.raises(FetchError, match="cannot connect .* after 2 tries"):
        fetcher.get(address)


def test_requests_to_one_host_keep_the_interval(site) -> None:
    with Fetcher(interval=0.2) as polite:
        started = time.monotonic()
        for _ in range(3):
            polite.get(site.url("/news/reeves-budget-growth"))
    assert time.monotonic() - started >= 0.4  # two waits between three requests


def test_robots_txt_is_obeyed(site, fetcher) -> None:
    with pytest.raises(FetchError, match="robots.txt asks robots not to fetch it"):
        fetcher.get(site.url("/private/draft"))
    fetcher.get(site.url("/news/reeves-budget-growth"))
    assert site.requests["/robots.txt"] == 1 and "/private/draft" not in site.requests


def test_only_http_urls_are_fetched(fetcher) -> None:
    with pytest.raises(FetchError, match="not an http or https URL"):
        fetcher.get("file:///etc/passwd")


# --- pages -----------------------------------------------------------------------------


def test_a_page_becomes_a_document_of_its_canonical_article(site, fetcher) -> None:
    document = page_document(fetcher.get(site.url("/old/rayner")))
    assert document.source == site.url("/old/rayner")
    assert document.fetched is not None
    assert document.fetched.article == document.meta["url"] == site.url(
        "/news/rayner-housing-targets")
    assert document.fetched.url == site.url("/old/rayner")
    assert (document.meta["title"], document.meta["author"], document.meta["outlet"],
            document.meta["published"]) == (
        "Rayner sets out mandatory housing targets for councils", "Helen Carter",
        "Westminster Daily", "2024-07-30")
    assert "get Britain building again" in document.text
    assert "cookies" not in document.text and "Related stories" not in document.text


@pytest.mark.parametrize(("path", "cause"), [
    ("/report.pdf", r"not HTML \(application/pdf\)"),
    ("/", "no article text found on this page"),
])
def test_a_page_without_an_article_is_refused(site, fetcher, path, cause) -> None:
    with pytest.raises(FetchError, match=cause):
        page_document(fetcher.get(site.url(path)))


def test_canonical_url() -> None:
    served = "https://news.example/a/b?x=1"
    assert canonical_url('<link rel="canonical" href="/story#top">', served, None) == (
        "https://news.example/story")
    assert canonical_url("<p>no link</p>", served, "https://news.example/og") == (
        "https://news.example/og")
    assert canonical_url("<p>no link</p>", served + "#part", None) == served


# --- feeds ------------------------------------------------------------------------------


def test_rss_entries_and_since(site, fetcher) -> None:
    found = entries(fetcher, site.url("/feeds/politics.rss"))
    assert [e.url.rsplit("/", 1)[1] for e in found] == [
        "reeves-budget-growth", "starmer-nhs-broken", "rayner-housing-targets",
        "johnson-majority-2019"]
    assert found[0].date == datetime(2024, 10, 28, 7, tzinfo=timezone.utc)
    recent = entries(fetcher, site.url("/feeds/politics.rss"), since=date(2024, 9, 1))
    assert [e.url.rsplit("/", 1)[1] for e in recent] == ["reeves-budget-growth",
                                                          "starmer-nhs-broken"]


def test_atom_links_are_resolved_and_updated_dates_read(site, fetcher) -> None:
    found = entries(fetcher, site.url("/feeds/politics.atom"))
    assert found == [
        Entry(site.url("/news/winter-fuel-vote"), datetime(2024, 9, 10, 18, tzinfo=timezone.utc)),
        Entry(site.url("/news/starmer-nhs-broken"),
              datetime(2024, 9, 12, 9, 30, tzinfo=timezone(timedelta(hours=1))))]


def test_a_sitemap_index_is_followed(site, fetcher) -> None:
    found = entries(fetcher, site.url("/sitemap-index.xml"))
    assert [e.url.rsplit("/", 1)[1] for e in found] == [
        "rayner-housing-targets", "reeves-budget-growth", "winter-fuel-vote"]
    assert found[1].date == datetime(2024, 10, 28, 7, tzinfo=timezone.utc)  # news: date
    assert found[2].date is None


def test_a_page_is_not_a_feed(site, fetcher) -> None:
    with pytest.raises(FetchError, match="not a feed or sitemap"):
        entries(fetcher, site.url("/news/reeves-budget-growth"))


# --- ingest, versions and changes, on SQLite and PostgreSQL -----------------------------


def test_a_feed_ingested_again_adds_nothing(db_url, site) -> None:
    feed = site.url("/feeds/politics.rss")
    first = ingest(db_url, "--feed", feed, "--since", "2024-01-01")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("3 added, 0 updated, 0 unchanged, 0 failed")
    fetched = site.requests.copy()
    again = ingest(db_url, "--feed", feed, "--since", "2024-01-01")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("0 added, 0 updated, 3 unchanged, 0 failed; 0 quotations")
    # the site's robots.txt and the feed, once a run each: no article again
    assert site.requests - fetched == {"/robots.txt": 1, "/feeds/politics.rss": 1}


def test_a_failed_entry_is_one_line_and_the_batch_goes_on(db_url, site) -> None:
    result = ingest(db_url, "--feed", site.url("/feeds/politics.rss"))  # no --since: 2019 too
    assert result.exit_code == 1
    assert result.stdout.startswith("3 added, 0 updated, 0 unchanged, 1 failed")
    assert result.stderr == (f"error: {site.url('/news/johnson-majority-2019')}: 404 Not Found; "
                             "check the address\n")


def test_every_failure_is_one_line(db_url, site) -> None:
    site.delay = 2.0
    paths = ["/missing", "/slow", "/report.pdf", "/", "/flaky", "/old/rayner"]
    result = ingest(db_url, *(site.url(p) for p in paths))
    assert result.exit_code == 1
    assert result.stdout.startswith("2 added, 0 updated, 0 unchanged, 4 failed")
    lines = result.stderr.splitlines()
    assert len(lines) == 4 and "Traceback" not in result.output
    for path, line in zip(paths, lines, strict=False):
        assert line.startswith(f"error: {site.url(path)}: ")
    with session_scope(db_url) as session:
        rayner = session.exec(select(Document).where(
            Document.fetched_url == site.url("/old/rayner"))).one()
        assert (rayner.url, rayner.version) == (site.url("/news/rayner-housing-targets"), 1)


def test_a_changed_page_is_the_next_version(db_url, site) -> None:
    page = site.url("/news/winter-fuel-vote")
    assert ingest(db_url, page).stdout.startswith("1 added")
    assert ingest(db_url, page).stdout.startswith("0 added, 0 updated, 1 unchanged")
    assert json.loads(runner.invoke(app, ["changes", "--db", db_url, "-f", "json"]).stdout) == []
    site.changed = True
    assert ingest(db_url, page).stdout.startswith("1 added")
    with session_scope(db_url) as session:
        versions = session.exec(select(Document.version, Document.fetched_url)
                                .order_by(Document.id)).all()
        assert versions == [(1, page), (2, page)]
        assert session.exec(select(Article.url)).all() == [page]

    result = runner.invoke(app, ["changes", page, "--db", db_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    [article] = json.loads(result.stdout)
    assert [v["version"] for v in article["versions"]] == [1, 2]
    [change] = article["changes"]
    assert (change["from"], change["to"]) == (1, 2)
    assert {"before": "but it is the", "old": "right", "new": "responsible",
            "after": "one,” Rachel Reeves told"} in change["diff"]
    quotations = change["quotations"]
    [reworded] = quotations["changed"]
    assert reworded["after"]["speaker"] == "Rachel Reeves"
    assert "[-right-] {+responsible+}" in reworded["diff"]
    assert any("leave older people cold" in q["words"] for q in quotations["disappeared"])
    assert any("pension credit" in q["words"] for q in quotations["appeared"])

    # the old version's quotations stay findable, and say which version they are from
    found = runner.invoke(app, ["search", '"older people cold"', "--db", db_url, "-f", "json"])
    [old] = json.loads(found.stdout)
    assert (old["document"]["version"], old["document"]["url"]) == (1, page)
    shown = runner.invoke(app, ["show", str(old["id"]), "--db", db_url])
    assert f"version 1 of {page}, fetched " in shown.stdout
    exported = json.loads(runner.invoke(app, ["export", "--db", db_url, "-f", "json"]).stdout)
    assert {row["document"]["version"] for row in exported} == {1, 2}
    table = runner.invoke(app, ["changes", "--db", db_url])
    assert table.exit_code == 0 and f"{page}: 2 versions" in table.stdout
    assert "[-right-] {+responsible+}" in table.stdout


def test_changes_of_an_unknown_url(db_url, site) -> None:
    assert ingest(db_url, site.url("/news/reeves-budget-growth")).exit_code == 0
    result = runner.invoke(app, ["changes", "https://nowhere.example/x", "--db", db_url])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: https://nowhere.example/x: no article fetched")


def test_a_feed_entry_dated_after_the_last_fetch_is_fetched_again(db_url, site) -> None:
    page = site.url("/news/starmer-nhs-broken")
    assert ingest(db_url, page).exit_code == 0
    assert _stored(db_url, Entry(page, None))
    assert _stored(db_url, Entry(page, datetime(2024, 9, 12, tzinfo=timezone.utc)))
    assert not _stored(db_url, Entry(page, datetime.now(timezone.utc) + timedelta(hours=1)))
    assert not _stored(db_url, Entry(site.url("/news/reeves-budget-growth"), None))


def test_urls_and_ray_do_not_mix(tmp_path, site) -> None:
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "r.db"), "--ray", "auto",
                                 site.url("/news/reeves-budget-growth")])
    assert result.exit_code == 1 and "--ray ingests files" in result.stderr


def test_input_fields_named_like_a_fetch_make_no_version(tmp_path, nlp) -> None:
    from quotes.ingest import ingest as run
    from quotes.people.link import registry_with_imports

    url = f"sqlite:///{tmp_path / 'plain.db'}"
    lines = tmp_path / "news.jsonl"
    lines.write_text(json.dumps({"doc_id": "a", "article": "https://x.example/a",
                                 "fetched_at": "2024-01-01", "fetched_url": "x",
                                 "text": "“We will win,” said Keir Starmer."}) + "\n")
    report = run([str(lines)], url, nlp, registry_with_imports(url))
    assert (report.added, report.failed) == (1, [])
    with session_scope(url) as session:
        assert session.exec(select(Document.version, Document.article_id)).all() == [(None, None)]


# --- conditional requests: ETag and Last-Modified, on SQLite and PostgreSQL -------------


@pytest.mark.parametrize("validators", [("etag", "modified"), ("etag",), ("modified",)])
def test_a_page_unchanged_since_its_validators_comes_back_empty(site, fetcher,
                                                                validators) -> None:
    site.validators = validators
    address = site.url("/news/reeves-budget-growth")
    first = fetcher.get(address)
    assert (first.etag is not None, first.last_modified is not None) == (
        "etag" in validators, "modified" in validators)
    again = fetcher.get(address, first.etag, first.last_modified)
    assert again.not_modified and again.body == b""
    assert site.not_modified["/news/reeves-budget-growth"] == 1
    site.changed = True  # another page: its validators ask for nothing of this one
    changed = fetcher.get(site.url("/news/winter-fuel-vote"), first.etag, first.last_modified)
    assert not changed.not_modified and b"Reeves" in changed.body


def test_a_page_fetched_again_is_asked_for_only_if_changed(db_url, site) -> None:
    page = site.url("/news/winter-fuel-vote")
    assert ingest(db_url, page).stdout.startswith("1 added")
    with session_scope(db_url) as session:
        [(url, etag, modified)] = session.exec(select(
            FetchedPage.url, FetchedPage.etag, FetchedPage.last_modified)).all()
        assert url == page and etag and modified == "Wed, 02 Dec 2026 00:00:00 GMT"
        checked = session.exec(select(Article.checked_at)).one()
    site.conditions.clear()
    again = ingest(db_url, page)
    assert again.stdout.startswith("0 added, 0 updated, 1 unchanged, 0 failed"), again.output
    assert site.not_modified["/news/winter-fuel-vote"] == 1
    assert {"If-None-Match": etag, "If-Modified-Since": modified} in [
        {k.title(): v for k, v in c.items()} for c in site.conditions]
    with session_scope(db_url) as session:  # nothing new stored; the article was checked
        assert len(session.exec(select(Document)).all()) == 1
        assert session.exec(select(Article.checked_at)).one() > checked
    site.changed = True  # a new ETag: the page is sent, stored as version 2
    assert ingest(db_url, page).stdout.startswith("1 added")
    with session_scope(db_url) as session:
        [now] = session.exec(select(FetchedPage)).all()
        assert now.etag != etag and now.last_modified == "Thu, 03 Dec 2026 00:00:00 GMT"
        assert session.exec(select(Document.version).order_by(Document.id)).all() == [1, 2]


def test_a_page_without_validators_is_fetched_whole(db_url, site) -> None:
    site.validators = ()
    page = site.url("/news/starmer-nhs-broken")
    assert ingest(db_url, page).stdout.startswith("1 added")
    site.conditions.clear()
    assert ingest(db_url, page).stdout.startswith("0 added, 0 updated, 1 unchanged")
    assert site.not_modified == {} and all(not c for c in site.conditions)


def test_migration_0009_adds_the_validators_table(db_url) -> None:
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from quotes.store.db import MIGRATIONS, get_engine

    engine = get_engine(db_url)  # at the newest revision
    assert "fetched_page" in sa.inspect(engine).get_table_names()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for revision, present in (("0008", False), ("head", True)):
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if revision == "0008" else command.upgrade)(config, revision)
        assert ("fetched_page" in sa.inspect(engine).get_table_names()) is present
    columns = {c["name"] for c in sa.inspect(engine).get_columns("fetched_page")}
    assert columns == {"id", "url", "article_id", "etag", "last_modified"}


# --- several hosts at once ----------------------------------------------------------------


def test_hosts_are_fetched_at_once_each_one_request_at_a_time() -> None:
    import threading

    from quotes.fetch_pool import fetch_in_order

    urls = [f"http://{host}.example/{n}" for n in range(6) for host in ("a", "b", "c")]
    lock, asking, most = threading.Lock(), Counter(), Counter()
    b_asked = threading.Event()

    def fetch(url: str) -> tuple[str, bool]:
        host = url.split("/")[2]
        with lock:
            asking[host] += 1
            most[host] = max(most[host], asking[host])
        if host == "b.example":
            b_asked.set()
        # a's first page waits for b's: met only when two hosts are asked at once
        met = b_asked.wait(5) if url == urls[0] else True
        with lock:
            asking[host] -= 1
        return url, met

    found = list(fetch_in_order(fetch, urls, jobs=3))
    assert [url for url, _ in found] == urls  # in the order given
    assert found[0][1]  # another host was asked meanwhile
    assert set(most.values()) == {1}  # never two requests to one host at once


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    from quotes.fetch_pool import fetch_in_order

    def fetch(url: str) -> str:
        if url.endswith("/2"):
            raise RuntimeError("a bug")
        return url

    pages = fetch_in_order(fetch, [f"http://h{n}.example/{n}" for n in range(4)], jobs=2)
    assert next(pages) == "http://h0.example/0" and next(pages) == "http://h1.example/1"
    with pytest.raises(RuntimeError, match="a bug"):
        next(pages)


def test_fetching_several_hosts_at_once_stores_the_same_rows(tmp_path) -> None:
    from quotes.store.models import Quote

    with Site() as one, Site() as other:  # two ports: two hosts to the rate limit
        pages = [one.url("/news/reeves-budget-growth"), other.url("/news/starmer-nhs-broken"),
                 one.url("/missing"), other.url("/news/rayner-housing-targets"),
                 one.url("/news/winter-fuel-vote"), other.url("/old/rayner")]
        stored = []
        for jobs in ("1", "4"):
            db = f"sqlite:///{tmp_path / f'jobs{jobs}.db'}"
            result = ingest(db, "--fetch-jobs", jobs, *pages)
            assert result.stdout.startswith("4 added, 0 updated, 1 unchanged, 1 failed")
            assert result.stderr == f"error: {one.url('/missing')}: 404 Not Found; check the " \
                                    "address\n"
            with session_scope(db) as session:
                stored.append((
                    session.exec(select(Document.fetched_url, Document.sha256, Document.version)
                                 .order_by(Document.id)).all(),
                    session.exec(select(Quote.document_id, Quote.start, Quote.end,
                                        Quote.speaker).order_by(Quote.id)).all()))
    assert stored[0] == stored[1] and len(stored[0][1]) > 5


def test_the_quotation_page_names_the_version_it_comes_from(tmp_path, site) -> None:
    import asyncio
    from html import unescape

    from quotes.web.app import make_datasette

    path = tmp_path / "served.db"
    page = site.url("/news/winter-fuel-vote")
    assert ingest(str(path), page).stdout.startswith("1 added")
    site.changed = True
    assert ingest(str(path), page).stdout.startswith("1 added")
    found = runner.invoke(app, ["search", '"older people cold"', "--db", str(path), "-f", "json"])
    [old] = json.loads(found.stdout)
    datasette = make_datasette(str(path))
    asyncio.run(datasette.invoke_startup())
    shown = unescape(asyncio.run(datasette.client.get(f"/quotes/-/quotation/{old['id']}")).text)
    fetched = old["document"]["fetched_at"][:16].replace("T", " ")
    assert (f'version 1 of 2 of this article, fetched {fetched} UTC from <a href="{page}"'
            in shown and "a later version changed the text" in shown)
    rows = json.loads(runner.invoke(app, ["export", "--db", str(path), "-f", "json"]).stdout)
    current = next(q["id"] for q in rows if q["document"]["version"] == 2)
    shown = unescape(asyncio.run(datasette.client.get(f"/quotes/-/quotation/{current}")).text)
    assert "version 2 of 2 of this article" in shown and "a later version" not in shown
