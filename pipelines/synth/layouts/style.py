"""How a federation's documents happen to be typeset: what varies between real documents of one layout.

Real plans and reports of the same kind differ in how they print the same
figures and headers, whatever program made them:

- thousands grouped by a space, a no-break space or a dot (`1 416`, `1 416`, `1.416`);
- a minus as a hyphen, a real minus sign (`−`) or parentheses (`(246)`);
- the years left to right or newest first (`2025  2024`);
- the scenario word on the line above the year (`Budget` over `2026`);
- the same labels worded otherwise (`Styrelse` / `Styrelsen`, `Summa kostnader` / `Kostnader totalt`);
- a running header and a page number on every page, a page ending inside a table.

A style is drawn per document; the layouts print with it. The facts travel
with the cells, so the truth is what was printed whatever the style.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from pipelines.synth.document import Row, Table

PAGE_LINES = 56  # lines of content per printed page, running header and page number aside
# Other wordings budgets use for a line the generator writes (statements keep the wording LKBR sets).
WORDINGS = {
    "Styrelse": ("Styrelsen", "Styrelsekostnader"),
    "Kansli": ("Kansliet", "Kanslikostnader"),
    "Summa kostnader": ("Kostnader totalt", "Totala kostnader"),
    "Summa intäkter": ("Intäkter totalt", "Totala intäkter"),
    "Årets resultat": ("Resultat", "Budgeterat resultat"),
    "Finansiering från medlemmar": ("Bidrag från medlemmar", "Medlemsbidrag"),
}
REWORDED_TABLES = ("plan", "drift")


@dataclass(frozen=True)
class Style:
    group: str = " "  # thousands separator
    minus: str = "-"  # `-`, `−` or `()` for parentheses
    newest_first: bool = False
    stacked_header: bool = False  # scenario words on a line of their own above the years
    reworded: bool = False
    paged: bool = False  # running header and page number every PAGE_LINES lines

    def number(self, value: int) -> str:
        digits = f"{abs(value):,}".replace(",", self.group)
        if value >= 0:
            return digits
        return f"({digits})" if self.minus == "()" else f"{self.minus}{digits}"


PLAIN = Style()


def choose_style(rng: random.Random) -> Style:
    """Most documents print plainly; each variation is common enough to come up in a small landing."""
    return Style(
        group=rng.choices((" ", "\u00a0", "."), weights=(70, 20, 10))[0],
        minus=rng.choices(("-", "−", "()"), weights=(70, 20, 10))[0],
        newest_first=rng.random() < 0.2,
        stacked_header=rng.random() < 0.2,
        reworded=rng.random() < 0.3,
        paged=rng.random() < 0.3,
    )


def styled(table: Table, style: Style) -> Table:
    """The table as the style orders and words it (figures and their facts unchanged)."""
    rows = table.rows
    columns = table.columns
    if style.newest_first and len(columns) > 1 and _years_ascend(columns):
        columns = tuple(reversed(columns))
        rows = tuple(replace(row, cells=tuple(reversed(row.cells))) if row.cells else row for row in rows)
    if style.reworded and table.kind in REWORDED_TABLES:
        rows = tuple(_reworded(row) for row in rows)
    return replace(table, columns=columns, rows=rows)


def _years_ascend(columns: tuple[str, ...]) -> bool:
    years = [int(word) for column in columns for word in column.split() if word.isdigit() and len(word) == 4]
    return len(years) == len(columns) and years == sorted(years)


def _reworded(row: Row) -> Row:
    others = WORDINGS.get(row.label)
    if not others:
        return row
    label = others[sum(map(ord, row.label)) % len(others)]  # the same word for the same line everywhere
    return replace(
        row,
        label=label,
        cells=tuple(
            replace(cell, fact=replace(cell.fact, raw_label=label)) if cell and cell.fact else cell
            for cell in row.cells
        ),
    )


def stacked(corner: str, headings: list[str]) -> tuple[list[str], list[str]] | None:
    """`Budget 2026` over two lines: the words above, the years below; None when a heading has no year."""
    split = [heading.rsplit(" ", 1) for heading in headings]
    if not headings or any(len(parts) != 2 or not parts[1].isdigit() for parts in split):
        return None
    return [parts[0] for parts in split], [parts[1] for parts in split]
