"""Start dbt's process while the step before its command runs (pipelines/dbt/waiting.py).

The executor asks after each step that succeeds. The build's process starts
once the extraction's workers are done (loading and the raw checks use one
core); when the docs will be made and not reused from the published warehouse,
they are started on a copy of the build as soon as the build ends, and made
while the mart checks run (pipelines/dbt/docs_ahead.py).
"""

from __future__ import annotations

from collections.abc import Collection

from pipelines.dbt.commands import start_dbt_ahead
from pipelines.dbt.docs_ahead import begin_docs_on_a_copy
from pipelines.defs.assets.report import published_docs_reusable
from pipelines.foundation.settings import Settings

EXTRACTION_STEP = "raw_extracted"
BUILD_STEP = "finsam_dbt_models"
DOCS_STEP = "exports__docs"


def start_dbt_after(finished_step: str, steps_to_run: Collection[str], published: Settings) -> None:
    """Start dbt's process when `finished_step` is the one before a dbt command in this run,
    and the docs themselves when the build has just ended."""
    build_next = finished_step == EXTRACTION_STEP and BUILD_STEP in steps_to_run
    docs_next = finished_step == BUILD_STEP and DOCS_STEP in steps_to_run
    if build_next:
        start_dbt_ahead(published.build_warehouse)
    elif docs_next and published_docs_reusable(published) is None:
        begin_docs_on_a_copy(published.build_warehouse, published.docs_copy)
