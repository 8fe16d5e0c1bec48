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
    tokens = _tokens(query)
    if not tokens:
        raise SearchSyntaxError("empty search; give some words, e.g. 'cost of living'")
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
    return f"({to_fts5(tree.left)} {tree.name} {to_fts5(tree.right)})"


def to_tsquery(tree: Term | Op) -> str:
    """PostgreSQL to_tsquery syntax."""
    if isinstance(tree, Term):
        words = [re.sub(r"['’]", "", w) for w in tree.words]
        if tree.prefix:
            return f"{words[0]}:*"
        return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"
    symbol = {"AND": "&", "OR": "|", "NOT": "& !"}[tree.name]
    return f"({to_tsquery(tree.left)} {symbol} {to_tsquery(tree.right)})"
