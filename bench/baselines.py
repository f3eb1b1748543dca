"""What the refresh is compared with: a plain `dbt build`, and the models' SQL straight in DuckDB.

Both start from a new DuckDB file holding only the refreshed warehouse's `raw`
schema, so they read the same rows the refresh's dbt step read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import yaml

from bench.measured import DBT_PROJECT_DIR, figures, run_child, run_dbt
from pipelines.dbt.commands import REFRESH_EXCLUDES


def profile_threads() -> int:
    """The threads of the profile's default target: the plain build runs with the same."""
    profiles = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
    profile = profiles["finsam"]
    return int(profile["outputs"][profile["target"]].get("threads", 1))


def copy_raw(warehouse: Path, folder: Path) -> Path:
    """A new `finsam.duckdb` in `folder` with the `raw` tables of `warehouse`, nothing else."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / "finsam.duckdb"
    connection = duckdb.connect(str(copy))
    connection.execute(f"attach '{warehouse}' as source (read_only)")
    tables = connection.execute(
        "select table_name from duckdb_tables() where database_name = 'source' and schema_name = 'raw'"
    ).fetchall()
    connection.execute("create schema raw")
    for (table,) in tables:
        connection.execute(f'create table raw."{table}" as select * from source.raw."{table}"')
    connection.execute("detach source")
    connection.close()
    return copy


def plain_dbt_build(warehouse: Path, work: Path) -> dict:
    """`dbt build` as someone would run it by hand: parsed once before, then timed.

    It builds what the refresh builds: the unit tests are left out of both.
    """
    copy = copy_raw(warehouse, work / "plain_dbt")
    threads = str(profile_threads())
    run_dbt("plain_dbt_parse", "parse", copy, work)
    measured = run_dbt("plain_dbt_build", "build", copy, work, "--threads", threads, *REFRESH_EXCLUDES)
    return figures(measured, threads=int(threads))


def raw_duckdb_sql(warehouse: Path, work: Path) -> dict:
    """Seeds loaded and SQL compiled by dbt (not timed), then every model's SQL timed in DuckDB."""
    copy = copy_raw(warehouse, work / "raw_sql")
    run_dbt("raw_sql_seed", "seed", copy, work)
    run_dbt("raw_sql_compile", "compile", copy, work)
    manifest = copy.parent / "target" / "manifest.json"
    measured, result = run_child(
        "raw_sql", ["raw-sql", "--manifest", str(manifest), "--warehouse", str(copy)], work
    )
    return figures(
        measured, sql_seconds=result["seconds"], models=result["models"], slowest=result["slowest"]
    )
