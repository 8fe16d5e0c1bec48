"""Hostile and careless inputs (issue 10): one line on stderr, never a traceback, and
the good documents of the same batch are stored."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from quotes.cli import app
from quotes.reader import Document, read_documents

runner = CliRunner()
GOOD = 'Keir Starmer said: "We will build the homes this country needs."\n'


def ingest(*args: str):
    result = runner.invoke(app, ["ingest", *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def stored_texts(url: str) -> list[str]:
    from sqlmodel import select

    from quotes.store.db import session_scope
    from quotes.store.models import Document

    with session_scope(url) as session:
        return sorted(row.text for row in session.exec(select(Document)))


# --- JSONL and sidecars ----------------------------------------------------------------


def test_jsonl_splits_on_newline_only(tmp_path) -> None:
    line = json.dumps({"doc_id": "u", "text": 'We\u2028will\u2029win\u0085now, she said.'},
                      ensure_ascii=False)
    (tmp_path / "u.jsonl").write_text(line + "\n", encoding="utf-8")
    [document] = read_documents([str(tmp_path / "u.jsonl")], "jsonl")
    assert document.source == "u" and "\u2028" in document.text


@pytest.mark.parametrize("bad, message", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"text": "x", "n": 1' + "0" * 5000 + "}", "over 4300 digits"),
])
def test_bad_jsonl_line_fails_alone(db_url, tmp_path, bad: str, message: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"doc_id": "a", "text": GOOD}), bad,
                               json.dumps({"doc_id": "b", "text": GOOD + " Again."})]) + "\n")
    (tmp_path / "c.txt").write_text("Rishi Sunak said: \"Inflation has halved.\"\n")
    result = ingest("--db", db_url, str(path), str(tmp_path / "c.txt"))
    assert result.exit_code == 1
    assert "batch.jsonl:2: " in result.stderr and message in result.stderr
    assert len(stored_texts(db_url)) == 3


@pytest.mark.parametrize("escape", ["\\ud800", "\\u0000", "\\udfff tail"])
def test_unstorable_characters_become_replacement_chars(db_url, tmp_path, escape) -> None:
    text = f'Ed Davey said: \\"Fix{escape} the NHS now.\\"'
    path = tmp_path / "s.jsonl"
    path.write_text(f'{{"doc_id": "s", "title": "t{escape}", "text": "{text}"}}\n'
                    + json.dumps({"doc_id": "g", "text": GOOD}) + "\n")
    result = ingest("--db", db_url, str(path))
    assert result.exit_code == 0, result.output
    assert "replaced by U+FFFD; offsets are unchanged" in result.stderr
    texts = stored_texts(db_url)
    assert len(texts) == 2
    [odd] = [t for t in texts if "Davey" in t]
    assert len(odd) == len(json.loads(f'"{text}"'))  # one character for one
    assert "\ufffd" in odd


def test_deep_sidecar_is_ignored(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "a.json").write_text("[" * 100_000 + "]" * 100_000)
    [document] = read_documents([str(tmp_path / "a.txt")])
    assert document.meta == {}


def test_file_name_that_is_not_utf8(db_url, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as out:
        out.write(GOOD.encode())
    (folder / "ok.txt").write_text("Rishi Sunak said: \"Inflation has halved.\"\n")
    result = ingest("--db", db_url, str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 added")


# --- refused inputs: the good ones are done, and the exit status is 1 -----------------


REFUSED = {"empty.txt": b"", "blank.txt": b" \n\t\n", "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
           "gzip.txt": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xf3H\xcd\xc9\x00\x00"}


def refused_batch(tmp_path, name: str) -> list[str]:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / name).write_bytes(REFUSED[name])
    (tmp_path / "z.txt").write_text('Rishi Sunak said: "Inflation has halved."\n')
    return [str(tmp_path / n) for n in ("a.txt", name, "z.txt")]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_extract_does_the_good_inputs_and_exits_1_for_a_refused_one(tmp_path, name) -> None:
    result = runner.invoke(app, ["extract", "--format", "jsonl", *refused_batch(tmp_path, name)])
    assert result.exit_code == 1, result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "z.txt")]
    first, summary = result.stderr.strip().splitlines()
    assert first.startswith(f"error: {tmp_path / name}: ")
    assert summary == "error: 1 of 3 inputs refused or failed (see above); the other 2 were " \
        "extracted"


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_ingest_stores_the_good_inputs_and_exits_1_for_a_refused_one(db_url, tmp_path,
                                                                      name) -> None:
    result = ingest("--db", db_url, "-q", *refused_batch(tmp_path, name))
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / name}: empty, nothing to extract" in result.stderr
    assert result.stdout.startswith("2 added, 0 updated, 0 unchanged, 1 failed")
    assert len(stored_texts(db_url)) == 2


def test_jsonl_record_of_blank_text_makes_extract_exit_1(tmp_path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps({"doc_id": d, "text": t})
                              for d, t in (("a", GOOD), ("b", " "), ("c", GOOD + " More."))))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["a", "c"]
    assert f'{path}:2: "text" is empty' in result.stderr


@pytest.mark.parametrize("text", [
    '"No, no, no, no, no," Keir Starmer said.\n',  # five words, each too short to search
    'He said "' + "a\u0301\u0316\u0327" * 2000 + '" today.',  # zalgo: letters under marks
])
def test_quotation_of_one_short_word_repeated_is_stored(db_url, tmp_path, text) -> None:
    (tmp_path / "r.txt").write_text(text)
    (tmp_path / "z.txt").write_text(GOOD)
    for _ in range(2):  # the second time, grouped against the stored copy
        (tmp_path / "r.txt").write_text(text + " Again." * _)
        result = ingest("--db", db_url, "-q", str(tmp_path / "r.txt"), str(tmp_path / "z.txt"))
        assert result.exit_code == 0, result.output
    assert len(stored_texts(db_url)) == 3


# --- extraction ------------------------------------------------------------------------


def test_role_head_whose_the_is_not_a_det() -> None:
    """The cause of the 100,000-word sentence's TypeError: min(x, *()) of no children."""
    import spacy

    from quotes.nlp.people import _role_span_with_det

    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["the", "minister"], heads=[1, 1], deps=["dep", "ROOT"],
              pos=["DET", "NOUN"])
    assert _role_span_with_det(doc[1]).text == "the minister"  # was a TypeError


