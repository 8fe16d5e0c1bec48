"""`quotes verify` and the grouping of one statement across outlets, on SQLite and
PostgreSQL: the word alignment, the verdicts, the CLI's exit codes and errors, the
embeddings of migration 0006."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotes.cli import app
from quotes.errors import DatabaseError, InputError
from quotes.export import rows
from quotes.filters import Filters
from quotes.ingest import ingest
from quotes.match import align, same_statement, tokens, word_diff
from quotes.people.link import registry_with_imports
from quotes.store.db import get_engine
from quotes.verify import MAX_CHARS, verify

runner = CliRunner()

FULL = "We will not raise taxes on working people, and we will protect the NHS."
STORIES = {
    "guardian": ("The Guardian", "2024-03-02",
                 f"“{FULL}” said Keir Starmer, the Labour leader, in Leeds.\n\n"
                 "“Labour's plans would cost every family two thousand pounds in higher "
                 "taxes,” said Rishi Sunak.\n"),
    "bbc": ("BBC News", "2024-03-01",
            "Keir Starmer spoke to supporters in Leeds on Friday.\n\n"
            "“We will not raise taxes on working people,” Keir Starmer said.\n"),
}


# --- the alignment ---------------------------------------------------------------------------


@pytest.mark.parametrize(("claimed", "verbatim", "changes"), [
    (FULL, True, []),
    ("we will not raise taxes on working people", True, []),  # an excerpt, re-punctuated
    ("We will not raise taxes on people, and we will protect the NHS.", False, ["dropped"]),
    ("We will not raise taxes on working families, and we will protect the NHS.", False,
     ["changed"]),
    ("We will not raise taxes on working people, and we will always protect the NHS.", False,
     ["added"]),
    ("We will not raise taxes on people working, and we will protect the NHS.", False,
     ["moved"]),
    ("We will not raise taxes on workng people, and we will protect the NHS.", False,
     ["spelling"]),
    ("We will not raise taxes … and we will protect the NHS.", False, ["elided"]),
])
def test_alignment_names_each_difference(claimed, verbatim, changes) -> None:
    found = align(tokens(claimed), tokens(FULL))
    assert found.verbatim is verbatim
    assert found.changes == changes
    assert (found.score == 1.0) is verbatim


def test_word_diff_shows_real_and_claimed_words() -> None:
    found = align(tokens("We will not raise taxes on working families"), tokens(FULL))
    assert word_diff(found) == "we will not raise taxes on working [-people-] {+families+}"


def test_unrelated_words_score_low() -> None:
    found = align(tokens("The moon is made of green cheese and always has been"),
                  tokens(FULL))
    assert found.score < 0.3


@pytest.mark.parametrize(("one", "other", "same"), [
    ("We will not raise taxes on working people", FULL, True),  # trimmed
    ("We will not raise taxes … we will protect the NHS", FULL, True),  # ellipsised
    ("we will not raise taxes on working people and we will protect the nhs", FULL, True),
    ("We will raise taxes on working people, and we will protect the NHS.", FULL, False),
    ("We will protect the NHS and schools from cuts", FULL, False),
    ("protect the NHS", FULL, False),  # too short to group by anything but equal words
    ("Protect the NHS!", "protect the NHS", True),
])
def test_same_statement(one, other, same) -> None:
    assert same_statement(tokens(one), tokens(other)) is same


# wordings that overlap often: stop words, spelling variants, words that start alike
WORDS = st.lists(st.sampled_from(["we", "will", "not", "the", "of", "tax", "taxes",
                                  "organise", "organize", "labour", "labor", "people",
                                  "protect", "protest", "nhs", "…", ",", "working"]),
                 min_size=3, max_size=14)
SPELT = {"organise": "organize", "labour": "labor", "tax": "taxes", "protect": "protest"}


@st.composite
def two_wordings(draw: st.DrawFn) -> tuple[str, str]:
    """A wording and another: unrelated, or it trimmed, cut and respelt here and there."""
    one = draw(WORDS)
    if draw(st.booleans()):
        return " ".join(one), " ".join(draw(WORDS))
    kept = draw(st.lists(st.booleans(), min_size=len(one), max_size=len(one)))
    respelt = draw(st.lists(st.booleans(), min_size=len(one), max_size=len(one)))
    other = [SPELT.get(w, w) if spell else w
             for w, keep, spell in zip(one, kept, respelt, strict=True) if keep]
    return " ".join(one), " ".join(other)


@settings(max_examples=500, deadline=None)
@given(pair=two_wordings())
def test_the_cheap_bound_never_changes_same_statement(pair: tuple[str, str]) -> None:
    """same_statement skips aligning the pairs _coverable rules out: its answers are
    those of aligning every pair."""
    import quotes.match

    one, other = tokens(pair[0]), tokens(pair[1])
    cheap = same_statement(one, other)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quotes.match, "_coverable", lambda short, long: True)
        assert same_statement(one, other) is cheap


# --- verify on a database ----------------------------------------------------------------------


@pytest.fixture
def stored(db_url, nlp, tmp_path) -> str:
    for name, (outlet, published, story) in STORIES.items():
        (tmp_path / f"{name}.txt").write_text(story)
        (tmp_path / f"{name}.json").write_text(json.dumps(
            {"outlet": outlet, "published": published, "url": f"https://example.org/{name}"}))
    report = ingest([str(tmp_path / f"{n}.txt") for n in STORIES], db_url, nlp,
                    registry_with_imports(db_url))
    assert report.added == 2 and not report.failed
    return db_url


def test_verbatim_with_its_first_appearance(stored) -> None:
    report = verify(stored, "We will not raise taxes on working people", "Keir Starmer")
    assert report["verdict"] == "verbatim"
    assert report["message"].startswith("said, verbatim: Keir Starmer")
    assert report["appearances"] == 2
    first = report["first"]
    assert (first["document"]["outlet"], first["document"]["published"]) == ("BBC News",
                                                                           "2024-03-01")
    guardian = next(m for m in report["matches"] if m["document"]["outlet"] == "The Guardian")
    assert guardian["match"] == "verbatim" and guardian["excerpt"] and not guardian["first"]
    # the offsets are the matched words in the article
    text = STORIES["guardian"][2]
    assert text[guardian["matched"]["start"]:guardian["matched"]["end"]] == (
        "We will not raise taxes on working people")


def test_worded_differently_shows_the_difference(stored) -> None:
    report = verify(stored, "We will not raise taxes on working families, and we will "
                    "protect the NHS", "Keir Starmer")
    assert report["verdict"] == "differently"
    best = report["matches"][0]
    assert best["match"] == "differs" and best["speaker"] == "Keir Starmer"
    assert {"op": "changed", "claimed": "families", "real": "people"} in best["diff"]
    assert 0.675 <= best["score"] < 1


def test_spliced_from_two_quotations(stored) -> None:
    report = verify(stored, "We will not raise taxes on working people and Labour's plans "
                    "would cost every family two thousand pounds")
    assert report["verdict"] == "differently"
    assert report["matches"][0]["match"] == "spliced"
    assert report["matches"][0]["spliced_with"]["speaker"] == "Rishi Sunak"


def test_attributed_to_someone_else(stored) -> None:
    for speaker in ("Rishi Sunak", "Ed Davey"):  # quoted elsewhere, or never quoted
        report = verify(stored, "we will protect the NHS", speaker)
        assert report["verdict"] == "someone_else", speaker
        assert "Keir Starmer said it" in report["message"]


def test_not_found_lists_the_closest(stored) -> None:
    report = verify(stored, "The moon is made of green cheese and always has been")
    assert report["verdict"] == "not_found"
    assert report["message"].startswith("not found;")
    assert all(m["match"] in ("unrelated", "paraphrase") for m in report["matches"])


def test_paraphrase_found_by_its_embedding(stored) -> None:
    report = verify(stored, "Labour's policies would make each household pay 2,000 pounds "
                    "more in tax")
    assert report["verdict"] == "not_found"  # not the words: a paraphrase at most
    best = report["matches"][0]
    assert best["speaker"] == "Rishi Sunak" and best["match"] == "paraphrase"
    assert best["cosine"] >= 0.6


def test_dates_narrow_the_search(stored) -> None:
    report = verify(stored, "We will not raise taxes on working people")
    assert report["appearances"] == 2
    later = verify(stored, "We will not raise taxes on working people",
                   since=date(2024, 3, 2))
    assert later["appearances"] == 1
    assert later["first"]["document"]["outlet"] == "The Guardian"


def test_one_statement_in_two_outlets_is_one_group(stored) -> None:
    exported = [r for r in rows(stored, Filters(limit=0)) if r["speaker"] == "Keir Starmer"
                and "raise taxes" in r["words"]]
    assert len(exported) == 2  # the full statement and the BBC's trimmed one
    assert len({r["group"] for r in exported}) == 1
    assert {r["first_published"] for r in exported} == {"2024-03-01"}
    assert {r["appearances"] for r in exported} == {2}


def test_word_frequencies_count_each_word_as_alone(stored) -> None:
    """All of a batch's words counted in one statement give each word's own count: the
    quotations whose words hold it (case folded; no stop word on PostgreSQL)."""
    from sqlmodel import Session

    from quotes.verify import word_frequencies

    words = ["taxes", "raise", "working", "people", "zebra", 'quo"te', "the", "taxes"]
    engine = get_engine(stored)
    sqlite = engine.dialect.name == "sqlite"
    with Session(engine) as session:
        together = word_frequencies(session, sqlite, words)
        alone = {w: word_frequencies(session, sqlite, [w])[w] for w in words}
        texts = session.execute(sa.text("SELECT words FROM quote")).scalars().all()
    assert together == alone and list(together) == list(dict.fromkeys(words))
    holding = {w: sum(w in {t.word for t in tokens(text)} for text in texts) for w in words}
    for word in ("taxes", "raise", "working", "people", "zebra"):
        assert together[word] == holding[word], word
    assert together["taxes"] > 0 and together["zebra"] == together['quo"te'] == 0
    assert together["the"] == (holding["the"] if sqlite else 0)


def test_every_quotation_has_its_embedding(stored) -> None:
    with get_engine(stored).connect() as connection:
        lengths = connection.execute(sa.text("SELECT length(embedding) FROM quote")).scalars()
        assert set(lengths) == {128}


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("claim", "message"), [
    ("", "has no words"), ("  … “” ", "has no words"),
    ("word " * (MAX_CHARS // 5 + 1), "characters long"),
])
def test_bad_claims_are_refused(stored, claim, message) -> None:
    with pytest.raises(InputError, match=message):
        verify(stored, claim)


def test_reading_never_creates_a_database(tmp_path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(DatabaseError, match="no database here"):
        verify(f"sqlite:///{path}", "anything")
    assert not path.exists()


def test_cli_exit_codes_and_json(stored) -> None:
    cases = [("We will not raise taxes on working people", [], 0, "verbatim"),
             ("We will not raise taxes on working families", [], 3, "differently"),
             ("We will protect the NHS", ["--speaker", "Rishi Sunak"], 4, "someone_else"),
             ("The moon is made of green cheese", [], 5, "not_found")]
    for claim, options, code, verdict in cases:
        result = runner.invoke(app, ["verify", claim, "--db", stored, "--format", "json",
                                     *options])
        assert result.exit_code == code, result.output
        assert json.loads(result.stdout)["verdict"] == verdict
    table = runner.invoke(app, ["verify", "We will not raise taxes on working people",
                                "--db", stored])
    assert table.exit_code == 0 and table.stdout.startswith("said, verbatim: Keir Starmer")


@pytest.mark.parametrize(("arguments", "message"), [
    (["", "--db", "{db}"], "has no words"),
    (["x " * MAX_CHARS, "--db", "{db}"], "characters long"),
    (["taxes", "--db", "{db}", "--since", "2024-13-01"], "is not a date"),
    (["taxes", "--db", "{db}", "--since", "2024-03-02", "--until", "2024-03-01"], "swap"),
    (["taxes", "--db", "{missing}"], "no database here"),
])
def test_cli_errors_are_one_line(stored, tmp_path, arguments, message) -> None:
    missing = tmp_path / "nowhere.db"
    arguments = [a.format(db=stored, missing=missing) for a in arguments]
    result = runner.invoke(app, ["verify", *arguments])
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output and not missing.exists()


def test_help_documents_the_exit_codes() -> None:
    result = runner.invoke(app, ["verify", "--help"])
    assert result.exit_code == 0
    for words in ("0 said, verbatim", "3 said, but worded differently",
                  "4 attributed to", "5 not found"):
        assert words in " ".join(result.stdout.split())


# --- embeddings and migration 0006 -----------------------------------------------------------


def test_embedding_model_loads_from_the_wheel(monkeypatch) -> None:
    import wordllama.wordllama as module

    from quotes import embed

    def no_download(*args, **kwargs):
        raise AssertionError(f"wordllama tried to download {args}")

    monkeypatch.setattr(module.requests, "get", no_download)
    embed._model.cache_clear()
    try:
        near = embed.vectors(["Unemployment fell to 4 per cent.",
                              "Unemployment dropped to four percent.",
                              "The choir sang carols in the cathedral."])
    finally:
        embed._model.cache_clear()
    assert near.shape == (3, embed.DIM)
    assert float(near[0] @ near[1]) > float(near[0] @ near[2]) + 0.2
    blobs = embed.encode(["Taxes rose.", ""])
    assert [len(b) for b in blobs] == [128, 128]
    assert not embed.decode([blobs[1], None]).any()


def test_migration_0006_embeds_stored_quotations(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from quotes.store.db import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(sa.text(
            "INSERT INTO document (id, sha256, source, text, ingested_at) "
            "VALUES (1, 'x', 'a.txt', 'He said: “Taxes will fall.”', '2024-01-01')"))
        connection.execute(sa.text(
            "INSERT INTO quote (id, document_id, start, \"end\", text, words, parts, kind, "
            "confidence, method, corrected, suppressed) VALUES (1, 1, 10, 26, "
            "'Taxes will fall.', 'Taxes will fall.', '[[10, 26]]', 'direct', 0.9, 'name', "
            "0, 0)"))
    engine.dispose()
    with get_engine(url).connect() as connection:  # upgrades to the newest revision
        blob = connection.execute(sa.text("SELECT embedding FROM quote")).scalar()
    assert blob is not None and len(blob) == 128
