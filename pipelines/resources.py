"""Dagster resources: the paths of one refresh, and dbt.

One setting (FINSAM_WAREHOUSE and friends, see settings.py) feeds both the
warehouse writers and dbt's profiles.yml.
"""

from __future__ import annotations

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource

from pipelines.dbt_project import dbt_executable, finsam_dbt_project
from pipelines.settings import Settings


class FinsamPaths(ConfigurableResource):
    """Landing folder, warehouse file and export folder of a refresh."""

    landing: str
    warehouse: str
    exports: str

    def settings(self) -> Settings:
        settings = Settings.from_env(self.landing, self.warehouse, self.exports)
        settings.export_to_environment()
        return settings

    @classmethod
    def from_settings(cls, settings: Settings) -> FinsamPaths:
        return cls(
            landing=str(settings.landing),
            warehouse=str(settings.warehouse),
            exports=str(settings.exports),
        )


def default_resources(settings: Settings | None = None) -> dict:
    """Resources for the UI (paths from the environment) or for an in-process refresh."""
    paths = FinsamPaths.from_settings(settings or Settings.from_env())
    return {
        "paths": paths,
        "dbt": DbtCliResource(project_dir=finsam_dbt_project, dbt_executable=dbt_executable()),
    }
