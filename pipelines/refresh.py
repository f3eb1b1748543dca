"""One refresh, in process: the same assets and resources the Dagster job runs."""

from __future__ import annotations

from dataclasses import dataclass

from dagster import materialize

from pipelines.resources import default_resources
from pipelines.settings import Settings


@dataclass(frozen=True)
class RefreshOutcome:
    success: bool
    failed_steps: list[str]
    rejected_rows: int


def run_refresh(
    settings: Settings, fiscal_year: int | None = None, log_level: str = "WARNING"
) -> RefreshOutcome:
    from pipelines.definitions import ALL_ASSETS  # imported late: it parses dbt on first use

    settings.export_to_environment()
    run_config = {
        "ops": {"exports__nns": {"config": {"fiscal_year": fiscal_year}}},
        # step-by-step debug lines would bury the summary; warnings (rejections) still show
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }
    result = materialize(
        ALL_ASSETS,
        resources=default_resources(settings),
        run_config=run_config,
        raise_on_error=False,
    )
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    rejected = 0
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        if materialization.asset_key.path[0] == "raw" and "rejected" in materialization.metadata:
            rejected += materialization.metadata["rejected"].value
    return RefreshOutcome(success=result.success, failed_steps=failed, rejected_rows=rejected)
