"""Writing loaded records into the `raw` schema (see docs/raw_layer.md).

Each table is replaced whole on every refresh, so a second refresh never
duplicates rows. Rejections go to `raw.rejected`, replaced per loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from pipelines.ingest.loading import LoadedFile, LoadResult

LINEAGE = [
    ("_source_file", pa.string()),
    ("_source_sha256", pa.string()),
    ("_source_line", pa.int32()),
    ("_loaded_at", pa.timestamp("us")),
]

FACTS_SCHEMA = pa.schema(
    [
        ("record_type", pa.string()),
        ("federation_id", pa.string()),
        ("fiscal_year", pa.int32()),
        ("scenario", pa.string()),
        ("code", pa.string()),
        ("item", pa.string()),
        ("value", pa.decimal128(18, 2)),
        ("unit", pa.string()),
        ("raw_label", pa.string()),
        ("source_file", pa.string()),
        ("source_line", pa.string()),
        ("status", pa.string()),
        ("message", pa.string()),
        *LINEAGE,
    ]
)

PARTICIPANTS_SCHEMA = pa.schema(
    [
        ("federation_id", pa.string()),
        ("participant_ref", pa.string()),
        ("intervention", pa.string()),
        ("gender", pa.string()),
        ("age_band", pa.string()),
        ("start_date", pa.date32()),
        ("end_date", pa.date32()),
        ("exit_code", pa.string()),
        ("support_before", pa.string()),
        ("support_after", pa.string()),
        *LINEAGE,
    ]
)

DOCUMENTS_SCHEMA = pa.schema(
    [
        ("federation_id", pa.string()),
        ("source_file", pa.string()),
        ("document_kind", pa.string()),
        ("document_date", pa.date32()),
        ("title", pa.string()),
        *LINEAGE,
    ]
)

REGISTERED_FEDERATIONS_SCHEMA = pa.schema(
    [
        ("federation_id", pa.string()),
        ("name_sv", pa.string()),
        ("county", pa.string()),
        ("founded", pa.date32()),
        ("chief_fte_pct", pa.int32()),
        ("board_members", pa.int32()),
        *LINEAGE,
    ]
)

REGISTERED_MEMBERS_SCHEMA = pa.schema(
    [
        ("federation_id", pa.string()),
        ("member_id", pa.string()),
        ("name_sv", pa.string()),
        ("member_type", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        *LINEAGE,
    ]
)

EXTRACTION_REVIEW_SCHEMA = pa.schema(
    [
        ("federation_id", pa.string()),
        ("fiscal_year", pa.int32()),
        ("source_file", pa.string()),
        ("source_line", pa.string()),
        ("raw_label", pa.string()),
        ("raw_values", pa.string()),
        ("reason", pa.string()),
        *LINEAGE,
    ]
)

REJECTED_SCHEMA = pa.schema(
    [
        ("loader", pa.string()),
        ("_source_file", pa.string()),
        ("_source_sha256", pa.string()),
        ("_source_line", pa.int32()),
        ("reason", pa.string()),
        ("raw_content", pa.string()),
        ("_loaded_at", pa.timestamp("us")),
    ]
)

RAW_TABLES = {
    "facts": FACTS_SCHEMA,
    "participants": PARTICIPANTS_SCHEMA,
    "documents": DOCUMENTS_SCHEMA,
    "extracted_facts": FACTS_SCHEMA,
    "extracted_documents": DOCUMENTS_SCHEMA,
    "extraction_review": EXTRACTION_REVIEW_SCHEMA,
    "registered_federations": REGISTERED_FEDERATIONS_SCHEMA,
    "registered_members": REGISTERED_MEMBERS_SCHEMA,
}


@dataclass(frozen=True)
class WriteSummary:
    table: str
    rows: int
    rejected: int
    files: int


def write_raw(
    connection: duckdb.DuckDBPyConnection, table: str, result: LoadResult, loaded_at: datetime
) -> WriteSummary:
    """Replace raw.<table> with the loaded records and raw.rejected's rows for this loader."""
    schema = RAW_TABLES[table]
    parts = [_file_table(schema, loaded, loaded_at) for loaded in result.files]
    records = pa.concat_tables(parts) if parts else schema.empty_table()
    connection.execute("create schema if not exists raw")
    connection.register("incoming_records", records)
    connection.execute(f"create or replace table raw.{table} as select * from incoming_records")
    connection.unregister("incoming_records")
    _replace_rejections(connection, table, result, loaded_at)
    return WriteSummary(table, records.num_rows, len(result.rejections), len(result.files))


def _file_table(schema: pa.Schema, loaded: LoadedFile, loaded_at: datetime) -> pa.Table:
    """One file's rows with their lineage; records are dataclasses, or already Arrow columns
    (clean participant exports, participant_columns.py)."""
    business = [name for name in schema.names if not name.startswith("_")]
    if isinstance(loaded.records, pa.Table):
        columns = {name: loaded.records.column(name) for name in business}
        lines = loaded.records.column("line")
    else:
        columns = {name: [getattr(record, name) for record in loaded.records] for name in business}
        lines = [record.line for record in loaded.records]
    rows = len(lines)
    columns |= {
        "_source_file": [loaded.name] * rows,
        "_source_sha256": [loaded.sha256] * rows,
        "_source_line": lines,
        "_loaded_at": [loaded_at] * rows,
    }
    arrays = [
        column.cast(field.type) if isinstance(column, pa.ChunkedArray) else pa.array(column, field.type)
        for field, column in ((field, columns[field.name]) for field in schema)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _replace_rejections(connection, loader: str, result: LoadResult, loaded_at: datetime) -> None:
    sha_by_file = {loaded.name: loaded.sha256 for loaded in result.files}
    rows = [
        {
            "loader": loader,
            "_source_file": rejection.source_file,
            "_source_sha256": sha_by_file.get(rejection.source_file),
            "_source_line": rejection.line,
            "reason": rejection.reason,
            "raw_content": rejection.raw_content,
            "_loaded_at": loaded_at,
        }
        for rejection in result.rejections
    ]
    rejected = pa.Table.from_pylist(rows, schema=REJECTED_SCHEMA)
    empty = pa.Table.from_pylist([], schema=REJECTED_SCHEMA)
    connection.register("empty_rejected", empty)
    connection.execute("create table if not exists raw.rejected as select * from empty_rejected")
    connection.unregister("empty_rejected")
    connection.execute("delete from raw.rejected where loader = ?", [loader])
    connection.register("incoming_rejected", rejected)
    connection.execute("insert into raw.rejected select * from incoming_rejected")
    connection.unregister("incoming_rejected")
