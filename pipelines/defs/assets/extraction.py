"""The documents under landing/ into the raw layer: what the extractor read from them, and their lines.

The extracted facts land beside the submitted ones (`raw.extracted_facts`), the
documents with the dates read from them (`raw.extracted_documents`), and every
row with figures that became no fact (`raw.extraction_review`, read by
`ops.extraction_review`); the extraction summary and the review rows per
document are shown in the assets' metadata. Every document's lines, numbered as
facts cite them, go to `raw.document_lines` for the report's document views.
"""

from collections.abc import Callable, Iterable

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, MetadataValue, asset, multi_asset

from pipelines.defs.assets.ingest import store_raw
from pipelines.defs.assets.publishing import BUILD_KEY
from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.quality_ahead import quality_checks_ahead
from pipelines.defs.resources import FinsamPaths
from pipelines.extract.cache import EXTRACTION_CACHE, ExtractionCache
from pipelines.foundation.reference import load_reference
from pipelines.ingest.document_facts import EXTRACTED_TABLES, document_files, extract_landing
from pipelines.ingest.document_lines import load_document_lines
from pipelines.ingest.file_changes import FileChanges
from pipelines.ingest.raw_tables import raw_table_changes
from pipelines.ingest.registrations import registered_in
from pipelines.refresh.extraction_ahead import wait_for_read_ahead

FACTS_KEY = ["raw", "extracted_facts"]
DOCUMENTS_KEY = ["raw", "extracted_documents"]
REVIEW_KEY = ["raw", "extraction_review"]
DOCUMENT_LINES_KEY = ["raw", "document_lines"]


@multi_asset(
    specs=[
        AssetSpec(
            FACTS_KEY,
            deps=[BUILD_KEY],
            group_name="raw",
            kinds={"duckdb"},
            description="Facts read from the documents (text, PDF, scans, workbooks, Word) in landing/.",
        ),
        AssetSpec(
            DOCUMENTS_KEY,
            deps=[BUILD_KEY],
            group_name="raw",
            kinds={"duckdb"},
            description="The extracted documents: kind, federation and the date printed in them.",
        ),
        AssetSpec(
            REVIEW_KEY,
            deps=[BUILD_KEY],
            group_name="raw",
            kinds={"duckdb"},
            description=(
                "Every row with figures in a document's tables that did not become a fact, with the "
                "reason (unknown label, ambiguous column or reading, no column header, figures not "
                "paired with a label, unreadable figure, printed again); label_mappings.csv rows "
                "that cannot be taken are its rejections."
            ),
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_extracted(context: AssetExecutionContext, paths: FinsamPaths):
    """Extract every document changed or added since the build's last load (every one in a build
    from nothing); a document that cannot be read is rejected with its reason."""
    settings = paths.settings()
    changes = raw_table_changes(settings.warehouse, document_files(settings.landing), *EXTRACTED_TABLES)
    cache = ExtractionCache(settings.warehouse.parent / EXTRACTION_CACHE, settings.landing)
    reference = load_reference(registered_in(settings.landing))
    wanted = _wanted_by_any(changes.values())
    ahead = quality_checks_ahead(context)  # GX imported while the workers read (quality_ahead.py)
    read_ahead = wait_for_read_ahead(paths.published(), while_waiting=ahead)  # started with the run
    if read_ahead:
        ahead = None  # imported while they finished
    extraction = extract_landing(
        settings.landing, reference, cache, wanted, while_waiting=ahead, read_ahead=read_ahead
    )
    unchanged = len(changes["extracted_facts"].unchanged)
    early = extraction.read_ahead
    context.log.info(
        f"extraction: {len(extraction.summaries)} documents extracted ({cache.hits - early} from the "
        f"extraction cache, {cache.misses + early} read, {early} of them by workers started with the "
        f"run), {unchanged} unchanged documents not extracted"
    )
    facts = store_raw(
        context, paths, "extracted_facts", extraction.facts, FACTS_KEY, changes["extracted_facts"]
    )
    summaries = "\n\n".join(f"```\n{text}\n```" for text in extraction.summaries) or "no documents"
    counts = review_table(extraction.review_counts())
    metadata = {
        "extraction": MetadataValue.md(summaries),
        "review_rows_per_document": counts,
        "documents_extracted": len(extraction.summaries),
        "documents_read_while_the_run_started": early,  # pipelines/refresh/extraction_ahead.py
    }
    yield facts._replace(metadata={**facts.metadata, **metadata})
    documents = changes["extracted_documents"]
    yield store_raw(context, paths, "extracted_documents", extraction.documents, DOCUMENTS_KEY, documents)
    review = store_raw(
        context, paths, "extraction_review", extraction.review, REVIEW_KEY, changes["extraction_review"]
    )
    yield review._replace(metadata={**review.metadata, "review_rows_per_document": counts})


def _wanted_by_any(changes: Iterable[FileChanges]) -> Callable[[str], bool]:
    """A document is read when any of the tables written from it stores its rows again."""
    changes = list(changes)
    return lambda name: any(table.stores(name) for table in changes)


def review_table(counts: dict[str, int]) -> MetadataValue:
    """Review rows per document as a Markdown table, most first."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    lines = [
        "| document | rows to review |",
        "|---|---:|",
        *(f"| {name} | {count} |" for name, count in rows),
    ]
    return MetadataValue.md("\n".join(lines) if rows else "no documents")


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
    cache = ExtractionCache(settings.warehouse.parent / EXTRACTION_CACHE, settings.landing)
    table = "document_lines"
    changes = raw_table_changes(settings.warehouse, document_files(settings.landing), table)[table]
    lines, unreadable = load_document_lines(settings.landing, wanted=changes.stores, extracted=cache)
    for problem in unreadable:
        context.log.info(f"no text for the report's document view: {problem}")
    stored = store_raw(context, paths, table, lines, DOCUMENT_LINES_KEY, changes)
    return stored._replace(
        metadata={**stored.metadata, "without_text": MetadataValue.md("\n".join(unreadable) or "none")}
    )
