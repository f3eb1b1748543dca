"""Dagster resources: the paths of one refresh, as the run's config gives them.

`paths` turns the run's config (or FINSAM_*, see pipelines/foundation/settings.py) into the
Settings every stage is called with. A refresh writes a build file beside the
warehouse and publishes it at the end: `settings()` names the build file as the
warehouse, `published()` the one analysts read.
"""

from __future__ import annotations

from dataclasses import replace

from dagster import ConfigurableResource

from pipelines.foundation.settings import Settings


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
