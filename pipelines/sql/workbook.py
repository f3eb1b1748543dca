"""A query's result as an Excel workbook: typed columns with Swedish-reading number formats.

Numbers are written as numbers (never text), booleans as booleans, dates as
dates, text as text (never a formula). The number formats are Excel's
locale-neutral codes, which Swedish Excel shows with a space between
thousands and a decimal comma: `106 100 kr`, `53,64 %`. Percentages in the
warehouse run 0-100, so their format appends a `%` sign instead of using
Excel's percent format (which would multiply by 100).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

from pipelines.sql.session import Result

KRONOR_COLUMN = re.compile(r"(_kr|_sek)$")
PERCENT_COLUMN = re.compile(r"(_procent|_pct)$")
DECIMAL_TYPE = re.compile(r"^DECIMAL\(\d+,\s*(\d+)\)$")
WHOLE_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER")
SHEET = "resultat"


def number_format(column: str, duckdb_type: str) -> str | None:
    """The Excel format of a column, from its name (`_kr`, `_procent`) and DuckDB type; None for text."""
    kind = duckdb_type.upper()
    decimal = DECIMAL_TYPE.match(kind)
    if decimal or kind in ("DOUBLE", "FLOAT", "REAL") or kind in WHOLE_TYPES or kind.startswith("UBIGINT"):
        places = int(decimal.group(1)) if decimal else (0 if kind in WHOLE_TYPES else 2)
        body = "#,##0" + ("." + "0" * places if places else "")
        if KRONOR_COLUMN.search(column):
            return f'{body} "kr"'
        if PERCENT_COLUMN.search(column):
            return f'{body} "%"'
        return "0" if column in ("rakenskapsar", "fiscal_year") else body
    if kind == "DATE":
        return "yyyy-mm-dd"
    if kind.startswith("TIMESTAMP"):
        return "yyyy-mm-dd hh:mm:ss"
    return None


def write_workbook(result: Result, path: Path) -> int:
    """Write `result` to `path`: one sheet, a header row with filters, frozen; returns the rows written."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    types = result.types or ["VARCHAR"] * len(result.columns)
    with xlsxwriter.Workbook(
        str(path), {"default_date_format": "yyyy-mm-dd", "strings_to_formulas": False}
    ) as book:
        sheet = book.add_worksheet(SHEET)
        header = book.add_format({"bold": True, "bg_color": "#F3F3F3", "bottom": 1})
        formats = [
            book.add_format({"num_format": code}) if (code := number_format(column, kind)) else None
            for column, kind in zip(result.columns, types, strict=True)
        ]
        for index, column in enumerate(result.columns):
            sheet.write_string(0, index, column, header)
        for row_number, row in enumerate(result.rows, start=1):
            for index, value in enumerate(row):
                _write(sheet, row_number, index, value, formats[index])
        for index, column in enumerate(result.columns):
            widest = max([len(column), *(len(str(row[index])) for row in result.rows[:500])])
            sheet.set_column(index, index, min(max(widest + 2, 8), 60))
        sheet.freeze_panes(1, 0)
        if result.columns:
            sheet.autofilter(0, 0, max(len(result.rows), 1), len(result.columns) - 1)
    return len(result.rows)


def _write(sheet, row: int, column: int, value, cell_format) -> None:
    if value is None:
        sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, value if isinstance(value, int) else float(value), cell_format)
    elif isinstance(value, datetime.datetime | datetime.date):
        sheet.write_datetime(row, column, value, cell_format)
    else:
        sheet.write_string(row, column, str(value))
