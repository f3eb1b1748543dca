"""Writing loaded records into the `raw` schema (see docs/raw_layer.md).

Each table is replaced whole on every refresh, so a second refresh never
duplicates rows. Rejections go to `raw.rejected`, replaced per loader. Rows
arrive in batches: a big file's are inserted as they come, small files' rows
gathered into inserts of about 100 000 (memory stays bounded).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.foundation.problems import Rejection
from pipelines.foundation.warehouse_file import connect_writer
from pipelines.ingest.file_changes import FileChanges, changes_in, current_files, drop_files, record_loaded
from pipelines.ingest.landing import LandingFile, LandingInventory
from pipelines.ingest.loading import Batch, FileOpened, LoadEvent, LoadResult, events_of

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

LANDING_FILES_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("kind", pa.string()),
        ("size_bytes", pa.int64()),
        *LINEAGE,
    ]
)

DOCUMENT_LINES_SCHEMA = pa.schema(
    [
        ("federation_id", pa.string()),
        ("source_file", pa.string()),
        ("landing_path", pa.string()),
        ("line_ref", pa.string()),
        ("text", pa.string()),
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
    "landing_files": LANDING_FILES_SCHEMA,
    "document_lines": DOCUMENT_LINES_SCHEMA,
}


@dataclass(frozen=True)
class WriteSummary:
    table: str
    rows: int
    rejected: int
    files: int
    seconds: float = 0.0  # the whole write, reading the landing files included (store_raw_table)


REJECTIONS_PER_INSERT = 10_000
ROWS_PER_INSERT = 100_000  # an INSERT costs milliseconds whatever its size: 1 800 files made 5 s of them


def write_raw(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    result: LoadResult | Iterable[LoadEvent],
    loaded_at: datetime,
    on_rejection: Callable[[Rejection], None] | None = None,
    changes: FileChanges | None = None,
) -> WriteSummary:
    """Replace raw.<table>'s rows of the files loaded with their records, and raw.rejected's rows.

    Without `changes` the table and this loader's rejections are replaced
    whole. With them (pipelines/ingest/file_changes.py) only the rows of the
    files it drops are deleted, and only rows of files it loads again are
    stored: the unchanged files' rows stay as they are.
    `result` is a LoadResult or a loader's stream of events: each batch is
    inserted as it comes, so memory does not grow with the files' size.
    `on_rejection` sees every rejection as it is stored (to log it).
    """
    events = events_of(result) if isinstance(result, LoadResult) else result
    schema = RAW_TABLES[table]
    connection.execute("create schema if not exists raw")
    replacing = "create or replace table" if changes is None else "create table if not exists"
    _insert(connection, f"{replacing} raw.{table} as select * from incoming", schema.empty_table())
    _insert(connection, "create table if not exists raw.rejected as select * from incoming", _rejected([]))
    if changes is None:
        connection.execute("delete from raw.rejected where loader = ?", [table])
    else:
        drop_files(connection, table, changes)
    stored = changes.stores if changes is not None else _every_file
    sha_by_file: dict[str, str] = {}
    current: FileOpened | None = None
    rows = files = rejected = 0
    pending: list[dict] = []
    parts = _PendingRows(connection, table)
    for event in events:
        if isinstance(event, FileOpened):
            current = event if stored(event.name) else None
            files += current is not None
            sha_by_file[event.name] = event.sha256
        elif isinstance(event, Batch):
            if current is None:
                continue
            part = _file_table(schema, current, event.records, loaded_at)
            parts.add(part)
            rows += part.num_rows
        elif not stored(event.source_file):
            continue
        else:
            rejected += 1
            pending.append(_rejected_row(table, event, sha_by_file.get(event.source_file), loaded_at))
            if on_rejection:
                on_rejection(event)
            if len(pending) >= REJECTIONS_PER_INSERT:
                _insert(connection, "insert into raw.rejected select * from incoming", _rejected(pending))
                pending = []
    parts.flush()
    if pending:
        _insert(connection, "insert into raw.rejected select * from incoming", _rejected(pending))
    if changes is not None:
        record_loaded(connection, table, changes)
    return WriteSummary(table, rows, rejected, files)


class _PendingRows:
    """Small files' rows gathered into inserts of about ROWS_PER_INSERT rows, in the order they came;
    a batch of a big file is inserted as it comes."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, table: str):
        self.connection = connection
        self.statement = f"insert into raw.{table} select * from incoming"
        self.parts: list[pa.Table] = []
        self.rows = 0

    def add(self, part: pa.Table) -> None:
        if part.num_rows >= ROWS_PER_INSERT // 10:  # a big file's batch: as it comes, memory stays flat
            self.flush()
            _insert(self.connection, self.statement, part)
            return
        self.parts.append(part)
        self.rows += part.num_rows
        if self.rows >= ROWS_PER_INSERT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            _insert(self.connection, self.statement, pa.concat_tables(self.parts))
        self.parts, self.rows = [], 0


