"""`make bench` (cluster part): `quotes ingest` into PostgreSQL in one process against
`quotes ingest --ray local` with 1 and 2 Ray workers, in the same run. Figures only:
nothing here asserts a time.

Each run is the real command in its own process, into a fresh database of its own on the
server named by ``$QUOTES_TEST_PG_URL`` (or ``--pg``), on the same N news documents (each
text distinct: its own last paragraph, so none is skipped as already stored). Two figures
a run:

- wall: documents / the command's whole time, start-up included (spaCy and the pipeline;
  with Ray also starting the local cluster and loading the pipeline in every worker);
- steady: documents stored after the first batch / the time from the first batch's commit
  to the last one's (``document.ingested_at``, one value a transaction), which is the rate
  a long run approaches.

The runs alternate and the best of ``--repeat`` counts, as in bench/bench.py: a shared
machine's hiccups only ever slow a run down.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_db import find_file, news  # noqa: E402  (the same distinct news documents)

PG_ENV = "QUOTES_TEST_PG_URL"
QUOTES = str(Path(sys.executable).with_name("quotes"))
RUNS = {"one process": [], "ray, 1 worker": ["--ray", "local", "-j", "1"],
        "ray, 2 workers": ["--ray", "local", "-j", "2"]}


class Server:
    """Fresh databases of this benchmark's own (quotes_bench_ray_<random>) on a server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def create(self) -> str:
        name = f"quotes_bench_ray_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        assert name and name.startswith("quotes_bench_ray_"), name
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def measure(server: Server, source: Path, count: int, batch: int, options: list[str]) -> dict:
    url = server.create()
    try:
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
        env.pop("RAY_ADDRESS", None)
        started = time.perf_counter()
        done = subprocess.run([QUOTES, "ingest", "--db", url, "--batch", str(batch), *options,
                               str(source)], capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        if done.returncode != 0 or f"{count} added" not in done.stdout:
            raise SystemExit(f"ingest {' '.join(options)} failed: {done.stdout}{done.stderr}")
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as connection:
            commits = connection.execute(text(
                "SELECT ingested_at, COUNT(*) FROM document GROUP BY ingested_at "
                "ORDER BY ingested_at")).all()
            quotes = connection.execute(text("SELECT COUNT(*) FROM quote")).scalar_one()
        engine.dispose()
    finally:
        server.drop(url)
    span = (commits[-1][0] - commits[0][0]).total_seconds()
    steady = (count - commits[0][1]) / span if len(commits) > 1 and span > 0 else None
    return {"documents": count, "quotes": quotes, "wall_s": round(wall, 1),
            "wall_docs_per_s": round(count / wall, 2),
            "steady_docs_per_s": round(steady, 2) if steady else None,
            "transactions": len(commits)}


def measure_writer(server: Server, source: Path, count: int, batch: int) -> dict:
    """The database side alone: the documents extracted first (not timed), then written
    by quotes.ingest's writer, ``batch`` a transaction, as each Ray worker writes them.
    PostgreSQL writers take turns (an advisory lock), so this is the most a cluster of
    any size can store per second into one database."""
    from quotes.extract import extract
    from quotes.ingest import IngestReport, _write, fresh_documents, prepare

    url = server.create()
    try:
        nlp, registry = prepare(None, url)
        report = IngestReport()
        results = list(extract(fresh_documents([str(source)], url, {}, report, 20.0), nlp))
        started = time.perf_counter()
        for i in range(0, len(results), batch):
            _write(results[i:i + batch], url, registry, {}, report)
        seconds = time.perf_counter() - started
        assert report.added == count, report
    finally:
        from quotes.store.db import get_engine

        get_engine(url).dispose()
        server.drop(url)
    return {"documents": count, "quotes": report.quotes, "seconds": round(seconds, 2),
            "docs_per_s": round(count / seconds, 1),
            "quotes_per_s": round(report.quotes / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", help="JSONL whose texts to ingest (default: fixtures)")
    parser.add_argument("--documents", type=int, default=84)
    parser.add_argument("--batch", type=int, default=4, help="documents per transaction")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--pg", help=f"PostgreSQL server URL (default: ${PG_ENV})")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    pg = args.pg or os.environ.get(PG_ENV)
    if not pg:
        print(f"bench_ray: skipped: no PostgreSQL server (set ${PG_ENV} or --pg; "
              "`sudo bash .ci/postgres.sh` prints one)")
        return
    try:
        import ray  # noqa: F401
    except ImportError:
        print("bench_ray: skipped: Ray is not installed (pip install 'quotes[ray]')")
        return
    server = Server(pg)
    gold = find_file(args.gold)
    with tempfile.TemporaryDirectory(prefix="quotes-bench-ray-") as folder:
        source = Path(folder) / "news.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in news(gold, args.documents)),
                          encoding="utf-8")
        runs: dict[str, list[dict]] = {name: [] for name in RUNS}
        for _ in range(args.repeat):
            for name, options in RUNS.items():
                print(f"  {name} ...", file=sys.stderr, flush=True)
                runs[name].append(measure(server, source, args.documents, args.batch, options))
        print("  writer alone ...", file=sys.stderr, flush=True)
        writer = measure_writer(server, source, args.documents, args.batch)
    server.admin.dispose()
    best = {name: max(found, key=lambda r: r["steady_docs_per_s"] or 0)
            for name, found in runs.items()}
    base = best["one process"]
    print(f"ingest into PostgreSQL: {args.documents} news documents "
          f"({gold.name if gold else 'fixtures'}), {args.batch} a transaction, best of "
          f"{args.repeat} runs each ({os.cpu_count()} cores)")
    print(f"{'run':<16}{'wall s':>8}{'wall docs/s':>13}{'steady docs/s':>15}{'vs one':>8}")
    for name, row in best.items():
        ratio = (row["steady_docs_per_s"] / base["steady_docs_per_s"]
                 if row["steady_docs_per_s"] and base["steady_docs_per_s"] else None)
        print(f"{name:<16}{row['wall_s']:>8}{row['wall_docs_per_s']:>13}"
              f"{row['steady_docs_per_s'] or '-':>15}{f'{ratio:.2f}x' if ratio else '-':>8}")
    print(f"writer alone (the ceiling of one database): {writer['docs_per_s']} docs/s, "
          f"{writer['quotes_per_s']} quotations/s ({writer['documents']} documents in "
          f"{writer['seconds']} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"best": best, "runs": runs, "writer": writer},
                                              indent=2, default=str))


if __name__ == "__main__":
    main()
