"""Hostile-input probes: every bad input the reliability issue names, run as a user runs it.

    python bench/probe.py [--jobs 2] [--only CATEGORY] [--failures]

Each probe is one `quotes` command in its own process, on its own files and database, as
a shell runs it. A probe's outcome is judged by the tool's promise ("a one-line error that
names the problem and the fix, no traceback; one bad input never costs the batch its good
documents; the same text twice adds nothing"):

- traceback: the command printed one;
- hang: it did not finish within its time (the input is not handled in linear time);
- lost: good documents of the same batch that were not stored (or not extracted);
- wrong exit: a bad input accepted silently (exit 0) or a good one refused;
- silent: it failed without saying why on stderr;
- spans: a stored quotation or claim whose offsets do not give its text back;
- rerun: running the same ingest again added rows;
- broken db: the database fails `PRAGMA integrity_check` afterwards.

The table printed at the end (probes, then each failure kind, by category) is the one in
the reliability note; ``--failures`` also prints every failing probe with its stderr.
PostgreSQL probes run when ``QUOTES_TEST_PG_URL`` names a server.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTES = [str(Path(sys.executable).parent / "quotes")]
FIXTURES = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
PG_ENV = "QUOTES_TEST_PG_URL"
KINDS = ("traceback", "hang", "lost", "wrong exit", "silent", "spans", "rerun", "broken db",
         "harness")

GOOD_A = ('"We will build the homes this country needs," Keir Starmer said on Monday.\n\n'
          'The prime minister added that planning rules would change.\n')
GOOD_B = ('Rishi Sunak said: "This plan is the right one for Britain."\n\n'
          '"It will not work," the Liberal Democrat leader Ed Davey told reporters.\n')
SENTENCE = 'The minister said that the plan, which was announced today, would work'


@dataclass
class Probe:
    """One command and the files it runs on; ``{db}`` and ``{dir}`` in argv are filled in."""

    category: str
    name: str
    argv: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    good: int = 0  # good documents the command must store (ingest) or print (extract)
    expect: str = "fail"  # "fail": must exit non-zero; "ok": must exit 0; "any"
    db: str = "fresh"  # "fresh" (none yet), "filled" (a copy of the fixtures' db), "keep"
    rerun: bool = False  # run it again: nothing may be added
    seconds: float = 120
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[Path], None] | None = None  # makes the database or files by hand
    interrupt: tuple[int, float] | None = None  # (signal, seconds after start)


@dataclass
class Outcome:
    probe: Probe
    status: int | None
    stderr: str
    failures: list[str]


# ---------------------------------------------------------------- inputs


def text_batch(name: str, bad: bytes) -> dict[str, bytes]:
    """Two good articles and one bad file between them."""
    return {"a_good.txt": GOOD_A.encode(), name: bad, "z_good.txt": GOOD_B.encode()}


def jsonl_batch(bad_line: bytes, lines_after: bool = True) -> dict[str, bytes]:
    """A JSONL file: a good record, the bad line, another good record."""
    good = [json.dumps({"id": "a", "text": GOOD_A}).encode(),
            json.dumps({"id": "b", "text": GOOD_B}).encode()]
    body = good[0] + b"\n" + bad_line + (b"\n" + good[1] + b"\n" if lines_after else b"")
    return {"batch.jsonl": body}


def record(**meta: object) -> bytes:
    """A good JSONL record with odd metadata."""
    return json.dumps({"id": "c", "text": f'{len(meta)} said "no" to {list(meta)}.', **meta}
                      ).encode()


def nested(depth: int) -> bytes:
    return (b'{"text": ' + b"[" * depth + b"1" + b"]" * depth + b"}")


def bad_texts() -> Iterator[tuple[str, bytes, bool]]:
    """(name, bytes, storable): files a careless user feeds in. ``storable`` says whether
    the tool can store it as a document (with a warning) rather than refuse it."""
    rng = random.Random(7)
    yield "empty.txt", b"", False
    yield "spaces.txt", b"   \n\t \n", False
    yield "newlines.txt", b"\n" * 5000, False
    yield "random.bin", bytes(rng.randrange(256) for _ in range(4096)), False
    yield "image.png", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2000)), False
    yield "article.txt.gz", gzip.compress(GOOD_A.encode(), mtime=0), False
    yield "doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64, False
    yield "program", Path("/bin/true").read_bytes()[:20000], False
    yield "utf16le.txt", "\ufeff".encode("utf-16-le") + GOOD_A.replace("Keir", "Yvette").encode(
        "utf-16-le"), True
    yield "utf16be.txt", GOOD_A.replace("Keir", "Angela").encode("utf-16-be"), True
    yield "utf32.txt", GOOD_A.replace("Keir", "Ed").encode("utf-32"), True
    yield "latin1.txt", "Le ministre a dit: « Ça va », à Bruxelles. Café.\n".encode("latin-1"), True
    yield "cp1252.txt", "\u201cWe\u2019ll win,\u201d she said.\n".encode("cp1252"), True
    yield "mixed.txt", GOOD_A.replace("Keir", "Kemi").encode() + "café".encode("latin-1"), True
    yield "truncated_utf8.txt", GOOD_A.replace("Keir", "Wes").encode() + "é".encode()[:1], True
    yield "overlong.txt", b"He said \xc0\xa2no\xc0\xa2 to the plan.\n", True
    yield "surrogate_bytes.txt", b"He said \"no\" \xed\xa0\x80 to the plan.\n", True
    yield "utf8_bom.txt", b"\xef\xbb\xbf" + GOOD_A.replace("Keir", "Rachel").encode(), True
    yield "nul_inside.txt", GOOD_A.replace("Keir", "Lisa").encode().replace(b" ", b"\x00", 3), True
    yield "controls.txt", (b"He said \x01\x02\x1b[31m\"red\"\x1b[0m \x07 now.\x0c\n"), True
    yield "cr_only.txt", GOOD_A.replace("Keir", "Jeremy").replace("\n", "\r").encode(), True
    yield "crlf.txt", GOOD_A.replace("Keir", "Liz").replace("\n", "\r\n").encode(), True
    yield "line_separators.txt", GOOD_A.replace("Keir", "Priti").replace(
        "\n", "\u2028").encode(), True
    yield "unbalanced_open.txt", b'"We will win, the minister said.\n\nNothing else.\n', True
    yield "only_closing.txt", "He said\u201d no\u201d and\u201d yes\u201d.\n".encode(), True
    yield "mark_soup.txt", ("\u201c\u201d\"'\u2018\u2019" * 20000).encode(), True
    yield "nested_marks.txt", ("\u201c\u2018" * 500 + "deep" + "\u2019\u201d" * 500).encode(), True
    yield "many_quotes.txt", ('"Yes," he said. "No," she said. ' * 2500).encode(), True
    yield "long_sentence.txt", (" ".join(["word"] * 100_000) + ".").encode(), True
    yield "long_word.txt", ("x" * 1_000_000).encode(), True
    yield "many_paragraphs.txt", ("\n\n".join(f'"Line {i}," he said.' for i in range(4000))
                                  ).encode(), True
    yield "rtl.txt", "قال الوزير \"نعم\" للخطة. אמר השר \"כן\".\n".encode(), True
    yield "zalgo.txt", ("He said \"" + "a\u0301\u0316\u0327" * 2000 + "\" today.").encode(), True
    yield "emoji.txt", ("\U0001f600 \"We \U0001f1ec\U0001f1e7 win,\" he said \U0001f44d.\n"
                        ).encode(), True
    yield "zero_width.txt", "\u200b".join('"We will win," he said.').encode(), True
    yield "html.html", (b"<html><head><title>x</title></head><body><p>&ldquo;We will win,"
                        b"&rdquo; he said.</p><script>var a='\"';</script></body></html>"), True
    yield "json_looking.txt", b'{"text": "not read as JSON: a .txt is text"}\n', True
    yield "private_use.txt", "He said \"\ue000\uf8ff\U000f0000\" now.\n".encode(), True
    yield "noncharacters.txt", "He said \"\ufffe\uffff\" now.\n".encode(), True


def bad_jsonl_lines() -> Iterator[tuple[str, bytes, bool | None]]:
    """(name, line, storable): JSON Lines records that are broken or odd; ``storable``
    None for lines that are no record at all (blank lines), skipped without a word."""
    yield "not json", b"this is not json", False
    yield "truncated", b'{"id": "c", "text": "We will', False
    yield "array", b'["a", "b"]', False
    yield "string", b'"just a string"', False
    yield "number", b"42", False
    yield "null", b"null", False
    yield "no text", b'{"id": "c", "title": "x"}', False
    yield "text is a number", b'{"id": "c", "text": 5}', False
    yield "text is a list", b'{"id": "c", "text": ["a"]}', False
    yield "text is null", b'{"id": "c", "text": null}', False
    yield "text is an object", b'{"id": "c", "text": {"a": 1}}', False
    yield "empty text", b'{"id": "c", "text": ""}', False
    yield "nested 100,000 deep", nested(100_000), False
    yield "nested 1,000 deep", nested(1_000), False
    yield "huge integer", b'{"id": "c", "text": "x", "n": ' + b"9" * 5000 + b"}", False
    yield "NaN literal", b'{"id": "c", "text": "He said \\"no\\".", "score": NaN}', True
    yield "Infinity literal", b'{"id": "c", "text": "She said \\"yes\\".", "n": Infinity}', True
    yield "lone surrogate", b'{"id": "c", "text": "He said \\"\\ud800\\" here."}', True
    yield "NUL escape", b'{"id": "c", "text": "He said \\"a\\u0000b\\" here."}', True
    yield "raw NUL byte", b'{"id": "c", "text": "He said \x00 here."}', False
    yield "U+2028 inside", '{"id": "c", "text": "One\u2028two said Tom."}'.encode(), True
    yield "U+0085 inside", '{"id": "c", "text": "One\u0085two said Ann."}'.encode(), True
    yield "latin-1 bytes", b'{"id": "c", "text": "caf\xe9 said Bob"}', True
    yield "duplicate keys", b'{"id": "c", "text": "first", "text": "He said \\"second\\"."}', True
    yield "published is a number", record(published=42), True
    yield "published is junk", record(published="soon"), True
    yield "published 30 Feb", record(published="2024-02-30"), True
    yield "url is a list", b'{"id": "c", "text": "Di said \\"ok\\".", "url": [1, 2]}', True
    yield "outlet is an object", record(outlet={"a": 1}), True
    yield "meta is 1 MB", record(title="t" * 1_000_000), True
    yield "id is huge", b'{"id": ' + b"9" * 100 + b', "text": "Ty said \\"up\\"."}', True
    yield "5 MB line", json.dumps({"id": "c", "text": '"Fine," he said. ' * 300_000}).encode(), True
    yield "blank lines", b"\n\n   \n", None
    yield "trailing comma", b'{"id": "c", "text": "x",}', False
    yield "single quotes", b"{'id': 'c', 'text': 'x'}", False


def sidecars() -> Iterator[tuple[str, bytes]]:
    """A sidecar NAME.json beside a good article: each must be ignored or read, never fatal."""
    yield "malformed", b"{not json"
    yield "deep", b"[" * 100_000 + b"]" * 100_000
    yield "array", b"[1, 2, 3]"
    yield "huge integer", b'{"published": ' + b"9" * 5000 + b"}"
    yield "wrong types", b'{"published": 42, "url": [1], "outlet": {"a": 1}, "title": null}'
    yield "bad date", b'{"published": "31/31/2024", "outlet": "BBC News"}'
    yield "not UTF-8", b'{"outlet": "Caf\xe9 News"}'
    yield "binary", bytes(range(256))
    yield "empty", b""
    yield "lone surrogate", b'{"outlet": "\\ud800 News"}'


# ---------------------------------------------------------------- probes


def file_probes() -> Iterator[Probe]:
    for name, data, storable in bad_texts():
        slow = len(data) > 200_000 or "paragraphs" in name or "quotes" in name
        for command in ("ingest", "extract"):
            # each file by name: a directory is walked for text-like names only, so a
            # PDF or an image in one is not an input at all (README, "Files and records")
            paths = [f"{{dir}}/{each}" for each in text_batch(name, data)]
            argv = ([command, *paths, "--db", "{db}", "-q"] if command == "ingest"
                    else [command, "--format", "jsonl", *paths])
            yield Probe("files", f"{command} {name}", argv, text_batch(name, data),
                        good=2 + storable, expect="ok" if storable else "fail",
                        rerun=command == "ingest", seconds=300 if slow else 120)
    for name, line, storable in bad_jsonl_lines():
        for command in ("ingest", "extract"):
            argv = ([command, "{dir}/batch.jsonl", "--db", "{db}", "-q"] if command == "ingest"
                    else [command, "--format", "jsonl", "{dir}/batch.jsonl"])
            yield Probe("jsonl", f"{command}: {name}", argv, jsonl_batch(line),
                        good=2 + bool(storable), expect="fail" if storable is False else "ok",
                        rerun=command == "ingest", seconds=240)
    yield Probe("jsonl", "ingest: BOM at the start", ["ingest", "{dir}", "--db", "{db}", "-q"],
                {"b.jsonl": b"\xef\xbb\xbf" + jsonl_batch(b"")["batch.jsonl"].replace(
                    b"\n\n", b"\n")}, good=2, expect="any", rerun=True)
    yield Probe("jsonl", "ingest: CRLF line ends", ["ingest", "{dir}", "--db", "{db}", "-q"],
                {"b.jsonl": jsonl_batch(b"")["batch.jsonl"].replace(b"\n", b"\r\n")},
                good=2, expect="any", rerun=True)
    yield Probe("jsonl", "ingest: same text twice", ["ingest", "{dir}", "--db", "{db}", "-q"],
                jsonl_batch(json.dumps({"id": "again", "text": GOOD_A}).encode()),
                good=2, expect="ok", rerun=True)
    for name, data in sidecars():
        files = text_batch("m_good.txt", GOOD_A.replace("Keir", "Jacob").encode())
        files["m_good.json"] = data
        yield Probe("sidecars", f"ingest: {name}", ["ingest", "{dir}", "--db", "{db}", "-q"],
                    files, good=3, expect="any", rerun=True)


def path_probes() -> Iterator[Probe]:
    good = {"good.txt": GOOD_A.encode()}

    def link(target: str) -> Callable[[Path], None]:
        return lambda d: os.symlink(target, d / "link.txt")

    cases = [
        ("missing file", ["{dir}/missing.txt", "{dir}/good.txt"], None),
        ("a directory of nothing", ["{dir}/empty_dir"], lambda d: (d / "empty_dir").mkdir()),
        ("glob matching nothing", ["{dir}/*.nothing"], None),
        ("/dev/null", ["/dev/null", "{dir}/good.txt"], None),
        ("/dev/zero", ["/dev/zero", "{dir}/good.txt"], None),
        ("broken symlink", ["{dir}/link.txt", "{dir}/good.txt"], link("/nonexistent/x.txt")),
        ("symlink loop", ["{dir}/link.txt", "{dir}/good.txt"], link("link.txt")),
        ("fifo", ["{dir}/pipe.txt", "{dir}/good.txt"], lambda d: os.mkfifo(d / "pipe.txt")),
        ("over --max-mb", ["{dir}/good.txt", "{dir}/big.txt"],
         lambda d: (d / "big.txt").write_bytes(b"He said yes. " * 1_700_000)),
        ("name not UTF-8", [b"{dir}/\xff\xfe.txt".decode("utf-8", "surrogateescape"),
                            "{dir}/good.txt"],
         lambda d: Path(os.fsdecode(os.fsencode(d) + b"/\xff\xfe.txt")).write_bytes(
             GOOD_B.encode())),
        ("name with a newline", ["{dir}/a\nb.txt", "{dir}/good.txt"],
         lambda d: (d / "a\nb.txt").write_bytes(GOOD_B.encode())),
        ("name starting with a dash", ["--", "{dir}/-x.txt", "{dir}/good.txt"],
         lambda d: (d / "-x.txt").write_bytes(GOOD_B.encode())),
    ]
    for name, paths, prepare in cases:
        stored = 1 if name != "a directory of nothing" and name != "glob matching nothing" else 0
        extra = int(name.startswith("name "))  # an odd name, but a good article
        expect = "ok" if extra else "fail"
        for command in ("ingest", "extract"):
            options = ["--db", "{db}", "-q"] if command == "ingest" else ["--format", "jsonl"]
            argv = [command, *options, *paths] if paths[0] == "--" else [command, *paths, *options]
            yield Probe("paths", f"{command} {name}", argv, dict(good), good=stored + extra,
                        expect=expect, prepare=prepare, seconds=60)
    for value in ("nan", "inf", "-1", "0", "1e308", "abc"):
        yield Probe("options", f"ingest --max-mb {value}",
                    ["ingest", "{dir}", "--db", "{db}", "--max-mb", value], dict(good),
                    expect="fail" if value != "1e308" else "any")


def database_probes() -> Iterator[Probe]:
    """Every command on every kind of broken database, and unusable database URLs."""

    def write(data: bytes) -> Callable[[Path], None]:
        return lambda d: (d / "q.db").write_bytes(data)

    def damaged(how: str) -> Callable[[Path], None]:
        def make(d: Path) -> None:
            shutil.copy(filled_db(), d / "q.db")
            raw = bytearray((d / "q.db").read_bytes())
            if how == "truncated":
                raw = raw[: len(raw) // 3]
            elif how == "header":
                raw[:16] = b"NOT A DATABASE!!"
            elif how == "pages":
                rng = random.Random(3)
                for at in range(4096, len(raw), 4096 * 3):
                    raw[at + 100: at + 600] = bytes(rng.randrange(256) for _ in range(500))
            elif how == "newer":
                (d / "q.db").write_bytes(raw)
                _sql(d / "q.db", "UPDATE alembic_version SET version_num = '0099'")
                return
            elif how == "foreign":
                (d / "q.db").unlink()
                _sql(d / "q.db", "CREATE TABLE document (id INTEGER PRIMARY KEY, x TEXT)")
                return
            elif how == "no_version":
                (d / "q.db").write_bytes(raw)
                _sql(d / "q.db", "DROP TABLE alembic_version")
                return
            (d / "q.db").write_bytes(bytes(raw))
        return make

    kinds: list[tuple[str, Callable[[Path], None] | None, str]] = [
        ("a text file", write(b"these are my notes\n" * 100), "{dir}/q.db"),
        ("random bytes", write(bytes(random.Random(5).randrange(256) for _ in range(8192))),
         "{dir}/q.db"),
        ("truncated", damaged("truncated"), "{dir}/q.db"),
        ("bad header", damaged("header"), "{dir}/q.db"),
        ("corrupted pages", damaged("pages"), "{dir}/q.db"),
        ("newer revision", damaged("newer"), "{dir}/q.db"),
        ("not quotes's tables", damaged("foreign"), "{dir}/q.db"),
        ("no alembic_version", damaged("no_version"), "{dir}/q.db"),
        ("a directory", lambda d: (d / "q.db").mkdir(), "{dir}/q.db"),
        ("in a missing directory", None, "{dir}/no/such/dir/q.db"),
        ("missing file", None, "{dir}/missing.db"),
        ("sqlite URL to nowhere", None, "sqlite:////nonexistent/dir/q.db"),
        ("unreachable PostgreSQL", None, "postgresql://quotes@127.0.0.1:1/quotes"),
        ("postgres:// unreachable", None, "postgres://quotes@127.0.0.1:1/quotes"),
        ("mysql URL", None, "mysql://user@127.0.0.1/quotes"),
        ("unknown scheme", None, "foo://bar"),
        ("junk URL", None, "::::"),
    ]
    commands: list[tuple[str, list[str]]] = [
        ("said", ["said", "Keir Starmer"]), ("search", ["search", "homes"]),
        ("show", ["show", "1"]), ("export", ["export", "--format", "json"]),
        ("audit", ["audit"]), ("stats", ["stats"]), ("people", ["people"]),
        ("verify", ["verify", "We will build the homes"]),
        ("fix", ["fix", "1", "--suppress"]),
        ("ingest", ["ingest", "{dir}/good.txt", "-q"]),
    ]
    for kind, prepare, target in kinds:
        for name, argv in commands:
            creates = name == "ingest" and kind in ("missing file",)
            yield Probe("databases", f"{name} on {kind}", [*argv, "--db", target],
                        {"good.txt": GOOD_A.encode()}, prepare=prepare,
                        expect="ok" if creates else "fail", good=0, db="keep", seconds=60)
    yield Probe("databases", "QUOTES_DB is junk", ["stats"], env={"QUOTES_DB": "::::"}, db="keep")
    yield Probe("databases", "QUOTES_DB is a directory", ["stats"], env={"QUOTES_DB": "/tmp"},
                db="keep")


def option_probes() -> Iterator[Probe]:
    cases = [
        ["said", "Keir Starmer", "--limit", "99999999999999999999"],
        ["said", "Keir Starmer", "--limit", "-1"],
        ["search", "homes", "--limit", "1e3"],
        ["show", "99999999999999999999"], ["show", "-1"], ["show", "abc"], ["show", "0"],
        ["said", "Keir Starmer", "--since", "2020-13-45"],
        ["said", "Keir Starmer", "--since", "yesterday-ish"],
        ["said", "Keir Starmer", "--until", "0000-00-00"],
        ["said", "", ], ["said", " " * 10],
        ["said", "x" * 100_000],
        ["said", "Keir Starmer", "--format", "yaml"],
        ["said", "Keir Starmer", "--kind", "shouted"],
        ["audit", "--fail-on", "everything"],
        ["audit", "--document", "99999999999999999999"],
        ["export", "--format", "xml"], ["export", "--limit", "-5"],
        ["export", "-o", "/nonexistent/dir/out.csv"],
        ["said", "Keir Starmer", "-o", "/proc/version"],
        ["search", "homes", "--output", "{dir}"],
        ["fix", "1", "--speaker", "Nobody At All"],
        ["fix", "99999999999999999999", "--suppress"],
        ["extract", "--model", "zz", "{dir}"],
        ["extract", "--model", "blank:zz", "{dir}"],
        ["ingest", "{dir}", "--jobs", "0"], ["ingest", "{dir}", "--jobs", "100000"],
        ["ingest", "{dir}", "--batch", "0"],
        ["ingest", "{dir}", "--published", "not a date"],
        ["ingest", "{dir}", "--ray", "auto"],
        ["nonsense-command"], ["said"], ["search", "--limit"],
    ]
    for argv in cases:
        expect = "any" if argv[:1] == ["said"] and len(argv[-1]) > 50 else "fail"
        database = [] if argv[0] in ("extract", "nonsense-command") else ["--db", "{db}"]
        yield Probe("options", " ".join(a[:30] for a in argv), [*argv, *database],
                    {"good.txt": GOOD_A.encode()}, expect=expect, db="filled", seconds=60)


def search_probes(backend: str) -> Iterator[Probe]:
    queries: list[tuple[str, str]] = [
        ("12,000 characters", "homes " * 2000),
        ("1,000 nested brackets", "(" * 1000 + "a" + ")" * 1000),
        ("21 nested brackets", "(" * 21 + "homes" + ")" * 21),
        ("unbalanced quote", '"cost of'), ("open brackets", "((("), ("close brackets", ")))"),
        ("AND alone", "AND"), ("OR OR", "OR OR"), ("NOT alone", "NOT"), ("star", "*"),
        ("two stars", "**"), ("star inside", "ho*es"), ("quoted star", '"*"'), ("caret", "^homes"),
        ("column filter", "text:homes"), ("NEAR", "NEAR(homes build)"), ("braces", "{homes build}"),
        ("empty", ""), ("spaces", "   "), ("emoji", "\U0001f600"), ("apostrophe", "'"),
        ("SQL comment", "homes --"), ("SQL injection", "'; DROP TABLE quote; --"),
        ("percent", "%"), ("underscore", "_"), ("101 words", " ".join(["homes"] * 101)),
        ("1,000 ORs", " OR ".join(["homes"] * 1000)), ("a year", "2024"),
        ("hyphenated", "cost-of-living"), ("minus", "-homes"), ("plus", "+homes"),
        ("colon only", ":"), ("backslash", "\\"), ("NUL", "a\x00b"),
        ("RTL", "نعم"), ("combining", "e\u0301"), ("prefix of one letter", "h*"),
        ("NOT first", "NOT homes"), ("OR NOT", "homes OR NOT plan"),
    ]
    for name, query in queries:
        if "\x00" in query:  # an argument cannot hold NUL; pass it through the environment
            continue
        yield Probe(f"search ({backend})", name, ["search", query, "--db", "{db}", "-f", "json"],
                    expect="any", db="filled" if backend == "sqlite" else "pg", seconds=60)


def interrupt_probes() -> Iterator[Probe]:
    files = {f"{i:03d}.txt": (p.read_text() + f"\n\nRef {i}.\n").encode()
             for i, p in enumerate(FIXTURES * 3)}
    for sig, after in ((signal.SIGINT, 3.0), (signal.SIGINT, 6.0), (signal.SIGTERM, 4.0),
                       (signal.SIGKILL, 5.0), (signal.SIGKILL, 8.0)):
        for jobs in ("1", "2"):
            yield Probe("killed", f"ingest -j {jobs}, {sig.name} at {after:.0f} s",
                        ["ingest", "{dir}", "--db", "{db}", "-q", "-j", jobs], files,
                        good=len(files), expect="any", interrupt=(sig, after), seconds=300)


def csv_probes() -> Iterator[Probe]:
    text = (b'"=HYPERLINK(""http://evil.example"",""click"") is the plan," Keir Starmer said.\n\n'
            b'"+44 is our code, -1 is not, @home we stay," Rishi Sunak said.\n')

    def ingest_it(d: Path) -> None:
        subprocess.run([*QUOTES, "ingest", str(d / "evil.txt"), "--db", str(d / "q.db"), "-q"],
                       check=True, capture_output=True)

    for argv in (["export", "--format", "csv"], ["said", "Keir Starmer", "-f", "csv"],
                 ["search", "plan", "-f", "csv"], ["audit", "-f", "csv"]):
        yield Probe("csv", " ".join(argv), [*argv, "--db", "{dir}/q.db"], {"evil.txt": text},
                    expect="ok", db="keep", prepare=ingest_it)


# ---------------------------------------------------------------- running


_FILLED: list[Path] = []


def filled_db() -> Path:
    """A SQLite database of the fixture articles, made once."""
    if not _FILLED:
        path = Path(tempfile.mkdtemp(prefix="probe-filled-")) / "filled.db"
        subprocess.run([*QUOTES, "ingest", *map(str, FIXTURES), "--db", str(path), "-q"],
                       check=True, capture_output=True)
        _FILLED.append(path)
    return _FILLED[0]


def _sql(path: Path, statement: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(statement)


def _count(path: Path, table: str) -> int | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return None


def _bad_spans(path: Path) -> int:
    """Stored quotations and claims whose offsets do not give their text back."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return sum(connection.execute(
            f"SELECT count(*) FROM {table} t JOIN document d ON d.id = t.document_id "
            "WHERE substr(d.text, t.start + 1, t.\"end\" - t.start) != t.text").fetchone()[0]
            for table in ("quote", "claim"))


