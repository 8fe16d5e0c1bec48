"""Speakers under their canonical names: what news style glues to a name comes off,
run-together names are two people, parties are organisations, pronouns find the topic."""

from __future__ import annotations

import pytest

from quotes.nlp.people import is_party_name
from quotes.people.names import text_name


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("PM Rishi Sunak", "Rishi Sunak"),
        ("Bolsover MP Dennis Skinner", "Dennis Skinner"),
        ("Labour Together’s Christabel Cooper", "Christabel Cooper"),
        ("Rachael Hamilton MSP", "Rachael Hamilton"),
        ("NIGEL Farage", "Nigel Farage"),
        ("Andrew RT Davies", "Andrew RT Davies"),
        ("Rhun ap Iorwerth", "Rhun ap Iorwerth"),
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        ("MSP", ""),
    ],
)
def test_text_name(words: str, name: str) -> None:
    assert " ".join(text_name(words.split())) == name


@pytest.mark.parametrize(
    ("text", "party"),
    [("Scottish Labour", True), ("Welsh Conservatives", True), ("the Tories", True),
     ("Liberal Democrats", True), ("Damian Green", False), ("Keir Starmer", False)],
)
def test_party_names(text: str, party: bool) -> None:
    assert is_party_name(text) is party


@pytest.mark.parametrize(
    ("text", "published", "quote", "speaker"),
    [
        # the topic of "He said:" is the main-clause subject, not a name in a subordinate
        # clause, a reported clause or a prepositional phrase
        ("Keir Starmer spoke in Liverpool after Jeremy Corbyn took Labour to defeat in 2019. "
         "He said: “We have changed.”", None, "We have changed.", "Keir Starmer"),
        ("Rachel Reeves said Jeremy Hunt had left a £22bn gap.\n\nShe said: “We will fix it.”",
         None, "We will fix it.", "Rachel Reeves"),
        ("Damien Egan urged supporters to return whenever Rishi Sunak calls an election.\n\n"
         "“We will need every one of you,” he said.", None, "We will need every one of you,",
         "Damien Egan"),
        # a surname alone is the registry politician in office that day
        ("“The plan is working,” Sunak said.", "2023-05-01", "The plan is working,",
         "Rishi Sunak"),
        ("“We are not looking across the border with envy,” Mr Drakeford said.", "2020-05-20",
         "We are not looking across the border with envy,", "Mark Drakeford"),
        # capitals of emphasis, then the surname
        ("HUMZA Yousaf has spoken out.\n\n“I value the agreement,” Yousaf said.", None,
         "I value the agreement,", "Humza Yousaf"),
        # two names the recogniser ran together, and a party is never a person
        ("Starmer criticised ex-Prime Minister Liz Truss - Sunak said he had the “stomach” "
         "for it.", "2024-04-17", "stomach", "Rishi Sunak"),
        ("“We are ready,” the DUP said.", None, "We are ready,", "Democratic Unionist Party"),
        # a national party under its own name
        ("However, the Scottish Conservatives said Labour had “failed to stand up to the "
         "SNP”.", None, "failed to stand up to the SNP", "Scottish Conservatives"),
        # a surname the recogniser missed in one sentence is still the topic of the next
        ("Kay Burley clashed with chancellor Jeremy Hunt this morning.\n"
         "Burley added a quick jibe: “You won’t tell me!”\n"
         "Hunt ignored that comment, and said cutting taxes now would be inflationary.\n"
         "He added: “I do not have a crystal ball.”", None, "I do not have a crystal ball.",
         "Jeremy Hunt"),
        # a broadcaster's role phrase is the interviewer introduced before
        ("Kay Burley clashed with chancellor Jeremy Hunt this morning.\n"
         "Speaking to Hunt before his speech, the Sky News host ended up saying: “What are "
         "people actually voting for?”", None, "What are people actually voting for?",
         "Kay Burley"),
        # "Mr Sarwar" later makes "Anas Sarwar" a person wherever the recogniser put a place
        ("Anas Sarwar has said Scotland is being failed by “two bad governments”.\n\n"
         "Speaking in Glasgow on Monday, the Scottish Labour leader said both governments "
         "are “mired in scandal”.\n\nIn his speech, Mr Sarwar will say: “We are ready.”",
         None, "mired in scandal", "Anas Sarwar"),
        # "he" is never a woman the registry knows
        ("Liz Truss spoke in the Commons after Rishi Sunak had left.\n\nHe said: “We are "
         "ready.”", None, "We are ready.", "Rishi Sunak"),
        # the owner of a speech act speaks the fragment it holds
        ("Chris Grayling's attack on Labour's “appalling” record is the Tories' response.",
         None, "appalling", "Chris Grayling"),
        ("The move undermines David Cameron's claim of presiding over “the greenest "
         "government ever”.", None, "the greenest government ever", "David Cameron"),
        # plural roles are no one person; a past office is an extra description
        ("Peter Robinson said: “We are ready.”\n\nBefore the party decided, its ministers "
         "resigned.\n\nHe said: “We will return.”", None, "We will return.", "Peter Robinson"),
        ("Caitriona Ruane, chief whip of the party group, said Stormont had stalled.\n\n"
         "“We must do better,” the former Education Minister told the paper.", None,
         "We must do better,", "Caitriona Ruane"),
        # a surname the recogniser left out of the name; a party is never a forename
        ("SDLP minister Mark H Durkan underpinned the concern. “We are entrenched,” he said.",
         None, "We are entrenched,", "Mark H Durkan"),
        ("Sinn Fein has warned the DUP and Ulster Unionists are in “permanent election "
         "mode”.", None, "permanent election mode", "Sinn Féin"),
        # a document speaks for its owner
        ("In his letter, Peter Robinson thanked the party.\n\nHis letter went on: “It has "
         "been an honour.”", None, "It has been an honour.", "Peter Robinson"),
        # a forename alone is the registry politician in office whose seat the text names
        ("In his letter, Jeremy thanked the Prime Minister but added: “I have decided to step "
         "back to concentrate on projects in Horsham.”", "2023-11-13",
         "I have decided to step back to concentrate on projects in Horsham.", "Jeremy Quin"),
        # "the First Minister" of the nation the text names, also in a headline
        ("People in Wales are not looking “with envy” at England, the First Minister has "
         "said.", "2020-05-20", "with envy", "Mark Drakeford"),
        ("First Minister lays down the law to May: ‘The days when the Tories ruled Scotland "
         "are gone’", "2017-03-19", "The days when the Tories ruled Scotland are gone",
         "Nicola Sturgeon"),
        # an adverbial clause's cue keeps its own fragment; broadcasters' titles are
        # interchangeable; a generic "Cabinet minister" is the Home Secretary named
        # before, not a judge the quotation mentions
        ("James Cleverly, the new Home Secretary, spoke to presenter Amol Rajan.\n\n"
         "After the host described one answer as 'extraordinary', Mr Cleverly said: 'Are "
         "you asking questions?'\n\n'I am reporting what people like Jonathan Sumption "
         "have to say,' Rajan said.\n\nThe Cabinet minister said he does not 'think' the "
         "UK will leave.", None, "extraordinary", "Amol Rajan"),
        ("James Cleverly, the new Home Secretary, spoke to presenter Amol Rajan.\n\n"
         "'I am reporting what people like Jonathan Sumption have to say,' Rajan said.\n\n"
         "The Cabinet minister said he does not 'think' the UK will leave.", None, "think",
         "James Cleverly"),
        # undated, a surname is the registry politician one of whose posts the text names,
        # and stays a surname otherwise ("Burley" may be a broadcaster, not the former MP)
        ("“People in Wales are not looking across the border with envy,” Mr Drakeford "
         "said.", None, "People in Wales are not looking across the border with envy,",
         "Mark Drakeford"),
        ("“We are not looking across the border with envy,” Mr Drakeford said.", None,
         "We are not looking across the border with envy,", "Drakeford"),
        # undated, a role is the one person the text names who ever held the office,
        # even when the name comes after it; a person who never held it is not the role
        ("“The rules will stay for three more weeks,” the First Minister said.\n\n"
         "Mr Drakeford told the Senedd in Cardiff that Wales would move carefully.", None,
         "The rules will stay for three more weeks,", "Mark Drakeford"),
        ("Theresa May rejected the call on Monday.\n\n“Scotland will choose its own "
         "future,” the First Minister said in Glasgow, where Nicola Sturgeon was "
         "greeted by supporters.", None, "Scotland will choose its own future,",
         "Nicola Sturgeon"),
        # undated, a forename alone is the MP whose seat the text names, else it stays
        ("In a letter to constituents, Penny said: “Portsmouth North deserves better "
         "trains.”", None,
         "Portsmouth North deserves better trains.", "Penny Mordaunt"),
        ("In a letter to constituents, Penny said: “Our town deserves better trains.”", None,
         "Our town deserves better trains.", "Penny"),
        # a place the recogniser took into the name goes ("Mayor of South [Yorkshire]
        # Oliver Coppard"); a middle initial never starts a name
        ("Mayor of South Yorkshire Oliver Coppard said: “The trams will stay.”", None,
         "The trams will stay.", "Oliver Coppard"),
        ("Secretary of State John F. Kerry said: “We will keep talking.”", None,
         "We will keep talking.", "John F. Kerry"),
        # a name with a post-nominal is a person, though the recogniser takes it for a body
        ("In a statement, Jane Dodds MS said: “This budget fails rural Wales.”", None,
         "This budget fails rural Wales.", "Jane Dodds"),
        # a colon after any verb with a person as subject introduces their words, though
        # the parse roots the sentence inside the quotation
        ("The top Eurocrat insists progress must be made.\n\nNigel Farage hit back: “You’ve "
         "shown yourself with these demands to be vindictive, to be nasty.”", None,
         "You’ve shown yourself with these demands to be vindictive, to be nasty.",
         "Nigel Farage"),
        # "pointed out" reports a clause
        ("Chris Leslie pointed out energy bills have already risen by £300 since the last "
         "general election.", None,
         "energy bills have already risen by £300 since the last general election",
         "Chris Leslie"),
        # a surname that starts with a particle, after an honorific
        ("Welsh Liberal Democrat Sian ap Rhys spoke in Aberystwyth.\n\nMs ap Rhys said "
         "the cuts would hurt rural schools.", None,
         "the cuts would hurt rural schools", "Sian ap Rhys"),
        # a journalist's short form of a role is the role spelled out
        ("Prime Minister Keir Starmer visited Hull.\n\nAsked about the port, the PM said: "
         "“We will invest in it.”", None, "We will invest in it.", "Keir Starmer"),
        # a short sentence of speech is no title
        ("Burley said: “Please answer.”\nHunt replied: “No.”\nBurley said: “Yes, please.”",
         None, "Yes, please.", "Burley"),
    ],
)
def test_speaker_names(extract_one, text: str, published: str | None, quote: str,
                       speaker: str) -> None:
    found = {q["text"]: q["speaker"] for q in extract_one(text, published)}
    assert found[quote] == speaker