def _every_file(_name: str | None) -> bool:
    return True


def raw_table_changes(warehouse: Path, files: Iterable[LandingFile], *tables: str) -> dict[str, FileChanges]:
    """What each raw table in `warehouse` must reload of `files`, the landing files its loader reads."""
    current = current_files(files)
    with connect_writer(warehouse) as connection:
        return {table: changes_in(connection, table, current) for table in tables}


def store_raw_table(
    warehouse: Path,
    table: str,
    result: LoadResult | Iterable[LoadEvent],
    on_rejection: Callable[[Rejection], None] | None = None,
    changes: FileChanges | None = None,
) -> WriteSummary:
    """Write a loader's records into raw.<table> in `warehouse` (write_raw), stamped with this moment.

    A loader's events are read as they are written, so `seconds` is the time of
    reading the landing files and writing them.
    """
    started = time.monotonic()
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    with connect_writer(warehouse) as connection:
        summary = write_raw(connection, table, result, loaded_at, on_rejection=on_rejection, changes=changes)
    return replace(summary, seconds=round(time.monotonic() - started, 2))


@dataclass(frozen=True)
class _ListedFile:
    file: str
    kind: str
    size_bytes: int
    line: int = 0


def inventory_events(found: LandingInventory) -> Iterator[LoadEvent]:
    """The landing's inventory as raw.landing_files rows (lineage: the landing folder, `.`) and
    the files not read as rejections."""
    yield from found.not_read
    yield FileOpened(".", None)
    listed = [_ListedFile(f.name, f.kind.value, f.size) for f in found.files]
    if listed:
        yield Batch(listed)


def _insert(connection, statement: str, incoming: pa.Table) -> None:
    connection.register("incoming", incoming)
    try:
        connection.execute(statement)
    finally:
        connection.unregister("incoming")


def _file_table(schema: pa.Schema, opened: FileOpened, records, loaded_at: datetime) -> pa.Table:
    """One batch of a file's rows with their lineage; records are dataclasses, or already Arrow
    columns (plain participant exports, participant_columns.py)."""
    business = [name for name in schema.names if not name.startswith("_")]
    if isinstance(records, pa.Table):
        columns = {name: records.column(name) for name in business}
        lines = records.column("line")
    else:
        columns = {name: [getattr(record, name) for record in records] for name in business}
        lines = [record.line for record in records]
    rows = len(lines)
    columns |= {
        "_source_file": [opened.name] * rows,
        "_source_sha256": [opened.sha256] * rows,
        "_source_line": lines,
        "_loaded_at": [loaded_at] * rows,
    }
    arrays = [
        column.cast(field.type) if isinstance(column, pa.ChunkedArray) else pa.array(column, field.type)
        for field, column in ((field, columns[field.name]) for field in schema)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _rejected_row(loader: str, rejection: Rejection, sha256: str | None, loaded_at: datetime) -> dict:
    return {
        "loader": loader,
        "_source_file": rejection.source_file,
        "_source_sha256": sha256,
        "_source_line": rejection.line,
        "reason": rejection.reason,
        "raw_content": rejection.raw_content,
        "_loaded_at": loaded_at,
    }


def _rejected(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=REJECTED_SCHEMA)
