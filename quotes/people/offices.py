"""Offices and parties as the registry spells them: party names folded to one,
office titles and the phrases news text uses for them ("the prime minister", "the
shadow chancellor"), and how prominent a role is."""

from __future__ import annotations

import re
from functools import lru_cache

from quotes.people.names import (
    strip_accents,
)

# Party names as written in the sources -> the one name the registry uses.
PARTY_NAMES: dict[str, str] = {
    "con": "Conservative",
    "conservative": "Conservative",
    "conservative party": "Conservative",
    "conservative and unionist party": "Conservative",
    "tory": "Conservative",
    "lab": "Labour",
    "labour": "Labour",
    "labour party": "Labour",
    "lab/co-op": "Labour",
    "labour (co-op)": "Labour",
    "labour co-operative": "Labour",
    "ldem": "Liberal Democrat",
    "libdem": "Liberal Democrat",
    "lib dem": "Liberal Democrat",
    "liberal democrat": "Liberal Democrat",
    "liberal democrats": "Liberal Democrat",
    "snp": "SNP",
    "scottish national party": "SNP",
    "green": "Green",
    "green party": "Green",
    "reform uk": "Reform UK",
    "reform": "Reform UK",
    "ukip": "UKIP",
    "pc": "Plaid Cymru",
    "plaid cymru": "Plaid Cymru",
    "dup": "DUP",
    "democratic unionist party": "DUP",
    "sf": "Sinn Féin",
    "sinn fein": "Sinn Féin",
    "sinn féin": "Sinn Féin",
    "sdlp": "SDLP",
    "social democratic & labour party": "SDLP",
    "social democratic and labour party": "SDLP",
    "uup": "UUP",
    "ulster unionist party": "UUP",
    "alliance": "Alliance",
    "tuv": "Traditional Unionist Voice",
    "traditional unionist voice": "Traditional Unionist Voice",
    "ukup": "UK Unionist",
    "ind": "Independent",
    "independent": "Independent",
    "ind con": "Independent Conservative",
    "independent conservative": "Independent Conservative",
    "ind lab": "Independent Labour",
    "independent labour": "Independent Labour",
    "labour independent": "Independent Labour",
    "ind uu": "Independent Ulster Unionist",
    "res": "Respect",
    "respect": "Respect",
    "spk": "Speaker",
    "speaker": "Speaker",
    "cwm": "Deputy Speaker",
    "dcwm": "Deputy Speaker",
    "crossbench": "Crossbench",
    "non-affiliated": "Non-affiliated",
    "liberal": "Liberal",
    "social democratic party": "SDP",
    "change uk - the independent group": "Change UK",
    "the independent group for change": "Change UK",
    "your party": "Your Party",
    "restore britain": "Restore Britain",
    "lord speaker": "Lord Speaker",
}


def normalise_party(party: str | None) -> str | None:
    """The registry's name for a party ("Lab/Co-op" -> "Labour"); unknown names pass through."""
    if party is None:
        return None
    text = " ".join(party.split())
    if not text or text.casefold() in {"other", "none", "null"}:
        return None
    return PARTY_NAMES.get(text.casefold(), text)


_SOS = "secretary of state for "

