"""What analysts open in a browser, built by every refresh and published with the NNS export:
the comparison report (exports/report/) and dbt's model documentation (exports/docs/).

The report reads the warehouse (and the suppressed marts from the NNS export the run
wrote), so the documents' lines are loaded into
it first (`raw.document_lines`, defs/assets/extraction.py).
"""

import shutil
from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from pipelines.dbt.commands import generate_docs
from pipelines.dbt.docs_ahead import docs_made_ahead
from pipelines.defs.assets.dbt import finsam_dbt_models
from pipelines.defs.assets.extraction import DOCUMENT_LINES_KEY
from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.linked_copies import link_or_copy
from pipelines.foundation.settings import Settings
from pipelines.foundation.warehouse_file import connect_reader
from pipelines.refresh.build_files import PUBLISHED_LINK
from pipelines.refresh.up_to_date import built_on_published_product

NNS_EXPORT_KEY = AssetKey(["exports", "nns"])  # the report reads the export's suppressed tables


@asset(
    key=["exports", "report"],
    group_name="exports",
    deps=[finsam_dbt_models, DOCUMENT_LINES_KEY, NNS_EXPORT_KEY],
    pool=WAREHOUSE_POOL,
    kinds={"html"},
)
def comparison_report(paths: FinsamPaths) -> MaterializeResult:
    """The static comparison report: charts with their tables, one page per federation and document.

    Written to the build folder; `ops/publish` publishes it as `report/` together with `nns/`.
    It reads the suppressed marts from the NNS export the run wrote, and links
    the published report when nothing it shows has changed, otherwise each
    page whose inputs are the published page's (pipelines/report/page_reuse.py).
    """
    from pipelines.report.build import build_report  # late: vl-convert loads a JavaScript engine

    settings = paths.settings()
    with connect_reader(settings.warehouse) as connection:
        built = build_report(
            connection, settings.report_build, settings.exports / "report", settings.nns_build
        )
    return MaterializeResult(
        metadata={
            "pages": built.pages,
            "charts": built.charts,
            "figures_linked": built.figures_linked,
            "reused": built.reused,
            "pages_linked": built.pages_linked,
            "document_pages_by_helper": built.pages_by_helper,
            "index": MetadataValue.path(str(settings.report_build / "index.html")),
        }
    )


@asset(key=["exports", "docs"], group_name="exports", deps=[finsam_dbt_models], pool=WAREHOUSE_POOL)
def model_docs(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """dbt's documentation site as one file (`dbt docs generate --static`): lineage and every column.

    It shows the project and the tables' columns, not their rows: a refresh
    built on the published warehouse by the same product links the published
    site (dbt's start and catalog queries took about 4 s of a national refresh);
    one that makes the site takes what dbt made on a copy of the build while
    the mart checks ran (pipelines/dbt/docs_ahead.py), else runs dbt here.
    """
    settings = paths.settings()
    published = published_docs_reusable(paths.published())
    shutil.rmtree(settings.docs_build, ignore_errors=True)
    settings.docs_build.mkdir(parents=True)
    reused = published is not None
    ahead = None
    if reused:
        link_or_copy(published, settings.docs_build / "index.html")
        context.log.info("docs: the product is the published one's; its model documentation is reused")
    else:
        ahead = docs_made_ahead(settings.warehouse, context.log.warning)  # pipelines/dbt/docs_ahead.py
        shutil.copyfile(ahead or generate_docs(settings.warehouse), settings.docs_build / "index.html")
    return MaterializeResult(
        metadata={
            "index": MetadataValue.path(str(settings.docs_build / "index.html")),
            "bytes": (settings.docs_build / "index.html").stat().st_size,
            "reused": reused,
            "made_on_a_copy_while_the_checks_ran": ahead is not None,
        }
    )


def published_docs_reusable(published: Settings) -> Path | None:
    """The published model documentation, when this refresh's build is the same product's."""
    site = published.exports / PUBLISHED_LINK / "docs" / "index.html"
    return site if site.exists() and built_on_published_product(published.build_warehouse) else None
