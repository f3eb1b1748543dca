"""The annual-report economy extractor: one rule per test on tiny fixtures, and a golden test on the
real OCR document against its hand transcription."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from textwrap import dedent

import pytest

from pipelines.extract.accuracy import measure, read_expected
from pipelines.extract.annual_report import extract_annual_report
from pipelines.extract.classify import classify
from pipelines.extract.model import Document, Extraction, Line
from pipelines.extract.reading import read_lines
from pipelines.extract.report_cells import cut_row, split_cells
from tests.conftest import SHARED_DOCUMENTS

REPORT = "sodra-lappland_arsredovisning-2025_ocr.txt"
ANSWER_KEY = (
    Path(__file__).resolve().parents[1]
    / "landing"
    / "sodra_lappland"
    / "sodra-lappland_arsredovisning-2025_ocr.economy.facts.csv"
)

INCOME_STATEMENT = """
    Resultaträkning
    Belopp i tkr Not 2024 2025
    Verksamhetens intäkter 1 4052 3998
    Verksamhetens kostnader 2 -4 057 -4 244
    Avskrivningar 0 0
    Verksamhetens nettokostnader -5 -246
    Finansiella intäkter 3 13 41
    Finansiella kostnader 4 -1 0
    Resultat efter finansiella poster 7 -206
    Extraordinära poster - -
    Årets resultat 7 -206
