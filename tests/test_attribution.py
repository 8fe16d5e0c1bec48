"""Cues, speakers and kinds in every position, with the real pipeline."""

from __future__ import annotations

import pytest

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
