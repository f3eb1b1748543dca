"""The table model every reader's output is turned into, and every interpreter reads.

A table is a header (what each column holds), rows of (label, figures, source
line) in printed order, the unit it states, and the caption printed above
it. When OCR printed the labels in one block and each column's figures in a
later one, the table has label-only rows and one `ValueBlock` per column
group; the interpreter pairs them by the arithmetic the table must satisfy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.extract.model import Line
from pipelines.extract.tables.header import Header
from pipelines.extract.tables.rows import ValueCell


@dataclass
class Row:
    label: str  # as printed, part marks removed, a wrapped label joined
    printed_label: str
    line: Line  # the line that prints the figures (the label's line for a heading)
    cells: tuple[ValueCell, ...] = ()
    part_mark: bool = False  # `- X`, `• X`, `varav X`: a part of the total above
    indent: float = 0.0  # how far right of the table's leftmost label the label starts
    note: str | None = None
    columnar: bool = False
    label_lines: tuple[Line, ...] = ()  # the lines of a label printed over several lines
    cell_lines: tuple[Line | None, ...] = ()  # per column, where figures printed apart from the label stand
    uncertain: bool = (
        False  # figures placed on it by layout clues only (pipelines/extract/interpret/pairing.py)
    )
    unreadable: bool = False  # a figure placed on it could not be read

    @property
    def has_values(self) -> bool:
        """Figures are printed on the row (read or not: a figure OCR garbled is still a figure)."""
        return any(cell.text for cell in self.cells) or self.unreadable

    @property
    def heading(self) -> bool:
        return not self.has_values

    @property
    def raw_values(self) -> str:
        return "  ".join(cell.text for cell in self.cells if cell.text)


@dataclass
class ValueBlock:
    """Figures printed apart from their labels: value-only lines under their own header (or none)."""

    header: Header | None
    lines: list[Line] = field(default_factory=list)
    cells: list[tuple[ValueCell, ...] | None] = field(default_factory=list)  # per line; None: unreadable
    notes: list[str | None] = field(default_factory=list)  # `Not 5` printed before a line's figures
    blank_before: list[bool] = field(default_factory=list)


@dataclass
class Table:
    header: Header | None
    rows: list[Row] = field(default_factory=list)
    caption: list[Line] = field(default_factory=list)  # title, unit line: what is printed just above
    unit: str | None = None  # tkr | kr | mkr, as the table, its caption or its figures state
    unit_source: str = ""
    blocks: list[ValueBlock] = field(default_factory=list)
    columnar: bool = False

    @property
    def lines(self) -> list[Line]:
        found = [row.line for row in self.rows]
        for block in self.blocks:
            found += block.lines
        return found

    @property
    def first(self) -> Line:
        candidates = [*(self.header.lines if self.header else ()), *self.lines]
        return min(candidates, key=lambda line: line.index)

    @property
    def last(self) -> Line:
        candidates = [*(self.header.lines if self.header else ()), *self.lines]
        return max(candidates, key=lambda line: line.index)

    @property
    def caption_text(self) -> str:
        return " ".join(line.text.strip() for line in self.caption)

    @property
    def value_rows(self) -> list[Row]:
        return [row for row in self.rows if row.has_values]

    @property
    def has_value_rows(self) -> bool:
        """Whether a row prints figures (asked of a table while it is built, line by line)."""
        return any(row.has_values for row in self.rows)
