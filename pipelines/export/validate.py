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
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.export.csv_format import CSV_DIALECTS, FORMULA_STARTS, CsvDialect


@dataclass(frozen=True)
class ExportProblem:
    file: str
    line: int | None  # CSV line (1 is the header) or Parquet row (1 is the first row)
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


def validate_export(folder: Path) -> list[ExportProblem]:
    from jsonschema import Draft202012Validator  # late: only validation needs it

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
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
    for entry in manifest["files"]:
        row_schema = schema["$defs"].get(entry["table"])
        if row_schema is None:
            problems.append(ExportProblem(entry["file"], None, f"no schema for table {entry['table']}"))
            continue
        problems += _check_file(folder, entry, row_schema, Draft202012Validator(row_schema), dialect)
    return problems


def _check_file(folder: Path, entry: dict, row_schema: dict, validator, dialect: CsvDialect) -> list:
    path, name = folder / entry["file"], entry["file"]
    if not path.is_file():
        return [ExportProblem(name, None, "listed in the manifest but missing")]
    problems = []
    if _sha256(path) != entry["sha256"]:
        problems.append(ExportProblem(name, None, "sha256 differs from the manifest"))
    reader = _csv_rows if entry["format"] == "csv" else _parquet_rows
    rows, read_problems = reader(path, row_schema, dialect)
    problems += [ExportProblem(name, line, reason) for line, reason in read_problems]
    if len(rows) != entry["rows"]:
        problems.append(ExportProblem(name, None, f"{len(rows)} rows, the manifest says {entry['rows']}"))
    first_line = 2 if entry["format"] == "csv" else 1
    for line, row in enumerate(rows, start=first_line):
        for error in validator.iter_errors(row):
            problems.append(ExportProblem(name, line, f"{error.json_path}: {error.message}"))
    return problems


def _csv_rows(path: Path, row_schema: dict, dialect: CsvDialect):
    raw, problems = path.read_bytes(), []
    if raw.startswith(codecs.BOM_UTF8) != dialect.byte_order_mark:
        problems.append((1, f"byte order mark {'missing' if dialect.byte_order_mark else 'unexpected'}"))
    text = raw.removeprefix(codecs.BOM_UTF8).decode(dialect.encoding)
    if text and not text.endswith(dialect.line_terminator):
        problems.append((None, "the last line does not end in CRLF"))
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter, strict=True))
    order, properties = row_schema["x-column-order"], row_schema["properties"]
    if not records or records[0] != order:
        return [], [*problems, (1, f"header is not {dialect.delimiter.join(order)}")]
    rows = []
    for line, fields in enumerate(records[1:], start=2):
        if len(fields) != len(order):
            problems.append((line, f"{len(fields)} fields, the header has {len(order)}"))
            continue
        for column, field in zip(order, fields, strict=True):
            if _base_type(properties[column]) == "string" and field.startswith(FORMULA_STARTS):
                problems.append((line, f"{column}: text {field[:20]!r} could run as a formula"))
        rows.append({c: _from_csv(f, properties[c], dialect) for c, f in zip(order, fields, strict=True)})
    return rows, problems


def _from_csv(field: str, column: dict, dialect: CsvDialect):
    kind = _base_type(column)
    if field == "":
        return "" if kind == "string" and not _nullable(column) else None
    separator = re.escape(dialect.decimal_separator)
    if kind == "integer" and re.fullmatch(r"-?\d+", field):
        return int(field)
    if kind == "number" and re.fullmatch(rf"-?\d+({separator}\d+)?", field):
        return Decimal(field.replace(dialect.decimal_separator, "."))
    if kind == "boolean" and field in ("true", "false"):
        return field == "true"
    return field  # a string, or a value the schema will refuse


def _parquet_rows(path: Path, row_schema: dict, _dialect):
    table = pq.read_table(path)
    order, properties = row_schema["x-column-order"], row_schema["properties"]
    if table.column_names != order:
        return [], [(None, f"columns are not {', '.join(order)}")]
    problems = []
    for field in table.schema:
        expected = properties[field.name]["x-sql-type"]
        if _sql_type(field.type) != expected:
            problems.append((None, f"{field.name}: Parquet type {field.type}, the schema says {expected}"))
    rows = [{c: _from_parquet(v, properties[c]) for c, v in row.items()} for row in table.to_pylist()]
    return rows, problems


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