# Official titles of the main offices, as regular expressions over a role key (see
# ``role_key``). Several titles: the office was renamed over time.
OFFICE_TITLES: dict[str, tuple[str, ...]] = {
    "prime minister": ("prime minister",),
    "deputy prime minister": ("deputy prime minister",),
    "first secretary of state": ("first secretary of state",),
    "chancellor of the exchequer": ("chancellor of the exchequer",),
    "chief secretary to the treasury": ("chief secretary to the treasury",),
    "home secretary": (_SOS + "the home department", "home secretary"),
    "foreign secretary": (
        _SOS + "foreign and commonwealth affairs",
        _SOS + "foreign, commonwealth and development affairs",
        "foreign secretary",
    ),
    "health secretary": (
        _SOS + "health",
        _SOS + "health and social care",
        _SOS + "social services",
    ),
    "education secretary": (
        _SOS + "education",
        _SOS + "education and science",
        _SOS + "education and employment",
        _SOS + "education and skills",
        _SOS + "children, schools and families",
    ),
    "culture secretary": (
        _SOS + "national heritage",
        _SOS + "culture, media and sport",
        _SOS + "culture, olympics, media and sport",
        _SOS + "digital, culture, media and sport",
    ),
    "business secretary": (
        _SOS + "trade and industry",
        _SOS + "business, enterprise and regulatory reform",
        _SOS + "business, innovation and skills",
        _SOS + "business, energy and industrial strategy",
        _SOS + "business and trade",
    ),
    "trade secretary": (
        _SOS + "trade",
        _SOS + "trade and industry",
        _SOS + "international trade",
        _SOS + "business and trade",
    ),
    "brexit secretary": (_SOS + "exiting the european union",),
    "defence secretary": (_SOS + "defence",),
    "justice secretary": (_SOS + "justice and lord chancellor", _SOS + "justice"),
    "lord chancellor": (
        "lord chancellor",
        _SOS + "justice and lord chancellor",
        _SOS + "constitutional affairs and lord chancellor",
    ),
    "work and pensions secretary": (_SOS + "work and pensions",),
    "transport secretary": (_SOS + "transport",),
    "environment secretary": (
        _SOS + "the environment",
        _SOS + "environment, food and rural affairs",
    ),
    "energy secretary": (
        _SOS + "energy",
        _SOS + "energy and climate change",
        _SOS + "energy security and net zero",
    ),
    "housing secretary": (
        _SOS + "communities and local government",
        _SOS + "housing, communities and local government",
        _SOS + "levelling up, housing and communities",
    ),
    "science secretary": (_SOS + "science, innovation and technology",),
    "international development secretary": (_SOS + "international development",),
    "scottish secretary": (_SOS + "scotland",),
    "welsh secretary": (_SOS + "wales",),
    "northern ireland secretary": (_SOS + "northern ireland",),
    "leader of the house of commons": (
        "leader of the house of commons",
        r"lord (president of the council|privy seal) and leader of the house of commons",
    ),
    "chief whip": (r"chief whip( and parliamentary secretary to the treasury)?",),
    "attorney general": ("attorney general",),
    "chancellor of the duchy of lancaster": ("chancellor of the duchy of lancaster",),
    "leader of the opposition": ("leader of the opposition",),
    "speaker of the house of commons": ("speaker of the house of commons",),
    "mayor of london": ("mayor of london",),
    "mayor of greater manchester": ("mayor of greater manchester",),
    "mayor of the liverpool city region": ("mayor of liverpool city region",),
    "leader of the labour party": ("leader of the labour party",),
    "leader of the conservative party": ("leader of the conservative party",),
    "leader of the liberal democrats": ("leader of the liberal democrats",),
    "leader of the snp": ("leader of the scottish national party",),
    "leader of the green party": (r"(co-)?leader of the green party",),
    "leader of plaid cymru": (r"leader (and party president )?of plaid cymru",),
    "leader of the dup": ("leader of the democratic unionist party",),
    "first minister": ("first minister of (scotland|wales|northern ireland)",),
    "first minister of scotland": ("first minister of scotland",),
    "first minister of wales": ("first minister of wales",),
    "leader of reform uk": ("leader of reform uk",),
    "deputy leader of the labour party": ("deputy leader of the labour party",),
}

# Shadow offices: the opposition names them in several ways ("Shadow Home Secretary",
# "Shadow Secretary of State (Home Office)"), sometimes with a second post after "and".
_SHADOW_EXTRA: dict[str, tuple[str, ...]] = {
    "home secretary": (r"secretary of state \(home office\)",),
    "foreign secretary": (r"secretary of state \(foreign affairs\)",),
    "justice secretary": (
        r"secretary of state \(justice\)",
        r"lord chancellor and shadow secretary of state for justice",
    ),
    "business secretary": (r"secretary of state \((trade and industry|business.*)\)",),
    "environment secretary": (r"secretary of state \(environment\)", _SOS + "environment"),
    "education secretary": (r"secretary of state \((children, schools and families|educ.*)\)",),
    "health secretary": (_SOS + "health and social security",),
}
SHADOW_OFFICES: tuple[str, ...] = (
    "chancellor of the exchequer",
    "chief secretary to the treasury",
    "home secretary",
    "foreign secretary",
    "health secretary",
    "education secretary",
    "culture secretary",
    "business secretary",
    "trade secretary",
    "brexit secretary",
    "defence secretary",
    "justice secretary",
    "work and pensions secretary",
    "transport secretary",
    "environment secretary",
    "energy secretary",
    "housing secretary",
    "international development secretary",
    "scottish secretary",
    "welsh secretary",
    "northern ireland secretary",
    "leader of the house of commons",
    "deputy prime minister",
    "first secretary of state",
)


