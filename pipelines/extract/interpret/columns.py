"""Which year and scenario each column's figures belong to, and every reading of a row's figures.

A column heading says it (`Budget 2025`, `Utfall 2024`, `2024-12-31`); a bare
year takes its scenario from the document: an annual report's years are
outcomes, a plan's first year is its budget and later years are plan (an
earlier bare year in a plan may be an outcome or an old budget: not read). A
forecast (`Prognos`) is none of the contract's scenarios and is not read;
deviation, share and note columns hold no facts.

A row's figures are read into one value per column: cell by cell on tab and
pipe tables, else by every grouping of its digit atoms into as many values
as there are columns (`numbers.readings`), a note reference printed without
a note column dropped, a missing note left empty, percentages only in share
columns. When the count does not fit, the figures' x positions place them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.model import Document
from pipelines.extract.tables.header import Column, Header
from pipelines.extract.tables.numbers import Value, atoms_of, parse_value, readings
from pipelines.extract.tables.table import Row

Reading = tuple[Value | None, ...]


@dataclass(frozen=True)
class Target:
    """Where a column's figures go."""

    year: int
    scenario: str  # budget | plan | outcome


def target_of(column: Column, document: Document, caption_year: int | None = None) -> Target | None:
    if column.role != "value" or column.scenario == "forecast":
        return None
    year = column.year or caption_year or document.fiscal_year
    if year is None:
        return None
    report = document.kind == "arsredovisning"
    if column.dated:
        return Target(year, "outcome")
    if column.scenario is not None:
        return Target(year, column.scenario)
    if report:
        return (
            Target(year, "outcome") if document.fiscal_year is None or year <= document.fiscal_year else None
        )
    plan_year = document.fiscal_year or year
    if column.year is None:
        return Target(year, "budget")
    if year == plan_year:
        return Target(year, "budget")
    return Target(year, "plan") if year > plan_year else None


