"""A sha256 per table and per published file of a refresh: what "the same output" means, line by line.

Two refreshes of the same landing must give the same digests: the tables of
the schemas analysts, the NNS and operators read (`marts`, `analyst`, `ops`)
and every file of the NNS export and the comparison report. A table is dumped
with its column names and types, its rows sorted by every column (`ORDER BY
ALL`), each value as text; a file is hashed as it is on disk.

What a refresh stamps on its own, and nothing else, is normalised before
hashing: the run's id and the moment it ran (`run_id`, `checked_at`,
`detected_at` in `ops`: dbt test results, GX results, quarantine, review and
corrections rows). No file of the NNS export or the report carries a run id
or a timestamp (the export's manifest is built from file hashes only; two
refreshes were compared byte for byte to find out), so files are hashed
unchanged. The model documentation (`exports/docs/`) is left out: dbt writes
its generation time, invocation id and the project's absolute path into it.
Refreshes run in one process compare too: the report renumbers the SVG ids
Vega counts per process from 0 in each chart (pipelines/report/charts.py).

    python -m bench.output_digest WAREHOUSE EXPORTS            # print the digests
    python -m bench.output_digest WAREHOUSE EXPORTS --write F  # save them as F

`raw_table_digests` digests the raw layer the same way, `_loaded_at` normalised too
(a file loaded by an earlier refresh keeps its moment), to compare a raw layer
reloaded file by file with one built from nothing (tests/ingest/test_raw_incremental.py).

tests/e2e/test_same_output.py compares a refresh of the bundled sample with
tests/e2e/golden/sample_outputs.sha256 (`pytest --update-golden` rewrites it).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path

import duckdb

SCHEMAS = ("marts", "analyst", "ops")
EXPORTED_FOLDERS = ("nns", "report")  # exports/docs is dbt's, stamped with time and path (see above)
RUN_STAMPED_COLUMNS = frozenset({"run_id", "checked_at", "detected_at"})
NORMALISED = "<this run>"
RAW_PER_REFRESH = frozenset(
    {"raw.load_fingerprint", "raw.changed_files", "raw.changed_years", "raw.refresh_inputs"}
)  # what one refresh says about itself


def output_digests(warehouse: Path, exports: Path) -> dict[str, str]:
    """`table schema.name` and `file folder/path` → sha256, sorted by name."""
    digests = {**table_digests(warehouse), **file_digests(exports)}
    return dict(sorted(digests.items()))


def table_digests(
    warehouse: Path,
    schemas: tuple[str, ...] = SCHEMAS,
    normalised: frozenset[str] = RUN_STAMPED_COLUMNS,
    left_out: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Every table and view of `schemas` but those `left_out` (`schema.name`), rows in a fixed order,
    the `normalised` columns (run stamps) normalised."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_schema in ({', '.join('?' * len(schemas))}) order by all",
            list(schemas),
        ).fetchall()
        return {
            f"table {schema}.{name}": _table_digest(connection, schema, name, normalised)
            for schema, name in tables
            if f"{schema}.{name}" not in left_out
        }


def raw_table_digests(warehouse: Path) -> dict[str, str]:
    """The raw layer's tables, as a build from nothing and a build reloading changed files must
    give them alike: `_loaded_at` normalised (an unchanged file keeps the moment it was loaded),
    and the tables that say how this refresh went (RAW_PER_REFRESH) left out."""
    return table_digests(warehouse, ("raw",), RUN_STAMPED_COLUMNS | {"_loaded_at"}, RAW_PER_REFRESH)


def _table_digest(
    connection: duckdb.DuckDBPyConnection, schema: str, name: str, normalised: frozenset[str]
) -> str:
    columns = connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    selected = ", ".join(
        f"'{NORMALISED}' as {_quoted(column)}" if column in normalised else _quoted(column)
        for column, _ in columns
    )
    digest = hashlib.sha256()
    digest.update(repr(columns).encode())
    relation = connection.execute(f"select {selected} from {_quoted(schema)}.{_quoted(name)} order by all")
    while rows := relation.fetchmany(10_000):
        for row in rows:
            digest.update(b"\n" + "\x1f".join("\x00" if v is None else str(v) for v in row).encode())
    return digest.hexdigest()


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def file_digests(exports: Path) -> dict[str, str]:
    """Every file under the published folders of `exports` (they are symbolic links: followed)."""
    digests = {}
    for folder in EXPORTED_FOLDERS:
        root = (exports / folder).resolve()
        for path in sorted(root.rglob("*")):
            if path.is_file():
                name = f"file {folder}/{path.relative_to(root).as_posix()}"
                digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def format_digests(digests: Mapping[str, str]) -> str:
    """One `sha256  name` line per table or file, as `sha256sum` prints them."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items()))


def read_digests(path: Path) -> dict[str, str]:
    digests = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split("  ", 1)
            digests[name] = digest
    return digests


def differences(expected: Mapping[str, str], actual: Mapping[str, str]) -> list[str]:
    """What changed, one line per table or file: changed, missing or new."""
    lines = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            lines.append(f"missing: {name}")
        elif name not in expected:
            lines.append(f"new:     {name}")
        elif expected[name] != actual[name]:
            lines.append(f"changed: {name}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.output_digest", description=__doc__.splitlines()[0]
    )
    parser.add_argument("warehouse", type=Path, help="the published DuckDB file")
    parser.add_argument("exports", type=Path, help="the export folder (holding nns/ and report/)")
    parser.add_argument("--write", type=Path, metavar="FILE", help="save the digests here")
    arguments = parser.parse_args(argv)
    text = format_digests(output_digests(arguments.warehouse, arguments.exports))
    if arguments.write:
        arguments.write.parent.mkdir(parents=True, exist_ok=True)
        arguments.write.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
