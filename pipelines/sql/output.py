"""Rendering a result: a plain-text table for the terminal, CSV and Markdown.

Pure functions: a Result in, text out. Numbers are printed as DuckDB gives
them (106100, 53.64), NULL as NULL in the table and as an empty cell in CSV
and Markdown.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from pipelines.sql.session import Result

FORMATS = ("table", "csv", "markdown", "parquet", "xlsx")


def format_table(result: Result, max_rows: int = 0) -> str:
    """Columns padded to their widest cell, numbers right-aligned; `max_rows` 0 shows every row."""
    shown = result.rows if max_rows <= 0 else result.rows[:max_rows]
    cells = [[_text(value, null="NULL") for value in row] for row in shown]
    numeric = _numeric_columns(result)
    widths = [
        max([len(name)] + [len(row[index]) for row in cells]) for index, name in enumerate(result.columns)
    ]

    def line(values: list[str]) -> str:
        padded = [
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    lines = [line(result.columns), "  ".join("-" * width for width in widths)]
    lines.extend(line(row) for row in cells)
    lines.append(_footer(len(result.rows), len(shown)))
    return "\n".join(lines)


def format_markdown(result: Result) -> str:
    numeric = _numeric_columns(result)

    def line(values: list[str]) -> str:
        return "| " + " | ".join(value.replace("|", "\\|") for value in values) + " |"

    rule = "|" + "|".join("---:" if is_number else "---" for is_number in numeric) + "|"
    rows = [line([_text(value) for value in row]) for row in result.rows]
    return "\n".join([line(result.columns), rule, *rows])


def swedish_csv(result: Result) -> bytes:
    """CSV for Swedish Excel, as `finsam refresh --csv-dialect sv` writes the export: semicolons,
    decimal comma, UTF-8 with BOM, formula-like text neutralised (pipelines/export/csv_format.py)."""
    import pyarrow as pa

    from pipelines.export.csv_format import SWEDISH_EXCEL, csv_bytes

    columns = list(zip(*result.rows, strict=True)) if result.rows else [() for _ in result.columns]
    arrays = [pa.array(list(column)) for column in columns]
    return csv_bytes(pa.Table.from_arrays(arrays, names=result.columns), SWEDISH_EXCEL)


def format_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_csv_value(value) for value in row] for row in result.rows)
    return buffer.getvalue().rstrip("\n")


def _footer(total: int, shown: int) -> str:
    if shown < total:
        return f"({total} rows, the first {shown} shown: --max-rows 0 shows all, --format csv writes all)"
    return "(1 row)" if total == 1 else f"({total} rows)"


def _numeric_columns(result: Result) -> list[bool]:
    return [
        any(_is_number(row[index]) for row in result.rows)
        and all(row[index] is None or _is_number(row[index]) for row in result.rows)
        for index in range(len(result.columns))
    ]


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value, null: str = "") -> str:
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return " ".join(str(value).splitlines())


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool | datetime.date | datetime.datetime | datetime.time):
        return _text(value)
    return value
