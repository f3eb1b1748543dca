"""`finsam refresh` runs the `yearly_refresh` job, in this process, on the project's Dagster instance.

So a refresh from a shell is one more run in the history the UI shows
(DAGSTER_HOME): its run, every asset it materialised and every check result.
It runs the job's own executor (pipelines/defs/jobs.py), which sees that this
process already holds the refresh lock. `--year` is the run's partition; a
refresh of all years is one run over every year's partition.

While it runs, its run holds the `warehouse` pool, so a run launched from the
UI meanwhile stays queued until it ends. What it returns, and the exit code
that follows, is pipelines/refresh/outcome.py's RefreshOutcome.

`run_refresh` passes the guard every refresh passes (pipelines/refresh/guard.py:
the landing, the lock, leftovers); `finsam refresh` passes it before importing
this module and calls `build_and_publish` itself.
"""

from __future__ import annotations

from pipelines.foundation.fiscal_years import check_fiscal_year
from pipelines.foundation.settings import Settings
from pipelines.refresh.guard import guarded_refresh
from pipelines.refresh.outcome import RefreshOptions, RefreshOutcome

TRIGGER_TAG = "finsam/trigger"


def run_refresh(
    settings: Settings, options: RefreshOptions | None = None, wait: bool = True
) -> RefreshOutcome:
    """A whole refresh, guarded: raises LandingProblem, or RefreshAlreadyRunning when not waiting."""
    with guarded_refresh(settings, "finsam refresh", wait):
        return build_and_publish(settings, options or RefreshOptions())


def build_and_publish(settings: Settings, options: RefreshOptions) -> RefreshOutcome:
    """yearly_refresh on the project's instance, in this process; the caller holds the refresh lock.

    The documents' extraction starts first, before Dagster is imported
    (pipelines/refresh/extraction_ahead.py): the run's start is one core's work."""
    from pipelines.refresh.extraction_ahead import extraction_read_ahead
    from pipelines.refresh.run_summary import summarize_run

    with extraction_read_ahead(settings, options.full):
        events = _run_job(settings, options)
    summary = summarize_run(settings, events)
    return RefreshOutcome.of_run(events, summary.lines())


def _run_job(settings: Settings, options: RefreshOptions):
    """The events of the job's run on the project's instance."""
    from dagster import execute_job, reconstructable  # late: `finsam` refuses or waits before this

    from pipelines.definitions import refresh_job  # parses dbt on first use
    from pipelines.defs.dead_runs import fail_runs_whose_process_ended
    from pipelines.defs.instance import history_kept_open, project_instance
    from pipelines.defs.run_events import read_run_events

    with project_instance() as instance, history_kept_open():
        fail_runs_whose_process_ended(instance)  # we hold the lock: no other refresh of ours is alive
        with execute_job(
            reconstructable(refresh_job),
            instance,
            run_config=run_config(settings, options),
            tags=run_tags(options),
            raise_on_error=False,
        ) as result:
            run_id = result.run_id
        return read_run_events(instance, run_id)


def run_tags(options: RefreshOptions) -> dict[str, str]:
    """The partition of the run (`--year`, or every year as one range), who started it, and `--full`."""
    from dagster._core.storage.tags import (
        ASSET_PARTITION_RANGE_END_TAG,
        ASSET_PARTITION_RANGE_START_TAG,
        PARTITION_NAME_TAG,
    )

    from pipelines.defs.dead_runs import this_process
    from pipelines.defs.jobs import FULL_TAG
    from pipelines.defs.partitions import all_fiscal_years

    tags = {TRIGGER_TAG: "finsam refresh", **this_process()}
    if options.full:
        tags[FULL_TAG] = "true"
    if options.fiscal_year is None:
        every = all_fiscal_years()
        return {
            **tags,
            ASSET_PARTITION_RANGE_START_TAG: every.start,
            ASSET_PARTITION_RANGE_END_TAG: every.end,
        }
    return {**tags, PARTITION_NAME_TAG: check_fiscal_year(options.fiscal_year)}


def run_config(settings: Settings, options: RefreshOptions) -> dict:
    """The paths, the export's dialect, what publishing may lose, and how much the console shows."""
    export_config = {}
    if options.csv_dialect:
        export_config["csv_dialect"] = options.csv_dialect
    publish_config = {"allow_shrink": options.allow_shrink, "max_shrink_pct": options.max_shrink_pct}
    paths = {
        "landing": str(settings.landing),
        "warehouse": str(settings.warehouse),
        "exports": str(settings.exports),
    }
    return {
        "ops": {"exports__nns": {"config": export_config}, "ops__publish": {"config": publish_config}},
        "resources": {"paths": {"config": paths}},
        # step-by-step debug lines would bury the summary; warnings (rejections) still show
        "loggers": {"console": {"config": {"log_level": options.log_level}}},
    }