"""


def report(text: str, year: int = 2025) -> Extraction:
    lines = dedent(text).strip("\n").splitlines()
    document = Document(
        "fixture.txt",
        tuple(Line(index, str(index + 1), line) for index, line in enumerate(lines)),
        federation_id="sodra_lappland",
        kind="arsredovisning",
        fiscal_year=year,
    )
    return extract_annual_report(document)


def facts(text: str, year: int = 2025) -> dict[tuple, object]:
    return {(f.code, f.item, f.fiscal_year, f.scenario): f for f in report(text, year).facts}


def value(found: dict, code: str, year: int, item: str = "", scenario: str = "outcome") -> Decimal:
    return found[(code, item, year, scenario)].value


# --- figures on a printed row -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "count", "note", "expected"),
    [
        ("Verksamhetens kostnader 2 -4 057 -4 244", 2, "optional", (2, ["-4057", "-4244"])),
        ("Verksamhetens intäkter 1 4052 3998", 2, "optional", (1, ["4052", "3998"])),
        ("Avskrivningar 0 0", 2, "optional", (None, ["0", "0"])),
        ("Individinriktade 2516 000 59,28%", 2, "never", (None, ["2516000", "59.28"])),
        ("Antal 0* o* o*", 3, "never", (None, ["0", "0", "0"])),
        ("Skatteintäkter - -", 2, "optional", (None, ["0", "0"])),
        ("Fordringar    5      709      900", 2, "optional", (5, ["709", "900"])),
    ],
)
def test_a_row_splits_into_exactly_its_columns(line, count, note, expected):
    row = cut_row(line)
    split = split_cells(row.figures, count, note, row.wide)
    assert (split.note, [str(cell.value) for cell in split.cells]) == expected
    assert not split.ambiguous


def test_a_row_that_splits_two_ways_keeps_both_readings():
    row = cut_row("Summa 2 751 2 314")
    split = split_cells(row.figures, 2, "optional", row.wide)
    readings = {(s.note, tuple(str(c.value) for c in s.cells)) for s in split.alternatives}
    assert readings == {(2, ("751", "2314")), (None, ("2751", "2314"))}


def test_a_layout_row_never_joins_figures_across_a_gap_or_splits_one_chunk():
    row = cut_row("- En väg vidare          1 152")
    assert split_cells(row.figures, 2, "never", row.wide) is None


# --- columns: years, notes, layouts ---------------------------------------------------------------


@pytest.mark.parametrize("header", ["Belopp i tkr Not 2024 2025", "Belopp i tkr Not 2025 2024"])
def test_columns_follow_the_years_in_the_header(header):
    figures = "4052 3998" if header.endswith("2025") else "3998 4052"
    found = facts(f"Resultaträkning\n{header}\nVerksamhetens intäkter 1 {figures}")
    assert value(found, "rr_operating_income", 2024) == 4052000
    assert value(found, "rr_operating_income", 2025) == 3998000


def test_the_note_column_is_not_a_figure():
    found = facts(INCOME_STATEMENT)
    assert value(found, "rr_operating_costs", 2024) == 4057000  # `2 -4 057`: note 2, costs as magnitude
    assert value(found, "rr_financial_income", 2025) == 41000  # `3 13 41`
    assert value(found, "rr_extraordinary", 2025) == 0  # printed `-`


def test_five_year_overview_reads_years_in_printed_order():
    found = facts(
        """
        Översikt över verksamhetens utveckling
        2021 2022 2023 2024 2025
        Verksamhetens intäkter 3760 3760 3752 4052 3998
        Verksamhetens kostnader -4428 -3626 -4249 -4057 -4244
        Årets resultat -669 134 -497 7 -206
        Soliditet 94% 94% 72% 79% 85%
        Antal anställda o* o* o* o* 0*
        """
    )
    assert value(found, "kf_operating_income", 2021) == 3760000
    assert value(found, "kf_operating_costs", 2025) == 4244000
    assert value(found, "kf_soliditet", 2024) == 79
    assert value(found, "kf_employees", 2022) == 0
    assert found[("kf_result", "", 2023, "outcome")].status == "verified"  # 3752 - 4249 = -497
    assert found[("kf_result", "", 2021, "outcome")].status == "unverified"  # overview omits financial items


# --- identities -----------------------------------------------------------------------------------


def test_a_total_contradicting_its_parts_is_a_conflict_with_both_numbers():
    found = facts(INCOME_STATEMENT)
    after = found[("rr_result_after_financial", "", 2025, "outcome")]
    assert after.status == "conflict"
    assert after.message == "printed -206000, parts sum to -205000"
    assert found[("rr_financial_income", "", 2025, "outcome")].status == "unverified"
    assert found[("rr_net_operating_costs", "", 2025, "outcome")].status == "verified"
    assert found[("rr_result", "", 2025, "outcome")].status == "verified"
    assert found[("rr_result_after_financial", "", 2024, "outcome")].status == "verified"


def test_a_total_missing_a_part_printed_in_another_column_is_not_a_conflict():
    found = facts(
        """
        Driftredovisning
        Belopp i tkr Utfall 2024 Utfall 2025
        Styrelsen 155
        Lokalkostnader 50 46
        Summa kostnader 211 201
        """
    )
    assert ("board_total", "", 2024, "outcome") not in found  # one figure, two columns: not guessed
    total = found[("total_costs", "", 2025, "outcome")]
    assert total.status != "conflict"
    assert "could not be read" in total.message


# --- label and value blocks paired by arithmetic --------------------------------------------------

BALANCE_SHEET_BLOCKS = """
    Balansräkning
    Belopp i tkr
    TILLGÅNGAR
    Materiella anläggningstillgångar
    Summa anläggningstillgångar
    Förråd

    Fordringar
    Kassa och bank
    Summa omsättningstillgångar
    Summa tillgångar
    EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER
    Årets resultat
    Övrigt eget kapital
    Summa eget kapital
    Långfristiga skulder
    Kortfristiga skulder
    Summa skulder
    Summa eget kapital, avsättningar och skulder
    Bokslut Bokslut
    2024 2025
    120 100
    120 100
    15 10
    400 500

    1 600 1 700
    2 015 2 210
    2 135 2 310

    50 -30
    1 500 1 550
    1 550 1 520
    300 280
    285 510
    585 790
    2 135 2 310
