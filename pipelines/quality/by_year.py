"""An expectation's findings split by fiscal year, and put together again with the years not checked.

A refresh that rebuilt some fiscal years checks only their rows (scope.py).
The other years' rows are the published ones, so what they failed last time
still holds: their findings are kept per year (carried_years.py) and added to
this run's, and the outcome says what a check of every row would say. Every
expectation the suites use is row by row (a map expectation without
`mostly`), so an expectation passes exactly when no year has a failing row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from pipelines.quality.outcomes import ExpectationOutcome, YearFindings
from pipelines.quality.suites import Scope, SuiteSpec


def row_years(suite: SuiteSpec, frame: pd.DataFrame) -> pd.Series | None:
    """The year each row of a suite's frame belongs to, as its scope counts years; None: not by year."""
    if suite.scope is Scope.FISCAL_YEAR and "fiscal_year" in frame:
        years = frame["fiscal_year"]
    elif suite.scope is Scope.START_YEAR and "start_date" in frame:
        years = pd.to_datetime(frame["start_date"]).dt.year
    else:
        return None
    return years.astype(object).where(years.notna(), None)


def rows_counted(frame: pd.DataFrame, where: Mapping[str, Any] | None) -> pd.Index:
    """The rows an expectation counts: those its `where` (gx_validator.row_condition) selects."""
    if not where:
        return frame.index
    selected = pd.Series(True, index=frame.index)
    for name, wanted in where.items():
        column = frame[name]
        if isinstance(wanted, list):
            selected &= column.isin(wanted)
        elif isinstance(wanted, dict) and set(wanted) == {"not_null"}:
            selected &= column.notna() if wanted["not_null"] else column.isna()
        else:
            selected &= column == wanted
    return frame.index[selected.fillna(False).astype(bool)]


def split_by_year(
    years: pd.Series,
    counted: pd.Index,
    failing_labels: Sequence,
    unexpected_count: int,
    element_count: int,
    name_rows,
) -> tuple[YearFindings, ...]:
    """Per year: the rows counted, the rows failing, and the first failing rows (`name_rows(labels)`).

    Empty when the split does not add up to GX's own counts: such an
    expectation's outcome is then this run's alone (nothing is carried).
    """
    if len(counted) != element_count or len(failing_labels) != unexpected_count:
        return ()
    elements = Counter(years.loc[counted].tolist())
    failing: dict[Any, list] = {}
    for label, year in zip(failing_labels, years.loc[list(failing_labels)].tolist(), strict=True):
        failing.setdefault(year, []).append(label)  # one pass: a rule may fail 600 000 rows
    found = [
        YearFindings(
            fiscal_year=None if year is None else int(year),
            element_count=count,
            unexpected_count=len(failing.get(year, ())),
            failing=tuple(name_rows(failing[year])) if year in failing else (),
        )
        for year, count in elements.items()
    ]
    return tuple(sorted(found, key=_year_order))


def with_carried_years(
    outcome: ExpectationOutcome,
    carried: Iterable[YearFindings],
    shown_rows,
) -> ExpectationOutcome:
    """`outcome` with the findings of the years this run did not check added: counts, rows, success.

    `shown_rows` picks the rows to show from all years' (gx_validator.shown_rows).
    """
    carried = tuple(carried)
    if not carried or "unexpected_count" not in outcome.observed:
        return outcome
    observed = dict(outcome.observed)
    observed["element_count"] += sum(year.element_count for year in carried)
    observed["unexpected_count"] += sum(year.unexpected_count for year in carried)
    rows = [*observed["failing"], *(row for year in carried for row in year.failing)]
    observed["failing"] = shown_rows(rows)
    return replace(
        outcome,
        success=observed["unexpected_count"] == 0,
        observed=observed,
        by_year=tuple(sorted((*outcome.by_year, *carried), key=_year_order)),
    )


def _year_order(found: YearFindings) -> tuple[int, int]:
    return (0, 0) if found.fiscal_year is None else (1, found.fiscal_year)
