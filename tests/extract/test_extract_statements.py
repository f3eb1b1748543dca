"""Annual-report economy: the income statement, balance sheet, cash flow, overview and cost distribution
by their LKBR identities, and a driftredovisning, one rule a test on tiny made-up tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.extract.tiny_documents import report

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


def facts(text: str, year: int = 2025) -> dict[tuple, object]:
    return {(f.code, f.item, f.fiscal_year, f.scenario): f for f in report(text, year).facts}


def value(found: dict, code: str, year: int, item: str = "", scenario: str = "outcome") -> Decimal:
    return found[(code, item, year, scenario)].value


# --- columns: years, notes ------------------------------------------------------------------------------------


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


def test_a_statement_that_adds_up_is_verified_line_by_line():
    found = facts(INCOME_STATEMENT)
    assert {f.status for f in found.values()} == {"verified"}  # -246 + 41 - 0 = -205: within tkr rounding


def test_a_statement_line_contradicting_its_parts_is_a_conflict_with_both_numbers():
    found = facts(INCOME_STATEMENT.replace("Årets resultat 7 -206", "Årets resultat 7 -230"))
    result = found[("rr_result", "", 2025, "outcome")]
    assert (result.value, result.status) == (-230000, "conflict")
    assert "-230 000" in result.message and "-206 000" in result.message


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
    # the overview leaves out financial items: 4052 - 4057 is not 7, which is no contradiction
    assert found[("kf_result", "", 2024, "outcome")].status == "unverified"


def test_a_row_with_one_figure_under_two_columns_leaves_the_total_unchecked():
    extraction = report(
        """
        Driftredovisning
        Belopp i tkr Utfall 2024 Utfall 2025
        Styrelsen 155
        Lokalkostnader 50 46
        Summa kostnader 211 201
        """
    )
    found = {(f.code, f.fiscal_year): f for f in extraction.facts}
    assert ("board_total", 2024) not in found and ("board_total", 2025) not in found
    assert {found[("total_costs", year)].status for year in (2024, 2025)} == {"unverified"}
    (row,) = extraction.review
    assert (row.source_line, row.raw_label) == ("3", "Styrelsen")


# --- label and value blocks paired by arithmetic --------------------------------------------------------------

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
    assert found[("br_cash", "", 2025, "outcome")].source_line == "27"  # the figure's own line


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
    result = found[("br_equity_result", "", 2024, "outcome")]  # or the reserve below it: both add up
    assert (result.value, result.status) == (7000, "unverified")
    assert "the arithmetic allows another row" in result.message
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


def test_a_garbled_figure_keeps_its_row_and_goes_to_review():
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
    found = {f.code: f for f in extraction.facts}
    assert (found["board_total"].value, found["board_total"].status) == (155000, "verified")  # 155 + 46 = 201
    assert found["board_fixed_fees"].status == "unverified"  # its sibling could not be read
    (row,) = extraction.review
    assert (row.source_line, row.raw_label) == ("12", "- Arbetsgivaravgifter")
    assert row.reason.startswith("unreadable figure")


def test_more_figures_than_rows_are_reported_not_placed():
    extraction = report(
        "Balansräkning\nFordringar\nKassa och bank\nBokslut Bokslut\n2024 2025\n1 2\n3 4\n5 6"
    )
    assert extraction.facts == []
    assert [(r.source_line, r.reason) for r in extraction.review] == [
        ("6", "figures not paired with a label"),
        ("7", "figures not paired with a label"),
        ("8", "figures not paired with a label"),
    ]


# --- units decided by arithmetic, not by the header ----------------------------------------------------------


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
    assert "read in tkr" in found[("cf_cash_opening", "", 2025, "outcome")].message


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


# --- driftredovisning ----------------------------------------------------------------------------------------


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
    assert (budget.status, budget.message) == (
        "conflict",
        "printed -368 000; income less costs as printed is -348 000",
    )
    assert len([f for f in found.values() if f.fiscal_year == 2025]) == 8  # no deviation column


def test_follow_up_detail_in_column_blocks_with_members_and_other_income():
    found = facts(
        """
        Driftredovisning
        Finansiering från medlemmar
        - Lycksele kommun
        - Malå kommun
        - Region Västerbotten
        - Försäkringskassan
        - Skellefteå Samordningsförbund
        Summa kostnader
        Utfall
        2024
        1 000
        100
        50
        150
        300
        400
        900
        Utfall
        2025
        1 100
        110
        55
        165
        330
        440
        950
        """
    )
    assert value(found, "income_total", 2024) == 1000000  # includes the non-member row
    assert value(found, "contribution_municipality", 2025, item="mala") == 55000
    assert value(found, "contribution_state", 2024) == 300000
    assert value(found, "other_income", 2025, item="skelleftea_samordningsforbund") == 440000
    assert found[("income_total", "", 2025, "outcome")].status == "verified"


def test_other_income_the_text_gives_esf_money_is_esf():
    found = facts(
        """
        Driftredovisning
        Belopp i tkr   Utfall 2025
        Finansiering från medlemmar   1 100
        - Försäkringskassan   660
        - Skellefteå Samordningsförbund   440

        Under året kom 440 000 kr ESF medel via Skellefteå.
        """
    )
    esf = found[("other_income", "esf", 2025, "outcome")]
    assert (esf.value, esf.status) == (440000, "verified")
    assert "ESF" in esf.message


def test_member_contributions_stated_in_prose():
    found = facts("Årets tilldelning från medlemmarna var 3 678 000 kronor.")
    assert value(found, "contributions_total", 2025) == 3678000


BALANCE_SPACED = """
    Balansräkning
    Belopp i tkr              Not      2024      2025
    Fordringar                  5       709       900
    Kassa och bank              6     2 042     1 414
    Summa omsättningstillgångar       2 751     2 314
    Summa tillgångar                  2 751     2 314
"""
# the same figures as OCR prints them: one space everywhere, a note or a thousands group alike
BALANCE_SINGLE_SPACED = "\n".join(" ".join(line.split()) for line in BALANCE_SPACED.split("\n"))


@pytest.mark.parametrize("text", [BALANCE_SPACED, BALANCE_SINGLE_SPACED], ids=["spaced", "single-spaced"])
def test_a_note_column_and_thousands_groups_are_told_apart(text):
    found = facts(text)
    assert value(found, "br_receivables", 2024) == 709000
    assert value(found, "br_cash", 2024) == 2042000
    assert value(found, "br_current_assets_total", 2024) == 2751000
    assert found[("br_assets_total", "", 2025, "outcome")].status == "verified"


def test_an_empty_cell_in_a_laid_out_table_adds_nothing():
    found = facts(
        """
        Driftredovisning
        Belopp i tkr          Utfall 2024  Utfall 2025
        Projektkostnader            1 302        1 900
        - En väg vidare             1 152
        - Samordningsfunktion                    1 750
        - SOKA projekt                150          150
        """
    )
    assert value(found, "intervention", 2024, item="en_vag_vidare") == 1152000
    assert value(found, "intervention", 2025, item="samordningsfunktion") == 1750000
    assert ("intervention", "en_vag_vidare", 2025, "outcome") not in found
    assert found[("interventions_total", "", 2025, "outcome")].status == "verified"
