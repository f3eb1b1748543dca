"""What the raw layer's rows depend on besides the landing files themselves, as one fingerprint.

A refresh reloads only the landing files that changed (pipelines/ingest/file_changes.py):
that is only right while an unchanged file would load into the same rows. Those
rows depend on the loaders' code (pipelines/extract: documents to facts;
pipelines/ingest: the parsers, the contract checks and the raw tables' columns;
pipelines/foundation: the contract, text decoding, personal-data masking), on the
reference data the rows are checked against and the label vocabulary (seeds/),
on the landing's registrations (`landing/federations.csv`, `members.csv`: which
federations and members a file may name) and its label mappings
(`landing/label_mappings.csv`: how a document's rows become codes), and on the
Python and pyarrow that parse participant exports. That is what the extraction
cache is keyed by (pipelines/extract/cache.py's fingerprint) plus those two
versions. The landing files are not in it: their sha256 are compared one by one.

The fingerprint is stored in the warehouse (`raw.load_fingerprint`); a refresh
whose fingerprint differs from the published warehouse's builds from nothing.
"""

from __future__ import annotations

import hashlib
import platform
from importlib.metadata import version
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.extract.cache import fingerprint as extraction_fingerprint
from pipelines.ingest.file_changes import raw_table_exists

FINGERPRINT_TABLE = "raw.load_fingerprint"
FINGERPRINT_SCHEMA = pa.schema(
    [
        ("fingerprint", pa.string()),
        ("built_from", pa.string()),  # nothing | published: how this build's raw layer started
        ("reason", pa.string()),  # why, for the run's log
    ]
)


def load_fingerprint(landing: Path) -> str:
    digest = hashlib.sha256(extraction_fingerprint(landing).encode())
    digest.update(f"python {platform.python_version()} pyarrow {version('pyarrow')}".encode())
    return digest.hexdigest()[:16]


def stored_fingerprint(connection: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint the warehouse `connection` reads was loaded with; None if it has none."""
    if not raw_table_exists(connection, "load_fingerprint"):
        return None
    row = connection.execute(f"select fingerprint from {FINGERPRINT_TABLE}").fetchone()
    return row[0] if row else None


def store_fingerprint(
    connection: duckdb.DuckDBPyConnection, fingerprint: str, built_from: str, reason: str
) -> None:
    row = pa.Table.from_pylist(
        [{"fingerprint": fingerprint, "built_from": built_from, "reason": reason}], schema=FINGERPRINT_SCHEMA
    )
    connection.execute("create schema if not exists raw")
    connection.register("fingerprint_row", row)
    try:
        connection.execute(f"create or replace table {FINGERPRINT_TABLE} as select * from fingerprint_row")
    finally:
        connection.unregister("fingerprint_row")
