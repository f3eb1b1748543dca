"""The data dictionary of the NNS export: schema.json (one JSON Schema per table row) and README.md.

Column types come from the warehouse, meanings from the dbt manifest (the
descriptions in models/marts/_<model>.yml), allowed values and ranges
from the models' data rules (accepted_values, value_between, relationships to
the codes and federations; pipelines/dbt/rules.py), and what may be
suppressed from the privacy rules.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.dbt.rules import column_rules
from pipelines.export import privacy
from pipelines.export.cells import COMPLEMENTARY, SMALL_COUNT, SMALLEST_SHOWN
from pipelines.export.csv_format import CsvDialect

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
FORMAT_VERSION = 2  # 2: suppressed person counts, a `suppressed` column, schema.json and README.md
REASONS = {
    SMALL_COUNT: f"a count of 1 to {SMALLEST_SHOWN - 1} persons",
    COMPLEMENTARY: "hidden so that a small count cannot be recomputed from a total and the other cells",
    privacy.SMALL_BASE: f"a share or per-participant figure over fewer than {privacy.SMALLEST_BASE} persons",
    privacy.DERIVED: "a share, difference, label or record line range that would give a hidden count away",
    privacy.QUOTED_COUNT: "free text quoting a small number of persons ('k of n')",
    privacy.UNKNOWN_BASE: "an indicator result in percent of a surveyed group whose size is not exported",
}
UNITS = {
    "sek": "Swedish kronor, whole kronor",
    "sek_per_participant": "kronor per participant, whole kronor",
    "pct": "percent, 0-100 scale, 2 decimals",
    "count": "a number of persons or things (see the meaning)",
    "bool": "true or false",
    "year": "fiscal year",
    "date": "date, YYYY-MM-DD",
    "per_row": "the unit is in the row's unit column (sek, count, pct or bool)",
}
_COUNTS = {"records_value", "reported_value", "records_minus_reported", "versions"}
_VALUES_WITH_UNIT_COLUMN = {"value", "target", "actual", "assessment_value"}


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    sql_type: str
    description: str
    unit: str | None
    nullable: bool
    allowed: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    person_count: bool = False
    may_be_hidden: bool = False


@dataclass(frozen=True)
class TableDoc:
    name: str
    description: str
    columns: tuple[ColumnDoc, ...]


def describe_tables(connection: duckdb.DuckDBPyConnection, tables: list[str], dbt_manifest: Path):
    """Every exported table with its columns as written (the `suppressed` column last)."""
    manifest = json.loads(dbt_manifest.read_text(encoding="utf-8"))
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    tests = _tests_by_column(manifest)
    codes = _optional_rows(connection, "select record_type, code from reference.codes order by all")
    federations = _optional_rows(
        connection, "select federation_id from intermediate.int_federations_unioned order by all"
    )
    allowed = {"codes": codes, "federations": tuple(code for (code,) in federations)}
    docs = []
    for table in tables:
        model = models.get(table, {})
        types = connection.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
        columns = [_column(table, name, sql_type, types, model, tests, allowed) for name, sql_type in types]
        description = " ".join(model.get("description", "").split())
        docs.append(TableDoc(table, description, (*columns, _SUPPRESSED_COLUMN)))
    return docs


def _column(table: str, name: str, sql_type: str, types: list, model: dict, tests: dict, allowed: dict):
    checks, names = tests[(table, name)], [column for column, _ in types]
    hideable = privacy.may_be_hidden(table, names)
    values = checks.get("accepted_values")
    if name == "code" and "codes" in checks.get("relationships", ()):
        record_types = tests[(table, "record_type")].get("accepted_values")
        values = tuple(sorted({c for t, c in allowed["codes"] if record_types is None or t in record_types}))
    elif {"dim_federations", "federations", "int_federations_unioned"} & checks.get("relationships", set()):
        values = allowed["federations"]
    return ColumnDoc(
        name=name,
        sql_type=sql_type,
        description=model.get("columns", {}).get(name, {}).get("description", ""),
        unit=_unit(name, sql_type, names),
        nullable=name in hideable or "not_null" not in checks,
        allowed=values or None,
        minimum=checks.get("minimum"),
        maximum=checks.get("maximum"),
        person_count=name in privacy.PERSON_COUNTS.get(table, ()),
        may_be_hidden=name in hideable,
    )


_SUPPRESSED_COLUMN = ColumnDoc(
    name=privacy.SUPPRESSED,
    sql_type="VARCHAR",
    description=(
        "The columns of this row the export hides (NULL, an empty CSV field) and why, as "
        "'<column>:<reason>' separated by spaces; NULL when nothing is hidden."
    ),
    unit=None,
    nullable=True,
)


def _optional_rows(connection, query: str) -> list[tuple]:
    """Rows of a reference table; none when the warehouse has no such table."""
    try:
        return connection.execute(query).fetchall()
    except duckdb.CatalogException:
        return []


def _tests_by_column(manifest: dict) -> dict:
    """(model, column) -> {'not_null': True, 'accepted_values': (...), 'minimum': 0, ...}."""
    found: dict = defaultdict(dict)
    for rule in column_rules(manifest):
        checks = found[(rule.model, rule.column)]
        if rule.kind == "not_null":
            checks["not_null"] = True
        elif rule.kind == "accepted_values":
            checks["accepted_values"] = rule.values
        elif rule.kind == "value_between":
            checks["minimum"], checks["maximum"] = rule.minimum, rule.maximum
        elif rule.kind == "relationships":
            checks.setdefault("relationships", set()).add(rule.parent)
    return found


def _unit(name: str, sql_type: str, columns: list[str]) -> str | None:
    if name == "fiscal_year":
        return "year"
    if name.endswith("per_participant_sek"):
        return "sek_per_participant"
    if name.endswith("_sek"):
        return "sek"
    if name.endswith("_pct"):
        return "pct"
    if name in _VALUES_WITH_UNIT_COLUMN and "unit" in columns:
        return "per_row"
    if sql_type == "BOOLEAN":
        return "bool"
    if sql_type == "DATE":
        return "date"
    if name in _COUNTS or (sql_type == "INTEGER" and not name.startswith("_") and name != "precedence_rank"):
        return "count"
    return None


def schema_document(docs: list[TableDoc], dialect: CsvDialect) -> dict:
    """schema.json: `$defs.<table>` is the JSON Schema of one row of that table, CSV and Parquet alike."""
    return {
        "$schema": JSON_SCHEMA,
        "title": "NNS export: one row of every table",
        "description": (
            "Each $defs entry is the JSON Schema of one row of <fiscal_year>/<table>.csv and .parquet. "
            "x-column-order gives the column order of both files; x-unit, x-sql-type, x-person-count "
            "and x-may-be-suppressed describe each column (see README.md)."
        ),
        "x-format-version": FORMAT_VERSION,
        "x-csv": dialect.describe(),
        "x-units": UNITS,
        "x-suppression": {
            "smallest_count_shown": SMALLEST_SHOWN,
            "smallest_base_for_shares": privacy.SMALLEST_BASE,
            "reasons": REASONS,
        },
        "$defs": {doc.name: _row_schema(doc) for doc in docs},
    }


def _row_schema(doc: TableDoc) -> dict:
    return {
        "title": doc.name,
        "description": doc.description,
        "type": "object",
        "properties": {column.name: _column_schema(column) for column in doc.columns},
        "required": [column.name for column in doc.columns],
        "additionalProperties": False,
        "x-column-order": [column.name for column in doc.columns],
    }


def _column_schema(column: ColumnDoc) -> dict:
    schema = {"description": column.description, **json_type(column.sql_type)}
    if column.nullable:
        schema["type"] = [schema["type"], "null"]
    if column.allowed is not None:
        schema["enum"] = [*column.allowed, *([None] if column.nullable else [])]
    if column.minimum is not None:
        schema["minimum"] = column.minimum
    if column.maximum is not None:
        schema["maximum"] = column.maximum
    if column.name == privacy.SUPPRESSED:
        reasons = "|".join(REASONS)
        schema["pattern"] = f"^[a-z0-9_]+:({reasons})( [a-z0-9_]+:({reasons}))*$"
    schema["x-sql-type"] = column.sql_type
    if column.unit:
        schema["x-unit"] = column.unit
    if column.person_count:
        schema["x-person-count"] = True
    if column.may_be_hidden:
        schema["x-may-be-suppressed"] = True
    return schema


_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER"}


def json_type(sql_type: str) -> dict:
    """The JSON Schema type of a DuckDB column type (DECIMAL(18,0) is an integer)."""
    upper = sql_type.upper()
    decimal = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", upper)
    if upper in _INTEGERS or upper == "UBIGINT" or (decimal and decimal.group(2) == "0"):
        return {"type": "integer"}
    if decimal:
        return {"type": "number", "x-decimals": int(decimal.group(2))}
    if upper in ("DOUBLE", "FLOAT", "REAL"):
        return {"type": "number"}
    if upper == "BOOLEAN":
        return {"type": "boolean"}
    if upper == "DATE":
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if upper.startswith("TIMESTAMP"):
        return {"type": "string", "format": "date-time"}
    return {"type": "string"}
