"""The suites as Dagster asset checks: one check per suite, on the asset its table belongs to.

The suites of one layer run as one step (a multi-asset check per layer: `raw`
after the raw tables, `marts` after dbt), so a run reads each table once and
opens the warehouse writer once per layer. A suite with an error-severity
expectation is a blocking check: when one of its errors fails, the assets
downstream (dbt after raw; the NNS export and publishing after the marts) do
not run. Warnings show in the UI and in ops.dq_results without blocking.

pandas and Great Expectations are imported when a check runs, not when
Dagster loads the definitions. (No `from __future__ import annotations`:
Dagster reads the check function's annotations to find its context and
resources.)
"""

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    multi_asset_check,
)

from pipelines.assets.raw import WAREHOUSE_POOL
from pipelines.quality.suites import Severity, SuiteSpec, load_suites
from pipelines.resources import FinsamPaths

if TYPE_CHECKING:
    from pipelines.quality.outcomes import SuiteOutcome


def check_name(suite: SuiteSpec) -> str:
    """`gx_<suite>`: apart from the dbt tests that are checks on the same assets."""
    return f"gx_{suite.name}"


def check_key(suite: SuiteSpec) -> AssetCheckKey:
    return AssetCheckKey(AssetKey(list(suite.asset)), check_name(suite))


def check_spec(suite: SuiteSpec) -> AssetCheckSpec:
    return AssetCheckSpec(
        check_name(suite),
        asset=AssetKey(list(suite.asset)),
        description=suite.description,
        blocking=suite.blocking,
        metadata={"suite_file": f"expectations/{suite.path.name}", "table": suite.table},
    )


def check_result(outcome: "SuiteOutcome", docs_index: Path) -> AssetCheckResult:
    """Passed, or failed with ERROR when an error expectation failed and WARN when only warnings did."""
    failures = outcome.failures()
    table = "\n".join(
        f"| {x.name} | {x.severity.value} | {_cell(x.why)} | {_cell(x.observed_text())} |"
        for x in sorted(failures, key=lambda failure: failure.severity is not Severity.ERROR)
    )
    return AssetCheckResult(
        asset_key=AssetKey(list(outcome.suite.asset)),
        check_name=check_name(outcome.suite),
        passed=outcome.passed,
        severity=_severity(outcome),
        description=outcome.suite.description,
        metadata={
            "rows": outcome.rows,
            "expectations": len(outcome.expectations),
            "failed_errors": len(outcome.failures(Severity.ERROR)),
            "failed_warnings": len(outcome.failures(Severity.WARNING)),
            "failures": MetadataValue.md(
                f"| expectation | severity | why | observed |\n|---|---|---|---|\n{table}"
                if failures
                else "none"
            ),
            "data_docs": MetadataValue.path(str(docs_index)),
        },
    )


def _severity(outcome: "SuiteOutcome") -> AssetCheckSeverity:
    """The worst failure's severity; for a pass, the severity a failure of this suite could have."""
    worst = outcome.severity or (Severity.ERROR if outcome.suite.blocking else Severity.WARNING)
    return AssetCheckSeverity.ERROR if worst is Severity.ERROR else AssetCheckSeverity.WARN


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def build_quality_checks(suites: Sequence[SuiteSpec] | None = None) -> list[AssetChecksDefinition]:
    """One multi-asset check per layer, holding one check per suite of that layer."""
    suites = tuple(suites or load_suites())
    layers = sorted({suite.layer for suite in suites})
    return [_layer_checks(layer, [s for s in suites if s.layer == layer], suites) for layer in layers]


def _layer_checks(
    layer: str, suites: list[SuiteSpec], all_suites: Sequence[SuiteSpec]
) -> AssetChecksDefinition:
    by_key = {check_key(suite): suite for suite in suites}

    @multi_asset_check(
        name=f"gx_{layer}_suites",
        specs=[check_spec(suite) for suite in suites],
        description=f"Great Expectations suites of the {layer} layer (expectations/).",
        can_subset=True,
        pool=WAREHOUSE_POOL,
    )
    def _check(context: AssetCheckExecutionContext, paths: FinsamPaths) -> Iterator[AssetCheckResult]:
        from pipelines.quality.run import run_suites

        selected = [suite for key, suite in by_key.items() if key in context.selected_asset_check_keys]
        settings = paths.settings()  # the warehouse file of this run: the build file during a refresh
        run = run_suites(selected, settings.warehouse, settings.exports, context.run.run_id, all_suites)
        for outcome in run.outcomes:
            for failure in outcome.failures():  # each names its failing rows and their numbers
                context.log.warning(
                    f"{outcome.suite.name}: {failure.name} ({failure.severity.value}) failed: "
                    f"{failure.observed_text()}"
                )
            yield check_result(outcome, run.docs_index)

    return _check


quality_checks = build_quality_checks()
