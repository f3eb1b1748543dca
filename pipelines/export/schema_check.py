"""Check a written NNS export against its own schema.json and manifest.json.

Every data file must be listed in the manifest with the right sha256 and row
count; every row of every CSV and Parquet file must validate against the JSON
Schema of its table (types, required columns, allowed values, ranges); CSV
files must be in the manifest's dialect with no unneutralised formula, Parquet
files must have the column types the schema names.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from pipelines.export.csv_format import CSV_DIALECTS, FORMULA_STARTS, CsvDialect


@dataclass(frozen=True)
class ExportProblem:
    file: str
    line: int | None  # CSV line (1 is the header) or Parquet row (1 is the first row)
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


def validate_export(folder: Path, checked_before: Path | None = None) -> list[ExportProblem]:
    """Problems of the export in `folder`; none means it may be published.

    `checked_before` is the published export, which passed this check: a file
    whose bytes equal the one listed there, under the same schema.json, passed
    it too and is not read again (a one-year refresh rewrites one year).
    """
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    passed = _passed_before(checked_before, (folder / "schema.json").read_bytes()) if checked_before else {}
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    dialect = CSV_DIALECTS[manifest["csv_dialect"]]
    problems = [
        ExportProblem(document["file"], None, "sha256 differs from the manifest")
        for document in manifest.get("documents", [])
        if _sha256(folder / document["file"]) != document["sha256"]
    ]
    listed = {entry["file"] for entry in manifest["files"]}
    on_disk = {path.relative_to(folder).as_posix() for path in folder.glob("*/*") if path.is_file()}
    problems += [ExportProblem(file, None, "not in the manifest") for file in sorted(on_disk - listed)]
    checked = []
    for entry in manifest["files"]:
        row_schema = schema["$defs"].get(entry["table"])
        if row_schema is None:
            problems.append(ExportProblem(entry["file"], None, f"no schema for table {entry['table']}"))
        else:
            checked.append((folder, entry, row_schema, dialect, passed))
    for file_problems in _on_every_core(_check_file, checked):
        problems += file_problems
    return problems


def _on_every_core(check: Callable, arguments: list[tuple]) -> list:
    """Files are independent; a national export has some 370 of them. Results keep the files' order."""
    workers = min(os.cpu_count() or 1, 4)
    if workers == 1 or len(arguments) < 32:
        return [check(*each) for each in arguments]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        return list(pool.map(check, *zip(*arguments, strict=True), chunksize=8))


def _passed_before(published: Path, schema: bytes) -> dict[str, str]:
    """file → sha256 of the published export's files, if it was checked under the same schema."""
    try:
        if (published / "schema.json").read_bytes() != schema:
            return {}
        listed = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {entry["file"]: entry["sha256"] for entry in listed.get("files", [])}


def _check_file(folder: Path, entry: dict, row_schema: dict, dialect: CsvDialect, passed: dict) -> list:
    path, name = folder / entry["file"], entry["file"]
    if not path.is_file():
        return [ExportProblem(name, None, "listed in the manifest but missing")]
    problems = []
    sha256 = _sha256(path)
    if sha256 != entry["sha256"]:
        problems.append(ExportProblem(name, None, "sha256 differs from the manifest"))
    elif passed.get(name) == sha256:
        return problems  # the same bytes passed under the same schema when they were published
    if _surely_valid(path, entry, row_schema, dialect):
        return problems
    reader = _csv_columns if entry["format"] == "csv" else _parquet_columns
    columns, read_problems = reader(path, row_schema, dialect)
    problems += [ExportProblem(name, line, reason) for line, reason in read_problems]
    if columns is None:
        return problems
    rows = len(next(iter(columns.values())).raw) if columns else 0
    if rows != entry["rows"]:
        problems.append(ExportProblem(name, None, f"{rows} rows, the manifest says {entry['rows']}"))
    problems += _check_columns(name, columns, row_schema)
    return problems


