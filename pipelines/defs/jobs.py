"""The yearly refresh: landing → raw → dbt marts and checks → NNS export, and the executor every run uses.

In-process execution runs the steps one after another in one process, which
is what DuckDB's single writer needs. Whole runs are kept apart twice: the
instance's queue lets one run holding the `warehouse` pool start at a time
(dagster.yaml), and the executor passes the guard `finsam refresh` passes
(pipelines/refresh/guard.py): it refuses an empty or missing landing, holds the refresh
lock for the whole run, and removes build files a dead refresh left. A run
that meets another refresh anyway (one started from a shell) waits for it, and
says in its log what it waits for. When `finsam refresh` runs this job it
already holds the lock, and the executor does not take it again.

The executor also starts the build (pipelines/refresh/build_files.py start_build): for a
whole refresh a copy of the published warehouse whose raw layer is reloaded
file by file, or an empty file when the run's tag `finsam/full` is `true`, when
nothing is published or the loaders changed; a copy of the
published warehouse and exports when only some assets or checks were selected
(an asset's Materialize button, a check's Execute button). Such a run
publishes its copy at the end, like a whole refresh, only when no step and no
blocking check failed. A whole refresh built on the published warehouse
also gets the quality worker, which imports Great Expectations while the raw
steps run and then runs the checks' suites (pipelines/quality/worker.py).
Every run ends with its summary in the run's log
(pipelines/refresh/run_summary.py).

The job is partitioned by fiscal year through the NNS export (pipelines/defs/partitions.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext

from dagster import (
    AssetSelection,
    Executor,
    InitExecutorContext,
    define_asset_job,
    executor,
    in_process_executor,
)

from pipelines.foundation.settings import Settings
from pipelines.refresh.guard import RefreshStart, guarded_refresh
from pipelines.refresh.lock import held_in_this_process

FULL_TAG = "finsam/full"  # "true": build the raw layer from nothing (`finsam refresh --full`)


def settings_of_run(run_config: Mapping) -> Settings:
    """The paths of this run: the `paths` resource's config when the run sets it, else FINSAM_*."""
    paths = (run_config.get("resources") or {}).get("paths") or {}
    given = paths.get("config") or {}
    return Settings.from_env(given.get("landing"), given.get("warehouse"), given.get("exports"))


def _export_config(run_config: Mapping) -> dict:
    return ((run_config.get("ops") or {}).get("exports__nns") or {}).get("config") or {}


def _publish_config(run_config: Mapping) -> dict:
    return ((run_config.get("ops") or {}).get("ops__publish") or {}).get("config") or {}


def quality_steps(steps) -> set[str]:
    """The run's steps that run quality suites (one per layer, pipelines/defs/asset_checks.py)."""
    return {step for step in steps if step.startswith("gx_") and step.endswith("_suites")}


