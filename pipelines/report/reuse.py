"""Whether the published report can be taken as it is: it was built from the same inputs by the same code.

The report is a function of the warehouse tables it reads (READ_TABLES, the
exported marts through their per-year digests, pipelines/export/reuse.py), of
its code, templates and stylesheet, and of the libraries that draw and render
it. Their digest is recorded beside the report folder (`report.inputs.json`,
outside the files analysts open) with the counts the refresh reports; a refresh
whose digest matches links the published report's files instead of building
it again (a national report took 37 s), so a refresh that changed nothing the
report shows costs a few table digests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

import duckdb

from pipelines.export.reuse import code_digest, inputs_path, table_digest, year_digests

READ_TABLES = (  # every table the report reads besides the exported marts' years
    "marts.fct_fact_versions",  # every version, also those without a fiscal year
    "marts.dim_federations",
    "marts.dim_members",
    "reference.codes",
    "reference.value_labels",
    "reference.outcome_categories",
    "raw.document_lines",
    "ops.extraction_review",
)
PIPELINES = Path(__file__).parents[1]
CODE = tuple(PIPELINES / name for name in ("report", "templates", "export", "foundation"))
LIBRARIES = ("vl-convert-python", "jinja2", "markupsafe", "duckdb", "pyarrow")


@dataclass(frozen=True)
class ReportInputs:
    """The digest of what a report was built from, and what the build counted."""

    digest: str
    pages: int
    charts: int
    figures_linked: int

    def write(self, folder: Path) -> None:
        inputs_path(folder).write_text(json.dumps(asdict(self)) + "\n", encoding="utf-8")

    @classmethod
    def of(cls, folder: Path | None) -> ReportInputs | None:
        """The inputs recorded beside a report folder (a link is followed); None when there are none."""
        if folder is None or not folder.exists():
            return None
        try:
            return cls(**json.loads(inputs_path(folder.resolve()).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None  # none recorded (a report before this file), or damaged: build it


def report_digest(connection: duckdb.DuckDBPyConnection, tables: list[str]) -> str:
    """The digest of every input of the report built from this warehouse by this code."""
    parts = [
        "tables " + ",".join(tables),
        *(f"year {year} {digest}" for year, digest in year_digests(connection, tables).items()),
        *(f"table {table} {table_digest(connection, table)}" for table in READ_TABLES),
        product_digest(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def product_digest() -> str:
    """The report's code, templates and stylesheet, and the versions of the libraries that render it."""
    return "\n".join(
        ["code " + code_digest(*CODE), *(f"library {name} {version(name)}" for name in LIBRARIES)]
    )
