"""One model per output row: the committed JSON Schemas are generated from them."""

from __future__ import annotations

import pytest

from quotes.rows import GENERATED, SCHEMAS, QuoteCsv, QuoteExportedCsv, csv_columns, schema_text


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_schema_is_generated_from_its_model(name) -> None:
    committed = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"{name}.schema.json is stale; run `python -m quotes.rows` and commit the result")


def test_said_search_and_export_share_their_csv_column_names() -> None:
    shared = csv_columns(QuoteCsv)
    assert csv_columns(QuoteExportedCsv)[:len(shared)] == shared
    assert {"quotation", "published", "context", "cue_method"} <= set(shared)


@pytest.fixture(scope="module")
def stored(tmp_path_factory, nlp) -> str:
    from pathlib import Path

    from quotes.corrections import fix
    from quotes.ingest import ingest
    from quotes.people.link import registry_with_imports

    url = f"sqlite:///{tmp_path_factory.mktemp('rows') / 'rows.db'}"
    article = Path(__file__).resolve().parent.parent / "fixtures" / "articles" / (
        "02_johnson_reelected_mayor.txt")
    assert ingest([str(article)], url, nlp, registry_with_imports(url)).added == 1
    fix(url, 1, kind="partial", by="A. Checker")  # a corrected row, with corrected_by
    return url


def _exactly(model, row: dict) -> None:
    """``row`` is the model's shape: the same fields, in the same order, same values."""
    assert list(row) == list(model.model_fields)
    assert model.model_validate(row).model_dump(mode="json") == row


def test_quotation_rows_are_their_models_field_for_field(stored) -> None:
    from quotes.export import rows
    from quotes.filters import Filters
    from quotes.query import said, search, show
    from quotes.rows import QuoteExported, QuotePublic

    _, spoken = said(stored, "Boris Johnson", Filters(limit=100))
    found = search(stored, "London", Filters(limit=100))
    exported = list(rows(stored, Filters(limit=0)))
    assert spoken and found and exported
    assert any(row["corrected_by"] == "A. Checker" for row in exported)
    for row in spoken + found:
        _exactly(QuotePublic, row)
    for row in exported:
        _exactly(QuoteExported, row)
    shown = show(stored, 1)
    _exactly(QuotePublic, {field: shown[field] for field in QuotePublic.model_fields})
