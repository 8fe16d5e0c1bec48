"""Source linking and number masking for claims (plain records, no pipeline)."""

from __future__ import annotations

import pytest

from quotes.claims.sources import (
    first_person,
    inner_sentences,
    source_of,
    vague,
    without_incidental_numbers,
)


def record(kind: str, speaker: str | None, mention: str | None, **extra) -> dict:
    span = {"start": 0, "end": 1, "text": mention} if mention else None
    return {"kind": kind, "speaker": speaker, "speaker_mention": span, **extra}


@pytest.mark.parametrize(("rec", "expected"), [
    (record("direct", "Rachel Reeves", "Ms Reeves"), ("Rachel Reeves", "speaker")),
    (record("direct", None, None), (None, "none")),
    (record("indirect", None, "the ONS"), ("the ONS", "cited")),
    (record("indirect", None, "Labour sources"), ("Labour sources", "vague")),
    (record("indirect", None, "Economists", vague_source=True), ("Economists", "vague")),
    (record("indirect", None, "I"), ("Jo Bloggs", "author")),
    (record("direct", None, "critics"), ("critics", "vague")),
    # unnamed sources, which a reader could not check with
    (record("direct", "one Tory leadership campaign strategist",
            "one Tory leadership campaign strategist"),
     ("one Tory leadership campaign strategist", "vague")),
    (record("indirect", None, "It", cue={"start": 3, "end": 13, "text": "understood"}),
     ("It", "vague")),
    (record("indirect", "Anna Turley", "a Labour MP"), ("Anna Turley", "cited")),
])
def test_source_of(rec: dict, expected: tuple) -> None:
    assert source_of(rec, "Jo Bloggs") == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("sources", True), ("Whitehall sources", True), ("some experts", True),
    ("Rachel Reeves", False), ("the Treasury", False), (None, False)])
def test_vague(source, expected) -> None:
    assert vague(source) is expected


def test_inner_sentences() -> None:
    text = "“Growth is up. Debt is down! Is it enough?” she said."
    spans = inner_sentences(text, 1, text.index("”"))
    assert [text[s:e] for s, e in spans] == ["Growth is up.", "Debt is down!", "Is it enough?"]


@pytest.mark.parametrize(("text", "expected"), [
    ("The meeting starts at 7.15am on 9 February.", "The meeting starts at some on some."),
    ("Call 0117 496 0123 or turn to page 3.", "Call some or turn to some."),
    ("Kelly Brand, 34, said so.", "Kelly Brand, some, said so."),
    ("Unemployment fell to 4.2 per cent.", "Unemployment fell to 4.2 per cent."),
])
def test_incidental_numbers_are_masked(text: str, expected: str) -> None:
    assert without_incidental_numbers(text) == expected


def _claims(extract_one_doc, text: str) -> dict[str, tuple]:
    return {c["text"]: (c["source_kind"], c["source"]) for c in extract_one_doc(text)}


@pytest.fixture
def claims_of(nlp):
    from quotes.extract import extract
    from quotes.reader import Document

    def run(text: str) -> list[dict]:
        [result] = list(extract([Document("test", text)], nlp))
        return result.claims

    return run


def test_sentence_with_a_partial_quotation_is_a_claim(claims_of) -> None:
    # the fragment does not hide its sentence; the reported clause backs it
    text = ("Rishi Sunak said Labour were “already” putting up taxes in Wales, Birmingham "
            "and London by £200m a year.")
    found = _claims(claims_of, text)
    assert found == {text: ("cited", "Rishi Sunak")}


def test_the_party_is_the_party_named_before(claims_of) -> None:
    text = ("Labour has attacked the government over the cost of living.\n\n"
            "Transport costs have soared by £800 since 2019, the party said.")
    found = _claims(claims_of, text)
    assert found["Transport costs have soared by £800 since 2019, the party said."] == (
        "cited", "Labour Party")


