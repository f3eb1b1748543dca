"""Keeping every run's outcome in the warehouse: ops.dq_results, one row per expectation per run.

The table is history: it is created when missing and only ever appended to
(a check executed again in the same run replaces that run's rows of its
suite), so analysts can follow an expectation across refreshes. A refresh
that builds a new warehouse file carries the table over from the published
one (pipelines/refresh/build_files.py, KEPT_HISTORY).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb

from pipelines.quality.outcomes import SuiteOutcome

DQ_RESULTS = "ops.dq_results"

CREATE = f"""
create table if not exists {DQ_RESULTS} (
    run_id varchar not null,
    suite varchar not null,
    expectation varchar not null,
    table_name varchar not null,
    severity varchar not null,
    success boolean not null,
    observed_value varchar,
    checked_at timestamp not null
)
"""


def record_outcomes(
    connection: duckdb.DuckDBPyConnection, run_id: str, outcomes: Sequence[SuiteOutcome], checked_at: datetime
) -> int:
    """Append one row per expectation of `outcomes`; returns the number of rows written."""
    connection.execute("create schema if not exists ops")
    connection.execute(CREATE)
    if not outcomes:
        return 0
    rows = [
        (
            run_id,
            outcome.suite.name,
            expectation.name,
            outcome.suite.table,
            expectation.severity.value,
            expectation.success,
            expectation.observed_json(),
            checked_at,
        )
        for outcome in outcomes
        for expectation in outcome.expectations
    ]
    connection.execute("begin transaction")
    connection.execute(
        f"delete from {DQ_RESULTS} where run_id = ? and list_contains(?, suite)",
        [run_id, [outcome.suite.name for outcome in outcomes]],
    )
    if rows:
        connection.executemany(f"insert into {DQ_RESULTS} values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute("commit")
    return len(rows)
