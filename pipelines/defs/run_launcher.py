"""Runs launched from the UI store their history on connections kept open, as `finsam refresh` does.

The webserver and the daemon read and write the history with Dagster's own
SQLite classes: they live for hours and would keep a connection to every run
file they read. A run's worker lives for one run and stores all of its events
(about 640 at national scale, a new SQLAlchemy engine each with Dagster's
classes: some 3 s of a refresh, docs/performance.md). This launcher is
Dagster's DefaultRunLauncher, except that the worker is handed an instance
ref whose run and event storages are history_storage.py's classes on the
same files. A home whose dagster.yaml names its own storage is left as it is
(pipelines/defs/instance.py, history_overrides).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dagster import DefaultRunLauncher
from dagster._core.instance.ref import InstanceRef

from pipelines.defs.instance import history_overrides

if TYPE_CHECKING:
    from dagster import DagsterInstance
    from dagster._core.launcher.base import LaunchRunContext

STORAGE_FIELDS = ("storage_data", "run_storage_data", "event_storage_data", "schedule_storage_data")


class KeptOpenHistoryRunLauncher(DefaultRunLauncher):
    """DefaultRunLauncher whose run workers get run_worker_ref's instance ref."""

    def launch_run(self, context: LaunchRunContext) -> None:
        origin = context.dagster_run.remote_job_origin
        if context.workspace is None or origin is None:
            super().launch_run(context)  # Dagster's launcher says what is missing
            return
        location = context.workspace.get_code_location(
            origin.repository_origin.code_location_origin.location_name
        )
        client = getattr(location, "client", None)
        if client is None:
            super().launch_run(context)  # not a gRPC code location: Dagster's launcher refuses it
            return
        instance = _HandsOutRef(self._instance, run_worker_ref(self._instance))
        self.launch_run_from_grpc_client(instance, context.dagster_run, client)  # type: ignore[arg-type]
        self._run_ids.add(context.dagster_run.run_id)


def run_worker_ref(instance: DagsterInstance) -> InstanceRef:
    """The instance's ref, its run and event storages kept open when they are its home's own SQLite files."""
    ref = instance.get_ref()
    home = Path(instance.root_directory)
    if not (home / "dagster.yaml").is_file():
        return ref
    overrides = history_overrides(home)
    if not overrides or InstanceRef.from_dir(str(home)).storage_data != ref.storage_data:
        return ref  # storage named in dagster.yaml, or an instance not made from this home
    kept_open = InstanceRef.from_dir(str(home), overrides=overrides)
    return ref._replace(**{field: getattr(kept_open, field) for field in STORAGE_FIELDS})


class _HandsOutRef:
    """The launcher's instance as launch_run_from_grpc_client uses it, giving out `ref` as its own."""

    def __init__(self, instance: DagsterInstance, ref: InstanceRef):
        self._instance, self._ref = instance, ref

    def get_ref(self) -> InstanceRef:
        return self._ref

    def add_run_tags(self, run_id: str, new_tags) -> None:
        self._instance.add_run_tags(run_id, new_tags)
