"""What analysts open in a browser, built by every refresh and published with the NNS export:
the comparison report (exports/report/) and dbt's model documentation (exports/docs/).

The report reads only the warehouse, so the documents' lines are loaded into
it first (`raw.document_lines`).
"""

import shutil

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from pipelines.dbt_build import generate_docs
from pipelines.defs.assets.dbt import finsam_dbt_models
from pipelines.defs.assets.extraction import FACTS_KEY
from pipelines.defs.assets.ingest import store_raw
from pipelines.defs.assets.publishing import BUILD_KEY
from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.extract.cache import EXTRACTION_CACHE, OCR_CACHE
from pipelines.foundation.warehouse_file import connect_reader
from pipelines.ingest.document_lines import load_document_lines

DOCUMENT_LINES_KEY = ["raw", "document_lines"]


# After the extraction: a scan's pages are then in the OCR cache, and are not OCR'd again here.
@asset(
    key=DOCUMENT_LINES_KEY,
    group_name="raw",
    deps=[BUILD_KEY, FACTS_KEY],
    pool=WAREHOUSE_POOL,
    kinds={"duckdb"},
)
def raw_document_lines(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Every line of every document in landing/, numbered as facts cite them (`12`, `3:12` in a PDF)."""
    settings = paths.settings()
    ocr_cache = settings.warehouse.parent / EXTRACTION_CACHE / OCR_CACHE
    lines, unreadable = load_document_lines(settings.landing, ocr_cache)
    for problem in unreadable:
        context.log.info(f"no text for the report's document view: {problem}")
    stored = store_raw(context, paths, "document_lines", lines, asset_key=DOCUMENT_LINES_KEY)
    return stored._replace(
        metadata={**stored.metadata, "without_text": MetadataValue.md("\n".join(unreadable) or "none")}
    )


@asset(
    key=["exports", "report"],
    group_name="exports",
    deps=[finsam_dbt_models, raw_document_lines],
    pool=WAREHOUSE_POOL,
    kinds={"html"},
)
def comparison_report(paths: FinsamPaths) -> MaterializeResult:
    """The static comparison report: charts with their tables, one page per federation and document.

    Written to the build folder; `ops/publish` publishes it as `report/` together with `nns/`.
    """
    from pipelines.report.build import build_report  # late: vl-convert loads a JavaScript engine

    settings = paths.settings()
    with connect_reader(settings.warehouse) as connection:
        built = build_report(connection, settings.report_build)
    return MaterializeResult(
        metadata={
            "pages": built.pages,
            "charts": built.charts,
            "figures_linked": built.figures_linked,
            "index": MetadataValue.path(str(settings.report_build / "index.html")),
        }
    )


@asset(key=["exports", "docs"], group_name="exports", deps=[finsam_dbt_models], pool=WAREHOUSE_POOL)
def model_docs(paths: FinsamPaths) -> MaterializeResult:
    """dbt's documentation site as one file (`dbt docs generate --static`): lineage and every column."""
    settings = paths.settings()
    site = generate_docs(settings.warehouse)
    shutil.rmtree(settings.docs_build, ignore_errors=True)
    settings.docs_build.mkdir(parents=True)
    shutil.copyfile(site, settings.docs_build / "index.html")
    return MaterializeResult(
        metadata={
            "index": MetadataValue.path(str(settings.docs_build / "index.html")),
            "bytes": site.stat().st_size,
        }
    )
