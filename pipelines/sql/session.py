"""Running analysts' SQL on the warehouse: read-only, one statement at a time.

DuckDB itself enforces that nothing is written: the warehouse is attached
read-only to an in-memory session whose file system access is switched off
(`enable_external_access`: no COPY TO, EXPORT DATABASE, ATTACH of another
file, read_csv of other files, INSTALL), extensions are neither installed
nor loaded on their own, and the configuration is locked so that no SET
turns any of that back on. Statements are also checked before anything runs,
so that a write gets one clear message and a batch with a write in it runs
nothing; DuckDB's refusals are told in one line too (`refusal`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

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


# Set when the session starts; lock_configuration keeps them so.
SESSION_SETTINGS = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
}
LOCKING_STATEMENTS = ("set enable_external_access = false", "set lock_configuration = true")


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory session with the warehouse attached read-only under its file's name, and locked.

    In memory, so that it opens beside other read-only connections to the
    warehouse in the same process (DuckDB refuses a second configuration of
    one open file).
    """
    if not path.exists():
        raise WarehouseMissing(path)
    connection = duckdb.connect(":memory:", config=SESSION_SETTINGS)
    name = _identifier(path.stem)
    connection.execute(f"attach {_literal(str(path))} as {name} (read_only)")
    connection.execute(f"use {name}")
    for statement in LOCKING_STATEMENTS:
        connection.execute(statement)
    return connection


_REFUSALS = (
    (
        re.compile(r'Cannot access (?:file|directory) "([^"]*)"'),
        "finsam sql reads only the warehouse and cannot read or write other files ({0}); "
        "save a result with --format csv|parquet|markdown --output FILE",
    ),
    (
        re.compile(r"Loading external extensions is disabled"),
        "finsam sql cannot install or load extensions",
    ),
    (
        re.compile(r'Cannot change configuration option "([^"]*)"'),
        "finsam sql cannot change DuckDB's settings ({0})",
    ),
    (
        re.compile(r'Cannot execute statement of type "([^"]*)" .* read-only mode'),
        "finsam sql only reads the warehouse: {0} statements are refused",
    ),
    (
        re.compile(r'Cannot attach "[^"]*" - the database file "([^"]*)" is already attached'),
        "finsam sql has the warehouse attached read-only already ({0}); it cannot be attached again",
    ),
)


def error_message(error: Exception) -> str:
    """What to print after `error: `: a refusal in one line, any other error as DuckDB words it."""
    if isinstance(error, duckdb.Error):
        return refusal(error) or str(error)
    return str(error)


def refusal(error: duckdb.Error) -> str | None:
    """One line for an error DuckDB raised because the session is locked down; None for other errors."""
    text = str(error)
    for pattern, message in _REFUSALS:
        found = pattern.search(text)
        if found:
            return message.format(*found.groups())
    return None


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
    """Write the statement's rows to `path` through Arrow; returns the row count.

    Not with DuckDB's own writer: the session may not touch files (open_warehouse).
    """
    import pyarrow.parquet as parquet

    table = connection.sql(statement.query).to_arrow_table()
    path.parent.mkdir(parents=True, exist_ok=True)
    parquet.write_table(table, path)
    return table.num_rows
