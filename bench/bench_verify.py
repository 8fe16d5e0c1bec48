"""`make bench` (verify part): how right `quotes verify` is, how fast it answers on a
million quotations, and what its embeddings and the grouping of one statement across
outlets cost at ingest.

1. Quality. The 20 fixture articles, PolNeAR dev and the first N articles of PolNeAR train
   are ingested by ``quotes.ingest`` (the real pipeline: speakers, embeddings, groups).
   Claims are generated from the stored quotations (direct and partial, 8 words or more,
   with a known speaker): the words as they are (re-punctuated or not) and exact excerpts
   ("said, verbatim"); words dropped, swapped, changed or spelt differently, an ellipsis
   for words left out, two quotations of one speaker spliced ("said, but worded
   differently"); the words with another speaker's name ("attributed to someone else");
   sentences of PolNeAR train articles that were not ingested ("not found"). Half of the
   claims name the speaker. The claims are split in two by their source document: the
   alignment threshold (DIFFERS) is fitted on the first half for the best balanced
   accuracy, then precision and recall of each verdict are measured on the second half.
   PolNeAR's test split is never read.
2. Grouping. For the same quotations: trimmed, ellipsised and re-punctuated versions must
   be the same statement as their original (recall); pairs of different quotations that
   the full-text index ranks closest to each other, with no run of 5 words in common,
   must not (precision).
3. Latency. A database of 1,000,000 generated quotations (bench_db.generate: real
   migrations, FTS5 by the triggers, embeddings as ingest stores them); verify is timed
   in this process on quotations taken as they are, changed, and unrelated sentences,
   a third of them with a speaker; median and p95 in ms. The time assign_groups and the
   embedding add to ingesting a quotation is timed at both sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench_db import CHECKWORTHY, GOLD, find_file, generate, progress, sentence_pool, set_sequences

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "articles"
TRAIN = "../shared/data/polnear/train.jsonl"
PG_ENV = "QUOTES_TEST_PG_URL"
PG_DATABASE = "quotes_bench_verify"
EXPECTED = {  # case kind -> the verdict it should get
    "as said": "verbatim", "re-punctuated": "verbatim", "excerpt": "verbatim",
    "dropped": "differently", "swapped": "differently", "changed": "differently",
    "spelling": "differently", "ellipsis": "differently", "spliced": "differently",
    "wrong speaker": "someone_else", "unrelated": "not_found"}
GRID = [round(0.30 + 0.025 * i, 3) for i in range(25)]  # DIFFERS thresholds tried
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


@dataclass
class Case:
    kind: str
    claim: str
    speaker: str | None
    expected: str
    half: int  # 0: fit the threshold, 1: measure


# --- 1. the quality database and the claims -----------------------------------------------


def polnear(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def quality_db(url: str, dev: list[dict], train: list[dict]) -> None:
    """Ingest the fixture articles and the PolNeAR articles with the real pipeline."""
    from quotes.ingest import ingest
    from quotes.nlp import load_pipeline
    from quotes.people.link import registry_with_imports

    with tempfile.TemporaryDirectory(prefix="quotes-verify-") as folder:
        jsonl = Path(folder) / "polnear.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for record in dev + train:
                out.write(json.dumps({"text": record["text"], "title": record.get("title"),
                                      "outlet": record.get("publisher"),
                                      "published": record.get("date"),
                                      "url": f"polnear:{record['doc_id']}"}) + "\n")
        nlp = load_pipeline()
        registry = registry_with_imports(url)
        nlp.get_pipe("quotes_people_v1").registry = registry
        sources = [str(p) for p in sorted(FIXTURES.glob("*.txt"))] + [str(jsonl)]
        report = ingest(sources, url, nlp, registry)
        progress(f"quality database: {report.added} documents, {report.quotes} quotations")


def stored_quotes(url: str) -> list[dict]:
    from sqlmodel import select

    from quotes.store.db import session_scope
    from quotes.store.models import Quote

    with session_scope(url) as session:
        rows = session.exec(select(Quote.id, Quote.words, Quote.kind, Quote.speaker_id,
                                   Quote.speaker, Quote.document_id)).all()
    return [dict(row._mapping) for row in rows]


def unrelated_sentences(articles: list[dict]) -> list[str]:
    """Sentences of articles never ingested, 8 to 40 words, without quotation marks."""
    found = []
    for record in articles:
        for paragraph in record["text"].split("\n"):
            for sentence in SENTENCE_END.split(paragraph.strip()):
                if 8 <= len(sentence.split()) <= 40 and not re.search(r"[“”\"‘’']\W", sentence):
                    found.append(sentence)
    return found


def folded(text: str) -> str:
    from quotes.match import words

    return " ".join(words(text))


def repunctuated(text: str, rng: random.Random) -> str:
    """The words with the marks around them gone (those inside a word, as in "4.2" or
    "don't", stay), in lower case or with straight apostrophes."""
    plain = " ".join(re.sub(r"^[^\w]+|[^\w]+$", "", w) for w in text.split())
    return plain.lower() if rng.random() < 0.5 else plain.replace("’", "'")


def variant(kind: str, text: str, rng: random.Random, vocabulary: list[str]) -> str | None:
    """One misquotation of ``text`` (a quotation's words), or None if it cannot be made."""
    words = text.replace(" … ", " ").split()
    n = len(words)
    inner = list(range(1, n - 1))  # not the ends: that would be an excerpt
    if kind == "as said":
        return text
    if kind == "re-punctuated":
        return repunctuated(text, rng)
    if kind == "excerpt":
        size = rng.randint(6, max(6, n - 2))
        start = rng.randrange(n - size + 1)
        return " ".join(words[start:start + size]) if size < n else None
    if kind == "dropped":
        gone = set(rng.sample(inner, k=min(len(inner), rng.choice((1, 2)))))
        return " ".join(w for i, w in enumerate(words) if i not in gone)
    if kind == "swapped":
        i = rng.choice(inner[:-1])
        j = min(n - 1, i + rng.choice((1, 2)))
        if folded(words[i]) == folded(words[j]):
            return None
        words[i], words[j] = words[j], words[i]
        return " ".join(words)
    if kind == "changed":
        for i in rng.sample(range(n), k=rng.choice((1, 2))):
            words[i] = rng.choice(vocabulary)
        return " ".join(words)
    if kind == "spelling":
        long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if not long:
            return None
        i = rng.choice(long)
        w = words[i]
        k = rng.randrange(2, len(w) - 1)
        words[i] = w[:k] + w[k] + w[k:] if rng.random() < 0.5 else w[:k] + w[k + 1:]
        return " ".join(words)
    if kind == "ellipsis":
        if n < 12:
            return None
        start = rng.randrange(3, n - 6)
        size = rng.randint(3, min(8, n - start - 3))
        return " ".join(words[:start]) + " … " + " ".join(words[start + size:])
    raise ValueError(kind)


def make_cases(quotes: list[dict], unrelated: list[str], rng: random.Random,
               per_kind: int) -> list[Case]:
    usable = [q for q in quotes if q["kind"] in ("direct", "partial") and q["speaker_id"]
              and len(q["words"].split()) >= 8]
    vocabulary = sorted({w for q in usable for w in q["words"].split() if w.isalpha()})
    by_speaker = defaultdict(list)
    for q in usable:
        by_speaker[q["speaker_id"]].append(q)
    names = {q["speaker_id"]: q["speaker"] for q in usable}
    said_by = defaultdict(set)  # folded words -> speakers
    for q in quotes:
        said_by[folded(q["words"])].add(q["speaker_id"])
    cases: list[Case] = []
    for kind, expected in EXPECTED.items():
        made = 0
        for q in rng.sample(usable, len(usable)):
            if made == per_kind or kind == "unrelated":
                break
            half = q["document_id"] % 2
            speaker = names[q["speaker_id"]] if rng.random() < 0.5 else None
            if kind == "spliced":
                others = [o for o in by_speaker[q["speaker_id"]] if o["id"] != q["id"]
                          and folded(o["words"]) != folded(q["words"])
                          and o["document_id"] % 2 == half]
                if not others:
                    continue
                a, b = q["words"].split(), rng.choice(others)["words"].split()
                claim = " ".join(a[:max(4, len(a) // 2)] + b[len(b) // 2:])
            elif kind == "wrong speaker":
                key = folded(q["words"])
                wrong = [p for p in by_speaker if p not in said_by[key]
                         and not any(key in folded(o["words"]) for o in by_speaker[p])]
                claim, speaker = q["words"], names[rng.choice(wrong)]
            else:
                claim = variant(kind, q["words"], rng, vocabulary)
            if not claim:
                continue
            cases.append(Case(kind, claim, speaker, expected, half))
            made += 1
    people = sorted(set(names.values()))
    for i, sentence in enumerate(rng.sample(unrelated, min(per_kind * 2, len(unrelated)))):
        speaker = rng.choice(people) if rng.random() < 0.5 else None
        cases.append(Case("unrelated", sentence, speaker, "not_found", i % 2))
    return cases


def scores(cases: list[Case], verdicts: list[str]) -> dict:
    """Precision and recall of each verdict, accuracy of each kind of claim."""
    by_verdict = {}
    for verdict in ("verbatim", "differently", "someone_else", "not_found"):
        said = sum(v == verdict for v in verdicts)
        meant = sum(c.expected == verdict for c in cases)
        right = sum(v == verdict == c.expected for c, v in zip(cases, verdicts, strict=True))
        by_verdict[verdict] = {"cases": meant, "precision": round(right / said, 3) if said
                               else None, "recall": round(right / meant, 3) if meant else None}
    by_kind: dict = defaultdict(lambda: [0, 0])
    wrong: Counter = Counter()
    for case, verdict in zip(cases, verdicts, strict=True):
        by_kind[case.kind][0] += 1
        by_kind[case.kind][1] += verdict == case.expected
        if verdict != case.expected:
            wrong[f"{case.kind} -> {verdict}"] += 1
    return {"by_verdict": by_verdict,
            "by_kind": {k: round(r / n, 3) for k, (n, r) in by_kind.items()},
            "accuracy": round(sum(v == c.expected for c, v in zip(cases, verdicts,
                                                                  strict=True)) / len(cases), 3),
            "errors": dict(wrong.most_common(8))}


def balanced(cases: list[Case], verdicts: list[str]) -> float:
    recalls = defaultdict(list)
    for case, verdict in zip(cases, verdicts, strict=True):
        recalls[case.expected].append(verdict == case.expected)
    return statistics.mean(sum(r) / len(r) for r in recalls.values())


def quality(url: str, cases: list[Case]) -> dict:
    from quotes.errors import AmbiguousName
    from quotes.verify import DIFFERS, decide, gather

    def fetch(case: Case):
        try:
            return gather(url, case.claim, case.speaker)
        except AmbiguousName:  # a name the database cannot settle ("Obama"): no claim
            return None

    pairs = [(c, g) for c in cases if (g := fetch(c)) is not None]
    cases, gathered = [c for c, _ in pairs], [g for _, g in pairs]
    fit = [i for i, c in enumerate(cases) if c.half == 0]
    test = [i for i, c in enumerate(cases) if c.half == 1]

    def verdicts(indices: list[int], threshold: float) -> list[str]:
        return [decide(gathered[i], differs=threshold)["verdict"] for i in indices]

    fitted = max(GRID, key=lambda t: (balanced([cases[i] for i in fit], verdicts(fit, t)), -t))
    measured = scores([cases[i] for i in test], verdicts(test, fitted))
    shipped = scores([cases[i] for i in test], verdicts(test, DIFFERS))
    return {"cases": len(cases), "fit_cases": len(fit), "measured_cases": len(test),
            "fitted_differs": fitted, "shipped_differs": DIFFERS,
            "measured": measured, "shipped": shipped}


# --- 2. grouping ------------------------------------------------------------------------------


def longest_run(a: list[str], b: list[str]) -> int:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size


def grouping(url: str, quotes: list[dict], rng: random.Random, count: int) -> dict:
    from quotes.match import same_statement, tokens, words
    from quotes.store.db import get_engine, is_sqlite, session_scope
    from quotes.verify import candidate_ids

    usable = [q for q in quotes if len(q["words"].replace(" … ", " ").split()) >= 8]
    sample = rng.sample(usable, min(count, len(usable)))
    positives: Counter = Counter()
    found: Counter = Counter()
    for q in sample:
        for kind in ("trimmed", "ellipsised", "re-punctuated"):
            text = q["words"]
            parts = text.replace(" … ", " ").split()
            if kind == "trimmed":
                cut = rng.randint(1, max(1, len(parts) // 3))
                text = " ".join(parts[cut:] if rng.random() < 0.5 else parts[:-cut])
            elif kind == "ellipsised":
                start = rng.randrange(2, len(parts) - 4)
                text = " ".join(parts[:start]) + " … " + " ".join(parts[start + 2:])
            else:
                text = repunctuated(text, rng)
            positives[kind] += 1
            found[kind] += same_statement(tokens(text), tokens(q["words"]))
    by_id = {q["id"]: q for q in quotes}
    negatives = grouped = 0
    sqlite = is_sqlite(get_engine(url))
    with session_scope(url) as session:
        for q in sample:
            mine = words(q["words"])
            for other_id in candidate_ids(session, sqlite, tokens(q["words"]), limit=5):
                other = by_id.get(other_id)
                if other is None or other["document_id"] == q["document_id"]:
                    continue
                if longest_run(mine, words(other["words"])) >= 5:
                    continue  # may well be the same statement: not a clean negative
                negatives += 1
                grouped += same_statement(tokens(q["words"]), tokens(other["words"]))
                break
    return {"recall": {k: round(found[k] / positives[k], 3) for k in positives},
            "recall_all": round(sum(found.values()) / sum(positives.values()), 3),
            "negatives": negatives,
            "precision_errors": grouped,
            "false_group_rate": round(grouped / negatives, 4) if negatives else None}


def ingest_costs(url: str, quotes: list[dict], rng: random.Random, count: int) -> dict:
    """ms per quotation that the embedding and assign_groups add to ingest: new rows
    copying the words of stored ones, in a transaction that is rolled back."""
    from sqlmodel import Session

    from quotes.embed import encode
    from quotes.groups import assign_groups
    from quotes.store.db import get_engine
    from quotes.store.models import Quote

    sample = rng.sample(quotes, min(count, len(quotes)))
    started = time.perf_counter()
    for i in range(0, len(sample), 20):  # ingest embeds a document's quotations together
        encode([q["words"] for q in sample[i:i + 20]])
    embed_ms = (time.perf_counter() - started) * 1000 / len(sample)
    with Session(get_engine(url)) as session:
        rows = [Quote(document_id=q["document_id"], start=0, end=len(q["words"]),
                      text=q["words"], words=q["words"], kind=q["kind"], parts="[]")
                for q in sample]
        session.add_all(rows)
        session.flush()
        started = time.perf_counter()
        for row in rows:
            assign_groups(session, [row])
        group_ms = (time.perf_counter() - started) * 1000 / len(rows)
        joined = sum(r.words_key is not None for r in rows)
        session.rollback()
    return {"quotations": len(sample), "embed_ms": round(embed_ms, 3),
            "group_ms": round(group_ms, 2), "matched_a_stored_one": joined}


# --- 3. latency ------------------------------------------------------------------------------


def latency(url: str, unrelated: list[str], rng: random.Random, count: int) -> dict:
    from sqlalchemy import text

    from quotes.store.db import get_engine, session_scope
    from quotes.verify import verify

    with get_engine(url).connect() as connection:
        top = connection.execute(text("SELECT max(id) FROM quote")).scalar()
        picked = []
        while len(picked) < 2 * count:
            row = connection.execute(text(
                "SELECT q.words, p.name FROM quote q LEFT JOIN person p ON p.id = q.speaker_id "
                "WHERE q.id = :id AND q.kind IN ('direct', 'partial')"),
                {"id": rng.randrange(1, top + 1)}).first()
            if row and len(row[0].split()) >= 6:
                picked.append(row)
    vocabulary = [w for words, _ in picked for w in words.split() if w.isalpha()]
    calls: list[tuple[str, str, str | None]] = []
    for n, (words, speaker) in enumerate(picked):
        kind = "as said" if n < count else "changed"
        claim = words if kind == "as said" else variant("changed", words, rng, vocabulary)
        calls.append((kind, claim, speaker if n % 3 == 0 else None))
    for n, sentence in enumerate(rng.sample(unrelated, count)):
        calls.append(("unrelated", sentence, picked[n][1] if n % 3 == 0 else None))
    verify(url, "warm up the embedding model and the page cache")
    times: dict[str, list[float]] = defaultdict(list)
    verdicts: Counter = Counter()
    with session_scope(url) as session:  # two people of one name: the claim goes unnamed
        calls = [(kind, claim, speaker if speaker and _settled(session, speaker) else None)
                 for kind, claim, speaker in calls]
    for kind, claim, speaker in calls:
        started = time.perf_counter()
        verdicts[(kind, verify(url, claim, speaker)["verdict"])] += 1
        times[kind].append((time.perf_counter() - started) * 1000)
    every = [t for values in times.values() for t in values]
    return {"calls": len(every), **summary(every),
            "by_kind": {k: summary(v) for k, v in times.items()},
            "verdicts": {f"{k}: {v}": n for (k, v), n in sorted(verdicts.items())}}


def postgres_latency(base: str, quotes: int, unrelated: list[str], rng: random.Random,
                     calls: int, keep: str | None = None) -> dict:
    """The latency run on a PostgreSQL database made for it (and dropped after), or on
    ``keep``: made and filled when missing or empty (bench_db.py --pg-database makes the
    same rows), reused as it is, never dropped. Grouping's cost at ingest too."""
    import psycopg
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from quotes.store.db import database_url, get_engine

    server = make_url(database_url(base))
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = keep or PG_DATABASE
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"--pg-database {name!r}: use lower-case letters, digits and _")
    url = server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (name,)).fetchone()
        if not keep:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
        if not keep or not exists:
            connection.execute(f"CREATE DATABASE {name}")
    try:
        with get_engine(url).connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM quote")).scalar() or 0
        if not stored:
            progress(f"postgresql: generating {quotes:,} quotations")
            generate(url, quotes, sentence_pool(find_file(GOLD), find_file(CHECKWORTHY)))
            stored = quotes
        else:
            progress(f"postgresql: reusing {stored:,} quotations in {name}")
            with get_engine(url).begin() as connection:  # made by an older bench_db.py
                set_sequences(connection)
        return {"quotes": stored, **latency(url, unrelated, rng, calls),
                "ingest_cost": ingest_costs(url, stored_quotes_sample(url, rng), rng, 200)}
    finally:
        get_engine(url).dispose()
        if not keep:
            drop(admin)


def drop(admin: str) -> None:
    """Drop the benchmark's database; autovacuum, which may still be analysing the load
    and which this role cannot stop, is waited for."""
    import psycopg

    for attempt in range(30):
        try:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(1 + attempt)
    progress(f"could not drop the database {PG_DATABASE}; drop it by hand")


def _settled(session, name: str) -> bool:
    from quotes.errors import QuotesError
    from quotes.query import resolve_person

    try:
        resolve_person(session, name)
    except QuotesError:
        return False
    return True


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
            "max_ms": round(ordered[-1], 1)}


# --- output ---------------------------------------------------------------------------------


def print_quality(result: dict) -> None:
    print(f"\nverify quality ({result['cases']} generated claims; DIFFERS fitted on "
          f"{result['fit_cases']}: {result['fitted_differs']}, shipped "
          f"{result['shipped_differs']}; "
          f"measured on the other {result['measured_cases']})")
    for label in ("measured", "shipped"):
        figures = result[label]
        print(f"  {label} thresholds: accuracy {figures['accuracy']}")
        print(f"  {'verdict':<14}{'cases':>7}{'precision':>11}{'recall':>8}")
        for verdict, v in figures["by_verdict"].items():
            print(f"  {verdict:<14}{v['cases']:>7}{v['precision'] or 0:>11.3f}"
                  f"{v['recall'] or 0:>8.3f}")
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in figures["by_kind"].items()))
        if figures["errors"]:
            print("  errors: " + ", ".join(f"{k} ({n})" for k, n in figures["errors"].items()))


def print_grouping(g: dict) -> None:
    kinds = ", ".join(f"{k} {v}" for k, v in g["recall"].items())
    print(f"\ngrouping: recall {g['recall_all']} ({kinds}); "
          f"{g['precision_errors']} of {g['negatives']} different quotations grouped "
          f"(rate {g['false_group_rate']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", default=GOLD, help="PolNeAR dev (default: %(default)s)")
    parser.add_argument("--train", default=TRAIN, help="PolNeAR train (default: %(default)s)")
    parser.add_argument("--articles", type=int, default=200,
                        help="PolNeAR train articles ingested; the rest give unrelated "
                             "sentences")
    parser.add_argument("--per-kind", type=int, default=160, help="claims of each kind")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=100, help="timed calls of each kind")
    parser.add_argument("--quality-db", help="reuse (or make) this SQLite file")
    parser.add_argument("--large-db", help="reuse (or make) this SQLite file")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--pg-quotes", type=int, default=200_000,
                        help=f"quotations in the PostgreSQL database (with ${PG_ENV})")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true",
                        help="latency on PostgreSQL only")
    parser.add_argument("--pg-database", metavar="NAME",
                        help="PostgreSQL database for the latency run, kept: filled when "
                             "missing or empty, reused as it is")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    dev_path, train_path = find_file(args.gold), find_file(args.train)
    if not dev_path or not train_path:
        sys.exit(f"bench_verify: needs {args.gold} and {args.train}")
    dev, train = polnear(dev_path), polnear(train_path)
    ingested, held_out = train[:args.articles], train[args.articles:]
    unrelated = unrelated_sentences(held_out)
    rng = random.Random(12)
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="quotes-bench-verify-") as folder:
        small = Path(args.quality_db or Path(folder) / "quality.db")
        url = f"sqlite:///{small}"
        if not small.exists() and not args.skip_quality:
            progress(f"ingesting the fixtures, PolNeAR dev and {len(ingested)} train articles")
            started = time.perf_counter()
            quality_db(url, dev, ingested)
            results["quality_ingest_s"] = round(time.perf_counter() - started, 1)
        if not args.skip_quality:
            quotes = stored_quotes(url)
            cases = make_cases(quotes, unrelated, rng, args.per_kind)
            progress(f"verifying {len(cases)} generated claims")
            results["quality"] = quality(url, cases)
            results["grouping"] = grouping(url, quotes, rng, 400)
            results["ingest_cost_small"] = ingest_costs(url, quotes, rng, 300)
        if not args.skip_latency and not args.skip_sqlite:
            large = Path(args.large_db or Path(folder) / "large.db")
            big = f"sqlite:///{large}"
            if not large.exists():
                progress(f"generating {args.quotes:,} quotations")
                pool = sentence_pool(find_file(GOLD), find_file(CHECKWORTHY))
                generate(big, args.quotes, pool)
            results["latency"] = latency(big, unrelated, rng, args.calls)
            results["ingest_cost_large"] = ingest_costs(big, stored_quotes_sample(big, rng),
                                                        rng, 200)
        if not args.skip_latency and os.environ.get(PG_ENV) and not args.skip_pg:
            results["latency_pg"] = postgres_latency(os.environ[PG_ENV], args.pg_quotes,
                                                     unrelated, rng, args.calls,
                                                     args.pg_database)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    if "quality" in results:
        print_quality(results["quality"])
        print_grouping(results["grouping"])
    for key in ("ingest_cost_small", "ingest_cost_large"):
        if key in results:
            c = results[key]
            print(f"ingest cost ({key.removeprefix('ingest_cost_')} database): embedding "
                  f"{c['embed_ms']} ms, grouping {c['group_ms']} ms a quotation")
    if "latency_pg" in results:
        c = results["latency_pg"]["ingest_cost"]
        print(f"ingest cost (PostgreSQL, {results['latency_pg']['quotes']:,} quotations): "
              f"grouping {c['group_ms']} ms a quotation")
    for key, backend in (("latency", "SQLite"), ("latency_pg", "PostgreSQL")):
        if key not in results:
            continue
        lat = results[key]
        size = lat.get("quotes", args.quotes)
        print(f"\nverify latency ({size:,} quotations, {backend}, {lat['calls']} calls): "
              f"median {lat['median_ms']} ms, p95 {lat['p95_ms']} ms, max {lat['max_ms']} ms")
        for kind, figures in lat["by_kind"].items():
            print(f"  {kind:<12} median {figures['median_ms']} p95 {figures['p95_ms']} "
                  f"max {figures['max_ms']}")
        print("  verdicts: " + ", ".join(f"{k} {n}" for k, n in lat["verdicts"].items()))


def stored_quotes_sample(url: str, rng: random.Random, count: int = 200) -> list[dict]:
    from sqlalchemy import text

    from quotes.store.db import get_engine

    with get_engine(url).connect() as connection:
        top = connection.execute(text("SELECT max(id) FROM quote")).scalar()
        ids = rng.sample(range(1, top + 1), count)
        rows = connection.execute(text(
            "SELECT id, words, kind, speaker_id, speaker, document_id FROM quote "
            f"WHERE id IN ({','.join(map(str, ids))})")).all()
    return [dict(row._mapping) for row in rows]


if __name__ == "__main__":
    main()
