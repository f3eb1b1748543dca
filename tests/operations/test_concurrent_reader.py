"""An analyst's read-only connection held through a whole refresh: no failure, old data until reconnect."""

import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import SAMPLE_LANDING, refresh_into

READER = """
import pathlib, sys, time
import duckdb

warehouse, go, out = sys.argv[1:4]
query = (
    "select value from marts.fct_budget_lines where federation_id = 'solleftea' "
    "and fiscal_year = 2025 and code = 'board_and_office_total'"
)
connection = duckdb.connect(warehouse, read_only=True)
before = connection.execute(query).fetchone()[0]
pathlib.Path(out).write_text(f"ready {before}")
deadline = time.time() + 300
while not pathlib.Path(go).exists() and time.time() < deadline:
    time.sleep(0.1)
during = connection.execute(query).fetchone()[0]
connection.close()
after = duckdb.connect(warehouse, read_only=True).execute(query).fetchone()[0]
pathlib.Path(out).write_text(f"done {before} {during} {after}")
"""

CORRECTION = (
    "record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status\n"
    "budget_line,solleftea,2025,plan,board_and_office_total,,687000,sek,Summa styrelse och kansli,"
    "solleftea_verksamhetsplan-2024.txt,304,corrected\n"
)


def wait_for(path, prefix: str, seconds: float = 120) -> str:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if path.exists() and path.read_text().startswith(prefix):
            return path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"the reader never said {prefix!r}")


@pytest.mark.e2e
def test_a_reader_holding_the_warehouse_sees_old_data_until_it_reconnects(tmp_path):
    first = refresh_into(tmp_path / "out")
    assert first.exit_code == 2  # published, with the sample's warnings
    go, said = tmp_path / "go", tmp_path / "reader.txt"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(first.settings.warehouse), str(go), str(said)]
    )
    try:
        assert wait_for(said, "ready") == "ready 667000.00"
        landing = tmp_path / "landing"
        shutil.copytree(SAMPLE_LANDING, landing)
        (landing / "solleftea" / "analyst.corrections.csv").write_text(CORRECTION, encoding="utf-8")
        second = refresh_into(tmp_path / "out", landing)
        assert second.exit_code == 2, second.stderr[-2000:]
        go.touch()
        assert wait_for(said, "done") == "done 667000.00 667000.00 687000.00"
    finally:
        reader.wait(timeout=60)
