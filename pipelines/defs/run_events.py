"""What a run did, read from its event log in the Dagster instance: steps, checks, rows refused, seconds.

The CLI's outcome, the run summary, publishing's last look before it swaps
files in, and the benchmark's stage times all read a run the same way, from
the instance that recorded it (the project's DAGSTER_HOME, or the UI's).
"""

from __future__ import annotations

from dagster import AssetCheckSeverity, DagsterEventType, DagsterInstance

from pipelines.refresh.outcome import CheckVerdict, RunEvents, StepFailed

_STEP_ENDS = (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE)
_READ = {
    DagsterEventType.STEP_START,
    DagsterEventType.STEP_SUCCESS,
    DagsterEventType.STEP_FAILURE,
    DagsterEventType.ASSET_MATERIALIZATION,
    DagsterEventType.ASSET_CHECK_EVALUATION,
}


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