def _shadow_titles(office: str) -> tuple[str, ...]:
    patterns = [p for p in OFFICE_TITLES[office] if p != "leader of the opposition"]
    patterns += _SHADOW_EXTRA.get(office, ())
    return tuple(f"shadow {p}( and .*)?" for p in patterns)


# Journalists' phrases -> the offices they name (keys of OFFICE_TITLES or "shadow <office>").
ROLE_PHRASES: dict[str, str] = {
    "prime minister": "prime minister",
    "pm": "prime minister",
    "premier": "prime minister",
    "deputy prime minister": "deputy prime minister",
    "deputy pm": "deputy prime minister",
    "dpm": "deputy prime minister",
    "first secretary of state": "first secretary of state",
    "chancellor": "chancellor of the exchequer",
    "chancellor of the exchequer": "chancellor of the exchequer",
    "chief secretary to the treasury": "chief secretary to the treasury",
    "treasury chief secretary": "chief secretary to the treasury",
    "home secretary": "home secretary",
    "foreign secretary": "foreign secretary",
    "health secretary": "health secretary",
    "education secretary": "education secretary",
    "culture secretary": "culture secretary",
    "business secretary": "business secretary",
    "trade secretary": "trade secretary",
    "brexit secretary": "brexit secretary",
    "defence secretary": "defence secretary",
    "justice secretary": "justice secretary",
    "lord chancellor": "lord chancellor",
    "work and pensions secretary": "work and pensions secretary",
    "pensions secretary": "work and pensions secretary",
    "transport secretary": "transport secretary",
    "environment secretary": "environment secretary",
    "energy secretary": "energy secretary",
    "housing secretary": "housing secretary",
    "communities secretary": "housing secretary",
    "levelling up secretary": "housing secretary",
    "science secretary": "science secretary",
    "technology secretary": "science secretary",
    "international development secretary": "international development secretary",
    "scottish secretary": "scottish secretary",
    "scotland secretary": "scottish secretary",
    "welsh secretary": "welsh secretary",
    "wales secretary": "welsh secretary",
    "northern ireland secretary": "northern ireland secretary",
    "leader of the house": "leader of the house of commons",
    "leader of the house of commons": "leader of the house of commons",
    "commons leader": "leader of the house of commons",
    "chief whip": "chief whip",
    "attorney general": "attorney general",
    "chancellor of the duchy of lancaster": "chancellor of the duchy of lancaster",
    "leader of the opposition": "leader of the opposition",
    "opposition leader": "leader of the opposition",
    "speaker": "speaker of the house of commons",
    "commons speaker": "speaker of the house of commons",
    "speaker of the house of commons": "speaker of the house of commons",
    "mayor of london": "mayor of london",
    "london mayor": "mayor of london",
    "mayor of greater manchester": "mayor of greater manchester",
    "greater manchester mayor": "mayor of greater manchester",
    "mayor of the liverpool city region": "mayor of the liverpool city region",
    "labour leader": "leader of the labour party",
    "labour party leader": "leader of the labour party",
    "leader of the labour party": "leader of the labour party",
    "tory leader": "leader of the conservative party",
    "tory party leader": "leader of the conservative party",
    "conservative leader": "leader of the conservative party",
    "conservative party leader": "leader of the conservative party",
    "leader of the conservative party": "leader of the conservative party",
    "leader of the conservatives": "leader of the conservative party",
    "lib dem leader": "leader of the liberal democrats",
    "liberal democrat leader": "leader of the liberal democrats",
    "leader of the liberal democrats": "leader of the liberal democrats",
    "snp leader": "leader of the snp",
    "leader of the snp": "leader of the snp",
    "green leader": "leader of the green party",
    "green party leader": "leader of the green party",
    "leader of the green party": "leader of the green party",
    "plaid leader": "leader of plaid cymru",
    "plaid cymru leader": "leader of plaid cymru",
    "leader of plaid cymru": "leader of plaid cymru",
    "dup leader": "leader of the dup",
    "first minister": "first minister",
    "scottish first minister": "first minister of scotland",
    "welsh first minister": "first minister of wales",
    "leader of the dup": "leader of the dup",
    "reform leader": "leader of reform uk",
    "reform uk leader": "leader of reform uk",
    "leader of reform uk": "leader of reform uk",
    "deputy labour leader": "deputy leader of the labour party",
    "labour deputy leader": "deputy leader of the labour party",
    "deputy leader of the labour party": "deputy leader of the labour party",
}
for _office in SHADOW_OFFICES:
    for _phrase, _target in list(ROLE_PHRASES.items()):
        if _target == _office and not _phrase.startswith("shadow "):
            ROLE_PHRASES.setdefault(f"shadow {_phrase}", f"shadow {_office}")

