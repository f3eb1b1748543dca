"""Once a year, after the annual reports are adopted: refresh for the fiscal year just closed.

The date is a cron expression in Swedish time, FINSAM_REFRESH_CRON, by default
06:00 on 1 May. Whatever the date, the run is for the calendar year before it
(a federation's fiscal year is the calendar year). Schedules run in
dagster-daemon (`make ui` starts it); the schedule is off until an operator
turns it on.
"""

from __future__ import annotations

import os
from datetime import datetime

from dagster import (
    DefaultScheduleStatus,
    RunRequest,
    ScheduleEvaluationContext,
    schedule,
)

from pipelines.defs.jobs import yearly_refresh

DEFAULT_REFRESH_CRON = "0 6 1 5 *"  # 1 May, 06:00
REFRESH_TIMEZONE = "Europe/Stockholm"


def refresh_cron() -> str:
    return os.environ.get("FINSAM_REFRESH_CRON", "").strip() or DEFAULT_REFRESH_CRON


def closed_fiscal_year(moment: datetime) -> str:
    """The fiscal year that closed before `moment`: the previous calendar year."""
    return str(moment.year - 1)


@schedule(
    name="yearly_refresh_schedule",
    job=yearly_refresh,
    cron_schedule=refresh_cron(),
    execution_timezone=REFRESH_TIMEZONE,
    default_status=DefaultScheduleStatus.STOPPED,
    description="Refresh the warehouse and export the fiscal year just closed (FINSAM_REFRESH_CRON).",
)
def yearly_refresh_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    year = closed_fiscal_year(context.scheduled_execution_time)
    return RunRequest(partition_key=year, tags={"finsam/trigger": "schedule"})
