"""One refresh, in process: the same assets and resources the Dagster job runs.

Exit semantics for the CLI: 0 when everything loaded and every check passed,
2 when the refresh was published but some input was quarantined or a check
warned, 1 when it failed (nothing was published).

`run_refresh` passes the guard every refresh passes (refresh_guard.py: the
landing, the lock, leftovers); `finsam refresh` passes it before importing
this module and calls `build_and_publish` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dagster import AssetCheckSeverity, DagsterEventType, DagsterInstance, materialize

from pipelines.refresh_guard import guarded_refresh
from pipelines.resources import default_resources
from pipelines.settings import Settings

EXIT_CLEAN, EXIT_FAILED, EXIT_WITH_WARNINGS = 0, 1, 2

# The stages a refresh is timed by (bench/national.py), and the Dagster steps of each: every other
# raw__ step loads a raw table, every gx_ step runs data-quality suites.
STAGES = ("extraction", "loading", "dbt", "checks", "export", "report", "other")
_STAGE_OF_STEP = {
    "raw_extracted": "extraction",
    "ops__warehouse_build": "loading",
    "raw_registrations": "loading",
    "finsam_dbt_models": "dbt",
    "exports__nns_nns_export_matches_its_schema": "checks",
    "exports__nns": "export",
    "exports__report": "report",
    "exports__docs": "report",
    "raw__document_lines": "loading",
    "ops__publish": "export",
}
_STAGE_OF_PREFIX = {"raw__": "loading", "gx_": "checks"}
_STEP_ENDS = (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE)


@dataclass(frozen=True)
class StepFailed:
    """Why a step failed: a Failure's description for the operator, else the error and its causes."""

    step: str
    message: str
    explained: bool  # the step raised dagster.Failure with a description written for the operator


@dataclass(frozen=True)
class RefreshOutcome:
    published: bool
    failed_steps: list[str]
    quarantined: int
    warnings: list[str] = field(default_factory=list)
    blocking_failures: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per Dagster step
    failures: list[StepFailed] = field(default_factory=list)

    @property
    def stage_seconds(self) -> dict[str, float]:
        return stage_seconds(self.step_seconds)

    @property
    def exit_code(self) -> int:
        if not self.published:
            return EXIT_FAILED
        return EXIT_WITH_WARNINGS if self.quarantined or self.warnings else EXIT_CLEAN


@dataclass(frozen=True)
class RefreshOptions:
    """What `finsam refresh` lets an operator choose beyond the paths."""

    fiscal_year: int | None = None  # export and summarise only this year
    csv_dialect: str | None = None  # rfc4180 or sv
    allow_shrink: bool = False  # publish even if the build loses facts (pipelines/shrink.py)
    max_shrink_pct: float | None = None  # the largest fall in facts published without allow_shrink
    log_level: str = "WARNING"


def run_refresh(
    settings: Settings, options: RefreshOptions | None = None, wait: bool = True
) -> RefreshOutcome:
    """A whole refresh, guarded: raises LandingProblem, or RefreshAlreadyRunning when not waiting."""
    with guarded_refresh(settings, "finsam refresh", wait):
        return build_and_publish(settings, options or RefreshOptions())


def build_and_publish(settings: Settings, options: RefreshOptions) -> RefreshOutcome:
    """Every asset and check in process; the caller holds the refresh lock (guarded_refresh)."""
    from pipelines.definitions import ALL_ASSETS, ALL_CHECKS  # late: parses dbt on first use

    settings.export_to_environment()
    with DagsterInstance.ephemeral() as instance:
        result = materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            resources=default_resources(settings),
            run_config=run_config(options),
            instance=instance,
            raise_on_error=False,
        )
        step_seconds = _step_seconds(instance, result.run_id)
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    published = any(
        event.asset_key.path == ["ops", "publish"] for event in result.get_asset_materialization_events()
    )
    quarantined = 0
    for event in result.get_asset_materialization_events():
        metadata = event.step_materialization_data.materialization.metadata
        if event.asset_key.path[0] == "raw" and "rejected" in metadata:
            quarantined += metadata["rejected"].value
    warnings, blocking = [], []
    for evaluation in _check_evaluations(result):
        if evaluation.passed:
            continue
        name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        (warnings if evaluation.severity == AssetCheckSeverity.WARN else blocking).append(name)
    failures = [
        _step_failed(event.step_key, event.event_specific_data)
        for event in result.all_events
        if event.is_step_failure
    ]
    return RefreshOutcome(published, failed, quarantined, warnings, blocking, step_seconds, failures)


def _step_failed(step: str, failure) -> StepFailed:
    if failure.user_failure_data is not None and failure.user_failure_data.description:
        return StepFailed(step, failure.user_failure_data.description, explained=True)
    texts, error = [], failure.error
    while error is not None:
        texts.append(error.message.strip())
        error = error.cause or error.context
    return StepFailed(step, "\n".join(texts), explained=False)


def run_config(options: RefreshOptions) -> dict:
    """The run config of a refresh: the export's year and dialect, and what publishing may lose."""
    export_config = {"fiscal_year": options.fiscal_year}
    if options.csv_dialect:
        export_config["csv_dialect"] = options.csv_dialect
    publish_config = {"allow_shrink": options.allow_shrink, "max_shrink_pct": options.max_shrink_pct}
    return {
        "ops": {"exports__nns": {"config": export_config}, "ops__publish": {"config": publish_config}},
        # step-by-step debug lines would bury the summary; warnings (rejections) still show
        "loggers": {"console": {"config": {"log_level": options.log_level}}},
    }


def stage_of_step(step_key: str) -> str:
    """The benchmark's stage of a Dagster step; a step nobody mapped is `other`, never dropped."""
    if step_key in _STAGE_OF_STEP:
        return _STAGE_OF_STEP[step_key]
    prefix = next((prefix for prefix in _STAGE_OF_PREFIX if step_key.startswith(prefix)), None)
    return _STAGE_OF_PREFIX[prefix] if prefix else "other"


def stage_seconds(step_seconds: dict[str, float]) -> dict[str, float]:
    totals = dict.fromkeys(STAGES, 0.0)
    for step, seconds in step_seconds.items():
        totals[stage_of_step(step)] += seconds
    return totals


def _step_seconds(instance: DagsterInstance, run_id: str) -> dict[str, float]:
    """Wall seconds from each step's start to its success or failure, from the run's event log."""
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        if not entry.is_dagster_event or entry.step_key is None:
            continue
        if entry.dagster_event_type == DagsterEventType.STEP_START:
            started[entry.step_key] = entry.timestamp
        elif entry.dagster_event_type in _STEP_ENDS and entry.step_key in started:
            seconds[entry.step_key] = round(entry.timestamp - started[entry.step_key], 3)
    return seconds


def _check_evaluations(result):
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            yield event.event_specific_data
