"""ops.dq_year_findings: each year-scoped expectation's findings per fiscal year, as last checked.

A refresh that rebuilt some years checks their rows and replaces their
findings here; the findings of the years it did not rebuild are read back and
added to its outcomes (by_year.py), so a refresh that added one year still
reports the warnings older years have. The build starts from a copy of the
published warehouse, so the table holds every year the published refresh
knew; a build from nothing checks every year and writes the table anew.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial

import duckdb
import pyarrow as pa

from pipelines.foundation.warehouse_file import table_exists
from pipelines.quality.by_year import with_carried_years
from pipelines.quality.gx_validator import shown_rows
from pipelines.quality.outcomes import SuiteOutcome, YearFindings
from pipelines.quality.suites import Scope

YEAR_FINDINGS = "ops.dq_year_findings"

CREATE = f"""
create table if not exists {YEAR_FINDINGS} (
    suite varchar not null,
    expectation varchar not null,
    fiscal_year integer,
    element_count bigint not null,
    unexpected_count bigint not null,
    failing varchar not null
)
"""


def carry_years(
    connection: duckdb.DuckDBPyConnection,
    outcomes: Sequence[SuiteOutcome],
    checked: dict[str, frozenset[int] | None],
) -> tuple[SuiteOutcome, ...]:
    """Outcomes with the years not checked added, and this run's years recorded in their place.

    `checked`: per layer, the years its year-scoped suites read (None: all).
    Rows without a year are checked every time and never carried.
    """
    connection.execute("create schema if not exists ops")
    connection.execute(CREATE)
    result = []
    for outcome in outcomes:
        if outcome.suite.scope is Scope.WHOLE:
            result.append(outcome)
            continue
        years = checked.get(outcome.suite.layer)
        carried = {} if years is None else _stored(connection, outcome.suite.name, years)
        shown = partial(shown_rows, keys=outcome.suite.keys)
        expectations = tuple(
            with_carried_years(expectation, carried.get(expectation.name, ()), shown)
            for expectation in outcome.expectations
        )
        _replace(connection, outcome, years)
        result.append(SuiteOutcome(outcome.suite, outcome.rows, expectations, outcome.gx_result))
    return tuple(result)


def _stored(connection, suite: str, checked: frozenset[int]) -> dict[str, list[YearFindings]]:
    """The suite's findings of the years not checked now, per expectation."""
    if not table_exists(connection, YEAR_FINDINGS):
        return {}
    rows = connection.execute(
        f"select expectation, fiscal_year, element_count, unexpected_count, failing from {YEAR_FINDINGS} "
        "where suite = ? and fiscal_year is not null and not list_contains(?, fiscal_year) "
        "order by expectation, fiscal_year",
        [suite, sorted(checked)],
    ).fetchall()
    found: dict[str, list[YearFindings]] = {}
    for expectation, year, elements, unexpected, failing in rows:
        found.setdefault(expectation, []).append(
            YearFindings(year, elements, unexpected, tuple(json.loads(failing)))
        )
    return found


def _replace(connection, outcome: SuiteOutcome, checked: frozenset[int] | None) -> None:
    """This run's findings of the years it checked (every year when `checked` is None) replace the stored."""
    name = outcome.suite.name
    if checked is None:
        connection.execute(f"delete from {YEAR_FINDINGS} where suite = ?", [name])
    else:
        connection.execute(
            f"delete from {YEAR_FINDINGS} where suite = ? "
            "and (fiscal_year is null or list_contains(?, fiscal_year))",
            [name, sorted(checked)],
        )
    rows = [
        (
            name,
            expectation.name,
            found.fiscal_year,
            found.element_count,
            found.unexpected_count,
            json.dumps(list(found.failing), ensure_ascii=False),
        )
        for expectation in outcome.expectations
        for found in expectation.by_year
        if checked is None or found.fiscal_year is None or found.fiscal_year in checked
    ]
    if rows:  # one insert: row by row (executemany) took 1.5 s for a national refresh's 1 300 rows
        columns = ("suite", "expectation", "fiscal_year", "element_count", "unexpected_count", "failing")
        found = pa.Table.from_pylist([dict(zip(columns, row, strict=True)) for row in rows])
        connection.register("year_findings_found", found)
        try:
            connection.execute(f"insert into {YEAR_FINDINGS} by name select * from year_findings_found")
        finally:
            connection.unregister("year_findings_found")
