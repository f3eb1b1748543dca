"""`finsam refresh` runs the `yearly_refresh` job, in this process, on the project's Dagster instance.

So a refresh from a shell is one more run in the history the UI shows
(DAGSTER_HOME): its run, every asset it materialised and every check result.
It runs the job's own executor (pipelines/defs/jobs.py), which sees that this
process already holds the refresh lock. `--year` is the run's partition; a
refresh of all years is one run over every year's partition.

While it runs, its run holds the `warehouse` pool, so a run launched from the
UI meanwhile stays queued until it ends.

Exit semantics for the CLI: 0 when everything loaded and every check passed,
2 when the refresh was published but some input was quarantined or a check
warned, 1 when it failed (nothing was published).

`run_refresh` passes the guard every refresh passes (refresh_guard.py: the
landing, the lock, leftovers); `finsam refresh` passes it before importing
this module and calls `build_and_publish` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.defs.run_events import StepFailed
from pipelines.fiscal_years import check_fiscal_year
from pipelines.refresh.guard import guarded_refresh
from pipelines.settings import Settings

EXIT_CLEAN, EXIT_FAILED, EXIT_WITH_WARNINGS = 0, 1, 2
TRIGGER_TAG = "finsam/trigger"

__all__ = ["RefreshOptions", "RefreshOutcome", "StepFailed", "build_and_publish", "run_refresh"]


@dataclass(frozen=True)
class RefreshOutcome:
    published: bool
    failed_steps: list[str]
    quarantined: int
    warnings: list[str] = field(default_factory=list)
    blocking_failures: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per Dagster step
    failures: list[StepFailed] = field(default_factory=list)
    run_id: str = ""
    summary: list[str] = field(
        default_factory=list
    )  # the run's last lines (pipelines/refresh/run_summary.py)

    @property
    def exit_code(self) -> int:
        if not self.published:
            return EXIT_FAILED
        return EXIT_WITH_WARNINGS if self.quarantined or self.warnings else EXIT_CLEAN


@dataclass(frozen=True)
class RefreshOptions:
    """What `finsam refresh` lets an operator choose beyond the paths."""

    fiscal_year: int | None = None  # the run's partition: export and summarise only this year
    csv_dialect: str | None = None  # rfc4180 or sv
    allow_shrink: bool = False  # publish even if the build loses facts (pipelines/refresh/shrink.py)
    max_shrink_pct: float | None = None  # the largest fall in facts published without allow_shrink
    log_level: str = "WARNING"


def run_refresh(
    settings: Settings, options: RefreshOptions | None = None, wait: bool = True
) -> RefreshOutcome:
    """A whole refresh, guarded: raises LandingProblem, or RefreshAlreadyRunning when not waiting."""
    with guarded_refresh(settings, "finsam refresh", wait):
        return build_and_publish(settings, options or RefreshOptions())


def build_and_publish(settings: Settings, options: RefreshOptions) -> RefreshOutcome:
    """yearly_refresh on the project's instance, in this process; the caller holds the refresh lock."""
    from dagster import execute_job, reconstructable  # late: `finsam` refuses or waits before this

    from pipelines.definitions import refresh_job  # parses dbt on first use
    from pipelines.defs.dead_runs import fail_runs_whose_process_ended
    from pipelines.defs.instance import project_instance
    from pipelines.defs.run_events import read_run_events
    from pipelines.refresh.run_summary import summarize_run

    settings.export_to_environment()
    tags = run_tags(options)
    with project_instance() as instance:
        fail_runs_whose_process_ended(instance)  # we hold the lock: no other refresh of ours is alive
        with execute_job(
            reconstructable(refresh_job),
            instance,
            run_config=run_config(settings, options),
            tags=tags,
            raise_on_error=False,
        ) as result:
            run_id = result.run_id
        events = read_run_events(instance, run_id)
    summary = summarize_run(settings, events)
    return RefreshOutcome(
        published=events.published,
        failed_steps=events.failed_steps,
        quarantined=events.rejected,
        warnings=[check.name for check in events.failed_checks("warning")],
        blocking_failures=[check.name for check in events.failed_checks("error")],
        step_seconds=events.step_seconds,
        failures=list(events.failures),
        run_id=run_id,
        summary=summary.lines(),
    )


def run_tags(options: RefreshOptions) -> dict[str, str]:
    """The partition of the run (`--year`, or every year as one range) and who started it."""
    from dagster._core.storage.tags import (
        ASSET_PARTITION_RANGE_END_TAG,
        ASSET_PARTITION_RANGE_START_TAG,
        PARTITION_NAME_TAG,
    )

    from pipelines.defs.dead_runs import this_process
    from pipelines.defs.partitions import all_fiscal_years

    tags = {TRIGGER_TAG: "finsam refresh", **this_process()}
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