def _surely_valid(path: Path, entry: dict, row_schema: dict, dialect: CsvDialect) -> bool:
    """True when every check below would find nothing, decided on each column's distinct values as
    Arrow reads them; anything else goes to the row-by-row reading, which alone words the problems.

    Reading 370 files row by row in Python was most of the check's time at national scale.
    """
    table = _arrow_csv(path, row_schema, dialect) if entry["format"] == "csv" else pq.read_table(path)
    order, properties = row_schema["x-column-order"], row_schema["properties"]
    if table is None or table.column_names != order or table.num_rows != entry["rows"]:
        return False
    for field in table.schema:
        schema = properties[field.name]
        if entry["format"] == "csv":
            convert, kind = _csv_reader(schema, dialect), _base_type(schema)
        elif _sql_type(field.type) != schema["x-sql-type"]:
            return False
        else:
            convert, kind = partial(_from_parquet, column=schema), None
        surely_valid = _quick_check(schema)
        try:
            distinct = pc.unique(table.column(field.name)).to_pylist()
        except pa.ArrowNotImplementedError:
            return False
        for value in distinct:
            if kind == "string" and value.startswith(FORMULA_STARTS):
                return False
            if not surely_valid(convert(value)):
                return False
    return True


def _arrow_csv(path: Path, row_schema: dict, dialect: CsvDialect) -> pa.Table | None:
    """The CSV's fields as text, as csv.reader gives them (an empty field and `""` both ""), or None
    when its byte order mark, last line ending or shape is not what the dialect says."""
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8) != dialect.byte_order_mark:
        return None
    body = raw.removeprefix(codecs.BOM_UTF8)
    if body and not body.endswith(dialect.line_terminator.encode(dialect.encoding)):
        return None
    order = row_schema["x-column-order"]
    header = body.split(dialect.line_terminator.encode(dialect.encoding), 1)[0].decode(dialect.encoding)
    if next(csv.reader([header], delimiter=dialect.delimiter), None) != order:
        return None
    try:
        return pcsv.read_csv(
            io.BytesIO(body),
            read_options=pcsv.ReadOptions(column_names=order, skip_rows=1, encoding=dialect.encoding),
            parse_options=pcsv.ParseOptions(delimiter=dialect.delimiter, newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(order, pa.string()), strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class _Column:
    """One column of a data file: its values as stored, how to read one, and the line of each row."""

    raw: list
    convert: Callable[[Any], Any]
    lines: list[int]


def _check_columns(name: str, columns: dict[str, _Column], row_schema: dict) -> list[ExportProblem]:
    """Each distinct value of each column validated once against that column's schema.

    Every constraint the dictionary writes is per column (type, enum, range,
    pattern); required columns and no others are the header check's. Validating
    a national export row by row with jsonschema took minutes; its columns hold
    far fewer distinct values than rows. A bad value is reported at its first
    line, with how many lines repeat it.
    """
    from jsonschema import Draft202012Validator

    problems = []
    for column_name, column_schema in row_schema["properties"].items():
        column = columns[column_name]
        validator = Draft202012Validator(column_schema)
        surely_valid = _quick_check(column_schema)
        for raw in dict.fromkeys(column.raw):  # distinct, in order of first appearance
            value = column.convert(raw)
            if surely_valid(value):
                continue
            errors = list(validator.iter_errors(value))
            if not errors:
                continue
            where = [line for line, value in zip(column.lines, column.raw, strict=True) if value == raw]
            repeats = f" (and {len(where) - 1} more lines)" if len(where) > 1 else ""
            problems += [
                ExportProblem(name, where[0], f"$.{column_name}: {error.message}{repeats}")
                for error in errors
            ]
    return problems


_JSON_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float | Decimal) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_QUICK_KEYWORDS = {
    "type",
    "enum",
    "minimum",
    "maximum",
    "pattern",
    "description",
    "format",
}  # format: annotation only


def _quick_check(column: dict) -> Callable[[Any], bool]:
    """True for values that surely pass `column`'s schema; False sends them on to jsonschema.

    The dictionary's schemas use a handful of keywords; checking those directly
    is some 20 times cheaper than jsonschema. Anything unexpected goes to
    jsonschema, which alone words the problems.
    """
    if {key for key in column if not key.startswith("x-")} - _QUICK_KEYWORDS:
        return lambda value: False
    kinds = column.get("type", [])
    type_checks = [_JSON_TYPES[kind] for kind in ([kinds] if isinstance(kinds, str) else kinds)]
    allowed = set(column["enum"]) if "enum" in column else None
    low, high = column.get("minimum"), column.get("maximum")
    pattern = re.compile(column["pattern"]) if "pattern" in column else None

    def check(value) -> bool:
        if type_checks and not any(is_kind(value) for is_kind in type_checks):
            return False
        if allowed is not None and value not in allowed:
            return False
        if value is None or isinstance(value, bool):
            return True
        if isinstance(value, str):
            return pattern is None or pattern.search(value) is not None
        return (low is None or value >= low) and (high is None or value <= high)

    return check


def _csv_columns(path: Path, row_schema: dict, dialect: CsvDialect):
    raw, problems = path.read_bytes(), []
    if raw.startswith(codecs.BOM_UTF8) != dialect.byte_order_mark:
        problems.append((1, f"byte order mark {'missing' if dialect.byte_order_mark else 'unexpected'}"))
    text = raw.removeprefix(codecs.BOM_UTF8).decode(dialect.encoding)
    if text and not text.endswith(dialect.line_terminator):
        problems.append((None, "the last line does not end in CRLF"))
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter, strict=True))
    order, properties = row_schema["x-column-order"], row_schema["properties"]
    if not records or records[0] != order:
        return None, [*problems, (1, f"header is not {dialect.delimiter.join(order)}")]
    lines, kept = [], []
    for line, fields in enumerate(records[1:], start=2):
        if len(fields) != len(order):
            problems.append((line, f"{len(fields)} fields, the header has {len(order)}"))
            continue
        lines.append(line)
        kept.append(fields)
    values = list(zip(*kept, strict=True)) if kept else [()] * len(order)
    columns = {}
    for column, raw_values in zip(order, values, strict=True):
        schema = properties[column]
        if _base_type(schema) == "string":
            for value in dict.fromkeys(raw_values):
                if value.startswith(FORMULA_STARTS):
                    line = lines[raw_values.index(value)]
                    problems.append((line, f"{column}: text {value[:20]!r} could run as a formula"))
        columns[column] = _Column(list(raw_values), _csv_reader(schema, dialect), lines)
    return columns, problems