# Role rank for ``role_on``: lower is more prominent.
RANK_PM, RANK_CABINET, RANK_LEADER, RANK_OTHER, RANK_MEMBER = 0, 1, 2, 3, 4

_CABINET_TITLES = re.compile(
    r"deputy prime minister|first secretary of state|chancellor of the exchequer|"
    r"secretary of state for .*|lord chancellor|chancellor of the duchy of lancaster|"
    r"leader of the house of (commons|lords)|chief secretary to the treasury|"
    r"lord (president of the council|privy seal)( and .*)?"
)
_LEADER_TITLES = re.compile(
    r"leader of the opposition|(acting |co-)?leader of (the )?"
    r"(labour|conservative|liberal|scottish national|green|democratic unionist|"
    r"ulster unionist|social democratic|snp|sinn|plaid|reform|ukip|alliance|"
    r"independent group|change uk).*|"
    r"mayor of .*|first minister of .*|speaker of the house of commons|prime minister of .*"
)
_MEMBER_TITLES = re.compile(r"(mp|msp|ms|mla|mep|am) for .*|member of the house of lords|mp")

_ROLE_PUNCT = re.compile(r"[^\w\s,()'-]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def role_key(text: str) -> str:
    """Normalised form of a role title or phrase ("The  Chancellor" -> "chancellor")."""
    text = strip_accents(text).casefold().replace("&", " and ").replace("\u2019", "'")
    text = _SPACES.sub(" ", _ROLE_PUNCT.sub(" ", text)).strip(" ,")
    for prefix in ("the ", "britain's ", "uk's ", "former "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.startswith("uk "):
        text = text[3:]
    return text


def _office_patterns(office: str) -> tuple[str, ...]:
    if office.startswith("shadow "):
        return _shadow_titles(office[len("shadow ") :])
    return OFFICE_TITLES[office]


_OFFICE_RES: dict[str, re.Pattern[str]] = {}


def office_regex(office: str) -> re.Pattern[str]:
    """One compiled full-match pattern for an office key of ``ROLE_PHRASES``."""
    if office not in _OFFICE_RES:
        _OFFICE_RES[office] = re.compile("|".join(f"(?:{p})" for p in _office_patterns(office)))
    return _OFFICE_RES[office]


def offices_for_title(title: str) -> list[str]:
    """The offices (keys of ``OFFICE_TITLES`` or "shadow ...") an official title names."""
    key = role_key(title)
    offices = sorted(set(ROLE_PHRASES.values()))
    return [o for o in offices if office_regex(o).fullmatch(key)]


def phrases_for_title(title: str) -> list[str]:
    """Journalists' phrases for an official title ("Prime Minister" -> ["pm", ...])."""
    offices = set(offices_for_title(title))
    key = role_key(title)
    return sorted(p for p, o in ROLE_PHRASES.items() if o in offices and p != key)


def role_rank(title: str, cabinet: bool = False) -> int:
    """Prominence of a role: PM 0, Cabinet 1, party leader/mayor 2, other 3, MP/peer 4."""
    key = role_key(title)
    if key == "prime minister":
        return RANK_PM
    if cabinet or _CABINET_TITLES.fullmatch(key):
        return RANK_CABINET
    if _LEADER_TITLES.fullmatch(key):
        return RANK_LEADER
    if _MEMBER_TITLES.fullmatch(key):
        return RANK_MEMBER
    return RANK_OTHER
