"""`finsam sql`: query the warehouse read-only, once or at a prompt, and save results.

The command is registered on the `finsam` parser with `add_sql_command`;
`main_sql(argv)` runs it on its own (also `python -m pipelines.sql`).
"""

from pipelines.sql.command import add_sql_command, main_sql

__all__ = ["add_sql_command", "main_sql"]
