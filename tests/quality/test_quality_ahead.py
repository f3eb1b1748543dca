"""The raw checks' libraries are imported during the extraction only in runs that go on to the checks,
and only when no quality worker runs them."""

from __future__ import annotations

from types import SimpleNamespace

from pipelines.defs import quality_ahead
from pipelines.defs.asset_checks import build_quality_checks
from pipelines.defs.quality_ahead import RAW_CHECKS_STEP, import_quality_checks, quality_checks_ahead


def _context(steps):
    return SimpleNamespace(run=SimpleNamespace(step_keys_to_execute=steps))


def test_the_raw_checks_step_is_the_one_quality_ahead_names():
    assert RAW_CHECKS_STEP in {checks.node_def.name for checks in build_quality_checks()}


def test_a_whole_run_or_one_with_the_raw_checks_imports_them_ahead():
    assert quality_checks_ahead(_context(None)) is import_quality_checks
    assert quality_checks_ahead(_context(["raw_extracted", RAW_CHECKS_STEP])) is import_quality_checks


def test_with_a_quality_worker_running_the_checks_nothing_is_imported_here(monkeypatch):
    monkeypatch.setattr(quality_ahead, "quality_worker_running", lambda: True)
    assert quality_checks_ahead(_context(None)) is None


def test_a_run_of_the_extraction_alone_imports_nothing():
    assert quality_checks_ahead(_context(["raw_extracted"])) is None


def test_the_import_gives_the_module_the_checks_run():
    module = import_quality_checks()
    assert module.__name__ == "pipelines.quality.run" and callable(module.run_suites)
