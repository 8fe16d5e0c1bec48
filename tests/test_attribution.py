"""Cues, speakers and kinds in every position, with the real pipeline."""

from __future__ import annotations

import pytest

from quotes.nlp.cues import animacy_of, speaker_of

CASES = [
    # (text, quotation content start, kind, speaker, mention)
    ("Keir Starmer said: “We will win the next election.”", "We will", "direct",
     "Keir Starmer", "Keir Starmer"),
    ("“We will win the next election,” Keir Starmer said.", "We will", "direct",
     "Keir Starmer", "Keir Starmer"),
    ("“We will win the next election,” said Keir Starmer.", "We will", "direct",
     "Keir Starmer", "Keir Starmer"),
    ("Rachel Reeves told the Press Association: “The economy is stuck.”", "The economy",
     "direct", "Rachel Reeves", "Rachel Reeves"),
    ("Boris Johnson arrived late.\n\nSpeaking in Ruislip, Mr Johnson said: “It was a long "
     "night for us all.”", "It was", "direct", "Boris Johnson", "Mr Johnson"),
    ("Ed Davey was pleased. He said: “This is a great day for the party.”", "This is",
     "direct", "Ed Davey", "He"),
    ("Labour leader Keir Starmer said his party had reached a “turning point” at last.",
     "turning point", "partial", "Keir Starmer", "Keir Starmer"),
    ("Angela Rayner arrived.\n\nThe deputy leader was blunt. She said:\n\n“We have work to "
     "do in every town.”", "We have", "direct", "Angela Rayner", "She"),
    ("Critics dubbed it the “sausage war” last month.", "sausage war", "other", None, None),
]


@pytest.mark.parametrize(("text", "content", "kind", "speaker", "mention"), CASES)
def test_cue_positions(extract_one, text, content, kind, speaker, mention) -> None:
    quotes = [q for q in extract_one(text) if q["text"].startswith(content)]
    assert len(quotes) == 1, quotes
    [quote] = quotes
    assert quote["kind"] == kind
    assert quote["speaker"] == speaker
    assert (quote["speaker_mention"] or {}).get("text") == mention


def test_interrupted_quote_is_one_statement(extract_one) -> None:
    text = "“This is a historic day,” she said, “and we will not waste it.”"
    [quote] = extract_one(text)
    first, second = text.index("This"), text.index("and we")
    assert quote["parts"] == [[first, text.index("”")], [second, text.rindex("”")]]
    assert quote["speaker_mention"]["text"] == "she"


def test_floating_paragraph_inherits_speaker(extract_one) -> None:
    text = ("“We will build the homes,” said Sadiq Khan.\n\n"
            "“And we will do it faster than anyone thought possible.”\n\n"
            "The Conservatives disagreed.")
    quotes = [q for q in extract_one(text) if q["kind"] == "direct"]
    assert [q["speaker"] for q in quotes] == ["Sadiq Khan", "Sadiq Khan"]
    assert quotes[1]["method"] == "floating"


def test_role_before_name_resolves_by_date(extract_one) -> None:
    text = "The prime minister said: “We have delivered on our promise.”"
    assert extract_one(text, "2022-05-06")[0]["speaker"] == "Boris Johnson"
    assert extract_one(text, "2012-05-05")[0]["speaker"] == "David Cameron"


def test_people_sharing_a_name_stay_apart(extract_one) -> None:
    text = ("Ed Miliband said: “The plan has failed.”\n\n"
            "Ed Balls said: “Growth has flatlined.”\n\n"
            "“We need a new approach,” Mr Miliband said.")
    assert [q["speaker"] for q in extract_one(text)] == ["Ed Miliband", "Ed Balls", "Ed Miliband"]


def test_indirect_speech(extract_one) -> None:
    text = "Nicola Sturgeon argued that the result gave her party a clear mandate."
    [quote] = extract_one(text)
    assert quote["kind"] == "indirect"
    assert quote["text"] == "the result gave her party a clear mandate"
    assert quote["speaker"] == "Nicola Sturgeon"


def test_according_to(extract_one) -> None:
    [quote] = extract_one("According to the Treasury, borrowing will fall next year.")
    assert quote["kind"] == "indirect"
    assert quote["speaker_mention"]["text"] == "Treasury"


def test_boilerplate_creates_nothing(extract_one) -> None:
    text = ("Labour won.\n\nRelated:\nStarmer: “We are back”\n\n"
            "Support our journalism: donate today\n\nHave your say in the comments below")
    assert extract_one(text) == []


