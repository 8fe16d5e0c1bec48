"""`quotes serve`: Datasette over the SQLite file, read-only, with the package's metadata
and plugin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quotes.errors import QuotesError

HERE = Path(__file__).resolve().parent
METADATA = HERE / "metadata.json"
TEMPLATES = HERE / "templates"
DATABASE = "quotes"  # the served name: /quotes/quote whatever the file is called
SETTINGS = {
    # default facets come from the metadata; suggesting more scans every column of a
    # million rows on each table page
    "suggest_facets": False,
    "default_page_size": 50,
}


class ServeError(QuotesError):
    """The database cannot be served (a server URL, a missing file)."""


def sqlite_path(db: str | None) -> Path:
    """The SQLite file behind ``--db``/``$QUOTES_DB``; ServeError for a server URL or a
    missing file."""
    from quotes.store.db import database_url

    url = database_url(db)
    if not url.startswith("sqlite:///"):
        raise ServeError("quotes serve browses a SQLite file, not a database server; "
                         "ingest the articles into one (quotes ingest --db FILE.db ...) and "
                         "serve that, or ask the server with quotes said, search or export")
    path = Path(url.removeprefix("sqlite:///"))
    if not path.is_file():
        raise ServeError(f"{path}: no such database; create it with `quotes ingest --db "
                         f"{path} ARTICLES` or choose another with --db")
    return path


def prepare(path: Path) -> None:
    """Bring the schema to the newest migration (the full-text table Datasette detects
    comes with 0004) before Datasette opens the file read-only."""
    from quotes.store.db import get_engine

    get_engine(f"sqlite:///{path}").dispose()


def metadata() -> dict[str, Any]:
    return json.loads(METADATA.read_text(encoding="utf-8"))


def make_datasette(path: Path):
    """A Datasette on ``path`` opened read-only (mode=ro: live, but never written), named
    ``quotes``, with the metadata, templates and plugin of this package."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    from quotes.web import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="quotes")
    datasette = Datasette(metadata=metadata(), template_dir=str(TEMPLATES), settings=SETTINGS)
    datasette.add_database(Database(datasette, path=str(path), is_mutable=True), name=DATABASE)
    return datasette


def check_address(host: str, port: int) -> None:
    """ServeError now, in one line, if the address cannot be listened on (uvicorn would
    log its own error first)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port} ({error.strerror or error}); "
                         "choose another with --port or --host") from None


def serve(db: str | None, host: str, port: int) -> None:
    """Run the server until interrupted."""
    import asyncio

    import uvicorn

    path = sqlite_path(db)
    check_address(host, port)
    prepare(path)
    datasette = make_datasette(path)
    asyncio.run(datasette.invoke_startup())
    print(f"quotes serve: {path} at http://{host}:{port}/{DATABASE}", flush=True)
    try:
        uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
    except SystemExit:  # uvicorn exits when it cannot bind the port
        raise ServeError(f"cannot listen on {host}:{port}; choose another with --port") from None


def launch(db: Path, timeout: float = 60) -> tuple[Any, int]:
    """Start ``quotes serve`` on ``db`` in a subprocess on a free loopback port and wait
    until it listens: (the process, its port). For the browser test and the bench."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quotes = Path(sys.executable).with_name("quotes")
    process = subprocess.Popen([str(quotes), "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None  # stderr=PIPE
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"quotes serve exited: {process.stderr.read()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise ServeError(f"quotes serve did not start listening within {timeout:g} s")
