"""One dialect on the command line: choices are enums, read commands never create a
database, -o writes whole files or none, errors are one line, a closed pipe is quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotes.cli import app

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "articles" / "02_johnson_reelected_mayor.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dialect") / "quotes.db"
    result = runner.invoke(app, ["ingest", str(ARTICLE), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return path


@pytest.mark.parametrize("command", [
    ["said", "Ed Balls"], ["search", "jobs"], ["show", "1"], ["people"], ["stats"], ["audit"],
    ["export"], ["fix", "1", "--kind", "direct"],
])
def test_read_commands_never_create_a_database(command, tmp_path) -> None:
    missing = tmp_path / "nowhere.db"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code == 1
    assert f"{missing}: no database here" in result.output and "quotes ingest" in result.output
    assert not missing.exists()


@pytest.mark.parametrize("command", [
    ["said", "Ed Balls", "--kind", "direkt"], ["export", "--kind", "quote"],
    ["audit", "--fail-on", "everything"], ["fix", "1", "--kind", "nonsense"],
])
def test_a_mistyped_choice_is_a_usage_error(command, stored) -> None:
    result = runner.invoke(app, [*command, "--db", str(stored)])
    assert result.exit_code == 2 and "Invalid value" in result.output


@pytest.mark.parametrize("command", [
    ["said", "Ed Balls", "--format", "csv"], ["search", "jobs", "--format", "json"],
    ["show", "1", "--format", "json"], ["people", "--format", "csv"],
    ["people", "--format", "jsonl"], ["stats"], ["audit", "--format", "json"],
    ["export", "--format", "jsonl"],
])
def test_output_goes_whole_to_the_file(command, stored, tmp_path) -> None:
    target = tmp_path / "out.txt"
    printed = runner.invoke(app, [*command, "--db", str(stored)])
    written = runner.invoke(app, [*command, "--db", str(stored), "-o", str(target)])
    assert printed.exit_code == written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8").strip() == printed.stdout.strip() != ""
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_a_failed_output_leaves_the_old_file_alone(stored, tmp_path) -> None:
    target = tmp_path / "said.json"
    target.write_text("the previous export")
    result = runner.invoke(app, ["said", "Nobody Atall", "--db", str(stored), "-o", str(target)])
    assert result.exit_code == 1
    assert target.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["said.json"]


def test_output_into_a_missing_folder_is_one_line(stored, tmp_path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(stored), "-o",
                                 str(tmp_path / "no" / "such" / "file.json")])
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_a_closed_pipe_is_quiet(stored) -> None:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    # each document is printed and flushed on its own: the second write meets the pipe
    # that head closed after the first line
    articles = " ".join(str(p) for p in sorted(ARTICLE.parent.glob("0[1-3]_*.txt")))
    run = subprocess.run(["bash", "-c", f"set -o pipefail; quotes extract {articles} "
                          "| head -n 1 > /dev/null; sleep 0"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.stderr == ""
    assert run.returncode in (0, 141)  # 141: the writer saw the pipe close, quietly


def test_help_documents_the_exit_statuses() -> None:
    result = runner.invoke(app, ["--help"])
    assert "Exit status" in result.output and "3" in result.output
