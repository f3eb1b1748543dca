"""What this refresh changed in the raw layer: `raw.changed_files` and `raw.changed_years`.

Written after every raw table is loaded and before the models: the models
rebuild the years `raw.changed_years` names (pipelines/ingest/raw_changes.py).
"""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, MetadataValue, multi_asset

from pipelines.defs.assets.extraction import DOCUMENT_LINES_KEY, DOCUMENTS_KEY, FACTS_KEY, REVIEW_KEY
from pipelines.defs.assets.ingest import (
    REGISTRATION_TABLES,
    raw_documents,
    raw_facts,
    raw_landing_files,
    raw_participants,
    raw_rejected,
)
from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.ingest.raw_changes import write_raw_changes

LOADED = [
    raw_landing_files.key,
    raw_facts.key,
    raw_participants.key,
    raw_documents.key,
    raw_rejected.key,
    *(["raw", table] for table in REGISTRATION_TABLES),
    FACTS_KEY,
    DOCUMENTS_KEY,
    REVIEW_KEY,
    DOCUMENT_LINES_KEY,
]
CHANGED_YEARS_KEY = ["raw", "changed_years"]
CHANGED_FILES_KEY = ["raw", "changed_files"]


@multi_asset(
    specs=[
        AssetSpec(
            CHANGED_YEARS_KEY,
            deps=LOADED,
            group_name="raw",
            kinds={"duckdb"},
            description="The fiscal years whose raw rows this refresh changed (every year in a build "
            "from nothing): the years the models rebuild.",
        ),
        AssetSpec(
            CHANGED_FILES_KEY,
            deps=LOADED,
            group_name="raw",
            kinds={"duckdb"},
            description="Landing files added, changed or removed since the published warehouse was loaded, "
            "with their old and new sha256.",
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_changes(context: AssetExecutionContext, paths: FinsamPaths):
    """Compare the build's raw layer with the published one's and say what changed, in one line."""
    changes = write_raw_changes(paths.settings().warehouse, paths.published().warehouse)
    context.log.info(changes.line())
    years = ", ".join(map(str, changes.years)) or "none"
    yield MaterializeResult(
        asset_key=CHANGED_YEARS_KEY,
        metadata={"years": MetadataValue.text(years), "rows": len(changes.years)},
    )
    yield MaterializeResult(
        asset_key=CHANGED_FILES_KEY,
        metadata={
            "added": changes.added,
            "changed": changes.changed,
            "removed": changes.removed,
            "unchanged": changes.unchanged,
        },
    )
