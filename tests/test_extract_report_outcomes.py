"""Annual report outcomes: participants, exits, surveys and the goal map, rule by rule, then the real report."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.extract.model import Document, Extraction, Line
from pipelines.extract.report_outcomes import extract_report_outcomes
from tests.conftest import SHARED_DOCUMENTS

FEDERATION = "sodra_lappland"


def _document(text: str, fiscal_year: int | None = 2025) -> Document:
    raw = textwrap.dedent(text).strip("\n").splitlines()
    lines = tuple(Line(index, str(index + 1), line) for index, line in enumerate(raw))
    return Document(
        "fixture.txt", lines, federation_id=FEDERATION, kind="arsredovisning", fiscal_year=fiscal_year
    )


def _extract(text: str, fiscal_year: int | None = 2025) -> Extraction:
    return extract_report_outcomes(_document(text, fiscal_year))


def _facts(extraction: Extraction, record_type: str | None = None) -> dict[tuple[str, str], object]:
    return {
        (fact.code, fact.item): fact
        for fact in extraction.facts
        if record_type is None or fact.record_type == record_type
    }


def _values(extraction: Extraction, record_type: str | None = None) -> dict[tuple[str, str], int]:
    return {key: int(fact.value) for key, fact in _facts(extraction, record_type).items()}


# --- participants -------------------------------------------------------------------------------------------

GENDER_TABLE = """
    KON ANTAL
    ICKEBINAR 0
    KVINNA 7
    MAN 5
    OKANT 1
    ANTAL INSRIVNA 13
"""


def test_gender_table_with_ocr_labels_adds_up_to_its_total():
    extraction = _extract(GENDER_TABLE)
    assert _values(extraction) == {
        ("participants_gender", "non_binary"): 0,
        ("participants_gender", "female"): 7,
        ("participants_gender", "male"): 5,
        ("participants_gender", "unknown"): 1,
        ("participants_total", ""): 13,
    }
    facts = _facts(extraction)
    assert {fact.status for fact in facts.values()} == {"verified"}
    assert facts[("participants_total", "")].source_line == "6"
    assert facts[("participants_gender", "female")].raw_label == "KVINNA"
    fact = facts[("participants_gender", "male")]
    assert (fact.federation_id, fact.fiscal_year, fact.scenario, fact.unit) == (
        FEDERATION,
        2025,
        "outcome",
        "count",
    )


def test_age_bands_are_normalised_and_the_total_printed_twice_is_emitted_once():
    extraction = _extract(
        GENDER_TABLE
        + """
    Fordelning kon

    ALDERSGRUPP ANTAL
    16-19 AR 1
    20-29 ÅR 4
    30-39 4r 3
    40-49 AR 2
    50-59 AR 2
    60-65 AR 1
    ANTAL INSKRIVNA 13
    """
    )
    values = _values(extraction)
    assert {item: value for (code, item), value in values.items() if code == "participants_age"} == {
        "16-19": 1,
        "20-29": 4,
        "30-39": 3,
        "40-49": 2,
        "50-59": 2,
        "60-65": 1,
    }
    totals = [fact for fact in extraction.facts if fact.code == "participants_total"]
    assert len(totals) == 1 and totals[0].source_line == "6" and totals[0].status == "verified"
    assert all(fact.status == "verified" for fact in extraction.facts)


def test_parts_that_do_not_add_up_make_the_total_a_conflict_naming_both_numbers():
    extraction = _extract(
        """
        Kön Antal
        Kvinna 7
        Man 5
        Totalt 14
        """
    )
    facts = _facts(extraction)
    total = facts[("participants_total", "")]
    assert total.status == "conflict" and total.value == 14
    assert "14" in total.message and "12" in total.message
    assert facts[("participants_gender", "female")].status == "unverified"


def test_a_second_printing_of_the_total_that_differs_is_a_conflict():
    extraction = _extract(
        """
        Kvinna 7
        Man 5
        Antal inskrivna 12

        20-29 år 6
        30-39 år 7
        Antal inskrivna 13
        """
    )
    facts = _facts(extraction)
    total = facts[("participants_total", "")]
    assert (total.value, total.status) == (12, "conflict")
    assert "13" in total.message
    assert facts[("participants_gender", "male")].status == "verified"
    assert facts[("participants_age", "30-39")].status == "unverified"


def test_labels_and_counts_in_separate_blocks_are_paired_in_order():
    extraction = _extract(
        """
        Kön
        Kvinna
        Man
        Okänt
        Antal inskrivna

        Antal
        6
        5
        O
        11
        """
    )
    facts = _facts(extraction)
    assert _values(extraction) == {
        ("participants_gender", "female"): 6,
        ("participants_gender", "male"): 5,
        ("participants_gender", "unknown"): 0,
        ("participants_total", ""): 11,
    }
    assert facts[("participants_gender", "unknown")].message == "OCR 'O' read as 0"
    assert facts[("participants_total", "")].source_line == "11"
    assert facts[("participants_total", "")].status == "verified"


def test_blocks_of_labels_and_counts_that_differ_in_length_are_reported_not_guessed():
    extraction = _extract(
        """
        Kvinna
        Man
        Totalt

        6
        5
        """
    )
    assert extraction.facts == []
    assert any("cannot be paired" in region.reason for region in extraction.unread)


def test_a_table_with_two_count_columns_is_not_read():
    extraction = _extract(
        """
        Kön 2025 2024
        Kvinna 18 20
        Man 22 19
        Totalt 40 39
        """
    )
    assert extraction.facts == []
    assert any("more than one count column" in region.reason for region in extraction.unread)


def test_a_table_headed_with_another_year_is_not_read():
    extraction = _extract(
        """
        Deltagare 2024
        Kvinna 18
        Man 22
        Totalt 40
        """
    )
    assert extraction.facts == []
    assert any("2024" in region.reason for region in extraction.unread)


# --- exits --------------------------------------------------------------------------------------------------

EXITS_TABLE = """
    Resultat antal individer Antal Fordelning i %
    Arbete med subvention 1 3%
    Arbete utan subvention 2 6%
    Avbrutit - annan kdnd anledning 3 9%
    Avbrutit- egen begiran 1 3%
    Avbrutit- flytt frdn kommunen 1 3%
    Kartldggning avslutad 2 6%
    Studier CSN 3 9%
    Vidare till Arbetsférmedlingen 4 12%
    Vidare till Forsakringskassan 2 6%
    Vidare till Socialtjansten 3 9%
    Vidare till vård/region 2 6%
    Aktivt arbetssökande 5 15%
    Övrigt 4 12%
    Totalt 33 100%
