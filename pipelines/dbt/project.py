"""The dbt project as Dagster sees it, and a manifest that is never stale.

dagster-dbt builds its assets from `target/manifest.json`; a fresh clone has
none, so it is parsed on first use and again whenever a model, seed or macro is
newer than the manifest.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipelines.foundation.settings import DBT_PROJECT_DIR, SEEDS_DIR, Settings

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def dbt_executable() -> str:
    """dbt from the same environment as this Python, so PATH does not matter."""
    beside_python = Path(sys.executable).with_name("dbt")
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def dbt_arguments(warehouse: str) -> list[str]:
    """The project, its profile, and the warehouse file the profile opens (profiles.yml's var)."""
    return [
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--vars",
        json.dumps({"warehouse": warehouse}),
    ]


def _newest_input() -> float:
    watched = [DBT_PROJECT_DIR / "dbt_project.yml", *DBT_PROJECT_DIR.glob("*.yml")]
    for folder in ("models", "macros", "tests"):
        watched.extend((DBT_PROJECT_DIR / folder).rglob("*"))
    watched.extend(SEEDS_DIR.glob("*.csv"))
    return max((path.stat().st_mtime for path in watched if path.is_file()), default=0.0)


def _manifest_is_current() -> bool:
    return MANIFEST.exists() and MANIFEST.stat().st_mtime >= _newest_input()


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project.

    Two processes starting at once on a fresh clone (two refreshes, a refresh and
    the UI, parallel test workers) would both parse into the same target folder;
    a lock lets the first parse and the second read its result.
    """
    if _manifest_is_current():
        return MANIFEST
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    with (MANIFEST.parent / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _manifest_is_current():
            _parse()
    return MANIFEST


def _parse() -> None:
    """`dbt parse` into a fresh folder, its files then moved in whole: no reader sees half a manifest."""
    parsing = Path(tempfile.mkdtemp(prefix=".parsing-", dir=MANIFEST.parent))
    try:
        _run_parse(parsing)
        for name in ("partial_parse.msgpack", "manifest.json"):  # the manifest last: it marks "current"
            if (parsing / name).exists():
                os.replace(parsing / name, MANIFEST.parent / name)
    finally:
        shutil.rmtree(parsing, ignore_errors=True)


def _run_parse(target: Path) -> None:
    environment = {**os.environ, "DBT_TARGET_PATH": str(target)}
    # the profile and vars a refresh uses (the build file's name, see pipelines/dbt/commands.py),
    # so a refresh's partial parse can start from this one
    build_name = Settings.from_env().build_warehouse.name
    completed = subprocess.run(
        [dbt_executable(), "parse", *dbt_arguments(build_name), "--quiet"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{completed.stdout}\n{completed.stderr}")
