"""The yearly refresh: landing → raw → dbt marts and checks → NNS export.

In-process execution runs the steps one after another in one process, which
is what DuckDB's single writer needs; the `warehouse` pool guards the same
rule if someone switches executors. The pool limits steps, not runs, so the
executor also holds the refresh lock `finsam refresh` takes for the whole run:
a second refresh started while one is running (a sensor tick, a second click,
a backfill) fails at once instead of writing the same build file.

The job is partitioned by fiscal year (pipelines/partitions.py): a partition
narrows the NNS export to that year; no partition means all years.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from dagster import (
    AssetSelection,
    Executor,
    InitExecutorContext,
    define_asset_job,
    executor,
    in_process_executor,
)

from pipelines.partitions import fiscal_year_config
from pipelines.refresh import refresh_lock
from pipelines.settings import Settings


def _settings_of_run(run_config: Mapping) -> Settings:
    """The paths of this run: the `paths` resource's config when the Launchpad sets it, else FINSAM_*."""
    paths = (run_config.get("resources") or {}).get("paths") or {}
    given = paths.get("config") or {}
    return Settings.from_env(given.get("landing"), given.get("warehouse"), given.get("exports"))


class _OneRefreshAtATime(Executor):
    """The in-process executor, inside the warehouse's refresh lock."""

    def __init__(self, inner: Executor):
        self._inner = inner

    @property
    def retries(self):
        return self._inner.retries

    @property
    def step_dependency_config(self):
        return self._inner.step_dependency_config

    def execute(self, plan_context, execution_plan) -> Iterator:
        with refresh_lock(_settings_of_run(plan_context.run_config)):
            yield from self._inner.execute(plan_context, execution_plan)


@executor(name="warehouse_in_process", config_schema=in_process_executor.config_schema)
def warehouse_executor(init_context: InitExecutorContext) -> Executor:
    """Every step in one process, and one refresh of a warehouse at a time."""
    return _OneRefreshAtATime(in_process_executor.executor_creation_fn(init_context))


yearly_refresh = define_asset_job(
    name="yearly_refresh",
    selection=AssetSelection.all(),
    config=fiscal_year_config,
    executor_def=warehouse_executor,
    description=(
        "Rebuild the warehouse from landing/ and write the NNS export. Pick a fiscal year to "
        "rewrite only that year's export folder; launch without a partition for all years."
    ),
)
