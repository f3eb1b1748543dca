"""The operator's path through the real UI: dagster-webserver, its GraphQL API, a run it launches.

The webserver loads workspace.yaml with the project's dagster.yaml in a
temporary DAGSTER_HOME; the run executes in the subprocess the webserver's run
launcher starts, with the FINSAM_* paths of this test. The fiscal year is
picked the way the Launchpad picks it: the partition's run config and tags.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines.refresh_lock import read_holder, refresh_lock
from pipelines.settings import PROJECT_ROOT, Settings

LOCATION = "finsam"
JOB = {
    "repositoryLocationName": LOCATION,
    "repositoryName": "__repository__",
    "pipelineName": "yearly_refresh",
}
STARTUP_TIMEOUT = 180  # seconds: the webserver, then the code location (dbt manifest included)
RUN_TIMEOUT = 420  # a refresh of the sample: about 40 s on an idle machine, over 2 min on a busy one


class Webserver:
    def __init__(self, url: str, log: Path):
        self.url, self.log = url, log

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


def wait_until(condition, timeout: float, what: str, server: Webserver):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{server.log_tail()}")


@pytest.fixture(scope="module")
def paths(tmp_path_factory) -> Settings:
    folder = tmp_path_factory.mktemp("ui")
    return Settings(PROJECT_ROOT / "landing", folder / "warehouse" / "finsam.duckdb", folder / "exports")


@pytest.fixture(scope="module")
def webserver(tmp_path_factory, paths):
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    environment = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "FINSAM_LANDING": str(paths.landing),
        "FINSAM_WAREHOUSE": str(paths.warehouse),
        "FINSAM_EXPORTS": str(paths.exports),
    }
    port = free_port()
    log = home / "webserver.log"
    command = [
        str(Path(sys.executable).with_name("dagster-webserver")),
        *("-w", str(PROJECT_ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Webserver(f"http://127.0.0.1:{port}", log)
    try:
        wait_until(lambda: _answers(server, process), STARTUP_TIMEOUT, "/server_info", server)
        wait_until(lambda: _location_loaded(server), STARTUP_TIMEOUT, "the code location", server)
        yield server
    finally:
        _stop(process)


def _answers(server: Webserver, process: subprocess.Popen) -> bool:
    if process.poll() is not None:
        pytest.fail(f"dagster-webserver exited with {process.returncode}\n{server.log_tail()}")
    try:
        with urllib.request.urlopen(f"{server.url}/server_info", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _location_loaded(server: Webserver) -> bool:
    data = server.graphql(
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


def _stop(process: subprocess.Popen) -> None:
    """The webserver, its code server and any run worker: the process group this test started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # a code server or run worker left behind


PARTITION = """
query Partition($selector: PipelineSelector!, $partition: String!) {
  pipelineOrError(params: $selector) {
    __typename
    ... on Pipeline {
      partitionKeysOrError { ... on PartitionKeys { partitionKeys } }
      partition(partitionName: $partition) {
        runConfigOrError { ... on PartitionRunConfig { yaml } ... on PythonError { message } }
        tagsOrError { ... on PartitionTags { results { key value } } ... on PythonError { message } }
      }
    }
    ... on PythonError { message }
  }
}
"""

LAUNCH = """
mutation Launch($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on Error { message }
  }
}
"""

RUN = """
query Run($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run { status tags { key value } }
    ... on PythonError { message }
  }
}
"""

RUN_MESSAGES = """
query Messages($runId: ID!) {
  logsForRun(runId: $runId) {
    ... on EventConnection { events { __typename ... on MessageEvent { message } } }
  }
}
"""

RUN_ERRORS = """
query Errors($runId: ID!) {
  logsForRun(runId: $runId) {
    ... on EventConnection { events { __typename ... on ErrorEvent { error { message } } } }
  }
}
"""


def launch_fiscal_year(server: Webserver, year: str) -> str:
    """What the Launchpad does when an operator picks a partition and clicks Launch run."""
    pipeline = server.graphql(PARTITION, selector=JOB, partition=year)["pipelineOrError"]
    assert pipeline["__typename"] == "Pipeline", pipeline
    assert year in pipeline["partitionKeysOrError"]["partitionKeys"]
    run_config = yaml.safe_load(pipeline["partition"]["runConfigOrError"]["yaml"])
    tags = pipeline["partition"]["tagsOrError"]["results"]
    assert {"key": "dagster/partition", "value": year} in tags
    params = {
        "selector": JOB,
        "runConfigData": run_config,
        "executionMetadata": {"tags": [{"key": tag["key"], "value": tag["value"]} for tag in tags]},
    }
    launched = server.graphql(LAUNCH, executionParams=params)["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    return launched["run"]["runId"]


def wait_for_run(server: Webserver, run_id: str) -> dict:
    def finished():
        run = server.graphql(RUN, runId=run_id)["runOrError"]
        assert run["__typename"] == "Run", run
        return run if run["status"] in ("SUCCESS", "FAILURE", "CANCELED") else None

    return wait_until(finished, RUN_TIMEOUT, f"run {run_id}", server)


def run_errors(server: Webserver, run_id: str) -> str:
    events = server.graphql(RUN_ERRORS, runId=run_id)["logsForRun"]["events"]
    return "\n".join(event["error"]["message"] for event in events if event.get("error"))


def waiting_line(server: Webserver, run_id: str) -> str | None:
    events = server.graphql(RUN_MESSAGES, runId=run_id)["logsForRun"]["events"]
    return next((e["message"] for e in events if e.get("message", "").startswith("waiting for")), None)


def test_launchpad_refresh_of_fiscal_year_2025_after_waiting_for_a_running_refresh(webserver, paths):
    with refresh_lock(paths.warehouse, by="a test"):  # stands in for a refresh already running
        run_id = launch_fiscal_year(webserver, "2025")
        line = wait_until(lambda: waiting_line(webserver, run_id), RUN_TIMEOUT, "the wait", webserver)
        assert line == (
            f"waiting for {read_holder(paths.warehouse).describe()} to finish with {paths.warehouse}"
        )
        assert not paths.warehouse.exists()  # it waits; nothing is built meanwhile
    run = wait_for_run(webserver, run_id)
    assert run["status"] == "SUCCESS", f"{run_errors(webserver, run_id)}\n{webserver.log_tail()}"
    assert {"key": "dagster/partition", "value": "2025"} in run["tags"]

    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        [(cost,)] = connection.execute(
            "select cost_per_participant_sek from marts.rpt_cost_per_participant "
            "where federation_id = 'sodra_lappland' and fiscal_year = 2025"
        ).fetchall()
    assert cost == 106_100

    nns = paths.exports / "nns"
    assert (nns / "2025" / "rpt_federation_year.csv").is_file()
    manifest = json.loads((nns / "manifest.json").read_text(encoding="utf-8"))
    assert "2025/rpt_federation_year.csv" in {entry["file"] for entry in manifest["files"]}
    # only the partition's year was written (there was no earlier export to carry over)
    assert {entry["fiscal_year"] for entry in manifest["files"]} == {2025}
    assert sorted(path.name for path in nns.iterdir() if path.is_dir()) == ["2025"]
