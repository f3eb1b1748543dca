"""Runs queue, they do not fail: one run holding the warehouse pool at a time; runs of dead processes let go.

The queue is Dagster's own (dagster.yaml: QueuedRunCoordinator, pool
`warehouse` at run granularity, limit 1); these tests ask its daemon which
queued runs it would start, with the project's dagster.yaml as the instance's.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
import yaml
from dagster import DagsterRunStatus, Definitions, asset, define_asset_job, instance_for_test
from dagster._core.remote_origin import RegisteredCodeLocationOrigin, RemoteJobOrigin, RemoteRepositoryOrigin
from dagster._daemon.run_coordinator.queued_run_coordinator_daemon import QueuedRunCoordinatorDaemon

from pipelines.defs.dead_runs import PROCESS_TAG, fail_runs_whose_process_ended, this_process
from pipelines.defs.instance import PROJECT_CONFIG, WAREHOUSE_POOL, limit_warehouse_pool, prepare_dagster_home


@asset(pool=WAREHOUSE_POOL)
def writes_the_warehouse() -> None:
    """Stands in for a refresh: its steps are in the warehouse pool, as every step of yearly_refresh is."""


@pytest.fixture(scope="module")
def probe():
    return Definitions(
        assets=[writes_the_warehouse], jobs=[define_asset_job("yearly_refresh")]
    ).resolve_job_def("yearly_refresh")


@pytest.fixture()
def instance():
    config = yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))
    with instance_for_test(overrides=config) as instance:
        limit_warehouse_pool(instance)
        yield instance


def queued(instance, job):
    """A run of `job` as the UI queues it (a queued run names the code location it comes from)."""
    origin = RemoteJobOrigin(
        RemoteRepositoryOrigin(RegisteredCodeLocationOrigin("finsam"), "__repository__"), job.name
    )
    return instance.create_run_for_job(job, status=DagsterRunStatus.QUEUED, remote_job_origin=origin)


def would_start(instance) -> list[str]:
    """The run ids the queue's daemon would start now."""
    daemon = QueuedRunCoordinatorDaemon(interval_seconds=1)
    return [
        run.run_id for run in daemon._get_runs_to_dequeue(instance, instance.get_concurrency_config(), None)
    ]


def test_every_step_of_the_refresh_is_in_the_warehouse_pool():
    from pipelines.definitions import refresh_job  # late: parses the dbt project

    pools = {node.name: node.definition.pool for node in refresh_job().graph.nodes}
    assert len(pools) > 10
    assert {name for name, pool in pools.items() if pool != "warehouse"} == set()


def test_the_project_instance_queues_runs_with_one_warehouse_run_at_a_time(instance):
    config = instance.get_concurrency_config()
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert config.pool_config.pool_granularity.value == "run"
    assert instance.event_log_storage.get_concurrency_info("warehouse").slot_count == 1


def test_a_run_queued_while_a_refresh_runs_waits_for_it_then_starts(instance, probe):
    # `finsam refresh` executes in process: its run is STARTED without passing the queue
    cli = instance.create_run_for_job(probe, status=DagsterRunStatus.STARTED, tags=this_process())
    first = queued(instance, probe)
    second = queued(instance, probe)
    assert cli.run_op_concurrency.all_pools == {"warehouse"}

    assert would_start(instance) == []  # both wait while the CLI's run holds the pool
    instance.report_run_failed(cli)
    assert would_start(instance) == [first.run_id]  # then one, the first queued; the second still waits
    assert second.run_id not in would_start(instance)


def test_a_backfill_runs_one_year_at_a_time_from_the_first_pass_of_the_queue(probe):
    config = yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))
    for limited_first in (False, True):
        with instance_for_test(overrides=config) as instance:
            if limited_first:
                limit_warehouse_pool(instance)  # what `make ui` and `finsam refresh` do first
            years = [queued(instance, probe) for _ in range(3)]
            started = would_start(instance)
        if limited_first:
            assert started == [years[0].run_id]
        else:  # Dagster gives a pool its limit when its queue first meets it: too late for this pass
            assert started == [run.run_id for run in years]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_run_whose_process_died_is_marked_failed_and_frees_the_queue(instance, probe):
    killed = instance.create_run_for_job(
        probe, status=DagsterRunStatus.STARTED, tags={PROCESS_TAG: f"{dead_pid()}@{socket.gethostname()}"}
    )
    alive = instance.create_run_for_job(probe, status=DagsterRunStatus.STARTED, tags=this_process())
    elsewhere = instance.create_run_for_job(
        probe, status=DagsterRunStatus.STARTED, tags={PROCESS_TAG: "1@another-host"}
    )

    assert fail_runs_whose_process_ended(instance) == [killed.run_id]

    assert instance.get_run_by_id(killed.run_id).status == DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(alive.run_id).status == DagsterRunStatus.STARTED
    assert instance.get_run_by_id(elsewhere.run_id).status == DagsterRunStatus.STARTED
    [failure] = [
        entry.dagster_event.message
        for entry in instance.all_logs(killed.run_id)
        if entry.dagster_event and entry.dagster_event.event_type_value == "PIPELINE_FAILURE"
    ]
    pid = killed.tags[PROCESS_TAG].split("@")[0]
    assert failure == (
        f"the process of this run (PID {pid} on {socket.gethostname()}) ended without finishing it: "
        "killed or stopped"
    )


def test_the_home_gets_the_projects_dagster_yaml_once_and_says_when_they_differ(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home, note = prepare_dagster_home(tmp_path / "home")
    assert (home / "dagster.yaml").read_bytes() == PROJECT_CONFIG.read_bytes() and note is None
    assert (
        "DAGSTER_HOME" not in os.environ
    )  # the instance is opened from the folder, never through the environment
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    _, note = prepare_dagster_home(tmp_path / "home")
    assert (
        note
        == f"note: {home / 'dagster.yaml'} differs from {PROJECT_CONFIG}; Dagster uses {home / 'dagster.yaml'}"
    )
    assert (home / "dagster.yaml").read_text(encoding="utf-8") == "telemetry:\n  enabled: false\n"
