"""The operator path: fiscal-year partitions, the yearly schedule, the landing sensor, one refresh at a time."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from dagster import (
    DagsterRun,
    DagsterRunStatus,
    Definitions,
    RunRequest,
    SkipReason,
    asset,
    build_schedule_context,
    build_sensor_context,
    define_asset_job,
    execute_job,
    instance_for_test,
    reconstructable,
)

from pipelines.defs.jobs import settings_of_run, warehouse_executor, yearly_refresh
from pipelines.defs.partitions import all_fiscal_years, fiscal_years
from pipelines.defs.refresh import run_tags
from pipelines.defs.resources import FinsamPaths
from pipelines.defs.schedules import closed_fiscal_year, refresh_cron, yearly_refresh_schedule
from pipelines.defs.sensors import landing_changed
from pipelines.foundation.fiscal_years import YearOutsideTheRefresh, check_fiscal_year, fiscal_year_keys
from pipelines.foundation.settings import Settings
from pipelines.refresh.lock import read_holder, refresh_lock
from pipelines.refresh.outcome import RefreshOptions

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# fiscal-year partitions ---------------------------------------------------------------------------


def test_the_fiscal_years_run_from_next_year_back_to_2004_newest_first():
    keys = fiscal_year_keys(date(2026, 5, 1))
    assert keys[:3] == ["2027", "2026", "2025"] and keys[-1] == "2004"
    assert [int(key) for key in keys] == list(range(2027, 2003, -1))
    assert fiscal_years.get_partition_keys() == fiscal_year_keys()
    every = all_fiscal_years()
    assert (every.start, every.end) == (fiscal_year_keys()[0], "2004")


def test_a_year_the_refresh_does_not_know_is_refused_with_the_years_it_knows():
    assert check_fiscal_year(2025, date(2026, 5, 1)) == "2025"
    with pytest.raises(YearOutsideTheRefresh, match="fiscal year 2003 is not one the refresh knows: 2004"):
        check_fiscal_year(2003, date(2026, 5, 1))
    with pytest.raises(YearOutsideTheRefresh, match=r"2004 \(the Finsam law\) to 2027"):
        check_fiscal_year(2028, date(2026, 5, 1))


def test_the_job_is_partitioned_by_fiscal_year_through_the_nns_export_only():
    from pipelines.definitions import defs  # late: parses the dbt project

    job = defs.resolve_job_def("yearly_refresh")
    assert job.partitions_def == fiscal_years
    assert yearly_refresh.executor_def is warehouse_executor
    graph = defs.resolve_asset_graph()
    partitioned = {
        key.to_user_string() for key in graph.get_all_asset_keys() if graph.get(key).partitions_def
    }
    assert partitioned == {"exports/nns"}  # the export is per year; everything else is rebuilt whole


def test_a_refresh_of_every_year_is_one_run_over_the_whole_range():
    every = run_tags(RefreshOptions())
    assert every["dagster/asset_partition_range_start"] == fiscal_year_keys()[0]
    assert every["dagster/asset_partition_range_end"] == "2004"
    assert "dagster/partition" not in every
    assert every["finsam/trigger"] == "finsam refresh"
    assert every["finsam/process"] == f"{os.getpid()}@{socket.gethostname()}"
    one = run_tags(RefreshOptions(fiscal_year=2025))
    assert one["dagster/partition"] == "2025" and "dagster/asset_partition_range_start" not in one


# the yearly schedule ------------------------------------------------------------------------------


def test_the_schedule_refreshes_the_fiscal_year_just_closed():
    context = build_schedule_context(scheduled_execution_time=datetime(2026, 5, 1, 6, tzinfo=STOCKHOLM))
    request = yearly_refresh_schedule(context)
    assert isinstance(request, RunRequest)
    assert request.partition_key == "2025"
    assert closed_fiscal_year(datetime(2027, 1, 2, tzinfo=STOCKHOLM)) == "2026"


def test_the_schedules_run_gets_the_partitions_config_and_tags():
    from pipelines.definitions import defs

    with instance_for_test() as instance:
        context = build_schedule_context(
            instance=instance,
            scheduled_execution_time=datetime(2026, 5, 1, 6, tzinfo=STOCKHOLM),
            repository_def=defs.get_repository_def(),
        )
        [request] = yearly_refresh_schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2025"
    assert request.tags["dagster/partition"] == "2025"


def test_the_schedule_date_is_configurable(monkeypatch):
    assert yearly_refresh_schedule.cron_schedule == refresh_cron()
    assert yearly_refresh_schedule.execution_timezone == "Europe/Stockholm"
    assert yearly_refresh_schedule.default_status.value == "STOPPED"
    monkeypatch.delenv("FINSAM_REFRESH_CRON", raising=False)
    assert refresh_cron() == "0 6 1 5 *"  # 1 May, after the annual reports are adopted
    monkeypatch.setenv("FINSAM_REFRESH_CRON", "30 5 15 4 *")
    assert refresh_cron() == "30 5 15 4 *"


# the landing sensor -------------------------------------------------------------------------------


@pytest.fixture()
def instance():
    with instance_for_test() as instance:
        yield instance


@pytest.fixture()
def landing(tmp_path):
    folder = tmp_path / "landing"
    (folder / "solleftea").mkdir(parents=True)
    (folder / "solleftea" / "documents.csv").write_text("file,kind\nvp.md,plan\n", encoding="utf-8")
    (folder / "solleftea" / "vp.md").write_text("# Verksamhetsplan 2024\n", encoding="utf-8")
    return folder


def tick(instance, landing, cursor):
    """One sensor evaluation: what it returned and the cursor it left."""
    paths = FinsamPaths(landing=str(landing), warehouse=str(landing.parent / "w.duckdb"), exports="exports")
    context = build_sensor_context(instance=instance, cursor=cursor, resources={"paths": paths})
    result = landing_changed(context)
    return result, context.cursor


def test_first_tick_refreshes_and_remembers_every_files_sha256(instance, landing):
    result, cursor = tick(instance, landing, None)
    assert isinstance(result, RunRequest)
    assert result.partition_key is None  # all years
    assert result.tags["finsam/landing_changes"] == "2 added, 0 changed, 0 removed"
    expected = {
        f"solleftea/{name}": hashlib.sha256((landing / "solleftea" / name).read_bytes()).hexdigest()
        for name in ("documents.csv", "vp.md")
    }
    assert json.loads(cursor) == expected


def test_unchanged_landing_skips(instance, landing):
    _, cursor = tick(instance, landing, None)
    (landing / "solleftea" / "vp.md").touch()  # a newer time, the same bytes
    result, after = tick(instance, landing, cursor)
    assert isinstance(result, SkipReason)
    assert after == cursor


def test_a_changed_added_or_removed_file_refreshes_again(instance, landing):
    first, cursor = tick(instance, landing, None)
    keys = {first.run_key}
    changes = [
        lambda: (landing / "solleftea" / "vp.md").write_text(
            "# Verksamhetsplan 2024, rev\n", encoding="utf-8"
        ),
        lambda: (landing / "solleftea" / "budget.md").write_text("# Budget\n", encoding="utf-8"),
        lambda: (landing / "solleftea" / "budget.md").unlink(),
    ]
    for change, summary in zip(
        changes,
        ["0 added, 1 changed, 0 removed", "1 added, 0 changed, 0 removed", "0 added, 0 changed, 1 removed"],
        strict=True,
    ):
        change()
        result, new_cursor = tick(instance, landing, cursor)
        assert isinstance(result, RunRequest), summary
        assert result.tags["finsam/landing_changes"] == summary
        assert result.run_key not in keys and new_cursor != cursor
        keys.add(result.run_key)
        cursor = new_cursor
    assert "solleftea/budget.md" not in json.loads(cursor)


def test_a_file_changed_back_is_a_change_too(instance, landing):
    original = (landing / "solleftea" / "vp.md").read_text(encoding="utf-8")
    first, cursor = tick(instance, landing, None)
    (landing / "solleftea" / "vp.md").write_text("wrong version\n", encoding="utf-8")
    _, cursor = tick(instance, landing, cursor)
    (landing / "solleftea" / "vp.md").write_text(original, encoding="utf-8")
    result, _ = tick(instance, landing, cursor)
    assert isinstance(result, RunRequest)
    assert result.run_key != first.run_key  # Dagster would drop a run_key it has seen


def test_hidden_files_and_folders_are_ignored(instance, landing):
    _, cursor = tick(instance, landing, None)
    (landing / ".DS_Store").write_bytes(b"\0")
    (landing / "solleftea" / ".~lock.vp.md#").write_text("lock", encoding="utf-8")
    (landing / ".git").mkdir()
    (landing / ".git" / "HEAD").write_text("ref: main\n", encoding="utf-8")
    result, _ = tick(instance, landing, cursor)
    assert isinstance(result, SkipReason)


def test_an_empty_or_missing_landing_never_refreshes(instance, tmp_path):
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        result, cursor = tick(instance, folder, None)
        assert isinstance(result, SkipReason) and "no files" in result.skip_message
        assert cursor is None


def test_a_change_during_a_run_waits_for_the_run_to_finish(instance, landing):
    _, cursor = tick(instance, landing, None)
    running = DagsterRun(job_name="yearly_refresh", run_id=str(uuid.uuid4()), status=DagsterRunStatus.STARTED)
    instance.add_run(running)
    (landing / "solleftea" / "vp.md").write_text("# changed during the run\n", encoding="utf-8")
    result, after = tick(instance, landing, cursor)
    assert isinstance(result, SkipReason) and "in progress" in result.skip_message
    assert after == cursor  # kept, so the change is not lost
    instance.report_run_canceled(running)
    result, after = tick(instance, landing, cursor)
    assert isinstance(result, RunRequest) and after != cursor


# one refresh at a time ----------------------------------------------------------------------------


@asset
def probe() -> None:
    """Stands in for the refresh: the lock is taken around every step."""


def probe_job():
    job = define_asset_job("probe", executor_def=warehouse_executor)
    return Definitions(assets=[probe], jobs=[job]).resolve_job_def("probe")


def run_probe_while_locked(instance, settings: Settings) -> tuple[bool, list[str]]:
    """Run the probe job while this test holds the warehouse's lock; let go once the run says it waits.

    The holder is a thread of this test (the run blocks the main thread); it
    reads the run's event log, already warmed up here, and imports nothing.
    """
    instance.get_runs()
    released = threading.Event()
    lines: list[str] = []

    def hold() -> None:
        with refresh_lock(settings.warehouse, by="a test"):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not lines:
                for run in instance.get_runs():
                    lines.extend(
                        e.user_message
                        for e in instance.all_logs(run.run_id)
                        if "waiting for" in e.user_message
                    )
                time.sleep(0.1)
        released.set()

    holder = threading.Thread(target=hold, name="lock-holder")
    holder.start()
    deadline = time.monotonic() + 10
    while read_holder(settings.warehouse) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    with execute_job(reconstructable(probe_job), instance, raise_on_error=False) as result:
        success = result.success
    holder.join(timeout=60)
    assert released.is_set()
    return success, lines


def test_a_run_that_meets_a_running_refresh_waits_for_it_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("FINSAM_WAREHOUSE", str(tmp_path / "finsam.duckdb"))
    settings = Settings.from_env()
    with instance_for_test() as instance:
        success, lines = run_probe_while_locked(instance, settings)
    assert success
    assert lines and lines[0].startswith(f"waiting for refresh PID {os.getpid()} on ")
    assert lines[0].endswith(f"(a test) to finish with {settings.warehouse}")
    with refresh_lock(settings.warehouse):  # and the run let go of it
        pass


def test_a_run_refuses_a_landing_with_nothing_to_load(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("FINSAM_LANDING", str(tmp_path / "empty"))
    monkeypatch.setenv("FINSAM_WAREHOUSE", str(tmp_path / "finsam.duckdb"))
    with (
        instance_for_test() as instance,
        execute_job(reconstructable(probe_job), instance, raise_on_error=False) as result,
    ):
        assert not result.success
        message = result.get_run_failure_event().event_specific_data.error.message
    assert f"landing folder {tmp_path / 'empty'} holds nothing to load" in message
    assert not (tmp_path / "finsam.duckdb").exists()


def test_the_lock_follows_the_paths_the_run_writes(tmp_path):
    config = {"resources": {"paths": {"config": {"warehouse": str(tmp_path / "other.duckdb")}}}}
    assert settings_of_run(config).warehouse == tmp_path / "other.duckdb"
    assert settings_of_run({}).warehouse == Settings.from_env().warehouse
