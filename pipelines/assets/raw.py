"""Ingestion assets: landing files into the `raw` schema, one asset per raw table.

Asset keys match the dbt sources (`["raw", "<table>"]`), so the lineage from
landing to exports joins up without a translator. Every writer shares the
`warehouse` pool: DuckDB allows one writer at a time.
"""

from datetime import UTC, datetime

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, MetadataValue, asset, multi_asset

from pipelines.ingest.loading import LoadResult
from pipelines.ingest.registrations import read_registrations
from pipelines.ingest.sources import (
    load_document_manifests,
    load_fact_files,
    load_participant_files,
)
from pipelines.raw_tables import write_raw
from pipelines.reference import load_contract_reference, load_reference
from pipelines.resources import FinsamPaths
from pipelines.warehouse import connect_reader, connect_writer

WAREHOUSE_POOL = "warehouse"
BUILD_KEY = ["ops", "warehouse_build"]  # the empty build file every raw table is written into


def _store(context, paths: FinsamPaths, table: str, result: LoadResult, asset_key=None):
    settings = paths.settings()
    with connect_writer(settings.warehouse) as connection:
        summary = write_raw(connection, table, result, datetime.now(UTC).replace(tzinfo=None))
    for rejection in result.rejections:
        context.log.warning(f"rejected {rejection}")
    problems = "\n".join(f"- {rejection}" for rejection in result.rejections) or "none"
    return MaterializeResult(
        asset_key=asset_key,
        metadata={
            "rows": summary.rows,
            "files": summary.files,
            "rejected": summary.rejected,
            "rejections": MetadataValue.md(problems),
        },
    )


@asset(key=["raw", "facts"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_facts(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Every line of every `*.facts.csv` in landing/, checked against the contract."""
    result = load_fact_files(paths.settings().landing, load_reference(landing=paths.settings().landing))
    return _store(context, paths, "facts", result)


@asset(key=["raw", "participants"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_participants(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Pseudonymous participant records from every `*.participants.csv`."""
    result = load_participant_files(
        paths.settings().landing, load_reference(landing=paths.settings().landing)
    )
    return _store(context, paths, "participants", result)


@asset(key=["raw", "documents"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_documents(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """The documents each federation registered, with the dates that order their versions."""
    result = load_document_manifests(paths.settings().landing)
    return _store(context, paths, "documents", result)


REGISTRATION_TABLES = {
    "registered_federations": "Federations beyond the contract's, registered in `landing/federations.csv`.",
    "registered_members": "Members of registered federations, from `landing/members.csv`.",
}


@multi_asset(
    specs=[
        AssetSpec(["raw", table], deps=[BUILD_KEY], group_name="raw", kinds={"duckdb"}, description=why)
        for table, why in REGISTRATION_TABLES.items()
    ],
    pool=WAREHOUSE_POOL,
)
def raw_registrations(context: AssetExecutionContext, paths: FinsamPaths):
    """Both registration files; an absent file registers nothing."""
    contract = load_contract_reference()
    registrations = read_registrations(paths.settings().landing, contract.federations, contract.members)
    results = (registrations.federations, registrations.members)
    for table, result in zip(REGISTRATION_TABLES, results, strict=True):
        yield _store(context, paths, table, result, asset_key=["raw", table])


@asset(
    key=["raw", "rejected"],
    group_name="raw",
    deps=[
        raw_facts,
        raw_participants,
        raw_documents,
        raw_registrations,
        ["raw", "extracted_facts"],
    ],
    pool=WAREHOUSE_POOL,
    kinds={"duckdb"},
)
def raw_rejected(paths: FinsamPaths) -> MaterializeResult:
    """Rows the loaders refused, with file, line and reason: kept, not lost."""
    with connect_reader(paths.settings().warehouse) as connection:
        count = connection.execute("select count(*) from raw.rejected").fetchone()[0]
    return MaterializeResult(metadata={"rows": count})
