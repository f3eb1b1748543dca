"""The `finsam sql` command line: one query printed or saved, or the prompt when no query is given.

Exit codes: 0 done; 1 the query failed, would write, or the warehouse is
missing (the message says which, without a traceback); 2 the arguments do not
fit together.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from pipelines.foundation.settings import Settings
from pipelines.sql.arguments import DESCRIPTION, FILE_ONLY_FORMATS, add_arguments
from pipelines.sql.output import format_csv, format_markdown, format_table, swedish_csv
from pipelines.sql.prompt import Render, run_prompt, run_text, stream_reader, terminal_reader
from pipelines.sql.session import (
    SqlError,
    error_message,
    open_warehouse,
    reading_statements,
    run_statement,
    write_parquet,
)
from pipelines.sql.workbook import write_workbook


def main_sql(argv: list[str] | None = None) -> int:
    """`finsam sql` on its own: parse `argv` (without the word `sql`) and run."""
    parser = argparse.ArgumentParser(prog="finsam sql", description=DESCRIPTION)
    add_arguments(parser)
    return run_sql(parser.parse_args(argv))


def run_sql(arguments: argparse.Namespace) -> int:
    problem = _usage_problem(arguments)
    if problem:
        print(f"finsam sql: error: {problem}", file=sys.stderr)
        return 2
    warehouse = Settings.from_env(warehouse=arguments.warehouse).warehouse
    try:
        connection = open_warehouse(warehouse)
    except (SqlError, duckdb.Error) as error:
        print(f"error: {error_message(error)}", file=sys.stderr)
        return 1
    with connection:
        render = _renderer(arguments.format, arguments.max_rows, arguments.csv_dialect)
        if arguments.query is None:
            return _prompt(connection, warehouse, render)
        if arguments.output is not None:
            return _write_file(
                connection, arguments.query, arguments.format, arguments.output, arguments.csv_dialect
            )
        return 0 if run_text(connection, arguments.query, render, sys.stdout, sys.stderr) else 1


def _usage_problem(arguments: argparse.Namespace) -> str | None:
    if arguments.query is None and (arguments.output is not None or arguments.format in FILE_ONLY_FORMATS):
        return f"--output and --format {arguments.format} need a QUERY"
    if arguments.format in FILE_ONLY_FORMATS and arguments.output is None:
        return f"--format {arguments.format} needs --output FILE"
    if arguments.csv_dialect != "rfc4180" and arguments.format != "csv":
        return "--csv-dialect goes with --format csv"
    return None


def _renderer(output_format: str, max_rows: int, csv_dialect: str = "rfc4180") -> Render:
    if output_format == "csv" and csv_dialect == "sv":
        return lambda result: swedish_csv(result).decode("utf-8-sig").rstrip("\r\n")
    if output_format == "csv":
        return format_csv
    if output_format == "markdown":
        return format_markdown
    return lambda result: format_table(result, max_rows)


def _prompt(connection: duckdb.DuckDBPyConnection, warehouse: Path, render: Render) -> int:
    interactive = sys.stdin.isatty()
    if interactive:
        print(
            f"finsam sql: {warehouse} (read-only). End statements with ';'. .help for help, .quit to leave."
        )
        read_line = terminal_reader()
    else:
        read_line = stream_reader(sys.stdin)
    return run_prompt(connection, read_line, render, sys.stdout, sys.stderr, interactive)


def _write_file(
    connection: duckdb.DuckDBPyConnection, query: str, output_format: str, path: Path, csv_dialect: str
) -> int:
    try:
        statements = reading_statements(connection, query)
        if len(statements) != 1:
            raise SqlError(f"--output takes one statement; the query has {len(statements)}")
        if output_format == "parquet":
            rows = write_parquet(connection, statements[0], path)
        elif output_format == "xlsx":
            rows = write_workbook(run_statement(connection, statements[0]), path)
        elif output_format == "csv" and csv_dialect == "sv":
            result = run_statement(connection, statements[0])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(swedish_csv(result))
            rows = len(result.rows)
        else:
            result = run_statement(connection, statements[0])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_renderer(output_format, 0)(result) + "\n", encoding="utf-8")
            rows = len(result.rows)
    except (SqlError, duckdb.Error, OSError) as error:
        print(f"error: {error_message(error)}", file=sys.stderr)
        return 1
    print(f"Wrote {rows} rows to {path}", file=sys.stderr)
    return 0
