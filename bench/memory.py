"""Wall time and peak memory of a command and every process it starts, read from /proc.

A refresh runs dbt as a child process, so the peak that matters is the resident
memory of the whole process tree at one moment: the sum of VmRSS over the
command and its descendants, sampled every 50 ms. Shared pages (libraries
mapped by several processes) count once per process, so the figure errs high.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measured:
    returncode: int
    wall_seconds: float
    peak_rss_bytes: int

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss_bytes / 2**20


def _parent_of(pid: str) -> int | None:
    try:
        stat = (PROC / pid / "stat").read_text()
    except OSError:  # gone between the listing and the read
        return None
    # the command name in parentheses may hold spaces; the fields after it do not
    return int(stat.rsplit(")", 1)[1].split()[1])


def _rss_bytes(pid: int) -> int:
    try:
        return int((PROC / str(pid) / "statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def descendants(root: int) -> set[int]:
    """`root` and every process below it that is alive now."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            parent = _parent_of(entry.name)
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, pending = {root}, [root]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def tree_rss_bytes(root: int) -> int:
    return sum(_rss_bytes(pid) for pid in descendants(root))


def run_measured(
    command: list[str],
    log: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    interval: float = 0.05,
) -> Measured:
    """Run `command` (output to `log`, no stdin) and sample its process tree until it exits."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=cwd
        )
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_bytes(process.pid))
            time.sleep(interval)
        wall = time.perf_counter() - started
    return Measured(process.returncode, wall, peak)
