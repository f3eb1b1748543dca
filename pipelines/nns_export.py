"""The national network's (NNS) export: every `rpt_` and `fct_` mart per fiscal year.

Files are written to a build folder that pipelines/publish.py swaps in once
the refresh has passed its checks. Rows are ordered by every column, so the
same warehouse gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

EXPORT_FORMATS = ("csv", "parquet")


@dataclass(frozen=True)
class ExportedFile:
    file: str  # relative to the nns folder
    table: str
    fiscal_year: int
    format: str
    rows: int
    sha256: str


def exported_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    rows = connection.execute(
        """
        select table_name from information_schema.tables
        where table_schema = 'marts'
          and (table_name like 'rpt\\_%' escape '\\' or table_name like 'fct\\_%' escape '\\')
        order by table_name
        """
    ).fetchall()
    return [name for (name,) in rows]


def build_nns_export(
    connection: duckdb.DuckDBPyConnection,
    build: Path,
    published: Path | None = None,
    fiscal_year: int | None = None,
) -> list[ExportedFile]:
    """Write <build>/<year>/<table>.{csv,parquet} and <build>/manifest.json.

    With `fiscal_year`, the other years are carried over from the `published`
    export unchanged, and only that year is written anew.
    """
    shutil.rmtree(build, ignore_errors=True)
    if fiscal_year is not None and published is not None and published.exists():
        shutil.copytree(published, build)
        shutil.rmtree(build / str(fiscal_year), ignore_errors=True)
    build.mkdir(parents=True, exist_ok=True)
    for table in exported_tables(connection):
        for year in _years(connection, table, fiscal_year):
            _write_table_year(connection, build, table, year)
    files = _describe(connection, build)
    manifest = {"files": [asdict(entry) for entry in files]}
    (build / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return files


def _years(connection, table: str, only: int | None) -> list[int]:
    rows = connection.execute(
        f"select distinct fiscal_year from marts.{table} where fiscal_year is not null order by 1"
    ).fetchall()
    return [year for (year,) in rows if only is None or year == only]


def _write_table_year(connection, folder: Path, table: str, year: int) -> None:
    (folder / str(year)).mkdir(exist_ok=True)
    query = f"select * from marts.{table} where fiscal_year = {int(year)} order by all"
    for fmt, options in (("csv", "format csv, header true"), ("parquet", "format parquet")):
        path = str(folder / str(year) / f"{table}.{fmt}").replace("'", "''")
        connection.execute(f"copy ({query}) to '{path}' ({options})")


def _describe(connection, folder: Path) -> list[ExportedFile]:
    described = []
    for path in sorted(folder.glob("*/*.*")):
        table, fmt = path.stem, path.suffix.lstrip(".")
        if fmt not in EXPORT_FORMATS:
            continue
        reader = "read_parquet" if fmt == "parquet" else "read_csv"
        quoted = str(path).replace("'", "''")
        rows = connection.execute(f"select count(*) from {reader}('{quoted}')").fetchone()[0]
        described.append(
            ExportedFile(
                file=path.relative_to(folder).as_posix(),
                table=table,
                fiscal_year=int(path.parent.name),
                format=fmt,
                rows=rows,
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            )
        )
    return described
