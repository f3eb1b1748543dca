"""`make ui`: the Dagster webserver and daemon (`dagster dev`) on the project's instance, stopped cleanly.

The daemon starts queued runs, backfills, the schedule and the sensors; the
webserver alone would leave runs queued for ever. `dagster dev` stops on
Ctrl-C (SIGINT) but not on SIGTERM, and leaves its code server behind when
only it is interrupted; so this process starts it in a process group of its
own and, on Ctrl-C or SIGTERM, interrupts it, gives it STOP_SECONDS, then ends
whatever of the group is left: the UI is gone within 10 s either way. A run
in progress is stopped with it; the next refresh cleans up after it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipelines.cli import LIBRARY_ENVIRONMENT
from pipelines.defs.instance import prepare_dagster_home, project_instance
from pipelines.foundation.settings import PROJECT_ROOT

STOP_SECONDS = 5.0  # dagster dev's own shutdown; then the rest of its process group is killed (10 s in all)
WORKSPACE = PROJECT_ROOT / "workspace.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make ui", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("DAGSTER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DAGSTER_PORT", "3000")))
    arguments = parser.parse_args(argv)
    home, note = prepare_dagster_home()
    if note:
        print(note, flush=True)
    with project_instance(home):
        pass  # the `warehouse` pool gets its limit before the daemon queues a run (project_instance)
    url = f"http://{arguments.host}:{arguments.port}"
    print(f"Dagster UI: {url} (DAGSTER_HOME={home}); Ctrl-C stops it", flush=True)
    environment = {**LIBRARY_ENVIRONMENT, **os.environ, "DAGSTER_HOME": str(home), "FINSAM_UI_URL": url}
    dev = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster")), "dev", "-w", str(WORKSPACE)]
        + ["-h", arguments.host, "-p", str(arguments.port)],
        cwd=PROJECT_ROOT,
        env=environment,
        start_new_session=True,  # its own group: stopped as a whole, and only by this process
        preexec_fn=_interruptible,
    )
    stopping = []
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while dev.poll() is None and not stopping:
        time.sleep(0.2)
    if dev.poll() is not None:
        return dev.returncode
    print("Stopping the Dagster UI …", flush=True)
    return stop(dev, time.monotonic())


def stop(dev: subprocess.Popen, asked: float) -> int:
    """Interrupt `dagster dev`, wait STOP_SECONDS, then kill what is left of its group."""
    _signal_group(dev.pid, signal.SIGINT)  # as Ctrl-C in a terminal: every process of the group
    with contextlib.suppress(subprocess.TimeoutExpired):
        dev.wait(timeout=STOP_SECONDS)
    _signal_group(dev.pid, signal.SIGKILL)  # a code server or run worker that did not follow
    dev.wait(timeout=5)
    print(f"Dagster UI stopped in {time.monotonic() - asked:.1f} s", flush=True)
    return 0


def _signal_group(group: int, number: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, number)


def _interruptible() -> None:
    """In the child: Ctrl-C interrupts `dagster dev` even when `make ui` was started in the background."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())
