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
import pyarrow.compute as pc

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


# rows up to which a table's fields are written in Python: Arrow's calls, some twenty per text
# column, cost more than a small table's cells (the report's tables: a federation has tens of rows)
SMALL_TABLE = 1_000


def csv_bytes(table: pa.Table, dialect: CsvDialect) -> bytes:
    """The table as CSV in `dialect`, header first, rows in the table's order.

    Built column by column with Arrow compute (a national export has some 12
    million cells; formatting them one by one in Python was most of the export's
    time); a column of a type Arrow would print differently from Python
    (floats, timestamps) is formatted in Python. A small table of text,
    whole numbers, decimals and booleans is written by `_small_rows`, to the
    same bytes.
    """
    header = dialect.delimiter.join(_quoted_text(name, dialect) for name in table.column_names)
    rows = _small_rows(table, dialect) if table.num_rows <= SMALL_TABLE else None
    if rows is None:
        rows = _rows(table, dialect)
    text = dialect.line_terminator.join([header, *rows]) + dialect.line_terminator
    prefix = codecs.BOM_UTF8 if dialect.byte_order_mark else b""
    return prefix + text.encode(dialect.encoding)


def _rows(table: pa.Table, dialect: CsvDialect) -> list[str]:
    """Each row's fields joined, formatted with Arrow compute."""
    columns = [
        pc.fill_null(_fields(column, field.type, dialect), "")
        for field, column in zip(table.schema, table.columns, strict=True)
    ]
    # rows joined in Arrow too: Python then handles one string per row, not one per cell
    return pc.binary_join_element_wise(*columns, dialect.delimiter).to_pylist() if columns else []


def _small_rows(table: pa.Table, dialect: CsvDialect) -> list[str] | None:
    """`_rows` of a small table written field by field in Python; None when a column is of another type."""
    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        fields = _small_fields(column, field.type, dialect)
        if fields is None:
            return None
        columns.append(fields)
    return [dialect.delimiter.join(fields) for fields in zip(*columns, strict=True)] if columns else []


def _small_fields(column: pa.ChunkedArray, kind: pa.DataType, dialect: CsvDialect) -> list[str] | None:
    """What `_fields` and `fill_null` make of a column of text, whole numbers, decimals or booleans."""
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        specials = (dialect.delimiter, '"', "\r", "\n")
        return [_small_text(value, specials) for value in column.to_pylist()]
    if pa.types.is_boolean(kind):
        return ["" if value is None else ("true" if value else "false") for value in column.to_pylist()]
    if pa.types.is_integer(kind):
        return ["" if value is None else str(value) for value in column.to_pylist()]
    if pa.types.is_decimal(kind):  # Arrow's text: fixed point with the column's scale
        separator = dialect.decimal_separator
        texts = column.cast(pa.string()).to_pylist()
        return ["" if text is None else text.replace(".", separator) for text in texts]
    if pa.types.is_null(kind):
        return [""] * len(column)
    return None


def _small_text(value: str | None, specials: tuple[str, ...]) -> str:
    if value is None:
        return ""
    text = neutralise(value)
    if text == "" or any(special in text for special in specials):
        return '"' + text.replace('"', '""') + '"'
    return text


def _fields(column: pa.ChunkedArray, kind: pa.DataType, dialect: CsvDialect) -> pa.ChunkedArray:
    """One column as CSV fields (strings; NULL stays null and becomes an empty field)."""
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = column.cast(pa.string())
        formula = _any_of(text, pc.starts_with, FORMULA_STARTS)
        if pc.any(formula).as_py():
            text = pc.if_else(formula, pc.binary_join_element_wise(NEUTRALISER, text, ""), text)
        return _quoted(text, dialect)
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "true", "false")
    if pa.types.is_integer(kind) or pa.types.is_date(kind):
        return column.cast(pa.string())  # 12, 2026-03-26: as str() and isoformat() print them
    if pa.types.is_decimal(kind):
        text = column.cast(pa.string())  # fixed point with the column's scale, as format(value, "f")
        if dialect.decimal_separator != ".":
            text = pc.replace_substring(text, ".", dialect.decimal_separator)
        return text
    formatter = _formatter(kind, dialect)
    return _quoted(
        pa.chunked_array([pa.array([formatter(v) for v in column.to_pylist()], pa.string())]), dialect
    )


def _quoted(text: pa.ChunkedArray, dialect: CsvDialect) -> pa.ChunkedArray:
    """Fields that are empty or hold the delimiter, a quote or a line break, quoted ("" for ")."""
    needs = pc.or_(
        pc.equal(text, ""), _any_of(text, pc.match_substring, (dialect.delimiter, '"', "\r", "\n"))
    )
    if not pc.any(needs).as_py():
        return text
    wrapped = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(needs, wrapped, text)


def _any_of(text: pa.ChunkedArray, test, patterns) -> pa.ChunkedArray:
    """Per field, whether `test(field, pattern)` holds for one of the literal patterns (faster than RE2)."""
    found = test(text, patterns[0])
    for pattern in patterns[1:]:
        found = pc.or_(found, test(text, pattern))
    return found


def _quoted_text(field: str, dialect: CsvDialect) -> str:
    if field == "" or re.search(f'[{re.escape(dialect.delimiter)}"\r\n]', field):
        return '"' + field.replace('"', '""') + '"'
    return field


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
