"""`make bench` (database part): ingest against bare extraction, and query latency on a
generated database of a million quotations. Figures only: nothing here asserts a time.

1. Ingest. The same N news documents go through ``quotes.extract.extract`` alone and
   through ``quotes.ingest.ingest`` into a fresh SQLite file, each measurement in its own
   process so that its peak memory is its own; both again at 3N documents, to show
   whether memory stays flat as the corpus grows. Every document gets a distinct last
   paragraph ("Ref 17.") so ingest's content-hash dedup skips none of them.
2. Queries. A fresh SQLite database made through ``get_engine`` (the real migrations,
   FTS5 triggers included) is filled by bulk Core inserts with generated but realistic
   rows: English sentences from the news and check-worthiness data as the quoted words,
   documents whose text holds every quotation at its offsets, registry people with a
   skewed number of quotations each (a few with tens of thousands, most with a few).
   The FTS index is filled by the insert trigger, as ingest fills it. Then
   ``quotes.query.search`` and ``quotes.query.said`` are timed over varied inputs.
3. The same on PostgreSQL, 1,000,000 quotations too (``--pg-quotes``), when
   ``QUOTES_TEST_PG_URL`` names a server (a database ``quotes_bench_<pid>_<random>`` is
   created on it and dropped afterwards); ``--skip-sqlite`` times PostgreSQL alone.
4. ``--db PATH`` and ``--pg-database NAME`` keep the generated databases and time the
   queries on them again in later runs (generation takes about 15 minutes each), so that
   a change can be timed against the same rows; the slowest calls are listed by name.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from quotes.ingest import words_key

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "articles"
GOLD = "../shared/data/polnear/dev.jsonl"
CHECKWORTHY = "../shared/data/checkworthy/CT24_checkworthy_english_train.tsv"
PG_ENV = "QUOTES_TEST_PG_URL"
PG_DATABASE = "quotes_bench"  # + a random suffix: the server may be shared

PEOPLE = 3_000
QUOTES_PER_DOCUMENT = 20
OUTLETS = (
    "BBC News", "The Guardian", "The Times", "The Daily Telegraph", "Financial Times",
    "The Independent", "Daily Mail", "The Sun", "Daily Mirror", "Evening Standard",
    "Sky News", "ITV News", "Channel 4 News", "The Observer", "The Scotsman", "The Herald",
    "Yorkshire Post", "Manchester Evening News", "PoliticsHome", "The Spectator",
)
CUES = ("said", "told reporters", "added", "warned", "argued", "insisted", "claimed",
        "told the BBC", "wrote", "said in a statement", "told MPs", "acknowledged")
KINDS = ("direct", "indirect", "partial", "other")
KIND_WEIGHTS = (45, 30, 17, 8)
NOT_PEOPLE = ("Downing Street", "the Treasury", "a government spokesperson", "the party",
              "a source close to the leadership", "the Home Office")
CATEGORIES = ("very common word", "common word", "rarer word", "two words", "phrase",
              "prefix*", "OR", "NOT", "heavy (top 10)", "light")
SLOWEST = 8  # calls listed by name with their time
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
WORD = re.compile(r"[a-z]+")
STOP = set("""that this with from have they will would their there been were which what
when about your them than then also into more some just only very over such other these
those could should where while because after before being does said says here make made
many much most must even still want like know think going well back time year years
""".split())


def find_file(path: str | None) -> Path | None:
    """An input file as given (from the working directory), else relative to the repo."""
    if not path:
        return None
    for candidate in (Path(path), ROOT / path):
        if candidate.is_file():
            return candidate
    return None


def base_texts(gold: Path | None) -> list[dict]:
    """News records ({"text", and the date, outlet and title when known}): the gold
    file's, else the fixture articles with their sidecar metadata."""
    if gold:
        records = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records.append({"text": record["text"], **{
                    k: record[k] for k in ("title", "publisher", "date") if record.get(k)}})
        return records
    records = []
    for path in sorted(FIXTURES.glob("*.txt")):
        sidecar = path.with_suffix(".json")
        meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
        records.append({"text": path.read_text(encoding="utf-8"), **{
            k: meta[k] for k in ("title", "outlet", "published") if meta.get(k)}})
    return records


# --- 1. ingest against extraction -------------------------------------------------------


