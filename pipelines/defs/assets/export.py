"""The NNS export as an asset downstream of every exported mart."""

import json

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Config,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from pipelines.dbt.project import ensure_manifest
from pipelines.defs.export_ahead import export_request
from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.partitions import fiscal_years
from pipelines.defs.resources import FinsamPaths
from pipelines.export import build_nns_export, exported_models
from pipelines.export.ahead import discard_export_ahead, export_made_ahead
from pipelines.export.csv_format import RFC4180
from pipelines.export.reuse import reused_years
from pipelines.export.schema_check import validate_export
from pipelines.foundation.warehouse_file import connect_reader


def exported_mart_keys() -> list[AssetKey]:
    """The marts the export reads: the dbt models marked `meta: {nns_export: true}` in the manifest."""
    manifest = json.loads(ensure_manifest().read_text(encoding="utf-8"))
    return [AssetKey(["marts", name]) for name in exported_models(manifest)]


class ExportConfig(Config):
    fiscal_year: int | None = None
    """Only rewrite this fiscal year's folder; all years when empty."""
    csv_dialect: str = RFC4180.name
    """rfc4180 (comma, dot decimals) or sv (Swedish Excel: semicolon, decimal comma, UTF-8 BOM)."""


def export_fiscal_year(context: AssetExecutionContext, config: ExportConfig) -> int | None:
    """The run's fiscal year: its partition; every year for a range (all years at once); else the config."""
    if context.has_partition_key_range and not context.has_partition_key:
        return None
    if not context.has_partition_key:
        return config.fiscal_year
    year = int(context.partition_key)
    if config.fiscal_year not in (None, year):
        raise Failure(f"fiscal_year {config.fiscal_year} in the run config contradicts partition {year}")
    return year


@asset(
    key=["exports", "nns"],
    group_name="exports",
    deps=exported_mart_keys(),
    kinds={"csv", "parquet"},
    partitions_def=fiscal_years,
    pool=WAREHOUSE_POOL,
)
def nns_export(context: AssetExecutionContext, config: ExportConfig, paths: FinsamPaths) -> MaterializeResult:
    """CSV and Parquet per fiscal year for the national network, with a manifest of sha256s.

    Written to the build folder; `ops/publish` makes it the published `nns/`.
    """
    settings = paths.settings()
    fiscal_year = export_fiscal_year(context, config)
    ahead = None
    if fiscal_year is None:  # written while the mart checks ran (pipelines/export/ahead.py)?
        ahead = export_made_ahead(export_request(settings, config.csv_dialect), context.log.warning)
    discard_export_ahead()  # one not taken (a run of one year) is done writing the build folder first
    files = ahead
    if files is None:
        with connect_reader(settings.warehouse) as connection:
            files = build_nns_export(
                connection,
                settings.nns_build,
                settings.exports / "nns",
                fiscal_year,
                csv_dialect=config.csv_dialect,
            )
    years = sorted({entry.fiscal_year for entry in files})
    return MaterializeResult(
        metadata={
            "files": len(files),
            "fiscal_years": ", ".join(map(str, years)),
            "build_folder": MetadataValue.path(str(settings.nns_build)),
            "csv_dialect": config.csv_dialect,
            "years_reused": ", ".join(map(str, reused_years(settings.nns_build, settings.exports / "nns"))),
            "written_on_a_copy_while_the_checks_ran": ahead is not None,
        }
    )


@asset_check(
    asset=nns_export,
    blocking=True,
    pool=WAREHOUSE_POOL,
    description="Every exported file matches schema.json.",
)
def nns_export_matches_its_schema(paths: FinsamPaths) -> AssetCheckResult:
    """An export that breaks its own data dictionary is never published."""
    problems = validate_export(paths.settings().nns_build, checked_before=paths.published().exports / "nns")
    return AssetCheckResult(
        passed=not problems,
        severity=AssetCheckSeverity.ERROR,
        metadata={"problems": MetadataValue.md("\n".join(f"- {p}" for p in problems[:50]) or "none")},
    )
