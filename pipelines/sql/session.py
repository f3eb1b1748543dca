"""Running analysts' SQL on the warehouse: read-only, one statement at a time.

The connection is opened read-only, so DuckDB itself refuses any write to the
warehouse. Statements are also checked before anything runs, so that a write,
an ATTACH or a COPY gets one clear message instead of DuckDB's, and a batch
with a write in it runs nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.warehouse import connect_reader

# Statement types that only read. SET covers USE and session settings; MULTI is PIVOT.
READING_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA", "CALL", "SET", "VARIABLE_SET", "MULTI"})


class SqlError(Exception):
    """A problem to report to the analyst as one line, without a traceback."""


class WarehouseMissing(SqlError):
    def __init__(self, path: Path):
        super().__init__(f"no warehouse at {path}: build it with `make run` or `finsam refresh`")
        self.path = path


class WriteRefused(SqlError):
    def __init__(self, statement_type: str):
        super().__init__(
            f"finsam sql only reads the warehouse: {statement_type} statements are refused. "
            "The warehouse is rebuilt by `finsam refresh`; to save a result, use "
            "--format csv|parquet|markdown --output FILE."
        )
        self.statement_type = statement_type


@dataclass(frozen=True)
class Result:
    """The rows of one statement; `columns` is empty for statements without a result (SET)."""

    columns: list[str]
    rows: list[tuple]
    types: list[str] = field(default_factory=list)  # DuckDB's type of each column, e.g. DECIMAL(18,2)


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise WarehouseMissing(path)
    return connect_reader(path)


def reading_statements(connection: duckdb.DuckDBPyConnection, text: str) -> list:
    """The statements in `text` (comments alone give none); WriteRefused if any would write."""
    statements = connection.extract_statements(text)
    for statement in statements:
        kind = statement.type.name
        if kind not in READING_STATEMENTS:
            raise WriteRefused(kind)
    return statements


def run_statement(connection: duckdb.DuckDBPyConnection, statement) -> Result:
    cursor = connection.execute(statement)
    if statement.type.name == "SET" or cursor.description is None:
        cursor.fetchall()  # DuckDB 2 wants every result finished before the next statement
        return Result([], [])
    columns = [column[0] for column in cursor.description]
    types = [str(column[1]) for column in cursor.description]
    return Result(columns, cursor.fetchall(), types)


def write_parquet(connection: duckdb.DuckDBPyConnection, statement, path: Path) -> int:
    """Write the statement's rows to `path` with DuckDB's own Parquet writer; returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    relation = connection.sql(statement.query)
    relation.write_parquet(str(path))
    quoted = str(path).replace("'", "''")
    return connection.execute(f"select count(*) from read_parquet('{quoted}')").fetchone()[0]
