"""The project's Dagster instance: one history for `finsam refresh` and the UI.

DAGSTER_HOME (default `.dagster_home/` in the project) holds the runs, event
logs and check results of every refresh, whoever started it. The first use
copies the project's `dagster.yaml` there (the queue, the `warehouse` pool);
a later difference is reported, never overwritten (an operator may have
edited theirs).
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.foundation.settings import PROJECT_ROOT

DEFAULT_HOME = PROJECT_ROOT / ".dagster_home"
PROJECT_CONFIG = PROJECT_ROOT / "dagster.yaml"
WAREHOUSE_POOL = "warehouse"  # every step that reads or writes the warehouse: one run of them at a time


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()


def prepare_dagster_home(home: Path | None = None) -> tuple[Path, str | None]:
    """Create the home with the project's dagster.yaml; returns it and a note when the two differ."""
    home = (home or dagster_home()).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    note = None
    if not config.exists():
        shutil.copyfile(PROJECT_CONFIG, config)
    elif not filecmp.cmp(config, PROJECT_CONFIG, shallow=False):
        note = f"note: {config} differs from {PROJECT_CONFIG}; Dagster uses {config}"
    return home, note


@contextmanager
def project_instance(home: Path | None = None) -> Iterator:
    """The instance of DAGSTER_HOME (or `home`), its `warehouse` pool limited before any run asks for it.

    Opened from the folder itself, so nothing needs DAGSTER_HOME set in this process.
    """
    from dagster import DagsterInstance  # late: `finsam` answers some questions before loading Dagster
    from dagster._core.instance.ref import InstanceRef

    commit_history_without_fsync()
    home, _note = prepare_dagster_home(home)
    overrides = history_overrides(home)
    with DagsterInstance.from_ref(InstanceRef.from_dir(str(home), overrides=overrides)) as instance:
        limit_warehouse_pool(instance)
        yield instance


STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


def history_overrides(home: Path) -> dict:
    """Run and event storages that keep their connections (history_storage.py), for a home's own SQLite files.

    An operator's dagster.yaml that names a storage (Postgres, another folder)
    is used as written.
    """
    import yaml

    from pipelines.defs.history_storage import kept_open_overrides

    config = yaml.safe_load((home / "dagster.yaml").read_text(encoding="utf-8")) or {}
    if any(key in config for key in STORAGE_KEYS):
        return {}
    return kept_open_overrides(home)


def limit_warehouse_pool(instance) -> None:
    """Give the pool its limit (dagster.yaml's default) now, not when the queue first meets it.

    The queue only holds runs back for a pool it knows; a backfill queued
    before the pool existed would otherwise start its runs together.
    """
    if WAREHOUSE_POOL not in instance.event_log_storage.get_concurrency_keys():
        instance.event_log_storage.initialize_concurrency_limit_to_default(WAREHOUSE_POOL)


def commit_history_without_fsync() -> None:
    """SQLite's `synchronous=NORMAL` on every SQLite connection this process opens (Dagster's history).

    Dagster opens a connection and commits for every event it stores, about
    1 600 in a refresh of the sample (one per dbt test result among them). In
    WAL mode (Dagster's) SQLite then syncs the disk at each commit; measured
    here, 21 ms an event against 6 ms with NORMAL, which syncs at checkpoints
    only. NORMAL in WAL mode never corrupts the database; a power cut may lose
    the last events of the history, never the warehouse (DuckDB's own file).
    SQLAlchemy's `connect` event is the documented place for such a pragma.
    """
    import sqlalchemy

    if not sqlalchemy.event.contains(sqlalchemy.engine.Engine, "connect", _normal_sync):
        sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", _normal_sync)


_KEPT_OPEN: dict[str, object] = {}  # SQLite file → the idle connection history_kept_open holds


@contextmanager
def history_kept_open() -> Iterator[None]:
    """While a refresh runs here, an idle connection stays open to each SQLite file of the history.

    Dagster opens and closes a connection for every event it stores. In WAL
    mode the last connection to close a database checkpoints its log and
    removes it, and the next one to open it builds the log's index again. On
    the bundled sample that was 8 s of a 40 s refresh (closing 5.3 s,
    committing 3.1 s), against 0.8 s with a connection kept open. One that
    holds no transaction blocks no writer, and with it open no other close
    is the last one. The connections last for the refresh only: the UI's
    processes would otherwise keep one per run. Nested uses share them.

    With the home's own SQLite files the run's storages keep their connections
    themselves (history_storage.py, via project_instance or run_launcher.py);
    this still serves a home whose dagster.yaml names another SQLite folder,
    where Dagster's classes open one per event.
    """
    import sqlalchemy

    if sqlalchemy.event.contains(sqlalchemy.engine.Engine, "connect", _keep_file_open):
        yield
        return
    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", _keep_file_open)
    try:
        yield
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "connect", _keep_file_open)
        for connection in _KEPT_OPEN.values():
            connection.close()
        _KEPT_OPEN.clear()


def _keep_file_open(dbapi_connection, _record) -> None:
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    for _sequence, schema, path in dbapi_connection.execute("PRAGMA database_list").fetchall():
        if schema == "main" and path and path not in _KEPT_OPEN:
            idle = sqlite3.connect(path, check_same_thread=False)
            idle.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the file and its log index
            _KEPT_OPEN[path] = idle


def _normal_sync(dbapi_connection, _record) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
