"""A second refresh of a warehouse is told at once who holds it, and waits (or, with --no-wait, exits 1).

The holder here is this test process itself, or a child it kills: the lock is
what is tested, so no refresh needs to run. Two real refreshes at once are in
test_refresh_under_load.py.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import datetime

import pytest

from pipelines.foundation.settings import PROJECT_ROOT, Settings
from pipelines.refresh.lock import LockHolder, RefreshAlreadyRunning, lock_path, read_holder, refresh_lock
from tests.conftest import FINSAM, SAMPLE_LANDING, kill_group, refresh_command, start_refresh
from tests.operations.test_landing_check import HEAVY, split_stderr

HOLD = """
import sys, time
from pathlib import Path
from pipelines.refresh.lock import refresh_lock

with refresh_lock(Path(sys.argv[1]), by="a child that is killed"):
    print("held", flush=True)
    time.sleep(3600)
"""


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings.from_env(SAMPLE_LANDING, tmp_path / "finsam.duckdb", tmp_path / "exports")


def wait_for_text(path, text: str, seconds: float) -> float:
    """Seconds until `text` appears in the file at `path`; fails after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if path.exists() and text in path.read_text(errors="replace"):
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(
        f"{text!r} did not appear in {seconds} s:\n{path.read_text(errors='replace')[-3000:]}"
    )


def test_the_holder_is_written_into_the_lock_file_and_cleared_on_release(settings):
    with refresh_lock(settings.warehouse, by="finsam refresh") as holder:
        written = json.loads(lock_path(settings.warehouse).read_text(encoding="utf-8"))
        assert written == {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": holder.started,
            "by": "finsam refresh",
        }
        assert abs(datetime.fromisoformat(holder.started).timestamp() - time.time()) < 60
        assert read_holder(settings.warehouse) == holder
        with pytest.raises(RefreshAlreadyRunning) as refused, refresh_lock(settings.warehouse):
            pass
        assert refused.value.holder == holder
    assert lock_path(settings.warehouse).read_text(encoding="utf-8") == ""
    assert read_holder(settings.warehouse) is None


def test_a_holder_is_described_by_pid_host_and_start_time():
    holder = LockHolder(1234, "finsam-prod", "2026-05-01T10:02:11+02:00", "Dagster run 1a2b3c4d")
    assert (
        holder.describe()
        == "refresh PID 1234 on finsam-prod, started 2026-05-01 10:02:11 (Dagster run 1a2b3c4d)"
    )


def test_no_wait_exits_1_within_2_s_naming_the_holder_before_importing_dagster(settings):
    with refresh_lock(settings.warehouse, by="finsam refresh") as holder:
        command = [FINSAM[0], "-X", "importtime", *FINSAM[1:], *refresh_command(settings, "--no-wait")[3:]]
        started = time.monotonic()
        completed = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - started
    lines, imported = split_stderr(completed.stderr)
    assert completed.returncode == 1
    assert seconds < 2, f"refused after {seconds:.1f} s"
    assert imported.isdisjoint(HEAVY), imported & set(HEAVY)
    started_at = datetime.fromisoformat(holder.started).strftime("%Y-%m-%d %H:%M:%S")
    assert lines == [
        f"error: refresh PID {os.getpid()} on {socket.gethostname()}, started {started_at} (finsam refresh) "
        f"is refreshing {settings.warehouse}; nothing was done"
    ]
    assert completed.stdout == ""
    assert not settings.build_warehouse.exists()


def test_wait_and_no_wait_are_one_choice(settings, capsys):
    from pipelines.cli import main

    with pytest.raises(SystemExit) as usage:
        main(["refresh", "--wait", "--no-wait"])
    assert usage.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.parametrize("flag", [(), ("--wait",)])
def test_a_second_refresh_says_within_2_s_what_it_waits_for_then_runs(settings, tmp_path, flag):
    output = tmp_path / "second.log"
    with refresh_lock(settings.warehouse, by="finsam refresh") as holder:
        second = start_refresh(refresh_command(settings, *flag), output)
        try:
            waited = wait_for_text(
                output, f"Waiting for refresh PID {os.getpid()} on {socket.gethostname()}", 10
            )
            started = time.monotonic()
            assert waited < 2, f"told after {waited:.1f} s"
            assert "Refreshing from" not in output.read_text()
            assert second.poll() is None  # still waiting, not failed
            assert holder.describe() in output.read_text()
        except BaseException:
            kill_group(second)
            raise
    try:
        wait_for_text(output, f"Refreshing from {SAMPLE_LANDING}", 10)  # the lock was free, so it went on
        assert time.monotonic() - started < 10
        assert read_holder(settings.warehouse).pid == second.pid
    finally:
        kill_group(second)  # the refresh itself is not what this test is about


def test_the_lock_of_a_killed_refresh_is_taken_over_at_once(settings):
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(settings.warehouse)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert child.stdout.readline().strip() == "held"
        refused = pytest.raises(
            RefreshAlreadyRunning, match=f"refresh PID {child.pid} .*a child that is killed"
        )
        with refused, refresh_lock(settings.warehouse):
            pass
    finally:
        kill_group(child)
    assert read_holder(settings.warehouse).pid == child.pid  # what it wrote is still there, stale
    started = time.monotonic()
    with refresh_lock(settings.warehouse) as holder:  # no wait: the kernel let go of the dead one's lock
        assert holder.pid == os.getpid()
    assert time.monotonic() - started < 1
