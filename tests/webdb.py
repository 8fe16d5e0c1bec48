"""A SQLite database of the fixture articles (plus one whose quotation is HTML), for the
browsing tests: ingested once per test module by the real pipeline."""

from __future__ import annotations

from pathlib import Path

from quotes.ingest import ingest
from quotes.people.link import registry_with_imports

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted(str(p) for p in (ROOT / "fixtures" / "articles").glob("*.txt"))
HTML_QUOTE = "<script>alert('quoted')</script> & <b>bold</b> is not how we do politics"
HTML_ARTICLE = (f'Labour leader Keir Starmer spoke in London on Monday.\n\n'
                f'"{HTML_QUOTE}," Sir Keir said.\n')


def build(folder: Path, nlp) -> Path:
    """fixtures/articles/*.txt and an article quoting HTML, ingested into folder/web.db."""
    extra = folder / "html_quote.txt"
    extra.write_text(HTML_ARTICLE, encoding="utf-8")
    path = folder / "web.db"
    url = f"sqlite:///{path}"
    report = ingest([*ARTICLES, str(extra)], url, nlp, registry_with_imports(url))
    assert report.failed == [] and report.added == len(ARTICLES) + 1
    return path
