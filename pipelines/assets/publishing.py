"""The two ends of a refresh: an empty build file first, publishing last.

Everything in between writes the build file and the export build folder.
`publish` runs only when every asset before it materialised and no blocking
check failed, so a failed refresh leaves the published warehouse and export
exactly as they were.
"""

from dagster import MaterializeResult, MetadataValue, asset

from pipelines.assets.raw import BUILD_KEY, WAREHOUSE_POOL
from pipelines.publish import publish_exports, publish_warehouse, start_build
from pipelines.resources import FinsamPaths


@asset(key=BUILD_KEY, group_name="ops", pool=WAREHOUSE_POOL, kinds={"duckdb"})
def warehouse_build(paths: FinsamPaths) -> MaterializeResult:
    """Start the refresh's build file from nothing (the published warehouse is not touched)."""
    build = paths.settings().warehouse
    start_build(build, paths.published().warehouse)
    return MaterializeResult(metadata={"build_file": MetadataValue.path(str(build))})


@asset(
    key=["ops", "publish"],
    group_name="ops",
    deps=[["exports", "nns"], ["exports", "report"], ["exports", "docs"]],
    pool=WAREHOUSE_POOL,
)
def publish(paths: FinsamPaths) -> MaterializeResult:
    """Swap in the checked warehouse, then the NNS export, report and docs together, each in one step."""
    published = paths.published()
    publish_warehouse(published.build_warehouse, published.warehouse)
    folder = publish_exports(published.publish_build, published.exports)
    return MaterializeResult(
        metadata={
            "warehouse": MetadataValue.path(str(published.warehouse)),
            "nns_export": MetadataValue.path(str(folder / "nns")),
            "report": MetadataValue.path(str(folder / "report" / "index.html")),
            "docs": MetadataValue.path(str(folder / "docs" / "index.html")),
        }
    )
