"""One table section in, its rows out: each row's label, code and a figure per column.

Two layouts give the same rows. In a clean text layer a row carries its figures
(`Verksamhetens intakter 1 4052 3998`). In OCR text the labels often come in one
block and each column's figures in a later block under their own header
(`Utfall` / `2024`); those blocks are paired with the labels by arithmetic
(report_pairing), and a figure whose row the arithmetic cannot fix is marked
uncertain, or left out and reported when unreadable figures sit among its
neighbours.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import product

from pipelines.extract.model import Line, UnreadRegion
from pipelines.extract.report_arithmetic import links_for, score_rows
from pipelines.extract.report_blocks import pair_figures, read_labels
from pipelines.extract.report_cells import Cell, Split, chunk_cells, split_cells
from pipelines.extract.report_columns import ColumnHeader, columns_of
from pipelines.extract.report_layout import Item, Section, Segment, continues, is_dashed, segments, undashed
from pipelines.extract.report_rows import Figure, Row, Table, code_rows, slots_for
from pipelines.extract.report_vocabulary import identities

_MAX_COMBINATIONS = 4096
_ALIGN_TOLERANCE = 6
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def read_table(
    section: Section,
    fiscal_year: int | None,
    members: dict[str, tuple[str, str]],
    known: dict[tuple[str, int], Decimal] | None = None,
    notes: dict[int, str] | None = None,
) -> Table:
    """The rows of one section, coded, with their figures (paired by arithmetic where printed apart).

    `members`: folded member name → (member_id, type). `known`: outcome figures already read from
    other statements, (code, year) → kronor; a row printing the same quantity is pinned by them
    when figures are paired. `notes`: note number → note title, for figure lines with `Not N`.
    """
    grouped = segments(section.items)
    blocks = [segment for segment in grouped if segment.kind == "block"]
    year = _title_year(section, fiscal_year)
    table = Table(section.kind, section.title, [], [])
    if blocks:
        read_labels(table, grouped, year)
    else:
        _read_inline(table, grouped, year)
    code_rows(table.kind, table.rows, members)
    _resolve_readings(table)
    if blocks and table.rows:
        pair_figures(table, blocks, year, known or {}, notes or {})
    table.unread.extend(
        UnreadRegion(row.line.ref, row.line.ref, f"{row.label}: a sub-row with figures but no known meaning")
        for row in table.rows
        if row.child and not row.code and any(figure.cell.value for figure in row.figures.values())
    )
    return table


def _title_year(section: Section, fiscal_year: int | None) -> int | None:
    """A year printed in the title or the lines above the first figures (`… kostnader 2025`)."""
    for item in section.items:
        if item.kind in ("values", "header"):
            break
        found = _YEAR.findall(item.line.text)
        if len(found) == 1:
            return int(found[0])
    found = _YEAR.findall(section.title.text)
    return int(found[0]) if len(found) == 1 else fiscal_year


def _read_inline(table: Table, grouped: list[Segment], year: int | None) -> None:
    """Rows that carry their figures, each split by the latest header's columns. A label line
    continues the row below it (`Generella statsbidrag och` / `utjämning - -`) or above it
    (`Utgående eget 1973 …` / `kapital`)."""
    header: ColumnHeader | None = None
    waiting: Item | None = None  # a label line that may start the next row's label
    for segment in grouped:
        item = segment.item
        if segment.kind == "header":
            header = columns_of(segment.headers, year) or header
            if header:
                table.columns, table.unit_hint = list(header.columns), header.unit or table.unit_hint
        elif segment.kind == "label":
            text = item.line.text.strip()
            if table.rows and waiting is None and continues(text, table.rows[-1].label):
                table.rows[-1].label += " " + text
            else:
                waiting = item
        elif segment.kind == "row" and header is not None:
            label = item.row.label
            if waiting is not None and continues(label, waiting.line.text):
                label = undashed(waiting.line.text) + " " + label
            row = Row(label, item.line, child=is_dashed(item.line.text))
            _fill_inline(table, row, item, header)
            table.rows.append(row)
            waiting = None
        else:
            waiting = None


def _fill_inline(table: Table, row: Row, item: Item, header: ColumnHeader) -> None:
    note = "required" if item.row.note_marked else "optional" if header.note else "never"
    split = split_cells(item.row.figures, len(header.columns), note, item.row.wide)
    if split is None and any(item.row.wide) and header.positions:
        placed = _aligned(item, header.positions)
        if placed is not None:
            row.figures = {index: Figure(cell, item.line) for index, cell in placed.items()}
            return
    if split is None:
        table.unread.append(
            UnreadRegion(item.line.ref, item.line.ref, f"{row.label}: figures do not split into columns")
        )
        row.unreadable = True
        return
    row.readings = split.alternatives
    _fill_split(row, split, item.line, certain=not split.ambiguous)


def _aligned(item: Item, positions: dict[int, int]) -> dict[int, Cell] | None:
    """A layout row with empty cells: each figure goes to the column whose year ends nearest above it."""
    cells = chunk_cells(item.row)
    if not cells:
        return None
    placed: dict[int, Cell] = {}
    for cell, end in cells:
        column, distance = min(((c, abs(end - e)) for c, e in positions.items()), key=lambda pair: pair[1])
        if distance > _ALIGN_TOLERANCE or column in placed or any(c > column for c in placed):
            return None
        placed[column] = cell
    return placed


def _fill_split(row: Row, split: Split, line: Line, certain: bool) -> None:
    remark = None if certain else "the figures can be split into columns more than one way"
    row.figures = {index: Figure(cell, line, certain, remark) for index, cell in enumerate(split.cells)}


def _resolve_readings(table: Table) -> None:
    """Rows whose figures split several ways take, together, the readings the table's arithmetic
    supports best; a row is certain only when every best combination reads it the same way."""
    doubtful = [index for index, row in enumerate(table.rows) if row.readings]
    if not doubtful:
        return
    combinations = 1
    for index in doubtful:
        combinations *= len(table.rows[index].readings)
    if combinations > _MAX_COMBINATIONS:
        return
    slots = slots_for(table.kind, table.rows)
    links = links_for(slots, identities())
    values = [_values(row, len(table.columns)) for row in table.rows]
    scored = []
    for combination in product(*(table.rows[index].readings for index in doubtful)):
        for index, reading in zip(doubtful, combination, strict=False):
            values[index] = tuple(cell.value for cell in reading.cells)
        scored.append((score_rows(slots, links, values), combination))
    best = max(score for score, _ in scored)
    winners = [combination for score, combination in scored if score == best]
    for position, index in enumerate(doubtful):
        row = table.rows[index]
        readings = {id(combination[position]) for combination in winners}
        line = next(iter(row.figures.values())).line if row.figures else row.line
        _fill_split(row, winners[0][position], line, certain=len(readings) == 1)


def _values(row: Row, width: int) -> tuple | None:
    if not row.figures:
        return None
    return tuple(row.figures[i].cell.value if i in row.figures else None for i in range(width))
