"""Feature extraction for the check-worthy claim detector.

Pure functions, no model and no spaCy: a sentence becomes a bag of named features
(word n-grams, character n-grams and a few hand-written cues such as numbers,
percentages, comparatives and record phrases), which are then hashed into a fixed
number of buckets with a stable hash (CRC-32), so training and inference agree on
every machine and Python version. Syntactic features (entity labels, the root's tag
and subject, tense) are read from the tokens of a spaCy parse by
:func:`syntax_features`, which only reads token attributes; the parse itself comes
from the pipeline's Doc or from :mod:`quotes.claims.syntax`.

The word lists and patterns below are also used by :func:`quotes.claims.detector.claim_type`.
"""

from __future__ import annotations

import functools
import math
import re
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

# --- word lists (lower-case) -------------------------------------------------------------

# Spelled-out numbers and quantity words; with digits they make a sentence a statistic.
NUMBER_WORDS: frozenset[str] = frozenset(
    {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
        "billions", "trillion", "trillions", "dozen", "dozens", "half", "third", "quarter",
        "twice", "double", "triple", "percent"
    }
)

# Number words that by themselves are quantities ("a million jobs", "ten percent").
# Excludes "one", "half", "third" and the like, which are too common in ordinary talk.
QUANTITY_WORDS: frozenset[str] = frozenset(
    {
        "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
        "billions", "trillion", "trillions", "percent", "percentage"
    }
)

# Comparative words; "than" after them makes a comparison.
COMPARATIVES: frozenset[str] = frozenset(
    {
        "more", "less", "fewer", "higher", "lower", "greater", "larger", "smaller", "bigger",
        "faster", "slower", "better", "worse", "cheaper", "richer", "poorer", "stronger", "weaker",
        "safer", "longer", "shorter", "older", "younger"
    }
)

# Superlatives (compared with everything else: a comparison claim).
SUPERLATIVES: frozenset[str] = frozenset(
    {
        "highest", "lowest", "largest", "biggest", "smallest", "greatest", "fastest", "slowest",
        "best", "worst", "most", "least", "fewest", "cheapest", "richest", "poorest", "strongest",
        "weakest", "longest", "shortest", "oldest", "youngest"
    }
)

# Verbs and nouns of change in a quantity ("taxes went up", "crime doubled").
CHANGE_WORDS: frozenset[str] = frozenset(
    {
        "increase", "increased", "increases", "increasing", "decrease", "decreased", "decreases",
        "decreasing", "rise", "rose", "risen", "rising", "fall", "fell", "fallen", "falling",
        "grow", "grew", "grown", "growing", "growth", "drop", "dropped", "drops", "cut", "cuts",
        "doubled", "tripled", "quadrupled", "halved", "soared", "plunged", "declined", "decline",
        "reduced", "reduce", "raised", "raise", "lost", "gained", "created", "added"
    }
)

# Superlatives that count as a comparison in :func:`has_comparison`; "best", "most" and
# "least" are left out because "do my best" and "most of us" compare nothing.
COMPARISON_SUPERLATIVES: frozenset[str] = SUPERLATIVES - {"best", "most", "least"}

# Words ending in -er that are not comparatives ("rather than", "other than").
NOT_COMPARATIVES: frozenset[str] = frozenset(
    {
        "rather", "other", "whether", "either", "neither", "never", "ever", "under", "over",
        "after", "later"
    }
)

# Words that mark a statement as the speaker's opinion, wish or plan (rarely check-worthy).
OPINION_WORDS: frozenset[str] = frozenset(
    {
        "think", "believe", "feel", "hope", "want", "wish", "guess", "suppose", "should", "ought",
        "must", "let", "thank", "thanks"
    }
)

# Modal and future markers for predictions (contractions such as "we'll" and "it'll" are
# matched by their ending, see :func:`has_prediction`).
PREDICTION_WORDS: frozenset[str] = frozenset(
    {
        "will", "would", "won't", "wouldn't", "forecast", "forecasts", "predict", "predicts",
        "predicted", "projected"
    }
)

