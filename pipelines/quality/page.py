"""The quality page, exports/quality/index.html: what the checks found, readable at a glance.

One summary line (checks run, failed, warnings), then every failure in
words, errors first; Great Expectations suites and dbt tests side by side per
table; the history of the last runs from ops.dq_results and
ops.dbt_test_results; and each suite's expectations below. Rewritten by every
step that checks something (each layer's suites, dbt's build), from what the
warehouse holds at that moment, so a refresh that stops half way still leaves
a page that says how far it got. No Great Expectations import: the dbt step
writes it too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.foundation.html_pages import render, stylesheet
from pipelines.foundation.reference import listed_rows
from pipelines.foundation.swedish_format import short_federation_name
from pipelines.foundation.warehouse_file import connect_reader, table_exists
from pipelines.quality.dbt_tests import DBT_TEST_RESULTS
from pipelines.quality.findings import Finding, dbt_test_finding, expectation_findings
from pipelines.quality.record import DQ_RESULTS
from pipelines.quality.suites import SuiteSpec

HISTORY_RUNS = 10
FAILED_DBT = ("fail", "error")


@dataclass(frozen=True)
class SuiteRow:
    """A suite's last result (from quality/results/<suite>.json), or `not run yet`."""

    name: str
    asset: str
    table: str
    status: str
    expectations: int = 0
    errors_failed: int = 0
    warnings_failed: int = 0
    checked_at: str = ""
    run_id: str = ""
    page: str | None = None
    description: str = ""
    details: tuple[dict, ...] = ()


@dataclass(frozen=True)
class TableChecks:
    """Both kinds of check on one table."""

    table: str
    suite: SuiteRow | None = None
    dbt_tests: int = 0
    dbt_failed: int = 0
    dbt_warned: int = 0


@dataclass(frozen=True)
class RunRow:
    run_id: str
    checked_at: str
    gx_run: int
    gx_failed: int
    gx_warnings: int
    dbt_run: int
    dbt_failed: int
    dbt_warnings: int


@dataclass(frozen=True)
class QualityPage:
    checks: int
    failed: int
    warnings: int
    findings: list[Finding]
    tables: list[TableChecks]
    history: list[RunRow]
    suites: list[SuiteRow]
    dbt_run: str | None = None
    notes: list[str] = field(default_factory=list)


def write_quality_page(folder: Path, suites: Sequence[SuiteSpec], warehouse: Path) -> Path:
    """Render index.html in `folder` from its saved suite results and the warehouse's history."""
    folder.mkdir(parents=True, exist_ok=True)
    with connect_reader(warehouse) as connection:
        page = collect(connection, suites, load_summaries(folder / "results"))
    index = folder / "index.html"
    index.write_text(render("quality.html.j2", page=page, css=stylesheet()), encoding="utf-8")
    return index


def load_summaries(results: Path) -> dict[str, dict]:
    summaries = {}
    for path in sorted(results.glob("*.json")):
        summary = json.loads(path.read_text(encoding="utf-8"))
        summaries[summary["suite"]] = summary
    return summaries


def collect(
    connection: duckdb.DuckDBPyConnection, suites: Sequence[SuiteSpec], summaries: dict[str, dict]
) -> QualityPage:
    names = federation_names(connection)
    rows = [suite_row(suite, summaries.get(suite.name)) for suite in suites]
    findings = [finding for row in rows for finding in suite_findings(row, names)]
    dbt_run, dbt_tests = _latest_dbt_tests(connection)
    findings.extend(
        dbt_test_finding(test, model, column, status, failures, message)
        for test, model, column, status, failures, message in dbt_tests
        if status in (*FAILED_DBT, "warn")
    )
    findings.sort(key=lambda finding: finding.sort_key)
    gx_checks = sum(row.expectations for row in rows)
    dbt_checks = sum(status != "skipped" for *_, status, _failures, _message in dbt_tests)
    severities = _failed_checks(rows, dbt_tests)
    return QualityPage(
        checks=gx_checks + dbt_checks,
        failed=severities.count("error"),
        warnings=severities.count("warning"),
        findings=findings,
        tables=_tables(rows, dbt_tests),
        history=_history(connection),
        suites=rows,
        dbt_run=dbt_run,
    )


