"""Start the NNS export on a copy of the build when dbt's build ends (pipelines/export/ahead.py).

Only where the export step would write every year with these options, and
where a core is idle during the checks: a refresh built on the published
warehouse, whose checks run in the quality worker (a build from nothing runs
them in the refresh process itself), and whose model docs are linked from the
published ones (not made by a dbt process at the same time).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from dagster._core.storage.tags import PARTITION_NAME_TAG

from pipelines.dbt.project import ensure_manifest
from pipelines.defs.assets.report import published_docs_reusable
from pipelines.defs.dbt_ahead import BUILD_STEP
from pipelines.export.ahead import ExportRequest, begin_export_on_a_copy
from pipelines.export.csv_format import RFC4180  # ExportConfig's default dialect
from pipelines.foundation.settings import Settings
from pipelines.quality.worker import quality_worker_running

EXPORT_STEP = "exports__nns"


def export_request(settings: Settings, csv_dialect: str) -> ExportRequest:
    """The export of every year with `csv_dialect` that a run on `settings` writes."""
    return ExportRequest(settings.nns_build, settings.exports / "nns", csv_dialect, ensure_manifest())


def start_export_after(
    finished_step: str,
    steps_to_run: Collection[str],
    published: Settings,
    export_config: Mapping,
    run_tags: Mapping[str, str],
) -> None:
    """Begin the export on a copy of the build when `finished_step` is the build and the run will take it."""
    if finished_step != BUILD_STEP or EXPORT_STEP not in steps_to_run:
        return
    one_year = export_config.get("fiscal_year") is not None or PARTITION_NAME_TAG in run_tags
    if one_year or not quality_worker_running() or published_docs_reusable(published) is None:
        return
    request = export_request(published, export_config.get("csv_dialect") or RFC4180.name)
    begin_export_on_a_copy(published.build_warehouse, published.export_copy, request)
