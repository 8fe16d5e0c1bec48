"""`make bench` (browsing part): time to first byte of `quotes serve` pages on a generated
database of a million quotations. Figures only: nothing here asserts a time.

The database is the one bench/bench_db.py generates (real migrations, FTS5 filled by the
triggers). ``quotes serve`` runs as a subprocess on a free loopback port, as a person would
start it; each request is a fresh HTTP/1.1 connection from this process, and the time to
first byte runs from sending the request to reading the status line (Datasette renders a
page whole before it sends it, so this is the page's full server time). 100 quotation
pages (random ids) and 100 search result pages of the quote table (``?_search=``: common,
rarer and paired words and phrases from the same inputs as the search benchmark), each
after 5 warm-up requests; median and p95 in ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

from bench_db import (
    CHECKWORTHY,
    GOLD,
    find_file,
    generate,
    progress,
    search_inputs,
    sentence_pool,
    summary,
)

from quotes.web.app import ServeError, launch

SEARCHABLE = ("very common word", "common word", "rarer word", "two words", "phrase")


def fetch(port: int, path: str) -> tuple[float, float, int]:
    """(ms to first byte, ms to the last, status) for one GET on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()  # returns once the status line is read
    first = time.perf_counter()
    response.read()
    done = time.perf_counter()
    connection.close()
    return (first - started) * 1000, (done - started) * 1000, response.status


def timed(port: int, paths: list[str]) -> dict:
    for path in paths[:5]:
        fetch(port, path)
    first, whole, failed = [], [], 0
    for path in paths:
        ttfb, total, status = fetch(port, path)
        if status != 200:
            failed += 1
            progress(f"{path}: HTTP {status}")
        first.append(ttfb)
        whole.append(total)
    return {"ttfb": summary(first), "full": summary(whole), "not_200": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing bench database (else one is generated)")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--gold", default=GOLD)
    parser.add_argument("--checkworthy", default=CHECKWORTHY)
    args = parser.parse_args()
    rng = random.Random(13)
    pool = sentence_pool(find_file(args.gold), find_file(args.checkworthy))
    with tempfile.TemporaryDirectory(prefix="quotes-bench-serve-") as folder:
        db = Path(args.db) if args.db else Path(folder) / "bench.db"
        if not args.db:
            progress(f"generating {args.quotes:,} quotations")
            generate(f"sqlite:///{db}", args.quotes, pool)
        with sqlite3.connect(db) as connection:
            [(quotes,)] = connection.execute("select max(id) from quote").fetchall()
        words = [q.strip('"') for c, q in search_inputs(pool, rng) if c in SEARCHABLE]
        pages = [f"/quotes/-/quotation/{rng.randint(1, quotes)}" for _ in range(args.requests)]
        searches = [f"/quotes/quote?_search={quote_plus(w)}"
                    for w in rng.sample(words, min(args.requests, len(words)))]
        try:
            process, port = launch(db, timeout=120)
        except ServeError as error:
            raise SystemExit(str(error)) from None
        try:
            results = {"quotes": quotes, "quotation_page": timed(port, pages),
                       "search_page": timed(port, searches)}
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
