"""The quality worker runs the suites as the refresh process would, and is never needed to run them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipelines.defs.asset_checks import build_quality_checks
from pipelines.defs.jobs import quality_steps
from pipelines.quality import worker as worker_module
from pipelines.quality.run import run_suites
from pipelines.quality.worker import (
    QualityWorker,
    QualityWorkerError,
    SuitesRequest,
    run_suites_here_or_in_worker,
    start_quality_worker,
    stop_quality_worker,
)
from tests.quality.test_quality_run import SUITES, dq_results, tiny_warehouse

REQUESTED = ("raw_documents", "rpt_equity")


@pytest.fixture
def worker():
    started = QualityWorker()
    yield started
    started.stop()


def _request(tmp_path, run_id: str) -> SuitesRequest:
    warehouse = tiny_warehouse(tmp_path / "w.duckdb")
    suites = tuple(SUITES[name] for name in REQUESTED)
    return SuitesRequest(
        suites, warehouse, tmp_path / "exports", run_id, None, worker_module.NOTHING_REGISTERED
    )


def test_the_workers_answer_is_the_runs_in_this_process_without_gx_results(tmp_path, worker):
    here_path, there_path = tmp_path / "here", tmp_path / "there"
    here_path.mkdir(), there_path.mkdir()
    here_request, there_request = _request(here_path, "run-1"), _request(there_path, "run-1")
    here = run_suites(list(here_request.suites), here_request.warehouse, here_request.exports, "run-1")

    there = worker.run_suites(there_request)

    assert [replace(outcome, gx_result=None) for outcome in here.outcomes] == list(there.outcomes)
    assert there.rows_recorded == here.rows_recorded == request_expectations(there_request)
    assert there.years_checked == here.years_checked
    # the worker wrote what the run writes: ops.dq_results and the data docs
    rows = dq_results(there_request.warehouse)
    warning = rows[rows.expectation == "equity_within_recommendation"].iloc[0]
    assert (warning.run_id, bool(warning.success)) == ("run-1", False)
    quality = there_path / "exports" / "quality"
    assert there.docs_index == quality / "index.html" and there.docs_index.exists()
    assert (quality / "results" / "rpt_equity.json").exists()


def test_the_worker_answers_one_request_after_another(tmp_path, worker):
    request = _request(tmp_path, "run-1")
    worker.run_suites(request)
    worker.run_suites(replace(request, run_id="run-2"))

    assert dq_results(request.warehouse).groupby("run_id").size().to_dict() == {
        "run-1": request_expectations(request),
        "run-2": request_expectations(request),
    }


def request_expectations(request: SuitesRequest) -> int:
    return sum(len(suite.expectations) for suite in request.suites)


def test_a_suite_that_fails_in_the_worker_says_why_and_the_worker_goes_on(tmp_path, worker):
    request = _request(tmp_path, "run-1")
    missing = replace(request, warehouse=tmp_path / "no-such-folder" / "w.duckdb")

    with pytest.raises(QualityWorkerError, match="the quality suites failed in their worker") as raised:
        worker.run_suites(missing)

    assert "Traceback" in str(raised.value) and "no-such-folder" in str(raised.value)
    assert worker.run_suites(request).rows_recorded == request_expectations(request)


def test_without_a_worker_or_with_a_dead_one_the_suites_run_here(tmp_path, monkeypatch):
    request = _request(tmp_path, "run-1")
    stop_quality_worker()
    alone = run_suites_here_or_in_worker(request)

    start_quality_worker()
    try:
        dead = worker_module._worker
        dead._process.kill()  # died before its step asked, unseen: the pipe says so
        dead._process.join()
        monkeypatch.setattr(dead, "alive", lambda: True)
        after_death = run_suites_here_or_in_worker(replace(request, run_id="run-2"))
        assert worker_module._worker is None, "the dead worker is let go"
    finally:
        stop_quality_worker()

    assert alone.rows_recorded == after_death.rows_recorded == request_expectations(request)
    assert set(dq_results(request.warehouse).run_id) == {"run-1", "run-2"}


def test_the_quality_steps_are_the_check_steps_of_every_layer():
    check_steps = {checks.node_def.name for checks in build_quality_checks()}
    plan = ["raw__documents", "raw_extracted", "finsam_dbt_models", "exports__nns", *sorted(check_steps)]

    assert check_steps == {"gx_raw_suites", "gx_marts_suites", "gx_ops_suites"}
    assert quality_steps(plan) == check_steps
    assert quality_steps(["raw_extracted", "exports__nns_nns_export_matches_its_schema"]) == set()
