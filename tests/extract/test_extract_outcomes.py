"""Annual-report outcomes: participants, exits, surveys and goal maps, rule by rule on tiny made-up text."""

from __future__ import annotations

from decimal import Decimal

from pipelines.extract.model import Extraction
from tests.extract.tiny_documents import report

FEDERATION = "sodra_lappland"


def by_key(extraction: Extraction, record_type: str | None = None) -> dict[tuple[str, str], object]:
    return {
        (fact.code, fact.item): fact
        for fact in extraction.facts
        if record_type is None or fact.record_type == record_type
    }


def values(extraction: Extraction, record_type: str | None = None) -> dict[tuple[str, str], int]:
    return {key: int(fact.value) for key, fact in by_key(extraction, record_type).items()}


# --- participants -----------------------------------------------------------------------------------------

GENDER_TABLE = """
    KON ANTAL
    ICKEBINAR 0
    KVINNA 7
    MAN 5
    OKANT 1
    ANTAL INSRIVNA 13
"""


def test_gender_table_with_ocr_labels_adds_up_to_its_total():
    extraction = report(GENDER_TABLE)
    assert values(extraction) == {
        ("participants_gender", "non_binary"): 0,
        ("participants_gender", "female"): 7,
        ("participants_gender", "male"): 5,
        ("participants_gender", "unknown"): 1,
        ("participants_total", ""): 13,
    }
    facts = by_key(extraction)
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
    extraction = report(
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
    ages = {item: value for (code, item), value in values(extraction).items() if code == "participants_age"}
    assert ages == {"16-19": 1, "20-29": 4, "30-39": 3, "40-49": 2, "50-59": 2, "60-65": 1}
    totals = [fact for fact in extraction.facts if fact.code == "participants_total"]
    assert [(t.source_line, t.status) for t in totals] == [("6", "verified")]
    assert all(fact.status == "verified" for fact in extraction.facts)


def test_parts_that_do_not_add_up_make_the_total_a_conflict_naming_both_numbers():
    facts = by_key(report("Kön Antal\nKvinna 7\nMan 5\nTotalt 14"))
    total = facts[("participants_total", "")]
    assert (total.value, total.status, total.message) == (
        14,
        "conflict",
        "printed 14; its parts (Kvinna, Man) sum to 12",
    )
    assert facts[("participants_gender", "female")].status == "unverified"


def test_a_count_table_needs_no_header_and_a_second_printing_that_differs_is_a_conflict():
    extraction = report("Kvinna 7\nMan 5\nAntal inskrivna 12\n\n20-29 år 6\n30-39 år 7\nAntal inskrivna 13")
    facts = by_key(extraction)
    total = facts[("participants_total", "")]
    assert (total.value, total.status, total.message) == (12, "conflict", "printed 12 here and 13 at line 7")
    assert facts[("participants_gender", "male")].status == "verified"
    assert [row.source_line for row in extraction.review] == ["7"]


def test_labels_and_counts_in_separate_blocks_are_paired_and_a_lone_o_is_zero():
    extraction = report("Kön\nKvinna\nMan\nOkänt\nAntal inskrivna\n\nAntal\n6\n5\nO\n11")
    assert values(extraction) == {
        ("participants_gender", "female"): 6,
        ("participants_gender", "male"): 5,
        ("participants_gender", "unknown"): 0,
        ("participants_total", ""): 11,
    }
    total = by_key(extraction)[("participants_total", "")]
    assert (total.source_line, total.status) == ("11", "verified")


def test_blocks_of_labels_and_counts_that_differ_in_length_are_reported_not_guessed():
    extraction = report("Kvinna\nMan\nTotalt\n\n6\n5")
    assert extraction.facts == []
    assert [(r.source_line, r.reason) for r in extraction.review] == [
        ("5", "figures not paired with a label"),
        ("6", "figures not paired with a label"),
    ]


def test_a_table_with_a_count_column_per_year_reads_each_year():
    extraction = report("Kön 2025 2024\nKvinna 18 20\nMan 22 19\nTotalt 40 39")
    assert {(f.fiscal_year, f.code, f.item): (int(f.value), f.status) for f in extraction.facts} == {
        (2025, "participants_gender", "female"): (18, "verified"),
        (2025, "participants_gender", "male"): (22, "verified"),
        (2025, "participants_total", ""): (40, "verified"),
        (2024, "participants_gender", "female"): (20, "verified"),
        (2024, "participants_gender", "male"): (19, "verified"),
        (2024, "participants_total", ""): (39, "verified"),
    }


def test_a_table_captioned_with_another_year_is_that_years():
    extraction = report("Deltagare 2024\nKvinna 18\nMan 22\nTotalt 40")
    assert {(f.fiscal_year, f.code, f.item) for f in extraction.facts} == {
        (2024, "participants_gender", "female"),
        (2024, "participants_gender", "male"),
        (2024, "participants_total", ""),
    }


def test_without_a_fiscal_year_nothing_is_emitted_and_every_row_is_reported():
    extraction = report(GENDER_TABLE, fiscal_year=None)
    assert extraction.facts == []
    assert len(extraction.review) == 5 and "year" in extraction.review[0].reason


# --- exits ------------------------------------------------------------------------------------------------

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
    extraction = report(EXITS_TABLE)
    assert values(extraction, "outcome") == {
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
    assert by_key(extraction)[("dropped_own_request", "")].raw_label == "Avbrutit- egen begiran"


def test_exits_that_do_not_add_up_to_the_total_are_a_conflict():
    total = by_key(report("Arbete med subvention 2 20%\nStudier CSN 3 30%\nTotalt 6 100%"))[
        ("exits_total", "")
    ]
    assert (total.status, total.message) == (
        "conflict",
        "printed 6; its parts (Arbete med subvention, Studier CSN) sum to 5",
    )


def test_an_unknown_exit_label_is_reported_and_still_counted_in_the_sum():
    extraction = report("Arbete med subvention 2\nVidare till Kronofogden 1\nStudier CSN 3\nTotalt 6")
    assert set(values(extraction)) == {("work_subsidized", ""), ("studies", ""), ("exits_total", "")}
    assert by_key(extraction)[("exits_total", "")].status == "verified"
    (row,) = extraction.review
    assert (row.raw_label, row.reason) == ("Vidare till Kronofogden", "unknown label")


# --- surveys ----------------------------------------------------------------------------------------------

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
    extraction = report(OCR_SURVEY)
    assert values(extraction, "survey") == {
        ("sent", "board:fraga_1"): 6,
        ("respondents", "board:fraga_1"): 5,
        ("yes", "board:fraga_1"): 4,
        ("no", "board:fraga_1"): 0,
        ("partly", "board:fraga_1"): 1,
        ("sent", "board:fraga_2"): 6,
        ("respondents", "board:fraga_2"): 5,
        ("yes", "board:fraga_2"): 4,
        ("no", "board:fraga_2"): 1,
        ("partly", "board:fraga_2"): 0,
    }
    facts = by_key(extraction)
    assert facts[("sent", "board:fraga_1")].status == "unverified"
    assert facts[("sent", "board:fraga_1")].source_line == "2"
    assert all(fact.status == "verified" for key, fact in facts.items() if key[0] != "sent")
    assert "OCR 'O' read as 0" in facts[("no", "board:fraga_1")].message
    assert "OCR 'O' read as 0" in facts[("partly", "board:fraga_2")].message
    assert "from its place" in facts[("yes", "board:fraga_1")].message  # printed 'Fragal'


def test_answers_that_do_not_add_up_to_the_respondents_stay_unverified_and_are_reported():
    extraction = report(
        "Enkät gick ut till 20 individer, varav 12 svarade.\n\nFråga 1\nEnkät individer\n"
        "Ja 8 individer\nNej 2 individer\nDelvis 1 individer"
    )
    facts = by_key(extraction)
    assert facts[("yes", "participants:fraga_1")].status == "unverified"
    assert "sum to 11" in facts[("yes", "participants:fraga_1")].message
    assert facts[("respondents", "participants:fraga_1")].status == "unverified"
    assert any("participants:fraga_1" in row.reason for row in extraction.review)


def test_o_is_not_a_zero_outside_a_number_position():
    extraction = report("Enkät gick ut till 4 individer, varav 4 svarade.\nFråga 1\nJa 4 individer\nNej Olle")
    assert ("no", "participants:fraga_1") not in by_key(extraction)
    assert by_key(extraction)[("yes", "participants:fraga_1")].status == "verified"


def test_clean_layout_with_counts_on_the_question_line():
    extraction = report(
        "Enkäten skickades till 9 medarbetare och 8 svarade.\n"
        "Fråga 1: Ja 5, Nej 1, Delvis 2\nFråga 2: Ja 7 Nej 1 Delvis 0"
    )
    found = values(extraction, "survey")
    assert {key: value for key, value in found.items() if key[0] in ("yes", "no", "partly")} == {
        ("yes", "staff:fraga_1"): 5,
        ("no", "staff:fraga_1"): 1,
        ("partly", "staff:fraga_1"): 2,
        ("yes", "staff:fraga_2"): 7,
        ("no", "staff:fraga_2"): 1,
        ("partly", "staff:fraga_2"): 0,
    }
    assert found[("sent", "staff:fraga_2")] == 9 and found[("respondents", "staff:fraga_2")] == 8
    assert {fact.status for key, fact in by_key(extraction).items() if key[0] != "sent"} == {"verified"}


def test_the_group_comes_from_the_sentence_when_the_recipients_are_just_persons():
    extraction = report(
        "Resultat enkät medlemmarna och arbetsgrupper. Enkät gick ut till 10 personer, varav 9 svarade.\n"
        "Fråga 1\nEnkät arbetsgrupper, personal\nJa 9 individer Nej 0 individer"
    )
    assert values(extraction, "survey")[("respondents", "staff:fraga_1")] == 9
    assert by_key(extraction)[("yes", "staff:fraga_1")].status == "verified"


def test_charts_without_enough_question_headings_are_reported_not_numbered():
    extraction = report(
        "Enkät gick ut till 4 individer, varav 4 svarade.\nEnkät individer\nJa 4 individer\n"
        "Enkät individer\nJa 3 individer Nej 1 individer"
    )
    assert values(extraction, "survey") == {}
    assert any("cannot be paired" in row.reason for row in extraction.review)


# --- goal maps --------------------------------------------------------------------------------------------

GOAL_ROWS = """
    Mål | Utförande/aktiviteter | Mått | Resultat
    Individen
    Stöd mot arbete | Enkät till deltagare | Indikator — 70 % av deltagarna | 75 % Målet uppnått

    Samordnat stöd ges | Enkät till deltagare | Indikator 60 % av deltagarna | 40 % Målet ej uppnått
"""


def test_goal_targets_results_and_verdicts_in_row_layout():
    extraction = report(GOAL_ROWS)
    assert values(extraction, "indicator") == {
        ("target", "individual:1"): 70,
        ("actual", "individual:1"): 75,
        ("assessment", "individual:1"): 100,
        ("target", "individual:2"): 60,
        ("actual", "individual:2"): 40,
        ("assessment", "individual:2"): 0,
    }
    facts = by_key(extraction)
    assert facts[("target", "individual:1")].unit == "pct"
    assert all(fact.status == "unverified" for fact in facts.values())


def test_a_goal_grid_with_a_result_column():
    extraction = report(
        """
        | Målområde | Mål | Indikator | Resultat |
        |---|---|---|---|
        | Individen | Deltagare får stöd mot arbete | 70 % av deltagarna anger det | 75 %, målet uppnått |
        | Ekonomi | Budget i balans | minst 3 uppföljningar | Målet uppnått |
        """
    )
    assert values(extraction, "indicator") == {
        ("target", "individual:1"): 70,
        ("actual", "individual:1"): 75,
        ("assessment", "individual:1"): 100,
        ("target", "economy:1"): 3,
        ("assessment", "economy:1"): 100,
    }
    assert by_key(extraction)[("target", "economy:1")].unit == "count"


def test_partly_achieved_is_fifty():
    extraction = report(
        "Målområde Utförande/aktiviteter Mått Resultat\nUtveckling\n"
        "Medlemmar upplever utveckling Indikator 80 % anger det | Målet delvis uppnått"
    )
    assert values(extraction, "indicator") == {
        ("target", "development:1"): 80,
        ("assessment", "development:1"): 50,
    }


def test_a_result_in_the_text_is_paired_only_with_the_goal_whose_row_shares_its_words():
    extraction = report(
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
    assert values(extraction, "indicator") == {
        ("target", "individual:1"): 70,
        ("target", "individual:2"): 70,
        ("actual", "individual:1"): 90,
        ("actual", "individual:2"): 55,
        ("assessment", "individual:2"): 0,
    }
    assert by_key(extraction)[("assessment", "individual:2")].source_line == "8"


def test_every_fact_is_a_whole_count_or_percentage():
    extraction = report(GENDER_TABLE + EXITS_TABLE + OCR_SURVEY + GOAL_ROWS)
    assert len(extraction.facts) == 5 + 14 + 10 + 6  # genders, exits, survey answers, goals
    assert all(fact.value == fact.value.to_integral_value() for fact in extraction.facts)
    assert all(fact.value >= Decimal(0) for fact in extraction.facts)