def news(gold: Path | None, count: int) -> list[dict]:
    """``count`` JSONL records, each text distinct (its own last paragraph)."""
    base = base_texts(gold)
    records = []
    for i in range(count):
        record = dict(base[i % len(base)], doc_id=f"bench-{i}")
        record["text"] = record["text"].rstrip() + f"\n\nRef {i}."
        records.append(record)
    return records


def measure_pipeline(kind: str, gold: Path | None, count: int) -> dict:
    """Time ``extract`` or ``ingest`` on ``count`` documents in this process."""
    from quotes.nlp import load_pipeline
    from quotes.reader import read_documents

    with tempfile.TemporaryDirectory(prefix="quotes-bench-") as folder:
        source = Path(folder) / "news.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in news(gold, count)),
                          encoding="utf-8")
        nlp = load_pipeline()
        if kind == "extract":
            from quotes.extract import extract

            documents = list(read_documents([str(source)], "auto"))
            started = time.perf_counter()
            quotes = sum(len(result.quotes) for result in extract(documents, nlp))
            seconds = time.perf_counter() - started
            written = count
        else:
            from quotes.ingest import ingest
            from quotes.people.link import registry_with_imports
            from quotes.store.db import get_engine

            url = f"sqlite:///{folder}/ingest.db"
            get_engine(url)  # schema created before the clock starts
            registry = registry_with_imports(url)
            started = time.perf_counter()
            report = ingest([str(source)], url, nlp, registry)
            seconds = time.perf_counter() - started
            quotes, written = report.quotes, report.added
            if report.failed:
                raise SystemExit(f"ingest failed: {report.failed[:3]}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "documents": count, "written": written,
            "seconds": round(seconds, 2), "docs_per_s": round(count / seconds, 2),
            "quotes": quotes, "quotes_per_s": round(quotes / seconds, 1),
            "peak_mb": round(peak_mb, 1)}