# Multi-word phrases, matched on the lower-cased text with word boundaries.
RECORD_PHRASES: tuple[str, ...] = (
    "first time since",
    "first time in",
    "for the first time",
    "never before",
    "all-time",
    "all time high",
    "all time low",
    "in history",
    "in our history",
    "in the history of",
    "ever recorded",
    "on record",
    "unprecedented",
    "record high",
    "record low",
    "record level",
    "record levels",
    "record number",
    "record numbers",
    "record-breaking",
    "broke the record",
    "new record",
    "set a record",
    "record year",
    "record-setting",
    "highest since",
    "lowest since",
    "largest since",
    "biggest since",
    "highest in",
    "lowest in",
)
CAUSAL_PHRASES: tuple[str, ...] = (
    "because",
    "because of",
    "led to",
    "lead to",
    "leads to",
    "leading to",
    "caused",
    "causes",
    "cause of",
    "result of",
    "as a result",
    "resulted in",
    "results in",
    "due to",
    "thanks to",
    "responsible for",
    "blame for",
    "blamed for",
)
PREDICTION_PHRASES: tuple[str, ...] = (
    "expected to",
    "is expected",
    "are expected",
    "going to",
    "projected to",
    "forecast",
    "predicted",
    "predicts",
    "likely to",
    "by the year",
    "by next year",
    "in the next",
    "over the next",
)
COMPARISON_PHRASES: tuple[str, ...] = (
    "as many as",
    "as much as",
    "twice as",
    "times as",
    "times more",
    "compared to",
    "compared with",
    "the most",
    "the least",
)

# Phrases of debate procedure and politeness (almost never check-worthy).
DISCOURSE_PHRASES: tuple[str, ...] = (
    "thank you",
    "let me",
    "i think",
    "i believe",
    "i want",
    "you know",
    "we need",
    "we must",
    "we should",
    "i'm going to",
    "applause",
    "laughter",
    "crosstalk",
)

# --- patterns ----------------------------------------------------------------------------

TOKEN_RE = re.compile(r"\$|%|\d+(?:[.,]\d+)*|[a-z]+(?:['’][a-z]+)*|[?!]")
DIGIT_RE = re.compile(r"\d")
YEAR_RE = re.compile(r"^(?:1[6-9]|20)\d\d$")
DECADE_RE = re.compile(r"\b(?:1[6-9]|20)\d0'?s\b")
PERCENT_RE = re.compile(r"\d\s*%|\bper\s*cent\b|\bpercent(?:age)?\b")
MONEY_RE = re.compile(
    r"[$£€]\s*\d|\b\d[\d,.]*\s*(?:dollars|pounds|euros|cents)\b"
    r"|\b(?:million|billion|trillion|thousand|hundred)\s+(?:dollars|pounds|euros)\b"
)
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
COMPARATIVE_THAN_RE = re.compile(
    r"\b(?:" + "|".join(sorted(COMPARATIVES)) + r")\s+(?:[\w'$%.,-]+\s+){0,4}?than\b"
)
ER_THAN_RE = re.compile(r"\b([a-z]+er)\s+than\b")
# "the highest (level) since", "the biggest deficit ever", "the worst in (our) history".
SUPERLATIVE_RECORD_RE = re.compile(
    r"\b(?:" + "|".join(sorted(SUPERLATIVES)) + r")\b(?:\s+[\w'-]+){0,4}?\s+"
    r"(?:since|ever|in\s+(?:our\s+|the\s+|american\s+)*history)\b"
)


