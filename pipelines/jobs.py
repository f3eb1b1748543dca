"""The yearly refresh: landing → raw → dbt marts and checks → NNS export.

In-process execution runs the steps one after another in one process, which
is what DuckDB's single writer needs; the `warehouse` pool guards the same
rule if someone switches executors. The pool limits steps, not runs, so the
executor also passes the guard `finsam refresh` passes (refresh_guard.py):
it refuses an empty or missing landing, holds the refresh lock for the whole
run, and removes build files a dead refresh left. A run started while
another refresh holds the lock (a sensor tick, a second click, a backfill,
`finsam refresh` in a shell) waits for it, and says in its log what it waits
for, instead of writing the same build file.

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
from pipelines.refresh_guard import guarded_refresh
from pipelines.settings import Settings


def _settings_of_run(run_config: Mapping) -> Settings:
    """The paths of this run: the `paths` resource's config when the Launchpad sets it, else FINSAM_*."""
    paths = (run_config.get("resources") or {}).get("paths") or {}
    given = paths.get("config") or {}
    return Settings.from_env(given.get("landing"), given.get("warehouse"), given.get("exports"))


class _OneRefreshAtATime(Executor):
    """The in-process executor, inside the guard every refresh passes."""

    def __init__(self, inner: Executor):
        self._inner = inner

    @property
    def retries(self):
        return self._inner.retries

    @property
    def step_dependency_config(self):
        return self._inner.step_dependency_config

    def execute(self, plan_context, execution_plan) -> Iterator:
        settings = _settings_of_run(plan_context.run_config)

        def tell(holder) -> None:
            who = holder.describe() if holder else "another refresh"
            plan_context.log.warning(f"waiting for {who} to finish with {settings.warehouse}")

        by = f"Dagster run {plan_context.run_id[:8]}"
        with guarded_refresh(settings, by, wait=True, on_wait=tell) as start:
            for line in start.notes():
                plan_context.log.info(line)
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
