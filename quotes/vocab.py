"""Named word lists shared by the pipeline, the people registry and the claim detector.

A list that more than one module reads lives here, so changing what counts as a speech
verb or an honorific is a one-line edit in one place. A list that serves one rule only
stays beside that rule, named in capitals at the top of its module (the naming words of
attribution, the feature lexicons of the claim detector, which its trained weights
depend on), where the rule's reader sees it.
"""

from __future__ import annotations

# Lemmas of verbs that introduce speech, writing or a stated position. Matched on the
# token lemma, so "said", "says" and "saying" all hit "say".
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add ask answer reply respond state declare announce explain write post tweet
    argue warn insist claim concede admit acknowledge allege assert contend maintain
    suggest note observe remark comment continue go_on urge demand call plead promise
    pledge vow predict estimate forecast report reveal disclose confirm deny dismiss
    accuse blame charge criticise criticize attack blast slam praise hail welcome describe
    complain lament boast joke quip scoff sneer retort counter rebut repeat stress
    emphasise emphasize underline point_out recall reiterate conclude agree disagree
    testify recount tell_of caution indicate mention signal hint outline
    characterise characterize brand label dub
    sing chant shout yell exclaim cry scream whisper mutter murmur read recite
    propose plan intend seek threaten recommend cite question show find learn
    condemn reject defend support oppose discuss refuse decline
    think believe feel fear hope worry expect want
    """.split()
)

# Verbs that only count as a cue when they govern a quotation or a clause; alone they
# are too common ("he thinks", "she wants") to mark reported speech.
WEAK_SPEECH_VERBS: frozenset[str] = frozenset(
    "think believe feel fear hope worry expect want call continue go_on describe".split()
)

# Speech acts whose content can be a noun phrase ("called for a review", "denied the
# claims"): for indirect speech their object counts as what was said.
OBJECT_CONTENT_VERBS: frozenset[str] = frozenset(
    """
    propose cite deny demand call reject accuse urge predict promise pledge vow
    recommend claim question criticise criticize condemn blame dismiss outline announce
    """.split()
)
# Verbs of intention whose infinitive reports a position ("wants to scrap the tax").
INTENT_VERBS: frozenset[str] = frozenset(
    "want promise pledge vow threaten refuse urge propose call intend seek".split()
)
# Words that belong to a role phrase even when the parse hangs them elsewhere
# ("the shadow Chancellor Ed Balls").
ROLE_MODIFIERS: frozenset[str] = frozenset(
    "shadow deputy former acting interim outgoing incoming new prime junior vice".split()
)

# Multi-word cues matched as token sequences (lower-cased).
CUE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("according", "to"),
    ("went", "on"),
    ("goes", "on"),
    ("pointed", "out"),
    ("points", "out"),
    ("in", "the", "words", "of"),
)

# Head nouns of role phrases ("the prime minister", "Labour leader", "Conservative MP").
ROLE_NOUNS: frozenset[str] = frozenset(
    """
    minister pm dpm secretary chancellor leader mayor mp msp councillor chair chairman chairwoman
    chairperson president premier spokesman spokeswoman spokesperson deputy whip speaker
    governor senator candidate chief executive director head commissioner member peer
    adviser advisor envoy ambassador officer founder boss treasurer economist analyst
    host presenter anchor interviewer journalist correspondent editor reporter broadcaster
    """.split()
)
# Nouns of speech acts whose owner speaks the fragment they hold ("the justice secretary's
# attack on Labour's 'appalling' record", "Cameron's claim of 'the greenest government'").
SPEECH_NOUNS: frozenset[str] = frozenset(
    """
    attack claim warning pledge promise criticism remark comment jibe accusation boast
    insistence vow plea demand admission assertion suggestion description condemnation
    dismissal verdict complaint threat charge denial rebuke swipe
    """.split()
)
# Speech verbs that judge rather than assert: their object is no claim the speaker makes
# ("Farage condemned the bloc's leaders for their £52bn divorce bill").
EVALUATIVE_VERBS: frozenset[str] = frozenset(
    """
    condemn criticise criticize attack praise urge call slam blast hail welcome mock brand
    dismiss label denounce applaud congratulate thank
    """.split()
)
# Speech nouns that judge rather than assert ("his attack on the plan"); the rest assert
# what they govern ("Cameron's claim of presiding over ...").
EVALUATIVE_NOUNS: frozenset[str] = frozenset(
    "attack criticism jibe condemnation dismissal rebuke swipe verdict complaint".split()
)
# Role nouns of people who report the news rather than make it.
MEDIA_ROLES: frozenset[str] = frozenset(
    "host presenter anchor interviewer journalist correspondent editor reporter broadcaster"
    .split()
)
# Honorifics and titles written before a name. Lower-case, without the full stop.
HONORIFICS: frozenset[str] = frozenset(
    """
    mr mrs ms miss mx dr sir dame lord lady baroness baron viscount earl duke duchess
    rev revd reverend prof professor rt hon cllr councillor gen general col colonel capt
    captain president senator sen rep gov governor judge justice
    """.split()
)

# Honorifics that tell the person's gender, for pronoun agreement.
MALE_HONORIFICS: frozenset[str] = frozenset("mr sir lord baron viscount earl duke".split())
FEMALE_HONORIFICS: frozenset[str] = frozenset(
    "mrs ms miss dame lady baroness duchess".split()
)

MALE_PRONOUNS: frozenset[str] = frozenset("he him his himself".split())
FEMALE_PRONOUNS: frozenset[str] = frozenset("she her hers herself".split())
PLURAL_PRONOUNS: frozenset[str] = frozenset("they them their themselves".split())
SPEAKER_PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "i", "we"})

# Capitalised words the entity recogniser sometimes takes for people.
NOT_PEOPLE: frozenset[str] = frozenset(
    """
    labour tory tories conservative conservatives lib dem dems libdems snp reform green
    greens plaid dup ukip brexit commons lords parliament downing whitehall westminster
    brussels holyrood stormont senedd nhs bbc itv sky government cabinet treasury
    """.split()
)

# Parties and bodies under the short forms news text uses, with their full names: the
# full name is the speaker, the short form an alias ("DUP" -> Democratic Unionist Party).
ORGANISATION_NAMES: dict[str, str] = {
    "labour": "Labour Party", "the labour party": "Labour Party",
    "tories": "Conservative Party", "the tories": "Conservative Party",
    "conservatives": "Conservative Party", "the conservatives": "Conservative Party",
    "the conservative party": "Conservative Party",
    "lib dems": "Liberal Democrats", "the lib dems": "Liberal Democrats",
    "libdems": "Liberal Democrats", "the liberal democrats": "Liberal Democrats",
    "liberal democrats": "Liberal Democrats", "liberal democrat": "Liberal Democrats",
    "lib dem": "Liberal Democrats", "green party": "Green Party", "greens": "Green Party",
    "snp": "Scottish National Party", "the snp": "Scottish National Party",
    "dup": "Democratic Unionist Party", "the dup": "Democratic Unionist Party",
    "uup": "Ulster Unionist Party", "the uup": "Ulster Unionist Party",
    "ulster unionists": "Ulster Unionist Party", "the ulster unionists": "Ulster Unionist Party",
    "ulster unionist party": "Ulster Unionist Party",
    "sf": "Sinn Féin", "alliance party": "Alliance Party",
    "sdlp": "Social Democratic and Labour Party", "the sdlp": "Social Democratic and Labour Party",
    "sinn fein": "Sinn Féin", "sinn féin": "Sinn Féin",
    "plaid": "Plaid Cymru", "plaid cymru": "Plaid Cymru",
    "ukip": "UK Independence Party", "the greens": "Green Party", "the green party": "Green Party",
    "reform uk": "Reform UK", "tuv": "Traditional Unionist Voice",
    "ons": "Office for National Statistics", "the ons": "Office for National Statistics",
    "obr": "Office for Budget Responsibility", "the obr": "Office for Budget Responsibility",
    "ifs": "Institute for Fiscal Studies", "the ifs": "Institute for Fiscal Studies",
}

# Words that head a vague source ("sources said", "critics argue").
VAGUE_SOURCES: frozenset[str] = frozenset(
    """
    source sources critic critics expert experts analyst analysts observer observers
    insider insiders official officials aide aides ally allies people some many others
    commentator commentators supporter supporters opponent opponents groups
    """.split()
)
# Things that carry figures, whose issuer is the source ("figures from NHS England show").
DATA_NOUNS: frozenset[str] = frozenset(
    "figure data statistic analysis report study survey research poll estimate".split()
)

# Irregular past forms of speech verbs, for matching before the lemmatizer has run.
IRREGULAR_SPEECH_FORMS: dict[str, tuple[str, ...]] = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "think": ("thought",),
    "feel": ("felt",), "sing": ("sang", "sung"), "read": ("read",), "go_on": ("went",),
}


def speech_forms() -> frozenset[str]:
    """Inflected forms of SPEECH_VERBS (says, said, warned, insisting...), lower-case."""
    forms: set[str] = set()
    for lemma in SPEECH_VERBS:
        word = lemma.split("_")[0]
        stem = word[:-1] if word.endswith("e") else word
        forms.update({word, word + "s", stem + "ed", stem + "ing", word + "d", word + "es"})
        if word.endswith("y"):
            forms.update({word[:-1] + "ies", word[:-1] + "ied"})
        if len(word) > 2 and word[-1] not in "aeiouwy" and word[-2] in "aeiou":
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
        forms.update(IRREGULAR_SPEECH_FORMS.get(lemma, ()))
    return frozenset(forms)


SPEECH_FORMS: frozenset[str] = speech_forms()

# Lower-case words of time and quantity the entity recogniser puts in a DATE, TIME,
# CARDINAL or MONEY ("last week", "this morning", "dozens", "millions of dollars");
# number words and ordinals are spaCy's like_num. Found in its entities on PolNeAR train.
TIME_AND_QUANTITY_WORDS: frozenset[str] = frozenset(
    """
    afternoon ago annual annually billions cent centuries century couple daily day days
    decade decades dollar dollars dozen dozens evening fall fiscal fortnight half holiday
    hour hourly hours hundreds midnight miles millions minute minutes month monthly months
    morning night nights noon overnight pounds quarter quarterly season seconds spring
    summer tens thousands today tomorrow ton tonight trillions week weekend weekly weeks
    winter year years yesterday
    """.split()
)
