"""Two refreshes of one warehouse at once, on a machine whose cores are busy.

Refreshes used to fail at random under load (a library imported on a
background thread raced the step that needed it), most often right after a
killed one. Here two busy loops keep both cores occupied. The first refresh
is stopped in the middle of dbt (tests/operations/paused_refresh.py); the second is
told within 2 s that it waits for it, a third with --no-wait is refused
within 2 s, then the first is killed with -9. The second takes over the
lock the kernel freed, removes what the first left behind, runs to the end
and publishes. (A first refresh that ends normally lets the waiter go the
same way: test_refresh_lock.py.)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from decimal import Decimal

import duckdb
import pytest

from pipelines.foundation.settings import PROJECT_ROOT
from pipelines.foundation.swedish_format import plain
from pipelines.refresh.build_files import build_leftovers
from pipelines.refresh.lock import read_holder
from tests.conftest import kill_group, refresh_command, snapshot, start_refresh
from tests.operations.paused_refresh import start_paused, wait_for_marker
from tests.operations.test_refresh_lock import wait_for_text

BUSY_LOOPS = 2
# busy until its parent (the test's process) is gone: a test run that is killed leaves no loop running
BUSY_LOOP = """
import os, sys
while os.getppid() == int(sys.argv[1]):
    for _ in range(100_000):
        pass
"""


@pytest.fixture()
def busy_cpu():
    loops = [
        subprocess.Popen([sys.executable, "-c", BUSY_LOOP, str(os.getpid())], start_new_session=True)
        for _ in range(BUSY_LOOPS)
    ]
    yield
    for loop in loops:
        kill_group(loop)


def wait_until_it_holds_the_lock(process: subprocess.Popen, warehouse, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        holder = read_holder(warehouse)
        if holder is not None and holder.pid == process.pid:
            return
        assert process.poll() is None, "the first refresh ended before it took the lock"
        time.sleep(0.02)
    raise AssertionError(f"the first refresh did not take the lock in {seconds} s")


@pytest.mark.e2e
def test_a_second_refresh_waits_for_the_first_then_completes_on_busy_cores(published, tmp_path, busy_cpu):
    before = snapshot(published)
    first, marker, first_log = start_paused("during dbt", published, tmp_path)
    second_log = tmp_path / "second.log"
    second = None
    try:
        wait_until_it_holds_the_lock(first, published.warehouse)
        holder = read_holder(published.warehouse)
        second = start_refresh(refresh_command(published, "--full"), second_log)
        told = wait_for_text(second_log, f"Waiting for refresh PID {first.pid} on {socket.gethostname()}", 30)
        assert told < 2, f"told after {told:.1f} s"
        assert (
            f"Waiting for {holder.describe()} to finish with {published.warehouse} …"
            in second_log.read_text()
        )

        started = time.monotonic()
        refused = subprocess.run(
            refresh_command(published, "--no-wait"),
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert time.monotonic() - started < 2
        assert refused.returncode == 1
        assert (
            refused.stderr
            == f"error: {holder.describe()} is refreshing {published.warehouse}; nothing was done\n"
        )

        wait_for_marker(first, marker, first_log)  # dbt is writing the first one's build file
        assert second.poll() is None and "Refreshing from" not in second_log.read_text()
        kill_group(first)
        assert second.wait(timeout=900) == 2, second_log.read_text()[-3000:]
    finally:
        kill_group(first)
        if second is not None:
            kill_group(second)

    output = second_log.read_text()
    assert output.index("Waiting for") < output.index("Refreshing from")
    assert "Removed what an interrupted refresh left behind: .finsam.duckdb.next" in output
    assert (  # the sample's warnings, in words
        "  warning: Södra Lappland 2025: equity 53,6 % of member contributions, above the recommended 20 % "
        "(check marts/rpt_equity:gx_rpt_equity_warnings)"
    ) in plain(output)
    assert "Traceback" not in output
    assert build_leftovers(published) == []
    after = snapshot(published)
    assert after.pop("warehouse") != before.pop("warehouse")
    assert after == before  # the same landing, the same export bytes
    with duckdb.connect(str(published.warehouse), read_only=True) as connection:
        assert connection.execute(
            "select cost_per_participant_sek, equity_pct from marts.rpt_federation_year "
            "where federation_id = 'sodra_lappland' and fiscal_year = 2025"
        ).fetchone() == (106_100, Decimal("53.64"))
