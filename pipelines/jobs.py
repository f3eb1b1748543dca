"""The yearly refresh: landing → raw → dbt marts and checks → NNS export.

In-process execution runs the steps one after another in one process, which
is what DuckDB's single writer needs; the `warehouse` pool guards the same
rule if someone switches executors.
"""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job, in_process_executor

yearly_refresh = define_asset_job(
    name="yearly_refresh",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Rebuild the warehouse from landing/ and write the NNS export.",
)
