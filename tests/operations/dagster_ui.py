"""The project's Dagster UI as `make ui` starts it (webserver and daemon), on a free loopback port.

For the tests that drive the UI: a temporary DAGSTER_HOME with the
project's dagster.yaml, and FINSAM_* paths of the test.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.foundation.settings import PROJECT_ROOT, Settings

LOCATION = "finsam"
STARTUP_TIMEOUT = 240  # seconds: the webserver, the daemon, then the code location (dbt manifest included)


@dataclass
class DagsterUi:
    url: str
    log: Path
    process: subprocess.Popen
    settings: Settings

    def graphql(self, query: str, **variables) -> dict:
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str, ui: DagsterUi):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{ui.log_tail()}")


def start_ui(home: Path, settings: Settings) -> DagsterUi:
    """`make ui` (python -m pipelines.ui) with DAGSTER_HOME `home` and the paths of `settings`."""
    environment = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "FINSAM_LANDING": str(settings.landing),
        "FINSAM_WAREHOUSE": str(settings.warehouse),
        "FINSAM_EXPORTS": str(settings.exports),
    }
    port = free_port()
    log = home.parent / f"{home.name}-ui.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.ui", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    ui = DagsterUi(f"http://127.0.0.1:{port}", log, process, settings)
    try:
        wait_until(lambda: _answers(ui), STARTUP_TIMEOUT, "/server_info", ui)
        wait_until(lambda: _location_loaded(ui), STARTUP_TIMEOUT, "the code location", ui)
        ui.graphql("mutation { setNuxSeen }")  # no newsletter prompt over the first page a browser opens
    except BaseException:
        kill(ui)
        raise
    return ui


def _answers(ui: DagsterUi) -> bool:
    if ui.process.poll() is not None:
        pytest.fail(f"make ui exited with {ui.process.returncode}\n{ui.log_tail()}")
    try:
        with urllib.request.urlopen(f"{ui.url}/server_info", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _location_loaded(ui: DagsterUi) -> bool:
    data = ui.graphql(
        """
        query {
          workspaceOrError {
            ... on Workspace {
              locationEntries {
                name loadStatus
                locationOrLoadError { __typename ... on PythonError { message } }
              }
            }
          }
        }
        """
    )
    [entry] = [e for e in data["workspaceOrError"]["locationEntries"] if e["name"] == LOCATION]
    if entry["loadStatus"] != "LOADED":
        return False
    error = entry["locationOrLoadError"]
    assert error["__typename"] == "RepositoryLocation", error.get("message")
    return True


def stop_seconds(ui: DagsterUi) -> float:
    """SIGTERM to `make ui`, as a service manager stops it; the seconds until it has exited."""
    started = time.monotonic()
    ui.process.send_signal(signal.SIGTERM)
    ui.process.wait(timeout=60)
    return time.monotonic() - started


def kill(ui: DagsterUi) -> None:
    """The UI stopped as `make ui` stops (SIGTERM: it stops `dagster dev`'s own process group), then
    whatever of its process group is left. SIGKILL alone would leave `dagster dev`, its webserver and
    daemon running, idle but polling, after the test."""
    if ui.process.poll() is None:
        ui.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            ui.process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(ui.process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        ui.process.wait(timeout=10)


RUNS = """
query Runs($filter: RunsFilter) {
  runsOrError(filter: $filter) {
    ... on Runs { results { runId status startTime endTime tags { key value } } }
  }
}
"""


def runs(ui: DagsterUi, **tags: str) -> list[dict]:
    """The runs with these tags, newest first, each with its tags as a dict."""
    tag_filter = [{"key": key.replace("__", "/"), "value": value} for key, value in tags.items()]
    found = ui.graphql(RUNS, filter={"tags": tag_filter})["runsOrError"]["results"]
    for run in found:
        run["tags"] = {tag["key"]: tag["value"] for tag in run["tags"]}
    return found
