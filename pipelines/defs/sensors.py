"""Refresh when landing/ changes: a file added, replaced or removed.

The cursor is the landing folder as it was last refreshed, `{relative path:
sha256}` in JSON, so a file touched but not changed starts nothing. Hidden
files and folders (`.DS_Store`, `.~lock.*`, `.git/`) are ignored. While a run
is in progress the sensor waits and keeps its cursor, so a change made during
a refresh is picked up by the next one. An empty or missing landing folder is
never refreshed from: that would publish an empty warehouse.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from pipelines.defs.jobs import yearly_refresh
from pipelines.defs.resources import FinsamPaths

IN_PROGRESS = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
]


def landing_state(landing: Path) -> dict[str, str]:
    """`{path relative to landing: sha256}` of every file that is not hidden."""
    state = {}
    for path in sorted(landing.rglob("*")):
        relative = path.relative_to(landing)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if _through_a_link(landing, relative.parts):
            continue  # never read through a link: its content may lie outside the landing
        with path.open("rb") as handle:
            state[relative.as_posix()] = hashlib.file_digest(handle, "sha256").hexdigest()
    return state


def _through_a_link(landing: Path, parts: tuple[str, ...]) -> bool:
    return any(landing.joinpath(*parts[:depth]).is_symlink() for depth in range(1, len(parts) + 1))


def describe_changes(before: dict[str, str], after: dict[str, str]) -> str:
    added = after.keys() - before.keys()
    removed = before.keys() - after.keys()
    changed = {name for name in after.keys() & before.keys() if after[name] != before[name]}
    return f"{len(added)} added, {len(changed)} changed, {len(removed)} removed"


def _digest(*texts: str) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()


@sensor(
    name="landing_changed",
    job=yearly_refresh,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.STOPPED,
    description="Refresh all years when a file in landing/ is added, changed or removed (by sha256).",
)
def landing_changed(context: SensorEvaluationContext, paths: FinsamPaths):
    landing = paths.published().landing
    state = landing_state(landing) if landing.is_dir() else {}
    if not state:
        return SkipReason(f"no files in {landing}; nothing to refresh from")
    previous = json.loads(context.cursor) if context.cursor else None
    if state == previous:
        return SkipReason("landing/ is unchanged since the last refresh it started")
    if context.instance.get_run_records(RunsFilter(statuses=IN_PROGRESS), limit=1):
        return SkipReason("a run is in progress; the change is picked up when it has finished")
    cursor = json.dumps(state, sort_keys=True)
    changes = describe_changes(previous or {}, state)
    context.log.info(f"landing/ changed: {changes}")
    context.update_cursor(cursor)
    # Keyed by the change (old and new state), so a file changed back to an earlier
    # version is a new change and still refreshes.
    return RunRequest(
        run_key=_digest(json.dumps(previous, sort_keys=True), cursor),
        tags={"finsam/trigger": "landing_changed", "finsam/landing_changes": changes},
    )
