"""Budget tables: a plan's budget (or a report's driftredovisning) into budget_line facts, rule by rule.

Tiny made-up tables with figures and short labels; the real plans are read in
test_extract_golden.py against their truth files.
"""

from __future__ import annotations

import pytest

from tests.extract.tiny_documents import facts_of, plan, report, review_lines, values_of

# --- units ------------------------------------------------------------------------------------------------------


def test_bare_small_figures_are_tkr():
    assert values_of("Budget 2031\nStyrelsen 265") == {(2031, "budget", "board_total", ""): 265000}


def test_figures_written_with_kr_are_kronor():
    assert values_of("   2031   2032\nStyrelse  65 000 kr  65 000 kr") == {
        (2031, "budget", "board_total", ""): 65000,
        (2032, "plan", "board_total", ""): 65000,
    }


def test_a_table_that_says_tkr_is_tkr_even_with_large_figures():
    values = values_of("Belopp i tkr\nBudget 2031\nSumma kostnader 250 000")
    assert values == {(2031, "budget", "total_costs", ""): 250000000}


def test_large_bare_figures_are_kronor():
    assert values_of("Budget 2031\nSumma kostnader 2500000") == {(2031, "budget", "total_costs", ""): 2500000}


def test_bare_years_before_the_plans_first_year_are_not_read():
    assert values_of("   2030 2031\nStyrelse 5 000 kr 6 000 kr") == {
        (2031, "budget", "board_total", ""): 6000
    }


# --- ambiguous spacing ------------------------------------------------------------------------------------------

AMBIGUOUS = """Budget 2031 Plan 2032 Plan 2033
Projektkostnader 570 1 500 1 500
 - Alfa        70 500       1 500
 - Beta       500     1 000     0"""


def test_one_space_ambiguity_is_resolved_by_the_totals():
    facts = facts_of(AMBIGUOUS)
    assert facts[(2031, "budget", "intervention", "alfa")].value == 70000
    assert facts[(2032, "plan", "intervention", "alfa")].value == 500000
    assert facts[(2033, "plan", "intervention", "alfa")].value == 1500000
    assert {f.status for f in facts.values()} == {"verified"}


def test_ambiguity_no_total_settles_is_reported_and_never_guessed():
    extraction = plan(AMBIGUOUS.replace("Projektkostnader 570 1 500 1 500", "Projektkostnader 9 9 9"))
    assert not [f for f in extraction.facts if f.item == "alfa"]
    (row,) = extraction.review
    assert row.source_line == "3"
    assert (
        row.reason == "ambiguous reading: 70 500 | 1 | 500 or 70 | 500 | 1 500; no printed total settles it"
    )


def test_two_equally_good_readings_are_reported():
    extraction = plan("Budget 2031 Plan 2032 Plan 2033\nProjektkostnader 70 500 1 500\n - Alfa 70 500 1 500")
    assert extraction.facts == []
    assert review_lines(extraction) == ["2", "3"]


def test_a_row_whose_figures_fit_no_column_is_reported_and_its_neighbours_read():
    extraction = plan("Budget 2031 Plan 2032\nStyrelsen 10 10\nLokalkostnader 35")
    assert {(f.fiscal_year, f.code) for f in extraction.facts} == {
        (2031, "board_total"),
        (2032, "board_total"),
    }
    (row,) = extraction.review
    assert (row.source_line, row.raw_label, row.raw_values) == ("3", "Lokalkostnader", "35")
    assert row.reason.startswith("ambiguous column")


# --- labels -----------------------------------------------------------------------------------------------------

MEMBERS = """Budget 2031
Finansiering från medlemmar 600
 - Lycksele kommun 100
 - Malå kommun 50
 - Region Västerbotten 150
 - Försäkringskassan 300
 - Eget kapital 40
 - ESF medel 10
Summa medel att disponera 650"""


def test_members_map_to_their_contribution_codes():
    values = values_of(MEMBERS)
    assert values[(2031, "budget", "contribution_municipality", "lycksele")] == 100000
    assert values[(2031, "budget", "contribution_municipality", "mala")] == 50000
    assert values[(2031, "budget", "contribution_region", "")] == 150000
    assert values[(2031, "budget", "contribution_state", "")] == 300000
    assert values[(2031, "budget", "equity_used", "")] == 40000
    assert values[(2031, "budget", "other_income", "esf")] == 10000


