"""Publishing a refresh: the built warehouse and what is published beside it replace the old ones.

Until this runs, analysts and the NNS see the previous refresh, byte for byte.
The warehouse is replaced by a rename (an open read-only connection keeps
reading the old file until it reconnects). What a refresh publishes beside it,
the NNS export, the comparison report and the model documentation, is one
folder: `nns`, `report` and `docs` are symbolic links into `.published`, a link
swapped by one rename, so no reader ever sees half of an export or a report
built from another refresh than the export beside it.

The warehouse rename and the `.published` switch follow each other as closely
as they can, and a journal written before the first lets the next refresh
finish the second if the process dies in between
(build_files.finish_interrupted_publish), so the warehouse and the exports
published are always a pair.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from pipelines.foundation.settings import Settings
from pipelines.foundation.warehouse_file import connect_writer
from pipelines.refresh.build_files import (
    PUBLISHED_FOLDERS,
    PUBLISHED_LINK,
    point_name_links,
    publishing_journal,
    remove_unpublished_folders,
    switch_link,
)

__all__ = ["PUBLISHED_FOLDERS", "publish_exports", "publish_pair"]


def publish_pair(settings: Settings) -> Path:
    """Swap in the build warehouse and the export build; returns the export folder now published."""
    with connect_writer(settings.build_warehouse) as connection:
        connection.execute("checkpoint")  # fold the write-ahead log into the file that is renamed
    link = settings.exports / PUBLISHED_LINK
    folder = prepare_folder(settings.publish_build, link)  # slow for a large export: before either swap
    journal = publishing_journal(settings)
    _write_durably(journal, folder.name)
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    os.replace(settings.build_warehouse, settings.warehouse)
    switch_link(link, folder)
    point_name_links(settings.exports)
    journal.unlink()
    remove_unpublished_folders(settings.exports)
    return folder


def publish_exports(build: Path, exports: Path) -> Path:
    """Swap in `build`'s `nns/`, `report/` and `docs/` together, without a warehouse; returns the folder."""
    link = exports / PUBLISHED_LINK
    folder = prepare_folder(build, link)
    switch_link(link, folder)
    point_name_links(exports)
    remove_unpublished_folders(exports)
    return folder


def prepare_folder(build: Path, link: Path) -> Path:
    """Move `build` to a folder beside `link` named by the files it holds, not yet published; returns it."""
    folder = link.with_name(f".{link.name.lstrip('.')}-{_folder_digest(build)[:16]}")
    if folder.exists():  # the same files are already there (every one reused by a hard link)
        shutil.rmtree(build)
    else:
        build.rename(folder)
    return folder


def _write_durably(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _folder_digest(folder: Path) -> str:
    """The files' names and identities (inode, size, modification time), not their bytes.

    Hashing the bytes read a national export's 450 MB at every publish. A
    file written by this refresh is a new inode; one the export or the report
    reused is a hard link to the published file, so a build made of hard
    links only names the folder already published.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            status = path.stat()  # a hard link changes a file's ctime, not its mtime
            name = path.relative_to(folder).as_posix()
            digest.update(f"{name}\0{status.st_ino}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()
