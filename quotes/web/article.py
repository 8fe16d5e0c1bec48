"""An article's text as HTML with spans marked at exact character offsets.

Built here rather than in a template so that no whitespace creeps in: the article's
``textContent`` in the browser is the stored text, character for character, so a mark's
position in it is the stored offset (for text in the Basic Multilingual Plane, where a
Python index and a JavaScript one agree).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup, escape


class Span(NamedTuple):
    start: int
    end: int
    css: str  # the class of the <span> or <mark>


def marked(text: str, target: tuple[int, int] | None, target_id: str,
           extras: Sequence[Span] = ()) -> Markup:
    """The text escaped, ``target`` wrapped in ``<mark id=target_id>``, ``extras`` (cue,
    speaker mention) in ``<span class=...>`` wherever they fall, clipped at the mark."""
    if target is None:
        return _spans(text, 0, len(text), extras)
    start, end = max(0, target[0]), min(len(text), target[1])
    inside = _spans(text, start, end, extras)
    mark = Markup('<mark id="{}" class="target">').format(target_id) + inside + Markup("</mark>")
    return _spans(text, 0, start, extras) + mark + _spans(text, end, len(text), extras)


def _spans(text: str, lo: int, hi: int, extras: Sequence[Span]) -> Markup:
    """text[lo:hi] escaped, with the parts the extras cover (clipped to lo..hi) wrapped."""
    out = Markup("")
    position = lo
    for span in sorted(extras):
        start, end = max(span.start, position), min(span.end, hi)
        if start >= end:  # outside this stretch, or overlapping one already wrapped
            continue
        out += escape(text[position:start])
        out += Markup('<span class="{}">').format(span.css) + escape(text[start:end])
        out += Markup("</span>")
        position = end
    return out + escape(text[position:hi])
