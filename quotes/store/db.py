"""Where the database is, how to connect, and bringing its schema up to date.

SQLite by default (a file path, WAL mode); PostgreSQL by URL. ``--db`` or
``$QUOTES_DB`` chooses; the default is ``quotes.db`` in the working directory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, inspect, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import DatabaseError as DBAPIDatabaseError
from sqlmodel import Session, create_engine

from quotes.errors import DatabaseError, UsageError

DB_ENV = "QUOTES_DB"
DEFAULT_DB = "quotes.db"
MIGRATIONS = Path(__file__).resolve().parents[1] / "schema" / "migrations"  # package data


BUSY_SECONDS = 60  # how long a SQLite writer waits for another one before "locked"
PG_MIGRATE_LOCK = 0x71756F7465  # advisory lock keys ("quote"): one migration at a time,
PG_WRITE_LOCK = PG_MIGRATE_LOCK + 1  # and one writing batch at a time
BACKENDS = ("sqlite", "postgresql")


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, ``$QUOTES_DB`` or the default file; ``postgres://``
    and ``postgresql://`` (as hosting providers give them) mean PostgreSQL by psycopg."""
    value = db or os.environ.get(DB_ENV) or DEFAULT_DB
    if "://" in value:
        for scheme in ("postgresql://", "postgres://"):
            if value.startswith(scheme):
                return "postgresql+psycopg://" + value.removeprefix(scheme)
        return value
    _refuse_junk(value, "--db" if db else DB_ENV)
    return f"sqlite:///{Path(value).expanduser()}"


