"""The budget extractor: a verksamhetsplan's budget table (or budget sentences) into facts.

Unit tests use tiny made-up tables (figures and short labels only); the golden
tests read the real plans from ../shared/documents when that folder exists.
"""

from decimal import Decimal

import pytest

from pipelines.extract.accuracy import measure, read_expected
from pipelines.extract.budget import extract_budget
from pipelines.extract.budget_layout import header_columns, row_readings, split_row
from pipelines.extract.classify import classify
from pipelines.extract.model import Document, Line
from pipelines.extract.reading import read_lines
from pipelines.settings import PROJECT_ROOT
from tests.conftest import SHARED_DOCUMENTS


def plan(text: str, federation_id: str = "sodra_lappland", fiscal_year: int = 2031) -> Document:
    lines = tuple(Line(index, str(index + 1), raw) for index, raw in enumerate(text.split("\n")))
    return Document("plan.txt", lines, federation_id, "verksamhetsplan", fiscal_year)


def facts_of(text: str, **document) -> dict[tuple, object]:
    """(year, scenario, code, item) → fact."""
    extraction = extract_budget(plan(text, **document))
    return {(f.fiscal_year, f.scenario, f.code, f.item): f for f in extraction.facts}


def values_of(text: str, **document) -> dict[tuple, Decimal]:
    return {key: fact.value for key, fact in facts_of(text, **document).items()}


# --- header ---------------------------------------------------------------------------------------------------


def test_a_stale_title_in_front_of_the_header_is_left_out():
    columns = header_columns("Budget 2030 plan 2031–2032 Budget 2030 Budget 2031 Plan 2032 Plan 2033", 2031)
    assert [(c.year, c.scenario) for c in columns] == [
        (2030, "budget"),
        (2031, "budget"),
        (2032, "plan"),
        (2033, "plan"),
    ]


def test_bare_years_are_budget_for_the_plans_first_year_and_plan_after():
    columns = header_columns("Intäkter   2031 2032 2033", 2031)
    assert [(c.year, c.scenario) for c in columns] == [(2031, "budget"), (2032, "plan"), (2033, "plan")]


def test_outcome_and_current_budget_words():
    columns = header_columns("Utfall 2029   Aktuell budget 2030   Budget 2031", 2031)
    assert [c.scenario for c in columns] == ["outcome", "budget", "budget"]


@pytest.mark.parametrize("text", ["Budget 2031-2032", "Mål 2031", "Sida 2 av 12", "Budget 2031 ........ 4"])
def test_titles_ranges_and_contents_lines_are_no_header(text):
    assert header_columns(text, 2031) is None


def test_a_header_on_two_lines_takes_its_scenarios_from_the_upper_line():
    columns = header_columns("        2030     2031     2032", 2031, above="        Utfall   Budget   Plan")
    assert [(c.year, c.scenario) for c in columns] == [(2030, "outcome"), (2031, "budget"), (2032, "plan")]


def test_bare_years_before_the_plans_first_year_are_not_read():
    columns = header_columns("   2030 2031 2032", 2031)
    assert [(c.year, c.scenario) for c in columns] == [(2030, None), (2031, "budget"), (2032, "plan")]
    assert values_of("   2030 2031\nStyrelse 5 000 kr 6 000 kr") == {
        (2031, "budget", "board_total", ""): 6000
    }


def test_a_stale_title_row_on_its_own_line_is_replaced_by_the_real_header():
    values = values_of("Budget 2030 plan 2031-2032\nBudget 2031 Plan 2032\nStyrelsen 10 20")
    assert values == {(2031, "budget", "board_total", ""): 10000, (2032, "plan", "board_total", ""): 20000}


# --- row readings -----------------------------------------------------------------------------------------------


def test_one_space_pairs_give_every_reading_with_the_right_count():
    row = split_row(" - Alfa      70 500       1 500       1 500")
    readings = {reading.values for reading in row_readings(row, 4)}
    assert readings == {(70, 500, 1500, 1500), (70500, 1, 500, 1500), (70500, 1500, 1, 500)}


def test_thousands_groups_join_and_kr_separates():
    row = split_row("Alfa  1 010 000        0 kr 0 kr")
    assert [reading.values for reading in row_readings(row, 3)] == [(1010000, 0, 0)]
    assert row.label == "Alfa" and row.units == {"kr"}


def test_a_zero_never_starts_a_thousands_group():
    row = split_row("Alfa        0 956       956      956")
    [reading] = row_readings(row, 4)
    assert reading.values == (0, 956, 956, 956)
    assert reading.notes[0][2] == 'split "0 956" as 0 | 956'


def test_a_label_ending_in_a_version_number_keeps_it():
    row = split_row(" - SIKT 2.0        170 0     0     0")
    assert row.label == "SIKT 2.0"
    assert [reading.values for reading in row_readings(row, 4)] == [(170, 0, 0, 0)]


def test_tab_separated_cells_are_one_value_each_and_empty_cells_are_empty():
    row = split_row("Alfa\t1 800\t\t300")
    assert [reading.values for reading in row_readings(row, 3)] == [(1800, None, 300)]


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


