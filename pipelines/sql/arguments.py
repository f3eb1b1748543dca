"""The `finsam sql` arguments, kept apart from the command so `finsam`'s parser imports no DuckDB
(pipelines/sql/__init__.py registers them on `finsam`).

Building the parser is on the path of every `finsam` command, a refresh refused
for a running one included, which must answer within 2 s on a busy machine.
"""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("table", "csv", "markdown", "parquet", "xlsx")
CSV_DIALECTS = ("rfc4180", "sv")
FILE_ONLY_FORMATS = ("parquet", "xlsx")

DESCRIPTION = (
    "Query the warehouse read-only. With QUERY, print its result (or save it with --output); "
    "without, read statements ending with ';' at a prompt (or from a pipe: finsam sql < question.sql). "
    "The analyst schema holds the reports under Swedish names: .tables at the prompt lists them."
)
DEFAULT_MAX_ROWS = 200


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="QUERY", help="SQL to run; statements separated by ';'")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), csv, markdown, parquet or xlsx (parquet and xlsx need --output)",
    )
    parser.add_argument(
        "--csv-dialect",
        choices=CSV_DIALECTS,
        default="rfc4180",
        help="with --format csv: rfc4180 (comma, dot decimals; default) or sv (Swedish Excel: "
        "semicolon, decimal comma, UTF-8 with BOM in a file), as for finsam refresh",
    )
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the result to FILE")
    parser.add_argument("--warehouse", help="DuckDB file (FINSAM_WAREHOUSE, default warehouse/finsam.duckdb)")
    parser.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"rows a printed table shows (default {DEFAULT_MAX_ROWS}, 0 for all); files hold every row",
    )
