"""Every dbt model, seed and test as Dagster assets and asset checks."""

import json
from collections.abc import Generator, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Failure,
    MaterializeResult,
    MetadataValue,
)

from pipelines.dbt.commands import BuildRun, NodeResult, build_nodes
from pipelines.dbt.project import ensure_manifest
from pipelines.defs.dagster_dbt_import import (  # dagster_dbt without dbt-core in this process
    DagsterDbtTranslator,
    dbt_assets,
    get_asset_check_key_for_test,
    get_updated_cli_invocation_params_for_context,
)
from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.warehouse_file import connect_writer
from pipelines.quality.dbt_tests import DbtTestResult, failure_messages, record_dbt_tests, test_results
from pipelines.quality.page import write_quality_page
from pipelines.quality.suites import load_suites

MATERIALIZED_TYPES = ("model", "seed", "snapshot")


class SchemaPrefixedTranslator(DagsterDbtTranslator):
    """Sources keep `["raw", table]`; models and seeds are keyed `[schema, name]`."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema")


TRANSLATOR = SchemaPrefixedTranslator()


@cache
def _manifest() -> dict[str, Any]:
    return json.loads(ensure_manifest().read_text(encoding="utf-8"))


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=TRANSLATOR, pool=WAREHOUSE_POOL)
def finsam_dbt_models(context: AssetExecutionContext, paths: FinsamPaths):
    """`dbt build`: seeds, staging, intermediate and marts, with their tests as checks."""
    manifest = _manifest()
    selection = get_updated_cli_invocation_params_for_context(context, manifest, TRANSLATOR)
    build = build_nodes(paths.settings().warehouse, selection.selection_args, selection.indirect_selection)
    recorded: set[str] = set()
    run = yield from events_while_building(context, manifest, build, recorded)
    context.log.info(f"dbt build: {len(run.results)} nodes in {run.seconds:.1f} s, exit {run.returncode}")
    tests = keep_test_results(paths, context.run.run_id, manifest, run)
    rest = [result for result in run.results if result.unique_id not in recorded]
    yield from build_events(context, manifest, rest, failure_messages(tests))
    if run.returncode != 0:
        raise Failure(description=f"dbt build failed:\n{run.failure_summary()}")


def events_while_building(
    context: AssetExecutionContext,
    manifest: Mapping[str, Any],
    build: Generator[NodeResult, None, BuildRun],
    recorded: set[str],
) -> Generator[MaterializeResult | AssetCheckResult, None, BuildRun]:
    """The events of the nodes that are settled when dbt finishes them, while it builds the rest.

    A built model and a passed test are; a test that failed or warned waits for
    the end, when its broken rules are read from the warehouse (keep_test_results).
    `recorded` collects the nodes given an event here; returns the whole build.
    """
    while True:
        try:
            result = next(build)
        except StopIteration as finished:
            return finished.value
        if result.status in ("success", "pass"):
            recorded.add(result.unique_id)
            yield from build_events(context, manifest, [result])


def keep_test_results(
    paths: FinsamPaths, run_id: str, manifest: Mapping[str, Any], run: BuildRun
) -> list[DbtTestResult]:
    """dbt's tests into ops.dbt_test_results and onto the quality page, beside the GX suites."""
    settings = paths.settings()
    with connect_writer(settings.warehouse) as connection:
        checked_at = datetime.now(UTC).replace(tzinfo=None)
        tests = test_results(run.results, manifest, connection)
        record_dbt_tests(connection, run_id, tests, checked_at)
    write_quality_page(settings.exports / "quality", load_suites(), settings.warehouse)
    return tests


def build_events(
    context: AssetExecutionContext,
    manifest: Mapping[str, Any],
    results: Iterable[NodeResult],
    messages: Mapping[str, str] | None = None,
) -> Iterator[MaterializeResult | AssetCheckResult]:
    """A materialization per built model or seed, a check result per test Dagster knows as a check.

    `messages` (failure_messages) says which rules a failed test found broken.
    """
    messages = messages or {}
    selected_assets = context.selected_asset_keys
    selected_checks = context.selected_asset_check_keys
    for result in results:
        node = manifest["nodes"].get(result.unique_id)
        if node is None:
            continue
        metadata = {"dbt_seconds": round(result.seconds, 3), "unique_id": result.unique_id}
        if node["resource_type"] in MATERIALIZED_TYPES:
            key = TRANSLATOR.get_asset_key(node)
            if result.status == "success" and key in selected_assets:
                yield MaterializeResult(asset_key=key, metadata=metadata)
        elif node["resource_type"] == "test":
            check = get_asset_check_key_for_test(manifest, TRANSLATOR, result.unique_id, None)
            if check is None or check not in selected_checks or result.status in ("skipped", "error"):
                if result.status in ("fail", "warn", "error"):
                    message = messages.get(result.unique_id, result.message)
                    context.log.warning(f"dbt test {result.unique_id}: {result.status}: {message}")
                continue
            warn_only = str(node["config"].get("severity", "error")).lower() == "warn"
            yield AssetCheckResult(
                asset_key=check.asset_key,
                check_name=check.name,
                passed=result.status == "pass",
                severity=AssetCheckSeverity.WARN if warn_only else AssetCheckSeverity.ERROR,
                metadata={
                    **metadata,
                    "failures": result.failures or 0,
                    "message": MetadataValue.text(messages.get(result.unique_id, result.message or "")),
                },
            )
