"""What one run's checks found, in words, and where each is shown: the run summary's findings.

The same sentences as the quality page (pipelines/quality/findings.py), taken
from the suites this run validated (their saved results name the run) and the
dbt tests it ran (ops.dbt_test_results), each with the check that holds it in
the Dagster UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipelines.foundation.warehouse_file import connect_reader, table_exists
from pipelines.quality.dbt_tests import DBT_TEST_RESULTS
from pipelines.quality.findings import Finding, dbt_test_finding, expectation_findings
from pipelines.quality.outcomes import SuiteOutcome
from pipelines.quality.page import FAILED_DBT, federation_names, load_summaries, suite_findings, suite_row
from pipelines.quality.suites import Severity, SuiteSpec, check_name, load_suites


@dataclass(frozen=True)
class RunFinding:
    """A finding and where to look for it in the Dagster UI."""

    finding: Finding
    where: str  # "check marts/rpt_equity:gx_rpt_equity_warnings", "dbt test not_null on fct_budget_lines"

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def text(self) -> str:
        return self.finding.text


def outcome_findings(outcome: SuiteOutcome, names: Mapping[str, str]) -> list[Finding]:
    """A suite outcome's failures in words."""
    suite = outcome.suite
    return [
        finding
        for failure in outcome.failures()
        for finding in expectation_findings(
            suite.name,
            suite.table,
            failure.name,
            failure.severity.value,
            failure.why,
            failure.observed,
            names,
        )
    ]


def federation_names_in(warehouse: Path) -> dict[str, str]:
    with connect_reader(warehouse) as connection:
        return federation_names(connection)


def findings_of_run(
    quality: Path, warehouse: Path, run_id: str, suites: Sequence[SuiteSpec] | None = None
) -> list[RunFinding]:
    """Every failure this run's checks found, errors first; `quality` is the quality page's folder."""
    by_name = {suite.name: suite for suite in suites or load_suites()}
    names: Mapping[str, str] = {}
    dbt_rows: list[tuple] = []
    if warehouse.exists():  # a run that stopped before building anything has only its suites' results
        with connect_reader(warehouse) as connection:
            names = federation_names(connection)
            dbt_rows = _dbt_failures(connection, run_id)
    found = []
    for summary in load_summaries(quality / "results").values():
        suite = by_name.get(summary["suite"])
        if suite is None or summary["run_id"] != run_id:
            continue
        for finding in suite_findings(suite_row(suite, summary), names):
            check = check_name(suite, Severity(finding.severity))
            found.append(RunFinding(finding, f"check {summary['asset']}:{check}"))
    for test, model, column, status, failures, message in dbt_rows:
        finding = dbt_test_finding(test, model, column, status, failures, message)
        found.append(RunFinding(finding, f"dbt test {test} on {model}"))
    return sorted(found, key=lambda item: item.finding.sort_key)


def _dbt_failures(connection, run_id: str) -> list[tuple]:
    if not table_exists(connection, DBT_TEST_RESULTS):
        return []
    return connection.execute(
        f"select test_name, model, column_name, status, failures, message from {DBT_TEST_RESULTS} "
        "where run_id = ? and status in (?, ?, 'warn') order by model, column_name, test_name",
        [run_id, *FAILED_DBT],
    ).fetchall()