"""


def test_exit_labels_map_to_outcome_codes_and_the_percent_column_is_ignored():
    extraction = _extract(EXITS_TABLE)
    assert _values(extraction, "outcome") == {
        ("work_subsidized", ""): 1,
        ("work_unsubsidized", ""): 2,
        ("dropped_other", ""): 3,
        ("dropped_own_request", ""): 1,
        ("moved", ""): 1,
        ("assessment_completed", ""): 2,
        ("studies", ""): 3,
        ("to_employment_service", ""): 4,
        ("to_social_insurance", ""): 2,
        ("to_social_services", ""): 3,
        ("to_healthcare", ""): 2,
        ("job_seeking", ""): 5,
        ("other", ""): 4,
        ("exits_total", ""): 33,
    }
    assert {fact.status for fact in extraction.facts} == {"verified"}
    assert _facts(extraction)[("dropped_own_request", "")].raw_label == "Avbrutit- egen begiran"


def test_exits_that_do_not_add_up_to_the_total_are_a_conflict():
    extraction = _extract(
        """
        Arbete med subvention 2 20%
        Studier CSN 3 30%
        Totalt 6 100%
        """
    )
    total = _facts(extraction)[("exits_total", "")]
    assert total.status == "conflict" and total.message == "printed 6, exits sum to 5"


def test_an_unknown_exit_label_is_reported_and_still_counted_in_the_sum():
    extraction = _extract(
        """
        Arbete med subvention 2
        Vidare till Kronofogden 1
        Studier CSN 3
        Totalt 6
        """
    )
    assert set(_values(extraction)) == {("work_subsidized", ""), ("studies", ""), ("exits_total", "")}
    assert _facts(extraction)[("exits_total", "")].status == "verified"
    assert any("Kronofogden" in region.reason for region in extraction.unread)


# --- surveys ------------------------------------------------------------------------------------------------

OCR_SURVEY = """
    Resultat enkät styrelsen. Enkit gick ut
    till 6 styrelseledaméter, varav 5 svarade, svarsfrekvens 83 %.

    Fragal -
    Fraga text one?

    Enkat styrelsen

    Delvis 20%

    m Ja 4 individer

    Fraga 2

    = Nej O individer

    m Delvis 1 individer

    Fraga text two?

    Enkat styrelsen

    m Ja 4 individer = Nej 1 individer m Delvis O individer
