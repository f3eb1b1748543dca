"""Whether a refresh would only build what is published already: the same landing, the same product.

A whole refresh records what it was built from in its build file
(`raw.refresh_inputs`): a digest of every landing file's sha256 and a digest
of the product (its code, dbt project, seeds, suites, the versions of the
libraries that compute, and the options that change an output). When
`finsam refresh` finds the published warehouse recorded with the same two
digests, nothing it would build differs, and it says so instead of running:
about a second instead of a run through every step. `--full` always
rebuilds. A changed product digest makes the next refresh build from nothing
(pipelines/refresh/build_files.py): the published years were computed by
other code. A refresh of some assets (the UI's Materialize) drops the record:
what it published is no longer one product's build of one landing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pipelines.foundation.settings import DBT_PROJECT_DIR, PROJECT_ROOT, SEEDS_DIR, Settings
from pipelines.foundation.warehouse_file import connect_reader, connect_writer, table_exists

INPUTS_TABLE = "raw.refresh_inputs"
PRODUCT_FOLDERS = (
    PROJECT_ROOT / "pipelines",
    DBT_PROJECT_DIR / "models",
    DBT_PROJECT_DIR / "macros",
    DBT_PROJECT_DIR / "tests",
    SEEDS_DIR,
    PROJECT_ROOT / "expectations",
)
PRODUCT_FILES = (DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml")
LIBRARIES = ("duckdb", "dbt-core", "dbt-duckdb", "great-expectations", "dagster", "pandas", "pyarrow")
SKIPPED_PARTS = ("__pycache__",)


@dataclass(frozen=True)
class RefreshInputs:
    landing_sha256: str
    landing_files: int
    product_sha256: str
    options: str  # JSON of output_options


@dataclass(frozen=True)
class PublishedInputs:
    inputs: RefreshInputs
    recorded_at: datetime


def landing_digest(landing: Path) -> tuple[str, int]:
    """A digest of every file under `landing`, hidden ones too (the inventory lists them): path and sha256."""
    digest, count = hashlib.sha256(), 0
    for path in sorted(landing.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                content = hashlib.file_digest(handle, "sha256").hexdigest()
            digest.update(f"{path.relative_to(landing).as_posix()}\0{content}\n".encode())
            count += 1
    return digest.hexdigest(), count


def product_digest() -> str:
    """The code and reference data a refresh computes with, and the libraries' versions."""
    digest = hashlib.sha256(json.dumps(_versions(), sort_keys=True).encode())
    files = [path for folder in PRODUCT_FOLDERS for path in folder.rglob("*") if path.is_file()]
    for path in sorted({*files, *(path for path in PRODUCT_FILES if path.exists())}):
        if any(part in SKIPPED_PARTS for part in path.parts):
            continue
        digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _versions() -> dict[str, str | None]:
    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    return {package: installed(package) for package in LIBRARIES}


def refresh_inputs(landing: Path, options: dict[str, object]) -> RefreshInputs:
    """What a whole refresh of `landing` with `options` (those that change an output) builds from."""
    landing_sha256, files = landing_digest(landing)
    return RefreshInputs(landing_sha256, files, product_digest(), json.dumps(options, sort_keys=True))


def record_inputs(build_warehouse: Path, inputs: RefreshInputs | None) -> None:
    """Write `inputs` into the build file (None: drop the record, for a refresh of some assets)."""
    with connect_writer(build_warehouse) as connection:
        connection.execute("create schema if not exists raw")
        connection.execute(f"drop table if exists {INPUTS_TABLE}")
        if inputs is None:
            return
        connection.execute(
            f"create table {INPUTS_TABLE} (landing_sha256 varchar, landing_files integer, "
            "product_sha256 varchar, options varchar, recorded_at timestamp)"
        )
        connection.execute(
            f"insert into {INPUTS_TABLE} values (?, ?, ?, ?, ?)",
            [inputs.landing_sha256, inputs.landing_files, inputs.product_sha256, inputs.options, _now()],
        )


def published_inputs(warehouse: Path) -> PublishedInputs | None:
    """What the published warehouse was built from; None when it has no record (or no warehouse)."""
    if not warehouse.exists():
        return None
    with connect_reader(warehouse) as connection:
        if not table_exists(connection, INPUTS_TABLE):
            return None
        row = connection.execute(
            f"select landing_sha256, landing_files, product_sha256, options, recorded_at from {INPUTS_TABLE}"
        ).fetchone()
    if row is None:
        return None
    return PublishedInputs(RefreshInputs(*row[:4]), row[4])


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def output_options(csv_dialect: str | None) -> dict[str, object]:
    """The refresh options that change what is published (the NNS export's CSV dialect)."""
    return {"csv_dialect": csv_dialect or "rfc4180"}


def unchanged_since_published(
    settings: Settings, options: dict[str, object], published_exports: Path
) -> PublishedInputs | None:
    """The published record when a whole refresh now would build from the same inputs; else None.

    The exports published beside the warehouse (`published_exports`) must be there too.
    """
    published = published_inputs(settings.warehouse)
    if published is None or not published_exports.exists():
        return None
    return published if refresh_inputs(settings.landing, options) == published.inputs else None


def built_on_published_product(build_warehouse: Path) -> bool:
    """A whole refresh's build that started from the published warehouse (so: the same product).

    start_build copies the published warehouse only when the product is the one
    that built it (build_files.py); a refresh of some assets has no record.
    """
    with connect_reader(build_warehouse) as connection:
        listed = {
            name
            for (name,) in connection.execute(
                "select table_name from duckdb_tables() where schema_name = 'raw' "
                "and table_name in ('refresh_inputs', 'load_fingerprint')"
            ).fetchall()
        }
        if listed != {"refresh_inputs", "load_fingerprint"}:
            return False
        row = connection.execute("select built_from from raw.load_fingerprint").fetchone()
    return row is not None and row[0] == "published"
