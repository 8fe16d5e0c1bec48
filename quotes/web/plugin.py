"""The Datasette plugin: quotation, person, document and claim-audit pages, links from
table cells to them, and a facet by year.

``quotes serve`` registers this module with Datasette's plugin manager (quotes.web.app),
so it needs no separate install.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.facets import DateFacet
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from quotes.web import pages

DATABASE = "quotes"  # the name quotes serve gives the database, so URLs are stable


def quotation_url(datasette, database: str, quote_id: Any) -> str:
    return datasette.urls.path(f"/{database}/-/quotation/{quote_id}") + "#quotation"


def person_url(datasette, database: str, person_id: Any) -> str:
    return datasette.urls.path(f"/{database}/-/person/{person_id}")


def document_url(datasette, database: str, document_id: Any) -> str:
    return datasette.urls.path(f"/{database}/-/document/{document_id}")


def _link(href: str, text: Any) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, "" if text is None else str(text))


@hookimpl
def render_cell(row, value, column, table, database, datasette) -> Markup | None:
    """Quotations link to their page; people (speaker, source, person) to theirs."""
    if value is None:
        return None
    key = value["value"] if isinstance(value, dict) else value
    label = value["label"] if isinstance(value, dict) else value
    if table == "quote" and column in ("words", "text"):
        return _link(quotation_url(datasette, database, row["id"]), value)
    if column == "quote_id":  # claim, correction and the canned queries
        return _link(quotation_url(datasette, database, key), label)
    if column in ("speaker_id", "source_person_id", "person_id") and isinstance(value, dict):
        return _link(person_url(datasette, database, key), label)
    if table == "person" and column == "name":
        return _link(person_url(datasette, database, row["id"]), value)
    if table == "document" and column == "title":
        return _link(document_url(datasette, database, row["id"]), value)
    if table is None and column == "document_id":  # canned queries
        return _link(document_url(datasette, database, key), key)
    return None


def _int(request, name: str) -> int:
    try:
        return int(request.url_vars[name])
    except (KeyError, ValueError):
        raise NotFound(f"{name} must be a number") from None


def _query_int(request, name: str) -> int | None:
    value = request.args.get(name)
    return int(value) if value is not None and value.isdigit() else None


async def _page(datasette, request, template: str, context: dict[str, Any] | None,
                what: str) -> Response:
    if context is None:
        raise NotFound(f"no such {what}")
    database = request.url_vars["database"]
    context.update(database=database, urls=datasette.urls,
                   quotation_url=lambda i: quotation_url(datasette, database, i),
                   person_url=lambda i: person_url(datasette, database, i),
                   document_url=lambda i: document_url(datasette, database, i))
    return Response.html(await datasette.render_template(template, context, request=request))


def _database(datasette, request):
    try:
        return datasette.get_database(request.url_vars["database"])
    except KeyError:
        raise NotFound("no such database") from None


async def quotation_view(datasette, request) -> Response:
    data = await pages.quotation(_database(datasette, request), _int(request, "id"))
    return await _page(datasette, request, "quotes_quotation.html", data, "quotation")


async def person_view(datasette, request) -> Response:
    data = await pages.person(_database(datasette, request), _int(request, "id"))
    return await _page(datasette, request, "quotes_person.html", data, "person")


async def document_view(datasette, request) -> Response:
    start, end = _query_int(request, "start"), _query_int(request, "end")
    span = (start, end) if start is not None and end is not None and start <= end else None
    data = await pages.document(_database(datasette, request), _int(request, "id"), span)
    return await _page(datasette, request, "quotes_document.html", data, "document")


async def audit_view(datasette, request) -> Response:
    data = await pages.audit(_database(datasette, request), _query_int(request, "document"))
    return await _page(datasette, request, "quotes_audit.html", data, "audit")


@hookimpl
def register_routes(datasette) -> list:
    db = r"/(?P<database>[^/]+)/-"
    return [
        (db + r"/quotation/(?P<id>\d+)$", quotation_view),
        (db + r"/person/(?P<id>\d+)$", person_view),
        (db + r"/document/(?P<id>\d+)$", document_view),
        (db + r"/audit$", audit_view),
    ]


@hookimpl
def menu_links(datasette) -> list[dict[str, str]]:
    """The three jobs from every page's menu."""
    base = f"/{DATABASE}"
    return [{"href": datasette.urls.path(f"{base}/quote"), "label": "Search quotations"},
            {"href": datasette.urls.path(f"{base}/said"), "label": "Everything a person said"},
            {"href": datasette.urls.path(f"{base}/-/audit"), "label": "Claims without a source"},
            {"href": datasette.urls.path(f"{base}/corrections"), "label": "Corrections log"}]


class YearFacet(DateFacet):
    """Counts by year of a date column (``_facet_year=published``); a year's link filters
    with ``published__startswith=YYYY``."""

    type = "year"

    async def suggest(self) -> list:
        return []  # offered through metadata only; the date facet covers suggestions

    async def facet_results(self):
        from datasette.database import QueryInterrupted
        from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            sql = (f"select substr({escape_sqlite(column)}, 1, 4) as value, count(*) as count "
                   f"from ({self.sql}) where {escape_sqlite(column)} glob '[0-9][0-9][0-9][0-9]*' "
                   f"group by value order by value desc limit {size + 1}")
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting(
                                                 "facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                selected = args.get(f"{column}__startswith") == row["value"]
                change = {f"{column}__startswith": row["value"]}
                path = (path_with_removed_args(self.request, change) if selected
                        else path_with_added_args(self.request, change))
                values.append({"value": row["value"], "label": row["value"],
                               "count": row["count"], "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, path)})
            results.append({"name": f"{column} (year)", "type": self.type, "results": values,
                            "hideable": source != "metadata",
                            "toggle_url": path_with_removed_args(self.request,
                                                                 {"_facet_year": column}),
                            "truncated": len(rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes() -> list:
    return [YearFacet]
