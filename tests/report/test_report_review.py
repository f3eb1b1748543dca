"""The federation page's review list: each figure the extractor could not place links to its line."""

from __future__ import annotations

import duckdb

from pipelines.report.pages import review_table


def _warehouse_with_review(rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("create schema ops")
    connection.execute(
        "create table ops.extraction_review (federation_id varchar, fiscal_year integer, source_file varchar,"
        " source_line varchar, raw_label varchar, raw_values varchar, reason varchar)"
    )
    connection.executemany("insert into ops.extraction_review values (?, ?, ?, ?, ?, ?, ?)", rows)
    return connection


def test_an_unplaced_figure_is_listed_with_a_link_to_its_page_and_line():
    connection = _warehouse_with_review(
        [
            (
                "solleftea",
                2025,
                "solleftea_budget-2024.pdf",
                "2:7",
                "Resor",
                "12 000 kr",
                "no known line item",
            ),
            ("sodra_lappland", 2024, "x.md", "3", "Annat", "1", "elsewhere"),
        ]
    )
    table = review_table(connection, "solleftea")
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["solleftea_budget-2024.pdf", "2:7", "Resor", "12 000 kr", "no known line item", "2025"]
    ]
    assert table.rows[0][1].href == "../dokument/solleftea--solleftea_budget-2024.pdf.html#rad-2-7"


def test_a_warehouse_without_the_review_table_says_so_instead_of_failing():
    assert review_table(duckdb.connect(), "solleftea") is None
