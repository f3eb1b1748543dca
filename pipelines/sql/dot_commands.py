"""The prompt's dot commands: what is in the analyst schema and what its columns mean.

They read DuckDB's catalog, where dbt stored every analyst view's and column's
description as a comment.
"""

from __future__ import annotations

import duckdb

from pipelines.sql.session import Result, SqlError

DEFAULT_SCHEMA = "analyst"

HELP = """\
End a statement with ';' (it may span lines). Every statement only reads.
  .tables            the analyst views and what each holds
  .describe VIEW     the columns of a view (analyst.VIEW, or SCHEMA.TABLE) with their meaning
  .help              this text
  .quit              leave (so does end of input, Ctrl-D)
Example: select * from analyst.kostnad_per_deltagare;"""


def is_dot_command(text: str) -> bool:
    return text.lstrip().startswith(".")


def run_dot_command(connection: duckdb.DuckDBPyConnection, text: str) -> Result | str:
    """A Result to print, or text (the help); SqlError for an unknown command."""
    command, _, argument = text.strip().partition(" ")
    argument = argument.strip().rstrip(";")
    if command == ".help":
        return HELP
    if command == ".tables":
        return _query(
            connection,
            "select view_name as view, comment from duckdb_views() where schema_name = ? order by view_name",
            [DEFAULT_SCHEMA],
        )
    if command in (".describe", ".schema") and argument:
        return describe(connection, argument)
    raise SqlError(f"unknown command {text.strip()!r}; .help lists the commands")


def describe(connection: duckdb.DuckDBPyConnection, name: str) -> Result:
    schema, _, table = name.rpartition(".")
    result = _query(
        connection,
        "select column_name as column, data_type as type, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema or DEFAULT_SCHEMA, table],
    )
    if not result.rows:
        raise SqlError(
            f"no table or view {schema or DEFAULT_SCHEMA}.{table}; .tables lists the analyst views"
        )
    return result


def _query(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list) -> Result:
    cursor = connection.execute(sql, parameters)
    return Result([column[0] for column in cursor.description], cursor.fetchall())