# --- ambiguous spacing ----------------------------------------------------------------------------------------

AMBIGUOUS = """Budget 2031 Plan 2032 Plan 2033
Projektkostnader 570 1 500 1 500
 - Alfa        70 500       1 500
 - Beta       500     1 000     0"""


def test_one_space_ambiguity_is_resolved_by_the_totals_and_said():
    facts = facts_of(AMBIGUOUS)
    alfa = facts[(2031, "budget", "intervention", "alfa")]
    assert alfa.value == 70000 and alfa.status == "verified"
    assert alfa.message == 'split "70 500" as 70 | 500 so that the parts add up to 570000'
    assert facts[(2032, "plan", "intervention", "alfa")].value == 500000
    assert facts[(2033, "plan", "intervention", "alfa")].value == 1500000
    assert facts[(2031, "budget", "interventions_total", "")].status == "verified"


def test_ambiguity_no_total_settles_is_reported_and_never_guessed():
    text = AMBIGUOUS.replace("Projektkostnader 570 1 500 1 500", "Projektkostnader 9 9 9")
    extraction = extract_budget(plan(text))
    assert not [f for f in extraction.facts if f.item == "alfa"]
    assert [region.first_line for region in extraction.unread] == ["3"]
    assert "70 | 500 | 1500" in extraction.unread[0].reason
    # the total cannot be checked without the unread row: neither verified nor a conflict
    totals = [f for f in extraction.facts if f.code == "interventions_total"]
    assert {f.status for f in totals} == {"unverified"}


def test_two_equally_good_readings_are_reported():
    text = "Budget 2031 Plan 2032 Plan 2033\nProjektkostnader 70 500 1 500\n - Alfa 70 500 1 500"
    extraction = extract_budget(plan(text))
    assert extraction.facts == []
    assert [region.first_line for region in extraction.unread] == ["2", "3"]


def test_a_row_with_too_few_figures_is_reported():
    extraction = extract_budget(plan("Budget 2031 Plan 2032\nStyrelsen 10 10\nLokalkostnader 35"))
    assert [region.first_line for region in extraction.unread] == ["3"]
    assert "2 values" in extraction.unread[0].reason


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
    assert facts[(2031, "budget", "contribution_region", "")].raw_label == "Region Västerbotten"
    assert facts[(2031, "budget", "contribution_region", "")].source_line == "5"


def test_a_member_name_with_ocr_damage_is_still_found():
    assert (2031, "budget", "contribution_state", "") in values_of("Budget 2031\nForsdkringskassan 300")


def test_state_and_region_with_municipalities_from_an_other_federation():
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


def test_a_label_wrapped_onto_the_next_line_is_joined():
    facts = facts_of("Budget 2031\nProjektkostnader 5\nKompetenshöjande insats\npersonal 5")
    assert facts[(2031, "budget", "intervention", "kompetenshojande_insats_personal")].status == "verified"


def test_a_page_break_inside_the_table_changes_nothing():
    facts = facts_of("Budget 2031\nStyrelsen 30\n - Fasta arvoden 10\nSida 11 av 12\n - Övrigt 20")
    assert facts[(2031, "budget", "board_other", "")].status == "verified"


def test_an_unknown_label_is_reported_and_its_total_left_unchecked():
    extraction = extract_budget(plan("Budget 2031\nStyrelsen 30\n - Fasta arvoden 10\n - Okänt 20"))
    assert [region.first_line for region in extraction.unread] == ["4"]
    assert {f.status for f in extraction.facts} == {"unverified"}


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
    assert (total.value, total.status, total.message) == (700, "conflict", "printed 700, parts sum to 720")
    assert facts[(2032, "plan", "office_total", "")].status == "unverified"


def test_a_result_that_is_not_income_minus_costs_is_a_conflict():
    result = facts_of(BOARD_AND_RESULT)[(2032, "plan", "result", "")]
    assert (result.status, result.message) == ("conflict", "printed 0, income minus costs is -20")


def test_figures_with_nothing_to_check_stay_unverified():
    assert (
        facts_of("Budget 2031\nLokalkostnader 35")[(2031, "budget", "premises_total", "")].status
        == "unverified"
    )


# --- duplicated text ----------------------------------------------------------------------------------------------


def test_a_document_printed_twice_gives_each_figure_once():
    once = "Budget 2031\nStyrelsen 30\n - Fasta arvoden 10\n - Övrigt 20"
    extraction = extract_budget(plan(f"{once}\n\n\n\n\n\n\n{once}"))
    assert len(extraction.facts) == 3
    assert {f.source_line for f in extraction.facts} == {"2", "3", "4"}
    assert {f.status for f in extraction.facts} == {"verified"}


def test_a_reprint_with_another_value_is_reported():
    extraction = extract_budget(plan("Budget 2031\nStyrelsen 30\n\n\n\n\n\n\nBudget 2031\nStyrelsen 31"))
    assert [f.value for f in extraction.facts] == [30000]
    assert extraction.unread[0].first_line == "10"


# --- prose totals -------------------------------------------------------------------------------------------------