def test_role_phrase_around_a_name(extract_one) -> None:
    text = "The leader of Carlisle City Council John Mallinson said: “We are open for business.”"
    [quote] = extract_one(text)
    assert quote["speaker"] == "John Mallinson"
    assert quote["role"] == "leader of Carlisle City Council"


# --- speakers the parse does not hand over directly -------------------------------------


def test_colon_sentence_subject_speaks(extract_one) -> None:
    text = ("Angela Rayner made the following remark:\n\n"
            "“We will build the homes, and nobody will stop us.”")
    [quote] = extract_one(text)
    assert (quote["kind"], quote["speaker"], quote["method"]) == ("direct", "Angela Rayner",
                                                                  "name")


def test_quotation_after_an_attribution_sentence(extract_one) -> None:
    text = ("The council may be reluctant to act while the review is under way, "
            "Councillor Adam Hug said. “The other factor is money, and we have none.”")
    direct = [q for q in extract_one(text) if q["kind"] == "direct"]
    assert [q["speaker"] for q in direct] == ["Adam Hug"]


# (text, kind of the one quotation checked or None for the only one, expected values)
SPEAKER_RULES = [
    pytest.param(
        "Yvette Cooper said she recalled thinking, “This is what everyone warned us about.”",
        "direct", {"mention": "Yvette Cooper"}, id="nested pronoun takes the outer name"),
    pytest.param(
        "Sir Mark Rowley, the Metropolitan Police commissioner, said the footage was "
        "unclear, but he said later that the evidence “supports what we have heard.”",
        "partial", {"mention": "he", "speaker": "Mark Rowley"},
        id="coordinated cue keeps its own pronoun"),
    pytest.param(
        "Wes Streeting appeared on Sky News on Sunday and began by saying he would "
        "“never” privatise the NHS.",
        "partial", {"speaker": "Wes Streeting"},
        id="participle after a preposition inherits the subject"),
    pytest.param(
        "Downing Street issued a statement calling the leak “deeply regrettable.”",
        "partial", {"mention": "Downing Street"}, id="a statement speaks for its issuer"),
    pytest.param(
        "During his years in office, Mr Blair said, most voters have come to believe "
        "“that devolution is here to stay.”",
        "partial", {"mention": "Mr Blair"}, id="parenthetical cue beside the clause"),
    pytest.param(
        "Former ministers Hilary Benn and Yvette Cooper urged the leader to change course.\n\n"
        "“When the message was clear, the lead was strong,” they wrote in The Times.",
        "direct", {"mention": "they", "speaker": "Hilary Benn and Yvette Cooper"},
        id="they after two people named together"),
    pytest.param(
        "Sarah Jones won in Croydon and Tom Hayes in Bournemouth, with both candidates "
        "saying voters wanted “a fresh start”.",
        "partial", {"speaker": "Sarah Jones and Tom Hayes"},
        id="both candidates are the two people just named"),
    pytest.param(
        "Hilary Benn and Yvette Cooper said the party must “stay the course”.",
        "partial", {"speaker": "Hilary Benn and Yvette Cooper"}, id="two speakers named together"),
    pytest.param(
        "Protesters said they want “justice for Sarah” and a public inquiry.",
        "partial", {"mention": "Protesters"},
        id="people nouns outrank a pronoun inside their clause"),
    pytest.param(
        "Boris Johnson took to Twitter overnight to accuse the BBC of bias and encourage "
        "viewers to check out what he called its “scandalous coverage.”",
        "partial", {"mention": "Boris Johnson"}, id="outer name through a subjectless clause"),
    pytest.param(
        "The statement noted they had previously said they would take “further "
        "significant measures” if the talks failed.",
        "partial", {"mention": "The statement"},
        id="a statement is a source that outranks nested pronouns"),
    pytest.param(
        "The Labour advert uses footage of Boris Johnson saying, “We will not raise "
        "taxes on working people.”",
        None, {"speaker": "Boris Johnson"}, id="participle right after a name"),
    pytest.param(
        "The minister was asked about housing.\n\n\"We will build the homes this country "
        "needs and we will do it fast.\"\n\n- Angela Rayner, speaking in Manchester.",
        "direct", {"speaker": "Angela Rayner"}, id="signed on the line after the quotation"),
    pytest.param(
        "As one Conservative MP put it, \"The party has lost its way and the voters know it.\"",
        "direct", {"mention": "one Conservative MP"}, id="as one MP put it"),
    pytest.param(
        "Kay Burley asked the minister about the policy.\n\n\"Is that really the plan for "
        "the next five years?\" Burley pressed.",
        "direct", {"speaker": "Kay Burley", "mention": "Burley"},
        id="a verb outside the lexicon after a question and its subject"),
    pytest.param(
        "\"We will not comment on leaks,\" said the prime minister's spokesman, Jamie Davies.",
        "direct", {"speaker": "Jamie Davies"}, id="the apposition names an owned role"),
    pytest.param(
        "Rishi Sunak arrived.\n\n\"We will not comment on leaks,\" said Sunak's spokesman.",
        "direct", {"speaker": None, "mention": "Sunak's spokesman"},
        id="the owner of a role is not its holder"),
    pytest.param(
        "The decision rests with the Home Secretary, Yvette Cooper, who told MPs last month: "
        "\"The matter is being handled by independent officers.\"",
        "direct", {"speaker": "Yvette Cooper", "mention": "who"},
        id="a relative pronoun is the mention, its noun the speaker"),
    pytest.param(
        "Nicola Sturgeon spoke in Glasgow.\n\n\"The people of Scotland have spoken,\" she "
        "added.", "direct", {"speaker": "Nicola Sturgeon", "mention": "she"},
        id="a registry name the recogniser calls an organisation is a person"),
    pytest.param(
        "Susan Hall disagreed. \"Londoners feel unsafe,\" she said.",
        "direct", {"speaker": "Susan Hall"}, id="a surname that is a place word"),
    pytest.param(
        "Rishi Sunak visited the site.\n\nA Downing Street spokesman said: \"The Prime "
        "Minister is confident in the plan.\"",
        "direct", {"speaker": None, "mention": "A Downing Street spokesman"},
        id="an indefinite role is someone new"),
    pytest.param(
        "Boris Johnson told the BBC's Today programme: \"I have no regrets.\"",
        "direct", {"speaker": "Boris Johnson"}, id="a colon after a programme's name"),
]


