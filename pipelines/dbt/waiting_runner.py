"""A dbt process that imports dbt first and waits for its command (pipelines/dbt/waiting.py).

Run as `python -m pipelines.dbt.waiting_runner`. It reads one JSON request from
stdin, `{"arguments": [...], "environment": {...}}`, runs it with dbt's own
programmatic runner and exits with the code the `dbt` command would: 0 for
success, 1 when a node failed, 2 when dbt itself failed. An empty stdin (the
refresh ended or went another way) exits at once without running anything.

A request may name a file, `"nodes": PATH`: each node's result is appended
there as a JSON line the moment dbt finishes the node (dbt's NodeFinished
event), so the refresh records the node while dbt builds the next ones.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable
from typing import TextIO


def main() -> int:
    # the point of this process: dbt's import (about 2.4 s) happens before the command arrives
    import dbt.adapters.duckdb  # noqa: F401  (the adapter plugin dbt loads for the profile)
    from dbt.cli.main import dbtRunner
    from dbt.task.build import BuildTask  # noqa: F401  (imported by `build` on its first use)

    request = sys.stdin.read()
    if not request.strip():
        return 0
    command = json.loads(request)
    os.environ.clear()
    os.environ.update(command["environment"])
    nodes = command.get("nodes")
    with open(nodes, "a", encoding="utf-8") if nodes else contextlib.nullcontext() as finished:
        callbacks = [finished_nodes_to(finished)] if finished else []
        result = dbtRunner(callbacks=callbacks).invoke(list(command["arguments"]))
    if result.exception is not None:  # the `dbt` command prints these; the runner only returns them
        print(f"dbt failed: {type(result.exception).__name__}: {result.exception}", file=sys.stderr)
        return 2
    return 0 if result.success else 1


def finished_nodes_to(file: TextIO) -> Callable:
    """A dbt callback that writes each finished node's result to `file`, a whole line at a time.

    dbt calls it from its worker threads; the lock keeps two lines from mixing.
    """
    lock = threading.Lock()

    def on_event(event) -> None:
        if event.info.name != "NodeFinished":
            return
        result = event.data.run_result
        line = {
            "unique_id": event.data.node_info.unique_id,
            "status": result.status,
            "message": result.message or None,
            "seconds": result.execution_time,
            "failures": result.num_failures,
        }
        with lock:
            file.write(json.dumps(line) + "\n")
            file.flush()

    return on_event


if __name__ == "__main__":
    sys.exit(main())
