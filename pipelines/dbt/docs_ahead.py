"""`dbt docs generate` on a copy of the build, started when dbt's build ends, while the mart checks run.

In a build from nothing the docs step ran dbt for about 1.3 s on one core
after the mart checks, which had run on one core too. The documentation shows
the project and the tables' columns, never their rows, and no step after the
build changes a column; so the executor copies the build file when the build
step succeeds (0.07 s for 140 MB) and starts the docs on the copy at once, on
the core the checks leave idle. dbt-duckdb opens its database for writing, so
it could not run beside the checks' reader on the build itself.

The copy has the build's file name in a folder of its own (Settings.docs_copy),
and dbt runs in the build's target folder: the same `--vars` and the same
parse state, so `--no-compile` takes the build's manifest as generate_docs
does. The docs step takes the site from here; when dbt failed or nothing was
started, it generates the docs on the build as before. A run that ends
without its docs step stops dbt and removes the copy.
"""

from __future__ import annotations

import atexit
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.dbt.commands import DOCS_ARGUMENTS, STATIC_SITE, prepared_command, refresh_target
from pipelines.dbt.waiting import RunningDbt, WaitingDbt
from pipelines.foundation.warehouse_file import copy_warehouse_file


@dataclass
class _DocsAhead:
    build: Path
    copy_folder: Path
    target: Path
    running: RunningDbt


_AHEAD: _DocsAhead | None = None  # one at a time, in the process that runs the refresh's steps


def begin_docs_on_a_copy(build_warehouse: Path, copy_folder: Path) -> None:
    """Copy `build_warehouse` into `copy_folder` and start `dbt docs generate` on the copy.

    Called when no process holds the build open (the build step has ended).
    A copy that cannot be made (a full disk) starts nothing: the docs step
    then makes the docs on the build, and the refresh goes on.
    """
    global _AHEAD
    discard_docs_ahead()
    if copy_warehouse_file(build_warehouse, copy_folder) is None:
        return
    target = refresh_target(str(build_warehouse))
    arguments, environment = prepared_command(DOCS_ARGUMENTS, build_warehouse, target, None)
    running = WaitingDbt(copy_folder, environment).begin(arguments, environment)
    _AHEAD = _DocsAhead(build_warehouse, copy_folder, target, running)


def docs_made_ahead(build_warehouse: Path, tell: Callable[[str], object]) -> Path | None:
    """The site the docs started on a copy of `build_warehouse` made (waiting for it), else None.

    `tell` hears why a site started ahead is not taken: the caller then makes it on the build.
    """
    global _AHEAD
    ahead, _AHEAD = _AHEAD, None
    if ahead is None or ahead.build != build_warehouse:
        _end(ahead)
        return None
    completed = ahead.running.wait()
    shutil.rmtree(ahead.copy_folder, ignore_errors=True)
    site = ahead.target / STATIC_SITE
    if completed.returncode == 0 and site.exists():
        return site
    output = " | ".join((completed.stdout + completed.stderr).strip().splitlines()[-5:])
    failed = f"exit {completed.returncode}: {output}"
    tell(f"docs: dbt on the copy of the build failed ({failed}); made on the build")
    return None


def discard_docs_ahead() -> None:
    """Stop the docs started ahead and remove their copy (a run that ended without its docs step)."""
    global _AHEAD
    ahead, _AHEAD = _AHEAD, None
    _end(ahead)


def _end(ahead: _DocsAhead | None) -> None:
    if ahead is not None:
        ahead.running.stop()
        shutil.rmtree(ahead.copy_folder, ignore_errors=True)


atexit.register(discard_docs_ahead)
