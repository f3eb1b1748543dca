"""A helper process the refresh spawns, with a pipe to it: started, told things, stopped.

Spawned, not forked: the refresh process runs Dagster's threads. The quality
worker (pipelines/quality/worker.py) and the report's document helper
(pipelines/report/document_helper.py) both start and end this way.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

SPAWN = multiprocessing.get_context("spawn")
STOP_SECONDS = 10  # what a helper told to end gets before it is killed


def spawn_with_pipe(target: Callable, name: str, *args) -> tuple[BaseProcess, Connection]:
    """A daemon process running `target(its end of the pipe, *args)`, and this process's end."""
    connection, child = SPAWN.Pipe()
    process = SPAWN.Process(target=target, args=(child, *args), name=name, daemon=True)
    process.start()
    child.close()
    return process, connection


def tell(connection: Connection, message) -> None:
    """Send `message`; a helper that has died or whose pipe is closed is not told."""
    with contextlib.suppress(OSError, ValueError):
        connection.send(message)


def stop_spawned(process: BaseProcess, connection: Connection) -> None:
    """Wait for a helper told to end; killed when it does not end in time. Its pipe is closed."""
    process.join(STOP_SECONDS)
    if process.is_alive():
        process.kill()
        process.join()
    connection.close()
