"""Dagster resources: the paths of one refresh (dbt runs through pipelines/dbt_build.py).

One setting (FINSAM_WAREHOUSE and friends, see settings.py) feeds both the
warehouse writers and dbt's profiles.yml. A refresh writes a build file beside
the warehouse (FINSAM_BUILD_WAREHOUSE for dbt) and publishes it at the end.
"""

from __future__ import annotations

import os
from dataclasses import replace

from dagster import ConfigurableResource

from pipelines.settings import Settings


class FinsamPaths(ConfigurableResource):
    """Landing folder, warehouse file and export folder of a refresh."""

    landing: str
    warehouse: str
    exports: str

    def published(self) -> Settings:
        """The locations analysts and the NNS read."""
        return Settings.from_env(self.landing, self.warehouse, self.exports)

    def settings(self) -> Settings:
        """The locations this run writes: the warehouse is the build file until it is published."""
        published = self.published()
        published.export_to_environment()
        os.environ["FINSAM_BUILD_WAREHOUSE"] = str(published.build_warehouse)
        return replace(published, warehouse=published.build_warehouse)

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
    return {"paths": paths}
