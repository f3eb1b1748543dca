"""Running suites through Great Expectations 1.x on pandas DataFrames.

One ephemeral GX context serves a whole run (a pandas datasource with one
dataframe asset per suite, named after its table), so every suite of the run
shares it and the data docs can be built from it at the end. GX takes
seconds to import: run.py is imported only when a check runs (pipelines/defs/asset_checks.py).
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

import great_expectations as gx
import numpy as np
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.registry import get_expectation_impl
from great_expectations.expectations.row_conditions import Column

from pipelines.quality.by_year import row_years, rows_counted, split_by_year
from pipelines.quality.outcomes import ExpectationOutcome, SuiteOutcome
from pipelines.quality.suites import ExpectationSpec, SuiteSpec, expectation_columns

FAILURES_SHOWN = 20  # failing rows kept per expectation: enough to act on, small enough to store every run


class Validator:
    """An ephemeral GX context and its pandas datasource, reused by every suite of a run."""

    def __init__(self) -> None:
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.analytics_enabled = False  # never send usage statistics; runs offline
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        for site in list(self.context.list_data_docs_sites()):
            self.context.delete_data_docs_site(site)  # the default site would write to a temp folder
        self.datasource = self.context.data_sources.add_pandas("warehouse")

    def validate(self, suite: SuiteSpec, frame: pd.DataFrame) -> SuiteOutcome:
        gx_suite = self.context.suites.add_or_update(build_suite(suite))
        if suite.name in self.datasource.get_asset_names():
            self.datasource.delete_asset(suite.name)
        asset = self.datasource.add_dataframe_asset(name=suite.name)
        # only the columns the expectations read: GX copies every column of the frame for each `where`
        # and each failing-row lookup (3 s of a national refresh's checks); labels are kept, so the
        # rows GX names are the same rows of `frame`
        batch = asset.add_batch_definition_whole_dataframe(suite.table).get_batch(
            batch_parameters={"dataframe": frame[columns_read(suite, frame)]}
        )
        # every failing row's label, not its key columns: GX looks those up one cell at a time
        # (pandas .at), 24 of 53 s of a national landing's mart suites; name_failing_rows does it at once.
        # No `unexpected_index_query` (a string listing every failing label, which name_failing_rows
        # dropped): GX filtered the frame once more to build it
        result_format = {
            "result_format": "COMPLETE",
            "partial_unexpected_count": FAILURES_SHOWN,
            "return_unexpected_index_query": False,
        }
        result = batch.validate(gx_suite, result_format=result_format)
        keys = [key for key in suite.keys if key in frame.columns]
        years = row_years(suite, frame) if keys else None
        specs = {spec.name: spec for spec in suite.expectations}
        split = {}
        for expectation_result in result.results:
            spec = specs[expectation_result.expectation_config.meta["name"]]
            if years is not None:
                split[spec.name] = _split_by_year(expectation_result, spec, frame, keys, suite.keys, years)
            name_failing_rows(expectation_result, frame, keys)
        by_name = {res.expectation_config.meta["name"]: res for res in result.results}
        outcomes = tuple(
            _outcome(spec, by_name[spec.name], suite.keys, split.get(spec.name, ()))
            for spec in suite.expectations
        )
        self._release_frames()
        return SuiteOutcome(suite=suite, rows=len(frame), expectations=outcomes, gx_result=result)

    def _release_frames(self) -> None:
        """Let go of the validated frames: GX's batch manager keeps every batch's data for the context's life.

        The context lives for the run (validator_for_run), so the raw suites'
        frames (about 400 MB nationally) were held through dbt, the export and
        the report, and every later step's memory came on top of them.
        """
        batches = self.datasource.get_execution_engine().batch_manager
        batches.reset_batch_cache()
        batches.batch_data_cache.clear()


@lru_cache(maxsize=1)
def validator_for_run(run_id: str) -> Validator:
    """The run's context: created on the first check of a run, reused by the next ones."""
    return Validator()


def columns_read(suite: SuiteSpec, frame: pd.DataFrame) -> list[str]:
    """The columns of `frame` that the suite's expectations check or select rows by, in frame order.

    Every column when an expectation names none (a table-level expectation
    reads the whole table). A named column the frame lacks stays missing: GX
    reports it as it would.
    """
    named: set[str] = set()
    for spec in suite.expectations:
        columns = spec.columns
        if not columns:
            return list(frame.columns)
        named.update(columns, spec.where or ())
    return [column for column in frame.columns if column in named]


def name_failing_rows(result, frame: pd.DataFrame, keys: list[str]) -> None:
    """Replace GX's failing row labels with the first FAILURES_SHOWN rows, named by their columns.

    Each row holds the expectation's columns and the suite's keys, and the
    rows are the first in key order (a table's physical order is whatever the
    build's threads made it). The full lists of values, labels and GX's pandas
    query are cut to those rows too: the data docs store every result, and a
    result listing 90 000 rows took seconds to serialise.
    """
    details = result.result or {}
    labels = details.get("unexpected_index_list")
    if not labels or isinstance(labels[0], dict):
        return
    details["unexpected_list"] = details.get("unexpected_list", [])[:FAILURES_SHOWN]
    details.pop("unexpected_index_query", None)
    if not keys:  # a frame without key columns: its rows are named by position, as GX gives them
        details["unexpected_index_list"] = labels[:FAILURES_SHOWN]
        return
    details["unexpected_index_list"] = _named_rows(result, frame, labels, keys)


