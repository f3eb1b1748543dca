"""CSV as the NNS reads it: RFC 4180, or what Swedish Excel opens correctly; never a formula.

Text cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return are
prefixed with a single quote, so a spreadsheet shows them as text instead of
running them (CSV injection). Only text columns are touched: a number such as
-206000 stays a number. NULL is an empty field, an empty string is `""`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


@dataclass(frozen=True)
class CsvDialect:
    name: str
    delimiter: str
    decimal_separator: str
    byte_order_mark: bool
    line_terminator: str = "\r\n"
    encoding: str = "utf-8"

    def describe(self) -> dict:
        return {
            "dialect": self.name,
            "delimiter": self.delimiter,
            "decimal_separator": self.decimal_separator,
            "encoding": self.encoding,
            "byte_order_mark": self.byte_order_mark,
            "line_terminator": self.line_terminator,
            "quote": '"',
            "null": "",
            "empty_string": '""',
            "booleans": ["true", "false"],
            "dates": "YYYY-MM-DD",
            "formula_starts_neutralised": list(FORMULA_STARTS),
            "neutraliser": NEUTRALISER,
        }


RFC4180 = CsvDialect("rfc4180", delimiter=",", decimal_separator=".", byte_order_mark=False)
SWEDISH_EXCEL = CsvDialect("sv", delimiter=";", decimal_separator=",", byte_order_mark=True)
CSV_DIALECTS = {dialect.name: dialect for dialect in (RFC4180, SWEDISH_EXCEL)}


def csv_dialect(dialect: str | CsvDialect) -> CsvDialect:
    if isinstance(dialect, CsvDialect):
        return dialect
    try:
        return CSV_DIALECTS[dialect]
    except KeyError:
        raise ValueError(
            f"unknown CSV dialect {dialect!r}; choose one of {', '.join(CSV_DIALECTS)}"
        ) from None


def neutralise(text: str) -> str:
    """'=SUM(A1)' -> "'=SUM(A1)": shown as text, never evaluated."""
    return NEUTRALISER + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(table: pa.Table, dialect: CsvDialect) -> bytes:
    """The table as CSV in `dialect`, header first, rows in the table's order.

    Built column by column (a national export has some 12 million cells).
    """
    special = re.compile(f'[{re.escape(dialect.delimiter)}"\r\n]')

    def quoted(field: str | None) -> str:
        if field is None:
            return ""
        if field == "" or special.search(field):
            return '"' + field.replace('"', '""') + '"'
        return field

    cells = [
        [quoted(fmt(value)) for value in column.to_pylist()]
        for fmt, column in zip(
            (_formatter(f.type, dialect) for f in table.schema), table.columns, strict=True
        )
    ]
    header = dialect.delimiter.join(quoted(name) for name in table.column_names)
    rows = map(dialect.delimiter.join, zip(*cells, strict=True))
    text = dialect.line_terminator.join([header, *rows]) + dialect.line_terminator
    prefix = codecs.BOM_UTF8 if dialect.byte_order_mark else b""
    return prefix + text.encode(dialect.encoding)


def _formatter(kind: pa.DataType, dialect: CsvDialect):
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return lambda value: None if value is None else neutralise(value)
    if pa.types.is_boolean(kind):
        return lambda value: None if value is None else ("true" if value else "false")
    if pa.types.is_decimal(kind) or pa.types.is_floating(kind):
        separator = dialect.decimal_separator
        return lambda value: None if value is None else _number(value).replace(".", separator)
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return lambda value: None if value is None else _iso(value)
    return lambda value: None if value is None else str(value)


def _number(value) -> str:
    return repr(value) if isinstance(value, float) else format(value, "f")


def _iso(value: date | datetime) -> str:
    return value.isoformat()
