"""One search language over quotations, for SQLite FTS5 and PostgreSQL tsvector.

    words            all of them (AND is implied)
    "a phrase"       the words in this order
    prefix*          any word starting so
    a OR b, a AND b, a NOT b, (grouping)

The query is parsed here, so bad syntax is a one-line error that says how to fix it,
and the database only ever sees a query built from plain words, passed as a bound
parameter: user input never reaches the database as SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.errors import SearchSyntaxError

TOKEN = re.compile(r'\s*(?:(")|(\()|(\))|(\S+?\*)(?=[\s()]|$)|([^\s()"]+))')
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
OPERATORS = ("AND", "OR", "NOT")
# Bounds that keep the parser and the query the database gets small (the tree is walked
# recursively): longer or deeper searches are refused with a message, not a crash.
MAX_CHARS = 1000
MAX_TERMS = 100
MAX_DEPTH = 20


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    prefix: bool = False


@dataclass(frozen=True)
class Op:
    name: str  # AND | OR | NOT (binary: left NOT right)
    left: object
    right: object


def parse(query: str) -> Term | Op:
    """The query as a tree; SearchSyntaxError with a hint when it is malformed."""
    if len(query) > MAX_CHARS:
        raise SearchSyntaxError(f"the search is {len(query)} characters long; keep it under "
                                f"{MAX_CHARS} (a few words or phrases)")
    tokens = _tokens(query)
    if not tokens:
        raise SearchSyntaxError("empty search; give some words, e.g. 'cost of living'")
    if sum(kind == "term" for kind, _ in tokens) > MAX_TERMS:
        raise SearchSyntaxError(f"the search has more than {MAX_TERMS} words; use fewer, or "
                                "search for a phrase")
    depth = deepest = 0
    for kind, _ in tokens:
        depth += (kind == "(") - (kind == ")")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise SearchSyntaxError(f"the search nests {deepest} brackets deep; use at most "
                                f"{MAX_DEPTH}")
    tree, rest = _or(tokens)
    if rest:
        raise SearchSyntaxError("unbalanced ) in the search; remove it or add (")
    return tree


def _tokens(query: str) -> list[tuple[str, object]]:
    tokens: list[tuple[str, object]] = []
    position = 0
    while position < len(query):
        if query[position:].strip() == "":
            break
        match = TOKEN.match(query, position)
        if match is None:
            raise SearchSyntaxError(f"cannot read the search at {query[position:][:20]!r}")
        quote, opening, closing, prefix, word = match.groups()
        if quote:
            end = query.find('"', match.end())
            if end < 0:
                raise SearchSyntaxError('unbalanced " in the search; close the phrase, e.g. '
                                        '"cost of living"')
            words = tuple(WORD.findall(query[match.end():end]))
            if words:
                tokens.append(("term", Term(words)))
            position = end + 1
            continue
        if opening or closing:
            tokens.append(("(" if opening else ")", None))
        elif prefix:
            words = tuple(WORD.findall(prefix[:-1]))
            if len(words) != 1:
                raise SearchSyntaxError(f"{prefix!r}: a prefix search is one word and a star, "
                                        "e.g. immigr*")
            tokens.append(("term", Term(words, prefix=True)))
        elif word in OPERATORS:
            tokens.append(("op", word))
        else:
            tokens.extend(("term", Term((w,))) for w in WORD.findall(word))
        position = match.end()
    return tokens


def _or(tokens: list) -> tuple[Term | Op, list]:
    left, tokens = _and(tokens)
    while tokens and tokens[0] == ("op", "OR"):
        right, tokens = _and(tokens[1:])
        left = Op("OR", left, right)
    return left, tokens


def _and(tokens: list) -> tuple[Term | Op, list]:
    left, tokens = _atom(tokens)
    while tokens and (tokens[0][0] in ("term", "(") or tokens[0] in (("op", "AND"),
                                                                        ("op", "NOT"))):
        name = "AND"
        if tokens[0][0] == "op":
            name = tokens[0][1]
            tokens = tokens[1:]
        right, tokens = _atom(tokens)
        left = Op(name, left, right)
    return left, tokens


def _atom(tokens: list) -> tuple[Term | Op, list]:
    if not tokens:
        raise SearchSyntaxError("the search ends with an operator; add a word after it, "
                                'or quote the word: "or"')
    kind, value = tokens[0]
    if kind == "term":
        return value, tokens[1:]
    if kind == "(":
        inner, rest = _or(tokens[1:])
        if not rest or rest[0][0] != ")":
            raise SearchSyntaxError("unbalanced ( in the search; close it with )")
        return inner, rest[1:]
    if kind == ")":
        raise SearchSyntaxError("unbalanced ) in the search; remove it or add (")
    raise SearchSyntaxError(f"{value} needs a word on each side, e.g. tax {value} vat; "
                            f'to search for the word itself, quote it: "{value.lower()}"')


def to_fts5(tree: Term | Op) -> str:
    """SQLite FTS5 MATCH syntax, every word quoted so none is read as an operator."""
    if isinstance(tree, Term):
        phrase = '"' + " ".join(w.replace('"', '""') for w in tree.words) + '"'
        return phrase + ("*" if tree.prefix else "")
    # a chain of one operator is written flat (all three are left-associative):
    # FTS5's parser overflows at about 100 nested brackets
    return "(" + f" {tree.name} ".join(to_fts5(part) for part in _chain(tree)) + ")"


def _chain(tree: Op) -> list[Term | Op]:
    """The operands of a left-deep chain of ``tree``'s operator: a OR b OR c."""
    name, operands = tree.name, []
    node: object = tree
    while isinstance(node, Op) and node.name == name:
        operands.append(node.right)
        node = node.left
    operands.append(node)
    return operands[::-1]  # type: ignore[return-value]


def to_tsquery(tree: Term | Op) -> str:
    """PostgreSQL to_tsquery syntax."""
    if isinstance(tree, Term):
        words = [re.sub(r"['’]", "", w) for w in tree.words]
        if tree.prefix:
            return f"{words[0]}:*"
        return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"
    symbol = {"AND": " & ", "OR": " | ", "NOT": " & ! "}[tree.name]
    return "(" + symbol.join(to_tsquery(part) for part in _chain(tree)) + ")"
