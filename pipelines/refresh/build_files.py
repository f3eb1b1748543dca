"""What a refresh writes before it publishes: starting it, and removing it when no refresh owns it any more.

A whole refresh starts from a copy of the published warehouse, whose raw layer
is reloaded file by file, or from an empty build file when asked to (`--full`),
when nothing is published or when the loaders' fingerprint changed (only the
quality history is carried over then, KEPT_HISTORY): start_build. A refresh of
some assets starts from a copy of the published warehouse and exports
(start_build_from_published).

A refresh builds `.<warehouse>.next` (DuckDB adds `.wal` and a `.tmp/`
spill folder beside it) and `exports/.publish-next/` (`nns/`, `report/`,
`docs/`). Publishing renames the export build to `exports/.published-<digest>`
and points `exports/.published` at it through a temporary link
`exports/.published-link`; `exports/nns`, `report` and `docs` are fixed links
into `.published`. A refresh killed on the way leaves some of these behind.
They are removed at the start of the next refresh, under the refresh lock (so
no live refresh owns them), and when a refresh ends without publishing. The
published warehouse and the folder `.published` points at are never touched.

Publishing swaps the warehouse, then the `.published` link, with a journal
(`exports/.publishing`) naming the export folder written first. A refresh
that died between the two swaps left the new warehouse published and the
journal behind: the exports it names are switched in then, so the warehouse
and the exports published are always a pair.

Plain Python: `finsam refresh` and the Dagster executor call it before Dagster
builds anything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.foundation.linked_copies import linked_tree
from pipelines.foundation.settings import Settings
from pipelines.foundation.warehouse_file import (
    connect_reader,
    connect_writer,
    create_warehouse_file,
    table_exists,
)
from pipelines.refresh.up_to_date import product_digest, published_inputs, record_inputs, refresh_inputs

JOURNAL = ".publishing"
PUBLISHED_LINK = ".published"  # links to the `.published-<digest>` folder of the last publish
PUBLISHED_FOLDERS = ("nns", "report", "docs")  # each `exports/<name>` links to `.published/<name>`
LEGACY_STEMS = ("nns",)  # `.nns-next`, `.nns-<digest>`: what refreshes before `.published` wrote


def publishing_journal(settings: Settings) -> Path:
    return settings.exports / JOURNAL


def switch_link(link: Path, folder: Path | str) -> None:
    """Point `link` at `folder` (a sibling, or a path relative to link's folder) in one rename."""
    stem = link.name.lstrip(".")
    target = folder.name if isinstance(folder, Path) else folder
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.exists() and not link.is_symlink():  # an export written before links were used
        link.rename(link.with_name(f".{stem}-legacy"))
    temporary = link.with_name(f".{stem}-link")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, link)


def point_name_links(exports: Path) -> None:
    """`exports/nns`, `report`, `docs` → `.published/<name>`: set once, then they follow `.published`."""
    for name in PUBLISHED_FOLDERS:
        switch_link(exports / name, f"{PUBLISHED_LINK}/{name}")


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
    if not settings.build_warehouse.exists() and folder.is_dir() and folder.name.startswith(".published-"):
        switch_link(settings.exports / PUBLISHED_LINK, folder)
        point_name_links(settings.exports)
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
        settings.docs_copy,
        settings.export_copy,
        settings.publish_build,
        settings.exports / f"{PUBLISHED_LINK}-link",
        *(settings.exports / f".{stem}-{what}" for stem in LEGACY_STEMS for what in ("next", "link")),
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


def remove_unpublished_folders(exports: Path) -> None:
    """Export folders no link points at any more; a reader who already opened a file keeps it."""
    for folder in _unpublished_export_folders(exports):
        shutil.rmtree(folder, ignore_errors=True)


def _unpublished_export_folders(exports: Path) -> list[Path]:
    """Published-style folders no link points at (a publish killed between rename and link).

    `.published-<digest>` folders other than the one `.published` names, and
    folders of the older layout (`.nns-<digest>`) once `nns` no longer names them.
    """
    in_use = {
        (exports / os.readlink(link)).resolve()
        for link in (exports / PUBLISHED_LINK, *(exports / name for name in PUBLISHED_FOLDERS))
        if link.is_symlink()
    }
    if not in_use:
        return []
    stems = (PUBLISHED_LINK.lstrip("."), *LEGACY_STEMS)
    return sorted(
        folder
        for stem in stems
        for folder in exports.glob(f".{stem}-*")
        if folder.is_dir() and not folder.is_symlink() and folder.resolve() not in in_use
    )


KEPT_HISTORY = (
    "ops.dq_results",
    "ops.dbt_test_results",
)  # tables a new build carries over from the published warehouse


class NothingPublishedYet(RuntimeError):
    """A refresh of some assets only builds on the published warehouse, and there is none yet."""

    def __init__(self, warehouse: Path):
        super().__init__(
            f"nothing is published in {warehouse} yet, and a refresh of some assets only rebuilds those "
            "on a copy of the published warehouse: launch the whole refresh first "
            "(Jobs → yearly_refresh → Materialize all)"
        )
        self.warehouse = warehouse


@dataclass(frozen=True)
class BuildStart:
    """How a whole refresh's build began: from the published warehouse, or from nothing and why."""

    from_published: bool
    reason: str

    def line(self) -> str:
        if self.from_published:
            return f"raw: building on a copy of the published warehouse ({self.reason})"
        return f"raw: building from nothing: {self.reason}"


