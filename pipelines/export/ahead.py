"""The NNS export written on a copy of the build while the mart checks run.

In a refresh built on the published warehouse the quality worker validates
the marts on one core (3.3–3.6 s nationally for a new year) while the
refresh process waits, and the export step came after it (3.7 s on two
cores). The export reads only the marts and the reference tables, which no
step after dbt's build changes; the checks write their results into the
build. So when the build step succeeds the executor copies the build file
(DuckDB lets no process read a file another writes) and the export is
written from the copy into the build's export folder in a thread of the
refresh process, one year after another, while the checks run on the other
core; the export step takes what was written (the export's two year workers
beside the quality worker took a national new year's peak to 1.46–1.49 GB).
When the checks find an error the export step does not run and the refresh
does not publish, as before.

Everything the thread runs is imported here, in the main thread (an import on
a background thread can hand another thread a half-initialised module), and
the dbt manifest is found before it starts.
"""

from __future__ import annotations

import atexit
import shutil
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.export.package import ExportedFile, build_nns_export
from pipelines.foundation.warehouse_file import connect_reader, copy_warehouse_file


@dataclass(frozen=True)
class ExportRequest:
    """What the export step would write: every year, into `build`, reusing the `published` export."""

    build: Path
    published: Path
    csv_dialect: str
    dbt_manifest: Path


@dataclass
class _ExportAhead:
    request: ExportRequest
    copy_folder: Path
    thread: threading.Thread | None = None
    files: list[ExportedFile] | None = None  # set by the thread when it has written the export
    failure: str | None = None  # or why it could not


_AHEAD: _ExportAhead | None = None  # one at a time, in the process that runs the refresh's steps


def begin_export_on_a_copy(build_warehouse: Path, copy_folder: Path, request: ExportRequest) -> None:
    """Copy `build_warehouse` into `copy_folder` and write the export `request` names from the copy.

    Called when no process writes the build (the build step has ended). A
    copy that cannot be made starts nothing: the export step writes it.
    """
    global _AHEAD
    discard_export_ahead()
    copy = copy_warehouse_file(build_warehouse, copy_folder)
    if copy is None:
        return
    ahead = _ExportAhead(request, copy_folder)
    ahead.thread = threading.Thread(target=_write, args=(ahead, copy), name="finsam-export-ahead")
    ahead.thread.start()
    _AHEAD = ahead


def _write(ahead: _ExportAhead, copy: Path) -> None:
    request = ahead.request
    try:
        with connect_reader(copy) as connection:
            ahead.files = build_nns_export(
                connection,
                request.build,
                request.published,
                None,
                csv_dialect=request.csv_dialect,
                dbt_manifest=request.dbt_manifest,
                in_this_process=True,  # two year workers beside the quality worker: 1.46-1.49 GB
            )
    except Exception:  # noqa: BLE001  (reported by export_made_ahead; the step then writes the export)
        ahead.failure = traceback.format_exc(limit=5)


def export_made_ahead(request: ExportRequest, tell: Callable[[str], object]) -> list[ExportedFile] | None:
    """The files written ahead for `request` (waiting for them), else None: the caller writes the export.

    `tell` hears why an export written ahead is not taken.
    """
    global _AHEAD
    ahead, _AHEAD = _AHEAD, None
    if ahead is None:
        return None
    _end(ahead)
    if ahead.request != request:
        tell("export: the export written during the checks was for other options; written again")
        return None
    if ahead.files is None:
        tell(f"export: writing it during the checks failed; written again:\n{ahead.failure}")
        return None
    return ahead.files


def discard_export_ahead() -> None:
    """Wait for an export written ahead that no step took, and remove its copy of the build."""
    global _AHEAD
    ahead, _AHEAD = _AHEAD, None
    if ahead is not None:
        _end(ahead)


def _end(ahead: _ExportAhead) -> None:
    ahead.thread.join()
    shutil.rmtree(ahead.copy_folder, ignore_errors=True)


atexit.register(discard_export_ahead)
