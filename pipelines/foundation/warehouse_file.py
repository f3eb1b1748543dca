"""Opening the DuckDB warehouse file so that analysts' older tools can still read it.

DuckDB 2.x writes a storage format 1.x clients (the DuckDB CLI 1.5, DBeaver, R)
cannot open. The file is therefore created with storage version v1.1.0; DuckDB
keeps a file's version on every later write, dbt's included.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

STORAGE_VERSION = "v1.1.0"

# DuckDB's allocator keeps memory a finished query freed until its background
# thread hands it back; without the thread the national report step peaked
# some 60-100 MB higher (docs/performance.md). Settings are per connection.
CONNECTION_SETTINGS = {"allocator_background_threads": True}


def create_warehouse_file(path: Path) -> None:
    """Create an empty warehouse in the readable storage version, unless it exists."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as connection:
        quoted = str(path).replace("'", "''")
        connection.execute(f"attach '{quoted}' as warehouse (storage_version '{STORAGE_VERSION}')")
        connection.execute("detach warehouse")


def copy_warehouse_file(path: Path, folder: Path) -> Path | None:
    """A copy of the warehouse file `path` (and its WAL) under the same name in a new `folder`.

    For a reader that must not hold the file another process writes (the build's docs and export,
    pipelines/dbt/docs_ahead.py, pipelines/export/ahead.py). None when it cannot be made (a full
    disk): `folder` is then gone again. Call it while no process writes `path`.
    """
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.mkdir(parents=True)
        for name in (path.name, path.name + ".wal"):
            if (path.parent / name).exists():
                shutil.copyfile(path.parent / name, folder / name)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return folder / path.name


def connect_writer(path: Path) -> duckdb.DuckDBPyConnection:
    create_warehouse_file(path)
    return duckdb.connect(str(path), config=CONNECTION_SETTINGS)


def connect_reader(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config=CONNECTION_SETTINGS)


def database_file(connection: duckdb.DuckDBPyConnection) -> str | None:
    """The file the connection reads, or None for an in-memory database (no other process can open it)."""
    rows = connection.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchall()
    return rows[0][0] if rows and rows[0][0] else None


def table_exists(connection: duckdb.DuckDBPyConnection, table: str, database: str | None = None) -> bool:
    """Whether `table` (schema.name) is in `database` (an attached one), else in the one `connection` opened.

    Readers ask before reading a table a warehouse may predate (an older
    published file, a build that failed before the step that writes it).
    """
    schema, name = table.split(".")
    found = connection.execute(
        "select count(*) from duckdb_tables() where database_name = coalesce(?, current_database()) "
        "and schema_name = ? and table_name = ?",
        [database, schema, name],
    ).fetchall()  # every row: a result left open keeps DuckDB from registering a view on the connection
    return bool(found[0][0])