def federation_names(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Short names ('Södra Lappland') of the contract's and the landing's registered federations."""
    names = {
        row["federation_id"]: short_federation_name(row.get("name_sv"), row["federation_id"])
        for row in listed_rows("federations.csv") or ()
    }
    if table_exists(connection, "raw.registered_federations"):
        for federation, name in connection.execute(
            "select federation_id, name_sv from raw.registered_federations"
        ).fetchall():
            names.setdefault(federation, short_federation_name(name, federation))
    return names


def suite_row(suite: SuiteSpec, summary: dict | None) -> SuiteRow:
    if summary is None:
        return SuiteRow(
            suite.name, "/".join(suite.asset), suite.table, "not run yet", description=suite.description
        )
    details = tuple(sorted(summary["expectations"], key=lambda x: (x["success"], x["severity"] != "error")))
    failed = [x for x in details if not x["success"]]
    errors = sum(x["severity"] == "error" for x in failed)
    return SuiteRow(
        name=suite.name,
        asset=summary["asset"],
        table=summary["table"],
        status=summary["status"],
        expectations=len(details),
        errors_failed=errors,
        warnings_failed=len(failed) - errors,
        checked_at=summary["checked_at"],
        run_id=summary["run_id"],
        page=summary.get("page"),
        description=summary.get("description", ""),
        details=details,
    )


def suite_findings(row: SuiteRow, names: dict[str, str]) -> list[Finding]:
    return [
        finding
        for x in row.details
        if not x["success"]
        for finding in expectation_findings(
            row.name, row.table, x["name"], x["severity"], x["why"], x.get("observed_value") or {}, names
        )
    ]


def _failed_checks(rows: list[SuiteRow], dbt_tests: list[tuple]) -> list[str]:
    """The severity of every failed check (an expectation or a dbt test), one entry each."""
    severities = [x["severity"] for row in rows for x in row.details if not x["success"]]
    severities.extend(
        "warning" if status == "warn" else "error"
        for *_, status, _failures, _message in dbt_tests
        if status in (*FAILED_DBT, "warn")
    )
    return severities


def _latest_dbt_tests(connection: duckdb.DuckDBPyConnection) -> tuple[str | None, list[tuple]]:
    if not table_exists(connection, DBT_TEST_RESULTS):
        return None, []
    latest = connection.execute(
        f"select run_id from {DBT_TEST_RESULTS} order by checked_at desc limit 1"
    ).fetchone()
    if latest is None:
        return None, []
    tests = connection.execute(
        f"select test_name, model, column_name, status, failures, message from {DBT_TEST_RESULTS} "
        "where run_id = ? order by model, column_name, test_name",
        [latest[0]],
    ).fetchall()
    return latest[0], tests


def _tables(rows: list[SuiteRow], dbt_tests: list[tuple]) -> list[TableChecks]:
    by_table: dict[str, dict] = {}
    for row in rows:
        by_table.setdefault(row.table.split(".")[-1], {})["suite"] = row
    for _test, model, _column, status, _failures, _message in dbt_tests:
        counts = by_table.setdefault(model or "?", {})
        counts["dbt_tests"] = counts.get("dbt_tests", 0) + (status != "skipped")
        counts["dbt_failed"] = counts.get("dbt_failed", 0) + (status in FAILED_DBT)
        counts["dbt_warned"] = counts.get("dbt_warned", 0) + (status == "warn")
    return [TableChecks(table, **counts) for table, counts in sorted(by_table.items())]


def _history(connection: duckdb.DuckDBPyConnection) -> list[RunRow]:
    parts = []
    if table_exists(connection, DQ_RESULTS):
        parts.append(
            f"""select run_id, min(checked_at) as checked_at, count(*) as gx_run,
                count(*) filter (where not success and severity = 'error') as gx_failed,
                count(*) filter (where not success and severity = 'warning') as gx_warnings,
                0 as dbt_run, 0 as dbt_failed, 0 as dbt_warnings
            from {DQ_RESULTS} group by run_id"""
        )
    if table_exists(connection, DBT_TEST_RESULTS):
        parts.append(
            f"""select run_id, min(checked_at), 0, 0, 0,
                count(*) filter (where status <> 'skipped'),
                count(*) filter (where status in ('fail', 'error')),
                count(*) filter (where status = 'warn')
            from {DBT_TEST_RESULTS} group by run_id"""
        )
    if not parts:
        return []
    rows = connection.execute(
        f"""select run_id, strftime(min(checked_at), '%Y-%m-%d %H:%M'), sum(gx_run), sum(gx_failed),
            sum(gx_warnings), sum(dbt_run), sum(dbt_failed), sum(dbt_warnings)
        from ({" union all ".join(parts)})
        group by run_id order by min(checked_at) desc limit {HISTORY_RUNS}"""
    ).fetchall()
    return [RunRow(run_id, at, *map(int, counts)) for run_id, at, *counts in rows]
