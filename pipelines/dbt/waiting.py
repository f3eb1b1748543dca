"""A dbt process started a step before its command is known, so dbt's import overlaps that step.

Every `dbt` process spends about 2.4 s importing dbt and its DuckDB adapter
before it reads its arguments. A refresh knows a dbt command is coming (the
build after the raw layer, the docs after the build), so the executor starts
`python -m pipelines.dbt.waiting_runner` while the step before runs, on the
core that step leaves idle; the command then goes to it on stdin
(commands.py). One process waits at a time, for one folder; it is used once.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

RUNNER = "pipelines.dbt.waiting_runner"
_waiting: WaitingDbt | None = None


class WaitingDbt:
    """One runner process: started with dbt's environment in `folder`, waiting for its command."""

    def __init__(self, folder: Path, environment: Mapping[str, str]):
        self.folder = folder
        self.process = subprocess.Popen(
            [sys.executable, "-m", RUNNER],
            cwd=folder,
            env=dict(environment),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def send(self, arguments: Sequence[str], environment: Mapping[str, str]) -> None:
        """Give the runner its command and let it run, its output read by the caller."""
        self.process.stdin.write(_request(arguments, environment))
        self.process.stdin.close()

    def run(self, arguments: Sequence[str], environment: Mapping[str, str]) -> subprocess.CompletedProcess:
        """The dbt command, as `subprocess.run` of `dbt` would return it (exit code and output)."""
        return self.begin(arguments, environment).wait()

    def begin(
        self, arguments: Sequence[str], environment: Mapping[str, str], nodes: Path | None = None
    ) -> RunningDbt:
        """Give the runner its command and return at once.

        `nodes` receives each node's result as dbt finishes it (waiting_runner.py).
        """
        return RunningDbt(self.process, _request(arguments, environment, nodes))

    def discard(self) -> None:
        """An empty request: the runner exits without running dbt (killed if it does not)."""
        try:
            self.process.communicate("", timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()


class RunningDbt:
    """A runner at work: its output read in a thread, so the caller may read its nodes meanwhile.

    The thread only drains the pipes (a full pipe would stop dbt); it imports nothing.
    """

    def __init__(self, process: subprocess.Popen, request: str):
        self.process = process
        self._output: tuple[str, str] = ("", "")
        self._reader = threading.Thread(target=self._read, args=(request,), name="dbt-output")
        self._reader.start()

    def _read(self, request: str) -> None:
        self._output = self.process.communicate(request)

    def running(self) -> bool:
        return self._reader.is_alive()

    def wait(self) -> subprocess.CompletedProcess:
        """The command's exit code and output, once it has ended."""
        self._reader.join()
        return subprocess.CompletedProcess(self.process.args, self.process.returncode, *self._output)

    def stop(self) -> None:
        """End dbt if it still runs (its caller stopped: a run cancelled, a step failed), and the reader."""
        if self.process.poll() is None:
            self.process.kill()
        self._reader.join()


def _request(arguments: Sequence[str], environment: Mapping[str, str], nodes: Path | None = None) -> str:
    """The one line waiting_runner.py reads from stdin."""
    request = {"arguments": list(arguments), "environment": dict(environment)}
    if nodes is not None:
        request["nodes"] = str(nodes)
    return json.dumps(request)


def start_waiting_dbt(folder: Path, environment: Mapping[str, str]) -> None:
    """A runner for the next dbt command in `folder`, unless one waits there already."""
    global _waiting
    if _waiting is not None and _waiting.folder == folder and _waiting.process.poll() is None:
        return
    discard_waiting_dbt()
    _waiting = WaitingDbt(folder, environment)


def take_waiting_dbt(folder: Path) -> WaitingDbt | None:
    """The runner waiting for a command in `folder`, now taken; None when there is none."""
    global _waiting
    waiting, _waiting = _waiting, None
    if waiting is None:
        return None
    if waiting.folder != folder or waiting.process.poll() is not None:  # another folder's, or it died
        waiting.discard()
        return None
    return waiting


def discard_waiting_dbt() -> None:
    """End a runner no command came for (a run that stopped early, or went another way)."""
    global _waiting
    waiting, _waiting = _waiting, None
    if waiting is not None:
        waiting.discard()


atexit.register(discard_waiting_dbt)
