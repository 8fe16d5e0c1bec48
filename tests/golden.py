"""Compare the extractor with the hand-written expectations of fixtures/articles.

Used by tests/test_golden.py; run it directly to see every difference:
    .venv/bin/python tests/golden.py [NAME...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FIELDS = ("text", "kind", "speaker", "role")


def fixture_names() -> list[str]:
    return sorted(p.stem for p in ARTICLES.glob("*.txt"))


def expected(name: str) -> list[tuple]:
    data = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
    return [tuple(q.get(f) for f in FIELDS) for q in data["quotes"]]


def actual(name: str, nlp) -> list[tuple]:
    from quotes.extract import extract
    from quotes.reader import Document

    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    meta = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
    document = Document(name, text, {"published": meta.get("published")})
    [result] = list(extract([document], nlp))
    quotes = result.quotes
    return [tuple(q.get(f) for f in FIELDS) for q in quotes]


if __name__ == "__main__":
    from quotes.nlp import load_pipeline

    nlp = load_pipeline()
    total = wrong = 0
    for name in sys.argv[1:] or fixture_names():
        want, got = expected(name), actual(name, nlp)
        missing = [q for q in want if q not in got]
        extra = [q for q in got if q not in want]
        total += len(want)
        wrong += len(missing)
        print(f"== {name}: {len(want) - len(missing)}/{len(want)} right, {len(extra)} extra")
        for q in missing:
            print("  - want", q)
        for q in extra:
            print("  + got ", q)
    print(f"{total - wrong}/{total} expected quotes found exactly")
