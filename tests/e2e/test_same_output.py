"""The same landing gives the same marts, analyst views, ops tables, NNS export and report, byte for byte.

A refresh of the bundled sample is compared, table by table and file by file,
with tests/e2e/golden/sample_outputs.sha256, recorded on the code before a change
that must not change behaviour (issue 15's restructure). The digests and what
is normalised before hashing (only the run's id and time in `ops`) are
bench/output_digest.py's. The refresh runs in a process of its own, as
`finsam refresh` does. After a change that is meant to change the output,
rewrite the golden file and review its diff:

    .venv/bin/pytest tests/e2e/test_same_output.py --update-golden
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from bench.output_digest import (
    differences,
    format_digests,
    output_digests,
    read_digests,
    table_digests,
)
from pipelines.foundation.settings import PROJECT_ROOT, Settings
from tests.conftest import SAMPLE_LANDING, refresh_command

GOLDEN = Path(__file__).parent / "golden" / "sample_outputs.sha256"


@pytest.mark.slow
def test_a_refresh_of_the_sample_gives_the_recorded_output(tmp_path, request):
    settings = Settings.from_env(SAMPLE_LANDING, tmp_path / "finsam.duckdb", tmp_path / "exports")
    refreshed = subprocess.run(
        refresh_command(settings), cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    # 2: published with warnings (the sample's equity exceeds the recommendation)
    assert refreshed.returncode == 2, refreshed.stdout + refreshed.stderr[-3000:]
    digests = output_digests(settings.warehouse, settings.exports)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(format_digests(digests), encoding="utf-8")
        pytest.skip(f"rewrote {GOLDEN}")
    changed = differences(read_digests(GOLDEN), digests)
    assert not changed, "the sample's output differs from the golden file:\n" + "\n".join(changed)


def _warehouse(path, rows, run_id="run-1", checked_at=datetime(2026, 1, 1, 12)):
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts; create schema ops; create schema raw")
        connection.execute("create table marts.rpt (federation_id varchar, value decimal(18, 2))")
        connection.executemany("insert into marts.rpt values (?, ?)", rows)
        connection.execute("create table ops.dq_results (run_id varchar, checked_at timestamp, ok boolean)")
        connection.execute("insert into ops.dq_results values (?, ?, true)", [run_id, checked_at])
        connection.execute("create table raw.ignored (x int)")  # not a schema anyone reads the output of
    return path


def test_row_order_run_id_and_check_time_do_not_change_a_digest(tmp_path):
    first = _warehouse(tmp_path / "a.duckdb", [("solleftea", 1), ("sodra_lappland", 2)])
    second = _warehouse(
        tmp_path / "b.duckdb",
        [("sodra_lappland", 2), ("solleftea", 1)],
        run_id="run-2",
        checked_at=datetime(2026, 2, 2, 8),
    )
    assert table_digests(first) == table_digests(second)
    assert sorted(table_digests(first)) == ["table marts.rpt", "table ops.dq_results"]


def test_a_changed_value_or_type_names_its_table(tmp_path):
    before = table_digests(_warehouse(tmp_path / "a.duckdb", [("solleftea", 1)]))
    value = table_digests(_warehouse(tmp_path / "b.duckdb", [("solleftea", 2)]))
    assert differences(before, value) == ["changed: table marts.rpt"]
    with duckdb.connect(str(tmp_path / "c.duckdb")) as connection:
        connection.execute("create schema marts; create schema ops")
        connection.execute("create table marts.rpt (federation_id varchar, value integer)")
        connection.execute("insert into marts.rpt values ('solleftea', 1)")
    assert differences(before, table_digests(tmp_path / "c.duckdb")) == [
        "changed: table marts.rpt",
        "missing: table ops.dq_results",
    ]


def test_the_golden_file_names_every_exported_table_and_file():
    golden = read_digests(GOLDEN)
    assert "table marts.rpt_federation_year" in golden
    assert "table analyst.forbund_ar" in golden
    assert "table ops.quarantine" in golden
    assert "file nns/manifest.json" in golden
    assert "file nns/2025/rpt_equity.parquet" in golden
    assert "file report/index.html" in golden
    assert not [name for name in golden if name.startswith("file docs/")]