"""


def test_label_and_value_blocks_are_paired_by_the_arithmetic():
    found = facts(BALANCE_SHEET_BLOCKS)
    assert value(found, "br_tangible_assets", 2025) == 100000
    assert value(found, "br_inventory", 2024) == 15000
    assert value(found, "br_cash", 2025) == 1700000
    assert value(found, "br_equity_other", 2024) == 1500000
    assert value(found, "br_liabilities_long", 2025) == 280000
    assert value(found, "br_equity_and_liabilities_total", 2025) == 2310000
    assert {f.status for f in found.values()} == {"verified"}


def test_a_pairing_the_arithmetic_cannot_decide_is_unverified():
    found = facts(
        """
        Balansräkning
        Årets resultat
        Resultatutjämningsreserv
        Övrigt eget kapital
        Summa eget kapital
        Bokslut Bokslut
        2024 2025
        7 -206
        2172 2179
        2179 1973
        """
    )
    other = found[("br_equity_other", "", 2024, "outcome")]  # or the reserve: both add up
    assert (other.value, other.status) == (2172000, "unverified")
    assert "another row" in other.message
    assert found[("br_equity_total", "", 2024, "outcome")].status == "verified"


def test_a_note_reference_on_a_value_line_names_its_row():
    found = facts(
        """
        Balansräkning
        Långfristiga skulder
        Kortfristiga skulder
        Summa skulder
        Bokslut Bokslut
        2024 2025
        Not 7 571 342
        571 342
        Noter
        7. Kortfristiga skulder
        """
    )
    assert found[("br_liabilities_short", "", 2025, "outcome")].status == "verified"
    assert ("br_liabilities_long", "", 2025, "outcome") not in found


def test_unreadable_figures_are_reported_and_their_neighbours_not_guessed():
    extraction = report(
        """
        Driftredovisning
        Styrelsen
        - Fasta arvoden
        - Arbetsgivaravgifter
        - Övrigt
        Lokalkostnader
        Summa kostnader
        Utfall
        2025
        155
        122
        IR
        46
        201
        """
    )
    found = {(f.code, f.fiscal_year): f for f in extraction.facts}
    assert found[("board_total", 2025)].value == 155000
    assert found[("board_total", 2025)].status == "verified"  # 155 + 46 = 201
    assert not any(code.startswith("board_") and code != "board_total" for code, _ in found)
    assert {region.first_line for region in extraction.unread} >= {"12", "11"}


def test_more_figures_than_rows_are_reported_not_placed():
    extraction = report(
        """
        Balansräkning
        Fordringar
        Kassa och bank
        Bokslut Bokslut
        2024 2025
        1 2
        3 4
        5 6
        """
    )
    assert not extraction.facts
    assert any("could not be paired" in region.reason for region in extraction.unread)


# --- units decided by arithmetic, not by the header ------------------------------------------------


def test_a_cash_flow_headed_kr_but_printed_in_tkr_is_read_as_tkr():
    found = facts(
        INCOME_STATEMENT
        + """
        Kassaflödesanalys
        Belopp i kr. 2024 2025
        Årets resultat 7 -206
        Förändring av omsättningstillgångar -271 -191
        Förändring av kortfristiga skulder -292 -231
        Kassaflöde från drift -556 -628
        Årets kassaflöde -556 -628
        Likvida medel vid årets början 2598 2042
        Likvida medel vid årets slut 2042 1414
        """
    )
    assert value(found, "cf_result", 2025) == -206000
    assert value(found, "cf_cash_closing", 2025) == 1414000
    assert found[("cf_cash_opening", "", 2025, "outcome")].status == "verified"


def test_a_cost_distribution_headed_tkr_but_printed_in_kronor_is_read_as_kronor():
    found = facts(
        INCOME_STATEMENT
        + """
        Kostnadsfördelning
        Kostnadsindelning Belopp i tkr Procent
        Administration 729 600 17,20%
        Individinriktade insatser 2516 000 59,28%
        Strukturövergripande insatser 998 400 23,52 %
        Summa 4244 000 100 %
        """
    )
    assert value(found, "cd_administration", 2025) == 729600
    total = found[("cd_total", "", 2025, "outcome")]
    assert (total.value, total.status) == (4244000, "verified")


# --- driftredovisning -----------------------------------------------------------------------------


def test_follow_up_summary_skips_the_deviation_and_flags_the_budget_result():
    found = facts(
        """
        Driftredovisning
        Belopp tkr Utfall jan-dec Aktuell budget Avvikelse utfall Bokslut helår
        2025 Jan-dec 2025 budget 2024
        Nettokostnad 4244 4346 -102 4057
        Bidrag/intäkt 3998 3998 0 4052
        Resultat -246 -368 +122 -5
        Utgående eget 1973 0 1973 2179
        kapital
        """
    )
    assert value(found, "total_costs", 2025, scenario="budget") == 4346000
    assert value(found, "total_costs", 2024) == 4057000
    assert value(found, "equity_closing", 2024) == 2179000
    budget = found[("result", "", 2025, "budget")]
    assert (budget.status, budget.message) == ("conflict", "printed -368000, parts sum to -348000")
    assert found[("result", "", 2025, "outcome")].status == "verified"
    assert len([f for f in found.values() if f.fiscal_year == 2025]) == 8  # no deviation column


def test_follow_up_detail_in_column_blocks():
    found = facts(
        """
        Driftredovisning
        Finansiering från medlemmar
        - Lycksele kommun
        - Malå kommun
        - Region Västerbotten
        - Försäkringskassan
        - Skellefteå Samordningsförbund
        Kansli och administration
        Personalkostnader
        - Verkställande tjänsteperson
        Summa kostnader
        Utfall
        2024
        1 000
        100
        50
        150
        300
        400
        600
        600
        900
        Utfall
        2025
        1 100
        110
        55
        165
        330
        440
        700
        700
        950
        """
    )
    assert value(found, "income_total", 2024) == 1000000  # includes the non-member row
    assert value(found, "contribution_municipality", 2025, item="mala") == 55000
    assert value(found, "contribution_state", 2024) == 300000
    assert value(found, "other_income", 2025, item="skelleftea_samordningsforbund") == 440000
    assert value(found, "office_director", 2025) == 700000
    assert found[("income_total", "", 2025, "outcome")].status == "verified"


def test_member_contributions_stated_in_prose():
    found = facts("Årets tilldelning från medlemmarna var 3 678 000 kronor.")
    assert value(found, "contributions_total", 2025) == 3678000


# --- a clean text layer: labels and figures on the same line ---------------------------------------


def test_a_clean_layout_with_notes_and_an_empty_cell():
    found = facts(
        """
        Balansräkning
        Belopp i tkr              Not      2024      2025
        Fordringar                  5       709       900
        Kassa och bank              6     2 042     1 414
        Summa omsättningstillgångar       2 751     2 314
        Summa tillgångar                  2 751     2 314
        Driftredovisning
        Belopp i tkr          Utfall 2024  Utfall 2025
        Projektkostnader            1 302        1 900
        - En väg vidare             1 152
        - Samordningsfunktion                    1 750
        - SOKA projekt                150          150
        """
    )
    assert value(found, "br_cash", 2024) == 2042000
    assert found[("br_assets_total", "", 2025, "outcome")].status == "verified"
    assert value(found, "intervention", 2024, item="en_vag_vidare") == 1152000
    assert value(found, "intervention", 2025, item="samordningsfunktion") == 1750000
    assert ("intervention", "en_vag_vidare", 2025, "outcome") not in found
    assert found[("interventions_total", "", 2025, "outcome")].status == "verified"


def test_the_same_figures_single_spaced_resolve_note_or_thousands_by_arithmetic():
    found = facts(
        """
        Balansräkning
        Belopp i tkr Not 2024 2025
        Fordringar 5 709 900
        Kassa och bank 6 2 042 1 414
        Summa omsättningstillgångar 2 751 2 314
        Summa tillgångar 2 751 2 314
        """
    )
    assert value(found, "br_receivables", 2024) == 709000
    assert value(found, "br_current_assets_total", 2024) == 2751000
    assert value(found, "br_assets_total", 2025) == 2314000


# --- the development document ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def golden():
    if not SHARED_DOCUMENTS.exists():
        pytest.skip("the shared development documents are not here")
    path = SHARED_DOCUMENTS / REPORT
    return extract_annual_report(classify(path.name, read_lines(path)))


def test_golden_document_matches_its_hand_transcription(golden):
    extraction = golden
    expected = read_expected([ANSWER_KEY], REPORT)
    accuracy = measure(extraction.facts, expected, record_types=("statement", "budget_line"))
    assert accuracy.rate >= 0.98, accuracy.report()
    assert not accuracy.wrong_but_verified, accuracy.report()


def test_golden_document_conflicts(golden):
    extraction = golden
    conflicts = {
        (f.code, f.fiscal_year, f.scenario): f.message for f in extraction.facts if f.status == "conflict"
    }
    assert conflicts == {
        ("rr_result_after_financial", 2025, "outcome"): "printed -206000, parts sum to -205000",
        ("br_equity_and_liabilities_total", 2024, "outcome"): "printed 2751000, parts sum to 2750000",
        ("br_equity_and_liabilities_total", 2025, "outcome"): "printed 2314000, parts sum to 2315000",
        ("result", 2025, "budget"): "printed -368000, parts sum to -348000",
    }


def test_golden_document_reports_its_garbled_figures(golden):
    assert {region.first_line for region in golden.unread} == {"1224", "1226", "1227"}


def test_a_member_named_like_the_federation_is_a_row_not_the_page_header():
    """In Samordningsförbundet i Sollefteå, `Sollefteå kommun 1 416` is a member's row."""
    from pipelines.extract.report_layout import _furniture_names, _is_furniture

    document = Document("x.txt", (), federation_id="solleftea", kind="arsredovisning", fiscal_year=2025)
    furniture = _furniture_names(document)
    assert _is_furniture("Sollefteå", furniture) and _is_furniture("  Sollefteå   12", furniture)
    assert not _is_furniture("Sollefteå kommun   1 416   1 416", furniture)
    assert _is_furniture("Signering av justerare", furniture)
