"""The per-document time limit (quotes.timelimit): a document that takes too long is
refused alone, and time spent outside extraction never counts against it."""

from __future__ import annotations

import re
import time

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from quotes.cli import app
from quotes.extract import extract
from quotes.reader import Document
from quotes.timelimit import TimeLimit, TimeLimitExceeded

STALL_SECONDS = 30  # far beyond the limits below: only the limit can end it


@Language.component("test_stalls_on_slow")
def _stalls_on_slow(doc: Doc) -> Doc:
    """Stand-in for an input that is superlinear in our code: "SLOW 30" busies the CPU
    for 30 s in pure Python, which the limit's signal interrupts as it would ours."""
    if stall := re.search(r"SLOW (\d+)", doc.text):
        ends = time.monotonic() + int(stall[1])
        while time.monotonic() < ends:
            pass
    return doc


def _pipeline() -> Language:
    from quotes.nlp.pipeline import load_pipeline

    nlp = load_pipeline.__wrapped__("blank:en")
    nlp.add_pipe("test_stalls_on_slow", first=True)
    return nlp


def _documents(stall: int = STALL_SECONDS) -> list[Document]:
    return [Document(f"d{i}", f'Keir Starmer said: "We will build {i} homes."'
                     + (f" SLOW {stall}" if i == 3 else "")) for i in range(8)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_limit_is_refused_alone(jobs: int) -> None:
    failed: list[tuple[str, Exception]] = []
    started = time.monotonic()
    results = list(extract(_documents(), _pipeline(), batch_size=4, n_process=jobs,
                           on_error=lambda d, e: failed.append((d.source, e)),
                           time_limit=0.5))
    assert [r.document.source for r in results] == [f"d{i}" for i in range(8) if i != 3]
    assert all(r.quotes for r in results)
    [(source, error)] = failed
    assert source == "d3" and isinstance(error, TimeLimitExceeded)
    assert time.monotonic() - started < STALL_SECONDS  # ended by the limit, not the stall


def test_without_a_limit_the_slow_document_runs_to_the_end() -> None:
    results = list(extract(_documents(stall=1)[2:5], _pipeline(), time_limit=None))
    assert [r.document.source for r in results] == ["d2", "d3", "d4"]


def test_the_callers_time_does_not_count() -> None:
    nlp = _pipeline()
    documents = [Document(f"d{i}", f'"We will build {i} homes," Keir Starmer said.')
                 for i in range(3)]
    seen = []
    for result in extract(documents, nlp, on_error=lambda d, e: seen.append(e),
                          time_limit=0.3):
        time.sleep(0.6)  # storing a batch: twice the budget of a whole document
        seen.append(result.document.source)
    assert seen == ["d0", "d1", "d2"]


def test_budget_grows_with_length() -> None:
    limit = TimeLimit(10)
    assert limit.budget(5_000) == 10  # a short document still gets the whole limit
    assert limit.budget(250_000) == 25


def test_refusal_is_one_line() -> None:
    from quotes.extract import extraction_failure

    message = extraction_failure(Document("news/slow.txt", "x"), TimeLimitExceeded(
        "took longer than 0.5 s per 100,000 characters; refused"))
    assert message.startswith("news/slow.txt: took longer than 0.5 s") and "\n" not in message


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon"])
def test_bad_time_limits_are_usage_errors(tmp_path, value: str) -> None:
    (tmp_path / "a.txt").write_text('"Yes," he said.')
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--time-limit", value])
    assert result.exit_code == 2 and "Traceback" not in result.output
