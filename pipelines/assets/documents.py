"""Document extraction as an asset: every plan and report under landing/ into the raw layer.

The extracted facts land beside the submitted ones (`raw.extracted_facts`), and
the documents with the dates read from them (`raw.extracted_documents`); the
extraction summary of each document is shown in the asset's metadata.
"""

from dagster import AssetExecutionContext, AssetSpec, MetadataValue, multi_asset

from pipelines.assets.raw import BUILD_KEY, WAREHOUSE_POOL, _store
from pipelines.extract.cache import EXTRACTION_CACHE, ExtractionCache
from pipelines.extract.landing import extract_landing
from pipelines.reference import load_reference
from pipelines.resources import FinsamPaths

FACTS_KEY = ["raw", "extracted_facts"]
DOCUMENTS_KEY = ["raw", "extracted_documents"]


@multi_asset(
    specs=[
        AssetSpec(
            FACTS_KEY,
            deps=[BUILD_KEY],
            group_name="raw",
            kinds={"duckdb"},
            description="Facts read from the documents (text, markdown, PDF) in landing/.",
        ),
        AssetSpec(
            DOCUMENTS_KEY,
            deps=[BUILD_KEY],
            group_name="raw",
            kinds={"duckdb"},
            description="The extracted documents: kind, federation and the date printed in them.",
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_extracted(context: AssetExecutionContext, paths: FinsamPaths):
    """Extract every document; a document that cannot be read is rejected with its reason."""
    settings = paths.settings()
    cache = ExtractionCache(settings.warehouse.parent / EXTRACTION_CACHE, settings.landing)
    extraction = extract_landing(settings.landing, load_reference(landing=settings.landing), cache)
    context.log.info(f"extraction cache: {cache.hits} documents reused, {cache.misses} read")
    facts = _store(context, paths, "extracted_facts", extraction.facts, asset_key=FACTS_KEY)
    summaries = "\n\n".join(f"```\n{text}\n```" for text in extraction.summaries) or "no documents"
    yield facts._replace(metadata={**facts.metadata, "extraction": MetadataValue.md(summaries)})
    yield _store(context, paths, "extracted_documents", extraction.documents, asset_key=DOCUMENTS_KEY)
