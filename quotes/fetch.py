"""Web pages over HTTP, politely: a timeout on every request, retries with exponential
back-off on what may pass (a timeout, a dropped connection, 429 and 5xx), a minimum
interval between two requests to the same host, redirects followed with the final URL
kept, and a user agent that names quotes. A page that cannot be had is a FetchError whose
one line names the URL and the cause.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

import httpx

from quotes import __version__
from quotes.errors import FetchError

USER_AGENT = f"quotes/{__version__} (quote attribution for news text; +https://quotes.example)"
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
        self.client = httpx.Client(timeout=timeout, follow_redirects=True,
                                   max_redirects=MAX_REDIRECTS,
                                   headers={"User-Agent": USER_AGENT})

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def get(self, url: str) -> Page:
        """The page at ``url``, or a FetchError saying why not."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: not an http or https URL")
        cause = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                status, headers, page = self._request(url, parts.hostname)
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

    def _request(self, url: str, host: str) -> tuple[int, httpx.Headers, Page]:
        """One GET: the status, the headers and the page (its body only on success)."""
        self._pause(host)
        body = bytearray()
        with self.client.stream("GET", url) as response:
            if response.status_code < 400:
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.limit:
                        raise FetchError(f"{url}: over the {self.limit / 1024 / 1024:g} MB "
                                         "limit; raise it with --max-mb")
        media = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        page = Page(url, str(response.url), media, response.charset_encoding, bytes(body),
                    datetime.now(timezone.utc))
        return response.status_code, response.headers, page

    def _pause(self, host: str) -> None:
        """Wait until ``interval`` has passed since this host's last request."""
        now = time.monotonic()
        wait = self.last.get(host, -self.interval) + self.interval - now
        if wait > 0:
            time.sleep(wait)
        self.last[host] = time.monotonic()

    def _wait_as_told(self, retry_after: str | None) -> None:
        """A server's Retry-After (in seconds) is honoured when it is short."""
        try:
            seconds = float(retry_after or 0)
        except ValueError:
            return
        if 0 < seconds <= MAX_RETRY_AFTER:
            time.sleep(seconds)


def _status(code: int) -> str:
    """"404 Not Found": the code and its standard phrase."""
    from http import HTTPStatus

    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _reason(error: Exception) -> str:
    return " ".join(str(error).split())[:80] or type(error).__name__
