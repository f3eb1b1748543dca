"""`finsam sql`: query the warehouse read-only, once or at a prompt, and save results.

The command is registered on the `finsam` parser with `add_sql_command`;
`main_sql(argv)` runs it on its own (also `python -m pipelines.sql`). Nothing
here imports DuckDB until the command runs.
"""

import argparse

from pipelines.sql.arguments import DESCRIPTION, add_arguments


def add_sql_command(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `sql` on the `finsam` subcommands; its handler is `run_sql`."""
    parser = commands.add_parser(
        "sql", help="query the warehouse read-only (a prompt without QUERY)", description=DESCRIPTION
    )
    add_arguments(parser)
    parser.set_defaults(handler=_run_sql)
    return parser


def _run_sql(arguments: argparse.Namespace) -> int:
    from pipelines.sql.command import run_sql

    return run_sql(arguments)


def main_sql(argv: list[str] | None = None) -> int:
    from pipelines.sql.command import main_sql as run

    return run(argv)


__all__ = ["add_sql_command", "main_sql"]
