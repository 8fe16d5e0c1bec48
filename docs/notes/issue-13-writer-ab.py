"""Writer alone, as bench/bench_ray.py's measure_writer: extract PolNeAR dev once, then write
it into a fresh database, 4 documents a transaction. ROOT: the checkout whose code runs (a
git worktree of an older commit for A/B); PGBASE: a PostgreSQL URL; argv[1]: pg, pg-analyzed
(half written and analysed first, the other half timed) or sqlite."""
import os, sys, time, pickle
ROOT = os.environ["ROOT"]
sys.path.insert(0, ROOT)
sys.path.insert(0, ROOT + "/bench")
from bench_ray import Server
from quotes.extract import extract
from quotes.ingest import IngestReport, _write, fresh_documents, prepare
from quotes.store.db import get_engine
kind = sys.argv[1]  # pg | sqlite
src = "/work/shared/data/polnear/dev.jsonl"
server = Server(os.environ["PGBASE"]) if kind.startswith("pg") else None
url = server.create() if server else f"sqlite:////tmp/ab_writer_{os.getpid()}.db"
try:
    nlp, registry = prepare(None, url)
    report = IngestReport()
    results = list(extract(fresh_documents([src], url, {}, report, 20.0), nlp))
    start = 0
    if kind == "pg-analyzed":  # half written and analysed first, the other half timed
        start = len(results) // 2
        for i in range(0, start, 4):
            _write(results[i:min(i + 4, start)], url, registry, {}, report)
        with get_engine(url).connect() as c:
            from sqlalchemy import text
            c.execute(text("ANALYZE quote")); c.commit()
        report = IngestReport()
    t0 = time.perf_counter()
    for i in range(start, len(results), 4):
        _write(results[i:i + 4], url, registry, {}, report)
    secs = time.perf_counter() - t0
    with get_engine(url).connect() as c:
        from sqlalchemy import text
        groups = c.execute(text("SELECT count(DISTINCT words_key), count(*) FROM quote")).one()
    print(kind, ROOT, "docs", report.added, "quotes", report.quotes, "secs", round(secs, 2),
          "docs/s", round(report.added / secs, 1), "groups", tuple(groups), flush=True)
finally:
    get_engine(url).dispose()
    if server: server.drop(url)
    elif os.path.exists(url[10:]): os.remove(url[10:])