def _csv_reader(column: dict, dialect: CsvDialect) -> Callable[[str], Any]:
    kind, nullable = _base_type(column), _nullable(column)
    number = re.compile(rf"-?\d+({re.escape(dialect.decimal_separator)}\d+)?")

    def convert(field: str):
        if field == "":
            return "" if kind == "string" and not nullable else None
        if kind == "integer" and re.fullmatch(r"-?\d+", field):
            return int(field)
        if kind == "number" and number.fullmatch(field):
            return Decimal(field.replace(dialect.decimal_separator, "."))
        if kind == "boolean" and field in ("true", "false"):
            return field == "true"
        return field  # a string, or a value the schema will refuse

    return convert


def _parquet_columns(path: Path, row_schema: dict, _dialect):
    table = pq.read_table(path)
    order, properties = row_schema["x-column-order"], row_schema["properties"]
    if table.column_names != order:
        return None, [(None, f"columns are not {', '.join(order)}")]
    problems = []
    for field in table.schema:
        expected = properties[field.name]["x-sql-type"]
        if _sql_type(field.type) != expected:
            problems.append((None, f"{field.name}: Parquet type {field.type}, the schema says {expected}"))
    lines = list(range(1, table.num_rows + 1))
    columns = {
        column: _Column(
            table.column(column).to_pylist(), partial(_from_parquet, column=properties[column]), lines
        )
        for column in order
    }
    return columns, problems


def _from_parquet(value, column: dict):
    if isinstance(value, Decimal) and _base_type(column) == "integer" and value == value.to_integral_value():
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _sql_type(kind: pa.DataType) -> str:
    if pa.types.is_decimal(kind):
        return f"DECIMAL({kind.precision},{kind.scale})"
    names = {"int8": "TINYINT", "int16": "SMALLINT", "int32": "INTEGER", "int64": "BIGINT", "bool": "BOOLEAN"}
    names |= {"string": "VARCHAR", "large_string": "VARCHAR", "date32[day]": "DATE", "double": "DOUBLE"}
    return names.get(str(kind), str(kind).upper())


def _base_type(column: dict) -> str:
    kind = column.get("type", "string")
    return next(t for t in kind if t != "null") if isinstance(kind, list) else kind


def _nullable(column: dict) -> bool:
    return isinstance(column.get("type"), list) and "null" in column["type"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
