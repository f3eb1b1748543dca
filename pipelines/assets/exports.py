"""The NNS export as an asset downstream of every exported mart."""

import json

from dagster import AssetKey, Config, MaterializeResult, MetadataValue, asset

from pipelines.dbt_project import ensure_manifest
from pipelines.nns_export import build_nns_export
from pipelines.resources import FinsamPaths
from pipelines.warehouse import connect_reader


def exported_mart_keys() -> list[AssetKey]:
    """The `rpt_` and `fct_` models of schema marts, read from the dbt manifest."""
    manifest = json.loads(ensure_manifest().read_text(encoding="utf-8"))
    return sorted(
        (
            AssetKey(["marts", node["name"]])
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model"
            and node["schema"] == "marts"
            and node["name"].startswith(("rpt_", "fct_"))
        ),
        key=lambda key: key.to_user_string(),
    )


class ExportConfig(Config):
    fiscal_year: int | None = None
    """Only rewrite this fiscal year's folder; all years when empty."""


@asset(
    key=["exports", "nns"],
    group_name="exports",
    deps=exported_mart_keys(),
    kinds={"csv", "parquet"},
)
def nns_export(config: ExportConfig, paths: FinsamPaths) -> MaterializeResult:
    """CSV and Parquet per fiscal year for the national network, with a manifest of sha256s.

    Written to the build folder; `ops/publish` makes it the published `nns/`.
    """
    settings = paths.settings()
    with connect_reader(settings.warehouse) as connection:
        files = build_nns_export(connection, settings.nns_build, settings.exports / "nns", config.fiscal_year)
    years = sorted({entry.fiscal_year for entry in files})
    return MaterializeResult(
        metadata={
            "files": len(files),
            "fiscal_years": ", ".join(map(str, years)),
            "build_folder": MetadataValue.path(str(settings.nns_build)),
        }
    )
