"""`landing/label_mappings.csv`: an analyst's own label → code mappings, checked row by row.

Columns `raw_label, table_kind, code, item` (item may be empty). A row naming
an unknown table kind or a code the contract does not have for that kind is
not taken: it becomes a problem with the file, its line and the reason, and
the other rows still count.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipelines.extract.vocabulary.entries import RECORD_TYPES, Entry, MappingProblem

REQUIRED = ("raw_label", "table_kind", "code")


def read_mappings(path: Path, seeds_dir: Path) -> tuple[list[Entry], list[MappingProblem]]:
    if not path.is_file():
        return [], []
    codes = _codes(seeds_dir)
    entries: list[Entry] = []
    problems: list[MappingProblem] = []
    name = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", errors="replace")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return [], []
    header = [column.strip().lower() for column in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        reason = f"missing column(s) {', '.join(missing)}; expected raw_label,table_kind,code,item"
        return [], [MappingProblem(path.name, 1, reason, ",".join(rows[0]))]
    for number, values in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in values):
            continue
        row = dict(zip(header, (value.strip() for value in values), strict=False))
        reason = _problem(row, codes)
        if reason:
            problems.append(MappingProblem(path.name, number, reason, ",".join(values)))
            continue
        entries.append(
            Entry(
                row["table_kind"],
                row["raw_label"],
                row["code"],
                row.get("item", "") or "",
                source=f"{name}:{number}",
            )
        )
    return entries, problems


def _problem(row: dict[str, str], codes: dict[str, set[str]]) -> str | None:
    for column in REQUIRED:
        if not row.get(column):
            return f"{column} is empty"
    kind = row["table_kind"]
    if kind not in RECORD_TYPES:
        return f"unknown table_kind {kind!r} (one of {', '.join(sorted(RECORD_TYPES))})"
    record_type = RECORD_TYPES[kind]
    if row["code"] not in codes.get(record_type, set()):
        return f"unknown code {row['code']!r} for {record_type} (seeds/codes.csv)"
    return None


def _codes(seeds_dir: Path) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    with (seeds_dir / "codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            codes.setdefault(row["record_type"], set()).add(row["code"])
    return codes
