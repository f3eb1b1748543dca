"""The alert about a failed run: which run and year, why it failed, its summary, and the link to it."""

from __future__ import annotations

from dagster import (
    DagsterEventType,
    DagsterInstance,
    Failure,
    build_run_status_sensor_context,
    job,
    op,
)

from pipelines.defs.run_sensors import failure_message

BAD_AMOUNT = "landing/sodra_lappland/budget_2025.csv line 4: amount 'tolv' is not a number"


@op
def load_budget() -> None:
    raise Failure(description=BAD_AMOUNT)


@job
def yearly_refresh() -> None:
    load_budget()


def test_the_alert_names_the_run_its_year_why_it_failed_its_summary_and_its_page(tmp_path, monkeypatch):
    monkeypatch.setenv("FINSAM_LANDING", str(tmp_path / "landing"))
    monkeypatch.setenv("FINSAM_WAREHOUSE", str(tmp_path / "warehouse" / "finsam.duckdb"))
    monkeypatch.setenv("FINSAM_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.setenv("FINSAM_UI_URL", "http://127.0.0.1:3999/")
    with DagsterInstance.ephemeral() as instance:
        result = yearly_refresh.execute_in_process(
            instance=instance, tags={"dagster/partition": "2025"}, raise_on_error=False
        )
        assert not result.success
        [failed] = instance.all_logs(result.run_id, of_type=DagsterEventType.RUN_FAILURE)
        context = build_run_status_sensor_context(
            sensor_name="refresh_failed_alert",
            dagster_event=failed.dagster_event,
            dagster_instance=instance,
            dagster_run=instance.get_run_by_id(result.run_id),
        ).for_run_failure()
        subject, body = failure_message(context)
    run_id = result.run_id
    assert subject == f"Finsam refresh failed: run {run_id[:8]} (yearly_refresh, fiscal year 2025)"
    assert body.splitlines() == [
        subject,
        """Why: Execution of run for "yearly_refresh" failed. Steps failed: ['load_budget'].""",
        f"  step load_budget: {BAD_AMOUNT}",
        "Not published (step load_budget failed): the previous warehouse and exports are unchanged.",
        "Every check that ran passed.",
        f"The run: http://127.0.0.1:3999/runs/{run_id}",
    ]
