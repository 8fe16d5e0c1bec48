"""A news site on 127.0.0.1 for the web-ingest tests: the pages and feeds of fixtures/web,
served by http.server in a thread on a free port (no test reaches the internet).

    /news/<slug>             fixtures/web/<slug>.html
    /news/winter-fuel-vote   changing-v1.html, or changing-v2.html once ``site.changed``
                             (each /news/ page with an ETag and a Last-Modified, as
                             ``site.validators`` says, and a 304 to a request that
                             holds the current one)
    /old/rayner              301 to /news/rayner-housing-targets
    /flaky                   503 (Retry-After: 0) the first time, then an article
    /slow                    answers after ``site.delay`` seconds
    /report.pdf              a PDF
    /robots.txt              fixtures/web/robots.txt (no robot in /private/)
    /                        the front page: links, no article
    /feeds/*.xml, /sitemap*.xml   the feeds, their links pointing at this server
    anything else            404

``{base}`` in a fixture is replaced by the server's address.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "fixtures" / "web"
FEEDS = {"/feeds/politics.rss": "rss.xml", "/feeds/politics.atom": "atom.xml",
         "/sitemap.xml": "sitemap.xml", "/sitemap-index.xml": "sitemap-index.xml"}


class Site:
    """The server, its address, and the switches the tests turn."""

    def __init__(self) -> None:
        self.changed = False
        self.delay = 3.0
        self.requests: Counter[str] = Counter()  # path -> how often it was asked for
        self.validators = ("etag", "modified")  # what a /news/ page is served with
        self.not_modified: Counter[str] = Counter()  # path -> 304s answered
        self.conditions: list[dict[str, str]] = []  # the If-* headers of each request
        self.agents: set[str] = set()
        self.stop = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()  # ends a /slow answer still waiting
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def fixture(self, name: str) -> bytes:
        return (WEB / name).read_text(encoding="utf-8").replace("{base}", self.base).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:  # keep the test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?")[0]
                site.requests[path] += 1
                site.agents.add(self.headers.get("User-Agent", ""))
                site.conditions.append({k: v for k, v in self.headers.items()
                                        if k.lower().startswith("if-")})
                if path == "/news/winter-fuel-vote":
                    name = "changing-v2.html" if site.changed else "changing-v1.html"
                    self._article(path, site.fixture(name), 2 if site.changed else 1)
                elif path.startswith("/news/") and (WEB / f"{path[6:]}.html").is_file():
                    self._article(path, site.fixture(f"{path[6:]}.html"), 1)
                elif path == "/old/rayner":
                    self._send(301, "text/plain", b"moved",
                               {"Location": "/news/rayner-housing-targets"})
                elif path == "/flaky" and site.requests[path] == 1:
                    self._send(503, "text/plain", b"busy", {"Retry-After": "0"})
                elif path == "/flaky":
                    self._send(200, "text/html", site.fixture("starmer-nhs-broken.html"))
                elif path == "/slow":
                    site.stop.wait(site.delay)
                    self._send(200, "text/html", site.fixture("reeves-budget-growth.html"))
                elif path == "/report.pdf":
                    self._send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
                elif path == "/":
                    self._send(200, "text/html; charset=utf-8", site.fixture("index.html"))
                elif path == "/robots.txt":
                    self._send(200, "text/plain", site.fixture("robots.txt"))
                elif path in FEEDS:
                    self._send(200, "application/xml", site.fixture(FEEDS[path]))
                else:
                    self._send(404, "text/html", b"<h1>Not found</h1>")

            def _article(self, path: str, body: bytes, day: int) -> None:
                """A /news/ page with its validators (the ETag from its bytes, the
                Last-Modified its day of December 2026), or a 304 when unchanged."""
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                modified = formatdate(1796083200 + day * 86400, usegmt=True)
                headers = {}
                if "etag" in site.validators:
                    headers["ETag"] = etag
                if "modified" in site.validators:
                    headers["Last-Modified"] = modified
                asked, since = (self.headers.get("If-None-Match"),
                                self.headers.get("If-Modified-Since"))
                if asked is not None:  # RFC 9110: If-Modified-Since is then ignored
                    unchanged = "etag" in site.validators and asked == etag
                else:
                    unchanged = bool(since) and "modified" in site.validators and (
                        parsedate_to_datetime(modified) <= parsedate_to_datetime(since))
                if unchanged:
                    site.not_modified[path] += 1
                    self._send(304, "text/html; charset=utf-8", b"", headers)
                else:
                    self._send(200, "text/html; charset=utf-8", body, headers)

            def _send(self, status: int, content_type: str, body: bytes,
                      headers: dict[str, str] | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in (headers or {}).items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (/slow)
                    pass

        return Handler