@pytest.mark.parametrize(("text", "expected"), [
    # a speech verb's subject backs the claim it governs, though the speech is not reported
    # as a quotation of its own
    ("Natasha Asghar accused the Welsh Government of planning to change 40 more roads to "
     "20mph by next spring.", ("cited", "Natasha Asghar")),
    # a quoted fragment's speaker backs the sentence their cue governs ...
    ("Steve Barclay said it was “deeply regrettable” the junior doctors committee refused "
     "to give any exemptions during the four-day strike in England.",
     ("cited", "Steve Barclay")),
    # ... unless the cue judges rather than asserts
    ("In a speech, Nigel Farage condemned the bloc’s leaders as “nasty” for their string "
     "of divorce demands including a £52billion departure bill.", ("none", None)),
    # figures speak for whoever issued them; unnamed groups are vague
    ("Figures published by Bristol City Council show that spending on temporary "
     "accommodation rose by £4m last year.", ("cited", "Bristol City Council")),
    ("At the same time, Department for Education figures show that the number of "
     "secondary pupils will rise by 3,000.", ("cited", "Department for Education")),
    ("Landlord groups argue that rising mortgage rates have pushed 10,000 smaller "
     "landlords out of the market.", ("vague", "Landlord groups")),
    # the subject of a sentence that states a figure is no source
    ("The Greens celebrated a record night, winning 40 seats across the country.",
     ("none", None)),
])
def test_who_backs_a_sentence(claims_of, text: str, expected: tuple) -> None:
    assert _claims(claims_of, text) == {text: expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("I believe the scheme has cost £3m too much.", True),
    ("We asked readers about their buses, and 312 of 450 said a service had failed.", True),
    # the paper pointing to its earlier reporting is the article's own voice
    ("It comes after we told how members are to vote after the party scrapped its targets.",
     False),
])
def test_first_person(text: str, expected: bool) -> None:
    assert first_person(text) is expected


# (sentence, [(claim text, source kind, source)]) through the whole pipeline
CLAIM_PIECES = [
    pytest.param(
        "Combined, the Greens and the Liberal Democrats won 40 more seats than Labour - and "
        "former minister Sir Edward Leigh said the party should now rethink its strategy.",
        [("Combined, the Greens and the Liberal Democrats won 40 more seats than Labour",
          "none", None),
         ("former minister Sir Edward Leigh said the party should now rethink its strategy.",
          "cited", "Edward Leigh")],
        id="the article's clause before a report is its own claim"),
    pytest.param(
        'Mr Hunt said the Conservatives had "already" cut taxes in Kent, Essex and Surrey - '
        'but Ms Reeves said "nobody has raised more taxes" than Mr Hunt',
        [("Mr Hunt said the Conservatives had \"already\" cut taxes in Kent, Essex and Surrey",
          "cited", "Hunt"),
         ("Ms Reeves said \"nobody has raised more taxes\" than Mr Hunt", "cited", "Reeves")],
        id="each report of a sentence backs its own piece"),
]


@pytest.mark.parametrize(("text", "expected"), CLAIM_PIECES)
def test_claims_are_cut_at_reports(nlp, text: str, expected: list) -> None:
    doc = nlp(text)
    assert [(c["text"], c["source_kind"], c["source"]) for c in doc._.claims] == expected


# (sentence, (source kind, source) of its one claim) through the whole pipeline
CLAIM_BACKERS = [
    pytest.param("But the Treasury blames the strikes for cutting growth by 2% this year.",
                 ("cited", "Treasury"), id="blaming asserts a cause"),
    pytest.param('The report undermines Tony Blair\'s claim of running "the most open '
                 'government in history".', ("cited", "Tony Blair"),
                 id="a claim noun asserts for its possessor"),
    pytest.param('The report repeated Tony Blair\'s attack on "the most wasteful council in '
                 'Britain", which spent £4m on consultants.', ("none", None),
                 id="an attack noun judges"),
    pytest.param("Analysis by the Resolution Foundation pointed to a fall of 4% in real "
                 "incomes this year.", ("cited", "Resolution Foundation"),
                 id="analysis that points to a figure reports it"),
    pytest.param("Rachel Reeves also outlined plans to cut the deficit by £20bn by 2029.",
                 ("cited", "Rachel Reeves"), id="outlining plans states them"),
]


@pytest.mark.parametrize(("text", "expected"), CLAIM_BACKERS)
def test_who_backs_a_claim(nlp, text: str, expected: tuple) -> None:
    [claim] = nlp(text)._.claims
    assert (claim["source_kind"], claim["source"]) == expected


def test_it_is_understood_is_no_quotation_but_a_vague_source(extract_one, claims_of) -> None:
    text = ("Ministers met on Tuesday.\n\n"
            "It is understood that the Treasury will cut the housing budget by £2bn next year.")
    assert not [q for q in extract_one(text) if "housing budget" in q["text"]]
    claim = next(c for c in claims_of(text) if "housing budget" in c["text"])
    assert claim["source_kind"] == "vague"
