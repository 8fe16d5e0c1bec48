"""Claims, audit, export and corrections, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from quotes.audit import audit
from quotes.cli import app
from quotes.corrections import fix
from quotes.errors import QuotesError
from quotes.export import FORMATS, rows, write
from quotes.filters import Filters
from quotes.ingest import ingest
from quotes.people.link import registry_with_imports
from quotes.query import said, search, show

SCHEMAS = Path(__file__).resolve().parent.parent / "quotes" / "schema" / "export"
runner = CliRunner()

STORY = """Unemployment fell to 4.2 per cent last year, the lowest level since 1975.

Experts say knife crime rose by 20 per cent in London over the same period.

“Borrowing will fall to £50bn by 2027, the first time it has been that low since 2008,” \
said Rachel Reeves, the Chancellor.

“-40 per cent is the drop in new homes we have seen this year,” said Angela Rayner.

According to the Office for National Statistics, wages grew by 5.6 per cent in the year to March.
"""


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())



@pytest.fixture
def stored(db_url, nlp, tmp_path) -> str:
    for name, outlet, published in (("a", "The Guardian", "2024-11-02"),
                                    ("b", "BBC News", "2024-11-01")):
        (tmp_path / f"{name}.txt").write_text(STORY + f"\nReported by {outlet}.\n")
        (tmp_path / f"{name}.json").write_text(json.dumps(
            {"outlet": outlet, "published": published, "url": f"https://example.org/{name}"}))
    report = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], db_url, nlp,
                    registry_with_imports(db_url))
    assert report.added == 2
    return db_url


def test_claims_and_their_sources(stored) -> None:
    report = audit(stored)
    jsonschema.validate(report, schema("audit"))
    unsourced = [c["text"] for c in report["unsourced_claims"]]
    assert any(t.startswith("Unemployment fell to 4.2 per cent") for t in unsourced)
    vague = report["vague_claims"]
    assert any(c["text"].startswith("Experts say knife crime") and c["source"] == "Experts"
               for c in vague)
    summary = report["documents"][0]
    assert summary["claims"] == summary["sourced"] + summary["vague"] + summary["unsourced"]
    assert summary["sourced"] >= 2  # Reeves's forecast (speaker) and the ONS figure (cited)


def test_audit_fail_on(stored) -> None:
    result = runner.invoke(app, ["audit", "--db", stored, "--fail-on", "unsourced",
                                 "--format", "json"])
    assert result.exit_code == 3  # findings, told apart from errors (1) and usage (2)
    assert json.loads(result.stdout)["unsourced_claims"]
    assert runner.invoke(app, ["audit", "--db", stored, "--fail-on", "nonsense"]).exit_code == 2


@pytest.mark.parametrize("format", ["json", "jsonl", "claimreview", "csv", "markdown"])
def test_export_formats_validate(stored, format) -> None:
    out = io.StringIO()
    count = write(rows(stored, Filters(limit=0)), format, out)
    assert count >= 6
    text = out.getvalue()
    if format in ("json", "claimreview"):
        items = json.loads(text)
        for item in items:
            jsonschema.validate(item, schema("quote" if format == "json" else "claimreview"))
    elif format == "jsonl":
        for line in text.splitlines():
            jsonschema.validate(json.loads(line), schema("quote"))
    elif format == "csv":
        for row in csv.DictReader(io.StringIO(text)):
            jsonschema.validate(row, schema("csv-row"))
    else:
        assert text.splitlines()[0].startswith("| date | speaker")
        assert len(text.splitlines()) == count + 2


def test_csv_neutralises_formulas(stored) -> None:
    out = io.StringIO()
    write(rows(stored, Filters(limit=0)), "csv", out)
    cells = [row["quotation"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert "'-40 per cent is the drop in new homes we have seen this year," in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_same_quotation_from_two_outlets_is_grouped(stored) -> None:
    exported = [r for r in rows(stored, Filters(limit=0)) if r["words"].startswith("Borrowing")]
    assert len(exported) == 2
    assert {r["group"] for r in exported} == {min(r["id"] for r in exported)}
    assert {r["appearances"] for r in exported} == {2}
    assert {r["first_published"] for r in exported} == {"2024-11-01"}


def test_export_filters(stored) -> None:
    by_query = list(rows(stored, Filters(limit=0), query='"new homes"'))
    assert by_query and all("new homes" in r["words"] for r in by_query)
    by_speaker = list(rows(stored, Filters(limit=0, speaker="Rachel Reeves")))
    assert by_speaker and {r["speaker"] for r in by_speaker} == {"Rachel Reeves"}
    by_outlet = list(rows(stored, Filters(limit=0, outlet="BBC News")))
    assert by_outlet and {r["document"]["outlet"] for r in by_outlet} == {"BBC News"}


def test_fix_speaker_is_recorded_and_survives_reingest(stored, nlp, tmp_path) -> None:
    _, before = said(stored, "Angela Rayner", Filters())
    quote_id = before[0]["id"]
    fixed = fix(stored, quote_id, speaker="Rachel Reeves", by="A. Checker")
    assert fixed["speaker"] == "Rachel Reeves"
    again = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], stored, nlp,
                   registry_with_imports(stored))
    assert again.added == 0
    exported = {r["id"]: r for r in rows(stored, Filters(limit=0))}
    assert exported[quote_id]["speaker"] == "Rachel Reeves"
    assert exported[quote_id]["corrected"] is True
    assert exported[quote_id]["corrected_by"] == "A. Checker"


def test_not_a_quote_hides_it(stored) -> None:
    hits = search(stored, '"new homes"', Filters())
    fix(stored, hits[0]["id"], not_a_quote=True, by="tester")
    remaining = {r["id"] for r in search(stored, '"new homes"', Filters())}
    assert hits[0]["id"] not in remaining
    assert hits[0]["id"] not in {r["id"] for r in rows(stored, Filters(limit=0))}


def test_fix_needs_something_valid(stored) -> None:
    with pytest.raises(QuotesError, match="nothing to correct"):
        fix(stored, 1)
    with pytest.raises(QuotesError, match="--kind"):
        fix(stored, 1, kind="rumour")


def test_export_cli_to_file(stored, tmp_path) -> None:
    target = tmp_path / "out.jsonld"
    result = runner.invoke(app, ["export", "--db", stored, "--format", "claimreview",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{len(json.loads(target.read_text()))} quotations written")


def test_extract_contract_has_claims(extract_one, nlp) -> None:
    from quotes.extract import as_contract, extract
    from quotes.reader import Document

    [result] = list(extract([Document("s", STORY)], nlp))
    record = as_contract(result)
    kinds = {c["source_kind"] for c in record["claims"]}
    assert {"none", "vague", "speaker", "cited"} <= kinds
    for claim in record["claims"]:
        assert STORY[claim["start"]:claim["end"]] == claim["text"]


def test_formats_are_all_tested() -> None:
    assert set(FORMATS) == {"csv", "json", "jsonl", "claimreview", "markdown"}


def test_export_context_is_the_sentence_stored_at_ingest(stored) -> None:
    """The context a fact-checker reads is the sentence the pipeline found around the
    quotation at ingest (cue included, next paragraph not), with how cue and speaker
    were found as two fields."""
    exported = {row["words"]: row for row in rows(stored, Filters(limit=100))}
    reeves = exported["Borrowing will fall to £50bn by 2027, the first time it has been that "
                      "low since 2008,"]
    assert reeves["context"] == (
        "“Borrowing will fall to £50bn by 2027, the first time it has been that low since "
        "2008,” said Rachel Reeves, the Chancellor.")
    assert (reeves["method"], reeves["cue_method"]) == ("name", "cue")
    for row in exported.values():
        assert row["words"].split(" … ")[0].split()[0] in row["context"]


def test_fix_needs_new_person_for_someone_nobody_knows(stored) -> None:
    """A typo in --speaker must not quietly become a new person: nobody in the database
    or the registry is an error that asks for --new-person, which then adds them; the
    correction shows in `quotes show`."""
    quote_id = next(iter(rows(stored, Filters(limit=1))))["id"]
    with pytest.raises(QuotesError, match="--new-person"):
        fix(stored, quote_id, speaker="Rachal Reevse", by="A. Checker")
    assert show(stored, quote_id)["corrections"] == []
    fixed = fix(stored, quote_id, speaker="Jane Quillfeather", by="A. Checker", new_person=True)
    assert fixed["speaker"] == "Jane Quillfeather"
    [change] = show(stored, quote_id)["corrections"]
    assert (change["field"], change["new"], change["by"]) == (
        "speaker", "Jane Quillfeather", "A. Checker")
    shown = runner.invoke(app, ["show", str(quote_id), "--db", stored])
    assert shown.exit_code == 0 and "by A. Checker: speaker" in shown.stdout
