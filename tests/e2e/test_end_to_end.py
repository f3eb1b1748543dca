"""The bundled sample refreshed end to end; every expected value computed by hand.

Figures from the documents (tkr × 1000 = kr):
- Södra Lappland årsredovisning 2025: total costs 4 244 (driftredovisning),
  individual-intervention costs 2 516 000 kr (kostnadsfördelning), 40 enrolled;
  equity 2 179 (2024) and 1 973 (2025), total assets 2 751 and 2 314; member
  contributions 2024 = 1 876 + 938 + 326+79+66+71+179+154+63 = 3 752 (sum of
  parts, no printed total), 2025 = 3 678 (printed in the text).
- The goal map 2025: 9 indicators, 5 met, 1 partly, 1 not met, 2 without result.
"""

from decimal import Decimal

import pytest


def one(connection, sql: str, *parameters) -> dict:
    relation = connection.execute(sql, list(parameters))
    names = [column[0] for column in relation.description]
    rows = relation.fetchall()
    assert len(rows) == 1, f"expected one row, got {rows}"
    return dict(zip(names, rows[0], strict=True))


def test_cost_per_participant_sodra_lappland_2025(warehouse):
    row = one(
        warehouse,
        "select * from marts.rpt_cost_per_participant "
        "where federation_id = 'sodra_lappland' and fiscal_year = 2025",
    )
    assert row["total_costs_sek"] == 4_244_000
    assert row["individual_costs_sek"] == 2_516_000
    assert row["participants"] == 40
    assert row["cost_per_participant_sek"] == 106_100  # 4 244 000 / 40
    assert row["individual_cost_per_participant_sek"] == 62_900  # 2 516 000 / 40


def test_cost_per_participant_is_null_not_zero_without_participants(warehouse):
    row = one(
        warehouse,
        "select * from marts.rpt_cost_per_participant "
        "where federation_id = 'sodra_lappland' and fiscal_year = 2024",
    )
    assert row["total_costs_sek"] == 4_057_000
    assert row["participants"] is None and row["cost_per_participant_sek"] is None


@pytest.mark.parametrize(
    ("year", "equity", "contributions", "equity_pct", "assets", "soliditet"),
    [
        (2024, 2_179_000, 3_752_000, Decimal("58.08"), 2_751_000, Decimal("79.21")),
        (2025, 1_973_000, 3_678_000, Decimal("53.64"), 2_314_000, Decimal("85.26")),
    ],
)
def test_equity_sodra_lappland(warehouse, year, equity, contributions, equity_pct, assets, soliditet):
    row = one(
        warehouse,
        "select * from marts.rpt_equity where federation_id = 'sodra_lappland' and fiscal_year = ?",
        year,
    )
    assert row["equity_sek"] == equity
    assert row["contributions_sek"] == contributions
    assert row["equity_pct"] == equity_pct
    assert row["recommended_max_pct"] == 20
    assert row["exceeds_recommendation"] is True
    assert row["total_assets_sek"] == assets
    assert row["soliditet_pct"] == soliditet


def test_goal_fulfilment_sodra_lappland_2025(warehouse):
    row = one(
        warehouse,
        "select * from marts.rpt_goal_fulfilment "
        "where federation_id = 'sodra_lappland' and fiscal_year = 2025",
    )
    assert (row["met"], row["partial"], row["not_met"], row["unknown"]) == (5, 1, 1, 2)
    assert row["indicators_assessed"] == 7
    assert row["fulfilment_pct"] == Decimal("78.57")  # (5 + 0.5) / 7


def test_indicator_verdicts(warehouse):
    rows = dict(
        warehouse.execute(
            "select goal_area || ':' || indicator, fulfilment from marts.rpt_indicator_status "
            "where federation_id = 'sodra_lappland' and fiscal_year = 2025"
        ).fetchall()
    )
    assert rows["individual:goal_1"] == "met"  # 80 % against 70 %
    assert rows["individual:goal_2"] == "not_met"  # 68 % against 70 %
    assert rows["development:goal_1"] == "partial"  # 'delvis uppnått'


