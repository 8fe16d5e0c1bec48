"""`quotes ingest --ray` (issue 13): extraction on a Ray cluster, written to PostgreSQL.

The real command in subprocesses against a Ray cluster this module starts: two nodes on
this machine (a head and a second node, 1 CPU each, each its own `ray start` with its own
processes and temp dir, one token), reached at the head's address and through its Ray
Client server (ray://), stopped at the end; and fresh PostgreSQL databases. The rows are
compared with those of a one-process ingest of the same files. Without Ray these tests
skip locally and fail in CI, like the PostgreSQL ones.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest_pg import in_ci
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(str(p) for p in (ROOT / "fixtures" / "articles").glob("*.txt"))
BIN = Path(sys.executable).parent
QUOTES, RAY = str(BIN / "quotes"), str(BIN / "ray")
SUMMARY = re.compile(r"(\d+) added, (\d+) updated, (\d+) unchanged, (\d+) failed")
PLACED = re.compile(r"^ray: (\d+) workers? on (\d+) nodes?: (.+)$", re.MULTILINE)
ON_NODE = re.compile(r"node ([0-9a-f]+) \(([^)]+)\) pid ([\d, ]+)")


def need_ray() -> None:
    try:
        import ray  # noqa: F401
    except ImportError:
        message = "Ray is not installed (pip install -e '.[dev]' installs it; make install does)"
        if in_ci():
            pytest.fail(f"Ray tests are never skipped in CI, but {message}", pytrace=False)
        pytest.skip(message)


@dataclass
class Node:
    """One node of the test cluster: its `ray start --block` process (stopping it stops
    the node), Ray's id for the node and the node's temp dir."""

    process: subprocess.Popen
    node_id: str
    temp: Path

    @property
    def pid(self) -> int:
        return self.process.pid


@dataclass
class Head:
    address: str  # HOST:PORT of the head
    client: str  # ray://HOST:PORT, the head's Ray Client server
    env: dict[str, str]
    nodes: list[Node]  # the head first


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes() -> tuple[dict[int, int], dict[int, list[str]]]:
    """Every process's parent and command line, by process id."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        commands[int(entry.name)] = command
    return parents, commands


