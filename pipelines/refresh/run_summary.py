"""The last lines of a refresh, in the Dagster UI's run log and at the end of `finsam refresh`.

Whether it published, and each finding in words with its numbers (the
quality page's sentences, pipelines/quality/findings.py), then where to look:
the check in the Dagster UI that holds it and the quality page. The same
lines in both places, from the same run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipelines.foundation.settings import Settings
from pipelines.quality.run_findings import RunFinding, findings_of_run
from pipelines.refresh.outcome import RunEvents

FINDINGS_LISTED = 20  # the rest are on the quality page


@dataclass(frozen=True)
class RunSummary:
    published: bool
    warehouse: Path
    quality_page: Path
    findings: tuple[RunFinding, ...]
    blockers: tuple[str, ...] = ()  # why it did not publish
    quarantined: int = 0

    def lines(self) -> list[str]:
        if self.published:
            lines = [f"Published {self.warehouse} and its exports."]
        else:
            reasons = "; ".join(self.blockers) or "the run stopped before publishing"
            lines = [f"Not published ({reasons}): the previous warehouse and exports are unchanged."]
        if self.quarantined:
            lines.append(f"Quarantined input: {self.quarantined} rows refused (see ops.quarantine).")
        errors = sum(item.severity == "error" for item in self.findings)
        warnings = len(self.findings) - errors
        if not self.findings:
            lines.append("Every check that ran passed.")
            return lines
        lines.append(f"Found {_count(errors, 'error')} and {_count(warnings, 'warning')}:")
        for item in self.findings[:FINDINGS_LISTED]:
            lines.append(f"  {item.severity}: {item.text} ({item.where})")
        if len(self.findings) > FINDINGS_LISTED:
            lines.append(f"  … and {len(self.findings) - FINDINGS_LISTED} more on the quality page")
        lines.append(
            f"Where to look: the quality page {self.quality_page}, and in the Dagster UI each check's "
            "page (Assets → the asset → Checks)."
        )
        return lines


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summarize_run(
    settings: Settings,
    events: RunEvents,
    findings: Sequence[RunFinding] | None = None,
    published: bool | None = None,
) -> RunSummary:
    """The summary of a run of `settings`' refresh; findings are read from where the run left its results.

    `published` when the run published otherwise than through its `ops/publish`
    step (a refresh of some assets, published by the executor).
    """
    if findings is None:
        findings = findings_of_run(settings.exports / "quality", results_warehouse(settings), events.run_id)
    published = events.published if published is None else published
    return RunSummary(
        published=published,
        warehouse=settings.warehouse,
        quality_page=settings.exports / "quality" / "index.html",
        findings=tuple(findings),
        blockers=() if published else tuple(events.blockers()),
        quarantined=events.rejected,
    )


def results_warehouse(settings: Settings) -> Path:
    """The file holding this run's dbt test results: its build until it is published, then the warehouse."""
    return settings.build_warehouse if settings.build_warehouse.exists() else settings.warehouse
