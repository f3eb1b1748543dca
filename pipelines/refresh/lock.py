"""One refresh per warehouse at a time, and who holds it: a file lock beside the warehouse.

The lock is an `flock` on `.<warehouse>.lock`: the kernel releases it when
the holding process ends, however it ends (`kill -9` too), so a lock is never
stale. Once it holds the lock, a refresh writes its PID, host, start time and
what it is (`finsam refresh`, a Dagster run) into the file, so a second
refresh can say what it is waiting for.

Plain Python on purpose (no Dagster, dbt or DuckDB): `finsam refresh` takes
the lock before it imports anything heavy, and the Dagster executor
(pipelines/defs/jobs.py) takes the same lock around a run.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

POLL_SECONDS = 0.2  # how often a waiting refresh tries the lock again
_UNREAD_HOLDER_TRIES = 10  # the holder writes its details just after it takes the lock
_HELD_HERE: dict[tuple[Path, int], LockHolder] = {}  # the locks this process holds, by warehouse and thread


@dataclass(frozen=True)
class LockHolder:
    """The refresh that holds a warehouse's lock."""

    pid: int
    host: str
    started: str  # ISO 8601, local time with its offset
    by: str  # what kind of refresh: "finsam refresh", "Dagster run 1a2b3c4d"

    def describe(self) -> str:
        started = datetime.fromisoformat(self.started).strftime("%Y-%m-%d %H:%M:%S")
        return f"refresh PID {self.pid} on {self.host}, started {started} ({self.by})"


class RefreshAlreadyRunning(RuntimeError):
    """Another refresh holds the lock on this warehouse and the caller chose not to wait."""

    def __init__(self, warehouse: Path, holder: LockHolder | None):
        self.warehouse, self.holder = warehouse, holder
        who = holder.describe() if holder else "another refresh (it has not said which yet)"
        super().__init__(f"{who} is refreshing {warehouse}; nothing was done")


def held_in_this_process(warehouse: Path) -> LockHolder | None:
    """This thread's own hold on the lock, if it has one (`finsam refresh` running the Dagster job).

    A second `flock` from the same thread would wait for itself; whoever runs
    inside a refresh of this thread asks here first. A hold of another thread
    is another refresh, waited for like one of another process.
    """
    return _HELD_HERE.get(_here(warehouse))


def _here(warehouse: Path) -> tuple[Path, int]:
    return warehouse.resolve(), threading.get_ident()


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.lock")


def read_holder(warehouse: Path) -> LockHolder | None:
    """What the lock file says about its holder; None when it is empty or unreadable."""
    try:
        details = json.loads(lock_path(warehouse).read_text(encoding="utf-8"))
        return LockHolder(**details)
    except (OSError, ValueError, TypeError):
        return None


@contextmanager
def refresh_lock(
    warehouse: Path,
    by: str = "finsam refresh",
    wait: bool = False,
    on_wait: Callable[[LockHolder | None], None] | None = None,
) -> Iterator[LockHolder]:
    """Hold the warehouse's refresh lock for the `with` block.

    When another refresh holds it: without `wait`, RefreshAlreadyRunning at
    once; with `wait`, `on_wait(holder)` is called (again whenever the holder
    changes) and the lock is tried every POLL_SECONDS until it is free.
    """
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # never truncate the holder's details
    try:
        _acquire(descriptor, warehouse, wait, on_wait)
        holder = LockHolder(os.getpid(), socket.gethostname(), datetime.now().astimezone().isoformat(), by)
        _write(descriptor, json.dumps(asdict(holder)))
        _HELD_HERE[_here(warehouse)] = holder
        try:
            yield holder
        finally:
            _HELD_HERE.pop(_here(warehouse), None)
            _write(descriptor, "")
    finally:
        os.close(descriptor)  # closing releases the flock


def _acquire(
    descriptor: int, warehouse: Path, wait: bool, on_wait: Callable[[LockHolder | None], None] | None
) -> None:
    told: LockHolder | None | bool = False  # the holder we last told about; False: nobody yet
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder_once_written(warehouse)
        if not wait:
            raise RefreshAlreadyRunning(warehouse, holder)
        if on_wait is not None and holder != told:
            on_wait(holder)
            told = holder
        time.sleep(POLL_SECONDS)


def _holder_once_written(warehouse: Path) -> LockHolder | None:
    for _ in range(_UNREAD_HOLDER_TRIES):
        holder = read_holder(warehouse)
        if holder is not None:
            return holder
        time.sleep(0.05)
    return None


def _write(descriptor: int, text: str) -> None:
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, text.encode("utf-8"), 0)
    os.fsync(descriptor)
