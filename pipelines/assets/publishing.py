"""The two ends of a refresh: an empty build file first, publishing last.

Everything in between writes the build file and the export build folder.
`publish` runs only when every asset before it materialised and no blocking
check failed, and it refuses a build that would lose facts the published
warehouse has (pipelines/shrink.py) unless its config allows it; a refresh
that does not publish leaves the published warehouse and export exactly as
they were.
"""

from dagster import AssetExecutionContext, Config, Failure, MaterializeResult, MetadataValue, asset

from pipelines.assets.raw import BUILD_KEY, WAREHOUSE_POOL
from pipelines.publish import publish_pair, start_build
from pipelines.resources import FinsamPaths
from pipelines.shrink import blocked_message, max_shrink_pct, publishing_losses


@asset(key=BUILD_KEY, group_name="ops", pool=WAREHOUSE_POOL, kinds={"duckdb"})
def warehouse_build(paths: FinsamPaths) -> MaterializeResult:
    """Start the refresh's build file from nothing (the published warehouse is not touched)."""
    build = paths.settings().warehouse
    start_build(build, paths.published().warehouse)
    return MaterializeResult(metadata={"build_file": MetadataValue.path(str(build))})


class PublishConfig(Config):
    allow_shrink: bool = False
    """Publish even if the new build loses a federation's or a year's facts, or more than max_shrink_pct
    of all facts (for a landing cleaned on purpose); like `finsam refresh --allow-shrink`."""
    max_shrink_pct: float | None = None
    """The largest fall in facts (percent) published without allow_shrink; empty: FINSAM_MAX_SHRINK_PCT
    or 20."""


@asset(
    key=["ops", "publish"],
    group_name="ops",
    deps=[["exports", "nns"], ["exports", "report"], ["exports", "docs"]],
    pool=WAREHOUSE_POOL,
)
def publish(context: AssetExecutionContext, config: PublishConfig, paths: FinsamPaths) -> MaterializeResult:
    """Swap in the checked warehouse, then the NNS export, report and docs together, unless facts are lost."""
    published = paths.published()
    missing = [path for path in (published.build_warehouse, published.publish_build) if not path.exists()]
    if missing:  # a run of only some steps: a refresh that ended removed its build (refresh_guard.py)
        raise Failure(
            description=f"nothing to publish: {', '.join(map(str, missing))} missing; run the whole refresh",
            allow_retries=False,
        )
    lost = publishing_losses(
        published.warehouse, published.build_warehouse, max_shrink_pct(config.max_shrink_pct)
    )
    if lost and not config.allow_shrink:
        raise Failure(
            description=blocked_message(lost, published.warehouse),
            metadata={"would_lose": MetadataValue.md("\n".join(f"- {loss.describe()}" for loss in lost))},
            allow_retries=False,
        )
    if lost:
        context.log.warning(f"publishing with allow_shrink although it loses: {lost[0].describe()} …")
    folder = publish_pair(published)
    return MaterializeResult(
        metadata={
            "warehouse": MetadataValue.path(str(published.warehouse)),
            "nns_export": MetadataValue.path(str(folder / "nns")),
            "report": MetadataValue.path(str(folder / "report" / "index.html")),
            "docs": MetadataValue.path(str(folder / "docs" / "index.html")),
            "facts_lost_with_consent": len(lost),
        }
    )
