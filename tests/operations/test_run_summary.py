"""A run's last lines: published or why not, each finding in words with its numbers, and where to look.

The same lines end `finsam refresh` and the run's log in the Dagster UI; and
the run, its materialisations and its check results are in the project's
instance (the session's DAGSTER_HOME here).
"""

from __future__ import annotations

from pathlib import Path

from dagster import AssetCheckSeverity, AssetKey, DagsterInstance, DagsterRunStatus

from pipelines.defs.partitions import fiscal_years
from pipelines.foundation.swedish_format import plain
from pipelines.quality.findings import Finding
from pipelines.quality.run_findings import RunFinding
from pipelines.refresh.run_summary import RunSummary

EQUITY_2025 = "Södra Lappland 2025: equity 53,6 % of member contributions, above the recommended 20 %"


def found(severity: str, text: str, where: str) -> RunFinding:
    return RunFinding(Finding(severity, "Great Expectations", "suite.expectation", "marts.t", text), where)


def test_a_published_run_names_each_finding_with_the_check_that_holds_it_and_the_quality_page():
    summary = RunSummary(
        published=True,
        warehouse=Path("/srv/finsam/finsam.duckdb"),
        quality_page=Path("/srv/finsam/exports/quality/index.html"),
        findings=(
            found(
                "error",
                "Sollefteå 2025: parts 48, total 40",
                "check marts/fct_participants:gx_fct_participants",
            ),
            found("warning", EQUITY_2025, "check marts/rpt_equity:gx_rpt_equity_warnings"),
        ),
        quarantined=3,
    )
    assert summary.lines() == [
        "Published /srv/finsam/finsam.duckdb and its exports.",
        "Quarantined input: 3 rows refused (see ops.quarantine).",
        "Found 1 error and 1 warning:",
        "  error: Sollefteå 2025: parts 48, total 40 (check marts/fct_participants:gx_fct_participants)",
        f"  warning: {EQUITY_2025} (check marts/rpt_equity:gx_rpt_equity_warnings)",
        "Where to look: the quality page /srv/finsam/exports/quality/index.html, and in the Dagster UI "
        "each check's page (Assets → the asset → Checks).",
    ]


def test_a_run_that_did_not_publish_says_why_first():
    summary = RunSummary(
        published=False,
        warehouse=Path("w.duckdb"),
        quality_page=Path("q/index.html"),
        findings=(),
        blockers=("check marts/fct_participants:gx_fct_participants failed", "step gx_marts_suites failed"),
    )
    assert summary.lines() == [
        "Not published (check marts/fct_participants:gx_fct_participants failed; step gx_marts_suites "
        "failed): the previous warehouse and exports are unchanged.",
        "Every check that ran passed.",
    ]


def test_beyond_twenty_findings_the_rest_are_counted_and_left_to_the_quality_page():
    many = tuple(found("warning", f"finding {number}", "check a:b") for number in range(23))
    lines = RunSummary(True, Path("w"), Path("q"), many).lines()
    assert lines[1] == "Found 0 errors and 23 warnings:"
    assert lines[2] == "  warning: finding 0 (check a:b)" and lines[21] == "  warning: finding 19 (check a:b)"
    assert lines[22] == "  … and 3 more on the quality page"


SAMPLE_WARNINGS = [
    "Found 0 errors and 9 warnings:",
    "  warning: Sollefteå 2025 plan: board_and_office_total printed as 667 000 kr, its parts sum to "
    "687 000 kr (check marts/fct_budget_lines:gx_fct_budget_lines_warnings)",
    "  warning: Sollefteå 2026 plan: board_and_office_total printed as 667 000 kr, its parts sum to "
    "687 000 kr (check marts/fct_budget_lines:gx_fct_budget_lines_warnings)",
    "  warning: Södra Lappland 2024 outcome: total_costs printed as 4 057 000 kr, its parts sum to "
    "3 896 000 kr (board_and_office_total not printed) (check marts/fct_budget_lines:gx_fct_budget_lines_warnings)",
    "  warning: Sollefteå 2025: 2 printed figures contradict their totals (kept as printed) "
    "(check marts/rpt_data_quality:gx_rpt_data_quality_warnings)",
    "  warning: Sollefteå 2026: 2 printed figures contradict their totals (kept as printed) "
    "(check marts/rpt_data_quality:gx_rpt_data_quality_warnings)",
    "  warning: Södra Lappland 2024: 1 printed figure contradicts its total (kept as printed) "
    "(check marts/rpt_data_quality:gx_rpt_data_quality_warnings)",
    "  warning: Södra Lappland 2025: 3 printed figures contradict their totals (kept as printed) "
    "(check marts/rpt_data_quality:gx_rpt_data_quality_warnings)",
    "  warning: Södra Lappland 2024: equity 58,1 % of member contributions, above the recommended 20 % "
    "(check marts/rpt_equity:gx_rpt_equity_warnings)",
    f"  warning: {EQUITY_2025} (check marts/rpt_equity:gx_rpt_equity_warnings)",
]


def run_id_of(refreshed) -> str:
    [line] = [line for line in refreshed.stdout.splitlines() if line.startswith("Run:")]
    return line.split()[1]


def test_the_refresh_ends_with_the_samples_warnings_in_words_and_where_to_look(refreshed):
    lines = plain(refreshed.stdout).splitlines()
    tail = lines[lines.index(SAMPLE_WARNINGS[0]) :]
    quality = refreshed.settings.exports / "quality" / "index.html"
    assert tail == [
        *SAMPLE_WARNINGS,
        f"Where to look: the quality page {quality}, and in the Dagster UI each check's page "
        "(Assets → the asset → Checks).",
    ]


def test_the_refresh_is_one_run_of_yearly_refresh_in_the_projects_instance(refreshed):
    run_id = run_id_of(refreshed)
    with DagsterInstance.get() as instance:
        run = instance.get_run_by_id(run_id)
        assert run.status == DagsterRunStatus.SUCCESS and run.job_name == "yearly_refresh"
        assert run.tags["finsam/trigger"] == "finsam refresh"
        # every year in one run: every year's export is refreshed by it
        nns = AssetKey(["exports", "nns"])
        assert instance.get_materialized_partitions(nns) >= set(fiscal_years.get_partition_keys())
        # the run materialised the marts (later tests of the session may have refreshed since)
        materialized = {
            entry.dagster_event.asset_key
            for entry in instance.all_logs(run_id)
            if entry.dagster_event_type is not None
            and entry.dagster_event_type.value == "ASSET_MATERIALIZATION"
        }
        assert AssetKey(["marts", "rpt_equity"]) in materialized
        [warning] = [
            entry.dagster_event.event_specific_data
            for entry in instance.all_logs(run_id)
            if entry.dagster_event_type is not None
            and entry.dagster_event_type.value == "ASSET_CHECK_EVALUATION"
            and entry.dagster_event.event_specific_data.check_name == "gx_rpt_equity_warnings"
        ]
        messages = [
            plain(entry.user_message) for entry in instance.all_logs(run_id) if not entry.is_dagster_event
        ]
    assert not warning.passed and warning.severity == AssetCheckSeverity.WARN
    assert EQUITY_2025 in plain(warning.description)
    # the run's log in the UI ends with the same summary as the command
    assert messages[-len(SAMPLE_WARNINGS) - 1 : -1] == SAMPLE_WARNINGS
    assert messages[-len(SAMPLE_WARNINGS) - 2] == f"Published {refreshed.settings.warehouse} and its exports."
