"""The fiscal years a refresh rebuilt, and the rows of a suite's table that belong to them.

An incremental refresh (docs/incremental.md) rebuilds some fiscal years; the
other years' rows are the published ones, already checked. A suite scoped to
years (pipelines/quality/suites.py, Scope) then reads only the rebuilt years'
rows. Which years: for the raw layer the years whose raw rows changed
(`raw.changed_years`, written by the loaders); for the layers dbt builds the
years it rebuilt (`intermediate.int_rebuild_years`: the changed years and
the years that read them). A warehouse without the table is checked whole.
"""

from __future__ import annotations

import duckdb

from pipelines.foundation.warehouse_file import table_exists
from pipelines.quality.suites import Scope

YEARS_TABLES = {"raw": "raw.changed_years"}
REBUILT_YEARS = "intermediate.int_rebuild_years"  # every layer after dbt


def rebuilt_years(connection: duckdb.DuckDBPyConnection, layer: str) -> frozenset[int] | None:
    """The years the `layer`'s suites check; None: every row (no years table in this warehouse)."""
    table = YEARS_TABLES.get(layer, REBUILT_YEARS)
    if not table_exists(connection, table):
        return None
    listed = connection.execute(f"select distinct fiscal_year from {table}").fetchall()
    return frozenset(year for (year,) in listed)


def scoped_rows(table: str, scope: Scope, years: frozenset[int] | None) -> str:
    """The query for the rows of `table` (schema.name, checked by the suite loader) a suite checks."""
    if years is None or scope is Scope.WHOLE:
        return f"select * from {table} order by all"
    listed = ", ".join(str(int(year)) for year in sorted(years)) or "null"
    if scope is Scope.FISCAL_YEAR:
        return f"select * from {table} where fiscal_year in ({listed}) order by all"
    return (  # START_YEAR: a record without a start is checked every time (it fails not-null)
        f"select * from {table} where start_date is null or year(start_date) in ({listed}) order by all"
    )
