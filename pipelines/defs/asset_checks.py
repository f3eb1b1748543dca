"""The suites as Dagster asset checks, on the asset its table belongs to: errors and warnings apart.

A suite's error expectations are one blocking check, `gx_<suite>` (ERROR
severity: when one fails, the assets downstream, dbt after raw, the NNS export
and publishing after the marts, do not run); its warning expectations are
another, `gx_<suite>_warnings`, non-blocking with WARN severity, so a warning
reads as a warning in the UI and never as a blocking check that failed. Each
result says what it found in words (pipelines/quality/findings.py).

The suites of one layer run as one step (a multi-asset check per layer: `raw`
after the raw tables, `marts` after dbt), so a run reads each table once and
opens the warehouse writer once per layer.

pandas and Great Expectations are imported when a check runs, not when
Dagster loads the definitions; in a refresh built on the published
warehouse, by the quality worker started with the run, which runs the suites
(pipelines/quality/worker.py). (No
`from __future__ import annotations`: Dagster reads the check function's
annotations to find its context and resources.)
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

from pipelines.defs.instance import WAREHOUSE_POOL
from pipelines.defs.resources import FinsamPaths
from pipelines.quality.suites import Scope, Severity, SuiteSpec, check_name, load_suites, suite_severities

if TYPE_CHECKING:
    from pipelines.quality.findings import Finding
    from pipelines.quality.outcomes import SuiteOutcome


FINDINGS_IN_DESCRIPTION = 5  # the rest are in the result's `findings` metadata


def check_keys(suite: SuiteSpec) -> list[AssetCheckKey]:
    return [AssetCheckKey(AssetKey(list(suite.asset)), check_name(suite, s)) for s in suite_severities(suite)]


def check_specs(suite: SuiteSpec) -> list[AssetCheckSpec]:
    """A blocking check of the suite's errors and a non-blocking one of its warnings, as it has them."""
    return [
        AssetCheckSpec(
            check_name(suite, severity),
            asset=AssetKey(list(suite.asset)),
            description=_check_description(suite, severity),
            blocking=severity is Severity.ERROR,
            metadata={"suite_file": f"expectations/{suite.path.name}", "table": suite.table},
        )
        for severity in suite_severities(suite)
    ]


def _check_description(suite: SuiteSpec, severity: Severity) -> str:
    if severity is Severity.ERROR:
        return f"{suite.description.strip()} Errors: a failure stops the refresh from publishing."
    return f"{suite.description.strip()} Warnings: shown and kept, never stop publishing."


def check_results(
    outcome: "SuiteOutcome",
    docs_index: Path,
    findings: "Sequence[Finding]" = (),
    years: frozenset[int] | None = None,
) -> list[AssetCheckResult]:
    """One result per check of the suite: its errors (ERROR) and its warnings (WARN), each with its findings.

    `findings` are the suite's failures in words (pipelines/quality/findings.py); the
    description of a failed check is the first of them, shown first on its page.
    """
    return [
        _check_result(outcome, severity, docs_index, findings, years)
        for severity in suite_severities(outcome.suite)
    ]


def _check_result(
    outcome: "SuiteOutcome",
    severity: Severity,
    docs_index: Path,
    findings: "Sequence[Finding]",
    years: frozenset[int] | None,
) -> AssetCheckResult:
    failures = outcome.failures(severity)
    words = [finding.text for finding in findings if finding.severity == severity.value]
    table = "\n".join(f"| {x.name} | {_cell(x.why)} | {_cell(x.observed_text())} |" for x in failures)
    kind = "error" if severity is Severity.ERROR else "warning"
    description = outcome.suite.description.strip()
    if failures:
        count = f"{len(words)} {kind}{'s' if len(words) != 1 else ''}" if words else kind
        shown = "; ".join(words[:FINDINGS_IN_DESCRIPTION]) or failures[0].observed_text()
        more = (
            f"; … {len(words) - FINDINGS_IN_DESCRIPTION} more in findings"
            if len(words) > FINDINGS_IN_DESCRIPTION
            else ""
        )
        description = f"{count}: {shown}{more}"
    return AssetCheckResult(
        asset_key=AssetKey(list(outcome.suite.asset)),
        check_name=check_name(outcome.suite, severity),
        passed=not failures,
        severity=AssetCheckSeverity.ERROR if severity is Severity.ERROR else AssetCheckSeverity.WARN,
        description=description,
        metadata={
            "rows": outcome.rows,
            "fiscal_years": years_checked(outcome.suite, years),
            "expectations": sum(spec.severity is severity for spec in outcome.suite.expectations),
            "failed": len(failures),
            "findings": MetadataValue.md("\n".join(f"- {text}" for text in words) or "none"),
            "failures": MetadataValue.md(
                f"| expectation | why | observed |\n|---|---|---|\n{table}" if failures else "none"
            ),
            "data_docs": MetadataValue.path(str(docs_index)),
        },
    )


def years_checked(suite: SuiteSpec, years: frozenset[int] | None) -> str:
    """Which rows the suite read: every year, or the years the refresh rebuilt (scope.py).

    The outcome covers every year all the same: the others' findings are carried (carried_years.py).
    """
    if years is None or suite.scope is Scope.WHOLE:
        return "all"
    read = ", ".join(str(year) for year in sorted(years)) or "none (no year rebuilt)"
    return f"{read}; the other years as last checked"


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
    by_key = {key: suite for suite in suites for key in check_keys(suite)}

    @multi_asset_check(
        name=f"gx_{layer}_suites",
        specs=[spec for suite in suites for spec in check_specs(suite)],
        description=f"Great Expectations suites of the {layer} layer (expectations/).",
        can_subset=True,
        pool=WAREHOUSE_POOL,
    )
    def _check(context: AssetCheckExecutionContext, paths: FinsamPaths) -> Iterator[AssetCheckResult]:
        from pipelines.ingest.registrations import registered_in
        from pipelines.quality.run_findings import federation_names_in, outcome_findings
        from pipelines.quality.worker import SuitesRequest, run_suites_here_or_in_worker

        wanted = set(context.selected_asset_check_keys)
        chosen = {suite.name: suite for key, suite in by_key.items() if key in wanted}
        selected = list(chosen.values())
        settings = paths.settings()  # the warehouse file of this run: the build file during a refresh
        if layer == "raw":
            # the raw suites read this refresh's raw.changed_years (scope.py), but their checks block
            # the raw assets, so Dagster runs them before raw_changes writes it: write it first
            from pipelines.ingest.raw_changes import write_raw_changes

            write_raw_changes(settings.warehouse, paths.published().warehouse)
        registered = registered_in(settings.landing)
        run_id = context.run.run_id
        request = SuitesRequest(
            tuple(selected), settings.warehouse, settings.exports, run_id, tuple(all_suites), registered
        )
        run = run_suites_here_or_in_worker(request)
        names = federation_names_in(settings.warehouse)
        for outcome in run.outcomes:
            for failure in outcome.failures():  # each names its failing rows and their numbers
                context.log.warning(
                    f"{outcome.suite.name}: {failure.name} ({failure.severity.value}) failed: "
                    f"{failure.observed_text()}"
                )
            years = run.years_checked.get(layer)
            for result in check_results(outcome, run.docs_index, outcome_findings(outcome, names), years):
                if AssetCheckKey(result.asset_key, result.check_name) in wanted:
                    yield result

    return _check


quality_checks = build_quality_checks()