def run_child(kind: str, gold: Path | None, count: int) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--documents", str(count)]
    if gold:
        command += ["--gold", str(gold)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def ingest_benchmark(gold: Path | None, count: int) -> dict:
    runs = []
    for size in (count, 3 * count):
        for kind in ("extract", "ingest"):
            progress(f"{kind}: {size} documents")
            runs.append(run_child(kind, gold, size))
    for extracted, ingested in zip(runs[::2], runs[1::2], strict=True):
        ingested["vs_extract"] = round(ingested["docs_per_s"] / extracted["docs_per_s"], 2)
    return {"corpus": str(gold) if gold else "fixtures/articles", "runs": runs}


# --- 2. a generated database -------------------------------------------------------------


def sentence_pool(gold: Path | None, checkworthy: Path | None) -> list[str]:
    """English sentences to quote: the news texts split simply, and the check-worthiness
    training sentences; marks removed, 5 to 45 words, no repeats."""
    found: list[str] = []
    for record in base_texts(gold):
        for paragraph in record["text"].split("\n"):
            found.extend(SENTENCE_END.split(paragraph.strip()))
    if checkworthy:
        with checkworthy.open(encoding="utf-8") as handle:
            next(handle, None)
            for line in handle:
                columns = line.rstrip("\n").split("\t")
                if len(columns) >= 2:
                    found.append(columns[1])
    pool: dict[str, None] = {}
    for sentence in found:
        cleaned = " ".join(re.sub(r"[“”\"]", "", sentence).split()).strip(" '‘’")
        if 5 <= len(cleaned.split()) <= 45:
            pool[cleaned] = None
    return list(pool)


def make_people(rng: random.Random) -> list[dict]:
    """~3,000 people, most quoted first: the registry's politicians, the most prominent
    at the head, then people known only from the text, with names made up from the
    registry's first names and surnames."""
    from quotes.people.names import name_key
    from quotes.people.registry import load_registry

    entries = list(load_registry())
    ranked = sorted(entries, key=lambda e: (sum(r.cabinet for r in e.roles), len(e.roles),
                                            rng.random()), reverse=True)
    head, tail = ranked[:40], ranked[40:]
    people = [{"entry": e, "name": e.name} for e in head + tail]
    names = [e.name.split() for e in entries if len(e.name.split()) == 2]
    taken = {name_key(e.name) for e in entries}
    extras = []
    while len(people) + len(extras) < PEOPLE:
        name = f"{rng.choice(names)[0]} {rng.choice(names)[1]}"
        if name_key(name) not in taken:
            taken.add(name_key(name))
            extras.append({"entry": None, "name": name})
    rest = people[40:] + extras
    rng.shuffle(rest)
    people = people[:40] + rest
    for number, person in enumerate(people, start=1):
        entry = person["entry"]
        surname = person["name"].split()[-1]
        person.update(id=number, key=name_key(person["name"]), surname=surname,
                      party=entry.party if entry else None,
                      gender=entry.gender if entry else None,
                      aliases=list(entry.aliases) if entry else [f"Mr {surname}"],
                      roles=sorted(entry.roles, key=lambda r: r.rank) if entry else [])
    return people


def person_rows(people: list[dict], rng: random.Random) -> tuple[list[dict], list[dict]]:
    persons, aliases = [], []
    for person in people:
        entry = person["entry"]
        persons.append({
            "id": person["id"], "name": person["name"], "key": person["key"],
            "registry_id": entry.id if entry else None, "party": person["party"],
            "gender": person["gender"], "politician": bool(entry and entry.roles),
            "ids": json.dumps(entry.id_map if entry else {})})
        if rng.random() < 0.4:  # aliases met in the text ("Mr Dawson", "Sir Keir")
            from quotes.people.names import name_key

            for alias in person["aliases"][:2]:
                if name_key(alias):
                    aliases.append({"person_id": person["id"], "alias": alias,
                                    "key": name_key(alias)})
    return persons, aliases



class Generator:
    """Documents with their quotations, as rows for bulk inserts."""

    def __init__(self, rng: random.Random, pool: list[str], people: list[dict]) -> None:
        self.rng, self.pool, self.people = rng, pool, people
        # speaker i is chosen with weight 1/(i + 2): a Zipf tail behind a few heavy ones
        self.cumulative: list[float] = []
        total = 0.0
        for rank in range(len(people)):
            total += 1 / (rank + 2)
            self.cumulative.append(total)
        self.roles: dict[tuple[int, int], object] = {}
        self.now = datetime.now(timezone.utc)

    def role(self, person: dict, on: date | None):
        if on is None or not person["roles"]:
            return None
        key = (person["id"], on.year)
        if key not in self.roles:
            middle = date(on.year, 7, 1)
            self.roles[key] = next((r for r in person["roles"] if r.active_on(middle)), None)
        return self.roles[key]

    def words(self, sentences: int = 1) -> str:
        return " ".join(self.rng.choice(self.pool) for _ in range(sentences))

    def fragment(self, low: int, high: int) -> str:
        words = self.rng.choice(self.pool).rstrip(".!?").split()
        size = min(len(words), self.rng.randint(low, high))
        start = self.rng.randrange(len(words) - size + 1)
        return " ".join(words[start:start + size])

    def document(self, doc_id: int, quotes: int, first_id: int) -> tuple[dict, list[dict]]:
        rng = self.rng
        published = (None if rng.random() < 0.01
                     else date(2000, 1, 1) + timedelta(days=rng.randrange(9132)))
        speakers = [self.people[i] for i in rng.choices(
            range(len(self.people)), cum_weights=self.cumulative, k=rng.randint(1, 4))]
        title = self.fragment(6, 14)
        title = title[0].upper() + title[1:]
        paragraphs = [title, self.words()]
        at = len(title) + 2 + len(paragraphs[1]) + 2
        rows = []
        for number in range(quotes):
            if rng.random() < 0.5:  # a paragraph of narrative between quotations
                paragraphs.append(self.words(rng.randint(1, 2)))
                at += len(paragraphs[-1]) + 2
            kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
            person = rng.choice(speakers) if kind != "other" and rng.random() > 0.04 else None
            paragraph, row = self.quotation(kind, person, at, published)
            row.update(id=first_id + number, document_id=doc_id, published=published,
                       words_key=words_key(row["words"]), corrected=False, suppressed=False)
            rows.append(row)
            paragraphs.append(paragraph)
            at += len(paragraph) + 2
        text = "\n\n".join(paragraphs)
        document = {
            "id": doc_id, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "source": f"generated/{doc_id:06d}.txt", "text": text,
            "outlet": rng.choice(OUTLETS), "title": title,
            "url": f"https://news.example.org/{doc_id:06d}", "author": None,
            "published": published, "ingested_at": self.now}
        return document, rows

    def quotation(self, kind: str, person: dict | None, at: int,
                  published: date | None) -> tuple[str, dict]:
        """One paragraph holding one quotation, and the quotation's row."""
        rng = self.rng
        method, mention = "none", None
        if person is not None:
            method, mention = rng.choices(
                (("name", person["name"]), ("alias", person["aliases"][0] if person["aliases"]
                                            else person["surname"]),
                 ("pronoun", "she" if person["gender"] == "F" else "he"),
                 ("role", "the minister")), weights=(40, 25, 25, 10))[0]
        elif kind != "other":
            method, mention = "mention", rng.choice(NOT_PEOPLE)
        cue = rng.choice(CUES)
        if kind == "direct" and mention and rng.random() < 0.15:
            pieces = [("", "“"), ("q", self.fragment(5, 20) + ","), ("", "” "),
                      ("m", mention), ("", " "), ("c", cue), ("", ". “"), ("q", self.words()),
                      ("", "”")]
        elif kind == "direct" and mention:
            pieces = [("", "“"), ("q", self.words(rng.choice((1, 1, 2, 3)))), ("", "” "),
                      ("m", mention), ("", " "), ("c", cue), ("", ".")]
        elif kind == "direct":
            pieces = [("", "“"), ("q", self.words()), ("", "”")]
        elif kind == "indirect":
            words = self.words()
            pieces = [("m", mention[0].upper() + mention[1:]), ("", " "),
                      ("c", cue), ("", " that "), ("q", words[0].lower() + words[1:])]
        elif kind == "partial":
            pieces = [("m", mention[0].upper() + mention[1:]), ("", " "),
                      ("c", cue), ("", " the plan was “"), ("q", self.fragment(2, 8)),
                      ("", "”.")]
        else:
            pieces = [("", "Critics called it a “"), ("q", self.fragment(1, 3)), ("", "”.")]
        text, spans, position = [], {"q": [], "m": None, "c": None}, at
        for tag, piece in pieces:
            if tag == "q":
                spans["q"].append([position, position + len(piece)])
            elif tag:
                spans[tag] = (position, position + len(piece), piece)
            text.append(piece)
            position += len(piece)
        paragraph = "".join(text)
        parts = spans["q"]
        start, end = parts[0][0], parts[-1][1]
        role = self.role(person, published) if person else None
        m, c = spans["m"] or (None, None, None), spans["c"] or (None, None, None)
        return paragraph, {
            "start": start, "end": end, "text": paragraph[start - at:end - at],
            "words": " … ".join(paragraph[s - at:e - at] for s, e in parts),
            "parts": json.dumps(parts), "kind": kind,
            "speaker_id": person["id"] if person else None,
            "speaker": person["name"] if person else mention if kind != "other" else None,
            "mention_start": m[0], "mention_end": m[1], "mention_text": m[2],
            "cue_start": c[0], "cue_end": c[1], "cue_text": c[2],
            "confidence": round(rng.uniform(0.6, 0.95), 2) if mention else 0.0,
            "method": method, "role": role.title if role else None,
            "role_source": "registry" if role else None,
            "party": (role.party if role and role.party else person["party"]) if person
            else None}


def generate(url: str, quotes: int, pool: list[str], seed: int = 7) -> dict:
    """Fill a fresh database at ``url`` (schema by the real migrations) with ``quotes``
    quotations in ~quotes/20 documents; returns counts, timing and who said how much."""
    from sqlalchemy import insert

    from quotes.embed import encode
    from quotes.store.db import get_engine, is_sqlite
    from quotes.store.models import Alias, Document, Person, Quote
    from quotes.store.newest import keep_search_blocks

    rng = random.Random(seed)
    engine = get_engine(url)
    started = time.perf_counter()
    people = make_people(rng)
    generator = Generator(rng, pool, people)
    documents = max(1, round(quotes / QUOTES_PER_DOCUMENT))
    per_document = Counter(rng.choices(range(documents), k=quotes))
    said: Counter = Counter()
    quote_columns = set(Quote.__table__.columns.keys())
    with engine.connect() as connection:
        if is_sqlite(engine):  # a bigger page cache for the load only (dropped below)
            connection.exec_driver_sql("PRAGMA cache_size=-262144")
            connection.commit()
        persons, aliases = person_rows(people, rng)
        with connection.begin():
            connection.execute(insert(Person.__table__), persons)
            connection.execute(insert(Alias.__table__), aliases)
        quote_id, done, step = 1, 0, max(1, 50_000 // QUOTES_PER_DOCUMENT)
        for first in range(1, documents + 1, step):
            document_rows, quote_rows = [], []
            for doc_id in range(first, min(first + step, documents + 1)):
                document, rows = generator.document(doc_id, per_document[doc_id - 1], quote_id)
                document_rows.append(document)
                quote_rows.extend(rows)
                quote_id += len(rows)
            said.update(r["speaker_id"] for r in quote_rows if r["kind"] != "other")
            # each quotation's embedding, as ingest stores it (quotes verify's paraphrases)
            for row, blob in zip(quote_rows, encode([r["words"] for r in quote_rows]),
                                 strict=True):
                row["embedding"] = blob
            quote_rows = [{k: v for k, v in r.items() if k in quote_columns}
                          for r in quote_rows]
            with connection.begin():
                connection.execute(insert(Document.__table__), document_rows)
                for i in range(0, len(quote_rows), 10_000):
                    connection.execute(insert(Quote.__table__), quote_rows[i:i + 10_000])
            done += len(quote_rows)
            progress(f"generated {done:,}/{quotes:,} quotations", end="\r")
        if not is_sqlite(engine):
            connection.commit()
            with connection.begin():
                connection.exec_driver_sql("ANALYZE")  # what autovacuum does after a load
                set_sequences(connection)
                keep_search_blocks(connection)  # what ingest does in each batch
    engine.dispose()
    seconds = time.perf_counter() - started
    progress("")
    said.pop(None, None)
    return {"quotes": quotes, "documents": documents, "people": len(people),
            "aliases": len(aliases), "seconds": round(seconds, 1),
            "quotes_per_s": round(quotes / seconds), "_people": people, "_said": said}


def set_sequences(connection) -> None:
    """PostgreSQL: the id sequences past the ids given explicitly by the load, so that
    rows inserted later (ingest, the grouping timings) get new ids."""
    for table in ("person", "alias", "document", "quote"):
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")


def sqlite_size(url: str, quotes: int) -> dict:
    """File sizes after a WAL checkpoint, and the share of each table with its indexes."""
    import sqlite3

    path = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
        tables = dict(connection.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
    connection.close()
    total = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    shares: Counter = Counter()
    for name, size in pages:
        owner = tables.get(name, name)
        shares["quote_fts" if owner.startswith("quote_fts") else owner] += size
    return {"mb": round(total / 2**20, 1), "kb_per_1000_quotes": round(total / 1024 / quotes
                                                                       * 1000, 1),
            "mb_by_table": {k: round(v / 2**20, 1) for k, v in shares.most_common()}}


def postgres_size(url: str, quotes: int) -> dict:
    from sqlalchemy import text

    from quotes.store.db import get_engine

    with get_engine(url).connect() as connection:
        total = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
    return {"mb": round(total / 2**20, 1),
            "kb_per_1000_quotes": round(total / 1024 / quotes * 1000, 1)}


# --- the calls timed ---------------------------------------------------------------------


def search_inputs(pool: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """(category, query) pairs: words (the 20 most frequent, the next 180, rarer ones),
    phrases, prefixes and operators."""
    counts = Counter(w for s in pool for w in set(WORD.findall(s.lower()))
                     if len(w) >= 4 and w not in STOP)
    ranked = [w for w, _ in counts.most_common()]
    very_common, common = ranked[:20], ranked[:200]
    rare = [w for w in ranked if 3 <= counts[w] <= 15]
    def content(word: str) -> bool:
        return len(word) >= 4 and word not in STOP

    def phrase() -> str:  # "cost of living": begins and ends with a content word
        while True:
            words = WORD.findall(rng.choice(pool).lower())
            size = rng.choice((2, 2, 3))
            starts = [i for i in range(len(words) - size + 1)
                      if content(words[i]) and content(words[i + size - 1])]
            if starts:
                start = rng.choice(starts)
                return '"' + " ".join(words[start:start + size]) + '"'
    inputs = ([("very common word", rng.choice(very_common)) for _ in range(20)]
              + [("common word", rng.choice(common[20:])) for _ in range(40)]
              + [("rarer word", rng.choice(rare)) for _ in range(40)]
              + [("two words", f"{rng.choice(common)} {rng.choice(common)}")
                 for _ in range(20)]
              + [("phrase", phrase()) for _ in range(40)]
              + [("prefix*", rng.choice(common)[:rng.randint(4, 6)] + "*")
                 for _ in range(40)]
              + [("OR", f"{rng.choice(common)} OR {rng.choice(rare)}") for _ in range(30)]
              + [("NOT", f"{rng.choice(common)} NOT {rng.choice(common)}")
                 for _ in range(30)])
    rng.shuffle(inputs)
    return inputs


def said_inputs(people: list[dict], said: Counter, rng: random.Random,
                url: str) -> list[tuple[str, str]]:
    """(category, name) pairs: the ten most quoted people, and others with fewer; only
    names that mean one person ("Lord Howarth" is also Alan Howarth's alias)."""
    from quotes.errors import AmbiguousName, NotFound
    from quotes.query import resolve_person
    from quotes.store.db import session_scope

    def unique(candidates: list[dict], wanted: int) -> list[dict]:
        found = []
        with session_scope(url) as session:
            for person in candidates:
                try:
                    if resolve_person(session, person["name"]).id == person["id"]:
                        found.append(person)
                except (AmbiguousName, NotFound):
                    continue
                if len(found) == wanted:
                    break
        return found

    ranked = sorted((p for p in people if said[p["id"]]), key=lambda p: -said[p["id"]])
    heavy = unique(ranked, 10)
    rest = [p for p in ranked if p not in heavy]
    light = unique(rng.sample(rest, len(rest)), 140)
    inputs = ([("heavy (top 10)", p["name"]) for p in heavy for _ in range(6)]
              + [("light", p["name"]) for p in light])
    rng.shuffle(inputs)
    return inputs


def timed(calls: list[tuple[str, str]], function) -> dict:
    """Run every call, timing each; median, p95 and max in ms, overall and by category,
    and the slowest calls."""
    for _, argument in calls[:5]:  # warm the engine, the pool and the caches
        function(argument)
    times: dict[str, list[float]] = {}
    each: list[tuple[float, str, str]] = []
    results: Counter = Counter()
    errors = 0
    for category, argument in calls:
        started = time.perf_counter()
        try:
            results[category] += len(function(argument))
        except Exception as error:  # noqa: BLE001 - a failed call is counted, not fatal
            errors += 1
            progress(f"{argument!r}: {error}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        times.setdefault(category, []).append(elapsed)
        each.append((elapsed, category, argument))
    every = [t for values in times.values() for t in values]
    slowest = [{"ms": round(ms, 1), "category": c, "argument": a}
               for ms, c, a in sorted(each, reverse=True)[:SLOWEST]]
    return {**summary(every), "errors": errors, "slowest": slowest,
            "by_category": {k: {**summary(v), "mean_results": round(results[k] / len(v), 1)}
                            for k, v in times.items()}}


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    if not ordered:
        return {"calls": 0}
    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))], 1)
    middle = len(ordered) // 2
    median = (ordered[middle] if len(ordered) % 2
              else (ordered[middle - 1] + ordered[middle]) / 2)
    return {"calls": len(ordered), "median_ms": round(median, 1), "p95_ms": at(0.95),
            "max_ms": round(ordered[-1], 1)}


def stored(url: str) -> dict | None:
    """What ``generate`` returns, read back from a database it filled earlier (``--db``,
    ``--pg-database``), or None when the database holds no quotations yet."""
    from sqlalchemy import text

    from quotes.store.db import get_engine

    engine = get_engine(url)
    with engine.connect() as connection:
        quotes = connection.execute(text("SELECT count(*) FROM quote")).scalar()
        if not quotes:
            return None
        people = [{"id": i, "name": n} for i, n in
                  connection.execute(text("SELECT id, name FROM person ORDER BY id"))]
        said = Counter(dict(connection.execute(text(
            "SELECT speaker_id, count(*) FROM quote WHERE kind != 'other' "
            "AND speaker_id IS NOT NULL GROUP BY speaker_id")).all()))
        documents = connection.execute(text("SELECT count(*) FROM document")).scalar()
        aliases = connection.execute(text("SELECT count(*) FROM alias")).scalar()
    engine.dispose()
    return {"quotes": quotes, "documents": documents, "people": len(people),
            "aliases": aliases, "seconds": 0.0, "quotes_per_s": 0, "reused": True,
            "_people": people, "_said": said}


def query_benchmark(url: str, quotes: int, pool: list[str], backend: str) -> dict:
    from quotes.filters import Filters
    from quotes.query import said, search

    made = stored(url)
    if made is None:
        progress(f"{backend}: generating {quotes:,} quotations")
        made = generate(url, quotes, pool)
    else:
        progress(f"{backend}: reusing {made['quotes']:,} quotations")
    people, counts = made.pop("_people"), made.pop("_said")
    size = sqlite_size(url, quotes) if backend == "sqlite" else postgres_size(url, quotes)
    rng = random.Random(11)
    progress(f"{backend}: timing search and said")
    searches = timed(search_inputs(pool, rng), lambda q: search(url, q, Filters(limit=20)))
    saids = timed(said_inputs(people, counts, rng, url),
                  lambda name: said(url, name, Filters(limit=50))[1])
    top = counts.most_common()
    skew = {"most_quoted": [top[i][1] for i in range(min(5, len(top)))],
            "median_per_speaker": top[len(top) // 2][1] if top else 0,
            "speakers": len(top)}
    return {"backend": backend, "generation": made, "skew": skew, "size": size,
            "search": searches, "said": saids}


def measure_export(url: str, count: int, format: str) -> dict:
    """Stream ``count`` rows of a `quotes export` to nowhere; rows/s and peak memory."""
    from quotes.export import rows, write
    from quotes.filters import Filters

    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as out:
        written = write(rows(url, Filters(limit=count)), format, out)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"format": format, "rows": written, "seconds": round(seconds, 2),
            "rows_per_s": round(written / seconds), "peak_mb": round(peak)}


def export_benchmark(url: str) -> list[dict]:
    """Export 10,000 and 100,000 quotations, each in its own process."""
    results = []
    for format in ("csv", "jsonl", "claimreview"):
        for count in (10_000, 100_000):
            progress(f"export: {count:,} rows as {format}")
            command = [sys.executable, __file__, "--child", "export", "--url", url,
                       "--rows", str(count), "--format", format]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
    return results


def print_export(results: list[dict]) -> None:
    print("\nexport (streamed from the generated SQLite database; each run in its own process)")
    print(f"{'format':<13}{'rows':>9}{'rows/s':>9}{'peak MB':>9}")
    for run in results:
        print(f"{run['format']:<13}{run['rows']:>9,}{run['rows_per_s']:>9,}{run['peak_mb']:>9}")


def postgres_benchmark(base: str, quotes: int, pool: list[str],
                       keep: str | None = None) -> dict:
    """On a database made for the run and dropped after it, or on ``keep``: made and
    filled when missing, reused when filled, and never dropped."""
    import psycopg
    from sqlalchemy.engine import make_url

    from quotes.store.db import database_url, get_engine

    server = make_url(database_url(base))
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = keep or f"{PG_DATABASE}_{os.getpid()}_{random.randrange(16**8):08x}"
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"--pg-database {name!r}: use lower-case letters, digits and _")
    url = server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (name,)).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE {name}")
    try:
        return query_benchmark(url, quotes, pool, "postgresql")
    finally:
        get_engine(url).dispose()
        if not keep:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- output ------------------------------------------------------------------------------


