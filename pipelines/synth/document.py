"""A generated document before it is printed: prose and tables whose every figure carries its fact.

Layouts (`layouts/`) print the same document in different ways; the facts travel
with the cells, so the truth is exactly what was printed, whatever the layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.extract.model import ExtractedFact as Fact


def fact(record_type: str, federation_id: str, fiscal_year: int, scenario: str, code: str, item: str,
         value: int, unit: str, raw_label: str) -> Fact:  # fmt: skip
    """A contract fact without its source yet: the layout knows the file and the line."""
    key = (record_type, federation_id, fiscal_year, scenario, code, item)
    return Fact(*key, Decimal(value), unit, raw_label, source_file="", source_line="", status="verified")


@dataclass(frozen=True)
class Cell:
    """One printed figure: `printed` in kronor (money), a count or a percent, with the sign printed."""

    printed: int
    unit: str  # sek | count | pct
    fact: Fact | None = None


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell | None, ...] = ()  # None: an empty cell
    child: bool = False  # printed under its group total, with a dash
    note: str = ""  # note reference printed before the figures

    @property
    def heading(self) -> bool:
        return not self.cells


@dataclass(frozen=True)
class Table:
    kind: str  # plan | overview | costs | income | balance | cashflow | drift | gender | age | exits
    title: str
    columns: tuple[str, ...]  # column headings (`Budget 2024`, `2025`)
    rows: tuple[Row, ...]
    corner: str = ""  # the header's first cell (`Belopp i tkr`, `KÖN`)
    notes: bool = False  # a `Not` column before the figures
    extra: str = ""  # a column printed but not read (`Procent`), filled from `percent` of the first cell


@dataclass(frozen=True)
class Prose:
    """Running text; `facts` pairs a line number within `lines` with the fact it states."""

    lines: tuple[str, ...]
    facts: tuple[tuple[int, Fact], ...] = ()


Block = Table | Prose


@dataclass(frozen=True)
class Document:
    stem: str  # file name without suffix
    kind: str  # verksamhetsplan | arsredovisning
    federation_id: str
    year: int
    date: str  # ISO adoption or signing date
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def facts(self) -> list[Fact]:
        found: list[Fact] = []
        for block in self.blocks:
            if isinstance(block, Table):
                found += [cell.fact for row in block.rows for cell in row.cells if cell and cell.fact]
            else:
                found += [fact for _, fact in block.facts]
        return found


def money(value: int, fact: Fact | None = None) -> Cell:
    return Cell(value, "sek", fact)
