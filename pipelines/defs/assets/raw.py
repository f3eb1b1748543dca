"""Ingestion assets: landing files into the `raw` schema, one asset per raw table.

Asset keys match the dbt sources (`["raw", "<table>"]`), so the lineage from
landing to exports joins up without a translator. Every writer shares the
`warehouse` pool: DuckDB allows one writer at a time.
"""

import time
from collections.abc import Iterable
from datetime import UTC, datetime

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, MetadataValue, asset, multi_asset

from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.problems import Rejection
from pipelines.foundation.reference import load_contract_reference, load_reference
from pipelines.foundation.warehouse_file import connect_reader, connect_writer
from pipelines.ingest.landing import inventory
from pipelines.ingest.loading import LoadEvent, LoadResult
from pipelines.ingest.raw_tables import inventory_events, write_raw
from pipelines.ingest.registrations import read_registrations, registered_in
from pipelines.ingest.sources import (
    document_manifest_events,
    fact_file_events,
    participant_file_events,
)

BUILD_KEY = ["ops", "warehouse_build"]  # the empty build file every raw table is written into
REJECTIONS_SHOWN = 200  # per table in the log and the metadata; raw.rejected keeps them all


def _store(
    context,
    paths: FinsamPaths,
    table: str,
    result: LoadResult | Iterable[LoadEvent],
    asset_key=None,
):
    """Write one raw table (streamed), log its rejections, report rows, files and seconds."""
    settings = paths.settings()
    started = time.monotonic()
    shown: list[str] = []

    def note(rejection: Rejection) -> None:
        if len(shown) < REJECTIONS_SHOWN:
            context.log.warning(f"rejected {rejection}")
            shown.append(f"- {rejection}")

    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    with connect_writer(settings.warehouse) as connection:
        summary = write_raw(connection, table, result, loaded_at, on_rejection=note)
    rows, rejected = summary.rows, summary.rejected
    seconds = round(time.monotonic() - started, 2)
    context.log.info(f"raw.{table}: {rows} rows from {summary.files} files in {seconds} s")
    if rejected > len(shown):
        shown.append(f"- … and {rejected - len(shown)} more (see ops.quarantine)")
    return MaterializeResult(
        asset_key=asset_key,
        metadata={
            "rows": rows,
            "files": summary.files,
            "rejected": rejected,
            "seconds": seconds,
            "rejections": MetadataValue.md("\n".join(shown) or "none"),
        },
    )


@asset(
    key=["raw", "landing_files"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"}
)
def raw_landing_files(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Every file in landing/ and the kind it is read as; what is not read is quarantined with why."""
    return _store(context, paths, "landing_files", inventory_events(inventory(paths.settings().landing)))


@asset(key=["raw", "facts"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_facts(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Every line of every `*.facts.csv` and `*.corrections.csv` in landing/, checked against the contract."""
    landing = paths.settings().landing
    events = fact_file_events(landing, load_reference(registered_in(landing)))
    return _store(context, paths, "facts", events)


@asset(key=["raw", "participants"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_participants(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Pseudonymous participant records from every `*.participants.csv`."""
    landing = paths.settings().landing
    return _store(
        context,
        paths,
        "participants",
        participant_file_events(landing, load_reference(registered_in(landing))),
    )


@asset(key=["raw", "documents"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_documents(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """The documents each federation registered, with the dates that order their versions."""
    return _store(context, paths, "documents", document_manifest_events(paths.settings().landing))


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
        raw_landing_files,
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