class _BatchSizes:
    """A component that notes how many Docs each batch it is given holds."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []  # the Docs' lengths, batch by batch

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int = 128):
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            self.batches.append([len(doc.text) for doc in batch])
            yield from batch


SEEN = _BatchSizes()
Language.factory("test_batch_sizes", func=lambda nlp, name: SEEN)


def test_a_long_text_runs_alone_a_few_chunks_at_a_time(monkeypatch) -> None:
    """Sixteen 100,000-character chunks in one batch took 7 GB: a text cut into chunks
    goes through the pipeline CHUNK_BATCH chunks at a time, apart from the others."""
    from quotes import extract as module
    from quotes.nlp.pipeline import load_pipeline

    monkeypatch.setattr(module, "CHUNK_CHARS", 300)
    nlp = load_pipeline.__wrapped__("blank:en")
    nlp.add_pipe("test_batch_sizes", first=True)
    SEEN.batches.clear()
    line = '"We will build the homes," Keir Starmer said.\n'
    documents = [Document("short 1", line), Document("long", line * 60),
                 Document("short 2", line), Document("short 3", line)]
    results = list(module.extract(documents, nlp, batch_size=16))
    assert [r.document.source for r in results] == ["short 1", "long", "short 2", "short 3"]
    [long] = [r for r in results if r.document.source == "long"]
    assert max(q["start"] for q in long.quotes) > 2000  # found in the later chunks too
    assert all(long.document.text[q["start"]:q["end"]] == q["text"] for q in long.quotes)
    chunked = [batch for batch in SEEN.batches if any(n > len(line) for n in batch)]
    assert len(chunked) >= 4 and all(len(batch) <= module.CHUNK_BATCH for batch in chunked)
    assert [len(line)] * 2 in SEEN.batches  # the short ones after it: one batch


@Language.component("test_fails_on_boom")
def _fails_on_boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise RuntimeError("a component failed")
    return doc


@pytest.mark.parametrize("jobs", [1, 2])
def test_extraction_failure_is_isolated(tmp_path, jobs: int) -> None:
    from quotes.ingest import ingest as run
    from quotes.nlp.pipeline import load_pipeline
    from quotes.people.registry import Registry

    nlp = load_pipeline.__wrapped__("blank:en")
    nlp.add_pipe("test_fails_on_boom", first=True)
    paths = []
    for i in range(20):
        path = tmp_path / f"d{i:02}.txt"
        path.write_text(f'Keir Starmer said: "We will build {i} homes."' + (" BOOM" if i == 7
                                                                            else ""))
        paths.append(str(path))
    url = f"sqlite:///{tmp_path / 'x.db'}"
    report = run(paths, url, nlp, Registry([]), n_process=jobs)
    assert report.added == 19
    [failure] = report.failed
    assert failure.startswith(f"{paths[7]}: extraction failed (RuntimeError: a component "
                              "failed)") and "\n" not in failure


@Language.component("test_worker_dies_on_die")
def _worker_dies_on_die(doc: Doc) -> Doc:
    """Stand-in for a worker the system kills (out of memory): only in a worker process,
    so the parent's own run of the same document succeeds."""
    if "DIE" in doc.text and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


