"""Runs whose refresh process is gone: marked failed, so the queue and the sensors move on.

Every refresh tags its run with the process that executes it
(`finsam/process: <pid>@<host>`). A refresh killed with `kill -9`, or stopped
with the UI while it ran, leaves its run STARTED in the instance for ever, and
a STARTED run holds the `warehouse` pool: every queued run would wait behind
it. A run still in progress whose process no longer exists on this host is
marked failed, with the reason. Called when a refresh starts (the CLI and the
executor, once they hold the refresh lock) and every half minute by the
sensor `dead_refreshes` in the daemon. Runs of other hosts are left alone.
"""

from __future__ import annotations

import os
import socket

from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

PROCESS_TAG = "finsam/process"
IN_PROGRESS = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]


def this_process() -> dict[str, str]:
    """The run tag naming this process."""
    return {PROCESS_TAG: f"{os.getpid()}@{socket.gethostname()}"}


def fail_runs_whose_process_ended(instance: DagsterInstance) -> list[str]:
    """Mark in-progress runs of a dead process of this host as failed; returns their run ids."""
    host = socket.gethostname()
    failed = []
    for run in instance.get_runs(RunsFilter(statuses=IN_PROGRESS)):
        pid, _, run_host = run.tags.get(PROCESS_TAG, "").partition("@")
        if run_host != host or not pid.isdigit() or _alive(int(pid)):
            continue
        instance.report_run_failed(
            run,
            f"the process of this run (PID {pid} on {host}) ended without finishing it: killed or stopped",
        )
        failed.append(run.run_id)
    return failed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