# (federation, year, scenario): (state, region, municipalities, region+municipalities, deviates)
FINANCING = {
    ("skelleftea_norsjo", 2015, "budget"): ("49.37", None, None, "50.63", False),
    ("sodra_lappland", 2023, "budget"): ("50.00", "25.00", "25.00", "50.00", False),
    ("sodra_lappland", 2024, "budget"): ("50.00", "25.00", "25.00", "50.00", False),
    ("sodra_lappland", 2025, "plan"): ("50.00", "25.00", "25.00", "50.00", False),
    ("sodra_lappland", 2026, "plan"): ("50.00", "25.00", "25.00", "50.00", False),
    ("sodra_lappland", 2024, "outcome"): ("50.00", "25.00", "25.00", "50.00", False),
    # 1 839 / 3 678, 919 / 3 678, 920 / 3 678
    ("sodra_lappland", 2025, "outcome"): ("50.00", "24.99", "25.01", "50.00", False),
    ("solleftea", 2024, "budget"): ("50.00", None, None, "50.00", False),
    ("solleftea", 2025, "plan"): ("50.00", None, None, "50.00", False),
    ("solleftea", 2026, "plan"): ("50.00", None, None, "50.00", False),
}


def test_financing_split_of_every_federation_year(warehouse):
    rows = warehouse.execute(
        "select federation_id, fiscal_year, scenario, state_pct, region_pct, municipalities_pct, "
        "region_municipalities_pct, deviates_from_statute from marts.rpt_financing_split"
    ).fetchall()
    found = {
        (fed, year, scenario): (
            *(None if value is None else f"{value:.2f}" for value in shares),
            deviates,
        )
        for fed, year, scenario, *shares, deviates in rows
    }
    assert found == FINANCING


def test_budget_vs_outcome_total_costs_sodra_lappland_2025(warehouse):
    row = one(
        warehouse,
        "select * from marts.rpt_budget_vs_outcome where federation_id = 'sodra_lappland' "
        "and fiscal_year = 2025 and code = 'total_costs'",
    )
    assert (row["budget_sek"], row["outcome_sek"]) == (4_346_000, 4_244_000)
    assert row["diff_sek"] == -102_000  # printed 'Avvikelse -102'
    assert row["diff_pct"] == Decimal("-2.35")


def test_exit_outcomes_sodra_lappland_2025(warehouse):
    row = one(
        warehouse,
        "select * from marts.rpt_exit_outcomes where federation_id = 'sodra_lappland' and fiscal_year = 2025",
    )
    assert row["exits"] == 40
    assert float(row["work_pct"]) == 35.0  # (6 + 8) / 40
    assert float(row["studies_pct"]) == 5.0  # 2 / 40
    assert float(row["positive_exit_pct"]) == 40.0  # 16 / 40


def test_the_revised_plan_supersedes_the_original(warehouse):
    row = one(
        warehouse,
        "select value, source_file from marts.fct_budget_lines where federation_id = "
        "'sodra_lappland' and fiscal_year = 2024 and scenario = 'budget' and code = 'total_costs'",
    )
    assert row == {
        "value": 4_483_000,
        "source_file": "sodra-lappland_verksamhetsplan-2024_reviderad.md",
    }
    superseded = warehouse.execute(
        "select value, source_file, superseded_by from marts.fct_fact_versions where federation_id = "
        "'sodra_lappland' and fiscal_year = 2024 and scenario = 'budget' "
        "and code = 'total_costs' and not is_current order by source_file"
    ).fetchall()
    revised = "sodra-lappland_verksamhetsplan-2024_reviderad.md"
    # the original plan and the undated sample layouts of both versions stay, flagged
    assert superseded == [
        (4_483_000, "sodra-lappland_budget-2024.md", revised),
        (4_483_000, "sodra-lappland_budget-2024.xlsx", revised),
        (4_183_000, "sodra-lappland_budget-2024_pdftotext.txt", revised),
        (4_183_000, "sodra-lappland_verksamhetsplan-2024_original.txt", revised),
    ]


def test_conflicts_keep_the_printed_value_and_both_numbers(warehouse):
    row = one(
        warehouse,
        "select value, status, message from marts.fct_budget_lines where federation_id = "
        "'solleftea' and fiscal_year = 2025 and code = 'board_and_office_total'",
    )
    assert row["value"] == 667_000 and row["status"] == "conflict"
    assert "667000" in row["message"] and "687000" in row["message"]


def test_participant_records_reconcile_with_the_published_aggregates(warehouse):
    rows = warehouse.execute(
        "select code, item, value, records_value, reconciliation from marts.fct_participants "
        "where federation_id = 'sodra_lappland' and fiscal_year = 2025 order by code, item"
    ).fetchall()
    assert all(reconciliation == "match" for *_, reconciliation in rows), rows
    assert ("participants_total", "", 40, 40, "match") in rows
    exits = one(
        warehouse,
        "select value, records_value from marts.fct_outcomes where federation_id = "
        "'sodra_lappland' and fiscal_year = 2025 and code = 'work_unsubsidized'",
    )
    assert exits == {"value": 8, "records_value": 8}


