"""A million-line participant export: loaded in batches, memory bounded, the time reported.

Each load runs in a fresh process that reports its peak resident memory
(VmHWM in /proc/self/status): a loader that held the file would grow by at
least the file's size (97 MB here) between a 100 000-line and a
1 000 000-line export; a streamed one does not grow.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.foundation.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow  # writes and loads a 97 MB export: about 15 s

HEADER = "participant_ref,intervention,gender,age_band,start_date,end_date,exit_code,support_before,support_after\n"
LOAD = """
import json, sys
from pathlib import Path
from dagster import build_asset_context
from pipelines.defs.assets.ingest import raw_participants
from pipelines.defs.resources import FinsamPaths

def peak_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024

folder = Path(sys.argv[1])
paths = FinsamPaths(landing=str(folder / "landing"), warehouse=str(folder / "w.duckdb"), exports=str(folder / "x"))
before = peak_mb()
result = raw_participants(build_asset_context(), paths=paths)
metadata = {key: getattr(value, "value", value) for key, value in result.metadata.items()}
print(json.dumps({"before": before, "peak": peak_mb(), **{k: metadata[k] for k in ("rows", "rejected", "seconds")}}))
"""


def export(folder: Path, lines: int) -> Path:
    path = folder / "landing" / "sodra_lappland" / "alla.participants.csv"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for start in range(0, lines, 10_000):
            out.writelines(
                f"SL25-{n // 1000:03d}-{n % 1000:03d},Samordningsfunktion,{('female', 'male')[n % 2]},"
                f"40-49,2024-02-14,2024-07-03,studies,sjukpenning,sjukpenning\n"
                for n in range(start, min(start + 10_000, lines))
            )
    return path


def load(folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(folder)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"log": done.stderr}


@pytest.fixture(scope="module")
def loads(tmp_path_factory):
    small, large = tmp_path_factory.mktemp("small"), tmp_path_factory.mktemp("large")
    export(small, 100_000)
    size = export(large, 1_000_000).stat().st_size
    return load(small), load(large), size


def test_every_line_of_a_million_line_export_is_loaded(loads):
    _, large, size = loads
    assert (large["rows"], large["rejected"]) == (1_000_000, 0)
    assert size > 95_000_000


def test_memory_does_not_grow_with_the_file(loads):
    small, large, size = loads
    growth_mb = large["peak"] - small["peak"]
    assert growth_mb < 50, (small, large)  # the file grows by some 87 MB between the two


def test_the_load_time_is_reported_in_the_metadata_and_the_log(loads):
    _, large, _ = loads
    assert 0 < large["seconds"] < 120
    assert f"raw.participants: 1000000 rows from 1 files in {large['seconds']} s" in large["log"]
