"""The stages a refresh is timed by, and the Dagster steps of each (bench/national.py's table).

Every other `raw__` step loads a raw table, every `gx_` step runs data-quality
suites; a step nobody mapped counts as `other`, so no second is dropped.
"""

from __future__ import annotations

STAGES = ("extraction", "loading", "dbt", "checks", "export", "report", "other")
_STAGE_OF_STEP = {
    "raw_extracted": "extraction",
    "ops__warehouse_build": "loading",
    "raw_registrations": "loading",
    "finsam_dbt_models": "dbt",
    "exports__nns_nns_export_matches_its_schema": "checks",
    "exports__nns": "export",
    "exports__report": "report",
    "exports__docs": "report",
    "raw__document_lines": "loading",
    "ops__publish": "export",
}
_STAGE_OF_PREFIX = {"raw__": "loading", "gx_": "checks"}


def stage_of_step(step_key: str) -> str:
    """The benchmark's stage of a Dagster step; a step nobody mapped is `other`, never dropped."""
    if step_key in _STAGE_OF_STEP:
        return _STAGE_OF_STEP[step_key]
    prefix = next((prefix for prefix in _STAGE_OF_PREFIX if step_key.startswith(prefix)), None)
    return _STAGE_OF_PREFIX[prefix] if prefix else "other"


def stage_seconds(step_seconds: dict[str, float]) -> dict[str, float]:
    """Wall seconds per stage: the sum of its steps'."""
    totals = dict.fromkeys(STAGES, 0.0)
    for step, seconds in step_seconds.items():
        totals[stage_of_step(step)] += seconds
    return totals
