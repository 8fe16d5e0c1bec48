"""Pure functions about person names: honorifics, generated aliases and lookup keys.

Nothing here guesses a title: a knighthood, damehood or doctorate is only used when the
caller passes it in ``titles`` (taken from the data, e.g. "Sir" in an MP's full title).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from quotes.vocab import FEMALE_HONORIFICS, HONORIFICS, MALE_HONORIFICS

# Letters written after a name (honours, degrees, memberships). Lower-case, no full stops.
POST_NOMINALS: frozenset[str] = frozenset(
    """
    mp msp ms mla am mep ma msc mba phd kc qc pc cbe obe mbe kbe dbe gbe kcb gcb cb kcmg
    gcmg cmg kcvo gcvo cvo lvo mvo ch om frs freng frse fba jp dl bt bart rn vc gc dso
    """.split()
)

# Words of style written before a name or honorific ("The Rt Hon", "Right Honourable").
STYLE_WORDS: frozenset[str] = frozenset("the right honourable hon rt rh very most noble".split())

# Peerage titles: "Lord Mandelson" is the name a peer goes by, so these are kept unless a
# personal name follows ("Lady Victoria Borwick" -> "Victoria Borwick").
PEERAGE_TITLES: frozenset[str] = frozenset(
    "lord lady baroness baron viscount earl duke duchess countess marquess marchioness".split()
)

# Lower-case particles that belong to a surname ("Nick de Bois" -> "de Bois").
SURNAME_PARTICLES: frozenset[str] = frozenset("de da di du del della van von der le la st".split())

# Lower-case words that stay inside a name written in a text ("Rhun ap Iorwerth",
# "Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = SURNAME_PARTICLES | frozenset(
    "ap ab bin ibn al el dos das den ter ten".split()
)
# Words that end a title written before a name: "Bolsover MP Dennis Skinner", "PM Rishi
# Sunak", "Labour leader Keir Starmer". What precedes them is the title, not the name.
TITLE_ENDS: frozenset[str] = POST_NOMINALS | frozenset(
    "pm leader minister secretary chancellor mayor councillor cllr chair chairman "
    "spokesman spokeswoman spokesperson president premier candidate".split()
)
POSSESSIVE_ENDINGS = ("'s", "’s")

# Generational suffixes that stay part of the surname.
NAME_SUFFIXES: frozenset[str] = frozenset("jnr jr junior snr sr senior".split())

_PUNCT_RE = re.compile(r"[^\w\s]")
_SPACE_RE = re.compile(r"\s+")


def _bare(token: str) -> str:
    """A token lower-cased without surrounding punctuation ("Hon." -> "hon")."""
    return token.strip(".,;:()").casefold()


def strip_honorifics(name: str) -> str:
    """Remove styles, honorifics and post-nominals from a name.

    "Rt Hon Sir Keir Starmer MP" -> "Keir Starmer"; "The Rt Hon Lord Mandelson PC" ->
    "Lord Mandelson" (a peer's title is kept when no personal name follows it).
    """
    tokens = [t for t in _SPACE_RE.split(name.strip()) if t.strip(".,;:")]
    # Trailing post-nominals, possibly comma-separated ("Harriet Harman, QC, MP").
    while len(tokens) > 1 and _bare(tokens[-1]) in POST_NOMINALS:
        tokens.pop()
    if tokens:
        tokens[-1] = tokens[-1].rstrip(",")
    # Leading styles and honorifics ("The Rt Hon Sir", "Dr", "Mr").
    while len(tokens) > 1:
        word = _bare(tokens[0])
        if word in STYLE_WORDS or (word in HONORIFICS and word not in PEERAGE_TITLES):
            tokens.pop(0)
            continue
        if word in PEERAGE_TITLES:
            rest = [_bare(t) for t in tokens[1:]]
            if len(rest) >= 2 and "of" not in rest:
                tokens.pop(0)
                continue
        break
    return " ".join(tokens).strip(" ,")


def text_name(words: list[str]) -> list[str]:
    """The name inside the words a text gives a person, without what news style glues to
    it: a possessive owner ("Labour Together’s Christabel Cooper"), a title before it
    ("Bolsover MP Dennis Skinner", "PM Rishi Sunak"), post-nominals ("Rachael Hamilton
    MSP") and capitals of emphasis ("NIGEL Farage"); particles stay ("Rhun ap Iorwerth")."""
    words = [w for w in words if w[:1].isupper() or w.lower() in NAME_PARTICLES]
    for i in range(len(words) - 1, 0, -1):
        if words[i - 1].endswith(POSSESSIVE_ENDINGS) or _bare(words[i - 1]) in TITLE_ENDS:
            words = words[i:]
            break
    while len(words) > 1 and _bare(words[-1]) in POST_NOMINALS:
        words = words[:-1]
    while words and words[0].lower() in NAME_PARTICLES:
        words = words[1:]
    while words and words[-1].lower() in NAME_PARTICLES:
        words = words[:-1]
    if len(words) == 1 and _bare(words[0]) in TITLE_ENDS:
        return []  # "MSP" alone is no one's name
    return [_title_case(w) for w in words]


def _title_case(word: str) -> str:
    """"NIGEL" -> "Nigel"; "McDonnell", "ap", "O'Neill" and initials ("RT") unchanged."""
    if len(word) > 2 and word.isupper() and word.isalpha():
        return word.capitalize()
    return word


def is_peerage_name(name: str) -> bool:
    """True for a peer's style such as "Lord Mandelson" or "Baroness Smith of Malvern"."""
    tokens = strip_honorifics(name).split()
    return len(tokens) >= 2 and _bare(tokens[0]) in PEERAGE_TITLES


def gender_from_honorific(name: str) -> str | None:
    """Gender "M" or "F" when the name carries a gendered honorific ("Sir", "Dame")."""
    for token in name.split():
        word = _bare(token)
        if word in MALE_HONORIFICS:
            return "M"
        if word in FEMALE_HONORIFICS:
            return "F"
        if word not in HONORIFICS and word not in STYLE_WORDS:
            break
    return None


def titles_in(name: str) -> frozenset[str]:
    """The honorifics written before a name, lower-case ("Rt Hon Sir Keir" -> {"sir"})."""
    found: set[str] = set()
    for token in name.split():
        word = _bare(token)
        if word in STYLE_WORDS:
            continue
        if word in HONORIFICS:
            found.add(word)
            continue
        break
    return frozenset(found - {"rt", "hon"})


def split_name(name: str, surname: str | None = None) -> tuple[str, str]:
    """Split a personal name into (first name, surname).

    ``surname`` (e.g. the IfG ``short_name``) wins when it ends the name; otherwise the
    last word plus any particles and suffixes ("Nick de Bois" -> ("Nick", "de Bois")).
    """
    tokens = strip_honorifics(name).split()
    if not tokens:
        return "", ""
    if surname:
        sur = surname.split()
        if len(sur) < len(tokens) and [t.casefold() for t in tokens[-len(sur) :]] == [
            s.casefold() for s in sur
        ]:
            return tokens[0], " ".join(tokens[-len(sur) :])
    if len(tokens) == 1:
        return "", tokens[0]
    cut = len(tokens) - 1
    if _bare(tokens[cut]) in NAME_SUFFIXES and cut > 1:
        cut -= 1
    while cut > 1 and tokens[cut - 1] in SURNAME_PARTICLES:
        cut -= 1
    return tokens[0], " ".join(tokens[cut:])


def honorific_aliases(
    name: str,
    gender: str | None,
    titles: Iterable[str] = (),
    surname: str | None = None,
) -> list[str]:
    """Forms of address a journalist would use for ``name``; the name itself is excluded.

    ``titles`` are honorifics the data says the person holds ("sir", "dame", "dr");
    gender "M" adds "Mr X", "F" adds "Ms X" and "Mrs X". A peer's style ("Lord
    Mandelson") gets no Mr/Ms forms, only its short form without the territorial part.
    """
    base = strip_honorifics(name)
    held = {t.casefold().strip(".") for t in titles}
    out: list[str] = []

    def add(alias: str) -> None:
        if alias and alias != base and alias not in out:
            out.append(alias)

    if is_peerage_name(base):
        tokens = base.split()
        if "of" in tokens[1:]:
            add(" ".join(tokens[: tokens.index("of", 1)]))
        return out
    first, last = split_name(base, surname)
    if not last:
        return out
    if "sir" in held and first:
        add(f"Sir {base}")
        add(f"Sir {first}")
    if "dame" in held and first:
        add(f"Dame {base}")
        add(f"Dame {first}")
    if gender == "M":
        add(f"Mr {last}")
    elif gender == "F":
        add(f"Ms {last}")
        add(f"Mrs {last}")
    if "dr" in held:
        add(f"Dr {base}")
        add(f"Dr {last}")
    if first:
        add(last)
    return out


def strip_accents(text: str) -> str:
    """Remove combining accents ("Thérèse" -> "Therese")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _normalise(text: str) -> str:
    text = strip_accents(text).casefold()
    text = text.replace("-", " ").replace("\u2010", " ").replace("\u2013", " ")
    text = _PUNCT_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def alias_key(name: str) -> str:
    """Like :func:`name_key` but keeps honorifics, so "Sir Keir" and "Mr Starmer" stay
    distinct from the bare "Keir" and "Starmer"; only styles and post-nominals go."""
    tokens = [t for t in _SPACE_RE.split(name.strip()) if t.strip(".,;:")]
    while len(tokens) > 1 and _bare(tokens[-1]) in POST_NOMINALS:
        tokens.pop()
    while len(tokens) > 1 and _bare(tokens[0]) in STYLE_WORDS:
        tokens.pop(0)
    return _normalise(" ".join(tokens))


def name_key(name: str) -> str:
    """A normalisation key for lookups: honorifics stripped, casefolded, no accents.

    Hyphens become spaces and other punctuation goes ("Rt Hon Nick Thomas-Symonds MP"
    -> "nick thomas symonds", "Mike O'Brien" -> "mike obrien").
    """
    return _normalise(strip_honorifics(name))
