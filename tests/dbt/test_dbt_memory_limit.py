"""dbt's DuckDB runs under a memory limit (profiles.yml): 650 MB, or FINSAM_DBT_MEMORY_LIMIT.

Without one DuckDB keeps what it reads up to 80 % of the machine's memory, and
dbt's process was the national refresh's peak (docs/performance.md).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from pipelines.dbt.project import dbt_arguments, dbt_executable


def _memory_limit(tmp_path, limit: str | None) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "FINSAM_DBT_MEMORY_LIMIT"}
    environment.update(DBT_SEND_ANONYMOUS_USAGE_STATS="false", DBT_TARGET_PATH=str(tmp_path / "target"))
    environment["DBT_LOG_PATH"] = str(tmp_path)
    if limit is not None:
        environment["FINSAM_DBT_MEMORY_LIMIT"] = limit
    shown = subprocess.run(
        [
            dbt_executable(),
            "show",
            "--inline",
            "select current_setting('memory_limit') as memory_limit",
            *dbt_arguments(str(tmp_path / "limit.duckdb")),
        ],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    row = next(line for line in shown.stdout.splitlines() if "MiB" in line or "GiB" in line)
    return row.strip(" |")


@pytest.mark.slow  # two dbt processes, about 10 s
def test_the_profile_limits_duckdb_to_650_mb_unless_told_otherwise(tmp_path):
    assert _memory_limit(tmp_path, None) == "619.8 MiB"  # 650 MB
    assert _memory_limit(tmp_path, "900MB") == "858.3 MiB"