def test_a_killed_worker_loses_no_document() -> None:
    from quotes.extract import extract
    from quotes.nlp.pipeline import load_pipeline

    nlp = load_pipeline.__wrapped__("blank:en")
    nlp.add_pipe("test_worker_dies_on_die", first=True)
    documents = [Document(f"d{i}", f'Keir Starmer said: "We will build {i} homes."'
                          + (" DIE" if i == 5 else "")) for i in range(12)]
    failed: list[Document] = []
    results = list(extract(documents, nlp, batch_size=2, n_process=2,
                           on_error=lambda document, _: failed.append(document)))
    assert [r.document.source for r in results] == [f"d{i}" for i in range(12)]
    assert all(len(r.quotes) == 1 for r in results) and not failed


# --- databases -------------------------------------------------------------------------


def _make_db(path) -> None:
    from quotes.store.db import get_engine

    result = ingest("--db", str(path), "fixtures/articles/01_labour_wins_westminster.txt")
    assert result.exit_code == 0, result.output
    get_engine.cache_clear()  # the damage below must be seen as a new process sees it


def _sql(path, statement: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(statement)
    connection.commit()
    connection.close()


@pytest.mark.parametrize("damage, message", [
    ("random", "not a SQLite database"),
    ("truncate", "database file is damaged"),
    ("newer", "made by a newer quotes (schema revision 0099); upgrade"),
    ("foreign", "not a quotes database"),
])
def test_broken_databases_are_one_line(tmp_path, damage: str, message: str) -> None:
    path = tmp_path / "b.db"
    if damage == "random":
        path.write_bytes(os.urandom(5000))
    else:
        _make_db(path)
        _sql(path, "PRAGMA wal_checkpoint(TRUNCATE)")
        if damage == "truncate":
            path.write_bytes(path.read_bytes()[:20000])
        elif damage == "newer":
            _sql(path, "UPDATE alembic_version SET version_num = '0099'")
        else:
            _sql(path, "DROP TABLE alembic_version")
    for command in (["search", "homes"], ["stats"], ["ingest", "fixtures/articles"]):
        result = runner.invoke(app, [*command, "--db", str(path)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert message in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("damage, message", [
    ("text", "not a SQLite database"),
    ("newer", "made by a newer quotes"),
])
def test_ingest_opens_the_database_before_the_pipeline(tmp_path, damage: str,
                                                       message: str) -> None:
    # the pipeline takes seconds to load: a database that cannot be used is reported
    # first (an uninstalled --model shows the order without timing anything)
    path = tmp_path / "b.db"
    if damage == "text":
        path.write_text("these are my notes\n" * 100)
    else:
        _make_db(path)
        _sql(path, "UPDATE alembic_version SET version_num = '0099'")
    result = ingest("--db", str(path), "--model", "no_such_pipeline", "fixtures/articles")
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert len(result.stderr.splitlines()) == 1


def _damage_table(path, table: str) -> None:
    """Break the root page of one table (an invalid b-tree page type), as a bad disk
    block would, leaving the other tables readable."""
    _sql(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    [root] = connection.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?",
                                (table,)).fetchone()
    connection.close()
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * page_size] = 0
    path.write_bytes(bytes(raw))


DAMAGED = "the database file is damaged"
RECOVER = "restore it from a backup or run `sqlite3"


@pytest.mark.parametrize("command", [["said", "Keir Starmer"], ["search", "Conservatives"],
                                     ["show", "1"], ["export", "--format", "json"]])
def test_damage_read_is_one_line_and_exit_1(tmp_path, command: list[str]) -> None:
    path = tmp_path / "d.db"
    _make_db(path)
    _damage_table(path, "quote")
    result = runner.invoke(app, [*command, "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert DAMAGED in result.stderr and RECOVER in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_stats_check_finds_damage_no_command_reads(tmp_path) -> None:
    path = tmp_path / "d.db"
    _make_db(path)
    assert runner.invoke(app, ["stats", "--check", "--db", str(path)]).exit_code == 0
    _damage_table(path, "claim")  # stats counts no claims: only --check reads the page
    result = runner.invoke(app, ["stats", "--check", "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert DAMAGED in result.stderr and RECOVER in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("url, message", [
    ("mysql://u@localhost/db", "mysql is not supported"),
    ("foo://x", "foo is not supported"),
    ("junk:://", "not a database URL"),
    ("postgresql+psycopg2://u@localhost/db", "No module named 'psycopg2'"),
])
def test_unusable_urls_are_one_line(url: str, message: str, monkeypatch) -> None:
    monkeypatch.setenv("QUOTES_DB", url)
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 1 and message in result.stderr, result.output


@pytest.mark.parametrize("value", ["::::", "   ", "-", "postgres:quotes@host/db",
                                   "sqlite:q.db"])
@pytest.mark.parametrize("command", [["stats"], ["ingest", "fixtures/articles"]])
def test_junk_database_value_is_a_usage_error(value: str, command: list[str],
                                              monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # nothing may be created for the junk name either
    result = runner.invoke(app, [*command, "--db", value])
    assert result.exit_code == 2, result.output
    assert f"--db {value!r} is neither a file path nor a database URL" in result.stderr
    monkeypatch.setenv("QUOTES_DB", value)
    result = runner.invoke(app, command)
    assert result.exit_code == 2 and "QUOTES_DB" in result.stderr, result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value, path", [("q.db", "q.db"), ("/tmp/q.db", "/tmp/q.db"),
                                         ("./odd:name.db", "odd:name.db"),
                                         ("C:/data/q.db", "C:/data/q.db")])
def test_database_paths_one_could_mean_are_paths(value: str, path: str) -> None:
    from quotes.store.db import database_url

    assert database_url(value) == f"sqlite:///{path}"


def test_postgres_scheme_means_postgresql(pg_clean_url) -> None:
    from quotes.store.db import database_url

    url = pg_clean_url.replace("postgresql+psycopg://", "postgres://")
    assert database_url(url) == pg_clean_url
    result = runner.invoke(app, ["stats", "--db", url])
    assert result.exit_code == 0, result.output


# --- options ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["said", "Starmer", "--limit", "99999999999999999999"],
    ["search", "homes", "--limit", "99999999999999999999"],
    ["show", "99999999999999999999"],
    ["fix", "99999999999999999999", "--kind", "direct"],
    ["audit", "--document", "99999999999999999999"],
    ["export", "--limit", "99999999999999999999"],
    ["extract", "fixtures/articles", "--max-mb", "nan"],
    ["extract", "fixtures/articles", "--max-mb", "inf"],
    ["ingest", "fixtures/articles", "--max-mb", "0"],
    ["ingest", "fixtures/articles", "--max-mb", "1e308"],
    ["extract", "fixtures/articles", "--max-mb", "1e308"],
])
def test_out_of_range_options_are_usage_errors(tmp_path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "o.db")] if args[0] != "extract"
                           else args)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_blank_pipeline_of_unknown_language() -> None:
    result = runner.invoke(app, ["extract", "fixtures/articles", "--model", "blank:zz"])
    assert result.exit_code == 1 and "spaCy has no language 'zz'" in result.stderr


