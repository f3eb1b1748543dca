"""A copy of the refreshed sample whose 2025 differs in one figure: what a refresh of one year changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

CHANGED_YEAR = 2025
EQUITY_BEFORE, EQUITY_AFTER = 1973000, 1983000  # Södra Lappland's equity 2025 (rpt_equity), +10 000 kr


def warehouse_with_changed_year(published: Path, folder: Path) -> Path:
    """The warehouse copied to `folder`, Södra Lappland's 2025 equity raised by 10 000 kr."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = folder / "changed.duckdb"
    shutil.copyfile(published, changed)
    with duckdb.connect(str(changed)) as connection:
        before = connection.execute(
            "update marts.rpt_equity set equity_sek = ? "
            "where federation_id = 'sodra_lappland' and fiscal_year = ? and equity_sek = ? returning 1",
            [EQUITY_AFTER, CHANGED_YEAR, EQUITY_BEFORE],
        ).fetchall()
    assert before == [(1,)], "the sample's equity 2025 is no longer 1 973 000 kr"
    return changed


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
