"""Dagster's SQLite run history with its connections kept open while the refresh runs.

Dagster's SQLite run and event log storages make a new SQLAlchemy engine for
every connection they open and dispose of it after one transaction: a
national one-new-year refresh opened 2 195 connections, and making the
engines, their first statements and closing them cost 2–3 s of the refresh
process's one core (docs/performance.md). These subclasses keep one engine
per database file (runs.db, each run's event shard, the index) with a pooled
connection, so each event is a transaction on a connection already open, and
remember the tables they found. What is stored, and where, is Dagster's own:
the same files, tables and rows, which the UI's processes read with
Dagster's classes.

`finsam refresh` (pipelines/defs/instance.py) and the worker of a run
launched from the UI (run_launcher.py) use them, for one run each; the
webserver and the daemon keep Dagster's classes: they live for hours and
would keep a connection to every run file they read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool


class KeptOpenSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose database files each keep one pooled connection until disposed."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: dict[str, Engine] = {}
        self._tables_found: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # the same steps as Dagster's: one connection at a time (its lock), the database created on
        # first use, one transaction per use; only the engine outlives the transaction
        with self._db_lock:
            engine = self._engine_for(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as connection, connection.begin():
                yield connection

    def _engine_for(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = kept_open_engine(self.conn_string_for_shard(shard))
            self._engines[shard] = engine
        return engine

    def has_table(self, table_name: str) -> bool:
        """Dagster asks before storing each asset event's tags; a table once found stays (none is dropped)."""
        if table_name not in self._tables_found and super().has_table(table_name):
            self._tables_found.add(table_name)
        return table_name in self._tables_found

    def dispose(self) -> None:
        """Close every kept connection (the instance disposes its storage when the refresh ends)."""
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()
        super().dispose()


class KeptOpenSqliteRunStorage(SqliteRunStorage):
    """SqliteRunStorage (runs.db) with one engine and its pooled connection until disposed."""

    _engine: Engine | None = None

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls.from_local(inst_data=inst_data, **config_value)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        # Dagster's has no lock and may nest: a nested use gets a second connection of the pool
        if self._engine is None:
            self._engine = kept_open_engine(self._conn_string)
        with self._engine.connect() as connection, connection.begin():
            yield connection

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        super().dispose()


def kept_open_engine(conn_string: str) -> Engine:
    """An engine whose one connection stays open between transactions (more only while one is in use)."""
    return create_engine(
        conn_string,
        poolclass=QueuePool,
        pool_size=1,
        # the connection may serve another thread later; the storages never share it at once
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )


def kept_open_overrides(home) -> dict:
    """Instance overrides that give the instance of `home` these storages, on Dagster's own files."""
    return {
        "run_storage": {
            "module": __name__,
            "class": KeptOpenSqliteRunStorage.__name__,
            "config": {"base_dir": str(home / "history")},
        },
        "event_log_storage": {
            "module": __name__,
            "class": KeptOpenSqliteEventLogStorage.__name__,
            "config": {"base_dir": str(home / "history" / "runs")},
        },
    }
