"""One wording against another, word by word: the alignment behind `quotes verify` and
behind grouping one statement reported by several outlets.

Words are compared case-folded, without punctuation or quotation marks, so re-punctuated
versions of a statement are the same words. The alignment (difflib's longest matching
blocks over words) says which words of the real wording were dropped, changed or added
in the claimed one, which moved, which are spelt differently, and where an ellipsis
stands for words left out. Its score is the Dice overlap of the claimed words and the
stretch of the real wording they align to: 1.0 for the same words, or for an exact
excerpt of a longer quotation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.|\[\.\.\.\]")
SPELLING_RATIO = 0.8  # "organise"/"organize", "labour"/"labor": the same word spelt apart
SPELLING_MIN = 4  # shorter words differ in meaning, not spelling ("not"/"now")
SPELLING_WEIGHT = 0.9  # a word spelt differently counts nearly as a match
MOVED_WEIGHT = 0.75  # so does a word in another place
# common words weigh less: "we will ... the" in the same order is no evidence
STOP_WEIGHT = 0.25
STOP = frozenset("""a an and are as at be been but by can could did do does for from had
has have he her his i if in is it its me my no not of on or our she so than that the
their them then there these they this those to us was we were what when which who will
with would you your""".split())
EDGE_GAP = 3  # words between a stray matched word and the rest of the match
# what a word-level difference is called, from the claimed wording's side
SAME, DROPPED, ADDED, CHANGED, MOVED, SPELLING, ELIDED = (
    "same", "dropped", "added", "changed", "moved", "spelling", "elided")


@dataclass(frozen=True)
class Token:
    """A word, folded for comparison, with its characters in the text it came from."""

    word: str
    start: int
    end: int
    after_ellipsis: bool = False  # an ellipsis stands just before this word


def fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def tokens(text: str, offset: int = 0) -> list[Token]:
    """The words of ``text``; offsets are ``offset`` plus positions in it."""
    found, last = [], 0
    marked = "…" in text or "..." in text or ". ." in text
    for match in WORD.finditer(text):
        elided = marked and bool(ELLIPSIS.search(text, last, match.start()))
        found.append(Token(fold(match.group()), offset + match.start(), offset + match.end(),
                           elided))
        last = match.end()
    return found


def words(text: str) -> list[str]:
    return [t.word for t in tokens(text)]


@dataclass
class Alignment:
    """How a claimed wording lines up with a real one."""

    score: float  # Dice overlap with the aligned stretch of the real wording, 0..1
    covered: float  # share of the claimed words found in the real wording, 0..1
    verbatim: bool  # the claimed words, in order, are (part of) the real wording
    window: tuple[int, int]  # the real wording's aligned words [first, last + 1)
    claimed: tuple[int, int]  # the claimed words that align [first, last + 1)
    diff: list[tuple[str, str, str]] = field(default_factory=list)  # (op, claimed, real)

    @property
    def changes(self) -> list[str]:
        """The kinds of difference, in order of first appearance."""
        return list(dict.fromkeys(op for op, _, _ in self.diff if op != SAME))


NO_MATCH = Alignment(0.0, 0.0, False, (0, 0), (0, 0))


def _similar(a: str, b: str) -> bool:
    if min(len(a), len(b)) < SPELLING_MIN or a[0] != b[0]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= SPELLING_RATIO


def weight(word: str) -> float:
    return STOP_WEIGHT if word in STOP else 1.0


def _weigh(words: list[str]) -> float:
    return sum(weight(w) for w in words)


def _core(blocks: list, b: list[str]) -> list:
    """The matching blocks without a stray word at either end: a common word matched
    far from the rest would stretch the aligned wording over words never claimed."""
    def stray(block, gap: int) -> bool:
        return gap > EDGE_GAP and _weigh(b[block.b:block.b + block.size]) <= 1.0

    while len(blocks) > 1 and stray(blocks[0], blocks[1].b - blocks[0].b - blocks[0].size):
        blocks = blocks[1:]
    while len(blocks) > 1 and stray(blocks[-1], blocks[-1].b - blocks[-2].b - blocks[-2].size):
        blocks = blocks[:-1]
    return blocks


def align(claimed: list[Token], real: list[Token]) -> Alignment:
    """Align the claimed words to the real ones (see the module's docstring)."""
    a, b = [t.word for t in claimed], [t.word for t in real]
    if not a or not b:
        return NO_MATCH
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    blocks = _core([m for m in matcher.get_matching_blocks() if m.size], b)
    if not blocks:
        return NO_MATCH
    # the stretch of the real wording the claim covers: from its first aligned word to
    # its last, so the rest of a longer quotation is not held against an excerpt
    lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size
    # claimed words before the first aligned one, or after the last, stand for the real
    # words there (changed), if it has any
    lo = max(0, lo - blocks[0].a)
    hi = min(len(b), hi + len(a) - blocks[-1].a - blocks[-1].size)
    opcodes = SequenceMatcher(None, a, b[lo:hi], autojunk=False).get_opcodes()
    diff: list[tuple[str, str, str]] = []
    dropped_words: list[str] = []
    added_words: list[str] = []
    matched = 0.0
    for op, i1, i2, j1, j2 in opcodes:
        said, wrote = " ".join(a[i1:i2]), " ".join(b[lo + j1:lo + j2])
        if op == "equal":
            matched += _weigh(a[i1:i2])
            diff.append((SAME, said, wrote))
        elif op == "delete":
            diff.append((ADDED, said, ""))
            added_words.extend(a[i1:i2])
        elif op == "insert":
            elided = claimed[i1].after_ellipsis if i1 < len(claimed) else False
            diff.append((ELIDED if elided else DROPPED, "", wrote))
            dropped_words.extend(b[lo + j1:lo + j2])
        elif i2 - i1 == j2 - j1 and all(_similar(x, y) for x, y in
                                        zip(a[i1:i2], b[lo + j1:lo + j2], strict=True)):
            matched += SPELLING_WEIGHT * _weigh(a[i1:i2])
            diff.append((SPELLING, said, wrote))
        else:
            diff.append((CHANGED, said, wrote))
            added_words.extend(a[i1:i2])
            dropped_words.extend(b[lo + j1:lo + j2])
    # a word the claim has in another place than the real wording is moved, not new:
    # from inside the aligned stretch, or, when most of the claim aligns, from just
    # beside it (which then widens the stretch)
    added = Counter(added_words)
    inside = added & Counter(dropped_words)
    reach = sum((added - inside).values()) if matched >= _weigh(a) / 2 else 0
    outside = (added - inside) & Counter(b[max(0, lo - reach):lo] + b[hi:hi + reach])
    moved = inside + outside
    matched += MOVED_WEIGHT * _weigh(list(moved.elements()))
    if moved:
        diff = [(MOVED if op in (ADDED, DROPPED, CHANGED)
                 and all(moved[w] for w in f"{said} {wrote}".split()) else op, said, wrote)
                for op, said, wrote in diff]
    span = _weigh(b[lo:hi]) + _weigh(list(outside.elements()))
    verbatim = len(opcodes) == 1 and opcodes[0][0] == "equal"
    total = _weigh(a)
    return Alignment(score=min(1.0, 2 * matched / (total + span)),
                     covered=min(1.0, matched / total), verbatim=verbatim,
                     window=(lo, hi), claimed=(blocks[0].a, blocks[-1].a + blocks[-1].size),
                     diff=diff)


def word_diff(alignment: Alignment) -> str:
    """The diff as one line, git's word-diff style: [-real-]{+claimed+}."""
    shown = []
    for op, said, wrote in alignment.diff:
        if op == SAME:
            shown.append(wrote)
        elif op == SPELLING:
            shown.append(f"[-{wrote}-]{{+{said}+}}")
        else:
            shown.append(" ".join(x for x in (f"[-{wrote}-]" if wrote else "",
                                             f"{{+{said}+}}" if said else "") if x))
    return " ".join(shown)


# --- one statement in several outlets ----------------------------------------------------

SAME_STATEMENT_MIN_WORDS = 5  # shorter quotations ("failed") group by identical words only
SAME_STATEMENT_COVERED = 0.9  # the shorter version's words found in the longer one


def same_statement(one: list[Token], other: list[Token]) -> bool:
    """Whether two reported wordings are one statement: the shorter is the longer
    trimmed, ellipsised or re-punctuated. Its words are (nearly all) in the longer, in
    order, none changed; words left out inside it are marked by an ellipsis (leaving
    out "not" unmarked makes another statement)."""
    short, long = (one, other) if len(one) <= len(other) else (other, one)
    if len(short) < SAME_STATEMENT_MIN_WORDS:
        return [t.word for t in short] == [t.word for t in long]
    if not _coverable(short, long):  # most pairs: unrelated statements, not aligned
        return False
    found = align(short, long)
    return (found.covered >= SAME_STATEMENT_COVERED
            and not any(op in (DROPPED, CHANGED, MOVED) for op in found.changes))


def _coverable(short: list[Token], long: list[Token]) -> bool:
    """Whether ``long`` could cover SAME_STATEMENT_COVERED of ``short``: an upper bound
    on what :func:`align` matches, where each claimed word counts at most its weight if
    ``long`` has it, SPELLING_WEIGHT of it if ``long`` has a word it could be a spelling
    of, else nothing. A set lookup a word, where aligning costs two SequenceMatchers."""
    present = {t.word for t in long}
    initials = {w[0] for w in present if len(w) >= SPELLING_MIN}
    most = sum(weight(t.word) * (1.0 if t.word in present else SPELLING_WEIGHT
                                 if len(t.word) >= SPELLING_MIN and t.word[0] in initials
                                 else 0.0) for t in short)
    return most >= SAME_STATEMENT_COVERED * _weigh([t.word for t in short]) - 1e-9
