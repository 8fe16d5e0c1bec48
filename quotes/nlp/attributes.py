"""spaCy's attribute_ruler and rule lemmatizer over arrays: the same attributes, faster.

spaCy's attribute_ruler runs a Matcher over every token and sets each match's
attributes through a Python call; every token matches the rule of its tag, so on news
text it costs as much as the parser. Here each rule's patterns are tested on whole
columns at once (a pattern token is a few comparisons of LOWER, TAG, DEP or IS_SPACE)
and the rules are applied in the ruler's order, a later rule winning, as the ruler
does. The lemmas are the lemmatizer's own, asked once per (word, POS, morphology):
its rules read nothing else. Both spaCy components stay in the pipeline, disabled;
their patterns and tables are the ones used here.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import NamedTuple

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from quotes.errors import ModelNotFound

SET = (POS, MORPH, LEMMA, TAG, DEP)  # what the ruler's rules may set
READ = (LOWER, TAG, DEP, IS_SPACE)  # what their patterns may test
COLUMN = {attr: i for i, attr in enumerate(SET)}


class Test(NamedTuple):
    """One condition of a pattern token: ``attr`` ``op`` ``value``."""

    attr: int
    op: str  # "==", "in", "not in" or "regex"
    value: object


class Rule(NamedTuple):
    patterns: list[list[list[Test]]]  # a pattern: one list of tests a token
    target: int  # which token of a match gets the attributes
    settings: list[tuple[int, int]]  # (column, value)


@Language.factory(
    "quotes_token_attributes_v1",
    default_config={"ruler": "attribute_ruler", "lemmatizer": "lemmatizer"},
    requires=["token.tag", "token.dep"],
    assigns=["token.pos", "token.morph", "token.lemma"],
)
def make_token_attributes(nlp: Language, name: str, ruler: str, lemmatizer: str
                          ) -> TokenAttributes:
    attribute_ruler, rule_lemmatizer = nlp.get_pipe(ruler), nlp.get_pipe(lemmatizer)
    if not isinstance(attribute_ruler, AttributeRuler) or not isinstance(
            rule_lemmatizer, Lemmatizer):
        raise ModelNotFound(f"quotes_token_attributes_v1 needs an attribute_ruler {ruler!r} "
                            f"and a lemmatizer {lemmatizer!r}; set QUOTES_SELECTIVE=0")
    return TokenAttributes(attribute_ruler, rule_lemmatizer)


class TokenAttributes:
    """Do the work of an AttributeRuler and then a Lemmatizer, with their data."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self.overwrite = lemmatizer.overwrite
        self.lemmatize = _with_index_sets(lemmatizer)
        strings = ruler.vocab.strings
        self.rules = [
            Rule([[_tests(token, strings) for token in pattern]
                  for pattern in ruler.matcher.get(str(number))[1]],
                 index, [(_column(attr), value) for attr, value in attrs.items()])
            for number, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices,
                                                        strict=True))]
        self.lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        read = dict(zip(READ, doc.to_array(list(READ)).astype("uint64").T, strict=True))
        values = doc.to_array(list(SET)).astype("uint64")
        tested: dict[Test, numpy.ndarray] = {}  # rules share their tests
        for rule in self.rules:  # in order: a later rule overwrites an earlier one
            targets = numpy.zeros(len(doc), dtype=bool)
            for pattern in rule.patterns:
                targets |= _targets(pattern, rule.target, read, tested, doc.vocab.strings)
            if targets.any():
                for column, value in rule.settings:
                    values[targets, column] = value
        self._lemmatize(doc, values)
        doc.from_array(list(SET), values)  # type: ignore[arg-type]
        return doc

    def _lemmatize(self, doc: Doc, values: numpy.ndarray) -> None:
        """The lemmatizer's lemma where no rule set one, as its ``__call__`` decides."""
        lemmatize, strings, lemmas = self.lemmatize, doc.vocab.strings, self.lemmas
        overwrite = self.overwrite
        column = values[:, COLUMN[LEMMA]]
        # the lemmatizer reads the token's POS and morphology as the rules left them
        doc.from_array([POS, MORPH], values[:, :2])  # type: ignore[arg-type]
        rows = zip(doc.to_array([ORTH]).tolist(), values[:, 0].tolist(),
                   values[:, 1].tolist(), column.tolist(), strict=True)
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue
            found = lemmas.get((orth, pos, morph))
            if found is None:
                found = lemmas[orth, pos, morph] = strings.add(
                    lemmatize(doc[i])[0])
            column[i] = found


