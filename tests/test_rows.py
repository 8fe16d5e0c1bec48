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
