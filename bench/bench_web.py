"""`make bench` (web part): what fetching costs `quotes ingest`, against a news site on
127.0.0.1 (nothing leaves this machine).

The gold texts (PolNeAR dev by default) become HTML pages with a site's navigation,
cookie banner, related links and footer around the article, listed in an RSS feed. Timed
in one process, with the pipeline loaded first:

1. fetch: every page fetched and extracted (trafilatura), nothing stored: pages/s;
2. web: `--feed` ingest into a fresh SQLite file (fetch, extract, store): pages/s;
3. files: the same pages as .html files ingested from disk, the baseline of 2 (2 and 3
   alternate, --repeat times each, and the best of each counts);
4. again: the feed ingested a second time: what it adds (nothing), what it asks the
   server for (the feed only) and how long it takes.
The per-host interval is 0 here (one local server); a real site is paced by --interval.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>{title} | Bench News</title><link rel="canonical" href="{base}/news/{n}">
<meta property="og:site_name" content="Bench News"><meta name="author" content="Staff">
<meta property="article:published_time" content="2024-05-{day:02d}T09:00:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/politics">Politics</a>
<a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<div class="cookies">We use cookies. Accept all cookies or manage your preferences.</div>
<main><article><h1>{title}</h1>{paragraphs}</article>
<aside><h2>Related stories</h2><ul><li><a href="/news/1">More news</a></li></ul></aside>
</main><footer>Share this article. &copy; Bench News. Terms. Privacy.</footer></body></html>
"""


def pages(gold: str) -> list[str]:
    """One HTML page per gold text, ``{base}`` left for the server's address."""
    found = []
    for n, line in enumerate(Path(gold).read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        text = json.loads(line)["text"]
        parts = [p.strip() for p in text.split("\n") if p.strip()]
        title = html.escape(parts[0][:90])
        body = "".join(f"<p>{html.escape(p)}</p>" for p in parts[1:])
        found.append(PAGE.replace("{title}", title).replace("{paragraphs}", body)
                     .replace("{n}", str(n)).replace("{day:02d}", f"{n % 28 + 1:02d}"))
    return found


class Server:
    def __init__(self, documents: list[str]) -> None:
        self.requests: Counter[str] = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests[self.path] += 1
                if self.path == "/feed.rss":
                    items = "".join(f"<item><link>{server.base}/news/{n}</link><pubDate>"
                                    f"Fri, {n % 28 + 1:02d} May 2024 09:00:00 GMT</pubDate>"
                                    f"</item>" for n in range(len(documents)))
                    body = (f'<?xml version="1.0"?><rss version="2.0"><channel>{items}'
                            f"</channel></rss>").encode()
                    kind = "application/rss+xml"
                elif self.path.startswith("/news/") and self.path[6:].isdigit() and int(
                        self.path[6:]) < len(documents):
                    body = documents[int(self.path[6:])].replace("{base}", server.base).encode()
                    kind = "text/html; charset=utf-8"
                else:
                    body, kind = b"not found", "text/plain"
                self.send_response(200 if kind != "text/plain" else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()


def _keep(best: dict[str, dict], name: str, seconds: float, pages: int, report) -> None:
    if name not in best or seconds < best[name]["seconds"]:
        best[name] = {"seconds": round(seconds, 2), "pages_per_s": round(pages / seconds, 2),
                      "added": report.added, "failed": len(report.failed),
                      "quotes": report.quotes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT.parent / "shared/data/polnear/dev.jsonl"))
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each")
    args = parser.parse_args()

    from quotes.articles import ingest_web, page_document
    from quotes.fetch import Fetcher
    from quotes.ingest import ingest, prepare

    documents = pages(args.gold)
    server = Server(documents)
    feed = f"{server.base}/feed.rss"
    folder = Path(tempfile.mkdtemp(prefix="bench_web_"))
    warm = f"sqlite:///{folder / 'warm.db'}"
    nlp, _ = prepare(None, warm)
    results: dict[str, object] = {"pages": len(documents)}
    # first calls (parser, embeddings) load lazily: one article before anything is timed
    ingest([str(ROOT / "fixtures" / "articles" / "01_labour_wins_westminster.txt")], warm,
           nlp, prepare(None, warm)[1])

    with Fetcher(interval=0) as fetcher:
        started = time.perf_counter()
        for n in range(len(documents)):
            page_document(fetcher.get(f"{server.base}/news/{n}"))
        elapsed = time.perf_counter() - started
    results["fetch_and_extract_pages_per_s"] = round(len(documents) / elapsed, 1)

    for n, page in enumerate(documents):
        (folder / f"{n:03d}.html").write_text(page.replace("{base}", server.base),
                                              encoding="utf-8")
    best: dict[str, dict] = {}
    for run in range(args.repeat):  # alternating, each into a fresh database; best of each
        web_db = f"sqlite:///{folder / f'web{run}.db'}"
        registry = prepare(None, web_db)[1]
        with Fetcher(interval=0) as fetcher:
            started = time.perf_counter()
            web = ingest_web([], [feed], web_db, nlp, registry, fetcher)
            elapsed = time.perf_counter() - started
        _keep(best, "web_ingest", elapsed, len(documents), web)
        files_db = f"sqlite:///{folder / f'files{run}.db'}"
        registry = prepare(None, files_db)[1]
        started = time.perf_counter()
        files = ingest([str(folder)], files_db, nlp, registry)
        elapsed = time.perf_counter() - started
        _keep(best, "file_ingest", elapsed, len(documents), files)
    results.update(best)
    results["web_vs_files"] = round(best["file_ingest"]["seconds"]
                                    / best["web_ingest"]["seconds"], 2)

    asked = sum(server.requests.values())
    registry = prepare(None, web_db)[1]
    with Fetcher(interval=0) as fetcher:
        started = time.perf_counter()
        again = ingest_web([], [feed], web_db, nlp, registry, fetcher)
        elapsed = time.perf_counter() - started
    results["feed_again"] = {"seconds": round(elapsed, 2), "added": again.added,
                             "unchanged": again.unchanged, "quotes": again.quotes,
                             "requests": sum(server.requests.values()) - asked}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