def progress(message: str, end: str = "\n") -> None:
    if sys.stderr.isatty() or end == "\n":
        print(f"\033[K{message}" if sys.stderr.isatty() else message, end=end,
              file=sys.stderr, flush=True)


def print_ingest(result: dict) -> None:
    print(f"\ningest against bare extraction ({result['corpus']}; SQLite; 1 process; "
          "each run in its own process)")
    print(f"{'run':<9}{'docs':>6}{'docs/s':>9}{'quotes/s':>10}{'peak MB':>9}{'vs extract':>12}")
    for run in result["runs"]:
        versus = f"{run['vs_extract']:.2f}x" if "vs_extract" in run else ""
        print(f"{run['kind']:<9}{run['documents']:>6}{run['docs_per_s']:>9.2f}"
              f"{run['quotes_per_s']:>10.1f}{run['peak_mb']:>9.0f}{versus:>12}")


def print_queries(result: dict) -> None:
    made, size, skew = result["generation"], result["size"], result["skew"]
    print(f"\nquery latency ({result['backend']}: {made['quotes']:,} quotations, "
          f"{made['documents']:,} documents, {made['people']:,} people)")
    print(("reused from an earlier run; " if made.get("reused") else
           f"generated in {made['seconds']:.0f} s ({made['quotes_per_s']:,} quotations/s); ")
          + f"database {size['mb']:,.0f} MB, {size['kb_per_1000_quotes']:,.0f} KB per 1,000 "
          "quotations")
    if "mb_by_table" in size:
        print("  " + ", ".join(f"{k} {v:,.0f} MB" for k, v in size["mb_by_table"].items()
                               if v >= 1))
    print(f"  most quoted: {', '.join(f'{n:,}' for n in skew['most_quoted'])} quotations; "
          f"median speaker {skew['median_per_speaker']}")
    print(f"{'call':<24}{'calls':>6}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'results':>9}")
    for name, label in (("search", "search (limit 20)"), ("said", "said (limit 50)")):
        figures = result[name]
        print(f"{label:<24}{figures['calls']:>6}{figures['median_ms']:>11.1f}"
              f"{figures['p95_ms']:>9.1f}{figures['max_ms']:>9.1f}"
              f"{'' if not figures['errors'] else str(figures['errors']) + ' err':>9}")
        for category, values in sorted(figures["by_category"].items(),
                                       key=lambda item: CATEGORIES.index(item[0])):
            print(f"  {category:<22}{values['calls']:>6}{values['median_ms']:>11.1f}"
                  f"{values['p95_ms']:>9.1f}{values['max_ms']:>9.1f}"
                  f"{values['mean_results']:>9.1f}")
        print("  slowest: " + "; ".join(f"{c['argument']} {c['ms']:.1f}"
                                        for c in figures["slowest"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", default=GOLD,
                        help="JSONL of news texts (default: %(default)s, from the repo; "
                             "the fixture articles when missing)")
    parser.add_argument("--checkworthy", default=CHECKWORTHY,
                        help="TSV of English sentences for generated quotations")
    parser.add_argument("--documents", type=int, default=84,
                        help="N: ingest and extraction are timed on N and 3N documents")
    parser.add_argument("--quotes", type=int, default=1_000_000,
                        help="quotations in the generated SQLite database")
    parser.add_argument("--pg-quotes", type=int, default=1_000_000,
                        help=f"quotations in the PostgreSQL database (with ${PG_ENV})")
    parser.add_argument("--db", metavar="PATH",
                        help="SQLite file for the query timings, kept afterwards: filled "
                             "when missing, reused as it is when it holds quotations")
    parser.add_argument("--pg-database", metavar="NAME",
                        help="the same for PostgreSQL: a database on the server, kept")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-query", action="store_true")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true",
                        help="query latency on PostgreSQL only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--child", choices=["extract", "ingest", "export"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--format", help=argparse.SUPPRESS)
    args = parser.parse_args()
    gold = find_file(args.gold)
    if args.child == "export":
        print(json.dumps(measure_export(args.url, args.rows, args.format)))
        return
    if args.child:
        print(json.dumps(measure_pipeline(args.child, gold, args.documents)))
        return
    started = time.perf_counter()
    results: dict = {}
    if not args.skip_ingest:
        results["ingest"] = ingest_benchmark(gold, args.documents)
        if not args.json:
            print_ingest(results["ingest"])
    if not args.skip_query:
        pool = sentence_pool(gold, find_file(args.checkworthy))
        results["sentences"] = len(pool)
        if not args.skip_sqlite:
            with tempfile.TemporaryDirectory(prefix="quotes-bench-") as folder:
                url = f"sqlite:///{Path(args.db).resolve() if args.db else folder + '/bench.db'}"
                results["sqlite"] = query_benchmark(url, args.quotes, pool, "sqlite")
                if not args.skip_export:
                    results["export"] = export_benchmark(url)
            if not args.json:
                print_queries(results["sqlite"])
                if "export" in results:
                    print_export(results["export"])
        if os.environ.get(PG_ENV) and not args.skip_pg:
            results["postgresql"] = postgres_benchmark(os.environ[PG_ENV], args.pg_quotes,
                                                       pool, args.pg_database)
            if not args.json:
                print_queries(results["postgresql"])
    results["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results))
    else:
        print(f"\n(total {results['seconds']:.0f} s; no figure here is a pass or fail)")


if __name__ == "__main__":
    main()