def test_every_fact_carries_its_source(warehouse):
    for table in (
        "budget_lines",
        "statements",
        "participants",
        "outcomes",
        "surveys",
        "indicators",
    ):
        missing = warehouse.execute(
            f"select count(*) from marts.fct_{table} "
            "where source_file is null or source_line is null or source_line = ''"
        ).fetchone()[0]
        rows = warehouse.execute(f"select count(*) from marts.fct_{table}").fetchone()[0]
        assert rows > 0 and missing == 0, table


def test_the_kpi_table_is_printed(refreshed):
    assert "sodra_lappland" in refreshed.stdout
    assert "106 100" in refreshed.stdout and "62 900" in refreshed.stdout
    assert str(refreshed.settings.warehouse) in refreshed.stdout


def test_exports_every_fact_and_report_table_per_year(refreshed):
    import json

    nns = refreshed.settings.exports / "nns"
    manifest = json.loads((nns / "manifest.json").read_text(encoding="utf-8"))
    files = {entry["file"]: entry for entry in manifest["files"]}
    assert "2025/rpt_federation_year.csv" in files and "2025/rpt_federation_year.parquet" in files
    assert "2015/fct_budget_lines.csv" in files
    entry = files["2025/rpt_cost_per_participant.csv"]
    assert entry["rows"] == 1 and len(entry["sha256"]) == 64
    lines = (nns / "2025" / "rpt_cost_per_participant.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("federation_id,fiscal_year")
    assert "106100" in lines[1]


def test_the_sample_workbook_word_file_and_scan_are_extracted(warehouse):
    rows = dict(
        warehouse.execute(
            "select source_file, count(*) from raw.extracted_facts where source_file in "
            "('sodra-lappland_budget-2024.xlsx', 'sodra-lappland_arsredovisning-2025_utdrag.docx', "
            "'sodra-lappland_arsredovisning-2025_skannad.pdf') group by source_file"
        ).fetchall()
    )
    # every printed figure: the budget's 148, the statements' 87 (the scan: what OCR read, most of them)
    assert rows["sodra-lappland_budget-2024.xlsx"] == 148
    assert rows["sodra-lappland_arsredovisning-2025_utdrag.docx"] == 87
    assert rows["sodra-lappland_arsredovisning-2025_skannad.pdf"] >= 70
    lines = warehouse.execute(
        "select source_line, value from raw.extracted_facts where source_file = "
        "'sodra-lappland_budget-2024.xlsx' and fiscal_year = 2024 and code = 'total_costs'"
    ).fetchall()
    assert [(line, int(value)) for line, value in lines] == [("44", 4_483_000)]  # one sheet: the row


SAMPLE_OFFICE_AND_SCAN = (
    "sodra-lappland_budget-2024.xlsx",
    "sodra-lappland_arsredovisning-2025_utdrag.docx",
    "sodra-lappland_arsredovisning-2025_skannad.pdf",
)


@pytest.mark.parametrize("name", SAMPLE_OFFICE_AND_SCAN)
def test_the_document_view_holds_every_line_a_fact_of_the_workbook_word_file_and_scan_cites(warehouse, name):
    cited = {
        line
        for (line,) in warehouse.execute(
            "select distinct source_line from raw.extracted_facts where source_file = ?", [name]
        ).fetchall()
    }
    assert cited and cited <= set(_document_lines(warehouse, name))


def test_the_document_view_prints_sheet_rows_and_word_table_rows_as_read(warehouse, refreshed):
    workbook = _document_lines(warehouse, "sodra-lappland_budget-2024.xlsx")
    assert workbook["44"] == "Summa kostnader\t4326\t4483\t4 371\t4071"  # the row of 4 483 000 above
    word = _document_lines(warehouse, "sodra-lappland_arsredovisning-2025_utdrag.docx")
    assert word["Tabell 1!3"] == "Verksamhetens kostnader\t4 244\t4 057\t4 249\t3 626\t4 428"
    assert word["2"] == "1.1 Flerårsöversikt"
    page = refreshed.settings.exports / "report" / "dokument"
    html = (page / "sodra_lappland--sodra-lappland_arsredovisning-2025_utdrag.docx.html").read_text("utf-8")
    assert 'id="rad-Tabell-1-3"' in html


def _document_lines(warehouse, name: str) -> dict[str, str]:
    query = "select line_ref, text from raw.document_lines where source_file = ? order by _source_line"
    return dict(warehouse.execute(query, [name]).fetchall())


def test_the_refresh_keeps_ocr_pages_apart_from_extraction_results(refreshed):
    pages = list((refreshed.settings.warehouse.parent / ".extraction-cache" / "ocr").rglob("page-*.json"))
    assert len(pages) == 1  # the sample scan is one page
