"""The digests a page's reuse is decided by change with what that page is made from, and only with that.

Each test changes a copy of the refreshed sample's warehouse (or the cells
the export hides) and compares the digests before and after, page by page.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import duckdb
import pytest

from pipelines.report.data import read_report_data
from pipelines.report.page_inputs import PageInputs, read_page_inputs
from pipelines.report.provenance import shown_facts
from tests.export.changed_year import warehouse_with_changed_year

BUDGET = ("solleftea", "solleftea_budget-2024.pdf")  # every figure superseded by the plan's
PLAN = ("solleftea", "solleftea_verksamhetsplan-2024.txt")
OTHER = ("skelleftea_norsjo", "skelleftea-norsjo_verksamhetsplan-2015-2017.txt")


@pytest.fixture()
def changed(refreshed, tmp_path):
    """A writable copy of the sample's warehouse."""
    copy = tmp_path / "changed.duckdb"
    shutil.copyfile(refreshed.settings.warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        yield connection


def inputs_of(connection: duckdb.DuckDBPyConnection, hidden: dict | None = None) -> PageInputs:
    data = read_report_data(connection)
    data = data if hidden is None else replace(data, hidden_facts=hidden)
    with shown_facts(connection, data.hidden_facts) as facts:
        return read_page_inputs(connection, facts, data)


def changed_documents(before: PageInputs, after: PageInputs) -> set[tuple[str, str]]:
    assert before.documents.keys() == after.documents.keys()
    return {key for key in before.documents if before.documents[key] != after.documents[key]}


def changed_federations(before: PageInputs, after: PageInputs) -> set[str]:
    assert before.federations.keys() == after.federations.keys()
    return {key for key in before.federations if before.federations[key] != after.federations[key]}


def test_the_sample_has_a_digest_per_document_in_the_reports_order(changed):
    inputs = inputs_of(changed)
    assert len(inputs.documents) == 12  # 13 source files, less the participant export (a .csv)
    assert list(inputs.documents) == sorted(inputs.documents)
    assert {BUDGET, PLAN, OTHER} <= inputs.documents.keys()
    assert set(inputs.federations) == {"skelleftea_norsjo", "sodra_lappland", "solleftea"}
    assert inputs_of(changed) == inputs, "the same warehouse gives the same digests"


def test_a_changed_line_changes_its_document_and_federation_not_the_overview(changed):
    before = inputs_of(changed)
    changed.execute(
        "update raw.document_lines set text = text || ' ' where source_file = ? "
        "and _source_line = (select min(_source_line) from raw.document_lines where source_file = ?)",
        [BUDGET[1], BUDGET[1]],
    )
    after = inputs_of(changed)
    assert changed_documents(before, after) == {BUDGET}
    assert changed_federations(before, after) == {"solleftea"}
    assert after.everything == before.everything and after.sources != before.sources


def test_a_hidden_cell_changes_the_pages_that_list_any_version_of_its_fact(changed):
    """The plan's page lists the budget's version of each figure among its other versions."""
    fact_version_id, fact_key = changed.execute(
        "select fact_version_id, fact_key from marts.fct_fact_versions where source_file = ? "
        "and fact_key in (select fact_key from marts.fct_fact_versions where source_file = ?) "
        "order by fact_version_id limit 1",
        [BUDGET[1], PLAN[1]],
    ).fetchone()
    data = read_report_data(changed)
    assert fact_version_id not in data.hidden_facts
    before = inputs_of(changed)
    after = inputs_of(changed, {**data.hidden_facts, fact_version_id: {"value": "small_count"}})
    assert changed_documents(before, after) == {BUDGET, PLAN}
    assert changed_federations(before, after) == {"solleftea"}
    assert after.everything != before.everything  # the comparisons link to facts by their hidden lines
    because = inputs_of(changed, {**data.hidden_facts, fact_version_id: {"value": "complementary"}})
    assert because.documents == after.documents, "a document's page says 'dolt', not why"


def test_an_empty_message_is_told_apart_from_none(changed):
    """A card shows '–' for no message and nothing for an empty one."""
    before = inputs_of(changed)
    changed.execute(
        "update marts.fct_fact_versions set message = '' where fact_version_id = "
        "(select min(fact_version_id) from marts.fct_fact_versions where source_file = ? and message is null)",
        [OTHER[1]],
    )
    assert changed_documents(before, inputs_of(changed)) == {OTHER}


def test_a_review_row_changes_only_its_federations_page(changed):
    before = inputs_of(changed)
    changed.execute(
        "insert into ops.extraction_review (federation_id, fiscal_year, source_file, source_line, raw_label, "
        "raw_values, reason) values ('solleftea', 2024, ?, '3', 'Övrigt', '12 000', 'unknown label')",
        [BUDGET[1]],
    )
    after = inputs_of(changed)
    assert changed_documents(before, after) == set()
    assert changed_federations(before, after) == {"solleftea"}
    assert after.everything == before.everything


def test_a_changed_mart_row_changes_its_federation_and_the_overview(refreshed, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        before = inputs_of(connection)
    changed = warehouse_with_changed_year(refreshed.settings.warehouse, tmp_path)
    with duckdb.connect(str(changed), read_only=True) as connection:
        after = inputs_of(connection)
    assert changed_documents(before, after) == set()
    assert changed_federations(before, after) == {"sodra_lappland"}
    assert after.everything != before.everything and after.sources == before.sources
