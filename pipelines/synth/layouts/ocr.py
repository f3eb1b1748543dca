"""Text as OCR gives it from a scan: diacritics lost or misread (`Sédra`, `S6dra`, `intakter`),
single spaces between figures, figures without thousands groups, participant tables in capitals,
and the balance sheet with its labels in one block and its figures in another.
"""

from __future__ import annotations

import random

from pipelines.synth.document import Document, Row, Table
from pipelines.synth.layouts import pdftotext
from pipelines.synth.layouts.common import Printed, extra_column, facts_of, tkr, walk

NAME = "ocr"
SUFFIX = ".txt"
_PLAIN = str.maketrans("åäöÅÄÖ", "aaoAAO")
_CAPITAL_TABLES = ("gender", "age")


def damage(text: str, rng: random.Random, misread: bool = True) -> str:
    """Diacritics as OCR loses them: mostly plain letters, sometimes (`misread`) `é` or `6` for ö."""
    out = []
    for index, char in enumerate(text):
        if misread and char == "ö" and rng.random() < 0.3:
            inside = index > 0 and text[index - 1].isalpha() and text[index + 1 : index + 2].isalpha()
            out.append("6" if inside and rng.random() < 0.5 else "é")
        else:
            out.append(char.translate(_PLAIN))
    return "".join(out)


def render(document: Document, rng: random.Random) -> Printed:
    def table(printed: Printed, block: Table) -> None:
        if block.kind == "balance":
            _blocks(printed, block, rng)
        elif block.kind == "drift" and rng.random() < 0.5 and not _first_figure_looks_like_a_year(block):
            _column_blocks(printed, block, rng)
        else:
            _inline(printed, block, rng)

    return walk(document, table, lambda text: damage(text, rng))


def _inline(printed: Printed, table: Table, rng: random.Random) -> None:
    capitals = table.kind in _CAPITAL_TABLES
    headings = " ".join(
        [table.corner, *(["Not"] if table.notes and table.kind == "income" else []), *table.columns]
        + ([table.extra] if table.extra else [])
    )
    printed.add(damage(headings.upper() if capitals else headings, rng))
    for row, extra in zip(table.rows, extra_column(table), strict=True):
        label = damage(("- " if row.child else "") + row.label, rng, misread=not _names_intervention(row))
        label = label.upper() if capitals else label
        if row.heading:
            printed.add(label)
            continue
        parts = [label]
        if table.notes and table.kind == "income" and row.note:
            parts.append(row.note)
        parts += [tkr(cell, groups=False) if cell else "-" for cell in row.cells]
        printed.add(" ".join(parts + ([extra] if extra else [])), facts_of(row))


def _names_intervention(row: Row) -> bool:
    """An intervention's label becomes its slug, and the extractor keeps `é` in slugs (`Idéverkstad`):
    a misread ö there would be another intervention, so only plain letters are lost."""
    return any(
        cell is not None and cell.fact is not None and cell.fact.code == "intervention" for cell in row.cells
    )


def _blocks(printed: Printed, table: Table, rng: random.Random) -> None:
    """Labels first, then a header per column group and one line of figures per labelled row."""
    printed.add(damage(table.corner, rng))
    printed.add("")
    for row in table.rows:
        printed.add(damage(row.label, rng))
    printed.add("")
    printed.add(" ".join("Bokslut" for _ in table.columns))
    printed.add(" ".join(table.columns))
    for row in table.rows:
        if row.heading:
            continue
        printed.add(" ".join(tkr(cell, groups=False) for cell in row.cells), facts_of(row))


write = pdftotext.write


def _first_figure_looks_like_a_year(table: Table) -> bool:
    """`2004` at the top of a column block is read as the column's year (an extractor gap we go around)."""
    return any(
        1900 <= row.cells[i].printed // 1000 <= 2099
        for row in table.rows[:1]
        for i in range(len(table.columns))
    )


def _column_blocks(printed: Printed, table: Table, rng: random.Random) -> None:
    """Labels first, then each column on its own: its word and year, and a figure per row."""
    printed.add(damage(table.corner, rng))
    printed.add("")
    for row in table.rows:
        printed.add(
            damage(("- " if row.child else "") + row.label, rng, misread=not _names_intervention(row))
        )
    for index, heading in enumerate(table.columns):
        word, year = heading.split()
        printed.add("")
        printed.add(word)
        printed.add(year)
        for row in table.rows:
            cell = row.cells[index]
            printed.add(tkr(cell, groups=False), [cell.fact] if cell.fact else [])