def _with_index_sets(lemmatizer: Lemmatizer) -> Callable[[Token], list[str]]:
    """The lemmatizer's own lemmatize method on a copy whose word lists are sets: it
    asks ``form in index`` of lists of up to 57,000 words, a scan each time."""
    fast = copy.copy(lemmatizer)
    fast.cache = {}
    fast.lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            fast.lookups.add_table(name, {key: frozenset(words) for key, words in table.items()})
        else:
            fast.lookups.set_table(name, table)
    return getattr(fast, f"{lemmatizer.mode}_lemmatize")


def _column(attr: int) -> int:
    if attr not in COLUMN:
        raise ModelNotFound(f"an attribute_ruler rule sets {IDS_BY_ID.get(attr, attr)}, which "
                         "quotes_token_attributes_v1 cannot; set QUOTES_SELECTIVE=0")
    return COLUMN[attr]


IDS_BY_ID = {value: name for name, value in IDS.items()}


def _tests(token: dict, strings: StringStore) -> list[Test]:
    """A pattern token's conditions, with strings as the hashes a Doc's arrays hold."""
    tests: list[Test] = []
    for name, value in token.items():
        attr = IDS.get(name)
        if attr not in READ:
            raise ModelNotFound(f"an attribute_ruler pattern tests {name}, which "
                             "quotes_token_attributes_v1 cannot; set QUOTES_SELECTIVE=0")
        if isinstance(value, dict):
            for op, operand in value.items():
                if op == "REGEX":
                    tests.append(Test(attr, "regex", re.compile(operand)))
                elif op in ("IN", "NOT_IN"):
                    hashes = tuple(sorted(_hash(v, strings) for v in operand))
                    tests.append(Test(attr, "in" if op == "IN" else "not in", hashes))
                else:
                    raise ModelNotFound(f"an attribute_ruler pattern uses {op}, which "
                                     "quotes_token_attributes_v1 cannot; set "
                                     "QUOTES_SELECTIVE=0")
        else:
            tests.append(Test(attr, "==", _hash(value, strings)))
    return tests


def _hash(value: object, strings: StringStore) -> int:
    return int(value) if isinstance(value, bool | int) else strings.add(str(value))


def _targets(pattern: list[list[Test]], index: int, read: dict[int, numpy.ndarray],
             tested: dict[Test, numpy.ndarray], strings: StringStore) -> numpy.ndarray:
    """Which tokens get the attributes of ``pattern`` (matched at every start)."""
    n, width = len(read[LOWER]), len(pattern)
    targets = numpy.zeros(n, dtype=bool)
    if width > n:
        return targets
    starts = numpy.ones(n - width + 1, dtype=bool)
    for offset, tests in enumerate(pattern):
        for test in tests:
            if test not in tested:
                tested[test] = _test(test, read[test.attr], strings)
            starts &= tested[test][offset:offset + len(starts)]
    targets[numpy.flatnonzero(starts) + (index if index >= 0 else width + index)] = True
    return targets


def _test(test: Test, column: numpy.ndarray, strings: StringStore) -> numpy.ndarray:
    if test.op == "==":
        return column == test.value
    if test.op == "regex":
        pattern = test.value
        assert isinstance(pattern, re.Pattern)
        found = [h for h in numpy.unique(column).tolist() if pattern.search(strings[h])]
        return numpy.isin(column, found)
    inside = numpy.isin(column, numpy.array(test.value, dtype="uint64"))
    return inside if test.op == "in" else ~inside
