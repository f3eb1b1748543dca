"""The comparison report, the model docs and the quality page a refresh publishes, read against the marts."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from pipelines.foundation.swedish_format import plain
from pipelines.sql.dot_commands import describe
from tests.report.report_html import read_tables


@pytest.fixture(scope="module")
def exports(refreshed):
    return refreshed.settings.exports


@pytest.fixture(scope="module")
def comparisons(exports):
    return read_tables(exports / "report" / "jamforelser.html")


def test_report_docs_and_export_are_published_together(exports):
    for name in ("nns", "report", "docs"):
        link = exports / name
        assert link.is_symlink() and os.readlink(link) == f".published/{name}", name
    published = (exports / ".published").resolve()
    assert published.name.startswith(".published-")
    assert (published / "report" / "index.html").is_file()
    assert (published / "docs" / "index.html").is_file()
    assert (published / "nns" / "manifest.json").is_file()
    assert not (exports / ".publish-next").exists()


def test_the_report_tables_hold_the_marts_values(comparisons, warehouse):
    checks = {
        "eget-kapital": (
            "select federation_id, fiscal_year, equity_sek, contributions_sek, equity_pct, soliditet_pct "
            "from marts.rpt_equity order by federation_id, fiscal_year",
            ["Förbund", "År", "Eget kapital", "Medlemsbidrag", "Eget kapital %", "Soliditet %"],
        ),
        "kostnad-per-deltagare": (
            "select federation_id, fiscal_year, total_costs_sek, participants, cost_per_participant_sek "
            "from marts.rpt_cost_per_participant order by federation_id, fiscal_year",
            ["Förbund", "År", "Totala kostnader", "Deltagare", "Kostnad per deltagare"],
        ),
        "finansiering": (
            "select federation_id, fiscal_year, scenario, contributions_sek, state_pct, region_pct "
            "from marts.rpt_financing_split order by federation_id, fiscal_year, scenario",
            ["Förbund", "År", "Scenario", "Medlemsbidrag", "Staten %", "Regionen %"],
        ),
        "budget-mot-utfall": (
            "select federation_id, fiscal_year, budget_sek, outcome_sek, diff_sek, diff_pct "
            "from marts.rpt_budget_vs_outcome order by all",
            ["Förbund", "År", "Budget", "Utfall", "Avvikelse", "Avvikelse %"],
        ),
    }
    for table, (query, columns) in checks.items():
        expected = sorted(tuple(map(data_value, row)) for row in warehouse.execute(query).fetchall())
        shown = sorted(tuple(row[column].value for column in columns) for row in comparisons[table])
        assert shown == expected, table
        assert len(shown) > 0, table


def data_value(value) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def test_figures_read_in_swedish_and_link_to_their_line(comparisons):
    equity = {(r["Förbund"].value, r["År"].value): r for r in comparisons["eget-kapital"]}
    row = equity[("sodra_lappland", "2025")]
    # 1 973 000 / 3 678 000 × 100 = 53.64 (balance sheet and the year's contributions, annual report 2025)
    assert row["Eget kapital %"].value == "53.64" and plain(row["Eget kapital %"].text) == "53,6 %"
    assert plain(row["Eget kapital"].text) == "1 973 000 kr"
    assert row["Eget kapital"].href == (
        "dokument/sodra_lappland--sodra-lappland_arsredovisning-2025_ocr.txt.html#rad-1040"
    )
    assert row["Över rekommendationen"].text == "ja"
    costs = {(r["Förbund"].value, r["År"].value): r for r in comparisons["kostnad-per-deltagare"]}
    # 4 244 000 kr / 40 participants
    assert plain(costs[("sodra_lappland", "2025")]["Kostnad per deltagare"].text) == "106 100 kr"


def test_small_counts_are_hidden_exactly_as_in_the_nns_export(comparisons, exports):
    exits = comparisons["avslut"][0]
    export = (exports / "nns" / "2025" / "rpt_exit_outcomes.csv").read_text(encoding="utf-8").splitlines()
    header, values = export[0].split(","), export[1].split(",")
    exported = dict(zip(header, values, strict=True))
    for column, shown in (
        ("exits_to_work", "Till arbete"),
        ("work_pct", "Arbete %"),
        ("studies_pct", "Studier %"),
    ):
        assert exported[column] == "" and exits[shown].text == "dolt", column
    assert exported["positive_exit_pct"] == exits["Arbete eller studier %"].value == "40.00"


def test_the_overview_flags_what_is_outside_its_norm(exports):
    overview = {
        row["Förbund"].value: row for row in read_tables(exports / "report" / "index.html")["oversikt"]
    }
    sodra = overview["sodra_lappland"]
    assert sodra["År"].value == "2025"
    assert plain(sodra["Förändring"].text) == "-4,4 p.e." or plain(sodra["Eget kapital %"].text) == "53,6 %"
    assert "eget kapital 53,6 % över rekommenderat högst 20 %" in plain(sodra["Att titta på"].text)
    assert overview["solleftea"]["Att titta på"].text == "–"


def test_the_document_view_marks_the_printed_line_with_its_fact(exports):
    page = exports / "report" / "dokument" / "solleftea--solleftea_budget-2024.pdf.html"
    html = page.read_text(encoding="utf-8")
    row = html.split('id="rad-1-25"', 1)[1].split("</tr>", 1)[0]
    assert "Summa styrelse och kansli           732 000 kr 667 000 kr 667 000 kr" in row
    facts = html.split('id="rad-1-25"', 1)[1].split('class="facts-of-line"', 1)[1].split("</tr>", 1)[0]
    assert "konflikt" in facts and "printed 667 000; its parts (Kansli, Styrelse) sum to 687 000" in facts
    assert "solleftea_verksamhetsplan-2024.txt, rad 304" in facts  # the version that superseded it


def test_a_document_missing_from_the_landing_says_so(exports):
    page = exports / "report" / "dokument" / "sodra_lappland--sodra-lappland_arsredovisning-2025_ocr.txt.html"
    html = page.read_text(encoding="utf-8")
    assert "Dokumentet finns inte i landing-mappen" in html
    assert 'id="rad-1040"' in html and "Summa eget kapital" in html


def test_the_federation_page_lists_documents_conflicts_and_review(exports):
    html = (exports / "report" / "forbund" / "solleftea.html").read_text(encoding="utf-8")
    assert (
        "solleftea_budget-2024.pdf" in html
        and "printed 667 000; its parts (Kansli, Styrelse) sum to 687 000" in html
    )
    review = html.split('id="granskning"', 1)[1]
    assert review.split("</p>", 1)[0].endswith("<p>Inga.")  # every figure of the sample was placed


def test_every_table_downloads_as_swedish_csv(exports):
    data = (exports / "report" / "data" / "eget-kapital.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Förbund;År;Eget kapital;Medlemsbidrag;Eget kapital %")
    assert "sodra_lappland;2025;1973000;3678000;53,64;20,00;true;85,26" in lines


def test_mart_columns_carry_their_descriptions_as_comments(warehouse):
    missing = warehouse.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
        "and (comment is null or comment = '')"
    ).fetchall()
    assert missing == []
    described = describe(warehouse, "marts.rpt_equity")
    comments = dict((row[0], row[2]) for row in described.rows)
    assert len(comments) == 12 and all(comments.values())
    assert comments["equity_pct"].startswith("equity / contributions x 100")


def test_the_docs_site_is_one_file_with_every_model(exports):
    html = (exports / "docs" / "index.html").read_text(encoding="utf-8")
    assert "rpt_equity" in html and "equity / contributions x 100" in html
    assert '"send_anonymous_usage_stats": false' in html


def test_analyst_views_show_swedish_values(warehouse):
    scenarios = {
        row[0] for row in warehouse.execute("select distinct scenario from analyst.finansiering").fetchall()
    }
    assert scenarios == {"budget", "plan", "utfall"}
    areas = warehouse.execute(
        "select distinct malomrade, uppfyllelse from analyst.maluppfyllelse_per_indikator order by all"
    ).fetchall()
    assert ("Arbetssätt", "uppfylld") in areas and ("Individen", "ej uppfylld") in areas
    statuses = {
        row[0] for row in warehouse.execute("select distinct status from analyst.budgetrader").fetchall()
    }
    assert statuses <= {"verifierad", "ej verifierad", "konflikt", "rättad"} and "konflikt" in statuses


def test_the_quality_page_reads_at_a_glance(exports, warehouse):
    html = (exports / "quality" / "index.html").read_text(encoding="utf-8")
    expectations = warehouse.execute(
        "select count(*) from ops.dq_results where run_id = (select arg_max(run_id, checked_at) from ops.dq_results)"
    ).fetchone()[0]
    gx_failed, gx_warnings = warehouse.execute(
        "select count(*) filter (where not success and severity = 'error'), "
        "count(*) filter (where not success and severity = 'warning') "
        "from ops.dq_results where run_id = (select arg_max(run_id, checked_at) from ops.dq_results)"
    ).fetchone()
    dbt_tests, dbt_failed, dbt_warned = warehouse.execute(
        "select count(*) filter (where status <> 'skipped'), count(*) filter (where status in ('fail', 'error')), "
        "count(*) filter (where status = 'warn') from ops.dbt_test_results "
        "where run_id = (select arg_max(run_id, checked_at) from ops.dbt_test_results)"
    ).fetchone()
    # 44 `rules` tests (43 models and seeds, the warn-only rules of int_documents_unioned) and 2 singular
    assert dbt_tests == 46
    assert gx_warnings == 4  # equity, two kinds of budget-line conflict, conflicts per year
    summary = " ".join(plain(html.split('id="summary">', 1)[1].split("</p>", 1)[0]).split())
    checks = f"{expectations + dbt_tests:,}".replace(",", " ")
    warnings = gx_warnings + dbt_warned
    assert summary == f"{checks} checks run: {gx_failed + dbt_failed} failed, {warnings} warnings."
    findings = plain(html.split('id="findings"', 1)[1].split("</ul>", 1)[0])
    assert (
        "Södra Lappland 2025: equity 53,6 % of member contributions, above the recommended 20 %" in findings
    )
    assert (
        "Sollefteå 2025 plan: board_and_office_total printed as 667 000 kr, its parts sum to 687 000 kr"
        in findings
    )
    assert 'id="history"' in html and "dbt tests" in html
    assert "../report/index.html" in html