PROSE = """Ekonomi

Förbundets totala medelstilldelning år 2031 blir 1 000 tkr.
Försäkringskassan har beviljat 500 tkr för 2031. Kommunerna och regionen
tillskjuter tillsammans 500 tkr. Vi har begärt utökad medelstilldelning med 40 000 tkr.
I hela landet uppgår den totala satsningen till 900 tkr."""


def test_totals_stated_only_in_prose_become_facts():
    facts = facts_of(PROSE, fiscal_year=2031)
    assert {key: (f.value, f.status) for key, f in facts.items()} == {
        (2031, "budget", "contributions_total", ""): (1000000, "verified"),
        (2031, "budget", "contribution_state", ""): (500000, "verified"),
        (2031, "budget", "contribution_region_municipalities", ""): (500000, "verified"),
    }
    assert facts[(2031, "budget", "contribution_region_municipalities", "")].source_line == "5"


def test_a_requested_amount_is_no_fact_and_is_reported():
    extraction = extract_budget(plan(PROSE, fiscal_year=2031))
    assert all(fact.value != 40000000 for fact in extraction.facts)
    assert [region.first_line for region in extraction.unread] == ["5"]


def test_a_part_larger_than_its_total_is_a_typo_and_is_reported():
    text = "Förbundets totala medelstilldelning år 2031 blir 1 000 tkr. Staten bidrar med 5 000 tkr."
    extraction = extract_budget(plan(text, fiscal_year=2031))
    assert [f.code for f in extraction.facts] == ["contributions_total"]
    assert "more than the total" in extraction.unread[0].reason


def test_an_amount_the_budget_carries_after_a_sentence_on_the_state_is_the_states():
    text = (
        "Den statliga tilldelningen kan bli 600 tkr om ansökan beviljas. Tills vidare har 400 tkr "
        "tagits upp i budgeten.\nKommun och region tillskjuter 400 tkr. Totalt blir bidragen 800 tkr."
    )
    values = values_of(text, fiscal_year=2031)
    assert values[(2031, "budget", "contribution_state", "")] == 400000


# --- regions that look like tables ----------------------------------------------------------------------------


def test_figures_in_columns_without_a_header_are_reported():
    extraction = extract_budget(plan("Tabell\nAlfa 1 2 3\nBeta 4 5 6\nGamma 7 8 9"))
    assert extraction.facts == []
    assert [(r.first_line, r.last_line) for r in extraction.unread] == [("2", "4")]


# --- golden: the real plans -------------------------------------------------------------------------------------

PLANS = [
    "sodra-lappland_verksamhetsplan-2024_original.txt",
    "sodra-lappland_verksamhetsplan-2024_reviderad.md",
    "solleftea_verksamhetsplan-2024.txt",
    "skelleftea-norsjo_verksamhetsplan-2015-2017.txt",
]


def real_plan(name: str):
    path = SHARED_DOCUMENTS / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared documents come with the development set only)")
    return extract_budget(classify(path.name, read_lines(path)))


@pytest.mark.parametrize("name", PLANS)
def test_golden_plans_match_the_hand_transcription(name):
    extraction = real_plan(name)
    expected = read_expected(sorted((PROJECT_ROOT / "landing").glob("*/*.facts.csv")), name)
    accuracy = measure(extraction.facts, expected)
    assert accuracy.rate >= 0.98, accuracy.report()
    assert accuracy.wrong_but_verified == [], accuracy.report()


def test_golden_solleftea_conflicts():
    extraction = real_plan("solleftea_verksamhetsplan-2024.txt")
    conflicts = {
        (f.fiscal_year, f.code): (f.value, f.message) for f in extraction.facts if f.status == "conflict"
    }
    assert conflicts == {
        (2025, "board_and_office_total"): (667000, "printed 667000, parts sum to 687000"),
        (2026, "board_and_office_total"): (667000, "printed 667000, parts sum to 687000"),
        (2025, "result"): (0, "printed 0, income minus costs is 2140000"),
        (2026, "result"): (0, "printed 0, income minus costs is 2140000"),
    }


def test_golden_solleftea_printed_twice_is_emitted_once():
    extraction = real_plan("solleftea_verksamhetsplan-2024.txt")
    keys = [fact.key for fact in extraction.facts]
    assert len(keys) == len(set(keys))
    first_table = min(int(fact.source_line) for fact in extraction.facts)
    assert all(int(fact.source_line) < first_table + 40 for fact in extraction.facts)


def test_golden_sodra_lappland_split_pairs_are_said():
    extraction = real_plan("sodra-lappland_verksamhetsplan-2024_original.txt")
    said = {f.message for f in extraction.facts if f.message}
    assert 'split "0 956" as 0 | 956 so that the parts add up to 2173000' in said
    assert 'split "70 500" as 70 | 500 so that the parts add up to 2173000' in said


def test_golden_skelleftea_unit_typo_is_no_fact():
    extraction = real_plan("skelleftea-norsjo_verksamhetsplan-2015-2017.txt")
    assert all(fact.value < 10_000_000 for fact in extraction.facts)
    assert any("76 000 tkr" in region.reason for region in extraction.unread)
