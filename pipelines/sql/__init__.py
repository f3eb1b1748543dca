"""`finsam sql`: query the warehouse read-only, once or at a prompt, and save results.

The command is registered on the `finsam` parser with `add_sql_command`;
`main_sql(argv)` runs it on its own (also `python -m pipelines.sql`). Nothing
here imports DuckDB until the command runs.
"""

from pipelines.sql.arguments import add_sql_command


def main_sql(argv: list[str] | None = None) -> int:
    from pipelines.sql.command import main_sql as run

    return run(argv)


__all__ = ["add_sql_command", "main_sql"]