def test_glob_matching_nothing_is_an_error(tmp_path) -> None:
    result = ingest("--db", str(tmp_path / "g.db"), str(tmp_path / "nothing*.txt"))
    assert result.exit_code == 1 and "no file matches this pattern" in result.stderr


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_directory_of_no_text_files_is_an_error(tmp_path, command: str) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    args = ["--db", str(tmp_path / "e.db")] if command == "ingest" else []
    result = runner.invoke(app, [command, *args, str(folder)])
    assert result.exit_code == 1, result.output
    assert f"{folder}: no .txt, .text, .md, .html, .htm file in this directory" in result.stderr


# --- search ----------------------------------------------------------------------------


@pytest.mark.parametrize("query, message", [
    ("a " * 6000, "12000 characters long"),
    ("(" * 1000 + "a" + ")" * 1000, "characters long"),
    ("(" * 30 + "a" + ")" * 30, "nests 30 brackets deep"),
    ("a " * 200, "more than 100 words"),
])
def test_search_bounds(query: str, message: str) -> None:
    from quotes.errors import SearchSyntaxError
    from quotes.store.search import parse

    with pytest.raises(SearchSyntaxError, match=message):
        parse(query)


@pytest.mark.parametrize("query", ["cost OR " * 99 + "homes", "cost NOT " * 99 + "homes",
                                   "(" * 20 + "homes" + ")" * 20])
def test_long_searches_within_bounds_run(db_url, query: str) -> None:
    result = ingest("--db", db_url, "fixtures/articles/01_labour_wins_westminster.txt")
    assert result.exit_code == 0
    result = runner.invoke(app, ["search", query, "--db", db_url, "--format", "json"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    assert "cannot open" not in result.stderr


# --- CSV -------------------------------------------------------------------------------


def test_audit_csv_neutralises_every_formula_cell(capsys) -> None:
    from quotes import render

    item = {"id": 1, "document": {"id": 2}, "source": "@SUM(A1)", "text": "=HYPERLINK(\"x\")"}
    render.audit_csv({"unsourced_claims": [item], "vague_claims": [],
                      "quotes_without_speaker": [],
                      "unlinked_speakers": [{"speaker": "=HYPERLINK(\"y\")", "quotes": 3}]})
    lines = capsys.readouterr().out.splitlines()[1:]
    assert all("'=HYPERLINK" in line for line in lines)
    assert "'@SUM(A1)" in lines[0]
