"""A refresh that builds on the published warehouse gives what a refresh from nothing gives, byte for byte.

A generated landing of three federations and three fiscal years is refreshed
without its last year, then with that year's documents and participant
exports added (incremental: only the new files are loaded, only the years
they touch rebuilt); a second folder refreshes the whole landing with
`--full`. Every marts, analyst and ops table and every file of the NNS export
and the report must have the same digest (bench/output_digest.py: rows
sorted, only the run's id and time normalised), except the checks' history
(`ops.dq_results`, `ops.dbt_test_results`: the incremental warehouse holds two
runs' results, the full one a single run's); the last run's GX outcomes must be
equal all the same, though the incremental checks read only the rebuilt years.
A refresh with nothing changed then stops at once and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance

from bench.landings import cut_landing
from bench.output_digest import differences, output_digests
from pipelines.cli import main as finsam
from pipelines.quality import worker as worker_module
from tests.conftest import refresh_into

LAST_YEAR = 2025
LOADED_AT = (  # when each participant export of the years before the last was loaded
    f"select _source_file, max(_loaded_at) from raw.participants "
    f"where _source_file not like '%-{LAST_YEAR}.participants.csv' group by all order by all"
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    arguments = [
        "synth",
        "--federations",
        "3",
        "--years",
        "3",
        "--participants-per-year",
        "300",
        "--seed",
        "5",
    ]
    assert finsam([*arguments, "--last-year", str(LAST_YEAR), "--out", str(folder)]) == 0
    return folder / "landing"


RUN_HISTORY = ("table ops.dq_results", "table ops.dbt_test_results")  # one row per check per run


def _quality_workers_started(monkeypatch) -> list[str]:
    """Each refresh that starts the quality worker (pipelines/quality/worker.py) adds one entry."""
    started: list[str] = []
    start = worker_module.start_quality_worker
    monkeypatch.setattr(worker_module, "start_quality_worker", lambda: (started.append("started"), start()))
    return started


def without_history(digests: dict[str, str]) -> dict[str, str]:
    """The outputs of the landing: not the checks' history, which holds every refresh's run."""
    return {name: digest for name, digest in digests.items() if name not in RUN_HISTORY}


def latest_check_outcomes(folder: Path) -> list[tuple]:
    """Every GX expectation's outcome in the warehouse's last run: success and observed rows."""
    return rows(
        folder,
        "select suite, expectation, severity, success, observed_value from ops.dq_results "
        "where run_id = (select run_id from ops.dq_results order by checked_at desc limit 1) "
        "order by all",
    )


def export_written_during_the_checks() -> bool:
    """Whether the latest NNS export was written on a copy of the build while the mart checks ran."""
    with DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(AssetKey(["exports", "nns"]))
    return event.asset_materialization.metadata["written_on_a_copy_while_the_checks_ran"].value


def rows(folder: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(folder / "finsam.duckdb"), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.mark.slow
def test_a_new_year_built_on_the_published_warehouse_equals_a_full_refresh(generated, tmp_path, monkeypatch):
    workers = _quality_workers_started(monkeypatch)
    landing = cut_landing(generated, tmp_path / "landing", 3, without_year=LAST_YEAR)
    incremental = tmp_path / "incremental"
    first = refresh_into(incremental, landing)
    assert workers == [], "a build from nothing imports GX in its own process (quality_ahead.py)"
    assert first.exit_code in (0, 2), first.stdout + first.stderr[-3000:]
    statements_2025 = f"select count(*) from marts.fct_statements where fiscal_year = {LAST_YEAR}"
    assert rows(incremental, statements_2025) == [(0,)]  # its annual reports have not arrived
    loaded_before = rows(incremental, LOADED_AT)

    cut_landing(generated, landing, 3)  # the last year's plans, reports and exports arrive
    added = refresh_into(incremental, landing)
    assert added.exit_code in (0, 2), added.stdout + added.stderr[-3000:]
    assert workers == ["started"], "a build from the published warehouse runs its suites in a worker"
    assert export_written_during_the_checks()  # pipelines/export/ahead.py
    assert rows(incremental, "select built_from from raw.load_fingerprint") == [("published",)]
    # only the new year's files were loaded; the years rebuilt are those their rows touch
    changes = rows(incremental, "select change, count(*) from raw.changed_files group by all order by all")
    assert [change for change, _ in changes] == ["added", "changed"]  # new files; each documents.csv
    assert rows(incremental, statements_2025)[0][0] > 0
    assert rows(incremental, LOADED_AT) == loaded_before  # the earlier years' exports were not reloaded
    rebuilt = rows(incremental, "select fiscal_year from intermediate.int_rebuild_years order by 1")
    assert {(LAST_YEAR - 1,), (LAST_YEAR,)} <= set(rebuilt)  # the annual report compares with 2024

    full = tmp_path / "full"
    whole = refresh_into(full, landing, "--full")
    assert whole.exit_code == added.exit_code, whole.stdout + whole.stderr[-3000:]
    assert rows(full, "select built_from from raw.load_fingerprint") == [("nothing",)]
    assert workers == ["started"], "--full builds from nothing: no worker"
    assert not export_written_during_the_checks()  # the checks run in the refresh process

    incremental_digests = without_history(
        output_digests(incremental / "finsam.duckdb", incremental / "exports")
    )
    full_digests = without_history(output_digests(full / "finsam.duckdb", full / "exports"))
    changed = differences(full_digests, incremental_digests)
    assert not changed, "incremental and full refreshes differ:\n" + "\n".join(changed)
    assert any(name.startswith("file nns/") for name in incremental_digests)  # the export was compared

    # the checks read the rebuilt years only, yet report what a full refresh reports: the other
    # years' findings are carried (pipelines/quality/carried_years.py)
    assert latest_check_outcomes(incremental) == latest_check_outcomes(full)
    carried = rows(
        incremental,
        "select count(*) from ops.dq_year_findings where fiscal_year "
        "not in (select fiscal_year from intermediate.int_rebuild_years)",
    )
    assert carried[0][0] > 0  # years not read this time counted in all the same (element counts)

    unchanged = refresh_into(incremental, landing)
    assert unchanged.exit_code == 0, unchanged.stdout + unchanged.stderr[-3000:]
    assert "Nothing changed since the published refresh" in unchanged.stdout
    after = output_digests(incremental / "finsam.duckdb", incremental / "exports")
    assert without_history(after) == incremental_digests
