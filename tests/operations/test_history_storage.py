"""A refresh's Dagster history keeps one connection per SQLite file and stores what Dagster's classes read."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy
from dagster import AssetKey, AssetMaterialization, DagsterInstance
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.test_utils import create_run_for_test

from pipelines.defs.history_storage import KeptOpenSqliteEventLogStorage, KeptOpenSqliteRunStorage
from pipelines.defs.instance import prepare_dagster_home, project_instance
from pipelines.defs.run_launcher import STORAGE_FIELDS, KeptOpenHistoryRunLauncher, run_worker_ref

ENGINE_EVENTS = 40
MATERIALIZATIONS = 15


@contextmanager
def counted_connections():
    """How many SQLite connections are opened inside the block."""
    opened: list[object] = []

    def count(dbapi_connection, _record) -> None:
        opened.append(dbapi_connection)

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", count)
    try:
        yield opened
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "connect", count)


def _store_a_refresh_worth(instance) -> str:
    """A run with engine events in its shard and asset events mirrored to the index, as a refresh stores."""
    run = create_run_for_test(instance, job_name="yearly_refresh")
    for number in range(ENGINE_EVENTS):
        instance.report_engine_event(f"step {number}", run)
    for number in range(MATERIALIZATIONS):
        instance.report_runless_asset_event(AssetMaterialization("fct_statements", metadata={"n": number}))
    return run.run_id


def test_a_refresh_instance_stores_events_on_connections_kept_open(tmp_path):
    home = tmp_path / "home"
    with project_instance(home) as instance:
        assert type(instance.event_log_storage) is KeptOpenSqliteEventLogStorage
        assert type(instance.run_storage) is KeptOpenSqliteRunStorage
        with counted_connections() as opened:
            run_id = _store_a_refresh_worth(instance)
    # runs.db, the run's shard, the runless shard and the index: one each (Dagster's classes: one per use)
    assert len(opened) <= 4

    with DagsterInstance.from_config(str(home)) as dagster_own:  # what the UI's processes read with
        assert type(dagster_own.event_log_storage) is SqliteEventLogStorage
        messages = [entry.message for entry in dagster_own.all_logs(run_id)]
        assert [m for m in messages if m.startswith("step ")] == [f"step {n}" for n in range(ENGINE_EVENTS)]
        materializations = dagster_own.fetch_materializations(AssetKey("fct_statements"), limit=100).records
        assert sorted(r.asset_materialization.metadata["n"].value for r in materializations) == list(
            range(MATERIALIZATIONS)
        )
        assert dagster_own.get_run_by_id(run_id).job_name == "yearly_refresh"
        with counted_connections() as opened_by_dagster:
            _store_a_refresh_worth(dagster_own)
    assert len(opened_by_dagster) > ENGINE_EVENTS + MATERIALIZATIONS  # the churn the kept-open storages avoid


def test_the_connections_close_with_the_instance(tmp_path):
    home = tmp_path / "home"
    with project_instance(home) as instance:
        _store_a_refresh_worth(instance)
        assert (home / "history" / "runs" / "index.db-wal").exists()  # open: its log is kept
    # the last connection to close a WAL database checkpoints it and removes its log
    assert not (home / "history" / "runs" / "index.db-wal").exists()
    assert not (home / "history" / "runs.db-wal").exists()


def test_a_home_that_names_its_storage_keeps_dagster_s_classes(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    elsewhere = tmp_path / "elsewhere"
    (home / "dagster.yaml").write_text(f"storage:\n  sqlite:\n    base_dir: {elsewhere}\n", encoding="utf-8")
    with project_instance(home) as instance:
        assert type(instance.event_log_storage) is SqliteEventLogStorage
        assert type(instance.run_storage) is SqliteRunStorage
        _store_a_refresh_worth(instance)
    assert (elsewhere / "history" / "runs.db").exists()
    assert not (home / "history").exists()


def test_a_run_launched_from_the_ui_gets_the_kept_open_storages_on_the_same_files(tmp_path):
    home, _note = prepare_dagster_home(tmp_path / "home")
    with DagsterInstance.from_config(str(home)) as webserver_own:  # what the webserver and daemon open
        assert type(webserver_own.event_log_storage) is SqliteEventLogStorage
        assert type(webserver_own.run_launcher) is KeptOpenHistoryRunLauncher
        ref = run_worker_ref(webserver_own)
        # everything but the storages is the webserver's: the queue, the launcher, the pools
        unchanged = [field for field in ref._fields if field not in STORAGE_FIELDS]
        # the schedule's ticks stay where the daemon reads them
        assert ref.schedule_storage_data == webserver_own.get_ref().schedule_storage_data
        assert [getattr(ref, f) for f in unchanged] == [
            getattr(webserver_own.get_ref(), f) for f in unchanged
        ]
        with DagsterInstance.from_ref(ref) as run_worker:
            assert type(run_worker.event_log_storage) is KeptOpenSqliteEventLogStorage
            assert type(run_worker.run_storage) is KeptOpenSqliteRunStorage
            run_id = _store_a_refresh_worth(run_worker)
        messages = [entry.message for entry in webserver_own.all_logs(run_id)]
        assert [m for m in messages if m.startswith("step ")] == [f"step {n}" for n in range(ENGINE_EVENTS)]


def test_a_run_launched_in_a_home_that_names_its_storage_gets_the_webserver_s_ref(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    elsewhere = tmp_path / "elsewhere"
    (home / "dagster.yaml").write_text(
        f"storage:\n  sqlite:\n    base_dir: {elsewhere}\n"
        "run_launcher:\n  module: pipelines.defs.run_launcher\n  class: KeptOpenHistoryRunLauncher\n",
        encoding="utf-8",
    )
    with DagsterInstance.from_config(str(home)) as webserver_own:
        assert run_worker_ref(webserver_own) == webserver_own.get_ref()
