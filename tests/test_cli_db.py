"""The database commands through CliRunner: exit codes, formats, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from quotes.cli import app

runner = CliRunner()
ARTICLES = ["fixtures/articles/01_labour_wins_westminster.txt",
            "fixtures/articles/02_johnson_reelected_mayor.txt"]


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    path = str(tmp_path / "cli.db")
    monkeypatch.setenv("QUOTES_DB", path)
    result = runner.invoke(app, ["ingest", *ARTICLES])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 added, 0 updated, 0 unchanged, 0 failed")
    return path


def test_reingest_adds_nothing(db) -> None:
    result = runner.invoke(app, ["ingest", *ARTICLES])
    assert result.stdout.startswith("0 added, 0 updated, 2 unchanged, 0 failed")


def test_ingest_reports_failures_and_exit_status(db, tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 64)
    result = runner.invoke(app, ["ingest", str(bad)])
    assert result.exit_code == 1
    assert "bad.txt: binary file" in result.stderr and "Traceback" not in result.output


def test_said_json_shape(db) -> None:
    result = runner.invoke(app, ["said", "Sir Keir", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {"id", "text", "kind", "speaker", "role", "party", "start", "end",
                     "document"} <= set(rows[0])
    assert {"source", "outlet", "title", "url", "published", "sha256"} <= set(rows[0]["document"])


def test_said_csv_is_spreadsheet_safe(db) -> None:
    result = runner.invoke(app, ["said", "Boris Johnson", "--format", "csv"])
    assert result.exit_code == 0
    # the columns export names the same way, up to export's own
    assert result.stdout.splitlines()[0].startswith("id,quotation,kind,speaker,role")


def test_ambiguous_name_lists_candidates(db) -> None:
    result = runner.invoke(app, ["said", "Johnson"])
    assert result.exit_code == 1
    assert "Boris Johnson" in result.stderr and "Jo Johnson" in result.stderr


def test_search_and_show(db) -> None:
    result = runner.invoke(app, ["search", '"historic day"', "--format", "json"])
    rows = json.loads(result.stdout)
    assert rows[0]["speaker"] == "Adam Hug"
    shown = runner.invoke(app, ["show", str(rows[0]["id"])])
    assert shown.exit_code == 0 and "Adam Hug" in shown.stdout


def test_bad_search_is_one_line(db) -> None:
    result = runner.invoke(app, ["search", '"unclosed'])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "unbalanced" in result.stderr


def test_people_and_stats_json(db) -> None:
    listed = json.loads(runner.invoke(app, ["people", "--format", "json"]).stdout)
    assert any(p["name"] == "Keir Starmer" for p in listed)
    totals = json.loads(runner.invoke(app, ["stats", "--format", "json"]).stdout)
    assert totals["documents"] == 2


def test_unreachable_database(monkeypatch) -> None:
    result = runner.invoke(app, ["stats", "--db", "postgresql://nobody:x@127.0.0.1:9/none"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot open the database") and "Traceback" not in (
        result.output)


def test_bad_date_option(db) -> None:
    result = runner.invoke(app, ["said", "Keir Starmer", "--since", "yesterday"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.stderr


def test_ingest_html_page(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QUOTES_DB", str(tmp_path / "html.db"))
    page = tmp_path / "story.html"
    body = "".join(f"<p>{p}</p>" for p in [
        "The council met on Tuesday to discuss the new budget for the coming year.",
        "“We will protect every library in the borough,” said Adam Hug, the leader of "
        "Westminster City Council.",
        "Opposition councillors said the plans did not go far enough for residents."])
    page.write_text(f"<html><head><title>Libraries saved</title>"
                    f'<meta property="og:site_name" content="Westminster Extra">'
                    f"</head><body><article><h1>Libraries saved</h1>{body}</article></body>"
                    f"</html>")
    result = runner.invoke(app, ["ingest", str(page)])
    assert result.exit_code == 0, result.output
    rows = json.loads(runner.invoke(app, ["said", "Adam Hug", "--format", "json"]).stdout)
    assert rows[0]["words"] == "We will protect every library in the borough,"
    assert rows[0]["document"]["title"] == "Libraries saved"
