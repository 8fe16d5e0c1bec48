"""What changed between the versions of an article fetched more than once (`quotes
changes`): the words of its text, and its quotations: which appeared, which disappeared
and which changed (the same statement reworded, or given to another speaker).

Quotations of two versions are paired in three passes: the same words and speaker
(unchanged), then the same words with another speaker, then the closest wording by the
alignment `quotes verify` uses (quotes.match) when it shares at least CHANGED_MIN of
the words; what is left over appeared or disappeared.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from quotes.errors import NotFound
from quotes.match import align, tokens, word_diff
from quotes.store.db import session_scope
from quotes.store.models import Article, Document, Quote

CHANGED_MIN = 0.5  # alignment score: below it two quotations are different statements
CONTEXT_WORDS = 4  # unchanged words shown either side of a change in the text
EDITED_MIN = 0.5  # share of words two paragraphs have in common when one is the other edited


def changes(url: str, article_url: str | None = None) -> list[dict[str, Any]]:
    """Each article with more than one version (or the one fetched from
    ``article_url``, however many it has), with what changed from each version to the
    next; newest change first."""
    with session_scope(url) as session:
        if article_url is not None:
            articles = [_article(session, article_url)]
        else:
            several = (select(Document.article_id).where(col(Document.article_id).is_not(None))
                       .group_by(col(Document.article_id)).having(func.count() > 1))
            articles = list(session.exec(select(Article).where(col(Article.id).in_(several))
                                         .order_by(col(Article.checked_at).desc())))
        return [_history(session, article) for article in articles]


def _article(session: Session, address: str) -> Article:
    found = session.exec(select(Article).where(Article.url == address)).first()
    if found is None:
        found = session.exec(select(Article).join(Document)
                             .where(col(Document.fetched_url) == address)).first()
    if found is None:
        raise NotFound(f"{address}: no article fetched from this URL; ingest it with "
                       "`quotes ingest URL` first")
    return found


def _history(session: Session, article: Article) -> dict[str, Any]:
    versions = list(session.exec(select(Document).where(Document.article_id == article.id)
                                 .order_by(col(Document.version))))
    quotes = {document.id: list(session.exec(
        select(Quote).where(Quote.document_id == document.id, col(Quote.suppressed).is_(False))
        .order_by(col(Quote.start)))) for document in versions}
    steps = [_change(old, new, quotes[old.id], quotes[new.id])
             for old, new in pairwise(versions)]
    return {"article": article.url, "article_id": article.id,
            "versions": [version_ref(document) for document in versions],
            "changes": steps[::-1]}


def version_ref(document: Document) -> dict[str, Any]:
    return {"version": document.version, "document_id": document.id,
            "fetched_url": document.fetched_url,
            "fetched_at": document.fetched_at.isoformat() if document.fetched_at else None,
            "title": document.title, "sha256": document.sha256}


def _change(old: Document, new: Document, before: list[Quote], after: list[Quote]
            ) -> dict[str, Any]:
    hunks = text_diff(old.text, new.text)
    return {"from": old.version, "to": new.version,
            "words_removed": sum(len(h["old"].split()) for h in hunks),
            "words_added": sum(len(h["new"].split()) for h in hunks),
            "diff": hunks, "quotations": compare_quotes(before, after)}


def text_diff(old: str, new: str) -> list[dict[str, str]]:
    """The word-level changes from ``old`` to ``new``: the words taken out and put in,
    each with a few unchanged words of its paragraph either side. Paragraphs are lined
    up first, as a line diff would, and only a paragraph that was edited (not replaced
    by another) is diffed word by word, so a common word ("the", "will") of two
    different paragraphs is not taken for an unchanged one."""
    a, b = old.splitlines(), new.splitlines()
    hunks: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before, after = " ".join(a[i1:i2]).split(), " ".join(b[j1:j2]).split()
        words = SequenceMatcher(None, before, after, autojunk=False)
        if op == "replace" and words.ratio() >= EDITED_MIN:
            hunks.extend(_word_hunks(before, after, words))
        else:
            hunks.append({"before": "", "old": " ".join(before), "new": " ".join(after),
                          "after": ""})
    return hunks


def _word_hunks(a: list[str], b: list[str], matcher: SequenceMatcher) -> list[dict[str, str]]:
    return [{"before": " ".join(a[max(0, i1 - CONTEXT_WORDS):i1]), "old": " ".join(a[i1:i2]),
             "new": " ".join(b[j1:j2]), "after": " ".join(a[i2:i2 + CONTEXT_WORDS])}
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def compare_quotes(before: list[Quote], after: list[Quote]) -> dict[str, Any]:
    """Quotations of one version against the next (see the module's docstring)."""
    old, new = list(before), list(after)
    same = 0
    for quote in list(old):  # the same words by the same speaker: unchanged
        twin = next((q for q in new if q.words_key == quote.words_key
                     and q.speaker == quote.speaker), None)
        if twin is not None:
            old.remove(quote)
            new.remove(twin)
            same += 1
    changed = []
    for quote in list(old):  # the same words, another speaker
        twin = next((q for q in new if q.words_key == quote.words_key), None)
        if twin is not None:
            old.remove(quote)
            new.remove(twin)
            changed.append(_changed(quote, twin, None))
    # reworded: best-aligned pairs first, each quotation in one pair at most
    scored = sorted(((align(tokens(n.words), tokens(o.words)), i, j)
                     for i, o in enumerate(old) for j, n in enumerate(new)),
                    key=lambda found: -found[0].score)
    paired_old: set[int] = set()
    paired_new: set[int] = set()
    for alignment, i, j in scored:
        if alignment.score < CHANGED_MIN or i in paired_old or j in paired_new:
            continue
        paired_old.add(i)
        paired_new.add(j)
        changed.append(_changed(old[i], new[j], word_diff(alignment)))
    return {"same": same, "changed": changed,
            "appeared": [_quote(q) for j, q in enumerate(new) if j not in paired_new],
            "disappeared": [_quote(q) for i, q in enumerate(old) if i not in paired_old]}


def _changed(old: Quote, new: Quote, diff: str | None) -> dict[str, Any]:
    return {"before": _quote(old), "after": _quote(new), "diff": diff,
            "speaker_changed": old.speaker != new.speaker}


def _quote(quote: Quote) -> dict[str, Any]:
    return {"id": quote.id, "words": quote.words, "kind": quote.kind, "speaker": quote.speaker}
