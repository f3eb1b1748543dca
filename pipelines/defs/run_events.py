"""What a run did, read from its event log in the Dagster instance: steps, checks, rows refused, seconds.

The CLI's outcome, the run summary, publishing's last look before it swaps
files in, and the benchmark's stage times all read a run the same way, from
the instance that recorded it (the project's DAGSTER_HOME, or the UI's).
"""

from __future__ import annotations

from dataclasses import dataclass

from dagster import AssetCheckSeverity, DagsterEventType, DagsterInstance

_STEP_ENDS = (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE)
_READ = {
    DagsterEventType.STEP_START,
    DagsterEventType.STEP_SUCCESS,
    DagsterEventType.STEP_FAILURE,
    DagsterEventType.ASSET_MATERIALIZATION,
    DagsterEventType.ASSET_CHECK_EVALUATION,
}
PUBLISH_STEP = "ops__publish"


@dataclass(frozen=True)
class CheckVerdict:
    """One check's result in a run."""

    asset: str  # "marts/rpt_equity"
    check: str  # "gx_rpt_equity_warnings"
    passed: bool
    severity: str  # "error" | "warning"

    @property
    def name(self) -> str:
        return f"{self.asset}:{self.check}"


@dataclass(frozen=True)
class StepFailed:
    """Why a step failed: a Failure's description for the operator, else the error and its causes."""

    step: str
    message: str
    explained: bool  # the step raised dagster.Failure with a description written for the operator


@dataclass(frozen=True)
class RunEvents:
    run_id: str
    materialized: frozenset[str]  # asset keys, "ops/publish"
    checks: tuple[CheckVerdict, ...]
    failures: tuple[StepFailed, ...]
    rejected: int  # rows the raw loaders refused (ops.quarantine)
    step_seconds: dict[str, float]  # wall seconds from each step's start to its end

    @property
    def failed_steps(self) -> list[str]:
        return [failure.step for failure in self.failures]

    @property
    def published(self) -> bool:
        return "ops/publish" in self.materialized

    def failed_checks(self, severity: str) -> list[CheckVerdict]:
        return [check for check in self.checks if not check.passed and check.severity == severity]

    def blockers(self, except_step: str | None = None) -> list[str]:
        """What keeps this run from publishing: failed error checks and failed steps."""
        checks = [f"check {check.name} failed" for check in self.failed_checks("error")]
        steps = [f"step {step} failed" for step in self.failed_steps if step != except_step]
        return checks + steps


def read_run_events(instance: DagsterInstance, run_id: str) -> RunEvents:
    materialized: set[str] = set()
    checks: dict[tuple[str, str], CheckVerdict] = {}
    failures: list[StepFailed] = []
    rejected = 0
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for entry in instance.all_logs(run_id, of_type=_READ):
        event = entry.dagster_event
        kind = entry.dagster_event_type
        if kind == DagsterEventType.STEP_START:
            started[entry.step_key] = entry.timestamp
        elif kind in _STEP_ENDS and entry.step_key in started:
            seconds[entry.step_key] = round(entry.timestamp - started[entry.step_key], 3)
        if kind == DagsterEventType.STEP_FAILURE:
            failures.append(_step_failed(entry.step_key, event.event_specific_data))
        elif kind == DagsterEventType.ASSET_MATERIALIZATION:
            materialization = event.event_specific_data.materialization
            key = materialization.asset_key
            materialized.add(key.to_user_string())
            if key.path[0] == "raw" and "rejected" in materialization.metadata:
                rejected += int(materialization.metadata["rejected"].value)
        elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            asset = evaluation.asset_key.to_user_string()
            severity = "warning" if evaluation.severity == AssetCheckSeverity.WARN else "error"
            checks[(asset, evaluation.check_name)] = CheckVerdict(
                asset, evaluation.check_name, evaluation.passed, severity
            )
    return RunEvents(
        run_id, frozenset(materialized), tuple(checks.values()), tuple(failures), rejected, seconds
    )


def _step_failed(step: str, failure) -> StepFailed:
    if failure.user_failure_data is not None and failure.user_failure_data.description:
        return StepFailed(step, failure.user_failure_data.description, explained=True)
    texts, error = [], failure.error
    while error is not None:
        texts.append(error.message.strip())
        error = error.cause or error.context
    return StepFailed(step, "\n".join(texts), explained=False)
