"""Analysts' 1.x tools can open the warehouse that DuckDB 2.x built."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.foundation.warehouse_file import connect_reader, connect_writer, create_warehouse_file


def duckdb_cli() -> str:
    beside = Path(sys.executable).with_name("duckdb")
    found = str(beside) if beside.exists() else shutil.which("duckdb")
    if not found:
        pytest.skip("the duckdb-cli package is not installed")
    return found


def test_duckdb_cli_1_5_opens_the_built_warehouse_read_only(refreshed):
    cli = duckdb_cli()
    version = subprocess.run([cli, "-version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1.5"), version
    completed = subprocess.run(
        [
            cli,
            "-readonly",
            "-csv",
            str(refreshed.settings.warehouse),
            "-c",
            "select federation_id, fiscal_year, cost_per_participant_sek "
            "from marts.rpt_federation_year where cost_per_participant_sek is not null",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[1] == "sodra_lappland,2025,106100"


def test_a_new_warehouse_file_is_created_in_storage_version_1_1(tmp_path):
    import duckdb

    path = tmp_path / "w.duckdb"
    create_warehouse_file(path)
    with duckdb.connect() as connection:
        connection.execute(f"attach '{path}' as w (read_only)")
        version = connection.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = 'w'"
        ).fetchone()
    assert version == ("v1.0.0+",)  # DuckDB 2.x's own default reads 'v2.0.0+'
    completed = subprocess.run([duckdb_cli(), "-readonly", str(path), "-c", "select 1"], check=False)
    assert completed.returncode == 0


def test_every_warehouse_connection_hands_freed_memory_back(tmp_path):
    """Readers and writers run DuckDB's allocator thread (the refresh's peak memory, docs/performance.md)."""
    path = tmp_path / "finsam.duckdb"
    with connect_writer(path) as writer:
        assert writer.execute("select current_setting('allocator_background_threads')").fetchall() == [
            (True,)
        ]
    with connect_reader(path) as reader:
        assert reader.execute("select current_setting('allocator_background_threads')").fetchall() == [
            (True,)
        ]
