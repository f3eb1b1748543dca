"""The benchmark's results as a table for people, and the machine they were measured on."""

from __future__ import annotations

import datetime
import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.measured import run_quietly
from bench.targets import Target

STAGE_ORDER = ("extraction", "loading", "dbt", "checks", "export", "report", "other")


def machine() -> dict:
    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    commit = run_quietly(["git", "rev-parse", "--short", "HEAD"]).stdout.strip() or None
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "cores": os.cpu_count(),
        "ram_gb": round(memory_kb / 2**20, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **{package: installed(package) for package in ("duckdb", "dbt-core", "dbt-duckdb", "dagster")},
    }


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def refresh_rows(label: str, result: dict) -> list[tuple[str, str]]:
    """Wall time, peak memory and the time of each stage of one refresh."""
    stages = result["stage_seconds"]
    published = "yes" if result["published"] else f"NO: {', '.join(result['blocking_failures'])}"
    rows = [
        (f"{label}: published", published),
        (f"{label}: wall time", _seconds(result["wall_seconds"])),
        (f"{label}: peak memory (process tree)", f"{result['peak_rss_mb']:.0f} MB"),
    ]
    rows += [(f"{label}:   {stage}", _seconds(stages.get(stage))) for stage in STAGE_ORDER]
    rows.append((f"{label}:   start-up and between steps", _seconds(result["outside_steps_seconds"])))
    return rows


def extraction_rows(label: str, result: dict) -> list[tuple[str, str]]:
    rows = []
    for kind in ("text", "pdf"):
        figures = result[kind]
        if not figures["documents"]:
            continue
        speed = "-" if figures["documents_per_second"] is None else f"{figures['documents_per_second']:.1f}"
        rows.append((f"{label}: {kind} documents", f"{figures['documents']} in {figures['seconds']:.1f} s"))
        rows.append((f"{label}: {kind} documents per second", speed))
        if figures["expected"]:
            rate = figures["found"] / figures["expected"]
            rows.append(
                (f"{label}: {kind} accuracy", f"{figures['found']}/{figures['expected']} ({rate:.1%})")
            )
    measured = result.get("accuracy") or {"layouts": {}}
    named = [("overall", measured["overall"])] if "overall" in measured else []
    named += [(f"layout {layout}", accuracy) for layout, accuracy in measured["layouts"].items()]
    for name, accuracy in named:
        rate = f"{accuracy['found']}/{accuracy['expected']} ({accuracy['rate']:.1%})"
        rows.append((f"{label}: accuracy, {name}", rate))
    return rows


def table(rows: list[tuple[str, str]], checked: list[Target]) -> str:
    width = max(len(label) for label, _ in rows + [(t.name, "") for t in checked])
    lines = [f"{label:<{width}}  {value}" for label, value in rows]
    lines += ["", f"{'target':<{width}}  {'measured':>10}  {'limit':>10}  result"]
    for target in checked:
        measured = "-" if target.value is None else f"{target.value:g}"
        limit = f"{'>=' if target.at_least else '<='} {target.limit:g} {target.unit}"
        lines.append(f"{target.name:<{width}}  {measured:>10}  {limit:>10}  {target.verdict}")
    return "\n".join(lines)
