"""Which years of the NNS export can be taken from the published export instead of written again.

A year's files depend only on that year's rows of the exported marts
(suppression never crosses a federation-year) and on how they are written:
schema.json (tables, columns, rules, CSV dialect), the exit categories, this
package's code and the libraries that write the bytes (the `writer` digest).
The export records both beside its folder (`nns.inputs.json`, outside the
files the NNS reads); the next export links a published year's files when its
rows and the writer are unchanged. Comparing what the files were written from,
rather than trusting which years a refresh rebuilt, keeps an export that reuses
years byte for byte the export written from nothing.

A year's rows are summed up by DuckDB as their count and the sum of their
row hashes (128 bits, stable for one DuckDB version, which is part of the
writer): a tenth of a second for a national warehouse, where an md5 of every
row took 1.4 s.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow

INPUTS_SUFFIX = ".inputs.json"
CODE = Path(__file__).parent  # the export package: any change of it writes every year again


@dataclass(frozen=True)
class ExportInputs:
    """What an export's year folders were written from: the writer, and each year's rows."""

    writer: str
    years: dict[int, str] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        text = json.dumps(
            {"writer": self.writer, "years": {str(y): d for y, d in sorted(self.years.items())}}
        )
        inputs_path(folder).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def of(cls, folder: Path | None) -> ExportInputs | None:
        """The inputs recorded beside an export folder (a link is followed); None when there are none."""
        if folder is None or not folder.exists():
            return None
        path = inputs_path(folder.resolve())
        try:
            recorded = json.loads(path.read_text(encoding="utf-8"))
            return cls(recorded["writer"], {int(year): digest for year, digest in recorded["years"].items()})
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none recorded (an export before this file), or damaged: write every year


def inputs_path(folder: Path) -> Path:
    return folder.with_name(folder.name + INPUTS_SUFFIX)


def year_digests(connection: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[int, str]:
    """fiscal year -> digest of its rows in every exported mart (one query per mart)."""
    parts: dict[int, list[str]] = {}
    for table in tables:
        for year, rows, total in connection.execute(
            f"select fiscal_year, count(*), sum(hash(r)::hugeint) from marts.{table} r "
            "where fiscal_year is not null group by fiscal_year order by fiscal_year"
        ).fetchall():
            parts.setdefault(year, []).append(f"{table}:{rows}:{total}")
    return {year: _sha256("\n".join(found)) for year, found in sorted(parts.items())}


def table_digest(connection: duckdb.DuckDBPyConnection, table: str) -> str:
    """A digest of every row of `table` (schema.name); 'absent' when the warehouse has no such table."""
    try:
        rows, total = connection.execute(f"select count(*), sum(hash(r)::hugeint) from {table} r").fetchone()
    except duckdb.CatalogException:
        return "absent"
    return f"{rows}:{total}"


def code_digest(*folders: Path) -> str:
    """A digest of the source files (Python, templates, stylesheets) under `folders`."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(
            p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css")
        ):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def writer_digest(schema: str, categories) -> str:
    """What a year's bytes depend on besides its rows."""
    return _sha256(
        "\n".join(
            [schema, _categories(categories), code_digest(CODE), duckdb.__version__, pyarrow.__version__]
        )
    )


def _categories(categories) -> str:
    """The exit categories in a fixed order (a frozenset's order changes from process to process)."""
    return json.dumps({name: sorted(codes) for name, codes in sorted(vars(categories).items())})


def reusable_years(current: ExportInputs, published: Path | None) -> set[int]:
    """The years whose published files were written by the same writer from the same rows."""
    previous = ExportInputs.of(published)
    if previous is None or previous.writer != current.writer:
        return set()
    return {
        year
        for year, digest in current.years.items()
        if previous.years.get(year) == digest and (published / str(year)).is_dir()
    }


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def reused_years(build: Path, published: Path) -> list[int]:
    """The years of `build` whose files are the published ones (hard links), for the run's record."""
    reused = []
    for folder in sorted(p for p in build.iterdir() if p.is_dir() and p.name.isdigit()):
        files = list(folder.iterdir())
        twins = [published / folder.name / f.name for f in files]
        if files and all(
            t.exists() and t.stat().st_ino == f.stat().st_ino for f, t in zip(files, twins, strict=True)
        ):
            reused.append(int(folder.name))
    return reused
