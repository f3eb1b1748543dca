"""Ingestion assets: landing files into the `raw` schema, one asset per raw table.

Asset keys match the dbt sources (`["raw", "<table>"]`), so the lineage from
landing to exports joins up without a translator. Every writer shares the
`warehouse` pool: DuckDB allows one writer at a time.
"""

from collections.abc import Iterable

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, MetadataValue, asset, multi_asset

from pipelines.defs.assets.publishing import BUILD_KEY
from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.file_kinds import FileKind
from pipelines.foundation.problems import Rejection
from pipelines.foundation.reference import load_contract_reference, load_reference
from pipelines.foundation.warehouse_file import connect_reader
from pipelines.ingest.file_changes import FileChanges
from pipelines.ingest.landing import LandingFile, inventory
from pipelines.ingest.loading import LoadEvent, LoadResult
from pipelines.ingest.raw_tables import inventory_events, raw_table_changes, store_raw_table
from pipelines.ingest.registrations import read_registrations, registered_in
from pipelines.ingest.sources import (
    FACT_KINDS,
    document_manifest_events,
    fact_file_events,
    files_of,
    participant_file_events,
)

REJECTIONS_SHOWN = 200  # per table in the log and the metadata; raw.rejected keeps them all


def store_raw(
    context,
    paths: FinsamPaths,
    table: str,
    result: LoadResult | Iterable[LoadEvent],
    asset_key=None,
    changes: FileChanges | None = None,
) -> MaterializeResult:
    """Write one raw table into the build (pipelines/ingest/raw_tables.py), log its rejections, and
    report rows, files and seconds as the asset's metadata.

    With `changes` only the files changed, added or removed since the build's last load are
    written (pipelines/ingest/file_changes.py); the unchanged ones keep their rows."""
    shown: list[str] = []

    def note(rejection: Rejection) -> None:
        if len(shown) < REJECTIONS_SHOWN:
            context.log.warning(f"rejected {rejection}")
            shown.append(f"- {rejection}")

    summary = store_raw_table(paths.settings().warehouse, table, result, on_rejection=note, changes=changes)
    kept = len(changes.unchanged) if changes else 0
    context.log.info(
        f"raw.{table}: {summary.rows} rows from {summary.files} files in {summary.seconds} s"
        + (f"; {kept} unchanged files kept" if changes else "")
    )
    if summary.rejected > len(shown):
        shown.append(f"- … and {summary.rejected - len(shown)} more (see ops.quarantine)")
    return MaterializeResult(
        asset_key=asset_key,
        metadata={
            "rows": summary.rows,
            "files": summary.files,
            "rejected": summary.rejected,
            "seconds": summary.seconds,
            "unchanged_files": kept,
            "rejections": MetadataValue.md("\n".join(shown) or "none"),
        },
    )


@asset(
    key=["raw", "landing_files"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"}
)
def raw_landing_files(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Every file in landing/ and the kind it is read as; what is not read is quarantined with why."""
    return store_raw(context, paths, "landing_files", inventory_events(inventory(paths.settings().landing)))


@asset(key=["raw", "facts"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_facts(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Every line of every `*.facts.csv` and `*.corrections.csv` in landing/, checked against the contract."""
    landing = paths.settings().landing
    changes = _changes(paths, "facts", files_of(landing, *FACT_KINDS))
    events = fact_file_events(landing, load_reference(registered_in(landing)), changes.stores)
    return store_raw(context, paths, "facts", events, changes=changes)


@asset(key=["raw", "participants"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_participants(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """Pseudonymous participant records from every `*.participants.csv`."""
    landing = paths.settings().landing
    changes = _changes(paths, "participants", files_of(landing, FileKind.PARTICIPANTS))
    events = participant_file_events(landing, load_reference(registered_in(landing)), changes.stores)
    return store_raw(context, paths, "participants", events, changes=changes)


@asset(key=["raw", "documents"], group_name="raw", deps=[BUILD_KEY], pool=WAREHOUSE_POOL, kinds={"duckdb"})
def raw_documents(context: AssetExecutionContext, paths: FinsamPaths) -> MaterializeResult:
    """The documents each federation registered, with the dates that order their versions."""
    landing = paths.settings().landing
    changes = _changes(paths, "documents", files_of(landing, FileKind.DOCUMENTS_MANIFEST))
    events = document_manifest_events(landing, changes.stores)
    return store_raw(context, paths, "documents", events, changes=changes)


def _changes(paths: FinsamPaths, table: str, files: list[LandingFile]) -> FileChanges:
    return raw_table_changes(paths.settings().warehouse, files, table)[table]


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
        yield store_raw(context, paths, table, result, asset_key=["raw", table])


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