"""


def test_survey_sent_respondents_and_legend_counts_with_ocr_zero():
    extraction = _extract(OCR_SURVEY)
    assert _values(extraction, "survey") == {
        ("sent", "board:all"): 6,
        ("respondents", "board:all"): 5,
        ("yes", "board:fraga_1"): 4,
        ("no", "board:fraga_1"): 0,
        ("partly", "board:fraga_1"): 1,
        ("yes", "board:fraga_2"): 4,
        ("no", "board:fraga_2"): 1,
        ("partly", "board:fraga_2"): 0,
    }
    facts = _facts(extraction)
    assert facts[("sent", "board:all")].status == "unverified"
    assert facts[("sent", "board:all")].source_line == "2"
    assert all(fact.status == "verified" for key, fact in facts.items() if key[0] != "sent")
    assert "OCR 'O' read as 0" in facts[("no", "board:fraga_1")].message
    assert "OCR 'O' read as 0" in facts[("partly", "board:fraga_2")].message
    assert "from its place" in facts[("yes", "board:fraga_1")].message  # printed 'Fragal'


def test_answers_that_do_not_add_up_to_the_respondents_stay_unverified_and_are_reported():
    extraction = _extract(
        """
        Enkät gick ut till 20 individer, varav 12 svarade.

        Fråga 1
        Enkät individer
        Ja 8 individer
        Nej 2 individer
        Delvis 1 individer
        """
    )
    facts = _facts(extraction)
    assert facts[("yes", "participants:fraga_1")].status == "unverified"
    assert "sum to 11" in facts[("yes", "participants:fraga_1")].message
    assert facts[("respondents", "participants:all")].status == "unverified"
    assert any("participants:fraga_1" in region.reason for region in extraction.unread)


def test_o_is_not_a_zero_outside_a_number_position():
    extraction = _extract(
        """
        Enkät gick ut till 4 individer, varav 4 svarade.
        Fråga 1
        Ja 4 individer
        Nej Olle
        """
    )
    assert ("no", "participants:fraga_1") not in _facts(extraction)
    assert _facts(extraction)[("yes", "participants:fraga_1")].status == "verified"


def test_clean_layout_with_counts_on_the_question_line():
    extraction = _extract(
        """
        Enkäten skickades till 9 medarbetare och 8 svarade.
        Fråga 1: Ja 5, Nej 1, Delvis 2
        Fråga 2: Ja 7 Nej 1 Delvis 0
        """
    )
    assert _values(extraction, "survey") == {
        ("sent", "staff:all"): 9,
        ("respondents", "staff:all"): 8,
        ("yes", "staff:fraga_1"): 5,
        ("no", "staff:fraga_1"): 1,
        ("partly", "staff:fraga_1"): 2,
        ("yes", "staff:fraga_2"): 7,
        ("no", "staff:fraga_2"): 1,
        ("partly", "staff:fraga_2"): 0,
    }
    assert {fact.status for key, fact in _facts(extraction).items() if key[0] != "sent"} == {"verified"}


def test_the_group_comes_from_the_sentence_when_the_recipients_are_just_persons():
    extraction = _extract(
        """
        Resultat enkät medlemmarna och arbetsgrupper. Enkät gick ut till 10 personer, varav 9 svarade.
        Fråga 1
        Enkät arbetsgrupper, personal
        Ja 9 individer Nej 0 individer
        """
    )
    assert _values(extraction, "survey")[("respondents", "staff:all")] == 9
    assert _facts(extraction)[("yes", "staff:fraga_1")].status == "verified"


def test_charts_without_enough_question_headings_are_reported_not_numbered():
    extraction = _extract(
        """
        Enkät gick ut till 4 individer, varav 4 svarade.
        Enkät individer
        Ja 4 individer
        Enkät individer
        Ja 3 individer Nej 1 individer
        """
    )
    assert set(_values(extraction, "survey")) == {
        ("sent", "participants:all"),
        ("respondents", "participants:all"),
    }
    assert any("cannot be paired" in region.reason for region in extraction.unread)


# --- goal map -----------------------------------------------------------------------------------------------

GOAL_ROWS = """
    Mål | Utförande/aktiviteter | Mått | Resultat
    Individen
    Stöd mot arbete | Enkät till deltagare | Indikator — 70 % av deltagarna | 75 % Målet uppnått

    Samordnat stöd ges | Enkät till deltagare | Indikator 60 % av deltagarna | 40 % Målet ej uppnått

    Mål Utförande/aktiviteter Mått Resultat
    Ekonomi
    Budget i balans följs upp vid 3 protokollförda uppföljningar
