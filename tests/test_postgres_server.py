"""The PostgreSQL test server (tests/conftest_pg.py): reachable, with full-text search, and
handing out fresh, separate, empty databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from conftest_pg import PgServer

# Names of every pg_clean_url database seen in this session (each must be new).
_SEEN_CLEAN_DATABASES: set[str] = set()


@contextmanager
def _connect(url: str) -> Iterator[Connection]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


@pytest.fixture
def pg(pg_url: str) -> Iterator[Connection]:
    """A connection to the session database."""
    with _connect(pg_url) as conn:
        yield conn


def _user_tables(conn: Connection) -> list[str]:
    return list(
        conn.execute(
            text(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
        ).scalars()
    )


def test_select_one(pg: Connection) -> None:
    assert pg.execute(text("SELECT 1")).scalar_one() == 1


def test_session_database_is_one_of_its_own(pg: Connection, pg_url: str) -> None:
    name = pg.execute(text("SELECT current_database()")).scalar_one()
    assert name == make_url(pg_url).database
    assert name.startswith("quotes_test_"), name  # not the server's own quotes_test
    version = pg.execute(text("SELECT current_setting('server_version_num')::int")).scalar_one()
    assert version >= 130000, version  # DROP DATABASE ... WITH (FORCE) needs 13+


def test_full_text_search_english(pg: Connection) -> None:
    params = {"doc": "The ministers said", "q": "minister"}
    vector = pg.execute(text("SELECT to_tsvector('english', :doc)::text"), params).scalar_one()
    assert "'minist'" in vector, vector
    assert "'the'" not in vector, vector  # stop words dropped: the english config is really used
    query = "SELECT to_tsvector('english', :doc) @@ plainto_tsquery('english', :q)"
    assert pg.execute(text(query), params).scalar_one() is True


@pytest.mark.parametrize("run", [1, 2, 3])
def test_clean_databases_are_distinct_and_empty(
    run: int, pg_clean_url: str, pg_url: str, pg_server: PgServer
) -> None:
    name = make_url(pg_clean_url).database
    assert name != make_url(pg_url).database
    assert name not in _SEEN_CLEAN_DATABASES, f"run {run}: database {name} handed out twice"
    for earlier in _SEEN_CLEAN_DATABASES:  # dropped when their test finished
        assert not pg_server.database_exists(earlier), earlier
    _SEEN_CLEAN_DATABASES.add(name)
    with _connect(pg_clean_url) as conn:
        assert conn.execute(text("SELECT current_database()")).scalar_one() == name
        assert _user_tables(conn) == []
        # Leave data behind on purpose: the next run must still start from an empty database.
        conn.execute(text("CREATE TABLE public.leftover (id int PRIMARY KEY)"))
        conn.execute(text("INSERT INTO public.leftover VALUES (:run)"), {"run": run})
        conn.commit()
        assert _user_tables(conn) == ["public.leftover"]


def test_drop_database_works_despite_open_connections(pg_server: PgServer) -> None:
    url = pg_server.create_database()
    name = make_url(url).database
    assert pg_server.database_exists(name)
    engine = create_engine(url, poolclass=NullPool)
    conn = engine.connect()  # an open connection must not block the drop
    try:
        pg_server.drop_database(url)
        assert not pg_server.database_exists(name)
    finally:
        conn.invalidate()
        engine.dispose()


def test_drop_refuses_databases_it_did_not_create(pg_server: PgServer) -> None:
    with pytest.raises(ValueError, match="refusing"):
        pg_server.drop_database(pg_server.url_for("quotes_test"))
    assert pg_server.database_exists("quotes_test")
