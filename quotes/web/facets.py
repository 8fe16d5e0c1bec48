"""Two facets Datasette lacks: by year of a date column, and by a column of the row a
foreign key points to (the outlet of a quotation's document).

    {"year": "published"}               a year's link adds published__startswith=YYYY
    {"related": "document_id.outlet"}   a value's link adds _related=document_id.outlet:VALUE

``related_filter`` turns ``_related`` into a WHERE clause with the value as a bound
parameter; columns and tables are checked against the schema's foreign keys first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from datasette.database import QueryInterrupted
from datasette.facets import DateFacet, Facet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

NAME = re.compile(r"^\w+$")
RELATED_ARG = "_related"


async def _run(facet: Facet, sql: str):
    return await facet.ds.execute(facet.database, sql, facet.params, truncate=False,
                                  custom_time_limit=facet.ds.setting("facet_time_limit_ms"))


def _values(facet: Facet, rows, arg: str, selected: set[str], encode) -> list[dict]:
    values = []
    for row in rows:
        value = encode(row["value"])
        change = {arg: value}
        on = value in selected
        path = (path_with_removed_args(facet.request, change) if on
                else path_with_added_args(facet.request, change))
        values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                       "selected": on, "toggle_url": facet.ds.absolute_url(facet.request, path)})
    return values


# a facet's name, its counting SQL (without the limit) and the shape of its rows
Query = tuple[str, str, Callable[[list], dict]]


async def _counts(facet: Facet, queries: list[Query]) -> tuple[list, list]:
    """Datasette's (results, timed out) for each (name, counting SQL, shape of its rows):
    the rows within the facet size shaped into a result, or the name of one that ran
    out of time."""
    results, timed_out = [], []
    size = facet.get_facet_size()
    for name, sql, shape in queries:
        try:
            rows = await _run(facet, f"{sql} limit {size + 1}")
        except QueryInterrupted:
            timed_out.append(name)
            continue
        results.append({**shape(rows.rows[:size]), "truncated": len(rows) > size})
    return results, timed_out


def _selected(facet: Facet, arg: str) -> set[str]:
    return {v for k, v in facet.get_querystring_pairs() if k == arg}


class YearFacet(DateFacet):
    """Counts by year of an ISO date column."""

    type = "year"

    async def suggest(self) -> list:
        return []  # offered through metadata; Datasette's date facet covers suggestions

    async def facet_results(self) -> tuple[list, list]:
        queries: list[Query] = []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            quoted = escape_sqlite(column)
            sql = (f"select substr({quoted}, 1, 4) as value, count(*) as count from "
                   f"({self.sql}) where {quoted} glob '[0-9][0-9][0-9][0-9]*' "
                   f"group by value order by value desc")
            arg = f"{column}__startswith"

            def shape(rows: list, column: str = column, arg: str = arg,
                      source: str = source_and_config["source"]) -> dict:
                return {
                    "name": column, "type": self.type,
                    "results": _values(self, rows, arg, _selected(self, arg), str),
                    "hideable": source != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_year": column})}

            queries.append((column, sql, shape))
        return await _counts(self, queries)


async def _foreign_key(datasette, database: str, table: str, path: str
                       ) -> tuple[str, str, str, str] | None:
    """(column, other table, other column, field) for "column.field" when column is a
    foreign key of table and field a column of the other table; else None."""
    column, _, field = path.partition(".")
    if not (NAME.match(column) and NAME.match(field)):
        return None
    db = datasette.get_database(database)
    for key in await db.foreign_keys_for_table(table):
        if key["column"] == column and field in await db.table_columns(key["other_table"]):
            return column, key["other_table"], key["other_column"], field
    return None


class RelatedFacet(Facet):
    """Counts by a column of the row a foreign key points to."""

    type = "related"

    async def suggest(self) -> list:
        return []

    async def facet_results(self) -> tuple[list, list]:
        queries: list[Query] = []
        for source_and_config in self.get_configs():
            path = source_and_config["config"]["simple"]
            key = await _foreign_key(self.ds, self.database, self.table, path)
            if key is None:
                continue
            column, other, other_column, field = (escape_sqlite(part) for part in key)
            sql = (f"select o.{field} as value, count(*) as count from ({self.sql}) q "
                   f"join {other} o on o.{other_column} = q.{column} "
                   f"where o.{field} is not null group by o.{field} "
                   f"order by count desc, value")

            def shape(rows: list, path: str = path, key: tuple = key,
                      source: str = source_and_config["source"]) -> dict:
                selected = {v.partition(":")[2] for v in _selected(self, RELATED_ARG)
                            if v.partition(":")[0] == path}
                values = _values(self, rows, RELATED_ARG, {f"{path}:{v}" for v in selected},
                                 lambda v: f"{path}:{v}")
                return {"name": f"{key[1]}.{key[3]}", "type": self.type, "results": values,
                        "hideable": source != "metadata",
                        "toggle_url": self.ds.absolute_url(self.request, self.request.path)}

            queries.append((path, sql, shape))
        return await _counts(self, queries)


async def related_filter(request, database: str, table: str, datasette
                         ) -> FilterArguments | None:
    """``_related=document_id.outlet:The Guardian`` as a WHERE clause (value bound)."""
    clauses, params, described = [], {}, []
    for n, argument in enumerate(request.args.getlist(RELATED_ARG)):
        path, _, value = argument.partition(":")
        key = await _foreign_key(datasette, database, table, path) if table else None
        if key is None:
            continue
        column, other, other_column, field = (escape_sqlite(part) for part in key)
        clauses.append(f"{column} in (select {other_column} from {other} "
                       f"where {field} = :related_{n})")
        params[f"related_{n}"] = value
        described.append(f"{key[1]} {key[3]} is {value}")
    return FilterArguments(clauses, params, described) if clauses else None


def register() -> list[type[Facet]]:
    return [YearFacet, RelatedFacet]
