"""Killed and concurrent `quotes ingest` processes (issue 10): the real command in
subprocesses, on SQLite and PostgreSQL. The blank pipeline keeps them quick; what is
tested is storage, which is the same whatever the model."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

QUOTES = [str(Path(sys.executable).with_name("quotes"))]  # the installed command
ENV = {**os.environ, "QUOTES_SPACY_MODEL": "blank:en"}


def run_quotes(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*QUOTES, *args], capture_output=True, text=True, env=ENV,
                          timeout=timeout)


def start_quotes(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*QUOTES, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=ENV, start_new_session=True)


def articles(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"a{i:03}.txt"
        path.write_text(f'Keir Starmer said: "We will build {i} homes in every town."\n\n'
                        f'"Prices rose by {i} per cent," Rishi Sunak said.\n' * 3)
        paths.append(str(path))
    return paths


def rows(url: str) -> tuple[set[str], Counter]:
    """Stored documents, and their quotations as (document sha256, span, kind, speaker)."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if "document" not in tables:  # killed before its first migration committed:
            assert "alembic_version" not in tables  # then nothing at all is there
            return set(), Counter()
        documents = {sha for (sha,) in connection.execute(text("SELECT sha256 FROM document"))}
        quotes = Counter(tuple(row) for row in connection.execute(text(
            'SELECT d.sha256, q.start, q."end", q.kind, q.text, q.speaker '
            "FROM quote q JOIN document d ON d.id = q.document_id")))
    engine.dispose()
    return documents, quotes


@pytest.fixture
def second_url(request, db_url, tmp_path):
    """Another empty database on the same backend as ``db_url`` (for the reference)."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'reference.db'}"
    return request.getfixturevalue("pg_clean_url")


@pytest.mark.parametrize("processes, overlap", [(2, True), (4, True), (2, False)])
def test_concurrent_ingests(db_url, second_url, tmp_path, processes: int,
                            overlap: bool) -> None:
    paths = articles(tmp_path / "in", 24)
    if overlap:  # every process gets every file, in its own order
        shares = [random.Random(n).sample(paths, len(paths)) for n in range(processes)]
    else:
        shares = [paths[n::processes] for n in range(processes)]
    workers = [start_quotes("ingest", "--db", db_url, "--batch", "3", *share)
               for share in shares]
    searches = 0
    while any(worker.poll() is None for worker in workers):
        found = run_quotes("search", "homes", "--db", db_url, "--format", "json")
        assert "Traceback" not in found.stderr and "locked" not in found.stderr, found.stderr
        searches += 1
    for worker in workers:
        out, err = worker.communicate()
        assert worker.returncode == 0, err
        assert "Traceback" not in err
    assert searches >= 1
    reference = run_quotes("ingest", "--db", second_url, *paths)
    assert reference.returncode == 0, reference.stderr
    documents, quotes = rows(db_url)
    assert len(documents) == 24
    assert (documents, quotes) == rows(second_url)


def test_sigkill_never_leaves_a_half_written_document(db_url, second_url, tmp_path) -> None:
    paths = articles(tmp_path / "in", 100)
    reference = run_quotes("ingest", "--db", second_url, *paths)
    assert reference.returncode == 0, reference.stderr
    ref_documents, ref_quotes = rows(second_url)
    by_document = Counter(row[0] for row in ref_quotes.elements())
    chance = random.Random(10)
    kills = 0
    while kills < 10:
        worker = start_quotes("ingest", "--db", db_url, "--batch", "2", *paths)
        time.sleep(chance.uniform(0.5, 4.0))
        if worker.poll() is not None:  # finished first: nothing left to kill
            worker.communicate()
            break
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        kills += 1
        documents, quotes = rows(db_url)  # it opens, and every document is whole
        stored = Counter(row[0] for row in quotes.elements())
        assert documents <= ref_documents
        assert all(stored[sha] == by_document[sha] for sha in documents)
    assert kills >= 10 or rows(db_url)[0] == ref_documents
    final = run_quotes("ingest", "--db", db_url, *paths)
    assert final.returncode == 0, final.stderr
    assert rows(db_url) == (ref_documents, ref_quotes)
    again = run_quotes("ingest", "--db", db_url, *paths)
    assert again.stdout.startswith("0 added, 0 updated, 100 unchanged")


def test_ctrl_c_with_workers_exits_cleanly(tmp_path) -> None:
    paths = articles(tmp_path / "in", 400)
    db = tmp_path / "c.db"
    worker = start_quotes("ingest", "--db", str(db), "-j", "2", "--batch", "4", *paths)
    deadline = time.time() + 60
    while time.time() < deadline and worker.poll() is None:  # wait for the first batch
        if db.exists() and rows(f"sqlite:///{db}")[0]:
            break
        time.sleep(0.2)
    assert worker.poll() is None, "finished before it could be interrupted"
    os.killpg(worker.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    out, err = worker.communicate(timeout=30)
    assert worker.returncode == 130
    assert "Traceback" not in err and "interrupted:" in err
    documents, quotes = rows(f"sqlite:///{db}")
    assert documents and len(quotes) == 2 * len(documents)  # whole documents only
