"""Where the database is, how to connect, and bringing its schema up to date.

SQLite by default (a file path, WAL mode); PostgreSQL by URL. ``--db`` or
``$QUOTES_DB`` chooses; the default is ``quotes.db`` in the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

from quotes.errors import DatabaseError

DB_ENV = "QUOTES_DB"
DEFAULT_DB = "quotes.db"
MIGRATIONS = Path(__file__).resolve().parents[1] / "schema" / "migrations"  # package data


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, ``$QUOTES_DB`` or the default file."""
    value = db or os.environ.get(DB_ENV) or DEFAULT_DB
    if "://" in value:
        return value.replace("postgresql://", "postgresql+psycopg://", 1) if value.startswith(
            "postgresql://") else value
    return f"sqlite:///{Path(value).expanduser()}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """An engine whose schema is at the latest migration (created on first use)."""
    if url.startswith("sqlite:///"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        if not folder.is_dir():
            raise DatabaseError(f"{folder}: no such folder for the database; create it or "
                                "choose another with --db")
    engine = create_engine(url, pool_pre_ping=True)
    if is_sqlite(engine):
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except OperationalError as error:
        raise DatabaseError(_unreachable(url, error)) from None
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration in quotes/schema/migrations."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _unreachable(url: str, error: Exception) -> str:
    shown = url.split("@")[-1] if "@" in url else url
    reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
    return (f"cannot open the database {shown} ({reason}); check that the server is running "
            "and the URL is right, or use --db PATH for a SQLite file")


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    engine = get_engine(url)
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except OperationalError as error:
            session.rollback()
            raise DatabaseError(_unreachable(url, error)) from None
        except SQLAlchemyError:
            session.rollback()
            raise


def ping(url: str) -> None:
    with get_engine(url).connect() as connection:
        connection.execute(text("SELECT 1"))
