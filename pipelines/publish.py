"""Publishing a refresh: the built warehouse and export replace the old ones in one step each.

Until this runs, analysts and the NNS see the previous refresh, byte for byte.
The warehouse is replaced by a rename (an open read-only connection keeps
reading the old file until it reconnects). What a refresh publishes beside it,
the NNS export, the comparison report and the model documentation, is one
folder: `nns`, `report` and `docs` are symbolic links into `.published`, a link
swapped by one rename, so no reader ever sees half of an export or a report
built from another refresh than the export beside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb

from pipelines.warehouse import create_warehouse_file

KEPT_HISTORY = (
    "ops.dq_results",
    "ops.dbt_test_results",
)  # tables a new build carries over from the published warehouse


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


def publish_warehouse(build_warehouse: Path, warehouse: Path) -> None:
    """Fold any write-ahead log into the build file, then rename it over the warehouse."""
    with duckdb.connect(str(build_warehouse)) as connection:
        connection.execute("checkpoint")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build_warehouse, warehouse)


PUBLISHED_FOLDERS = ("nns", "report", "docs")  # each `exports/<name>` links to `.published/<name>`
PUBLISHED_LINK = ".published"


def publish_exports(build: Path, exports: Path) -> Path:
    """Swap in the refresh's `nns/`, `report/` and `docs/` (subfolders of `build`) together.

    One rename switches `.published` to the new folder; the three links point
    through it, so they change at the same instant. Returns the folder now published.
    """
    published = publish_folder(build, exports / PUBLISHED_LINK)
    for name in PUBLISHED_FOLDERS:
        _point_link(exports / name, f"{PUBLISHED_LINK}/{name}")
    return published


def publish_folder(build: Path, link: Path) -> Path:
    """Move `build` to a content-named folder and point the `link` at it atomically.

    Returns the folder now published. Older published folders are removed after
    the switch; a reader who already opened a file keeps it.
    """
    stem = link.name.lstrip(".")
    published = link.with_name(f".{stem}-{_folder_digest(build)[:16]}")
    if published.exists():  # the same bytes are already there (a refresh of unchanged input)
        shutil.rmtree(build)
    else:
        build.rename(published)
    _point_link(link, published.name)
    for old in link.parent.glob(f".{stem}-*"):
        if old != published and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    return published


def _point_link(link: Path, target: str) -> None:
    """Make `link` a symbolic link to `target` with one rename; a folder there is moved aside first.

    Folders an older refresh published under the link's name (`.nns-<digest>`,
    from before the links went through `.published`) are removed once nothing points at them.
    """
    stem = link.name.lstrip(".")
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.exists() and not link.is_symlink():  # an export written before links were used
        link.rename(link.with_name(f".{stem}-legacy"))
    temporary = link.with_name(f".{stem}-link")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, link)
    if "/" in target:
        for old in link.parent.glob(f".{stem}-*"):
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
