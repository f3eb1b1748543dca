"""The quality suites in a process of their own, which imports Great Expectations while the run starts.

Importing GX (with pandas, scipy and altair, which GX's expectations package
imports whatever the suites use) takes 2.4-2.7 s. In a refresh that extracts a
few documents (one new year) the refresh process paid it on the path, between
the extraction and the raw checks, while the second core was idle. In a whole
refresh built on the published warehouse the executor starts the worker with
the run (pipelines/defs/jobs.py); it imports GX on that core and runs each
layer's `run_suites` when its check step asks; the step waits for it. A build
from nothing imports GX in process while its extraction waits
(pipelines/defs/quality_ahead.py): a worker there raised the cold peak over
the memory limit.

The worker reads and writes the warehouse as `run_suites` does in process:
the refresh process holds no connection while its check step waits, so there
is still one writer at a time. Requests and answers go through a pipe read in
each process's main thread (an import on a background thread can hand another
thread a half-initialised module), and an answer holds only this package's
records: GX's own results stay in the worker, which wrote the data docs.

A worker that dies or never started is not needed: the step then runs the
suites in its own process, as before.
"""

from __future__ import annotations

import gc
import traceback
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from pipelines.foundation.freed_memory import release_freed_memory
from pipelines.foundation.reference import NOTHING_REGISTERED, Registered
from pipelines.foundation.spawned import spawn_with_pipe, stop_spawned, tell
from pipelines.quality.outcomes import SuiteOutcome
from pipelines.quality.suites import SuiteSpec


@dataclass(frozen=True)
class SuitesRequest:
    """What `pipelines.quality.run.run_suites` is called with."""

    suites: tuple[SuiteSpec, ...]
    warehouse: Path
    exports: Path
    run_id: str
    all_suites: tuple[SuiteSpec, ...] | None = None
    registered: Registered = NOTHING_REGISTERED

    def run_here(self) -> SuitesAnswer:
        """The suites run in this process: GX imported here if it is not yet."""
        from pipelines.quality.run import run_suites

        run = run_suites(
            list(self.suites), self.warehouse, self.exports, self.run_id, self.all_suites, self.registered
        )
        outcomes = tuple(replace(outcome, gx_result=None) for outcome in run.outcomes)
        return SuitesAnswer(outcomes, run.rows_recorded, run.docs_index, run.years_checked)


@dataclass(frozen=True)
class SuitesAnswer:
    """A QualityRun's fields, its outcomes without GX's results (plain records, nothing of GX to unpickle)."""

    outcomes: tuple[SuiteOutcome, ...]
    rows_recorded: int
    docs_index: Path
    years_checked: dict[str, frozenset[int] | None]


class QualityWorkerError(RuntimeError):
    """The suites raised in the worker; the message holds its traceback."""


class QualityWorker:
    """One spawned process that imports GX, then runs the requests it is sent, one at a time."""

    def __init__(self) -> None:
        self._process, self._connection = spawn_with_pipe(serve, "finsam-quality")
        self._told_to_end = False

    def alive(self) -> bool:
        """Running and taking requests: not yet told to end."""
        return not self._told_to_end and self._process.is_alive()

    def run_suites(self, request: SuitesRequest) -> SuitesAnswer:
        """The request's answer; EOFError or OSError when the worker has died."""
        self._connection.send(request)
        status, payload = self._connection.recv()
        if status == "error":
            raise QualityWorkerError(f"the quality suites failed in their worker:\n{payload}")
        return payload

    def end(self) -> None:
        """Tell the worker to end once it is free, and go on: it exits on its own, in under a second.

        Not killed: a process killed after the suites ran leaves a semaphore they made
        to the resource tracker, which warns of it when the refresh process exits.
        """
        if not self._told_to_end:
            self._told_to_end = True
            tell(self._connection, None)

    def stop(self) -> None:
        """End the worker and wait for it; killed when it does not end in time (a run cut short in
        a request, whose build is not published)."""
        self.end()
        stop_spawned(self._process, self._connection)


def serve(connection: Connection) -> None:
    """The worker's main: import the suites' libraries, then answer requests until told to stop.

    It lives through the dbt step, a refresh's memory peak, between the raw and
    the marts checks, so what a request freed goes back to the system: the
    frames' Arrow buffers from the system allocator (Arrow's own kept them),
    GX's objects, which hold reference cycles, collected. After the raw checks
    of a national new year it held 339 MB instead of 454 MB (268 MB after the
    import).
    """
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
    import pipelines.quality.run  # noqa: F401 - GX: the import this process exists for

    while True:
        try:
            request = connection.recv()
        except EOFError:  # the refresh process ended
            return
        if request is None:
            return
        try:
            connection.send(("ok", request.run_here()))
        except Exception:  # noqa: BLE001 - sent as text: unpickling GX's exceptions would import GX there
            connection.send(("error", traceback.format_exc()))
        gc.collect()
        release_freed_memory()


_worker: QualityWorker | None = None  # in the process that runs the refresh's steps


def start_quality_worker() -> None:
    """A worker for this process's refresh, unless one runs already."""
    global _worker
    if _worker is None or not _worker.alive():
        _worker = QualityWorker()


def quality_worker_running() -> bool:
    return _worker is not None and _worker.alive()


def end_quality_worker() -> None:
    """The run needs the worker no more: it ends while the run goes on (stop_quality_worker waits)."""
    if _worker is not None:
        _worker.end()


def stop_quality_worker() -> None:
    global _worker
    worker, _worker = _worker, None
    if worker is not None:
        worker.stop()


def run_suites_here_or_in_worker(request: SuitesRequest) -> SuitesAnswer:
    """The request run in the running worker, or in this process when there is none (or it died)."""
    worker = _worker
    if quality_worker_running():
        try:
            return worker.run_suites(request)
        except (EOFError, OSError):  # it died on the way: run them here
            stop_quality_worker()
    return request.run_here()