def test_speaker_labels_before_a_colon(extract_one) -> None:
    quotes = extract_one(
        "Keir Starmer and Rishi Sunak clashed on tax at the debate.\n\nStarmer: \"You have "
        "raised taxes fourteen times.\" Sunak: \"We have cut national insurance twice.\"")
    assert [(q["speaker"], q["cue_method"]) for q in quotes] == [
        ("Keir Starmer", "label"), ("Rishi Sunak", "label")]
    # a label that names no one is no speaker
    [note] = extract_one("The debate began.\n\nNote: \"All times are approximate and may "
                         "change.\"")
    assert note["speaker"] is None


@pytest.mark.parametrize(("text", "kind", "expected"), SPEAKER_RULES)
def test_speaker_rules(extract_one, text, kind, expected) -> None:
    [quote] = [q for q in extract_one(text) if kind is None or q["kind"] == kind]
    found = {"mention": (quote["speaker_mention"] or {}).get("text"),
             "speaker": quote["speaker"]}
    assert {key: found[key] for key in expected} == expected




def test_quotation_closed_by_a_full_stop_ends_its_sentence(nlp) -> None:
    text = ("Kemi Badenoch says Labour’s “latest U-turn is chaotic, even for them.” "
            "She says it shows the party is “unfit to govern.”")
    sentences = [s.text for s in nlp(text).sents]
    assert sentences[-1].startswith("She says")


def test_title_case_paragraph_is_a_heading(extract_one) -> None:
    text = "Labour won the vote.\n\n‘All Bets Are Off’\n\nThe markets fell on Monday."
    [quote] = extract_one(text)
    assert (quote["kind"], quote["speaker"]) == ("other", None)


# --- learned frames ---------------------------------------------------------------------


def test_frame_reports_a_position_when_asked_for_all(extract_one) -> None:
    text = "The shadow home secretary attacked the Home Office for its handling of the crisis."
    assert extract_one(text) == []  # a position, not reported speech: left out by default
    [quote] = extract_one(text, indirect="all")
    assert quote["kind"] == "indirect"
    assert quote["speaker_mention"]["text"] == "The shadow home secretary"
    assert 0 < quote["confidence"] < 1


def test_scare_quotes_inside_a_frame_are_one_partial_quotation(extract_one) -> None:
    text = ("Nigel Farage attacked the Home Office as a “bureaucratic mess” and "
            "a “shambles” on Tuesday.")
    [quote] = [q for q in extract_one(text) if q["kind"] != "indirect"]
    assert quote["kind"] == "partial"
    assert quote["speaker"] == "Nigel Farage"
    assert [text[s:e] for s, e in quote["parts"]] == ["bureaucratic mess", "shambles"]


