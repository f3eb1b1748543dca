"""Publishing a refresh: the built warehouse and export replace the old ones in one step each.

Until this runs, analysts and the NNS see the previous refresh, byte for byte.
The warehouse is replaced by a rename (an open read-only connection keeps
reading the old file until it reconnects); the export folder `nns` is a
symbolic link swapped by a rename, so no reader ever sees half of an export.
The two renames follow each other as closely as they can, and a journal
written before the first lets the next refresh finish the second if the
process dies in between (build_files.finish_interrupted_publish), so the
warehouse and the export published are always a pair.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb

from pipelines.build_files import publishing_journal, switch_link
from pipelines.settings import Settings
from pipelines.warehouse import create_warehouse_file

KEPT_HISTORY = ("ops.dq_results",)  # tables a new build carries over from the published warehouse


def start_build(build_warehouse: Path, published: Path | None = None) -> None:
    """An empty build file: every refresh builds the warehouse from landing/ anew.

    Only history that is not rebuilt from landing (data-quality results) is
    copied over from the published warehouse.
    """
    for leftover in (build_warehouse, build_warehouse.with_name(build_warehouse.name + ".wal")):
        leftover.unlink(missing_ok=True)
    create_warehouse_file(build_warehouse)
    if published is None or not published.exists():
        return
    with duckdb.connect(str(build_warehouse)) as connection:
        quoted = str(published).replace("'", "''")
        connection.execute(f"attach '{quoted}' as published (read_only)")
        for table in KEPT_HISTORY:
            schema, name = table.split(".")
            exists = connection.execute(
                "select count(*) from duckdb_tables() where database_name = 'published' "
                "and schema_name = ? and table_name = ?",
                [schema, name],
            ).fetchone()[0]
            if exists:
                connection.execute(f"create schema if not exists {schema}")
                connection.execute(f"create table {table} as select * from published.{table}")
        connection.execute("detach published")


def publish_pair(settings: Settings) -> Path:
    """Swap in the build warehouse and the export build; returns the export folder now published."""
    with duckdb.connect(str(settings.build_warehouse)) as connection:
        connection.execute("checkpoint")  # fold the write-ahead log into the file that is renamed
    link = settings.exports / "nns"
    folder = prepare_folder(settings.nns_build, link)  # slow for a large export: before either swap
    journal = publishing_journal(settings)
    _write_durably(journal, folder.name)
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    os.replace(settings.build_warehouse, settings.warehouse)
    switch_link(link, folder)
    journal.unlink()
    remove_older_folders(link, folder)
    return folder


def publish_folder(build: Path, link: Path) -> Path:
    """Publish `build` alone as the folder `link` points at; returns the folder now published."""
    folder = prepare_folder(build, link)
    switch_link(link, folder)
    remove_older_folders(link, folder)
    return folder


def prepare_folder(build: Path, link: Path) -> Path:
    """Move `build` to a content-named folder beside `link`, not yet published; returns that folder."""
    folder = link.with_name(f".{link.name}-{_folder_digest(build)[:16]}")
    if folder.exists():  # the same bytes are already there (a refresh of unchanged input)
        shutil.rmtree(build)
    else:
        build.rename(folder)
    return folder


def remove_older_folders(link: Path, published: Path) -> None:
    """Folders published before; a reader who already opened a file keeps it."""
    for old in link.parent.glob(f".{link.name}-*"):
        if old != published and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


def _write_durably(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