def test_members_and_their_total_verify_each_other():
    facts = facts_of(MEMBERS)
    assert {f.status for f in facts.values()} == {"verified"}
    region = facts[(2031, "budget", "contribution_region", "")]
    assert (region.raw_label, region.source_line) == ("- Region Västerbotten", "5")


def test_a_member_name_with_ocr_damage_is_still_found():
    assert (2031, "budget", "contribution_state", "") in values_of("Budget 2031\nForsdkringskassan 300")


def test_state_and_region_with_municipalities():
    values = values_of(
        "  2031  2032\nDriftbidrag från staten 10 000 kr 10 000 kr\n"
        "Driftbidrag från kommun och region 10 000 kr 10 000 kr\nSumma Driftbidrag 20 000 kr 20 000 kr",
        federation_id="solleftea",
    )
    assert values[(2031, "budget", "contribution_state", "")] == 10000
    assert values[(2032, "plan", "contribution_region_municipalities", "")] == 10000
    assert values[(2032, "plan", "contributions_total", "")] == 20000


INTERVENTIONS = """Budget 2031
Kostnader för insatser
Idéverkstad Alfa 30 000 kr
En väg vidare 20 000 kr
Ointecknade medel 50 000 kr
Summa kostnader för insatser 100 000 kr
Övriga kostnader
Kansli 60 000 kr"""


def test_rows_under_interventions_are_interventions_with_a_slug():
    facts = facts_of(INTERVENTIONS)
    assert facts[(2031, "budget", "intervention", "ideverkstad_alfa")].value == 30000
    assert facts[(2031, "budget", "intervention", "en_vag_vidare")].value == 20000
    assert facts[(2031, "budget", "unallocated", "")].value == 50000
    assert facts[(2031, "budget", "interventions_total", "")].status == "verified"
    assert facts[(2031, "budget", "office_total", "")].value == 60000


def test_the_same_word_maps_by_the_total_it_is_printed_under():
    values = values_of(
        "Budget 2031\nStyrelsen 30\n - Fasta arvoden 10\n - Övrigt 20\n"
        "Övriga administrativa kostnader 7\n - Revision 5\n - Övrigt 2"
    )
    assert values[(2031, "budget", "board_other", "")] == 20000
    assert values[(2031, "budget", "admin_other", "")] == 2000
    assert values[(2031, "budget", "admin_audit", "")] == 5000


def test_an_unmarked_name_under_a_total_printed_above_it_is_a_part_when_it_adds_up():
    facts = facts_of("Budget 2031\nProjektkostnader 5\nKompetenshöjande insats\npersonal 5")
    part = facts[(2031, "budget", "intervention", "kompetenshojande_insats_personal")]
    assert (part.value, part.status) == (5000, "verified")


def test_an_unknown_label_is_reported_and_still_counted_in_its_total():
    extraction = plan("Budget 2031\nStyrelsen 30\n - Fasta arvoden 10\n - Okänt 20")
    (row,) = extraction.review
    assert (row.source_line, row.raw_label, row.reason) == ("4", "- Okänt", "unknown label")
    assert {f.code: f.status for f in extraction.facts} == {
        "board_total": "verified",
        "board_fixed_fees": "verified",
    }


# --- reconciliation ---------------------------------------------------------------------------------------------

BOARD_AND_RESULT = """   2031   2032
Summa Driftbidrag  800 kr  800 kr
Kansli   600 kr  620 kr
Styrelse   100 kr  100 kr
Summa styrelse och kansli  700 kr  700 kr
Övriga finansiella kostnader  100 kr  100 kr
Årets resultat  0 kr  0 kr"""


def test_a_total_that_adds_up_verifies_it_and_its_parts():
    facts = facts_of(BOARD_AND_RESULT)
    assert facts[(2031, "budget", "board_and_office_total", "")].status == "verified"
    assert facts[(2031, "budget", "result", "")].status == "verified"
    assert facts[(2031, "budget", "financial_costs", "")].status == "verified"


def test_a_total_that_contradicts_its_parts_keeps_its_value_and_says_both():
    facts = facts_of(BOARD_AND_RESULT)
    total = facts[(2032, "plan", "board_and_office_total", "")]
    assert (total.value, total.status) == (700, "conflict")
    assert total.message == "printed 700; its parts (Kansli, Styrelse) sum to 720"
    assert facts[(2032, "plan", "office_total", "")].status == "unverified"