def test_scare_quotes_of_a_named_subject_are_theirs(extract_one) -> None:
    text = "Nigel Farage has gone after the Chancellor as a “fiscal arsonist” this week."
    [quote] = [q for q in extract_one(text) if q["kind"] != "indirect"]
    assert (quote["kind"], quote["speaker"]) == ("partial", "Nigel Farage")
    assert quote["text"] == "fiscal arsonist"









def test_a_negated_cue_introduces_nothing(extract_one) -> None:
    text = ("“We have had problems with cyber attacks before,” Keir Starmer said after the "
            "summit. He did not suggest retaliation. “Our goal is to avoid escalation.”")
    quotes = [q for q in extract_one(text) if q["kind"] == "direct"]
    assert all(q["speaker"] == "Keir Starmer" for q in quotes)
    assert all(q["speaker_mention"]["text"] != "He" for q in quotes)


def test_a_party_in_the_possessive_is_not_a_person(extract_one) -> None:
    text = ("Kemi Badenoch says Labour’s “latest U-turn is chaotic, even for them.” "
            "She says it shows the party is “unfit to govern.”")
    assert "Labour" not in {q["speaker"] for q in extract_one(text)}


@pytest.mark.parametrize(("ents", "expected"), [
    ([("PERSON", 0, 2), ("ORG", 4, 5)], 2),  # "Keir Starmer" elsewhere: the surname is his
    ([("ORG", 4, 5)], 1),                   # nothing says it is a person's name
])
def test_a_surname_tagged_as_an_organisation(blank_nlp, ents, expected) -> None:
    from spacy.tokens import Doc, Span

    words = ["Keir", "Starmer", "spoke", ".", "Starmer", "said", "so"]
    doc = Doc(blank_nlp.vocab, words=words,
              pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "ADV"])
    doc.ents = [Span(doc, start, end, label=label) for label, start, end in ents]
    assert animacy_of(doc[4:5]) == expected


def test_an_opening_participle_is_not_the_speaker(blank_nlp) -> None:
    # "Branding it a coronation, Alun Jones MS said:", parsed (as en_core_web_sm does)
    # with "Branding" as the subject and the name as its modifier
    from spacy.tokens import Doc, Span

    words = ["Branding", "it", "a", "coronation", ",", "Alun", "Jones", "MS", ",", "said", ":"]
    heads = [9, 0, 3, 0, 0, 7, 7, 0, 7, 9, 9]
    deps = ["nsubj", "dative", "det", "dobj", "punct", "compound", "compound", "npadvmod",
            "punct", "ROOT", "punct"]
    pos = ["PROPN", "PRON", "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "PROPN", "PUNCT",
           "VERB", "PUNCT"]
    doc = Doc(blank_nlp.vocab, words=words, heads=heads, deps=deps, pos=pos,
              tags=["NNP", "PRP", "DT", "NN", ",", "NNP", "NNP", "NNP", ",", "VBD", ":"])
    doc.ents = [Span(doc, 5, 7, label="PERSON")]
    assert speaker_of(doc[9]).text == "Alun Jones MS"


def test_it_said_is_the_organisation_that_spoke_last(extract_one) -> None:
    text = ("The Green Party said its councillors would oppose the budget.\n\n"
            "It said the cuts to bus services were a mistake.")
    found = {q["text"]: q["speaker"] for q in extract_one(text)}
    assert found["the cuts to bus services were a mistake"] == "Green Party"


def test_it_said_with_no_organisation_before_names_no_one(extract_one) -> None:
    text = ("Rachel Reeves spoke in Leeds on Monday.\n\n"
            "It said the cuts to bus services were a mistake.")
    found = {q["text"]: q["speaker"] for q in extract_one(text)}
    assert found.get("the cuts to bus services were a mistake") is None



def test_a_passive_participle_reports_a_question_put_to_the_subject(extract_one) -> None:
    # "Asked whether ...": someone else asked; the minister answers in the main clause
    text = ("Asked whether the tax on fuel would rise, Rachel Reeves said the budget "
            "would settle it.")
    found = {q["text"]: q["speaker"] for q in extract_one(text)}
    assert found.get("the tax on fuel would rise") is None
    assert found["the budget would settle it"] == "Rachel Reeves"


@pytest.mark.parametrize(("text", "role"), [
    ("Mary Okafor, a nurse at the Royal Infirmary, said the ward had been closed.",
     "nurse at the Royal Infirmary"),
    # the description stops where a clause about something else begins
    ("Tom Reid, a lawyer for the tenants' union, which is suing the council, said the "
     "rent rise was unlawful.", "lawyer for the tenants' union"),
])
def test_an_indefinite_apposition_is_the_speakers_role(extract_one, text, role) -> None:
    [quote] = [q for q in extract_one(text) if q["kind"] == "indirect"]
    assert quote["role"] == role


