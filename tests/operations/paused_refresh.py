"""A refresh paused at a chosen moment, so that a test can kill it exactly there.

The refresh runs the real `finsam refresh` under a small wrapper (PAUSE) that
replaces one function with a version that does the real work up to the
moment, writes a marker file and sleeps. The test waits for the marker (no
guessing with sleeps) and then kills the process group.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pipelines.foundation.settings import Settings
from tests.conftest import kill_group, refresh_command, start_refresh

PAUSE = r'''
import sys, time
from pathlib import Path

moment, marker, argv = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]


def pause(reached: str) -> None:
    marker.write_text(reached)
    time.sleep(3600)  # until the test kills the process group


if moment == "before dbt":
    import pipelines.defs.assets.dbt as dbt_asset

    dbt_asset.build_nodes = lambda *args, **kwargs: pause("every raw table loaded, dbt not started")
elif moment == "during dbt":
    import pipelines.dbt.waiting as waiting

    def begin_paused_midway(self, arguments, environment, nodes=None):  # every build runs in a runner
        """dbt runs for real; the refresh stops once dbt has created a model in the build file."""
        self.send(arguments, environment)
        for line in self.process.stdout:
            if " OK created " in line:
                pause(line.strip())
        raise AssertionError("dbt ended without creating a model")

    waiting.WaitingDbt.begin = begin_paused_midway
elif moment == "during export":
    import pipelines.export.package as package

    describe = package._describe  # reached whether the years were written or linked from the published

    def describe_then_pause(*args, **kwargs):
        pause("the export's fiscal years written")
        return describe(*args, **kwargs)

    package._describe = describe_then_pause

from pipelines.cli import main

sys.exit(main(argv))
'''

MOMENTS = ("before dbt", "during dbt", "during export")


def wait_for_marker(process: subprocess.Popen, marker: Path, log: Path, seconds: float = 600) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if marker.exists() and marker.read_text():
            return marker.read_text()
        if process.poll() is not None:
            raise AssertionError(
                f"the refresh ended ({process.returncode}) first:\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.05)
    raise AssertionError(f"no marker after {seconds} s:\n{log.read_text()[-3000:]}")


def start_paused(moment: str, settings: Settings, folder: Path) -> tuple[subprocess.Popen, Path, Path]:
    """`finsam refresh` of `settings` that stops at `moment`; returns the process, its marker and its log."""
    marker, log = folder / f"{moment}.marker", folder / f"{moment}.log"
    # --full: the landing is the published one's, and a refresh with nothing changed would not run
    command = [sys.executable, "-c", PAUSE, moment, str(marker), *refresh_command(settings, "--full")[3:]]
    return start_refresh(command, log), marker, log


def kill_at(moment: str, settings: Settings, folder: Path) -> str:
    """Run a refresh to `moment` and kill -9 its process group there; returns what it had reached."""
    process, marker, log = start_paused(moment, settings, folder)
    try:
        return wait_for_marker(process, marker, log)
    finally:
        kill_group(process)
