"""Great Expectations imported while the extraction's workers read the documents.

Importing GX (and scipy and altair, which it imports for expectations the
suites never use) takes about 3 s, and the raw checks paid it right after the
extraction, on one core. During the extraction this process only waits for its
workers, so the import is done there, in this process's own thread (an import
on a background thread can hand another thread a half-initialised module).
Only when the run goes on to the raw checks: a run of the extraction alone
does not need GX. And only when no quality worker runs the checks: a build
from the published warehouse, which reads few documents, has a worker import
GX from the start of the run (pipelines/quality/worker.py); a build from
nothing waits long enough for its workers to import GX here, and its memory
is at its highest at the dbt step, where a worker would add to it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from dagster import AssetExecutionContext

from pipelines.quality.worker import quality_worker_running

RAW_CHECKS_STEP = "gx_raw_suites"  # the raw layer's check step (pipelines/defs/asset_checks.py)
QUALITY_RUN_MODULE = "pipelines.quality.run"  # what the checks import: GX, pandas, the validator


def quality_checks_ahead(context: AssetExecutionContext) -> Callable[[], object] | None:
    """What to do while the extraction waits: import the checks when this run goes on to them."""
    steps = context.run.step_keys_to_execute  # None: every step of the job
    if (steps is not None and RAW_CHECKS_STEP not in steps) or quality_worker_running():
        return None
    return import_quality_checks


def import_quality_checks() -> object:
    return importlib.import_module(QUALITY_RUN_MODULE)
