"""The two ends of a refresh: the build file first, publishing last.

Everything in between writes the build file and the export build folder. The
build is started by the job's executor before the first step (pipelines/defs/jobs.py):
empty for a whole refresh, a copy of the published warehouse and exports when
only some assets are refreshed. `publish` runs only when no step of the run
failed and no blocking check failed, and it refuses a build that would lose
facts the published warehouse has (pipelines/refresh/shrink.py) unless its config
allows it; a refresh that does not publish leaves the published warehouse and
export exactly as they were.
"""

from pathlib import Path

from dagster import (
    AssetExecutionContext,
    Config,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)

from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.defs.run_events import read_run_events
from pipelines.foundation.settings import Settings
from pipelines.refresh.outcome import PUBLISH_STEP
from pipelines.refresh.publish import publish_pair
from pipelines.refresh.shrink import Loss, blocked_message, max_shrink_pct, publishing_losses

BUILD_KEY = ["ops", "warehouse_build"]  # the empty build file every raw table is written into
LAST = {"dagster/priority": "-100"}  # in a run of some assets, after every other step of the run


@asset(key=BUILD_KEY, group_name="ops", pool=WAREHOUSE_POOL, kinds={"duckdb"})
def warehouse_build(paths: FinsamPaths) -> MaterializeResult:
    """The refresh's build file, started by the executor (the published warehouse is not touched)."""
    build = paths.settings().warehouse
    return MaterializeResult(
        metadata={"build_file": MetadataValue.path(str(build)), "bytes": build.stat().st_size}
    )


class PublishConfig(Config):
    allow_shrink: bool = False
    """Publish even if the new build loses a federation's or a year's facts, or more than max_shrink_pct
    of all facts (for a landing cleaned on purpose); like `finsam refresh --allow-shrink`."""
    max_shrink_pct: float | None = None
    """The largest fall in facts (percent) published without allow_shrink; empty: FINSAM_MAX_SHRINK_PCT
    or 20."""


def publish_checked(published: Settings, config: PublishConfig) -> tuple[Path, list[Loss]]:
    """Swap in the build and its exports unless facts are lost; returns the export folder and the losses."""
    missing = [path for path in (published.build_warehouse, published.publish_build) if not path.exists()]
    if missing:  # a run of only some steps: a refresh that ended removed its build (refresh/guard.py)
        raise Failure(
            description=f"nothing to publish: {', '.join(map(str, missing))} missing; run the whole refresh",
            allow_retries=False,
        )
    lost: list[Loss] = publishing_losses(
        published.warehouse, published.build_warehouse, max_shrink_pct(config.max_shrink_pct)
    )
    if lost and not config.allow_shrink:
        raise Failure(
            description=blocked_message(lost, published.warehouse),
            metadata={"would_lose": MetadataValue.md("\n".join(f"- {loss.describe()}" for loss in lost))},
            allow_retries=False,
        )
    return publish_pair(published), lost


@asset(
    key=["ops", "publish"],
    group_name="ops",
    deps=[["exports", "nns"], ["exports", "report"], ["exports", "docs"]],
    pool=WAREHOUSE_POOL,
    op_tags=LAST,
)
def publish(context: AssetExecutionContext, config: PublishConfig, paths: FinsamPaths) -> MaterializeResult:
    """Swap in the checked warehouse, then the NNS export, report and docs together, unless facts are lost."""
    blockers = read_run_events(context.instance, context.run_id).blockers(except_step=PUBLISH_STEP)
    if blockers:  # in a run of some assets nothing upstream waits for their checks: look at the run
        raise Failure(description=f"not published: {'; '.join(blockers)}", allow_retries=False)
    published = paths.published()
    folder, lost = publish_checked(published, config)
    if lost:
        context.log.warning(f"publishing with allow_shrink although it loses: {lost[0].describe()} …")
    return MaterializeResult(
        metadata={
            "warehouse": MetadataValue.path(str(published.warehouse)),
            "nns_export": MetadataValue.path(str(folder / "nns")),
            "report": MetadataValue.path(str(folder / "report" / "index.html")),
            "docs": MetadataValue.path(str(folder / "docs" / "index.html")),
            "facts_lost_with_consent": len(lost),
        }
    )
