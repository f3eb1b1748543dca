"""The NNS export package: every exported mart per fiscal year, with its data dictionary.

The exported marts are declared once, in dbt: the models whose YAML sets
`config: {meta: {nns_export: true}}` (dbt_project/models/marts/_<model>.yml),
read from the dbt manifest.

<build>/<fiscal_year>/<table>.csv and .parquet (suppressed, see privacy.py),
<build>/schema.json and README.md (dictionary.py, readme.py) and
<build>/manifest.json (every data file with rows and sha256). Files are written
to a build folder that pipelines/refresh/publish.py swaps in once the refresh has
passed its checks. Rows are ordered by every column and nothing carries a
timestamp, so the same warehouse gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.export import csv_format
from pipelines.export.csv_format import CsvDialect, csv_bytes
from pipelines.export.dictionary import FORMAT_VERSION, describe_tables, schema_document
from pipelines.export.privacy import ExitCategories, suppress_tables
from pipelines.export.readme import readme_text
from pipelines.export.reuse import ExportInputs, reusable_years, writer_digest, year_digests
from pipelines.foundation.linked_copies import linked_tree
from pipelines.foundation.warehouse_file import connect_reader, database_file

EXPORT_FORMATS = ("csv", "parquet")
NNS_EXPORT_META = "nns_export"  # a dbt model's meta key: true exports the mart
MANIFEST, SCHEMA, README = "manifest.json", "schema.json", "README.md"
PARALLEL_FROM_ROWS = (
    100_000  # below this, starting worker processes (about a second) costs more than it saves
)


@dataclass(frozen=True)
class ExportedFile:
    file: str  # relative to the nns folder
    table: str
    fiscal_year: int
    format: str
    rows: int
    sha256: str


class ExportedMartError(RuntimeError):
    """A model the dbt manifest marks for export cannot be exported: it is not in schema marts,
    or the warehouse does not hold it."""


def exported_models(manifest: Mapping[str, Any]) -> list[str]:
    """The models of a dbt manifest marked `meta: {nns_export: true}`, in name order."""
    marked = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("meta", {}).get(NNS_EXPORT_META) is True
    ]
    outside = sorted(node["name"] for node in marked if node["schema"] != "marts")
    if outside:
        raise ExportedMartError(
            f"{NNS_EXPORT_META} is set on models outside schema marts: {', '.join(outside)}"
        )
    return sorted(node["name"] for node in marked)


def exported_tables(connection: duckdb.DuckDBPyConnection, dbt_manifest: Path | None = None) -> list[str]:
    """The marts the export writes (as the dbt manifest marks them); each must be in the warehouse."""
    if dbt_manifest is None:
        dbt_manifest = _dbt_manifest()
    tables = exported_models(json.loads(dbt_manifest.read_text(encoding="utf-8")))
    present = {
        name
        for (name,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    missing = [table for table in tables if table not in present]
    if missing:
        raise ExportedMartError(
            f"{dbt_manifest}: {NNS_EXPORT_META} marks {', '.join(missing)}, which schema marts of the "
            "warehouse does not hold: refresh the warehouse with this dbt project"
        )
    return tables


def _dbt_manifest() -> Path:
    from pipelines.dbt.project import ensure_manifest  # late: parses the dbt project when it changed

    return ensure_manifest()


def build_nns_export(
    connection: duckdb.DuckDBPyConnection,
    build: Path,
    published: Path | None = None,
    fiscal_year: int | None = None,
    *,
    csv_dialect: str | CsvDialect = "rfc4180",
    dbt_manifest: Path | None = None,
    in_this_process: bool = False,
) -> list[ExportedFile]:
    """Write the export package to `build`; return its data files as listed in the manifest.

    A year whose rows and writer are those the `published` export's year was
    written from is hard-linked from there instead of written again (reuse.py).
    With `fiscal_year`, the other years are carried over from the `published`
    export unchanged and only that year is written anew, as long as the
    published export has the same schema.json (same tables, columns, rules and
    CSV dialect); otherwise every year is written.

    A large export writes its years in worker processes, one per core;
    `in_this_process` writes them here, one after another (beside other work
    that holds a core, and no worker's memory on top).
    """
    dialect = csv_format.csv_dialect(csv_dialect)
    if dbt_manifest is None:
        dbt_manifest = _dbt_manifest()
    tables = exported_tables(connection, dbt_manifest)
    docs = describe_tables(connection, tables, dbt_manifest)
    schema = json.dumps(schema_document(docs, dialect), indent=2, ensure_ascii=False) + "\n"
    categories = exit_categories(connection)
    current = ExportInputs(writer_digest(schema, categories), year_digests(connection, tables))
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    carried, recorded = _carried_over(current, published, fiscal_year, schema)
    for year in sorted(carried):
        linked_tree(published / str(year), build / str(year))
    # a year at a time: suppression never crosses a federation-year, and the whole
    # national warehouse as Python records took 2.5 GB
    years = [y for y in (current.years if recorded is None else [fiscal_year]) if y not in carried]
    years = [y for y in years if y in current.years]
    _write_years_of(connection, build, years, tables, categories, dialect, in_this_process)
    (build / SCHEMA).write_text(schema, encoding="utf-8")
    (build / README).write_text(readme_text(docs, dialect), encoding="utf-8")
    files = _describe(build, _listed(published, carried))
    manifest = {
        "format_version": FORMAT_VERSION,
        "csv_dialect": dialect.name,
        "documents": [{"file": name, "sha256": _sha256(build / name)} for name in (README, SCHEMA)],
        "files": [asdict(entry) for entry in files],
    }
    (build / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    kept = recorded if recorded is not None else {y: current.years[y] for y in carried}
    ExportInputs(current.writer, {**kept, **{y: current.years[y] for y in years}}).write(build)
    return files


def _carried_over(
    current: ExportInputs, published: Path | None, fiscal_year: int | None, schema: str
) -> tuple[set[int], dict[int, str] | None]:
    """The published years to link, and (with `fiscal_year`) what is known of their rows, else None.

    Without `fiscal_year`: the years whose rows and writer are unchanged.
    With it: every other published year, as long as schema.json is the same;
    a carried year's rows are known only when the published export was written
    by this writer (so a later export writes the others again).
    """
    if fiscal_year is None:
        return reusable_years(current, published), None
    if published is None or not published.exists():
        return set(), {}
    published_schema = published / SCHEMA
    if not published_schema.exists() or published_schema.read_text(encoding="utf-8") != schema:
        return set(), None  # written under other rules, columns or CSV dialect: every year anew
    years = {int(p.name) for p in published.iterdir() if p.is_dir() and p.name.isdigit()} - {fiscal_year}
    previous = ExportInputs.of(published)
    known = previous.years if previous is not None and previous.writer == current.writer else {}
    return years, {year: known[year] for year in years if year in known}


def _write_years_of(
    connection, build: Path, years: list[int], tables, categories, dialect, in_this_process: bool = False
) -> None:
    database = database_file(connection)
    if (
        in_this_process
        or database is None
        or len(years) < 2
        or (os.cpu_count() or 1) < 2
        or _rows(connection) < PARALLEL_FROM_ROWS
    ):
        for year in years:
            _write_year(connection, build, year, tables, categories, dialect)
        return
    # years are independent: one reading connection per worker process
    workers = min(os.cpu_count() or 1, 4)
    spawn = get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=_year_worker_start) as pool:
        jobs = [pool.submit(_write_year_from, database, build, y, tables, categories, dialect) for y in years]
        for job in jobs:
            job.result()


def _listed(published: Path | None, years: set[int]) -> dict[str, dict]:
    """The published manifest's entries for the files of `years` (linked, so the same bytes)."""
    if not years or published is None or not (published / MANIFEST).exists():
        return {}
    entries = json.loads((published / MANIFEST).read_text(encoding="utf-8"))["files"]
    return {entry["file"]: entry for entry in entries if entry["fiscal_year"] in years}


def _write_year(
    connection, build: Path, year: int, tables: list[str], categories, dialect: CsvDialect
) -> None:
    for table, data in suppressed_marts(connection, year, tables, categories).items():
        _write_years(connection, build, table, data, dialect)


def suppressed_marts(
    connection: duckdb.DuckDBPyConnection,
    year: int,
    tables: list[str] | None = None,
    categories: ExitCategories | None = None,
) -> dict[str, pa.Table]:
    """Every exported mart of one fiscal year with small counts hidden, exactly as the export hides them.

    The report reads the marts through this too: cells are tied across tables,
    so suppression must always see the same set of tables.
    """
    tables = exported_tables(connection) if tables is None else tables
    categories = exit_categories(connection) if categories is None else categories
    return suppress_tables({table: _read(connection, table, year) for table in tables}, categories)


def fiscal_years(connection: duckdb.DuckDBPyConnection) -> list[int]:
    """The fiscal years any exported mart holds, in order."""
    return _years(connection, exported_tables(connection))


def _year_worker_start() -> None:
    """A year worker's Arrow memory from the system's allocator, not Arrow's default (mimalloc).

    Two year workers beside the waiting refresh process are a cold national
    refresh's peak. mimalloc kept what a year had freed: one worker writing
    every national year peaked at 380 MB with it and at 352 MB without, in as long.
    """
    pa.set_memory_pool(pa.system_memory_pool())


def _write_year_from(database: str, build: Path, year: int, tables: list[str], categories, dialect) -> None:
    """One year, in a worker process of its own: one DuckDB thread, as the pool runs a worker per core.

    DuckDB's default, a thread per core in each worker, only has the workers'
    threads compete for the same cores (and hold their buffers).
    """
    with connect_reader(Path(database)) as connection:
        connection.execute("set threads = 1")
        _write_year(connection, build, year, tables, categories, dialect)


def _rows(connection) -> int:
    found = connection.execute(
        "select coalesce(sum(estimated_size), 0) from duckdb_tables() where schema_name = 'marts'"
    ).fetchall()
    return int(found[0][0])


def _years(connection, tables: list[str]) -> list[int]:
    union = " union ".join(f"select distinct fiscal_year from marts.{table}" for table in tables)
    return [
        year
        for (year,) in connection.sql(
            f"select * from ({union}) where fiscal_year is not null order by 1"
        ).fetchall()
    ]


def _read(connection, table: str, year: int | None) -> pa.Table:
    where = "fiscal_year is not null" + ("" if year is None else f" and fiscal_year = {int(year)}")
    return connection.sql(f"select * from marts.{table} where {where} order by all").to_arrow_table()


def exit_categories(connection) -> ExitCategories:
    try:
        rows = connection.execute(
            "select outcome_code, sus_category, positive_exit from reference.outcome_categories"
        ).fetchall()
    except duckdb.CatalogException:
        return ExitCategories.from_seed()
    return ExitCategories.from_rows(rows)


def _write_years(connection, build: Path, table: str, data: pa.Table, dialect: CsvDialect) -> None:
    for year in sorted(set(data.column("fiscal_year").to_pylist())):
        folder = build / str(year)
        folder.mkdir(exist_ok=True)
        part = data.filter(pc.equal(data.column("fiscal_year"), year))
        (folder / f"{table}.csv").write_bytes(csv_bytes(part, dialect))
        connection.from_arrow(part).to_parquet(str(folder / f"{table}.parquet"))


def _describe(folder: Path, listed: Mapping[str, dict]) -> list[ExportedFile]:
    described = []
    for path in sorted(folder.glob("*/*.*")):
        table, fmt = path.stem, path.suffix.lstrip(".")
        if fmt not in EXPORT_FORMATS:
            continue
        name = path.relative_to(folder).as_posix()
        if name in listed:
            described.append(ExportedFile(**listed[name]))
            continue
        described.append(
            ExportedFile(
                file=path.relative_to(folder).as_posix(),
                table=table,
                fiscal_year=int(path.parent.name),
                format=fmt,
                rows=pq.read_metadata(path.with_suffix(".parquet")).num_rows,
                sha256=_sha256(path),
            )
        )
    return described


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
