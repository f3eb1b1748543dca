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

from collections.abc import Sequence

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


# the column whose year a scoped suite's rows are chosen by
SCOPE_COLUMNS = {Scope.FISCAL_YEAR: "fiscal_year", Scope.START_YEAR: "start_date"}


def scoped_rows(
    table: str,
    scope: Scope,
    years: frozenset[int] | None,
    selected: Sequence[str] | None = None,
    table_columns: Sequence[str] = (),
) -> str:
    """The query for the rows of `table` (schema.name, checked by the suite loader) a suite checks.

    `selected`: only these of the table's columns (None: all). The rows are still sorted by all of
    `table_columns` (the table's, in its order), so they come in the order `select * ... order by all`
    gives them: which failing rows a run shows depends on it.
    """
    if selected is None:
        columns, order = "*", "all"
    else:
        columns, order = ", ".join(map(_quoted, selected)), ", ".join(map(_quoted, table_columns))
    query = f"select {columns} from {table}"
    if years is None or scope is Scope.WHOLE:
        return f"{query} order by {order}"
    listed = ", ".join(str(int(year)) for year in sorted(years)) or "null"
    if scope is Scope.FISCAL_YEAR:
        return f"{query} where fiscal_year in ({listed}) order by {order}"
    # START_YEAR: a record without a start is checked every time (it fails not-null)
    return f"{query} where start_date is null or year(start_date) in ({listed}) order by {order}"


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'
