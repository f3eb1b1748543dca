"""Running one measured thing of the benchmark: a child process, its log, its JSON, its figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.memory import Measured, run_measured

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "bench" / "child.py"
DBT_PROJECT_DIR = ROOT / "dbt_project"


class BenchError(RuntimeError):
    """A measured step failed; the message names the step and its log."""


def clean_environment(**variables: str) -> dict[str, str]:
    """This process's environment without FINSAM_* (each step sets its own paths), plus `variables`."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("FINSAM_")}
    return {**environment, "PYTHONUNBUFFERED": "1", **variables}


def figures(measured: Measured, **more) -> dict:
    return {
        "wall_seconds": round(measured.wall_seconds, 2),
        "peak_rss_mb": round(measured.peak_rss_mb, 1),
        **more,
    }


def run_child(name: str, arguments: list[str], work: Path) -> tuple[Measured, dict]:
    """`bench/child.py` in its own process: what it measured, with wall time and peak memory around it."""
    out = work / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    log = work / "logs" / f"{name}.log"
    measured = run_measured(
        [sys.executable, str(CHILD), *arguments, "--out", str(out)], log, clean_environment(), ROOT
    )
    if measured.returncode != 0 or not out.exists():
        raise BenchError(f"{name} failed (exit {measured.returncode}); see {log}")
    return measured, json.loads(out.read_text(encoding="utf-8"))


def dbt_command(command: str, folder: Path, *extra: str) -> list[str]:
    """`dbt COMMAND` on the project, writing target/ and logs/ into `folder`."""
    dbt = Path(sys.executable).with_name("dbt")
    return [
        str(dbt) if dbt.exists() else "dbt",
        command,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(folder / "target"),
        "--log-path",
        str(folder / "logs"),
        *extra,
    ]


def run_dbt(name: str, command: str, warehouse: Path, work: Path, *extra: str) -> Measured:
    """dbt on `warehouse`, with its own target folder (the project's own stays untouched)."""
    environment = clean_environment(FINSAM_WAREHOUSE=str(warehouse))  # profiles.yml's default
    log = work / "logs" / f"{name}.log"
    measured = run_measured(dbt_command(command, warehouse.parent, *extra), log, environment, ROOT)
    if measured.returncode != 0:
        raise BenchError(f"dbt {command} ({name}) failed (exit {measured.returncode}); see {log}")
    return measured


def run_quietly(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False, cwd=ROOT, **kwargs
    )