# a scheme without its "//" ("postgres:host/db"); one letter is a drive ("C:/data/q.db")
URL_WITHOUT_SLASHES = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:(?!//)")


def _refuse_junk(value: str, given: str) -> None:
    """A value that is no path one could mean: a file name without a letter or digit
    (``::::``, blanks) or a URL scheme without its ``//``. ``./NAME`` still forces any
    name to be read as a path."""
    name = Path(value).expanduser().name
    if not any(c.isalnum() for c in name) or URL_WITHOUT_SLASHES.match(value):
        raise UsageError(f"{given} {value!r} is neither a file path nor a database URL; give "
                         "a SQLite file path (./name.db) or postgresql://user@host/name")


def existing_database(db: str | None = None) -> str:
    """``database_url``, for commands that only read: a SQLite file that is not there is
    an error that says where it looked, never a new empty database."""
    url = database_url(db)
    _refuse_missing(url)
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """An engine whose schema is at the latest migration (created on first use)."""
    engine = _create(url)
    try:
        migrate(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise DatabaseError(explain(url, error)) from None
    return engine


def existing_engine(url: str) -> Engine:
    """The engine of a database that exists: reading never creates a SQLite file."""
    _refuse_missing(url)
    return get_engine(url)


def _refuse_missing(url: str) -> None:
    if url.startswith("sqlite:///") and not Path(shown_url(url)).is_file():
        raise DatabaseError(f"{shown_url(url)}: no database here; make one with `quotes "
                            f"ingest FILES --db PATH`, or point --db or ${DB_ENV} at yours")


def _create(url: str) -> Engine:
    """An engine for a URL quotes supports, or a DatabaseError that says which to give."""
    shown = shown_url(url)
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise DatabaseError(f"{shown}: not a database URL; give a SQLite file path or "
                            "postgresql://user@host/name") from None
    if backend not in BACKENDS:
        raise DatabaseError(f"{shown}: {backend} is not supported; give a SQLite file path "
                            "or postgresql://user@host/name")
    if backend == "sqlite":
        folder = Path(url.removeprefix("sqlite:///")).parent
        if not folder.is_dir():
            raise DatabaseError(f"{folder}: no such folder for the database; create it or "
                                "choose another with --db")
    try:
        engine = create_engine(url, pool_pre_ping=True, connect_args=(
            {"timeout": BUSY_SECONDS} if backend == "sqlite" else {}))
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise DatabaseError(f"{shown}: cannot use this URL ({error}); give a SQLite file "
                            "path or postgresql+psycopg://user@host/name") from None
    if is_sqlite(engine):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration in quotes/schema/migrations.

    One process at a time: the upgrade runs under SQLite's exclusive lock or a
    PostgreSQL advisory lock, so processes started together on a fresh database do not
    race to create the same tables; the others wait, then find nothing to do."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    heads = set(script.get_heads())
    known = {revision.revision for revision in script.walk_revisions()}
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
        if current - known:
            raise DatabaseError(f"{shown_url(str(engine.url))}: made by a newer quotes (schema "
                                f"revision {', '.join(sorted(current - known))}); upgrade "
                                "quotes to use it")
        if current == heads:
            return
        connection.rollback()
        if is_sqlite(engine):
            connection.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": PG_MIGRATE_LOCK})
        # read again under the lock: another process may have migrated meanwhile, and
        # its tables without their alembic_version are not a foreign database
        current = set(MigrationContext.configure(connection).get_current_heads())
        if not current and inspect(connection).get_table_names():
            raise DatabaseError(f"{shown_url(str(engine.url))}: not a quotes database (it has "
                                "tables but no alembic_version); choose another with --db")
        if current != heads:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        connection.commit()


def check(url: str) -> None:
    """Read every page of a SQLite database (``PRAGMA quick_check``) and raise the
    "damaged" DatabaseError at the first problem. Each command already fails on the
    damaged pages it reads; this finds damage on pages it would not (about 13 s for a
    1.3 GB file, too slow for every open). PostgreSQL checks its own pages."""
    engine = get_engine(url)
    if not is_sqlite(engine):
        raise DatabaseError(f"{shown_url(url)}: --check reads a SQLite file's pages; check a "
                            "PostgreSQL database with the server's pg_amcheck")
    try:
        with engine.connect() as connection:
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check(5)")]
    except DBAPIDatabaseError as error:
        raise DatabaseError(explain(url, error)) from None
    if problems != ["ok"]:
        found = " ".join(" ".join(problems).replace("*** in database main ***", "").split())
        raise DatabaseError(explain(url, RuntimeError(f"malformed: {found[:200]}")))


def shown_url(url: str) -> str:
    """The URL without its password, or the SQLite file's path."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    return url.split("@")[-1] if "@" in url else url


def explain(url: str, error: Exception) -> str:
    """One line for a database failure: what is wrong and what to do."""
    shown = shown_url(url)
    reason = (str(getattr(error, "orig", error)).strip().splitlines() or ["?"])[0]
    if url.startswith("sqlite:"):
        if "file is not a database" in reason:
            return (f"{shown}: not a SQLite database; choose another file with --db, or "
                    "restore it from a backup")
        if "malformed" in reason or "corrupt" in reason:
            return (f"{shown}: the database file is damaged ({reason}); restore it from a "
                    f"backup or run `sqlite3 {shown} .recover`")
        if "locked" in reason or "busy" in reason:
            return (f"{shown}: the database stayed locked by another process for "
                    f"{BUSY_SECONDS} s; try again when it has finished")
        return f"cannot open the SQLite database {shown} ({reason}); check the path and rights"
    return unreachable(url, error)


def unreachable(url: str, error: Exception) -> str:
    reason = (str(getattr(error, "orig", error)).strip().splitlines() or ["?"])[0]
    return (f"cannot open the database {shown_url(url)} ({reason}); check that the server is "
            "running and the URL is right, or use --db PATH for a SQLite file")


def is_transient(error: Exception) -> bool:
    """A failure that another writer caused and trying again fixes: SQLite busy or
    locked, a PostgreSQL deadlock or serialization failure, a document or person that
    another process stored first (a unique key)."""
    reason = str(getattr(error, "orig", error)).lower()
    return isinstance(error, IntegrityError) and "unique" in reason or any(
        words in reason for words in ("database is locked", "database table is locked",
                                      "deadlock detected", "could not serialize"))


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    engine = get_engine(url)
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except (OperationalError, DBAPIDatabaseError) as error:
            session.rollback()
            if isinstance(error, IntegrityError | DataError):
                raise
            raise DatabaseError(explain(url, error)) from None
        except SQLAlchemyError:
            session.rollback()
            raise


@contextmanager
def write_session(url: str) -> Iterator[Session]:
    """A session for one writing transaction. On PostgreSQL writers take turns (an
    advisory lock held to the commit), so two never create the same person at once;
    SQLite's write lock does the same by itself."""
    engine = get_engine(url)
    with Session(engine) as session:
        try:
            if not is_sqlite(engine):
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                {"key": PG_WRITE_LOCK})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def ping(url: str) -> None:
    with get_engine(url).connect() as connection:
        connection.execute(text("SELECT 1"))
