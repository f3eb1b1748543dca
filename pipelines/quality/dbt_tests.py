"""dbt's tests beside the Great Expectations suites: every test of a build kept in ops.dbt_test_results.

One row per test per run, appended like ops.dq_results (and carried over to
each new build the same way, pipelines/refresh/build_files.py KEPT_HISTORY), so the
quality page can show both kinds of check and their history side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

DBT_TEST_RESULTS = "ops.dbt_test_results"

CREATE = f"""
create table if not exists {DBT_TEST_RESULTS} (
    run_id varchar not null,
    unique_id varchar not null,
    test_name varchar not null,
    model varchar,
    column_name varchar,
    severity varchar not null,
    status varchar not null,
    failures integer,
    message varchar,
    checked_at timestamp not null
)
"""


@dataclass(frozen=True)
class DbtTestResult:
    unique_id: str
    test_name: str  # the generic test's name (not_null, relationships, ...) or the singular test's
    model: str | None  # the model it tests
    column_name: str | None
    severity: str  # error | warn, as configured
    status: str  # pass | fail | warn | error | skipped
    failures: int | None
    message: str | None


def test_results(results: Iterable[Any], manifest: Mapping[str, Any]) -> list[DbtTestResult]:
    """The tests among a build's results (dbt_build.NodeResult), described from the manifest."""
    nodes = manifest.get("nodes", {})
    found = []
    for result in results:
        node = nodes.get(result.unique_id)
        if node is None or node.get("resource_type") != "test":
            continue
        metadata = node.get("test_metadata") or {}
        attached = node.get("attached_node") or next(iter(node.get("depends_on", {}).get("nodes", [])), "")
        found.append(
            DbtTestResult(
                unique_id=result.unique_id,
                test_name=metadata.get("name") or node.get("name", result.unique_id),
                model=attached.split(".")[-1] or None,
                column_name=node.get("column_name"),
                severity=str(node.get("config", {}).get("severity", "error")).lower(),
                status=result.status,
                failures=result.failures,
                message=result.message,
            )
        )
    return found


def record_dbt_tests(
    connection: duckdb.DuckDBPyConnection, run_id: str, tests: Iterable[DbtTestResult], checked_at: datetime
) -> int:
    """Replace this run's rows with `tests`; returns the number written."""
    rows = [
        (
            run_id,
            test.unique_id,
            test.test_name,
            test.model,
            test.column_name,
            test.severity,
            test.status,
            test.failures,
            test.message,
            checked_at,
        )
        for test in tests
    ]
    connection.execute("create schema if not exists ops")
    connection.execute(CREATE)
    connection.execute("begin transaction")
    connection.execute(f"delete from {DBT_TEST_RESULTS} where run_id = ?", [run_id])
    if rows:
        connection.executemany(f"insert into {DBT_TEST_RESULTS} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute("commit")
    return len(rows)
