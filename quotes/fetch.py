"""Web pages over HTTP, politely: a timeout on every request, retries with exponential
back-off on what may pass (a timeout, a dropped connection, 429 and 5xx), a minimum
interval between two requests to the same host (longer where its robots.txt asks for a
Crawl-delay), a site's robots.txt obeyed, redirects followed with the final URL kept, and
a user agent that names quotes. A page fetched before is asked for with the validators
of that fetch (If-None-Match, If-Modified-Since), so that an unchanged one comes back as a
bodiless 304. A page that cannot be had is a FetchError whose one line names the URL and
the cause. One Fetcher may serve several threads: each host's requests stay apart by its
interval, and its robots.txt is read once.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from quotes import __version__
from quotes.errors import FetchError

ROBOT = "quotes"  # the name robots.txt rules address
USER_AGENT = f"{ROBOT}/{__version__} (quote attribution for news text; +https://quotes.example)"
MAX_CRAWL_DELAY = 30.0  # seconds: a robots.txt Crawl-delay is honoured up to this
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is a refusal, not a pause
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class Page:
    """One fetched response: what was asked for, where it ended up, and its body."""

    requested: str
    url: str  # after redirects
    content_type: str  # the media type, lower case, without parameters
    charset: str | None
    body: bytes
    fetched_at: datetime
    etag: str | None = None  # the validators the server gave, for the next fetch
    last_modified: str | None = None
    not_modified: bool = False  # a 304: the page is as it was at the validators' fetch

    def text(self) -> str:
        """The body decoded by its declared charset, else UTF-8 (bad bytes replaced)."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")


class Fetcher:
    """GET with timeouts, retries and a per-host rate limit; one per run (it keeps the
    connections and the time of each host's last request)."""

    def __init__(self, timeout: float = 10.0, attempts: int = 3, backoff: float = 1.0,
                 interval: float = 1.0, max_mb: float = 20.0) -> None:
        self.timeout, self.attempts, self.backoff = timeout, attempts, backoff
        self.interval, self.limit = interval, int(max_mb * 1024 * 1024)
        self.last: dict[str, float] = {}  # host -> monotonic time of its last request
        self.delay: dict[str, float] = {}  # host -> its robots.txt Crawl-delay
        self.robots: dict[str, RobotFileParser | None] = {}  # origin -> its rules, if any
        self.lock = threading.Lock()  # guards the dicts above across threads
        self.reading: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)  # per origin
        self.client = httpx.Client(timeout=timeout, follow_redirects=True,
                                   max_redirects=MAX_REDIRECTS,
                                   headers={"User-Agent": USER_AGENT})

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        """The page at ``url``, or a FetchError saying why not. With the validators of an
        earlier fetch, a page unchanged since is a Page with ``not_modified`` and no body."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: not an http or https URL")
        host = host_of(url)
        if not self._allowed(url, f"{parts.scheme}://{parts.netloc}", host):
            raise FetchError(f"{url}: the site's robots.txt asks robots not to fetch it")
        conditions = {key: value for key, value in (("If-None-Match", etag),
                                                    ("If-Modified-Since", last_modified))
                      if value}
        return self._get(url, host, conditions)

    def _get(self, url: str, host: str, conditions: dict[str, str] | None = None) -> Page:
        cause = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                status, headers, page = self._request(url, host, conditions or {})
            except httpx.TimeoutException:
                cause = f"no answer within {self.timeout:g} s"
                continue
            except httpx.TooManyRedirects:
                raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
            except (httpx.TransportError, httpx.InvalidURL) as error:
                cause = f"cannot connect ({_reason(error)})"
                continue
            if status in RETRY_STATUSES:
                cause = _status(status)
                self._wait_as_told(headers.get("retry-after"))
                continue
            if status >= 400:
                raise FetchError(f"{url}: {_status(status)}; check the address")
            return page
        tries = f"{self.attempts} tries" if self.attempts > 1 else "1 try"
        raise FetchError(f"{url}: {cause} after {tries}; try again later"
                         + (" or raise --timeout" if cause.startswith("no answer") else ""))

    def _request(self, url: str, host: str,
                 conditions: dict[str, str]) -> tuple[int, httpx.Headers, Page]:
        """One GET: the status, the headers and the page (its body only on success)."""
        self._pause(host)
        body = bytearray()
        with self.client.stream("GET", url, headers=conditions) as response:
            if response.status_code < 400:
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.limit:
                        raise FetchError(f"{url}: over the {self.limit / 1024 / 1024:g} MB "
                                         "limit; raise it with --max-mb")
        media = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        page = Page(url, str(response.url), media, response.charset_encoding, bytes(body),
                    datetime.now(timezone.utc), response.headers.get("etag"),
                    response.headers.get("last-modified"),
                    response.status_code == 304 and bool(conditions))
        return response.status_code, response.headers, page

    def _allowed(self, url: str, origin: str, host: str) -> bool:
        """Whether the site's robots.txt (read once a run) lets quotes fetch ``url``; a
        site without one (or whose robots.txt cannot be had) lets it."""
        with self.lock:
            reading = self.reading[origin]
        with reading:  # two threads on one site: one of them reads its robots.txt
            if origin not in self.robots:
                self.robots[origin] = self._rules(origin, host)
        found = self.robots[origin]
        return found is None or found.can_fetch(ROBOT, url)

    def _rules(self, origin: str, host: str) -> RobotFileParser | None:
        """The site's robots.txt, or None when it has none (its Crawl-delay noted)."""
        try:
            page = self._get(f"{origin}/robots.txt", host)
        except FetchError:
            return None
        rules = RobotFileParser()
        rules.parse(page.text().splitlines())
        delay = rules.crawl_delay(ROBOT)
        if delay:
            self.delay[host] = min(float(delay), MAX_CRAWL_DELAY)
        return rules

    def _pause(self, host: str) -> None:
        """Wait until the interval (or the host's Crawl-delay) has passed since this
        host's last request: the slot is taken under the lock, so that two threads
        asking one host at once go one interval apart."""
        with self.lock:
            now = time.monotonic()
            interval = max(self.interval, self.delay.get(host, 0.0))
            slot = max(now, self.last.get(host, -interval) + interval)
            self.last[host] = slot
        if slot > now:
            time.sleep(slot - now)

    def _wait_as_told(self, retry_after: str | None) -> None:
        """A server's Retry-After (in seconds) is honoured when it is short."""
        try:
            seconds = float(retry_after or 0)
        except ValueError:
            return
        if 0 < seconds <= MAX_RETRY_AFTER:
            time.sleep(seconds)


def host_of(url: str) -> str:
    """The server a URL is asked of, as the rate limit counts them: its host, and its
    port when one is given (robots.txt, and so its Crawl-delay, is a site's per port)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:  # a port out of range: the request fails as it would anyway
        return host


def _status(code: int) -> str:
    """"404 Not Found": the code and its standard phrase."""
    from http import HTTPStatus

    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _reason(error: Exception) -> str:
    return " ".join(str(error).split())[:80] or type(error).__name__
