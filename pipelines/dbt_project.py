"""The dbt project as Dagster sees it, and a manifest that is never stale.

dagster-dbt builds its assets from `target/manifest.json`; a fresh clone has
none, so it is parsed on first use and again whenever a model, seed or macro is
newer than the manifest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipelines.settings import DBT_PROJECT_DIR, SEEDS_DIR, Settings

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def dbt_executable() -> str:
    """dbt from the same environment as this Python, so PATH does not matter."""
    beside_python = Path(sys.executable).with_name("dbt")
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def _newest_input() -> float:
    watched = [DBT_PROJECT_DIR / "dbt_project.yml", *DBT_PROJECT_DIR.glob("*.yml")]
    for folder in ("models", "macros", "tests"):
        watched.extend((DBT_PROJECT_DIR / folder).rglob("*"))
    watched.extend(SEEDS_DIR.glob("*.csv"))
    return max((path.stat().st_mtime for path in watched if path.is_file()), default=0.0)


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project."""
    if MANIFEST.exists() and MANIFEST.stat().st_mtime >= _newest_input():
        return MANIFEST
    environment = dict(os.environ)
    environment.setdefault("FINSAM_WAREHOUSE", str(Settings.from_env().warehouse))
    # the profile a refresh uses (the build file's name, see pipelines/dbt_build.py), so a
    # refresh's partial parse can start from this one
    environment["FINSAM_BUILD_WAREHOUSE"] = Settings.from_env().build_warehouse.name
    completed = subprocess.run(
        [
            dbt_executable(),
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--quiet",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{completed.stdout}\n{completed.stderr}")
    return MANIFEST
