"""The Datasette plugin: quotation, person, document and claim-audit pages, links from
table cells to them, and facets by year and by a related row's column (quotes.web.facets).

``quotes serve`` registers this module with Datasette's plugin manager (quotes.web.app),
so it needs no separate install.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from quotes.web import facets, pages

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


@hookimpl
def register_facet_classes() -> list:
    return facets.register()


@hookimpl
def filters_from_request(request, database, table, datasette):
    return facets.related_filter(request, database, table, datasette)
