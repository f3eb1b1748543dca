"""Workbooks as federations keep budgets in Excel, written with XlsxWriter (the reader uses openpyxl).

Two layouts:
- `xlsx`: one sheet per table, every year a column: a merged title row, a unit
  row, parts' labels indented by the cell format, a blank spacer column
  between labels and figures, a comment column,
  totals as `=SUM(...)` formulas saved with their values, every seventh figure
  stored as text (`1 250`), percentages as fractions formatted `0 %`;
- `xlsx_years`: one sheet per table and column (`Budget 2026`, `Plan 2027`), a
  label and one figure a row, labels of parts indented by a column.

The document's title lines open the first sheet; other prose is not printed
(a workbook has none), so its facts are not in the truth either.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.synth.document import Cell, Document, Prose, Table
from pipelines.synth.layouts.common import Printed, without_clock

TEXT_EVERY = 7  # every seventh money figure is stored as text, as pasted figures are
TITLE_LINES = 3


@dataclass
class Sheet:
    name: str
    rows: list[list[object]] = field(default_factory=list)  # str, int, float, or Formula
    title_row: int = 0  # merged across the table's width
    facts: list[tuple[int, list]] = field(default_factory=list)  # row index, facts printed on it


@dataclass(frozen=True)
class Formula:
    formula: str
    value: int


@dataclass
class Workbook(Printed):
    sheets: list[Sheet] = field(default_factory=list)


class WorkbookLayout:
    SUFFIX = ".xlsx"

    def __init__(self, name: str, sheet_per_column: bool):
        self.NAME = name
        self.sheet_per_column = sheet_per_column

    def render(self, document: Document, rng: random.Random) -> Workbook:
        book = Workbook()
        titles = _prose_lines(document)[:TITLE_LINES]
        tables = [block for block in document.blocks if isinstance(block, Table)]
        for table in tables:
            columns = range(len(table.columns))
            groups = [[index] for index in columns] if self.sheet_per_column else [list(columns)]
            for group in groups:
                name = _sheet_name(table, group, book)
                sheet = Sheet(name)
                sheet.rows.append([f"{table.title or name}"])
                _table_rows(sheet, table, group, indent=self.sheet_per_column)
                book.sheets.append(sheet)
        if book.sheets:
            first = book.sheets[0]
            first.rows[:0] = [[line] for line in titles] + [[]]
            first.title_row = len(titles) + 1
            first.facts = [(row + len(titles) + 1, facts) for row, facts in first.facts]
        for sheet in book.sheets:
            for row, facts in sheet.facts:
                book.facts.extend((_line_of(book, sheet, row), fact) for fact in facts)
        return book

    def write(self, printed: Workbook, path: Path) -> list[str]:
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(path))
        workbook.set_properties({"created": datetime(2000, 1, 1)})
        formats = {
            "percent": workbook.add_format({"num_format": "0 %"}),
            "title": workbook.add_format({"bold": True}),
            "part": workbook.add_format({"indent": 1}),
        }
        refs: list[str] = []
        single = len(printed.sheets) == 1
        for sheet in printed.sheets:
            worksheet = workbook.add_worksheet(sheet.name)
            for row_index, row in enumerate(sheet.rows):
                for column, value in enumerate(row):
                    _write(worksheet, row_index, column, value, formats)
                refs.append(str(row_index + 1) if single else f"{sheet.name}!{row_index + 1}")
            title = sheet.rows[sheet.title_row][0]
            worksheet.merge_range(sheet.title_row, 0, sheet.title_row, 4, title, formats["title"])
        workbook.close()
        without_clock(path)
        return refs


def _prose_lines(document: Document) -> list[str]:
    first = next((block for block in document.blocks if isinstance(block, Prose)), None)
    return [line for line in first.lines if line.strip()] if first else []


def _sheet_name(table: Table, group: list[int], book: Workbook) -> str:
    base = table.columns[group[0]] if len(group) == 1 else (table.title or "Tabell")
    base = "".join(char for char in base if char not in "[]:*?/\\")[:28] or "Tabell"
    if len(group) == 1 and table.title and sum(1 for s in book.sheets if s.name.startswith(base)):
        base = f"{base[:20]} {len(book.sheets) + 1}"
    taken = {sheet.name for sheet in book.sheets}
    name, number = base, 2
    while name in taken:
        name, number = f"{base[:26]} {number}", number + 1
    return name


def _table_rows(sheet: Sheet, table: Table, group: list[int], indent: bool) -> None:
    """The unit row, the header, then one row per table row. Columns: label (and an indent column),
    a blank spacer, the figures, a comment."""
    label_columns = 2 if indent else 1
    sheet.rows.append(["Belopp i tkr" if _money(table) else ""])
    header = [table.corner or "Post"] + [""] * (label_columns - 1) + [""]
    header += [table.columns[index] for index in group] + (["Kommentar"] if not indent else [])
    sheet.rows.append(header)
    first_row = len(sheet.rows)
    count = 0
    for row_number, row in enumerate(table.rows):
        if indent and row.child:
            label: list[object] = ["", row.label]  # one column in
        else:
            label = [("part", row.label) if row.child else row.label, ""]  # indented by the cell format
        line: list[object] = label[:label_columns] + [""]
        if row.heading:
            sheet.rows.append(line[:1] if not indent or not row.child else line)
            continue
        cells = [row.cells[index] if index < len(row.cells) else None for index in group]
        for offset, cell in enumerate(cells):
            count += cell is not None and cell.unit == "sek"
            line.append(_value(cell, count, table, row_number, first_row, label_columns + 1 + offset))
        if not indent:
            line.append("ändrad" if row_number % 5 == 3 else "")
        sheet.facts.append((len(sheet.rows), [c.fact for c in cells if c is not None and c.fact]))
        sheet.rows.append(line)


def _money(table: Table) -> bool:
    return any(cell is not None and cell.unit == "sek" for row in table.rows for cell in row.cells)


def _value(cell: Cell | None, count: int, table: Table, row_number: int, first_row: int, column: int):
    if cell is None:
        return ""
    if cell.unit == "pct":
        return ("percent", cell.printed / 100)
    if cell.unit != "sek":
        return cell.printed
    value = cell.printed // 1000
    parts = _parts_of(table, row_number)
    if parts:
        letter = chr(ord("A") + column)
        cells = ",".join(f"{letter}{first_row + index + 1}" for index in parts)
        return Formula(f"=SUM({cells})", value)
    if count % TEXT_EVERY == 0:
        return f"{value:,}".replace(",", " ") if value >= 0 else f"({abs(value):,})".replace(",", " ")
    return value


def _parts_of(table: Table, row_number: int) -> list[int]:
    """A total printed next to its parts (the child rows right above or right below it) that add up
    to it in every column: summed by a formula."""
    row = table.rows[row_number]
    if row.child or row.heading:
        return []
    for step in (-1, 1):
        parts = []
        index = row_number + step
        while 0 <= index < len(table.rows) and table.rows[index].child:
            parts.append(index)
            index += step
        if parts and _adds_up(table, row, sorted(parts)):
            return sorted(parts)
    return []


def _adds_up(table: Table, row, parts: list[int]) -> bool:
    for column, cell in enumerate(row.cells):
        children = [table.rows[i].cells[column] if column < len(table.rows[i].cells) else None for i in parts]
        if cell is None or cell.unit != "sek" or any(c is None or c.unit != "sek" for c in children):
            return False
        if sum(c.printed // 1000 for c in children) != cell.printed // 1000:
            return False
    return True


def _write(worksheet, row: int, column: int, value, formats) -> None:
    if isinstance(value, Formula):
        worksheet.write_formula(row, column, value.formula, None, value.value)
    elif isinstance(value, tuple) and isinstance(value[1], str):
        worksheet.write_string(row, column, value[1], formats[value[0]])
    elif isinstance(value, tuple):
        worksheet.write_number(row, column, value[1], formats[value[0]])
    elif isinstance(value, str):
        if value:
            worksheet.write_string(row, column, value)
    else:
        worksheet.write_number(row, column, value)


def _line_of(book: Workbook, sheet: Sheet, row: int) -> int:
    before = sum(len(other.rows) for other in book.sheets[: book.sheets.index(sheet)])
    return before + row


XLSX = WorkbookLayout("xlsx", sheet_per_column=False)
XLSX_YEARS = WorkbookLayout("xlsx_years", sheet_per_column=True)
