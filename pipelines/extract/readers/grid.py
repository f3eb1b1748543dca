"""A grid of cells (a worksheet, a Word table) as the lines the table finder reads as a tab table.

Spreadsheet and Word readers hand over rows of cells aligned to the grid's
columns. They become tab-separated lines, which the finder reads cell by
cell with empty cells kept (a tab table, as in markdown): that keeps a figure
under its heading even when the cell before it is empty. (Cells numbered by
their column, as `Line.cells`, would be placed by that number as well.)

What a person sees in a grid is shaped the way the finder expects a table:
- spacer columns (empty in every row of two or more cells) are left out;
- the columns left of the first figure hold the label, joined into one cell,
  so the figures stay under their headings; a label indented (by a column,
  or by the cell's indent) is a part of the total above, and is handed over
  with the dash a text layout prints for that (`- Revision`);
- a heading merged across columns (`Budget` over `2026` and `2027`) is
  repeated over each, and a heading row of scenario words above a row of
  years is one header (`Budget 2026`);
- a grid after the first starts with a numbered heading line (`2. Blad
  «Budget 2027»`, `3. Tabell`), which ends the table before it: a tab table
  otherwise runs on until prose, and the next grid's header would be read as
  one of its rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.model import Line
from pipelines.extract.tables.header import column_of_heading
from pipelines.extract.tables.numbers import parse_value

_MARKED = re.compile(r"^(?:[-–—•·*»]\s*|varav\s|därav\s)", re.IGNORECASE)  # already printed as a part


@dataclass(frozen=True)
class GridCell:
    text: str
    spanned: bool = False  # covered by a cell merged from the left (its text is in that cell)
    indented: bool = False  # the cell's text is indented (a part of the total above)


@dataclass(frozen=True)
class GridRow:
    ref: str
    cells: tuple[GridCell, ...]

    @property
    def filled(self) -> int:
        return sum(1 for cell in self.cells if cell.text)


def grid_lines(rows: list[GridRow], first_index: int, boundary: tuple[str, str] | None = None) -> list[Line]:
    """`boundary`: the (ref, text) of a heading line to open the grid with, ending any table before it."""
    lines: list[Line] = []
    if boundary is not None:
        lines.append(Line(first_index, boundary[0], boundary[1]))
    rows = _shaped(_without_spacers([_normalised(row) for row in rows]))
    for row in rows:
        texts = [cell.text for cell in row.cells]
        while texts and not texts[-1]:
            texts.pop()
        filled = [text for text in texts if text]
        text = filled[0] if len(filled) == 1 else "\t".join(texts)
        lines.append(Line(first_index + len(lines), row.ref, text))
    return lines


def _normalised(row: GridRow) -> GridRow:
    return GridRow(
        row.ref,
        tuple(
            GridCell(" ".join(cell.text.split()), cell.spanned, cell.indented or cell.text[:1] == " ")
            for cell in row.cells
        ),
    )


def _without_spacers(rows: list[GridRow]) -> list[GridRow]:
    width = max((len(row.cells) for row in rows), default=0)
    used = [any(_text(row, column) for row in rows if row.filled >= 2) for column in range(width)]
    kept = [column for column in range(width) if used[column]]
    return [_columns(row, kept) if row.filled >= 2 else row for row in rows]


def _shaped(rows: list[GridRow]) -> list[GridRow]:
    first = _first_figure_column(rows)
    shaped: list[GridRow] = []
    for row in rows:
        if row.filled >= 2 and first:
            row = GridRow(row.ref, (_label(row.cells[:first]), *row.cells[first:]))
        if shaped and _stacks(shaped[-1], row):
            shaped[-1] = _stacked(shaped[-1], row)
            continue
        shaped.append(row)
    return shaped


def _label(cells: tuple[GridCell, ...]) -> GridCell:
    """The label columns as one cell; indented (a later column, or an indented cell), marked as a part."""
    filled = [(index, cell) for index, cell in enumerate(cells) if cell.text]
    label = " ".join(cell.text for _, cell in filled)
    if filled and (filled[0][0] > 0 or filled[0][1].indented) and not _MARKED.match(label):
        label = f"- {label}"
    return GridCell(label)


def _first_figure_column(rows: list[GridRow]) -> int:
    columns = [
        index
        for row in rows
        if row.filled >= 2
        for index, cell in enumerate(row.cells)
        if cell.text and parse_value(cell.text) is not None
    ]
    return min(columns, default=0)


def _stacks(upper: GridRow, lower: GridRow) -> bool:
    """Scenario words alone over a row of years alone: one header printed on two rows."""
    if upper.filled < 2 or lower.filled < 2:
        return False
    above = [cell.text for cell in _spread(upper).cells[1:] if cell.text]
    below = [cell.text for cell in lower.cells[1:] if cell.text]
    return (
        bool(above)
        and all(_heading(text).scenario and _heading(text).year is None for text in above)
        and all(_year(text) for text in below)
    )


def _stacked(upper: GridRow, lower: GridRow) -> GridRow:
    spread = _spread(upper).cells
    width = max(len(spread), len(lower.cells))
    cells = []
    for index in range(width):
        top = spread[index].text if index < len(spread) else ""
        bottom = lower.cells[index].text if index < len(lower.cells) else ""
        cells.append(GridCell(f"{top} {bottom}".strip()))
    return GridRow(upper.ref, tuple(cells))


def _spread(row: GridRow) -> GridRow:
    """A heading merged across columns, repeated over each of them."""
    cells: list[GridCell] = []
    for cell in row.cells:
        cells.append(GridCell(cells[-1].text) if cell.spanned and cells else cell)
    return GridRow(row.ref, tuple(cells))


def _heading(text: str):
    return column_of_heading(text)


def _year(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", text))


def _text(row: GridRow, column: int) -> str:
    return row.cells[column].text if column < len(row.cells) else ""


def _columns(row: GridRow, kept: list[int]) -> GridRow:
    return GridRow(row.ref, tuple(row.cells[c] if c < len(row.cells) else GridCell("") for c in kept))