def test_a_reported_clause_ends_before_adding_a_quotation(extract_one) -> None:
    # the parse hangs "adding" from the reported verb, not from "said"
    text = ("Ms Patel said she would set out her plans for the railways at that meeting, "
            "adding: “People want trains that run.”")
    found = {q["text"]: (q["kind"], q["speaker"]) for q in extract_one(text)}
    assert found["she would set out her plans for the railways at that meeting"] == (
        "indirect", "Patel")
    assert found["People want trains that run."] == ("direct", "Patel")


SPEECH_SLOT = [
    pytest.param("“Absolutely not,” Ed Davey said when asked about a pact.", "Absolutely not",
                 "Ed Davey", "cue", id="a short answer before its cue is speech, not a title"),
    pytest.param("Asked if he would resign, Lindsay Hoyle said, “Never.”", "Never", "Lindsay Hoyle",
                 "cue", id="a one-word answer after its cue"),
    pytest.param("“Security,” said Mary Lou McDonald. “Security for everyone.”", "Security",
                 "Mary Lou McDonald", "cue", id="an inverted cue after a one-word quotation"),
    pytest.param("Keir Starmer arrived late.\n\n“The way I see it,” he elaborated, “the vote "
                 "was won on the doorstep.”", "The way", "Keir Starmer", "slot",
                 id="a verb outside the lexicon in the place of said"),
]


@pytest.mark.parametrize(("text", "content", "speaker", "cue_method"), SPEECH_SLOT)
def test_the_slot_of_speech(extract_one, text, content, speaker, cue_method) -> None:
    [quote] = [q for q in extract_one(text) if q["text"].startswith(content)]
    assert (quote["kind"], quote["speaker"], quote["cue_method"]) == (
        "direct", speaker, cue_method)


def test_a_naming_word_in_the_sentence_before_names_nothing(extract_one) -> None:
    text = ("She ran the Reform UK campaign.\n\n“The seat is a battle of niches,” "
            "Zia Yusuf said.")
    [quote] = [q for q in extract_one(text) if q["text"].startswith("The seat")]
    assert (quote["kind"], quote["speaker"]) == ("direct", "Zia Yusuf")


def test_a_title_beside_a_verb_is_still_a_title(extract_one) -> None:
    text = "The film “Brexit: The Uncivil War” drew criticism, critics said."
    [quote] = [q for q in extract_one(text) if q["text"].startswith("Brexit")]
    assert quote["kind"] == "other" and quote["speaker"] is None


def test_a_programme_title_before_a_cue_is_not_speech(extract_one) -> None:
    text = "Speaking on ITV’s “Good Morning Britain,” Kemi Badenoch said the plan would fail."
    [quote] = [q for q in extract_one(text) if q["text"].startswith("Good")]
    assert quote["kind"] == "other" and quote["speaker"] is None


@pytest.mark.parametrize(("text", "mention"), [
    ("“Meh,” wrote a Labour activist who runs a campaign account. “Who cares?”",
     "a Labour activist"),
    ("“Republicans are so frustrated,” said Oversight ranking Democrat Jamie Raskin.",
     "Jamie Raskin"),
], ids=["up to the relative clause", "a participle inside the role phrase"])
def test_the_speaker_after_an_inverted_cue(extract_one, text, mention) -> None:
    quote = extract_one(text)[0]
    assert quote["speaker_mention"]["text"] == mention


def test_registry_names_are_relabelled_people(blank_nlp) -> None:
    from spacy.tokens import Span

    from quotes.nlp.known_people import KnownPeople
    from quotes.people.imports import default_registry

    doc = blank_nlp("Nicola Sturgeon and the Labour Party met Baroness Hale in Kemi Badenoch "
                    "Street and Duke University")
    doc.ents = [Span(doc, 0, 2, label="ORG"), Span(doc, 4, 6, label="ORG"),
                Span(doc, 8, 9, label="ORG"), Span(doc, 10, 13, label="FAC"),
                Span(doc, 14, 16, label="ORG")]
    labels = [(e.text, e.label_) for e in KnownPeople(default_registry())(doc).ents]
    assert labels == [("Nicola Sturgeon", "PERSON"), ("Labour Party", "ORG"),
                      ("Hale", "PERSON"), ("Kemi Badenoch Street", "FAC"),
                      ("Duke University", "ORG")]
