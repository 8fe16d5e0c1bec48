"""The command line through Typer's CliRunner: exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quotes.cli import app

runner = CliRunner()
ARTICLE = "fixtures/articles/01_labour_wins_westminster.txt"


def test_extract_jsonl_contract() -> None:
    result = runner.invoke(app, ["extract", ARTICLE])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["source"] == ARTICLE
    text = Path(ARTICLE).read_text(encoding="utf-8")
    for quote in record["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        assert set(quote) >= {"start", "end", "text", "kind", "speaker", "speaker_mention",
                              "cue", "role", "confidence", "method"}
    speakers = {q["speaker"] for q in record["quotes"]}
    assert {"Keir Starmer", "Adam Hug", "Boris Johnson"} <= speakers


def test_extract_jsonl_input_echoes_doc_id(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "text": "“Yes,” she said."}) + "\n")
    result = runner.invoke(app, ["extract", str(path), "--input-format", "jsonl"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["doc_id"] == "d1"


def test_extract_stdin() -> None:
    result = runner.invoke(app, ["extract", "-"], input="“We will win,” Ed Davey said.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["quotes"][0]["speaker"] == "Ed Davey"


def test_bad_file_does_not_abort_the_batch(tmp_path) -> None:
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["extract", str(binary), ARTICLE])
    assert result.exit_code == 1
    assert "binary file" in result.stderr and "Traceback" not in result.output
    assert json.loads(result.stdout)["source"] == ARTICLE


def test_missing_model_is_one_line() -> None:
    result = runner.invoke(app, ["extract", ARTICLE, "--model", "no_such_pipeline"])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "pip install" in result.stderr


def test_eval_on_a_tiny_gold(tmp_path) -> None:
    text = "“We will win,” Keir Starmer said."
    gold = {"doc_id": "g", "text": text, "quotes": [
        {"start": 0, "end": 14, "text": text[:14], "kind": "direct",
         "speaker_mentions": [[15, 27]], "speaker": "Keir Starmer"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n")
    result = runner.invoke(app, ["eval", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["quote_f1"] == 1.0 and metrics["e2e_f1"] == 1.0


def test_eval_bad_gold(tmp_path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc_id": 1}\n')
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 1
    assert "not a gold record" in result.stderr


def test_version() -> None:
    from quotes import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"quotes {__version__}"
    assert __version__.count(".") == 2


def test_help_has_examples() -> None:
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout
