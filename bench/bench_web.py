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
5. paced: the same pages spread over --hosts sites (servers on ports of 127.0.0.1, each
   answering after --latency seconds, as a distant site does) and listed in one feed,
   ingested with the per-host --interval, one fetch at a time and --fetch-jobs at once:
   what fetching several hosts at once gains, and that both store the same rows.
The per-host interval is 0 in 1 to 4 (one local server); a real site is paced by --interval.
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
    def __init__(self, documents: list[str], latency: float = 0.0,
                 links: list[str] | None = None) -> None:
        """``links``: the feed's page addresses (default: this server's pages)."""
        self.requests: Counter[str] = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests[self.path] += 1
                if latency and self.path.startswith("/news/"):
                    time.sleep(latency)
                if self.path == "/feed.rss":
                    pages = links or [f"{server.base}/news/{n}" for n in range(len(documents))]
                    items = "".join(f"<item><link>{link}</link><pubDate>"
                                    f"Fri, {n % 28 + 1:02d} May 2024 09:00:00 GMT</pubDate>"
                                    f"</item>" for n, link in enumerate(pages))
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
    parser.add_argument("--hosts", type=int, default=4, help="sites of the paced run")
    parser.add_argument("--latency", type=float, default=0.2,
                        help="seconds each site of the paced run takes to answer")
    parser.add_argument("--interval", type=float, default=0.5,
                        help="seconds between two requests to one site (paced run)")
    parser.add_argument("--fetch-jobs", type=int, default=4, help="hosts fetched at once")
    parser.add_argument("--skip-paced", action="store_true")
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
        jobs_db = f"sqlite:///{folder / f'jobs{run}.db'}"  # fetching beside the pipeline
        registry = prepare(None, jobs_db)[1]
        with Fetcher(interval=0) as fetcher:
            started = time.perf_counter()
            web = ingest_web([], [feed], jobs_db, nlp, registry, fetcher,
                             fetch_jobs=args.fetch_jobs)
            elapsed = time.perf_counter() - started
        _keep(best, f"web_ingest_fetch_jobs_{args.fetch_jobs}", elapsed, len(documents), web)
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
    if not args.skip_paced:
        results["paced"] = paced(documents, folder, nlp, args)
    print(json.dumps(results, indent=2))


def paced(documents: list[str], folder: Path, nlp, args) -> dict:
    """The pages over several slow sites, paced, fetched one at a time and several at
    once, each into a fresh database: seconds, pages/s and whether the rows agree."""
    from sqlalchemy import text

    from quotes.articles import ingest_web
    from quotes.fetch import Fetcher
    from quotes.ingest import prepare
    from quotes.store.db import get_engine

    sites = [Server(documents, args.latency) for _ in range(args.hosts)]
    links = [f"{sites[n % len(sites)].base}/news/{n}" for n in range(len(documents))]
    feed = Server(documents, links=links)
    found: dict = {"hosts": args.hosts, "latency_s": args.latency,
                   "interval_s": args.interval}
    rows = []
    for jobs in (1, args.fetch_jobs):
        url = f"sqlite:///{folder / f'paced{jobs}.db'}"
        registry = prepare(None, url)[1]
        with Fetcher(interval=args.interval) as fetcher:
            started = time.perf_counter()
            report = ingest_web([], [f"{feed.base}/feed.rss"], url, nlp, registry, fetcher,
                                fetch_jobs=jobs)
            elapsed = time.perf_counter() - started
        found[f"fetch_jobs_{jobs}"] = {"seconds": round(elapsed, 2),
                                       "pages_per_s": round(len(documents) / elapsed, 2),
                                       "added": report.added, "failed": len(report.failed)}
        with get_engine(url).connect() as connection:
            rows.append(connection.execute(text(
                "SELECT d.fetched_url, d.sha256, q.start, q.\"end\", q.speaker FROM quote q "
                "JOIN document d ON d.id = q.document_id ORDER BY q.id")).all())
    found["same_rows"] = rows[0] == rows[1]
    return found


if __name__ == "__main__":
    main()
