"""Which landing files a raw table's loader reloads: the files now against those it loaded last time.

A refresh builds on a copy of the published warehouse (pipelines/refresh/build_files.py), so
each raw table already holds the rows of every file the last refresh loaded.
`raw.loaded_files` lists those files per table with their sha256, including
the files that gave no row (refused whole, empty). A file is unchanged when it
is listed with the sha256 it has now: its rows and rejections stay and it is
not read again. Every other file is dropped (its rows and rejections deleted)
and, if it is still there, loaded again.

A loader reads a file whose content another file already has as a duplicate
of the first (pipelines/ingest/loading.py): which one loads depends on the
others, so a file whose sha256 is shared with another file, now or last time,
is always reloaded with all its twins. A file that cannot be hashed is always
reloaded. A table the build does not hold yet is loaded from nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import duckdb
import pyarrow as pa

from pipelines.foundation.warehouse_file import table_exists
from pipelines.ingest.landing import LandingFile

LEDGER = "raw.loaded_files"
LEDGER_SCHEMA = pa.schema([("loader", pa.string()), ("file", pa.string()), ("sha256", pa.string())])


@dataclass(frozen=True)
class FileChanges:
    """One raw table's landing files now and at its last load, and what follows for this load."""

    current: dict[str, str | None]  # landing-relative name → sha256 now (None: it cannot be read)
    previous: dict[str, str | None]  # the same as raw.loaded_files lists it for the table
    from_nothing: bool = False  # the build holds no such table: load everything, nothing to delete

    # cached: `stores` asks for every row a loader writes, and each answer is a pass over every file
    @cached_property
    def unchanged(self) -> frozenset[str]:
        if self.from_nothing:
            return frozenset()
        shared = {
            sha
            for listing in (self.current, self.previous)
            for sha, count in Counter(listing.values()).items()
            if count > 1
        }
        return frozenset(
            name
            for name, sha in self.current.items()
            if sha is not None and self.previous.get(name) == sha and sha not in shared
        )

    @cached_property
    def to_load(self) -> frozenset[str]:
        return frozenset(self.current) - self.unchanged

    @cached_property
    def to_drop(self) -> frozenset[str]:
        """Files whose rows leave the table before loading: changed, removed, reloaded."""
        return (frozenset(self.current) | frozenset(self.previous)) - self.unchanged

    def stores(self, name: str | None) -> bool:
        """Whether rows or rejections naming `name` are written: every one from nothing, else only
        those of files loaded again (the rest are in the table already)."""
        return self.from_nothing or name in self.to_load


def file_sha256(landing_file: LandingFile) -> str | None:
    try:
        with landing_file.path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def current_files(files: Iterable[LandingFile]) -> dict[str, str | None]:
    return {landing_file.name: file_sha256(landing_file) for landing_file in files}


def changes_in(connection, table: str, current: dict[str, str | None]) -> FileChanges:
    """What `table`'s loader reloads in the warehouse `connection` writes."""
    if not raw_table_exists(connection, table) or not raw_table_exists(connection, "loaded_files"):
        return FileChanges(current, {}, from_nothing=True)
    previous = connection.execute(f"select file, sha256 from {LEDGER} where loader = ?", [table]).fetchall()
    return FileChanges(current, dict(previous))


def record_loaded(connection: duckdb.DuckDBPyConnection, table: str, changes: FileChanges) -> None:
    """raw.loaded_files lists the table's files as they are now."""
    rows = pa.Table.from_pylist(
        [{"loader": table, "file": name, "sha256": sha} for name, sha in sorted(changes.current.items())],
        schema=LEDGER_SCHEMA,
    )
    connection.register("loaded_now", rows)
    try:
        connection.execute(f"create table if not exists {LEDGER} as select * from loaded_now limit 0")
        connection.execute(f"delete from {LEDGER} where loader = ?", [table])
        connection.execute(f"insert into {LEDGER} select * from loaded_now")
    finally:
        connection.unregister("loaded_now")


def drop_files(connection: duckdb.DuckDBPyConnection, table: str, changes: FileChanges) -> None:
    """Delete the rows and this loader's rejections of the files the load drops."""
    if changes.from_nothing:
        connection.execute("delete from raw.rejected where loader = ?", [table])
        return
    dropped = pa.table({"file": sorted(changes.to_drop)}, schema=pa.schema([("file", pa.string())]))
    connection.register("dropped_files", dropped)
    try:
        connection.execute(f"delete from raw.{table} where _source_file in (select file from dropped_files)")
        connection.execute(
            "delete from raw.rejected where loader = ? and _source_file in (select file from dropped_files)",
            [table],
        )
    finally:
        connection.unregister("dropped_files")


def raw_table_exists(connection: duckdb.DuckDBPyConnection, table: str, database: str | None = None) -> bool:
    """Whether raw.<table> is in `database` (an attached one), else in the warehouse `connection` opened."""
    return table_exists(connection, f"raw.{table}", database)