def _phrase_re(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any of ``phrases`` as whole words (longest first)."""
    alternatives = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


RECORD_RE = _phrase_re(RECORD_PHRASES)
CAUSAL_RE = _phrase_re(CAUSAL_PHRASES)
PREDICTION_RE = _phrase_re(PREDICTION_PHRASES)
COMPARISON_RE = _phrase_re(COMPARISON_PHRASES)
DISCOURSE_RE = _phrase_re(DISCOURSE_PHRASES)

# Bump when the features change: a saved model records the version it was trained with.
FEATURE_VERSION = 2  # 2: syntactic features of a spaCy parse

# Feature-space sizes.
DEFAULT_DIM = 1 << 18
WORD_NGRAM_MAX = 3
CHAR_NGRAM_RANGE = (2, 5)


# --- tokens ------------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """Lower-case ``text``, unify apostrophes and dashes, drop surrounding quote marks."""
    text = text.strip().strip('"').strip()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return text.lower()


def tokenize(text: str) -> list[str]:
    """Word tokens of already normalized ``text`` (words, numbers, ``$``, ``%``, ``?``, ``!``)."""
    return TOKEN_RE.findall(text)


def number_shape(token: str) -> str:
    """Replace a numeric token by a coarse shape: ``<year>``, ``<int>``, ``<dec>``, ``<big>``."""
    if YEAR_RE.match(token):
        return "<year>"
    if "." in token:
        return "<dec>"
    digits = token.replace(",", "")
    if len(digits) >= 4:
        return "<big>"
    return "<int>"


def word_units(tokens: list[str]) -> list[str]:
    """Tokens with numbers replaced by their shape (other tokens unchanged)."""
    return [number_shape(t) if t[0].isdigit() else t for t in tokens]


# --- feature groups ----------------------------------------------------------------------


def word_ngrams(units: list[str], n_max: int = WORD_NGRAM_MAX) -> list[str]:
    """Word n-grams (1..``n_max``) with sentence boundary markers on bigrams and up."""
    feats = [f"w:{u}" for u in units]
    padded = ["<s>", *units, "</s>"]
    for n in range(2, n_max + 1):
        prefix = f"w{n}:"
        # Every run of n consecutive units: zip of n shifted views (of unequal lengths).
        runs = zip(*(padded[k:] for k in range(n)), strict=False)
        feats.extend(prefix + " ".join(run) for run in runs)
    return feats


# Words recur constantly, and building these strings was most of extract()'s time.
@functools.lru_cache(maxsize=1 << 15)
def unit_char_ngrams(
    unit: str, n_range: tuple[int, int] = CHAR_NGRAM_RANGE
) -> tuple[str, ...]:
    """Character n-gram features of one word unit padded with spaces, shortest n first."""
    lo, hi = n_range
    w = f" {unit} "
    feats = [
        "c:" + w[i : i + n] for n in range(lo, min(hi, len(w)) + 1) for i in range(len(w) - n + 1)
    ]
    # Interned: the cached tuples of different words then share one string per n-gram
    # (" th" is in thousands of words), which keeps the cache a few MB.
    return tuple(map(sys.intern, feats))


def char_ngrams(units: list[str], n_range: tuple[int, int] = CHAR_NGRAM_RANGE) -> list[str]:
    """Character n-grams inside each padded word (like scikit-learn's ``char_wb``)."""
    feats: list[str] = []
    for u in units:
        feats.extend(unit_char_ngrams(u, n_range))
    return feats


# The helpers below take the tokens of ``text`` when the caller already has them
# (hand_features() would otherwise tokenize the same sentence five times), and skip a
# regex when a literal that every match must contain is absent: a plain substring test is
# many times cheaper than a failed search, and most sentences have no "than" or "%".


def has_percent(text: str) -> bool:
    """True for "4 %", "per cent", "percent" and "percentage"."""
    # Every match contains "%" or "per".
    return ("%" in text or "per" in text) and PERCENT_RE.search(text) is not None


def has_money(text: str) -> bool:
    """True for "$40", "40 dollars" and "million pounds"."""
    # Every match contains a digit or one of the currency words.
    if not (DIGIT_RE.search(text) or "dollars" in text or "pounds" in text or "euros" in text):
        return False
    return MONEY_RE.search(text) is not None


def has_number(text: str, tokens: list[str] | None = None) -> bool:
    """True when normalized ``text`` holds a digit or a quantity word (million, percent)."""
    if DIGIT_RE.search(text):
        return True
    return not QUANTITY_WORDS.isdisjoint(tokenize(text) if tokens is None else tokens)


def has_statistic(text: str, tokens: list[str] | None = None) -> bool:
    """True for percentages, money or numbers other than a bare year or decade."""
    if has_percent(text) or has_money(text):
        return True
    if tokens is None:
        tokens = tokenize(text)
    if not QUANTITY_WORDS.isdisjoint(tokens):
        return True
    return any(t[0].isdigit() and not YEAR_RE.match(t) for t in tokens)


def has_than_comparison(text: str) -> bool:
    """True for "more/less/fewer ... than" and "-er than" ("higher than", "cheaper than")."""
    if "than" not in text:  # both patterns end in "than"
        return False
    if COMPARATIVE_THAN_RE.search(text):
        return True
    return any(m.group(1) not in NOT_COMPARATIVES for m in ER_THAN_RE.finditer(text))


def has_comparison(text: str, tokens: list[str] | None = None) -> bool:
    """True for "than" comparisons, superlatives and phrases such as "twice as"."""
    if has_than_comparison(text) or COMPARISON_RE.search(text):
        return True
    tokens = tokenize(text) if tokens is None else tokens
    return not COMPARISON_SUPERLATIVES.isdisjoint(tokens)


def has_record(text: str) -> bool:
    """True for record phrases ("first time since", "record high", "highest ever")."""
    if RECORD_RE.search(text):
        return True
    # Every superlative-record match ends in "since", "ever" or "history".
    if "since" not in text and "ever" not in text and "history" not in text:
        return False
    return SUPERLATIVE_RECORD_RE.search(text) is not None


def has_causal(text: str) -> bool:
    """True for causal phrases ("because", "led to", "caused", "as a result of")."""
    return bool(CAUSAL_RE.search(text))


def has_prediction(text: str, tokens: list[str] | None = None) -> bool:
    """True for future and modal markers ("will", "would", "expected to", "forecast")."""
    if PREDICTION_RE.search(text):
        return True
    tokens = tokenize(text) if tokens is None else tokens
    if not PREDICTION_WORDS.isdisjoint(tokens):
        return True
    return "'ll" in text and any(t.endswith("'ll") for t in tokens)


def hand_features(text: str, tokens: list[str] | None = None) -> dict[str, float]:
    """Named cue features of normalized ``text`` (values 0..1, mostly binary)."""
    if tokens is None:
        tokens = tokenize(text)
    n_tok = len(tokens)
    digit = DIGIT_RE.search(text) is not None
    numbers = [t for t in tokens if t[0].isdigit()] if digit else []
    n_num = len(numbers)
    token_set = set(tokens)
    feats: dict[str, float] = {
        "h:digit": float(digit),
        "h:number": float(has_number(text, tokens)),
        "h:statistic": float(has_statistic(text, tokens)),
        "h:n_numbers": min(n_num, 4) / 4.0,
        "h:year": float(any(YEAR_RE.match(t) for t in numbers)),
        "h:decade": float(digit and DECADE_RE.search(text) is not None),  # decades have digits
        "h:percent": float(has_percent(text)),
        "h:money": float(has_money(text)),
        "h:number_word": float(bool(token_set & NUMBER_WORDS)),
        "h:comparative": float(bool(token_set & COMPARATIVES)),
        "h:than": float(has_than_comparison(text)),
        "h:superlative": float(bool(token_set & SUPERLATIVES)),
        "h:comparison": float(has_comparison(text, tokens)),
        "h:change": float(bool(token_set & CHANGE_WORDS)),
        "h:record": float(has_record(text)),
        "h:causal": float(has_causal(text)),
        "h:prediction": float(has_prediction(text, tokens)),
        "h:opinion": float(bool(token_set & OPINION_WORDS)),
        "h:discourse": float(bool(DISCOURSE_RE.search(text))),
        "h:question": float(text.rstrip().endswith("?")),
        "h:first_person": float(bool(token_set & {"i", "i'm", "i've", "i'd", "i'll", "me"})),
        "h:len": min(n_tok, 60) / 60.0,
        "h:log_len": math.log1p(n_tok) / math.log1p(60),
    }
    for bucket in (4, 8, 15, 25, 40):
        if n_tok <= bucket:
            feats[f"h:len<={bucket}"] = 1.0
            break
    else:
        feats["h:len>40"] = 1.0
    return feats


# Dependency labels of a subject of the root.
SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def syntax_features(tokens: Sequence[Any], entity_labels: Iterable[str]) -> dict[str, float]:
    """ClaimBuster-style syntactic features of a parsed sentence (values 0..1).

    ``tokens``: spaCy tokens of the sentence (a Doc, a Span or a list of tokens);
    ``entity_labels``: the labels of the entities inside it. Features: each entity label
    present (CARDINAL, PERCENT, MONEY, DATE, GPE, ORG, NORP ...) and their count; the roots
    (tokens whose head is itself or outside ``tokens``: the parser's ROOT for a whole
    sentence; of a piece of a sentence, the parser's own roots if it holds one) and their
    number, the fine tag of the first, whether it has a subject, the subject's tag
    and, for a pronoun, the pronoun; a negated root; the share of the words in the past
    tense, present tense, modal, numbers and proper nouns.
    """
    inside = {t.i for t in tokens}
    toks = [t for t in tokens if not t.is_space]
    labels = list(entity_labels)
    feats: dict[str, float] = {f"ye:{label}": 1.0 for label in labels}
    feats["ye_n"] = min(len(labels), 4) / 4.0
    roots = [t for t in toks if t.head.i == t.i or t.head.i not in inside]
    # the parser's own roots, when the stretch holds one: a piece of a sentence ("X won
    # 40 seats - and Y said ...") may have words that hang on the clause before it, which
    # a whole sentence (all training has) never has
    own = [t for t in roots if t.head.i == t.i]
    if roots:
        root = (own or roots)[0]
        feats[f"yr:{root.tag_}"] = 1.0
        subjects = [c for c in root.children if c.dep_ in SUBJECT_DEPS]
        feats["yr_subj"] = float(bool(subjects))
        if subjects:
            subject = subjects[0]
            feats[f"yr_subj:{subject.tag_}"] = 1.0
            if subject.pos_ == "PRON":
                feats[f"yr_subjw:{subject.lower_}"] = 1.0
        feats["yr_neg"] = float(any(c.dep_ == "neg" for c in root.children))
    feats["yr_none"] = float(not roots)
    feats["yr_nroots"] = min(len(own) or min(len(roots), 1), 3) / 3.0
    words = [t for t in toks if not t.is_punct] or toks
    n = max(len(words), 1)
    tags = Counter(t.tag_ for t in words)
    feats["y_past"] = (tags["VBD"] + tags["VBN"]) / n
    feats["y_present"] = (tags["VBZ"] + tags["VBP"]) / n
    feats["y_modal"] = tags["MD"] / n
    feats["y_num"] = tags["CD"] / n
    feats["y_propn"] = (tags["NNP"] + tags["NNPS"]) / n
    feats["y_any_past"] = float(tags["VBD"] > 0)
    feats["y_any_modal"] = float(tags["MD"] > 0)
    return {k: v for k, v in feats.items() if v}


def extract(text: str, syntax: dict[str, float] | None = None) -> dict[str, float]:
    """All features of raw ``text`` as a name -> value mapping.

    Word and character n-grams are counted and then scaled so each group has unit L2 norm
    (long sentences do not get larger scores just for being long); hand features keep their
    own 0..1 values. A constant ``bias`` feature is added, and ``syntax`` (the
    :func:`syntax_features` of the sentence's parse), when given.
    """
    norm = normalize_text(text)
    units = word_units(tokenize(norm))
    feats: dict[str, float] = {"bias": 1.0}
    for group in (word_ngrams(units), char_ngrams(units)):
        counts = Counter(group)  # counted in C
        total = math.sqrt(sum(v * v for v in counts.values())) or 1.0
        for f, v in counts.items():
            feats[f] = v / total
    feats.update(hand_features(norm))
    if syntax:
        feats.update(syntax)
    return feats


@functools.lru_cache(maxsize=1 << 18)  # n-grams of common words recur in every sentence
def feature_index(name: str, dim: int = DEFAULT_DIM) -> int:
    """Stable bucket of feature ``name`` in ``[0, dim)`` (CRC-32, the same everywhere)."""
    return zlib.crc32(name.encode("utf-8")) % dim


def feature_indices(names: Iterable[str], dim: int = DEFAULT_DIM) -> list[int]:
    """:func:`feature_index` of each of ``names``, uncached.

    For word bigrams and trigrams, most of them seen once: a cache miss costs more than
    the CRC-32 itself.
    """
    return [zlib.crc32(name.encode("utf-8")) % dim for name in names]


def hashed(
    text: str, dim: int = DEFAULT_DIM, syntax: dict[str, float] | None = None
) -> dict[int, float]:
    """Features of ``text`` (and ``syntax``) hashed into ``dim`` buckets (colliding values
    are summed)."""
    out: dict[int, float] = {}
    for name, value in extract(text, syntax).items():
        i = feature_index(name, dim)
        out[i] = out.get(i, 0.0) + value
    return out
