"""`quotes ingest --ray ADDRESS`: extraction on a Ray cluster, written to PostgreSQL.

The driver (the command) reads the inputs and skips the texts already stored, exactly as
a one-machine ingest does (quotes.ingest.fresh_documents), and streams the rest in
batches to a pool of Ray actors. Each actor loads the pipeline once
(quotes.ingest.prepare) and stores each batch it is given with quotes.ingest.store, the
one writer of documents: one transaction per batch, straight from the worker to the
database. Nothing else is written by the driver. The actors are spread over as many nodes
as Ray can (its SPREAD strategy), and each loads the pipeline on its own node, so every
node needs quotes and the pipeline installed; the driver can be on the head (``auto``,
``HOST:6379``) or anywhere that reaches the head's Ray Client server (``ray://``).

A worker process that dies (killed, out of memory, its node lost) is restarted by Ray,
which runs its unfinished batches again: a batch either committed before the death, and
its documents are then found stored and skipped, or it rolled back and is written anew,
so nothing is lost or stored twice. Two ingests of overlapping inputs (two clusters, or
a cluster and a plain ``quotes ingest``) are kept apart the same way as two plain ones:
the content hash is unique, PostgreSQL writers take turns under an advisory lock, and a
text stored by another writer first is skipped inside the same transaction.

Ray is an optional extra (``pip install 'quotes[ray]'``); it is imported only here.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stdout
from itertools import chain, islice
from typing import Any, NamedTuple

from quotes.errors import ClusterError, QuotesError
from quotes.ingest import IngestReport, fresh_documents, prepare, store
from quotes.reader import Document
from quotes.store.db import get_engine

LOCAL = "local"  # --ray local: start a cluster on this machine for the run
RETRIES = 3  # restarts of a dead worker, and runs of a batch whose worker died
IN_FLIGHT = 2  # batches queued on each worker, so none waits for the driver
CONNECT_SECONDS = 5.0
GCS_PORT, CLIENT_PORT = 6379, 10001
# Ray Client: the head starts a server for each session, which can die as it is forked
# ("Initialization failure from server", ray-project/ray#63202); the next session's lives
CLIENT_TRIES = 3
COUNTS = ("added", "updated", "unchanged", "quotes", "claims")
# Ray's default fills a node to half its CPUs before it uses another; extraction is CPU-
# and memory-bound, so over as many nodes as Ray can
SCHEDULING = "SPREAD"


class Placement(NamedTuple):
    """Where one worker runs: its Ray node (id and address) and process."""

    node_id: str
    node_ip: str
    pid: int


class IngestWorker:
    """One Ray actor: loads the pipeline once, then stores the batches it is given."""

    def __init__(self, url: str, model: str, defaults: dict, time_limit: float | None = None
                 ) -> None:
        self.url, self.defaults, self.time_limit = url, defaults, time_limit
        self.error: str | None = None
        try:
            self.nlp, self.registry = prepare(model, url)
        except QuotesError as error:
            self.error = str(error)

    def ready(self) -> tuple[Placement, str | None]:
        """Where this worker runs, and the reason it cannot work, if any."""
        import ray

        context = ray.get_runtime_context()
        here = Placement(context.get_node_id(), ray.util.get_node_ip_address(), os.getpid())
        return here, self.error

    def run(self, documents: list[Document]) -> IngestReport:
        """Extract and store one batch in one transaction (quotes.ingest.store)."""
        if self.error:
            raise ClusterError(self.error)
        report = IngestReport()
        store(documents, self.url, self.nlp, self.registry, self.defaults, report,
              batch_size=len(documents), time_limit=self.time_limit)
        return report


def require_postgres(url: str) -> None:
    if not url.startswith("postgresql"):
        raise ClusterError("--ray needs a PostgreSQL database that every worker can reach: "
                           "give --db postgresql://user:pass@host/name (or $QUOTES_DB); "
                           "SQLite stays for ingest on one machine")


def ingest_on_ray(
    sources: list[str],
    url: str,
    address: str,
    workers: int,
    model: str | None = None,
    defaults: dict | None = None,
    batch_size: int = 32,
    max_mb: float = 20.0,
    on_document: Callable[[str], None] | None = None,
    time_limit: float | None = None,
    on_workers: Callable[[list[Placement]], None] | None = None,
) -> IngestReport:
    """Ingest ``sources`` into the PostgreSQL database at ``url`` with ``workers`` Ray
    actors on the cluster at ``address`` (``auto``, ``HOST:PORT``, ``ray://HOST:PORT``,
    or ``local`` to start one on this machine for the run). ``time_limit``: as in
    :func:`quotes.extract.extract`, where the worker runs batches in its main thread.
    ``on_workers`` is told where the workers run once all have loaded the pipeline."""
    from quotes.nlp.pipeline import model_name

    require_postgres(url)
    ray = _import_ray()
    get_engine(url)  # reachable, and migrated once here rather than by every worker
    report = IngestReport()
    defaults = defaults or {}
    fresh = fresh_documents(sources, url, defaults, report, max_mb, on_document)
    first = next(fresh, None)
    if first is None:  # nothing new: no cluster needed
        return report
    with _connected(ray, address, workers):
        pool, placements = _start_workers(ray, workers, url, model_name(model), defaults,
                                          time_limit)
        if on_workers:
            on_workers(placements)
        try:
            _run(ray, pool, _batches(chain([first], fresh), batch_size), report, on_document,
                 lambda: _worker(ray, url, model_name(model), defaults, time_limit))
        finally:
            for actor in pool:
                ray.kill(actor)
    return report


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ClusterError("--ray needs Ray, an optional extra: pip install 'quotes[ray]'"
                           ) from None
    return ray


def _worker(ray: Any, url: str, model: str, defaults: dict, time_limit: float | None) -> Any:
    actor = ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES,
                       scheduling_strategy=SCHEDULING)(IngestWorker)
    return actor.remote(url, model, defaults, time_limit)


def _start_workers(ray: Any, workers: int, url: str, model: str, defaults: dict,
                   time_limit: float | None) -> tuple[list, list[Placement]]:
    """``workers`` actors that have each loaded the pipeline, and where they run."""
    cpus = ray.cluster_resources().get("CPU", 0)
    if cpus < workers:
        raise ClusterError(f"the Ray cluster has {cpus:g} CPUs for {workers} workers; give "
                           f"-j {int(cpus)} or fewer, or add nodes")
    pool = [_worker(ray, url, model, defaults, time_limit) for _ in range(workers)]
    try:
        states = ray.get([actor.ready.remote() for actor in pool])
    except ray.exceptions.RayError as error:
        for actor in pool:
            ray.kill(actor)
        raise ClusterError(f"the Ray workers could not start ({_first_line(error)}); every "
                           "node needs quotes installed: pip install 'quotes[ray]'") from None
    for _where, problem in states:
        if problem:
            for actor in pool:
                ray.kill(actor)
            raise ClusterError(problem)
    return pool, [where for where, _problem in states]


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def _run(ray: Any, pool: list, batches: Iterator[list[Document]], report: IngestReport,
         on_document: Callable[[str], None] | None, replacement: Callable[[], Any]) -> None:
    """Keep every worker busy with IN_FLIGHT batches and add up what each stored."""
    idle = [actor for actor in pool for _ in range(IN_FLIGHT)]
    running: dict[Any, tuple[Any, list[Document]]] = {}
    replaced: dict[Any, Any] = {}  # a worker that is dead for good -> the one in its place

    def collect() -> None:
        [ref], _ = ray.wait(list(running), num_returns=1)
        actor, batch = running.pop(ref)
        try:
            done: IngestReport = ray.get(ref)
        except ray.exceptions.RayTaskError as error:
            cause = getattr(error, "cause", None)
            if isinstance(cause, QuotesError):
                raise type(cause)(str(cause)) from None
            raise ClusterError(f"a Ray worker failed on {batch[0].source} and "
                               f"{len(batch) - 1} more ({_first_line(cause or error)}); "
                               "please report this input") from None
        except ray.exceptions.RayActorError as error:  # dead, RETRIES restarts used up
            report.failed.extend(
                f"{document.source}: not stored: its Ray worker died for good, restarted "
                f"{RETRIES} times ({_first_line(error)}); the other batches are stored; run "
                "the command again to retry" for document in batch)
            if actor not in replaced:
                ray.kill(actor)
                replaced[actor] = replacement()
                pool.append(replaced[actor])
        else:
            for key in COUNTS:
                setattr(report, key, getattr(report, key) + getattr(done, key))
            report.failed.extend(done.failed)
            report.warnings.extend(done.warnings)
        idle.append(actor)
        if on_document:
            for document in batch:
                on_document(document.source)

    for batch in batches:
        if not idle:
            collect()
        actor = idle.pop(0)
        while actor in replaced:
            actor = replaced[actor]
        running[actor.run.remote(batch)] = (actor, batch)
    while running:
        collect()


@contextmanager
def _connected(ray: Any, address: str, workers: int) -> Iterator[None]:
    """Connected to the cluster at ``address`` (or a local one started for the run)
    until the block ends; the actors made meanwhile belong to this run and end with it."""
    options: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    client = address.startswith("ray://")
    if address == LOCAL:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        options.update(num_cpus=workers, include_dashboard=False)
        where = "a local Ray cluster"
    else:
        _check_reachable(address)
        options["address"] = address
        where = f"the Ray cluster at {address}"
    try:
        _init(ray, options, CLIENT_TRIES if client else 1)
    except (ConnectionError, RuntimeError, ValueError, OSError) as error:
        problem = _first_line(error)
        if client and "connection timeout" in problem:
            # it listens (_check_reachable): Ray Client reports a refused token so
            raise ClusterError(
                f"cannot connect to {where} ({problem}); it listens, so check the token: "
                "a cluster with token authentication needs RAY_AUTH_MODE=token and its "
                "token here (RAY_AUTH_TOKEN, RAY_AUTH_TOKEN_PATH or ~/.ray/auth_token)"
            ) from None
        raise ClusterError(f"cannot connect to {where} ({problem}); start one "
                           "with `ray start --head`, give its address (HOST:6379, "
                           "ray://HOST:10001) or use --ray local") from None
    try:
        with redirect_stdout(sys.stderr):  # go to stderr: stdout is the command's output
            yield
    finally:
        ray.shutdown()


def _init(ray: Any, options: dict[str, Any], tries: int) -> None:
    """``ray.init``, tried again (``tries`` in all) when Ray Client's session server
    died as it started: ray.init has disconnected, so the next try is a new session."""
    for attempt in range(1, tries + 1):
        try:
            # Ray's messages ("(raylet) A worker died ...") to stderr; its warning of a
            # Ray Client timeout is left to the command's one line, which says what to check
            with redirect_stdout(sys.stderr), warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Ray Client connection timed out")
                ray.init(**options)
            return
        except ConnectionAbortedError:  # "Initialization failure from server"
            if attempt == tries:
                raise


def _check_reachable(address: str) -> None:
    """Refuse an address nobody listens on at once: Ray itself retries for minutes."""
    if address == "auto":
        return
    client = address.startswith("ray://")
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        host, port = address.removeprefix("ray://"), str(CLIENT_PORT if client else GCS_PORT)
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ClusterError(f"cannot reach the Ray cluster at {address} ({reason}); check that "
                           "`ray start --head` runs there and the address is HOST:6379 (or "
                           "ray://HOST:10001), or use --ray local") from None


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return (lines[0] if lines else type(error).__name__)[:160]
