"""dbt's tests beside the Great Expectations suites: every test of a build kept in ops.dbt_test_results.

One row per test per run, appended like ops.dq_results (and carried over to
each new build the same way, pipelines/refresh/build_files.py KEPT_HISTORY), so the
quality page can show both kinds of check and their history side by side.

A model's `rules` test (dbt_project/tests/generic/rules.sql) checks many
columns in one query; when it fails, its failing rows are read again and it
is kept as one row per column and rule that failed, named as dbt's own test
of that rule would be (not_null on fct_x.scenario, 3 rows), so a failure
says which column broke which rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from pipelines.dbt.rules import RULES_TEST

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


@dataclass(frozen=True)
class RuleFailure:
    """The rows of one model that break one rule (one column's, or a key's over several columns)."""

    column: str
    rule: str  # not_null, unique, accepted_values, value_between, relationships
    expected: str  # what the rule wants: 'one of budget, plan, outcome'
    rows: int
    values: tuple[str, ...]  # the first failing values, as text


SHOWN_VALUES = 5


def test_results(
    results: Iterable[Any], manifest: Mapping[str, Any], connection: duckdb.DuckDBPyConnection | None = None
) -> list[DbtTestResult]:
    """The tests among a build's results (dbt_build.NodeResult), described from the manifest.

    With `connection` (the warehouse the build wrote), a `rules` test that
    failed or warned becomes one result per rule it found broken.
    """
    nodes = manifest.get("nodes", {})
    found = []
    for result in results:
        node = nodes.get(result.unique_id)
        if node is None or node.get("resource_type") != "test":
            continue
        metadata = node.get("test_metadata") or {}
        attached = node.get("attached_node") or next(iter(node.get("depends_on", {}).get("nodes", [])), "")
        test = DbtTestResult(
            unique_id=result.unique_id,
            test_name=metadata.get("name") or node.get("name", result.unique_id),
            model=attached.split(".")[-1] or None,
            column_name=node.get("column_name"),
            severity=str(node.get("config", {}).get("severity", "error")).lower(),
            status=result.status,
            failures=result.failures,
            message=result.message,
        )
        broken = test.test_name == RULES_TEST and test.status in ("fail", "warn") and connection is not None
        found.extend(_per_rule(test, rule_failures(connection, result.compiled_code)) if broken else [test])
    return found


def rule_failures(connection: duckdb.DuckDBPyConnection, compiled_code: str | None) -> list[RuleFailure]:
    """A `rules` test's failing rows grouped by column and rule; none when its query cannot run again."""
    if not compiled_code:
        return []
    try:
        rows = connection.execute(
            "select column_name, rule, expected, failing_value, failing_rows "
            f"from ({compiled_code}) as findings order by column_name, rule, failing_rows desc, failing_value"
        ).fetchall()
    except duckdb.Error:
        return []
    grouped: dict[tuple[str, str, str], list[tuple[str | None, int]]] = {}
    for column, rule, expected, value, rows_with_value in rows:
        grouped.setdefault((column, rule, expected), []).append((value, rows_with_value))
    return [
        RuleFailure(
            column,
            rule,
            expected,
            sum(count for _, count in values),
            tuple(value for value, _ in values[:SHOWN_VALUES] if value is not None),
        )
        for (column, rule, expected), values in grouped.items()
    ]


def _per_rule(test: DbtTestResult, failures: list[RuleFailure]) -> list[DbtTestResult]:
    """One result per broken rule, or the test's own when its failing rows could not be read."""
    if not failures:
        return [test]
    return [
        DbtTestResult(
            unique_id=test.unique_id,
            test_name=failure.rule,
            model=test.model,
            column_name=failure.column,
            severity=test.severity,
            status=test.status,
            failures=failure.rows,
            message=failure_message(failure),
        )
        for failure in failures
    ]


def failure_message(failure: RuleFailure) -> str:
    """'3 rows; expected one of budget, plan, outcome; found: bogus, Plan'."""
    message = f"{failure.rows} row{'s' if failure.rows != 1 else ''}; expected {failure.expected}"
    return message + (f"; found: {', '.join(failure.values)}" if failure.values else "")


def failure_messages(tests: Iterable[DbtTestResult]) -> dict[str, str]:
    """unique_id -> which columns broke which rules, for the tests that failed or warned."""
    messages: dict[str, list[str]] = {}
    for test in tests:
        if test.status in ("fail", "warn"):
            where = f"{test.model}.{test.column_name}" if test.column_name else test.model
            messages.setdefault(test.unique_id, []).append(f"{where}: {test.test_name}: {test.message}")
    return {unique_id: "\n".join(lines) for unique_id, lines in messages.items()}


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
