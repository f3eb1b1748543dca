"""Workbooks: every visible sheet, one line per row, cells as a person sees them (grid.py shapes them).

`.xlsx`/`.xlsm` are read with openpyxl: formulas as the values Excel saved
with them (a workbook saved by a program that does not calculate has none,
and is refused with what to do), numbers as their format shows them (`85 %`,
a `kr` suffix, thousands groups), merged title and heading cells, numbers
stored as text (`1 250`, `(300)`) as they are. `.xls` and `.ods` are read with
calamine (values only: a percentage shows as its fraction there).

`ref` is `Sheet!row` (`Budget 2026!12`, the row number Excel shows), or the
row number alone when the workbook has one sheet. A sheet after the first is
opened by a heading line `2. Blad «Budget 2026»` with ref `Budget 2026!0`.
Hidden sheets are not read: a person reading the workbook does not see them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from pipelines.extract.model import Line
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.grid import GridCell, GridRow, grid_lines
from pipelines.extract.readers.office import check_office_zip
from pipelines.foundation.file_kinds import OOXML_WORKBOOK_SUFFIXES

MAX_LISTED = 3  # formulas named in the message about missing values


def read_workbook(path: Path) -> list[Line]:
    """Any workbook suffix of file_kinds: the zip formats with openpyxl, the others with calamine."""
    return read_xlsx(path) if path.suffix.lower() in OOXML_WORKBOOK_SUFFIXES else read_calamine(path)


def read_xlsx(path: Path) -> list[Line]:
    check_office_zip(path, "workbook", ".xlsx")
    import openpyxl

    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises KeyError, ValueError, zip and XML errors alike
        raise UnreadableDocument(f"{path.name}: the workbook cannot be read ({error})") from error
    sheets = [sheet for sheet in values.worksheets if sheet.sheet_state == "visible"]
    _check_cached_values(path, sheets, formulas)
    return _sheet_lines([(sheet.title, _xlsx_rows(sheet)) for sheet in sheets])


def read_calamine(path: Path) -> list[Line]:
    """`.xls` and `.ods`: calamine reads both formats' saved values."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = [sheet.name for sheet in workbook.sheets_metadata if _visible(sheet)]
        sheets = [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in names]
    except Exception as error:  # calamine raises its own error types per format
        reason = str(error)
        if re.search(r"password|encrypt", reason, re.IGNORECASE):
            raise UnreadableDocument(
                f"{path.name}: the workbook is password-protected; save a copy without a password"
            ) from error
        raise UnreadableDocument(f"{path.name}: the workbook cannot be read ({reason})") from error
    return _sheet_lines([(name, [[cell_text(v) for v in row] for row in rows]) for name, rows in sheets])


def _visible(sheet) -> bool:
    visible = str(getattr(sheet, "visible", "visible")).lower()
    return "hidden" not in visible


def _sheet_lines(sheets: list[tuple[str, list[list[str] | list[GridCell]]]]) -> list[Line]:
    lines: list[Line] = []
    single = len(sheets) == 1
    for number, (name, rows) in enumerate(sheets, start=1):
        grid = [
            GridRow(str(index) if single else f"{name}!{index}", tuple(_cell(value) for value in row))
            for index, row in enumerate(rows, start=1)
        ]
        while grid and not grid[-1].filled:
            grid.pop()
        boundary = (f"{name}!0", f"{number}. Blad «{name}»") if number > 1 else None
        lines += grid_lines(grid, len(lines), boundary)
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument("the workbook has no filled cells on a visible sheet")
    return lines


def _cell(value) -> GridCell:
    return value if isinstance(value, GridCell) else GridCell(value)


def _xlsx_rows(sheet) -> list[list[GridCell]]:
    spanned = {
        (row, column)
        for merged in sheet.merged_cells.ranges
        for row in (merged.min_row,)
        for column in range(merged.min_col + 1, merged.max_col + 1)
    }
    rows = []
    for row in sheet.iter_rows():
        rows.append(
            [
                GridCell(
                    cell_text(cell.value, cell.number_format),
                    (cell.row, cell.column) in spanned,
                    bool(cell.alignment is not None and cell.alignment.indent),
                )
                for cell in row
            ]
        )
    return rows


def _check_cached_values(path: Path, sheets, formulas) -> None:
    """A formula without its saved value would read as an empty cell: refuse the workbook instead."""
    missing = []
    for sheet in sheets:
        for row in formulas[sheet.title].iter_rows():
            for cell in row:
                if _is_formula(cell.value) and sheet[cell.coordinate].value is None:
                    missing.append(f"{sheet.title}!{cell.coordinate}")
    if missing:
        more = len(missing) - MAX_LISTED
        listed = ", ".join(missing[:MAX_LISTED]) + (f" and {more} more" if more > 0 else "")
        raise UnreadableDocument(
            f"{path.name}: {len(missing)} formulas have no saved values ({listed}): the workbook was "
            "saved by a program that does not calculate; open it in Excel or LibreOffice, save it, "
            "and land it again"
        )


def _is_formula(value) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in (
        "ArrayFormula",
        "DataTableFormula",
    )


def cell_text(value, number_format: str = "General") -> str:
    """A cell's value as its number format shows it, in Swedish: `85 %`, `1 416 000 kr`, `12,5`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number_text(value, number_format or "General")
    return " ".join(str(value).split())


def _number_text(value: int | float, number_format: str) -> str:
    shown = number_format.split(";")[0]
    percent = "%" in shown
    amount = Decimal(repr(value)) * (100 if percent else 1)
    decimals = len(re.search(r"\.(0+)", shown).group(1)) if re.search(r"\.(0+)", shown) else None
    if decimals is not None:
        amount = amount.quantize(Decimal(1).scaleb(-decimals))
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    else:
        amount = amount.normalize()
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    if re.search(r"#[, \u00a0]##0", shown):
        whole = f"{int(whole):,}".replace(",", " ")
    text = sign + whole + ("," + fraction if fraction else "")
    if percent:
        return text + " %"
    unit = re.search(r"\b(tkr|kr|mkr)\b", shown.lower())
    return f"{text} {unit.group(1)}" if unit else text