def test_a_result_that_is_not_income_minus_costs_is_a_conflict():
    facts = facts_of("Budget 2031\nSumma intäkter 100\nSumma kostnader 90\nÅrets resultat 0")
    result = facts[(2031, "budget", "result", "")]
    assert (result.status, result.message) == (
        "conflict",
        "printed 0; income less costs as printed is 10 000",
    )


def test_figures_with_nothing_to_check_stay_unverified():
    assert (
        facts_of("Budget 2031\nLokalkostnader 35")[(2031, "budget", "premises_total", "")].status
        == "unverified"
    )


# --- printed twice ----------------------------------------------------------------------------------------------


def test_a_document_printed_twice_gives_each_figure_once():
    once = "Budget 2031\nStyrelsen 30\n - Fasta arvoden 10\n - Övrigt 20"
    extraction = plan(f"{once}\n\n\n\n\n\n\n{once}")
    assert sorted(f.source_line for f in extraction.facts) == ["2", "3", "4"]
    assert {f.status for f in extraction.facts} == {"verified"}
    assert extraction.review == []


def test_a_reprint_with_another_value_is_a_conflict_naming_both():
    extraction = plan("Budget 2031\nStyrelsen 30\n\n\n\n\n\n\nBudget 2031\nStyrelsen 31")
    (fact,) = extraction.facts
    assert (fact.value, fact.status, fact.message) == (
        30000,
        "conflict",
        "printed 30000 here and 31000 at line 10",
    )
    assert review_lines(extraction) == ["10"]


# --- prose ------------------------------------------------------------------------------------------------------

PROSE = """Ekonomi

Förbundets totala medelstilldelning år 2031 blir 1 000 tkr.
Försäkringskassan har beviljat 500 tkr för 2031. Kommunerna och regionen
tillskjuter tillsammans 500 tkr. Vi har begärt utökad medelstilldelning med 40 000 tkr.
I hela landet uppgår den totala satsningen till 900 tkr."""


def test_totals_stated_only_in_prose_become_facts():
    facts = facts_of(PROSE)
    assert {key: (f.value, f.status) for key, f in facts.items()} == {
        (2031, "budget", "contributions_total", ""): (1000000, "verified"),
        (2031, "budget", "contribution_state", ""): (500000, "verified"),
        (2031, "budget", "contribution_region_municipalities", ""): (500000, "verified"),
    }
    assert facts[(2031, "budget", "contribution_region_municipalities", "")].source_line == "5"


@pytest.mark.parametrize(
    "sentence",
    [
        "Medlemmarnas tilldelning till förbundet 2025 uppgick till 3 678 000 kronor.",
        "Bidragen från förbundsmedlemmarna uppgick till 3 678 000 kronor.",
        "Årets driftsbidrag från medlemmarna uppgick till 3 678 tkr.",
    ],
)
def test_a_report_stating_the_members_contributions_in_a_sentence_gives_their_total(sentence):
    extraction = report(f"Samordningsförbundet Södra Lappland\nÅrsredovisning 2025\n\n{sentence}\n")
    assert [(f.fiscal_year, f.scenario, f.code, f.value, f.source_line) for f in extraction.facts] == [
        (2025, "outcome", "contributions_total", 3678000, "4")
    ]


def test_a_requested_amount_is_no_fact_and_is_reported():
    extraction = plan(PROSE)
    assert all(fact.value != 40000000 for fact in extraction.facts)
    (row,) = extraction.review
    assert row.source_line == "5" and "requested or conditional" in row.reason


def test_a_part_larger_than_its_total_is_a_typo_and_is_reported():
    extraction = plan(
        "Förbundets totala medelstilldelning år 2031 blir 1 000 tkr. Staten bidrar med 5 000 tkr."
    )
    assert [f.code for f in extraction.facts] == ["contributions_total"]
    assert "more than the total" in extraction.review[0].reason


def test_an_amount_the_budget_carries_after_a_conditional_one_is_the_states():
    text = (
        "Den statliga tilldelningen kan bli 600 tkr om ansökan beviljas. Tills vidare har 400 tkr "
        "tagits upp i budgeten.\nKommun och region tillskjuter 400 tkr. Totalt blir bidragen 800 tkr."
    )
    assert values_of(text)[(2031, "budget", "contribution_state", "")] == 400000
