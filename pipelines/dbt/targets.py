"""dbt's target folders of refreshes (`dbt_project/target/refresh-<digest>`), kept while their warehouse is.

Each warehouse path gets its own folder (commands.py refresh_target) for dbt's
partial-parse state, logs and results: some 10 MB at national scale. Tests
and the benchmark refresh warehouses in temporary folders, so the folders of
warehouses long gone piled up (173 MB in an afternoon). Each folder records
which build file it is for; a refresh removes the folders whose warehouse
folder no longer exists.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

RECORD = "warehouse.txt"  # the build file a target folder serves
PREFIX = "refresh-"
UNRECORDED_DAYS = 7  # folders made before the record existed: removed once this old


def record_warehouse(target: Path, build_warehouse: Path) -> None:
    """Note in `target` which build file it serves (once)."""
    record = target / RECORD
    if not record.exists():
        record.write_text(str(build_warehouse.resolve()) + "\n", encoding="utf-8")


def prune_targets(parent: Path, keep: Path) -> list[Path]:
    """Remove the refresh folders in `parent` (but `keep`) whose warehouse folder is gone; returns them."""
    removed = []
    for folder in sorted(parent.glob(PREFIX + "*")):
        if folder == keep or not folder.is_dir() or not _orphaned(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _orphaned(folder: Path) -> bool:
    record = folder / RECORD
    if record.exists():
        return not Path(record.read_text(encoding="utf-8").strip()).parent.exists()
    return time.time() - folder.stat().st_mtime > UNRECORDED_DAYS * 86400
