"""A suite's table is read with the columns its frame needs, in the order of the whole rows."""

from dataclasses import replace

import duckdb
import pandas as pd
import pytest

from pipelines.quality import rules
from pipelines.quality.frames import columns_needed, fetch_frames, with_code_meaning
from pipelines.quality.suites import ExpectationSpec, Severity, load_suites

SUITES = {suite.name: suite for suite in load_suites()}


@pytest.fixture
def connection():
    connection = duckdb.connect()
    connection.execute("create schema raw")
    # two documents alike in every column raw_documents reads; the columns it does not read
    # (document_date, title) order them: the whole-row order puts line 9 before line 4
    connection.execute(
        "create table raw.documents as select * from (values "
        "('solleftea', 'plan-2024.txt', 'verksamhetsplan', date '2023-01-10', 'Plan A', 'solleftea/documents.csv', 9),"
        "('solleftea', 'plan-2024.txt', 'verksamhetsplan', date '2023-11-30', 'Plan B', 'solleftea/documents.csv', 4),"
        "('kalix', 'budget-2024.pdf', 'other', null, 'Budget', 'kalix/documents.csv', 2)"
        ") as t(federation_id, source_file, document_kind, document_date, title, _source_file, _source_line)"
    )
    yield connection
    connection.close()


def test_a_table_is_read_without_the_columns_no_expectation_key_or_scope_names(connection):
    frame = fetch_frames(connection, [SUITES["raw_documents"]])["raw_documents"]

    assert list(frame.columns) == [
        "federation_id",
        "source_file",
        "document_kind",
        "_source_file",
        "_source_line",
    ]
    assert frame["_source_line"].tolist() == [2, 9, 4]  # kalix first; then 2023-01-10 before 2023-11-30


def test_the_columns_of_a_rows_suite_are_its_expectations_keys_and_scope_column():
    # rpt_equity: keys federation_id, fiscal_year, equity_pct, recommended_max_pct; scoped by fiscal_year
    assert columns_needed(SUITES["rpt_equity"]) == {
        "federation_id",
        "fiscal_year",
        "equity_pct",
        "recommended_max_pct",
        "contributions_sek",
        "equity_basis",
        "exceeds_recommendation",
        "soliditet_pct",
        "soliditet_printed_pct",
        "total_assets_sek",
    }
    # raw_participants is scoped by start year: start_date is read though it is also checked
    assert "start_date" in columns_needed(SUITES["raw_participants"])


def test_facts_with_codes_reads_what_the_code_meaning_is_computed_from_not_the_computed_columns():
    needed = columns_needed(SUITES["raw_extracted_facts"])
    assert {"record_type", "code", "item", "federation_id", "value", "status"} <= needed
    assert not needed & {"is_magnitude", "member_id", "record_type_code", "federation_member"}


def test_a_rule_frame_reads_the_columns_its_rule_reads():
    assert columns_needed(SUITES["corrections"]) == rules.CORRECTION_READS
    budget = sorted(columns_needed(SUITES["fct_budget_lines"]))
    assert budget == ["code", "federation_id", "fiscal_year", "item", "origin", "scenario", "status", "value"]


def test_a_table_level_expectation_reads_every_column(connection):
    row_count = ExpectationSpec(
        "some_documents", "expect_table_row_count_to_be_between", Severity.ERROR, "", {"min_value": 1}
    )
    suite = replace(SUITES["raw_documents"], expectations=(*SUITES["raw_documents"].expectations, row_count))

    assert columns_needed(suite) is None
    assert len(fetch_frames(connection, [suite])["raw_documents"].columns) == 7


def test_each_fact_gets_the_magnitude_flag_of_its_record_type_and_code():
    facts = pd.DataFrame(
        {
            "record_type": [
                "statement",
                "budget_line",
                "statement",
                "budget_line",
                "statement",
                "budget_line",
            ],
            "code": [
                "rr_operating_costs",
                "result",
                "rr_operating_income",
                "total_costs",
                None,
                "no_such_code",
            ],
            "item": ["x", None, None, None, None, None],
            "federation_id": ["kalix"] * 6,
        }
    )
    flags = with_code_meaning(facts)["is_magnitude"]
    assert flags.dtype == bool and flags.tolist() == [True, False, False, True, False, False]
    # a table without record_type holds budget lines (rpt_budget_vs_outcome)
    budget = with_code_meaning(facts.drop(columns="record_type").iloc[[1, 3, 2]])["is_magnitude"]
    assert budget.tolist() == [False, True, False] and budget.index.tolist() == [1, 3, 2]
