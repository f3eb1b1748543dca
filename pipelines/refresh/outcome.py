"""What a refresh did, as plain records: the run's steps and checks, and what `finsam refresh` reports.

A run's events are read from the Dagster instance (pipelines/defs/run_events.py)
into a RunEvents; the CLI's RefreshOutcome and its exit code follow from it:
0 when everything loaded and every check passed, 2 when the refresh was
published but some input was quarantined or a check warned, 1 when it failed
(nothing was published).
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_CLEAN, EXIT_FAILED, EXIT_WITH_WARNINGS = 0, 1, 2
PUBLISH_STEP = "ops__publish"


@dataclass(frozen=True)
class CheckVerdict:
    """One check's result in a run."""

    asset: str  # "marts/rpt_equity"
    check: str  # "gx_rpt_equity_warnings"
    passed: bool
    severity: str  # "error" | "warning"

    @property
    def name(self) -> str:
        return f"{self.asset}:{self.check}"


@dataclass(frozen=True)
class StepFailed:
    """Why a step failed: a Failure's description for the operator, else the error and its causes."""

    step: str
    message: str
    explained: bool  # the step raised dagster.Failure with a description written for the operator


@dataclass(frozen=True)
class RunEvents:
    run_id: str
    materialized: frozenset[str]  # asset keys, "ops/publish"
    checks: tuple[CheckVerdict, ...]
    failures: tuple[StepFailed, ...]
    rejected: int  # rows the raw loaders refused (ops.quarantine)
    step_seconds: dict[str, float]  # wall seconds from each step's start to its end

    @property
    def failed_steps(self) -> list[str]:
        return [failure.step for failure in self.failures]

    @property
    def published(self) -> bool:
        return "ops/publish" in self.materialized

    def failed_checks(self, severity: str) -> list[CheckVerdict]:
        return [check for check in self.checks if not check.passed and check.severity == severity]

    def blockers(self, except_step: str | None = None) -> list[str]:
        """What keeps this run from publishing: failed error checks and failed steps."""
        checks = [f"check {check.name} failed" for check in self.failed_checks("error")]
        steps = [f"step {step} failed" for step in self.failed_steps if step != except_step]
        return checks + steps


@dataclass(frozen=True)
class RefreshOutcome:
    published: bool
    failed_steps: list[str]
    quarantined: int
    warnings: list[str] = field(default_factory=list)
    blocking_failures: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per Dagster step
    failures: list[StepFailed] = field(default_factory=list)
    run_id: str = ""
    summary: list[str] = field(default_factory=list)  # the run's last lines (run_summary.py)

    @classmethod
    def of_run(cls, events: RunEvents, summary: list[str]) -> RefreshOutcome:
        return cls(
            published=events.published,
            failed_steps=events.failed_steps,
            quarantined=events.rejected,
            warnings=[check.name for check in events.failed_checks("warning")],
            blocking_failures=[check.name for check in events.failed_checks("error")],
            step_seconds=events.step_seconds,
            failures=list(events.failures),
            run_id=events.run_id,
            summary=summary,
        )

    @property
    def exit_code(self) -> int:
        if not self.published:
            return EXIT_FAILED
        return EXIT_WITH_WARNINGS if self.quarantined or self.warnings else EXIT_CLEAN


@dataclass(frozen=True)
class RefreshOptions:
    """What `finsam refresh` lets an operator choose beyond the paths."""

    fiscal_year: int | None = None  # the run's partition: export and summarise only this year
    csv_dialect: str | None = None  # rfc4180 or sv
    allow_shrink: bool = False  # publish even if the build loses facts (pipelines/refresh/shrink.py)
    max_shrink_pct: float | None = None  # the largest fall in facts published without allow_shrink
    log_level: str = "WARNING"
    full: bool = False  # build from nothing, not on a copy of the published warehouse (build_files.py)