def _named_rows(result, frame: pd.DataFrame, labels, keys: list[str]) -> list[dict[str, Any]]:
    """The first FAILURES_SHOWN of the rows `labels` in key order: the expectation's columns and the keys."""
    domain = expectation_columns(result.expectation_config.kwargs)
    columns = list(dict.fromkeys([*domain, *keys]))
    first = _first_in_key_order(frame.loc[labels, columns], keys, FAILURES_SHOWN)
    return [dict(zip(columns, values, strict=True)) for values in first.itertuples(index=False, name=None)]


def _split_by_year(result, spec: ExpectationSpec, frame, keys: list[str], suite_keys, years):
    """The expectation's findings per year of the rows (by_year.py), named as `observed` names them."""
    details = result.result or {}
    labels = details.get("unexpected_index_list") or []
    if "unexpected_count" not in details or _exceptions(result.exception_info or {}):
        return ()
    if labels and isinstance(labels[0], dict):
        return ()  # GX named the rows itself: their labels are gone
    return split_by_year(
        years,
        rows_counted(frame, spec.where),
        labels,
        details["unexpected_count"],
        details.get("element_count") or 0,
        lambda year_labels: shown_rows(_named_rows(result, frame, year_labels, keys), suite_keys),
    )


def _first_in_key_order(rows: pd.DataFrame, keys: list[str], count: int) -> pd.DataFrame:
    """The first `count` rows ordered by `keys` as _sortable orders values, ties kept in row order.

    Each key's distinct values are ranked once and the rows sorted on the
    ranks: a suite with 600 000 failing rows sorted row by row took seconds.
    """
    ranks = []
    for key in keys:
        codes, uniques = pd.factorize(rows[key], use_na_sentinel=False)
        values = list(uniques)
        rank = np.empty(len(values), dtype=np.int64)
        rank[sorted(range(len(values)), key=lambda i: _sortable(values[i]))] = np.arange(len(values))
        ranks.append(rank[codes])
    return rows.iloc[np.lexsort(ranks[::-1])[:count]]  # lexsort is stable; its last key sorts first


def build_suite(suite: SuiteSpec):
    """The GX ExpectationSuite of a suite spec."""
    expectations = [
        get_expectation_impl(spec.type)(
            **spec.kwargs,
            **({"row_condition": row_condition(spec.where)} if spec.where else {}),
            severity=spec.severity.gx_severity,
            meta={"name": spec.name, "severity": spec.severity.value},
            notes=spec.why,
        )
        for spec in suite.expectations
    ]
    return gx.ExpectationSuite(
        name=suite.name, expectations=expectations, meta={"description": suite.description}
    )


def row_condition(where: dict[str, Any]):
    """`{column: value}` → column == value; a list → column in list; `{not_null: true}` → not null.

    Several columns are combined with AND.
    """
    conditions = []
    for name, wanted in where.items():
        column = Column(name)
        if isinstance(wanted, list):
            conditions.append(column.is_in(wanted))
        elif isinstance(wanted, dict) and set(wanted) == {"not_null"}:
            conditions.append(column.is_not_null() if wanted["not_null"] else column.is_null())
        else:
            conditions.append(column == wanted)
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined & condition
    return combined


def _outcome(spec: ExpectationSpec, result, keys: tuple[str, ...], by_year=()) -> ExpectationOutcome:
    return ExpectationOutcome(
        name=spec.name,
        type=spec.type,
        severity=spec.severity,
        success=bool(result.success),
        observed=observed(result, keys),
        why=spec.why,
        by_year=by_year,
    )


def observed(result, keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """What GX saw, JSON-safe: counts and the failing rows (key columns first), or the observed value."""
    problems = _exceptions(result.exception_info or {})
    if problems:
        return {"exception": "; ".join(sorted(set(problems)))}
    details = result.result or {}
    if "unexpected_count" in details:
        failing = details.get("unexpected_index_list") or [
            {"value": value} for value in details.get("partial_unexpected_list", [])
        ]
        if failing and not isinstance(failing[0], dict):  # rows without key columns: GX gives positions
            failing = [{"row": row} for row in failing]
        return {
            "element_count": _plain(details.get("element_count")),
            "unexpected_count": _plain(details["unexpected_count"]),
            "failing": shown_rows(failing, keys),
        }
    return {"observed_value": _plain(details.get("observed_value"))}


def shown_rows(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """The first FAILURES_SHOWN rows in key order (a table's physical order is whatever the build's
    threads made it), key columns first, as JSON values."""
    if keys:
        rows = sorted(rows, key=lambda row: tuple(_sortable(row.get(key)) for key in keys))
    return [_key_columns_first(row, keys) for row in rows[:FAILURES_SHOWN]]


def _sortable(value: Any) -> tuple[int, Any]:
    """Numbers by value (numpy's too, so a frame's values and their JSON order alike), the rest as text."""
    numeric = int | float | np.integer | np.floating
    if isinstance(value, numeric) and not isinstance(value, bool | np.bool_) and value == value:  # not NaN
        return (0, value)
    return (1, str(value))


def _exceptions(info: dict) -> list[str]:
    """GX reports an exception either at the top of exception_info or per metric that failed."""
    if "raised_exception" in info:
        return [str(info.get("exception_message"))] if info["raised_exception"] else []
    return [message for value in info.values() if isinstance(value, dict) for message in _exceptions(value)]


def _key_columns_first(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    ordered = [key for key in keys if key in row] + [column for column in row if column not in keys]
    return {column: _plain(row[column]) for column in ordered}


def _plain(value: Any) -> Any:
    """A JSON value: numpy scalars unwrapped, NaN and NaT as null, dates as ISO text, whole floats as ints."""
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
