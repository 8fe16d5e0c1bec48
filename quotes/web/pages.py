"""What the plugin's pages show, read through Datasette's read-only connection.

Each function takes a datasette ``Database`` and returns plain dicts for a template, or
None when the row does not exist. Every value from the database reaches the page through
Jinja's autoescaping or ``markupsafe.escape``.
"""

from __future__ import annotations

import json
from typing import Any

from datasette.database import Database

from quotes.web.article import Span, marked
from quotes.web.chart import per_month_svg

QUOTATION = """
select q.*, d.outlet, d.title, d.url, d.published as document_published, d.sha256,
       d.source, d.text as article, p.name as person_name, p.party as person_party,
       p.registry_id, d.version, d.fetched_url, d.fetched_at,
       (select max(v.version) from document v where v.article_id = d.article_id) as versions
from quote q join document d on d.id = q.document_id left join person p on p.id = q.speaker_id
where q.id = :id
"""
# the same words in other articles, oldest first: the first row is the first appearance
SAME_WORDS = """
select q.id, q.document_id, d.outlet, d.title, d.url, d.published
from quote q join document d on d.id = q.document_id
where q.words_key = :key and q.suppressed = 0
order by d.published is null, d.published, q.id
limit 100
"""
CORRECTIONS = "select * from correction where quote_id = :id order by at, id"
LIVE = "q.suppressed = 0 and q.kind != 'other'"


async def _rows(db: Database, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def quotation(db: Database, quote_id: int) -> dict[str, Any] | None:
    """One quotation in its article, with the same words elsewhere and its corrections."""
    found = await _rows(db, QUOTATION, {"id": quote_id})
    if not found:
        return None
    quote = found[0]
    extras = [Span(s, e, css) for s, e, css in (
        (quote["cue_start"], quote["cue_end"], "cue"),
        (quote["mention_start"], quote["mention_end"], "mention")) if s is not None]
    quote["article_html"] = marked(quote.pop("article"), (quote["start"], quote["end"]),
                                   "quotation", extras)
    quote["parts"] = json.loads(quote["parts"] or "[]")
    others = await _rows(db, SAME_WORDS, {"key": quote["words_key"]}) if quote["words_key"] \
        else []
    for n, other in enumerate(others):
        other["first"] = n == 0
        other["this"] = other["id"] == quote_id
    return {"quote": quote, "others": others if len(others) > 1 else [],
            "corrections": await _rows(db, CORRECTIONS, {"id": quote_id})}


async def document(db: Database, document_id: int, span: tuple[int, int] | None
                   ) -> dict[str, Any] | None:
    """An article with one span (a claim's sentence) marked, and its claims."""
    found = await _rows(db, "select * from document where id = :id", {"id": document_id})
    if not found:
        return None
    doc = found[0]
    doc["article_html"] = marked(doc.pop("text"), span, "highlight")
    claims = await _rows(db, "select * from claim where document_id = :id order by start",
                         {"id": document_id})
    quotes = await _rows(db, "select q.id, q.start, q.words, q.speaker, q.kind from quote q "
                         f"where q.document_id = :id and {LIVE} order by q.start",
                         {"id": document_id})
    return {"document": doc, "span": span, "claims": claims, "quotes": quotes}


async def person(db: Database, person_id: int, latest: int = 20) -> dict[str, Any] | None:
    """A person: aliases, roles over time, quotations per month and the latest ones."""
    found = await _rows(db, "select * from person where id = :id", {"id": person_id})
    if not found:
        return None
    who = found[0]
    params = {"id": person_id}
    aliases = await _rows(db, "select alias from alias where person_id = :id order by alias",
                          params)
    roles = await _rows(db, "select r.*, d.title as document_title from role r left join "
                        "document d on d.id = r.document_id where r.person_id = :id "
                        "order by r.start is null, r.start, r.id", params)
    months = await _rows(db, "select substr(q.published, 1, 7) as month, count(*) as n "
                         f"from quote q where q.speaker_id = :id and {LIVE} and "
                         "q.published is not null group by month order by month", params)
    counts = {row["month"]: row["n"] for row in months}
    # newest first straight from the (speaker_id, published DESC, id DESC) index
    quotes = await _rows(db, "select q.id, q.published, q.words, q.kind, q.role, q.party, "
                         "d.outlet from quote q join document d on d.id = q.document_id "
                         f"where q.speaker_id = :id and {LIVE} "
                         "order by q.published desc, q.id desc limit :n",
                         {"id": person_id, "n": latest})
    total = (await db.execute(f"select count(*) from quote q where q.speaker_id = :id and "
                              f"{LIVE}", params)).first()[0]
    return {"person": who, "aliases": [a["alias"] for a in aliases], "roles": roles,
            "chart": per_month_svg(counts, f"Quotations by {who['name']} per month"),
            "months": counts, "quotes": quotes, "total": total,
            "ids": json.loads(who["ids"] or "{}")}


AUDIT = """
select c.*, d.title, d.outlet, d.published, d.url
from claim c join document d on d.id = c.document_id
where c.source_kind in ('none', 'vague') {where}
order by d.published desc, c.document_id desc, c.start
limit :limit
"""
SUMMARY = """
select document_id, count(*) as total, sum(source_kind = 'none') as unsourced,
       sum(source_kind = 'vague') as vague
from claim where document_id in (select value from json_each(:ids)) group by document_id
"""


async def audit(db: Database, document_id: int | None, limit: int = 500) -> dict[str, Any]:
    """Unsourced and vague claims grouped by article (newest first), with each article's
    counts; at most ``limit`` claims (the canned query lists them all)."""
    where = "and c.document_id = :document" if document_id is not None else ""
    claims = await _rows(db, AUDIT.format(where=where),
                         {"document": document_id, "limit": limit + 1})
    more = len(claims) > limit
    documents: dict[int, dict[str, Any]] = {}
    for claim in claims[:limit]:
        entry = documents.setdefault(claim["document_id"], {
            "id": claim["document_id"], "title": claim["title"], "outlet": claim["outlet"],
            "published": claim["published"], "url": claim["url"], "claims": []})
        entry["claims"].append(claim)
    summary = await _rows(db, SUMMARY, {"ids": json.dumps(list(documents))})
    for row in summary:
        documents[row["document_id"]].update(row)
    return {"documents": list(documents.values()), "more": more, "limit": limit,
            "document_id": document_id}