def descends(pid: int, ancestor: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        pid = parents.get(pid, 0)
    return False


def start_node(args: list[str], temp: Path, env: dict[str, str]) -> Node:
    """`ray start --block ARGS` with its own temp dir, once its raylet runs."""
    temp.mkdir()
    log = temp.with_suffix(".log")
    with log.open("w") as out:
        process = subprocess.Popen(
            [RAY, "start", "--block", *args, "--disable-usage-stats", f"--temp-dir={temp}",
             "--node-ip-address=127.0.0.1"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.time() + 120
        while "Ray runtime started" not in log.read_text():
            if process.poll() is not None or time.time() > deadline:
                pytest.fail(f"ray start {' '.join(args)} failed:\n{log.read_text()[-2000:]}",
                            pytrace=False)
            time.sleep(0.5)
        parents, commands = processes()
        [node_id] = [arg.removeprefix("--node_id=") for pid, command in commands.items()
                     if command[0].endswith("/raylet") and descends(pid, process.pid, parents)
                     for arg in command if arg.startswith("--node_id=")]
    except BaseException:
        stop(process)
        raise
    return Node(process, node_id, temp)


def stop(process: subprocess.Popen) -> None:
    """Stop a `ray start --block` process, and with it its node."""
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def ray_head() -> Iterator[Head]:
    """A Ray cluster of this module's own, two nodes on this machine: a head with 1 CPU
    and its Ray Client server, and a second node with 1 CPU joined to it, each started by
    `ray start --block` with its own temp dir; a token of their own, which the commands
    are given."""
    need_ray()
    temp = Path(tempfile.mkdtemp(prefix="qray", dir="/tmp"))  # short: socket paths
    token = temp / "token"
    token.write_text(uuid.uuid4().hex)
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token),
           "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("QUOTES_SPACY_MODEL", None)
    port, client = free_port(), free_port()
    nodes: list[Node] = []
    try:
        nodes.append(start_node(
            ["--head", f"--port={port}", "--num-cpus=1", "--include-dashboard=false",
             f"--ray-client-server-port={client}"], temp / "head", env))
        nodes.append(start_node([f"--address=127.0.0.1:{port}", "--num-cpus=1"],
                                temp / "node", env))
        yield Head(f"127.0.0.1:{port}", f"ray://127.0.0.1:{client}", env, nodes)
    finally:
        for node in reversed(nodes):  # the second node, then the head
            stop(node.process)
        shutil.rmtree(temp, ignore_errors=True)


def run_quotes(env: dict[str, str], *args: str, timeout: float = 300
               ) -> subprocess.CompletedProcess:
    return subprocess.run([QUOTES, *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def start_quotes(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([QUOTES, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)


def summary(output: str) -> tuple[int, ...]:
    found = SUMMARY.search(output)
    assert found, output
    return tuple(int(n) for n in found.groups())


def content(url: str) -> dict[str, Counter]:
    """Every stored row, with ids replaced by what they point at (documents by SHA-256,
    people by key and registry id), so two databases filled in any order compare."""
    queries = {
        "documents": "SELECT sha256, source, outlet, title, url, author, published "
                     "FROM document",
        "quotes": 'SELECT d.sha256, q.start, q."end", q.text, q.words, q.parts, q.kind, '
                  "q.speaker, p.key, p.registry_id, q.mention_start, q.mention_end, "
                  "q.mention_text, q.cue_start, q.cue_end, q.cue_text, q.confidence, "
                  "q.method, q.role, q.role_source, q.party, q.words_key, q.published "
                  "FROM quote q JOIN document d ON d.id = q.document_id "
                  "LEFT JOIN person p ON p.id = q.speaker_id",
        "claims": 'SELECT d.sha256, c.start, c."end", c.text, c.type, c.score, c.source, '
                  'c.source_kind, q.start, q."end", p.key FROM claim c '
                  "JOIN document d ON d.id = c.document_id "
                  "LEFT JOIN quote q ON q.id = c.quote_id "
                  "LEFT JOIN person p ON p.id = c.source_person_id",
        "people": "SELECT name, key, registry_id, party, gender, politician, ids FROM person",
        "aliases": "SELECT p.key, p.registry_id, a.alias, a.key FROM alias a "
                   "JOIN person p ON p.id = a.person_id",
        "roles": 'SELECT p.key, p.registry_id, r.title, r.organisation, r.party, r.start, '
                 'r."end", r.source, d.sha256, r.evidence_start, r.evidence_end FROM role r '
                 "JOIN person p ON p.id = r.person_id "
                 "LEFT JOIN document d ON d.id = r.document_id",
    }
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if "document" not in inspect(connection).get_table_names():
                return {name: Counter() for name in queries}
            return {name: Counter(tuple(row) for row in connection.execute(text(query)))
                    for name, query in queries.items()}
    finally:
        engine.dispose()


def assert_same_rows(url: str, reference: dict[str, Counter]) -> None:
    """The database at ``url`` holds exactly the reference's rows; a failure names the rows
    on one side only, table by table."""
    rows = content(url)
    differ = {name: {"only here": rows[name] - reference[name],
                     "only in the reference": reference[name] - rows[name]}
              for name in reference if rows[name] != reference[name]}
    assert not differ, differ


def of_documents(rows: dict[str, Counter], shas: set[str]) -> dict[str, Counter]:
    """The documents, quotations and claims of these documents only."""
    return {name: Counter({row: n for row, n in rows[name].items() if row[0] in shas})
            for name in ("documents", "quotes", "claims")}


def ingest_workers(head: Head) -> dict[int, str]:
    """The Ray worker processes of this module's cluster (either node) that hold an ingest
    worker, by process id, with their title ("ray::IngestWorker.run" while storing a
    batch)."""
    parents, commands = processes()
    return {pid: command[0] for pid, command in commands.items()
            if command[0].startswith("ray::IngestWorker")
            and any(descends(pid, node.pid, parents) for node in head.nodes)}


def placed(stderr: str) -> dict[str, list[int]]:
    """The command's line on where its workers ran: process ids by Ray node id."""
    found = PLACED.search(stderr)
    assert found, stderr
    nodes = {node: [int(pid) for pid in pids.split(",")]
             for node, _ip, pids in ON_NODE.findall(found[3])}
    assert sum(map(len, nodes.values())) == int(found[1]) and len(nodes) == int(found[2])
    return nodes


def assert_one_worker_a_node(head: Head, stderr: str) -> None:
    """One worker ran on each node: the node ids the command reports are those of the
    cluster's two raylets, and each process id it names has its Ray log files in the
    temp dir of the node it names, not of the other."""
    nodes = placed(stderr)
    assert set(nodes) == {node.node_id for node in head.nodes}, (nodes, head.nodes)
    for node in head.nodes:
        [pid] = nodes[node.node_id]
        for where in head.nodes:
            logs = list(where.temp.glob(f"session_*/logs/worker-*-{pid}.out"))
            assert bool(logs) == (where is node), (pid, where, logs)


@pytest.fixture(scope="module")
def reference(pg_server) -> Iterator[dict[str, Counter]]:
    """The rows of a one-process `quotes ingest` of the fixture articles."""
    url = pg_server.create_database()
    env = {**os.environ}
    env.pop("QUOTES_SPACY_MODEL", None)
    try:
        done = run_quotes(env, "ingest", "--db", url, *FIXTURES)
        assert done.returncode == 0, done.stderr
        assert summary(done.stdout)[0] == len(FIXTURES)
        rows = content(url)
    finally:
        pg_server.drop_database(url)
    assert len(rows["documents"]) == len(FIXTURES)
    assert sum(rows["quotes"].values()) > 100 and sum(rows["claims"].values()) > 100
    assert sum(1 for row in rows["quotes"] if row[9]) > 20  # speakers linked to the registry
    yield rows


def test_same_rows_as_one_process_on_two_nodes_and_idempotent(ray_head, pg_clean_url,
                                                              reference) -> None:
    done = run_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray", ray_head.address,
                      "-j", "2", "--batch", "3", *FIXTURES)
    assert done.returncode == 0, done.stderr
    assert summary(done.stdout) == (len(FIXTURES), 0, 0, 0)
    assert "Traceback" not in done.stderr
    assert_one_worker_a_node(ray_head, done.stderr)
    assert_same_rows(pg_clean_url, reference)
    again = run_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray",
                       ray_head.address, "-j", "2", *FIXTURES)
    assert again.returncode == 0, again.stderr
    assert summary(again.stdout) == (0, 0, len(FIXTURES), 0)
    assert_same_rows(pg_clean_url, reference)


def test_through_ray_client(ray_head, pg_clean_url, reference) -> None:
    # the driver is a Ray Client (ray://), as on a laptop; the workers on both nodes
    files = FIXTURES[:4]
    done = run_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray", ray_head.client,
                      "-j", "2", "--batch", "1", *files)
    assert done.returncode == 0, done.stderr
    assert summary(done.stdout) == (len(files), 0, 0, 0)
    assert "Traceback" not in done.stderr
    assert_one_worker_a_node(ray_head, done.stderr)
    stored = content(pg_clean_url)
    shas = {row[0] for row in stored["documents"]}
    assert len(shas) == len(files)
    assert of_documents(stored, shas) == of_documents(reference, shas)
    assert not ingest_workers(ray_head)  # the run's workers ended with it


def test_ray_client_without_the_token_is_one_line(ray_head, pg_clean_url) -> None:
    # Ray Client sends the token only with RAY_AUTH_MODE=token; refused, it retries for
    # 30 s and says "connection timeout" (a wrong token too), nothing about the token
    env = {key: value for key, value in ray_head.env.items() if not key.startswith("RAY_AUTH")}
    done = run_quotes(env, "ingest", "--db", pg_clean_url, "--ray", ray_head.client,
                      FIXTURES[0], timeout=180)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: cannot connect to the Ray cluster at {ray_head.client} (ray client connection "
        "timeout); it listens, so check the token: a cluster with token authentication needs "
        "RAY_AUTH_MODE=token and its token here (RAY_AUTH_TOKEN, RAY_AUTH_TOKEN_PATH or "
        "~/.ray/auth_token)"]
    assert not content(pg_clean_url)["documents"]


def test_a_ray_client_session_that_fails_to_start_is_tried_again(monkeypatch) -> None:
    # ray-project/ray#63202: the head's server for a new Ray Client session can die as
    # it starts; the command tries new sessions (CLIENT_TRIES in all) before giving up
    from quotes import cluster
    from quotes.errors import ClusterError

    class FlakyRay:
        def __init__(self, failures: int) -> None:
            self.failures, self.inits, self.shutdowns = failures, 0, 0

        def init(self, **options: object) -> None:
            self.inits += 1
            if self.inits <= self.failures:
                raise ConnectionAbortedError("Initialization failure from server:\n")

        def shutdown(self) -> None:
            self.shutdowns += 1

    def connect(ray: FlakyRay, address: str) -> None:
        with cluster._connected(ray, address, 1):
            pass

    monkeypatch.setattr(cluster, "_check_reachable", lambda address: None)
    flaky = FlakyRay(cluster.CLIENT_TRIES - 1)
    connect(flaky, "ray://127.0.0.1:1")
    assert (flaky.inits, flaky.shutdowns) == (cluster.CLIENT_TRIES, 1)
    broken = FlakyRay(cluster.CLIENT_TRIES)
    with pytest.raises(ClusterError, match=re.escape(
            "cannot connect to the Ray cluster at ray://127.0.0.1:1 (Initialization failure "
            "from server:); start one")):
        connect(broken, "ray://127.0.0.1:1")
    assert broken.inits == cluster.CLIENT_TRIES
    not_client = FlakyRay(1)  # a HOST:PORT driver has no session server: one try
    with pytest.raises(ClusterError):
        connect(not_client, "127.0.0.1:1")
    assert not_client.inits == 1


def test_a_killed_worker_s_batch_is_retried(ray_head, pg_clean_url, reference) -> None:
    ingest = start_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray",
                          ray_head.address, "-j", "2", "--batch", "2", *FIXTURES)
    victim = None
    deadline = time.time() + 180
    while victim is None and time.time() < deadline and ingest.poll() is None:
        busy = [pid for pid, title in ingest_workers(ray_head).items() if ".run" in title]
        if busy:
            victim = busy[0]
            os.kill(victim, signal.SIGKILL)  # mid-batch: extracting or writing
        time.sleep(0.2)
    assert victim is not None, "no worker was seen storing a batch"
    assert ingest.poll() is None, "the ingest ended before the kill"
    out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0, err
    added, _, unchanged, failed = summary(out)
    assert failed == 0 and added + unchanged == len(FIXTURES)
    assert victim not in ingest_workers(ray_head)
    assert_same_rows(pg_clean_url, reference)  # nothing lost, nothing twice


def test_overlapping_ingests_never_store_a_document_twice(ray_head, pg_clean_url, reference
                                                          ) -> None:
    first, second = FIXTURES[:14], FIXTURES[6:]
    on_ray = start_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray",
                          ray_head.address, "-j", "2", "--batch", "2", *first)
    alone = start_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--batch", "2", *second)
    results = [(process, *process.communicate(timeout=300)) for process in (on_ray, alone)]
    for process, _out, err in results:
        assert process.returncode == 0, err
    added = [summary(out)[0] for _process, out, _err in results]
    assert sum(added) == len(FIXTURES), added  # each overlapping text stored by one of them
    assert_same_rows(pg_clean_url, reference)


@pytest.fixture
def ctrl_c_reaches_children() -> Iterator[None]:
    """A command started from here takes Ctrl-C as one started from a terminal does, even
    when pytest itself was started with SIGINT ignored (a background job of a shell),
    which its children would inherit."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_ctrl_c_stops_the_workers_and_leaves_whole_documents(ray_head, pg_clean_url,
                                                             reference) -> None:
    # one worker, one document a batch: the interrupt comes with most batches to go
    ingest = start_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray",
                          ray_head.address, "-j", "1", "--batch", "1", *FIXTURES)
    deadline = time.time() + 180
    while time.time() < deadline and ingest.poll() is None:
        if content(pg_clean_url)["documents"]:  # the first batch is stored
            break
        time.sleep(0.3)
    assert ingest.poll() is None, "finished before it could be interrupted"
    os.killpg(ingest.pid, signal.SIGINT)  # Ctrl-C reaches the command's process group
    out, err = ingest.communicate(timeout=60)
    assert ingest.returncode == 130, (out, err)
    assert "Traceback" not in err and "interrupted:" in err
    stored = content(pg_clean_url)
    shas = {row[0] for row in stored["documents"]}
    assert 0 < len(shas) < len(FIXTURES)
    assert of_documents(stored, shas) == of_documents(reference, shas)  # whole documents
    deadline = time.time() + 60
    while ingest_workers(ray_head) and time.time() < deadline:  # the run's actors end
        time.sleep(0.5)
    assert not ingest_workers(ray_head)
    rest = run_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray", ray_head.address,
                      "-j", "2", *FIXTURES)
    assert rest.returncode == 0, rest.stderr
    assert summary(rest.stdout)[0] == len(FIXTURES) - len(shas)
    assert_same_rows(pg_clean_url, reference)


def test_local_cluster_started_for_the_run(pg_clean_url, reference) -> None:
    need_ray()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("QUOTES_SPACY_MODEL", None)
    env.pop("RAY_ADDRESS", None)
    files = FIXTURES[:2]
    done = run_quotes(env, "ingest", "--db", pg_clean_url, "--ray", "local", *files)
    assert done.returncode == 0, done.stderr
    assert summary(done.stdout) == (2, 0, 0, 0)
    stored = content(pg_clean_url)
    shas = {row[0] for row in stored["documents"]}
    assert len(shas) == 2
    assert of_documents(stored, shas) == of_documents(reference, shas)


@pytest.mark.parametrize("db", ["file", "env"])
def test_ray_needs_postgresql(tmp_path, db: str) -> None:
    path = tmp_path / "quotes.db"
    env = {**os.environ, "QUOTES_DB": str(path)} if db == "env" else {**os.environ}
    args = ["--db", str(path)] if db == "file" else []
    done = run_quotes(env, "ingest", *args, "--ray", "local", FIXTURES[0], timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: --ray needs a PostgreSQL database that every worker can reach: give --db "
        "postgresql://user:pass@host/name (or $QUOTES_DB); SQLite stays for ingest on one "
        "machine"]
    assert not path.exists()


@pytest.mark.parametrize("address", ["127.0.0.1:{port}", "ray://127.0.0.1:{port}"])
def test_unreachable_cluster_is_one_line(pg_clean_url, address: str) -> None:
    need_ray()
    address = address.format(port=free_port())  # nothing listens there
    done = run_quotes({**os.environ}, "ingest", "--db", pg_clean_url, "--ray", address,
                      FIXTURES[0], timeout=60)
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot reach the Ray cluster at {address} (Connection "
                           "refused); check that `ray start --head` runs there"), line
    assert not content(pg_clean_url)["documents"]


def test_without_ray_the_error_says_what_to_install(monkeypatch) -> None:
    from quotes.cluster import ingest_on_ray
    from quotes.errors import ClusterError

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(ClusterError, match=re.escape("pip install 'quotes[ray]'")):
        ingest_on_ray(FIXTURES[:1], "postgresql+psycopg://nobody@127.0.0.1:1/none", "local", 1)


def test_more_workers_than_cpus_is_one_line(ray_head, pg_clean_url) -> None:
    done = run_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray", ray_head.address,
                      "-j", "3", FIXTURES[0], timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [  # 1 CPU on each of its 2 nodes
        "error: the Ray cluster has 2 CPUs for 3 workers; give -j 2 or fewer, or add nodes"]
    assert not content(pg_clean_url)["documents"]


def test_workers_that_cannot_load_the_pipeline_are_one_line(ray_head, pg_clean_url) -> None:
    done = run_quotes(ray_head.env, "ingest", "--db", pg_clean_url, "--ray", ray_head.address,
                      "--model", "blank:zz", FIXTURES[0], timeout=120)
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: spaCy has no language 'zz' for 'blank:zz'"), line
    assert not content(pg_clean_url)["documents"]
    assert not ingest_workers(ray_head)  # the run's workers ended with it
