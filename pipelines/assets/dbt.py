"""Every dbt model, seed and test as Dagster assets and asset checks."""

from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.assets.raw import WAREHOUSE_POOL
from pipelines.dbt_project import ensure_manifest
from pipelines.resources import FinsamPaths


class SchemaPrefixedTranslator(DagsterDbtTranslator):
    """Sources keep `["raw", table]`; models and seeds are keyed `[schema, name]`."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema")


@dbt_assets(
    manifest=ensure_manifest(),
    dagster_dbt_translator=SchemaPrefixedTranslator(),
    pool=WAREHOUSE_POOL,
)
def finsam_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, paths: FinsamPaths):
    """`dbt build`: seeds, staging, intermediate and marts, with their tests as checks."""
    paths.settings()  # exports FINSAM_WAREHOUSE for profiles.yml
    yield from dbt.cli(["build"], context=context).stream()