def _integrity(path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


def run(probe: Probe, pg_url: str | None) -> Outcome:
    """Run one probe in a directory of its own and judge its outcome."""
    with tempfile.TemporaryDirectory(prefix="probe-") as workdir:
        root = Path(workdir)
        inputs = root / "in"
        inputs.mkdir()
        for name, data in probe.files.items():
            (inputs / name).write_bytes(data)
        db = root / "q.db"
        if probe.db == "filled":
            shutil.copy(filled_db(), db)
        target = pg_url if probe.db == "pg" and pg_url else str(db)
        if probe.prepare:
            probe.prepare(inputs)
        fill = {"{db}": target, "{dir}": str(inputs)}
        argv = [_fill(arg, fill) for arg in probe.argv]
        failures: list[str] = []
        status, stdout, stderr = _execute(argv, probe, root)
        if status is None:
            failures.append("hang")
        if "Traceback (most recent call last)" in stderr or "─ Traceback " in stderr:
            failures.append("traceback")
        if probe.interrupt is None and status is not None:
            if probe.expect == "fail" and status == 0:
                failures.append("wrong exit")
            if probe.expect == "ok" and status != 0:
                failures.append("wrong exit")
            if status not in (0, 3) and not stderr.strip():
                failures.append("silent")
        command = probe.argv[0]
        if command == "ingest" and probe.db == "fresh" and status is not None:
            if probe.interrupt:  # carry on after the kill: the run must end complete
                status, _, more = _execute(argv, replace(probe, interrupt=None), root)
                stderr += more
            stored = _count(db, "document") or 0
            if stored < probe.good:
                failures.append("lost")
            if db.exists():
                if not _integrity(db):
                    failures.append("broken db")
                elif _bad_spans(db):
                    failures.append("spans")
                if probe.rerun or probe.interrupt:
                    rows = [_count(db, t) for t in ("document", "quote", "claim")]
                    _execute(argv, replace(probe, interrupt=None), root)
                    if [_count(db, t) for t in ("document", "quote", "claim")] != rows:
                        failures.append("rerun")
        if command == "extract" and status is not None:
            sources = _records(stdout)
            if len(sources) < probe.good:
                failures.append("lost")
            if _extract_bad_spans(sources):
                failures.append("spans")
        if probe.category == "csv" and status == 0 and _live_formula(stdout):
            failures.append("wrong exit")
        return Outcome(probe, status, stderr, failures)


def _records(stdout: str) -> list[dict]:
    """The JSON Lines records printed (split on newlines only: U+2028 may be inside)."""
    records = []
    for line in stdout.split("\n"):
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # a blank line, or the end of a killed run
    return records


def _judged(probe: Probe, pg_url: str | None) -> Outcome:
    """``run``, with a fault of this harness reported as the probe's, not raised."""
    try:
        return run(probe, pg_url)
    except Exception as error:  # noqa: BLE001
        return Outcome(probe, None, f"harness: {type(error).__name__}: {error}", ["harness"])


def _fill(arg: str, fill: dict[str, str]) -> str:
    for key, value in fill.items():
        arg = arg.replace(key, value)
    return arg


def _execute(argv: list[str], probe: Probe, root: Path) -> tuple[int | None, str, str]:
    env = {**os.environ, "QUOTES_DB": str(root / "unused.db"), "COLUMNS": "120", **probe.env}
    process = subprocess.Popen([*QUOTES, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, env=env, cwd=root)
    if probe.interrupt:
        sig, after = probe.interrupt
        try:
            process.wait(after)
        except subprocess.TimeoutExpired:
            process.send_signal(sig)
    try:
        out, err = process.communicate(timeout=probe.seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        return None, out.decode(errors="replace"), err.decode(errors="replace")
    return process.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def _extract_bad_spans(records: list[dict]) -> int:
    """Quotations whose offsets do not give their text back. Offsets are into the text
    the tool reads from a file (decoded, a BOM dropped; an HTML page's article text;
    README, "Files and records"), the text `ingest` stores: read here by the same reader."""
    from quotes.reader import Document, read_documents

    bad = 0
    for record in records:
        path = record.get("source", "")
        if not Path(path).is_file():
            continue  # a JSON Lines record (by its id): the text is the record's own
        [document] = read_documents([path], "auto")
        assert isinstance(document, Document), document  # it was extracted, so it was read
        text = document.text
        bad += sum(text[q["start"]:q["end"]] != q["text"] for q in record.get("quotes", []))
    return bad


def _live_formula(csv_text: str) -> bool:
    import csv
    import io

    return any(cell[:1] in "=+-@" and cell[:1] for row in csv.reader(io.StringIO(csv_text))
               for cell in row)


def probes(pg_url: str | None) -> list[Probe]:
    every = [*file_probes(), *path_probes(), *database_probes(), *option_probes(),
             *search_probes("sqlite"), *interrupt_probes(), *csv_probes()]
    if pg_url:
        every.extend(search_probes("postgresql"))
    return every


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="probes run at once")
    parser.add_argument("--only", help="run one category (e.g. files, jsonl, databases)")
    parser.add_argument("--failures", action="store_true", help="print each failing probe")
    args = parser.parse_args()
    pg_url = os.environ.get(PG_ENV)
    chosen = [p for p in probes(pg_url) if not args.only or p.category.startswith(args.only)]
    if any(p.db == "pg" for p in chosen) and pg_url:
        subprocess.run([*QUOTES, "ingest", *map(str, FIXTURES), "--db", pg_url, "-q"],
                       capture_output=True)
    filled_db()
    started = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda p: _judged(p, pg_url), chosen))
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        row = table[outcome.probe.category]
        row["probes"] += 1
        row.update(set(outcome.failures))
    print(f"{len(outcomes)} probes in {time.perf_counter() - started:.0f} s\n")
    print("| category | probes | " + " | ".join(KINDS) + " |")
    print("| --- " * (len(KINDS) + 2) + "|")
    for category in [*table, "all"]:
        row = table[category] if category != "all" else sum(table.values(), Counter())
        print(f"| {category} | {row['probes']} | " + " | ".join(str(row[k]) for k in KINDS) + " |")
    if args.failures:
        for outcome in outcomes:
            if outcome.failures:
                print(f"\n## {outcome.probe.category}: {outcome.probe.name}: "
                      f"{', '.join(outcome.failures)} (exit {outcome.status})")
                print(outcome.stderr.strip()[-1500:])
    sys.exit(1 if any(o.failures for o in outcomes) else 0)


if __name__ == "__main__":
    main()
