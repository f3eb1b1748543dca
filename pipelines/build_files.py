"""What a refresh writes before it publishes, and removing it when no refresh owns it any more.

A refresh builds `.<warehouse>.next` (DuckDB adds `.wal` and a `.tmp/`
spill folder beside it) and `exports/.nns-next`; publishing renames the
export build to `exports/.nns-<digest>` and points `exports/nns` at it
through a temporary link `exports/.nns-link`. A refresh killed on the way
leaves some of these behind. They are removed at the start of the next
refresh, under the refresh lock (so no live refresh owns them), and when a
refresh ends without publishing. The published warehouse and the folder
`exports/nns` points at are never touched.

Publishing swaps the warehouse, then the export link, with a journal
(`exports/.nns-publishing`) naming the export folder written first. A
refresh that died between the two swaps left the new warehouse published and
the journal behind: the export it names is switched in then, so the
warehouse and the export published are always a pair.

Plain Python: `finsam refresh` and the Dagster executor call it before Dagster
builds anything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipelines.settings import Settings

JOURNAL = ".nns-publishing"


def publishing_journal(settings: Settings) -> Path:
    return settings.exports / JOURNAL


def switch_link(link: Path, folder: Path) -> None:
    """Point `link` at `folder` (beside it) in one rename."""
    if link.exists() and not link.is_symlink():  # an export written before links were used
        link.rename(link.with_name(f".{link.name}-legacy"))
    temporary = link.with_name(f".{link.name}-link")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(folder.name)
    os.replace(temporary, link)


def finish_interrupted_publish(settings: Settings) -> Path | None:
    """Switch in the export of a publish that swapped its warehouse and died; returns that export folder.

    If its build warehouse is still there the swap never happened, and the
    journal is only dropped (the rest are leftovers).
    """
    journal = publishing_journal(settings)
    if not journal.exists():
        return None
    folder = settings.exports / journal.read_text(encoding="utf-8").strip()
    finished = None
    if not settings.build_warehouse.exists() and folder.is_dir() and folder.name.startswith(".nns-"):
        switch_link(settings.exports / "nns", folder)
        finished = folder
    journal.unlink()
    return finished


def build_leftovers(settings: Settings) -> list[Path]:
    """Build files and folders of `settings` that exist now and are not the published state."""
    build = settings.build_warehouse
    candidates = [
        build,
        build.with_name(build.name + ".wal"),
        build.with_name(build.name + ".tmp"),
        settings.nns_build,
        settings.exports / ".nns-link",
    ]
    found = [path for path in candidates if path.exists() or path.is_symlink()]
    found.extend(folder for folder in _unpublished_export_folders(settings.exports) if folder not in found)
    return found


def remove_build_leftovers(settings: Settings) -> list[Path]:
    """Remove what build_leftovers finds; returns what was removed. Call it holding the refresh lock.

    An interrupted publish is finished first (finish_interrupted_publish).
    """
    finish_interrupted_publish(settings)
    removed = build_leftovers(settings)
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed


def _unpublished_export_folders(exports: Path) -> list[Path]:
    """`.nns-<digest>` folders `nns` does not point at (a publish killed between rename and link)."""
    link = exports / "nns"
    if not link.is_symlink():
        return []
    published = (exports / os.readlink(link)).resolve()
    return sorted(
        folder
        for folder in exports.glob(".nns-*")
        if folder.is_dir() and not folder.is_symlink() and folder.resolve() != published
    )
