"""What every refresh does before it builds and after it ends, whoever starts it.

Before: the landing holds something to load (pipelines/ingest/landing_check.py),
this refresh holds the warehouse's lock (lock.py), a publish a dead refresh had
begun is finished, and build files it left behind are gone (build_files.py).
After, published or not: no build file is left. `finsam refresh` and the
Dagster executor (pipelines/defs/jobs.py) both go through `guarded_refresh`;
it is plain Python so that the CLI can refuse or wait in a fraction of a
second, before it imports Dagster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipelines.foundation.settings import Settings
from pipelines.ingest.landing_check import check_landing
from pipelines.refresh.build_files import finish_interrupted_publish, remove_build_leftovers
from pipelines.refresh.lock import LockHolder, refresh_lock


@dataclass(frozen=True)
class RefreshStart:
    holder: LockHolder  # this refresh, as the lock file names it
    loadable_files: int
    removed_leftovers: list[Path]  # build files of an earlier refresh that did not finish
    completed_publish: Path | None  # the export a refresh killed while publishing had not yet switched in

    def notes(self) -> list[str]:
        """What this refresh found of an earlier one and put right, for the operator."""
        notes = []
        if self.completed_publish is not None:
            notes.append(
                "Finished publishing what an interrupted refresh had checked: "
                f"nns now points at {self.completed_publish.name}, the export of the warehouse it published"
            )
        if self.removed_leftovers:
            names = ", ".join(path.name for path in self.removed_leftovers)
            notes.append(f"Removed what an interrupted refresh left behind: {names}")
        return notes


@contextmanager
def guarded_refresh(
    settings: Settings,
    by: str,
    wait: bool = True,
    on_wait: Callable[[LockHolder | None], None] | None = None,
) -> Iterator[RefreshStart]:
    """The guard around one refresh.

    Raises LandingProblem, RefreshAlreadyRunning (only when not waiting), or
    OSError when the lock file cannot be written.
    """
    check_landing(settings.landing)
    with refresh_lock(settings.warehouse, by, wait, on_wait) as holder:
        loadable = check_landing(settings.landing)  # again: it may have changed while this refresh waited
        completed = finish_interrupted_publish(settings)
        removed = remove_build_leftovers(settings)
        try:
            yield RefreshStart(holder, loadable, removed, completed)
        finally:
            remove_build_leftovers(settings)  # a refresh that did not publish leaves no partial build
