"""Sensors about runs, on by default (they need the daemon, which `make ui` starts).

- `refresh_failed_alert`: a run that failed, whatever started it (the UI, a
  backfill, the schedule, `finsam refresh`), is reported to the alert target
  (FINSAM_ALERT, pipelines/refresh/alerts.py) with its summary: why it did not publish
  and what its checks found. A blocking check that failed fails its run, so
  it alerts too.
- `dead_refreshes`: runs whose process is gone are marked failed
  (pipelines/defs/dead_runs.py), so queued runs do not wait behind them.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster import (
    DefaultSensorStatus,
    RunFailureSensorContext,
    SensorEvaluationContext,
    SkipReason,
    run_failure_sensor,
    sensor,
)

from pipelines.defs.dead_runs import fail_runs_whose_process_ended
from pipelines.defs.jobs import settings_of_run
from pipelines.defs.run_events import read_run_events
from pipelines.refresh.alerts import alert_target, send_alert
from pipelines.refresh.run_summary import summarize_run

UI_URL_VARIABLE = "FINSAM_UI_URL"  # set by `make ui`: alerts link to the run


def failure_message(context: RunFailureSensorContext) -> tuple[str, str]:
    """The subject and body of the alert about a failed run."""
    run = context.dagster_run
    partition = run.tags.get("dagster/partition")
    what = f"{run.job_name}, fiscal year {partition}" if partition else run.job_name
    subject = f"Finsam refresh failed: run {run.run_id[:8]} ({what})"
    lines = [subject, f"Why: {context.failure_event.message or 'see the run log'}"]
    events = read_run_events(context.instance, run.run_id)
    lines.extend(f"  step {failed.step}: {_first_line(failed.message)}" for failed in events.failures)
    lines.extend(summarize_run(settings_of_run(run.run_config), events).lines())
    url = os.environ.get(UI_URL_VARIABLE)
    lines.append(f"The run: {url.rstrip('/')}/runs/{run.run_id}" if url else f"The run: {run.run_id}")
    return subject, "\n".join(lines)


def _first_line(message: str) -> str:
    """A failed step's reason (a Failure's file, line and reason) in one line: the rest is in the run log."""
    return next(iter(message.strip().splitlines()), "see the run log")


@run_failure_sensor(
    name="refresh_failed_alert",
    monitor_all_code_locations=True,  # `finsam refresh` runs have no code location of their own
    default_status=DefaultSensorStatus.RUNNING,
    description="Reports every failed run to FINSAM_ALERT (an e-mail command, a webhook, or a log file).",
)
def refresh_failed_alert(context: RunFailureSensorContext) -> None:
    subject, body = failure_message(context)
    target = alert_target(Path(context.instance.root_directory))
    send_alert(target, subject, body)
    context.log.info(f"alerted {target.describe()}: {subject}")


@sensor(
    name="dead_refreshes",
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Marks runs whose refresh process has ended (killed) as failed, so the queue moves on.",
)
def dead_refreshes(context: SensorEvaluationContext) -> SkipReason:
    failed = fail_runs_whose_process_ended(context.instance)
    if failed:
        return SkipReason(f"marked failed, their process had ended: {', '.join(failed)}")
    return SkipReason("every run in progress still has its process")
