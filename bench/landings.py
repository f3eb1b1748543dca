"""Landings the benchmark refreshes, cut from the generated national one: fewer federations, a year less.

The scaling runs refresh the first 20, 40 and 80 federations of one generated
landing (`federations.csv` and `members.csv` keep those federations' rows), so
the only thing that grows between them is the number of federations. The
one-year run refreshes the landing without its last fiscal year, then adds that
year's documents and participant export back, with the rows `documents.csv`
lists for them, as a federation's new annual report and plan arrive.

Files are hard links into the generated landing (nothing is copied), except the
CSV files whose rows are cut, which are written anew.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

REGISTRATIONS = ("federations.csv", "members.csv")
MANIFEST = "documents.csv"
_YEAR_IN_NAME = re.compile(r"[-_](\d{4})(?=[._-])")


def year_of(name: str) -> int | None:
    """The fiscal year a generated file is of: the last `-2025.` / `_2025_` in its name."""
    found = _YEAR_IN_NAME.findall(name)
    return int(found[-1]) if found else None


def federation_folders(source: Path) -> list[Path]:
    return sorted(path for path in source.iterdir() if path.is_dir())


def cut_landing(source: Path, target: Path, federations: int, without_year: int | None = None) -> Path:
    """`target` made (again) into the first `federations` of `source`, without `without_year`'s files."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    kept = federation_folders(source)[:federations]
    names = {folder.name for folder in kept}
    for registration in REGISTRATIONS:
        if (source / registration).exists():
            _write_rows(
                source / registration, target / registration, lambda row: row["federation_id"] in names
            )
    for folder in kept:
        (target / folder.name).mkdir()
        for path in sorted(folder.iterdir()):
            if path.name == MANIFEST:
                continue
            if without_year is None or year_of(path.name) != without_year:
                os.link(path, target / folder.name / path.name)
        if (folder / MANIFEST).exists():
            _write_rows(
                folder / MANIFEST,
                target / folder.name / MANIFEST,
                lambda row: without_year is None or year_of(row["source_file"]) != without_year,
            )
    return target


def _write_rows(source: Path, target: Path, keep) -> None:
    with source.open(encoding="utf-8", newline="") as read:
        reader = csv.DictReader(read)
        rows = [row for row in reader if keep(row)]
        with target.open("w", encoding="utf-8", newline="") as write:
            writer = csv.DictWriter(write, fieldnames=reader.fieldnames, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
