"""What a run found: typed records of each expectation's outcome, and their text for people.

`observed` is JSON-safe (it is stored in ops.dq_results as JSON); the text
form names each failing row by its key columns, for the Dagster UI and the
data docs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipelines.quality.suites import Severity, SuiteSpec


@dataclass(frozen=True)
class YearFindings:
    """What one expectation found in the rows of one fiscal year (None: rows without a year; by_year.py)."""

    fiscal_year: int | None
    element_count: int
    unexpected_count: int
    failing: tuple[Mapping[str, Any], ...]  # the year's first failing rows, as `observed` names them


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation of one suite in one run."""

    name: str
    type: str
    severity: Severity
    success: bool
    observed: dict[str, Any]
    why: str
    # a year-scoped suite's findings per fiscal year (by_year.py); empty for a suite checked whole
    by_year: tuple[YearFindings, ...] = ()

    def observed_json(self) -> str:
        return json.dumps(self.observed, ensure_ascii=False)

    def observed_text(self) -> str:
        """The observed value in words, failing rows named by their key columns."""
        observed = self.observed
        if "exception" in observed:
            return f"could not be evaluated: {observed['exception']}"
        if "unexpected_count" not in observed:
            return f"observed {observed.get('observed_value')}"
        text = f"{observed['unexpected_count']} of {observed['element_count']} rows unexpected"
        rows = "; ".join(
            ", ".join(f"{column}={_shown(value)}" for column, value in row.items())
            for row in observed.get("failing", [])
        )
        return f"{text}: {rows}" if rows else text


def _shown(value: Any) -> str:
    text = str(value)
    return repr(text) if text == "" or "," in text or ";" in text else text


@dataclass(frozen=True)
class SuiteOutcome:
    """A suite's expectations in one run, and GX's own result for the data docs."""

    suite: SuiteSpec
    rows: int
    expectations: tuple[ExpectationOutcome, ...]
    gx_result: Any

    def failures(self, severity: Severity | None = None) -> tuple[ExpectationOutcome, ...]:
        return tuple(
            outcome
            for outcome in self.expectations
            if not outcome.success and (severity is None or outcome.severity is severity)
        )

    @property
    def passed(self) -> bool:
        return not self.failures()

    @property
    def severity(self) -> Severity | None:
        """The worst severity among the failures; None when everything passed."""
        if self.failures(Severity.ERROR):
            return Severity.ERROR
        return Severity.WARNING if self.failures() else None