def is_whole_refresh(job) -> bool:
    """Every asset of the job selected: a build from nothing. Else a refresh of some assets on a copy."""
    definition = job.get_definition()
    if not definition.is_subset:
        return True
    try:
        whole = job.get_subset(op_selection=None, asset_selection=None, asset_check_selection=None)
    except (AttributeError, TypeError):  # a job that cannot say what it is a subset of
        return True
    selected = definition.asset_layer.executable_asset_keys
    return bool(selected) and selected >= whole.get_definition().asset_layer.executable_asset_keys


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
        from pipelines.dbt.docs_ahead import discard_docs_ahead
        from pipelines.dbt.waiting import discard_waiting_dbt
        from pipelines.defs.dbt_ahead import EXTRACTION_STEP
        from pipelines.defs.dead_runs import (  # late: keep load light
            fail_runs_whose_process_ended,
            this_process,
        )
        from pipelines.defs.instance import history_kept_open
        from pipelines.export.ahead import discard_export_ahead
        from pipelines.quality.worker import start_quality_worker, stop_quality_worker
        from pipelines.refresh.build_files import start_build, start_build_from_published
        from pipelines.refresh.extraction_ahead import extraction_read_ahead
        from pipelines.refresh.up_to_date import output_options

        settings = settings_of_run(plan_context.run_config)
        instance, run_id = plan_context.instance, plan_context.run_id
        instance.add_run_tags(run_id, this_process())
        whole = is_whole_refresh(plan_context.job)
        with self._guard(plan_context, settings) as start, history_kept_open():
            for line in start.notes() if start else ():
                plan_context.log.info(line)
            for dead in fail_runs_whose_process_ended(instance):
                plan_context.log.info(f"marked run {dead} failed: its process had ended")
            full = plan_context.dagster_run.tags.get(FULL_TAG, "").lower() == "true"
            if whole:
                options = output_options(_export_config(plan_context.run_config).get("csv_dialect"))
                build = start_build(settings, full=full, options=options)
                plan_context.log.info(build.line())
                if build.from_published and quality_steps(execution_plan.step_keys_to_execute):
                    start_quality_worker()  # imports GX meanwhile (pipelines/quality/worker.py)
            else:
                plan_context.log.info(
                    "refreshing some assets: they are rebuilt on a copy of the published warehouse, "
                    "which is published when none of the run's steps and blocking checks fails"
                )
                start_build_from_published(settings)
            steps = execution_plan.step_keys_to_execute
            read_ahead = whole and EXTRACTION_STEP in steps
            try:
                with extraction_read_ahead(settings, full) if read_ahead else nullcontext():
                    yield from self._steps(plan_context, execution_plan, settings)
            finally:
                discard_waiting_dbt()  # a run that ends before its dbt command leaves no process waiting
                discard_docs_ahead()  # nor docs made on a copy of its build that no step took
                discard_export_ahead()  # nor an export written on such a copy
                stop_quality_worker()
            self._finish(plan_context, settings, whole, execution_plan.step_keys_to_execute)

    def _steps(self, plan_context, execution_plan, settings: Settings) -> Iterator:
        """The in-process executor's events; memory handed back and dbt started between steps."""
        from pipelines.defs.dbt_ahead import start_dbt_after
        from pipelines.defs.export_ahead import start_export_after
        from pipelines.foundation.freed_memory import release_freed_memory
        from pipelines.quality.worker import end_quality_worker

        steps = execution_plan.step_keys_to_execute
        export_config, tags = _export_config(plan_context.run_config), plan_context.dagster_run.tags
        checks_left = quality_steps(steps)
        for event in self._inner.execute(plan_context, execution_plan):
            yield event
            ended = event.is_step_success or event.is_step_failure or event.is_step_skipped
            if ended and checks_left:
                checks_left.discard(event.step_key)
                if not checks_left:
                    end_quality_worker()  # its memory back before the export and the report
            if event.is_step_success or event.is_step_failure:
                release_freed_memory()  # the next step starts from what this one kept
            if event.is_step_success:
                start_dbt_after(event.step_key, steps, settings)
                start_export_after(event.step_key, steps, settings, export_config, tags)

    @staticmethod
    @contextmanager
    def _guard(plan_context, settings: Settings) -> Iterator[RefreshStart | None]:
        """The refresh lock, unless this process holds it already (`finsam refresh` runs the job)."""
        if held_in_this_process(settings.warehouse):
            yield None
            return

        def tell(holder) -> None:
            who = holder.describe() if holder else "another refresh"
            plan_context.log.warning(f"waiting for {who} to finish with {settings.warehouse}")

        by = f"Dagster run {plan_context.run_id[:8]}"
        with guarded_refresh(settings, by, wait=True, on_wait=tell) as start:
            yield start

    @staticmethod
    def _finish(plan_context, settings: Settings, whole: bool, steps) -> None:
        """Publish a refresh of some assets when nothing failed; then the run's summary, last in its log."""
        from pipelines.defs.assets.publishing import PublishConfig, publish_checked
        from pipelines.defs.run_events import read_run_events
        from pipelines.refresh.outcome import PUBLISH_STEP
        from pipelines.refresh.run_summary import summarize_run

        events = read_run_events(plan_context.instance, plan_context.run_id)
        published = events.published
        if not whole and PUBLISH_STEP not in steps and not events.blockers():
            publish_checked(settings, PublishConfig(**_publish_config(plan_context.run_config)))
            published = True
            plan_context.log.info(f"published the refreshed assets in {settings.warehouse}")
        for line in summarize_run(settings, events, published=published).lines():
            plan_context.log.info(line)


@executor(name="warehouse_in_process", config_schema=in_process_executor.config_schema)
def warehouse_executor(init_context: InitExecutorContext) -> Executor:
    """Every step in one process, and one refresh of a warehouse at a time."""
    return _OneRefreshAtATime(in_process_executor.executor_creation_fn(init_context))


yearly_refresh = define_asset_job(
    name="yearly_refresh",
    selection=AssetSelection.all(),  # partitioned by fiscal year through exports/nns (partitions.py)
    executor_def=warehouse_executor,
    description=(
        "Rebuild the warehouse from landing/, check it, write the NNS export and publish. "
        "Pick a fiscal year to rewrite only that year's export folder; pick several for a backfill "
        "(one run per year, one after the other)."
    ),
)
