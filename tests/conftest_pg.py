"""Pytest plugin: throwaway PostgreSQL databases on the server named by QUOTES_TEST_PG_URL.

Enable with ``pytest_plugins = ["conftest_pg"]`` (tests/ is on the pytest pythonpath).

Fixtures (all URLs are SQLAlchemy URL strings, ``postgresql+psycopg://...``):

- ``pg_url`` (session): a database created empty for this test session, dropped at the end.
  Shared by every test in the session, so use it only for read-only checks or for tests that
  clean up after themselves.
- ``pg_clean_url`` (function): a database of its own for one test, created empty and dropped
  after it. Use this for tests that write data.
- ``pg_server`` (session): the server handle behind both (``create_database`` /
  ``drop_database`` / ``database_exists``), for tests that need more than one database.

Databases are named ``quotes_test_<pid>_<random>`` and dropped WITH (FORCE), so connections a
test leaves open do not block the clean-up.

Without a reachable server the fixtures skip the test locally, but fail it when the CI
environment variable is set: in CI the PostgreSQL tests must never be skipped silently.
Start a local server with ``sudo bash .ci/postgres.sh`` (it prints the URL to export).
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

ENV_VAR = "QUOTES_TEST_PG_URL"
EXAMPLE_URL = "postgresql+psycopg://quotes:quotes@127.0.0.1:5432/quotes_test"
HOW_TO_ENABLE = (
    f"run `sudo bash .ci/postgres.sh` and `export {ENV_VAR}=<the URL it prints>` "
    f"(e.g. {EXAMPLE_URL})"
)
DROP_ATTEMPTS = 5
_SAFE_NAME = re.compile(r"^quotes_test_[a-z0-9_]+$")


def in_ci() -> bool:
    """True when the CI environment variable is set (CI=true on every common CI service)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(problem: str) -> NoReturn:
    """Fail (in CI) or skip (elsewhere) the requesting test, with a one-line reason."""
    if in_ci():
        pytest.fail(
            f"PostgreSQL tests are never skipped in CI, but {problem}. "
            f"CI runs .ci/postgres.sh and exports {ENV_VAR} (.ci/run); locally: {HOW_TO_ENABLE}",
            pytrace=False,
        )
    pytest.skip(f"PostgreSQL tests skipped: {problem}; to enable them, {HOW_TO_ENABLE}")


class PgServer:
    """Creates and drops uniquely named databases on the server behind ``base_url``."""

    def __init__(self, base_url: URL) -> None:
        self.base_url = base_url
        self.engine: Engine = create_engine(
            base_url,
            isolation_level="AUTOCOMMIT",  # CREATE/DROP DATABASE cannot run in a transaction
            poolclass=NullPool,
            connect_args={"connect_timeout": 5},
        )

    def check(self) -> str:
        """Connect once; returns the server version (raises DBAPIError if unreachable)."""
        with self.engine.connect() as conn:
            return conn.execute(text("SHOW server_version")).scalar_one()

    def url_for(self, name: str) -> str:
        return self.base_url.set(database=name).render_as_string(hide_password=False)

    def create_database(self) -> str:
        """Create an empty database with a fresh unique name; returns its URL."""
        name = f"quotes_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        with self.engine.connect() as conn:
            # template0 takes no connections, so another session on template1 can never
            # make CREATE DATABASE fail with "source database is being accessed by other users"
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        return self.url_for(name)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database or ""
        if not _SAFE_NAME.match(name):  # only ever drop databases this plugin created
            raise ValueError(f"refusing to drop database {name!r}")
        # FORCE ends our own sessions, but not one of another role (an autovacuum worker
        # that has just started on the new database): that refusal passes in a moment
        for attempt in range(DROP_ATTEMPTS):
            try:
                with self.engine.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except DBAPIError:
                if attempt == DROP_ATTEMPTS - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))

    def database_exists(self, name: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            return found.first() is not None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server from QUOTES_TEST_PG_URL (skip locally / fail in CI if missing)."""
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        _unavailable(f"{ENV_VAR} is not set")
    try:
        url = make_url(raw)
    except ArgumentError as err:  # a malformed URL is a mistake, never a reason to skip
        pytest.fail(f"{ENV_VAR} is not a valid SQLAlchemy URL ({err}): {raw!r}", pytrace=False)
    if url.get_backend_name() != "postgresql":
        pytest.fail(f"{ENV_VAR} must be a postgresql:// URL, got {raw!r}", pytrace=False)
    url = url.set(drivername="postgresql+psycopg")  # psycopg 3, whatever driver was named
    server = PgServer(url)
    try:
        server.check()
    except DBAPIError as err:
        reason = " ".join(str(err.orig or err).split())[:300]
        server.engine.dispose()
        _unavailable(f"cannot connect to {url.render_as_string(hide_password=True)} ({reason})")
    yield server
    server.engine.dispose()


@pytest.fixture(scope="session")
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """URL of an empty database created for this test session (dropped at the end)."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def pg_clean_url(pg_server: PgServer) -> Iterator[str]:
    """URL of an empty database of this test's own (dropped after the test)."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)