def caption_year(text: str, document: Document) -> int | None:
    """A year the caption or corner names (`Inskrivna deltagare 2024 efter kön`), when it names one."""
    years = {int(y) for y in re.findall(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)", text)}
    if len(years) == 1:
        return years.pop()
    return document.fiscal_year if not years else None


def row_readings(row: Row, header: Header | None) -> list[Reading]:
    """Every reading of the row's figures with one value (or None) per header column."""
    if header is None:
        atoms = atoms_of("  ".join(cell.text for cell in row.cells if cell.text))
        return [tuple(reading) for reading in readings(atoms, len(atoms))] if atoms else []
    columns = header.columns
    if row.columnar:
        return _cellwise(row, columns)
    atoms = atoms_of("  ".join(cell.text for cell in row.cells if cell.text))
    if not atoms:
        return []
    placed = _under_one_column_each(row, columns) if header.aligned else []
    if placed:
        return placed
    found = _fitting(atoms, columns, relaxed=False) or _fitting(atoms, columns, relaxed=True)
    if not found:
        found = _by_position(row, columns) if header.aligned else []
    return found


def _cellwise(row: Row, columns: tuple[Column, ...]) -> list[Reading]:
    """Each cell under the heading of its own grid column. A reader that leaves empty cells out (a
    spreadsheet's `Revision | | 60 | 70`) still numbers the others by their column, so a figure is
    placed by that number; only when a cell stands under no heading are the cells taken in order."""
    cells = _by_column(row, columns) or list(row.cells[: len(columns)])
    cells += [None] * (len(columns) - len(cells))
    values = [parse_value(cell.text) if cell is not None and cell.text else None for cell in cells]
    if not any(values) and any(cell.text for cell in row.cells):
        return []
    return [tuple(values)]


def _by_column(row: Row, columns: tuple[Column, ...]) -> list | None:
    """The cells by grid column number (x0, one wide), or None when they carry no such numbers (a row
    rebuilt from blocks) or one stands where no heading does."""
    position = {column.x0: index for index, column in enumerate(columns) if column.x1 == column.x0 + 1}
    placed: list = [None] * len(columns)
    for cell in row.cells:
        if not cell.text:
            continue
        index = position.get(cell.x0) if cell.x1 == cell.x0 + 1 else None
        if index is None or placed[index] is not None:
            return None
        placed[index] = cell
    return placed


def _fitting(atoms, columns: tuple[Column, ...], relaxed: bool) -> list[Reading]:
    """Readings with a value per column; with a note column, readings that leave it empty come first
    (most rows carry no note), and the arithmetic chooses between them."""
    notes = [index for index, column in enumerate(columns) if column.role == "note"]
    found: list[Reading] = []
    if notes:
        others = tuple(column for column in columns if column.role != "note")
        for reading in readings(atoms, len(others), relaxed):
            if _fits(reading, others):
                found.append(_with_empty(reading, notes))
    for reading in readings(atoms, len(columns), relaxed):
        if _fits(reading, columns) and reading not in found:
            found.append(reading)
    if not notes and not found:  # a note printed without a note column: a small whole number first
        for reading in readings(atoms, len(columns) + 1, relaxed):
            first = reading[0]
            if (
                first is not None
                and first.unit is None
                and _note_number(first)
                and _fits(reading[1:], columns)
            ):
                found.append(reading[1:])
    return found


def _note_number(value: Value) -> bool:
    return (
        value.amount == value.amount.to_integral_value() and 0 < value.amount <= 30 and "-" not in value.text
    )


def _fits(reading: Reading, columns: tuple[Column, ...]) -> bool:
    """Percentages stand in share columns, other figures elsewhere; a row of percentages only (`Soliditet
    85% 79%`) is a percentage row and fits value columns."""
    values = [value for value in reading if value is not None and value.text != "-"]
    if values and all(value.is_percent for value in values) and not any(c.role == "share" for c in columns):
        return True
    for value, column in zip(reading, columns, strict=True):
        if value is None:
            continue
        if column.role == "share" and value.unit not in ("%", None):
            return False
        if column.role != "share" and value.is_percent and column.unit != "%":
            return False
        if column.role == "note" and not _note_number(value):
            return False
    return True


def _with_empty(reading: Reading, notes: list[int]) -> Reading:
    values = list(reading)
    for index in notes:
        values.insert(index, None)
    return tuple(values)


def _under_one_column_each(row: Row, columns: tuple[Column, ...]) -> list[Reading]:
    """A laid-out row with fewer cells than columns, each cell under exactly one column: `1 152` alone
    under `Utfall 2024` is one figure there, not `1` and `152` (a cell reaching under two columns is
    two figures printed too close, and is left to the readings)."""
    cells = [cell for cell in row.cells if cell.text]
    if not cells or len(cells) >= len([c for c in columns if c.role != "note"]) or not _laid_out(columns):
        return []
    for cell in cells:
        under = [c for c in columns if min(c.x1, cell.x1) - max(c.x0, cell.x0) > 0]
        if len(under) != 1:
            return []
    return _by_position(row, columns)


def _laid_out(columns: tuple[Column, ...]) -> bool:
    return all(column.x1 > column.x0 for column in columns) and not any(
        right.x0 - left.x1 < 2 for left, right in zip(columns, columns[1:], strict=False)
    )


def _by_position(row: Row, columns: tuple[Column, ...]) -> list[Reading]:
    """Each printed cell under the column it overlaps most; one figure per cell. Only under a header laid
    out in columns (`Budget 2031 Plan 2032` typed with single spaces places nothing)."""
    if not _laid_out(columns):
        return []
    values: list[Value | None] = [None] * len(columns)
    for cell in row.cells:
        if not cell.text:
            continue
        value = parse_value(cell.text)
        if value is None:
            return []
        overlaps = [
            (min(c.x1, cell.x1) - max(c.x0, cell.x0), -abs(c.x1 - cell.x1), i) for i, c in enumerate(columns)
        ]
        best = max(overlaps)
        if best[0] <= -4 or values[best[2]] is not None:
            return []
        values[best[2]] = value
    return [tuple(values)]