def start_build(
    settings: Settings, full: bool = False, options: dict[str, object] | None = None
) -> BuildStart:
    """The build of a whole refresh: a copy of the published warehouse, whose raw layer is then
    reloaded file by file (pipelines/ingest/file_changes.py), or an empty file.

    From nothing when `full` is asked for, when nothing is published, and when
    the published raw layer was loaded with another fingerprint (other loader
    code or reference data: pipelines/ingest/load_fingerprint.py); then only
    history that is not rebuilt from landing (KEPT_HISTORY) is copied over.
    Also from nothing when the copy fails (a full disk): the loading steps then
    fail with the reason, and the refresh says it in one line as before.
    The fingerprint, and how the build started, go into `raw.load_fingerprint`.
    So does a changed product (pipelines/refresh/up_to_date.py: code, dbt
    project, seeds, suites, libraries): the published years were computed by
    other code, and only a build from nothing recomputes them all. What the
    build is made from (landing, product, `options`) is recorded in it.
    """
    build_warehouse, published = settings.build_warehouse, settings.warehouse
    for leftover in (build_warehouse, build_warehouse.with_name(build_warehouse.name + ".wal")):
        leftover.unlink(missing_ok=True)
    from pipelines.ingest.load_fingerprint import load_fingerprint, store_fingerprint  # late: pyarrow

    fingerprint = load_fingerprint(settings.landing)
    start = planned_start(settings, full)
    if start.from_published:
        try:
            shutil.copyfile(published, build_warehouse)
        except OSError as error:  # a full disk: the loading steps then fail and say so, as they always did
            build_warehouse.unlink(missing_ok=True)
            start = BuildStart(False, f"the published warehouse could not be copied ({error.strerror})")
    if not start.from_published:
        create_warehouse_file(build_warehouse)
        if published.exists():
            _copy_kept_history(build_warehouse, published)
    with connect_writer(build_warehouse) as connection:
        built_from = "published" if start.from_published else "nothing"
        store_fingerprint(connection, fingerprint, built_from, start.reason)
    # a full disk: the loading steps then fail and say so; without a record the next refresh never
    # takes the landing as unchanged
    with contextlib.suppress(duckdb.Error):
        record_inputs(build_warehouse, refresh_inputs(settings.landing, options or {}))
    return start


def planned_start(settings: Settings, full: bool = False) -> BuildStart:
    """How start_build starts the build, decided from the landing and the published warehouse alone
    (the extraction's early workers ask before the build exists: pipelines/refresh/extraction_ahead.py)."""
    from pipelines.ingest.load_fingerprint import load_fingerprint  # late: pyarrow

    published = settings.warehouse
    start = _how_to_start(published, load_fingerprint(settings.landing), full)
    if start.from_published:
        start = _same_product(published) or start
    return start


def _same_product(published: Path) -> BuildStart | None:
    """A build from nothing when the published warehouse was computed by another product; else None."""
    recorded, current = published_inputs(published), product_digest()
    if recorded is not None and recorded.inputs.product_sha256 == current:
        return None
    was = recorded.inputs.product_sha256[:12] if recorded else "none recorded"
    return BuildStart(
        False,
        f"the product changed since the published build (code, dbt project, seeds, suites or library "
        f"versions: {was} → {current[:12]}), so every year is computed again",
    )


def _how_to_start(published: Path, fingerprint: str, full: bool) -> BuildStart:
    from pipelines.ingest.load_fingerprint import stored_fingerprint

    if full:
        return BuildStart(False, "a full refresh was asked for (--full, or the run tag finsam/full=true)")
    if not published.exists():
        return BuildStart(False, f"nothing is published in {published} yet")
    with connect_reader(published) as connection:
        stored = stored_fingerprint(connection)
    if stored != fingerprint:
        return BuildStart(
            False,
            f"the published warehouse was loaded with fingerprint {stored or 'none'}, this refresh's loaders "
            f"and reference data have {fingerprint} (other loader code, seeds, registrations or label "
            "mappings)",
        )
    return BuildStart(True, f"loader fingerprint {fingerprint} unchanged")


def _copy_kept_history(build_warehouse: Path, published: Path) -> None:
    with connect_writer(build_warehouse) as connection:
        quoted = str(published).replace("'", "''")
        connection.execute(f"attach '{quoted}' as published (read_only)")
        for table in KEPT_HISTORY:
            if table_exists(connection, table, "published"):
                connection.execute(f"create schema if not exists {table.split('.')[0]}")
                connection.execute(f"create table {table} as select * from published.{table}")
        connection.execute("detach published")


def start_build_from_published(settings: Settings) -> None:
    """The build of a refresh of some assets: a copy of the published warehouse and exports.

    The selected assets are rebuilt in the copy, and publishing swaps it in
    like a whole refresh's build, so what is not rebuilt stays as published.
    The export files are hard links where the file system allows (publishing
    replaces files, never edits them in place).
    """
    from pipelines.ingest.load_fingerprint import store_fingerprint, stored_fingerprint

    if not settings.warehouse.exists():
        raise NothingPublishedYet(settings.warehouse)
    build = settings.build_warehouse
    for leftover in (build, build.with_name(build.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(settings.warehouse, build)
    with connect_writer(build) as connection:
        stored = stored_fingerprint(connection)
        if stored is not None:  # the raw tables refreshed reload only changed files, as in a whole refresh
            store_fingerprint(connection, stored, "published", "a refresh of some assets")
    record_inputs(build, None)  # what it publishes is no longer one whole refresh of one landing
    published = settings.exports / PUBLISHED_LINK
    shutil.rmtree(settings.publish_build, ignore_errors=True)
    if published.exists():
        linked_tree(published, settings.publish_build)
