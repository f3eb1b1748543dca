"""GX validates only the columns a suite's expectations read; failing rows are still named by the whole row."""

from pathlib import Path

import pandas as pd
import pytest

from pipelines.quality.gx_validator import Validator, columns_read
from pipelines.quality.suites import ExpectationSpec, Scope, Severity, SuiteSpec


def expectation(name, type_, where=None, **kwargs) -> ExpectationSpec:
    return ExpectationSpec(name, type_, Severity.ERROR, "why", kwargs, where)


def suite(*expectations, keys=("federation_id", "fiscal_year")) -> SuiteSpec:
    return SuiteSpec(
        name="budget_rows",
        asset=("marts", "budget_rows"),
        table="marts.budget_rows",
        frame="rows",
        keys=keys,
        description="rows",
        expectations=expectations,
        path=Path("budget_rows.yml"),
        scope=Scope.FISCAL_YEAR,
    )


FRAME = pd.DataFrame(
    {
        "federation_id": ["alfa", "alfa", "beta", "beta"],
        "fiscal_year": [2024, 2025, 2024, 2025],
        "code": ["total_costs", "participants_total", "total_costs", "total_costs"],
        "value": [4244000.0, -3.0, -12.0, 326000.0],
        "unit": ["sek", "persons", "sek", "sek"],
        "raw_label": ["Summa kostnader", "Deltagare", "Summa kostnader", "Summa kostnader"],
        "source_line": ["12", "14", "12", "12"],
    }
)
COSTS_NOT_NEGATIVE = expectation(
    "costs_not_negative",
    "expect_column_values_to_be_between",
    where={"code": "total_costs"},
    column="value",
    min_value=0,
)
KNOWN_UNIT = expectation("known_unit", "expect_column_values_to_be_in_set", column="unit", value_set=["sek"])
LINE_AND_LABEL_UNIQUE = expectation(
    "line_and_label_unique", "expect_compound_columns_to_be_unique", column_list=["source_line", "raw_label"]
)


def test_the_columns_read_are_the_domains_and_where_columns_in_frame_order():
    checked = suite(COSTS_NOT_NEGATIVE, KNOWN_UNIT, LINE_AND_LABEL_UNIQUE)
    assert columns_read(checked, FRAME) == ["code", "value", "unit", "raw_label", "source_line"]


def test_a_column_pair_reads_both_columns():
    pair = expectation(
        "budget_at_least_value",
        "expect_column_pair_values_a_to_be_greater_than_b",
        column_A="value",
        column_B="fiscal_year",
    )
    assert columns_read(suite(pair), FRAME) == ["fiscal_year", "value"]


def test_an_expectation_naming_no_column_reads_the_whole_frame():
    row_count = expectation("has_rows", "expect_table_row_count_to_be_between", min_value=1)
    assert columns_read(suite(KNOWN_UNIT, row_count), FRAME) == list(FRAME.columns)


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_a_where_failure_is_named_by_keys_gx_never_saw(validator):
    # rows 1 (participants, -3) and 2 (beta 2024 costs, -12) are negative; only row 2 is a cost
    outcome = validator.validate(suite(COSTS_NOT_NEGATIVE, KNOWN_UNIT), FRAME)
    costs, unit = outcome.expectations
    assert costs.observed == {
        "element_count": 3,
        "unexpected_count": 1,
        "failing": [{"federation_id": "beta", "fiscal_year": 2024, "value": -12}],
    }
    assert [(year.fiscal_year, year.element_count, year.unexpected_count) for year in costs.by_year] == [
        (2024, 2, 1),
        (2025, 1, 0),
    ]
    assert unit.observed["failing"] == [{"federation_id": "alfa", "fiscal_year": 2025, "unit": "persons"}]


def test_a_missing_column_is_reported_as_gx_reports_it(validator):
    missing = expectation(
        "known_scenario", "expect_column_values_to_be_in_set", column="scenario", value_set=["x"]
    )
    (outcome,) = validator.validate(suite(missing), FRAME).expectations
    assert not outcome.success
    assert outcome.observed == {"exception": 'Error: The column "scenario" in BatchData does not exist.'}
