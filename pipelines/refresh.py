"""One refresh, in process: the same assets and resources the Dagster job runs.

Exit semantics for the CLI: 0 when everything loaded and every check passed,
2 when the refresh was published but some input was quarantined or a check
warned, 1 when it failed (nothing was published).
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from dataclasses import dataclass, field

from dagster import AssetCheckSeverity, DagsterEventType, DagsterInstance, materialize

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
class RefreshOutcome:
    published: bool
    failed_steps: list[str]
    quarantined: int
    warnings: list[str] = field(default_factory=list)
    blocking_failures: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per Dagster step

    @property
    def stage_seconds(self) -> dict[str, float]:
        return stage_seconds(self.step_seconds)

    @property
    def exit_code(self) -> int:
        if not self.published:
            return EXIT_FAILED
        return EXIT_WITH_WARNINGS if self.quarantined or self.warnings else EXIT_CLEAN


class RefreshAlreadyRunning(RuntimeError):
    """Another refresh holds the lock on this warehouse."""


@contextmanager
def refresh_lock(settings: Settings):
    """One refresh per warehouse at a time: both would write the same build file."""
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    with open(settings.warehouse.with_name(f".{settings.warehouse.name}.lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise RefreshAlreadyRunning(f"another refresh of {settings.warehouse} is running") from error
        yield


def run_refresh(
    settings: Settings,
    fiscal_year: int | None = None,
    log_level: str = "WARNING",
    csv_dialect: str | None = None,
) -> RefreshOutcome:
    from pipelines.definitions import ALL_ASSETS, ALL_CHECKS  # late: parses dbt on first use

    settings.export_to_environment()
    export_config = {"fiscal_year": fiscal_year}
    if csv_dialect:
        export_config["csv_dialect"] = csv_dialect
    run_config = {
        "ops": {"exports__nns": {"config": export_config}},
        # step-by-step debug lines would bury the summary; warnings (rejections) still show
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }
    with refresh_lock(settings), DagsterInstance.ephemeral() as instance:
        result = materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            resources=default_resources(settings),
            run_config=run_config,
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
    return RefreshOutcome(published, failed, quarantined, warnings, blocking, step_seconds)


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
