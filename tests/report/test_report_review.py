"""The federation page's review list: each figure the extractor could not place links to its line."""

from __future__ import annotations

import duckdb

from pipelines.report.pages import read_review, review_table


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
    table = review_table(read_review(connection), "solleftea")
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["solleftea_budget-2024.pdf", "2:7", "Resor", "12 000 kr", "no known line item", "2025"]
    ]
    assert table.rows[0][1].href == "../dokument/solleftea--solleftea_budget-2024.pdf.html#rad-2-7"


def test_a_warehouse_without_the_review_table_says_so_instead_of_failing():
    assert review_table(read_review(duckdb.connect()), "solleftea") is None


def test_every_federations_list_is_read_at_once_each_by_file_then_line():
    connection = _warehouse_with_review(
        [
            ("solleftea", 2025, "b.pdf", "2:7", "Resor", "12 000 kr", "no known line item"),
            ("sodra_lappland", 2024, "x.md", "3", "Annat", "1", "elsewhere"),
            ("solleftea", 2024, "a.pdf", "10", "Hyra", "500", "no known line item"),
            ("solleftea", 2024, "a.pdf", "1", "Porto", "20", "no known line item"),
        ]
    )
    review = read_review(connection)
    assert review == {
        "sodra_lappland": [("x.md", "3", "Annat", "1", "elsewhere", 2024)],
        "solleftea": [
            ("a.pdf", "1", "Porto", "20", "no known line item", 2024),
            ("a.pdf", "10", "Hyra", "500", "no known line item", 2024),  # lines as text, as the page sorts
            ("b.pdf", "2:7", "Resor", "12 000 kr", "no known line item", 2025),
        ],
    }
    assert [row[1].text for row in review_table(review, "solleftea").rows] == ["1", "10", "2:7"]
    assert review_table(review, "skelleftea_norsjo").rows == []  # a federation without any: an empty list
