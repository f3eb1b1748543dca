"""Fiscal years as the partitions of the yearly refresh.

Every refresh rebuilds the whole warehouse from landing/ and publishes it; a
fiscal year only narrows the NNS export to that year's folder. So the assets
stay unpartitioned (their materialisations always hold every year) and the
*job* is partitioned: a partition key becomes the export's `fiscal_year`.
Launching without a partition refreshes and exports all years.
"""

from __future__ import annotations

from dagster import PartitionedConfig, TimeWindowPartitionsDefinition

FIRST_FISCAL_YEAR = 2004  # the Finsam law (2003:1210) took effect on 1 January 2004
EXPORT_STEP = "exports__nns"  # the op of the exports/nns asset

fiscal_years = TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *",
    start=str(FIRST_FISCAL_YEAR),
    fmt="%Y",
    timezone="Europe/Stockholm",
    end_offset=1,  # through the current year: its plan and budget are already in landing/
)


def fiscal_year_run_config(partition_key: str) -> dict:
    """The run config of one fiscal year: the NNS export rewrites only that year's folder."""
    return {"ops": {EXPORT_STEP: {"config": {"fiscal_year": int(partition_key)}}}}


fiscal_year_config = PartitionedConfig(
    partitions_def=fiscal_years, run_config_for_partition_key_fn=fiscal_year_run_config
)