"""


def test_goal_targets_results_and_verdicts_in_row_layout():
    extraction = _extract(GOAL_ROWS)
    assert _values(extraction, "indicator") == {
        ("target", "individual:goal_1"): 70,
        ("actual", "individual:goal_1"): 75,
        ("assessment", "individual:goal_1"): 100,
        ("target", "individual:goal_2"): 60,
        ("actual", "individual:goal_2"): 40,
        ("assessment", "individual:goal_2"): 0,
        ("target", "economy:goal_1"): 3,
    }
    facts = _facts(extraction)
    assert facts[("target", "individual:goal_1")].unit == "pct"
    assert facts[("target", "economy:goal_1")].unit == "count"
    assert all(fact.status == "unverified" for fact in facts.values())


def test_partly_achieved_is_fifty():
    extraction = _extract(
        """
        Målområde Utförande/aktiviteter Mått Resultat
        Utveckling
        Medlemmar upplever utveckling Indikator 80 % anger det | Målet delvis uppnått
        """
    )
    assert _values(extraction, "indicator") == {
        ("target", "development:goal_1"): 80,
        ("assessment", "development:goal_1"): 50,
    }


def test_count_targets_whose_goal_cannot_be_told_are_reported_not_numbered():
    extraction = _extract(
        """
        Malomrade Utförande/aktiviteter
        Arbetssatt

        Rutiner for uppfoljning

        Indikator- 80 % av
        styrelsen

        Kontrollplan-
        foljs upp 2 ganger per
        ar

        aktiviteter — minst 4
        aktiviteter per ar

        Analysen en gang per ar
        """
    )
    assert _facts(extraction, "indicator") == {}
    (region,) = extraction.unread
    assert "4 targets (80 %, 2, 4, 1)" in region.reason


def test_a_result_in_the_text_is_paired_only_with_the_goal_whose_row_shares_its_words():
    extraction = _extract(
        """
        Mål Utförande Mått Resultat
        Individen
        Tydlig riktning mot arbete | Indikator 70 % av deltagarna

        Samordnad planering erbjuds | Indikator 70 % av deltagarna

        Efter ett år med många nya deltagare i insatserna svarade deltagarna, 90 % anger tydlig riktning.
        55 % anger samordnad planering, vilket inte uppnår målet om 70 % som sattes upp för året.
        60 % anger att de är nöjda med bemötandet och med de aktiviteter som har erbjudits.
        """
    )
    assert _values(extraction, "indicator") == {
        ("target", "individual:goal_1"): 70,
        ("target", "individual:goal_2"): 70,
        ("actual", "individual:goal_1"): 90,
        ("actual", "individual:goal_2"): 55,
        ("assessment", "individual:goal_2"): 0,
    }
    assert _facts(extraction)[("assessment", "individual:goal_2")].source_line == "8"


# --- the document as a whole --------------------------------------------------------------------------------


def test_without_a_fiscal_year_nothing_is_emitted():
    extraction = _extract(GENDER_TABLE, fiscal_year=None)
    assert extraction.facts == [] and extraction.unread


def test_every_fact_is_a_whole_count_or_percentage():
    extraction = _extract(GENDER_TABLE + EXITS_TABLE + OCR_SURVEY + GOAL_ROWS)
    assert all(fact.value == fact.value.to_integral_value() for fact in extraction.facts)
    assert all(fact.value >= Decimal(0) for fact in extraction.facts)


REPORT = "sodra-lappland_arsredovisning-2025_ocr.txt"
ANSWER_KEY = Path(__file__).resolve().parent.parent / "landing" / "sodra_lappland"


def test_golden_annual_report_outcomes():
    if not SHARED_DOCUMENTS.exists():
        pytest.skip("../shared/documents is not present")
    from pipelines.extract.accuracy import measure, read_expected
    from pipelines.extract.classify import classify
    from pipelines.extract.reading import read_lines

    path = SHARED_DOCUMENTS / REPORT
    document = classify(path.name, read_lines(path))
    extraction = extract_report_outcomes(document)
    expected = read_expected(
        [ANSWER_KEY / "sodra-lappland_arsredovisning-2025_ocr.outcomes.facts.csv"], REPORT
    )
    accuracy = measure(extraction.facts, expected, record_types=("participants", "outcome", "survey"))
    assert accuracy.rate >= 0.98, accuracy.report()
    assert accuracy.wrong_but_verified == [], accuracy.report()
    indicators = measure(extraction.facts, expected, record_types=("indicator",))
    assert indicators.wrong == [] and indicators.extra == [], indicators.report()
