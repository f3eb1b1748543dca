"""Everything Dagster loads, assembled in one place."""

from __future__ import annotations

from dagster import Definitions

from pipelines.defs.asset_checks import quality_checks
from pipelines.defs.assets.changes import raw_changes
from pipelines.defs.assets.dbt import finsam_dbt_models
from pipelines.defs.assets.export import nns_export, nns_export_matches_its_schema
from pipelines.defs.assets.extraction import raw_document_lines, raw_extracted
from pipelines.defs.assets.ingest import (
    raw_documents,
    raw_facts,
    raw_landing_files,
    raw_participants,
    raw_registrations,
    raw_rejected,
)
from pipelines.defs.assets.publishing import publish, warehouse_build
from pipelines.defs.assets.report import comparison_report, model_docs
from pipelines.defs.instance import commit_history_without_fsync
from pipelines.defs.jobs import warehouse_executor, yearly_refresh
from pipelines.defs.resources import default_resources
from pipelines.defs.run_sensors import dead_refreshes, refresh_failed_alert
from pipelines.defs.schedules import yearly_refresh_schedule
from pipelines.defs.sensors import landing_changed

commit_history_without_fsync()  # every process that loads these definitions writes the run history

ALL_ASSETS = [
    warehouse_build,
    raw_landing_files,
    raw_facts,
    raw_participants,
    raw_documents,
    raw_registrations,
    raw_extracted,
    raw_rejected,
    raw_document_lines,
    raw_changes,
    finsam_dbt_models,
    nns_export,
    comparison_report,
    model_docs,
    publish,
]

ALL_CHECKS = [*quality_checks, nns_export_matches_its_schema]  # GX suites, the export's schema

defs = Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[yearly_refresh],
    schedules=[yearly_refresh_schedule],
    sensors=[landing_changed, refresh_failed_alert, dead_refreshes],
    executor=warehouse_executor,  # Assets → Materialize runs like yearly_refresh: in process, one at a time
    resources=default_resources(),
)


def refresh_job():
    """yearly_refresh, resolved: what `finsam refresh` runs (a function, so Dagster can reconstruct it)."""
    return defs.resolve_job_def("yearly_refresh")
