"""Cross-row rules: current facts in, one row per group out (pipelines/quality/rules.py)."""

import pandas as pd
import pytest

from pipelines.quality import rules


def facts(*rows, federation="sodra_lappland", year=2025, scenario="outcome"):
    """Fact rows from (code, item, value[, status[, origin]]) tuples."""
    records = []
    for code, item, value, *rest in rows:
        status = rest[0] if rest else "verified"
        origin = rest[1] if len(rest) > 1 else "reported"
        records.append(
            {
                "federation_id": federation,
                "fiscal_year": year,
                "scenario": scenario,
                "code": code,
                "item": item,
                "value": float(value),
                "status": status,
                "origin": origin,
            }
        )
    return pd.DataFrame(records)


def test_participants_by_gender_and_age_band_against_the_total():
    frame = rules.participant_breakdowns(
        facts(
            ("participants_total", "", 40),
            ("participants_gender", "female", 18),
            ("participants_gender", "male", 21),
            ("participants_age", "20-29", 40),
        )
    )
    by_breakdown = frame.set_index("breakdown")
    assert by_breakdown.loc["gender", ["total", "parts_sum"]].tolist() == [40, 39]
    assert by_breakdown.loc["age_band", ["total", "parts_sum"]].tolist() == [40, 40]
    assert not frame["known_conflict"].any()


def test_reported_totals_are_not_summed_with_parts_counted_from_records():
    frame = rules.participant_breakdowns(
        pd.concat(
            [
                facts(("participants_total", "", 40)),
                facts(("participants_gender", "female", 39, "verified", "participant_records")),
            ]
        )
    )
    assert frame.empty  # a report's total against the records' parts is reconciliation, not a sum


def test_exits_by_outcome_code_against_all_exits_with_known_conflicts_flagged():
    frame = rules.exit_breakdowns(
        facts(("exits_total", "", 10, "conflict"), ("studies", "", 4), ("work_subsidized", "", 5))
    )
    assert frame[["exits_total", "exits_by_codes", "known_conflict"]].values.tolist() == [[10, 9, True]]


def test_survey_answers_respondents_and_sent_per_group_and_question():
    frame = rules.survey_answers(
        facts(
            ("sent", "board:all", 10),
            ("respondents", "board:all", 8),
            ("yes", "board:fraga_1", 7),
            ("partly", "board:fraga_1", 1),
            ("no", "board:fraga_1", 0),
            ("yes", "board:fraga_2", 5),
        )
    )
    rows = frame.set_index("question")[["sent", "respondents", "answers"]]
    assert rows.loc["all"].tolist()[:2] == [10, 8] and pd.isna(rows.loc["all", "answers"])
    assert rows.loc["fraga_1"].tolist() == [10, 8, 8]
    assert rows.loc["fraga_2"].tolist() == [10, 8, 5]


def test_budget_totals_against_their_parts_by_the_code_hierarchy():
    frame = rules.budget_sums(
        facts(
            ("total_costs", "", 300),
            ("board_total", "", 100),  # board and office stand in for board_and_office_total
            ("office_total", "", 50),
            ("premises_total", "", 50),
            ("admin_total", "", 50),
            ("interventions_total", "", 50),
            ("intervention", "en_vag_vidare", 30),
            ("intervention", "soka", 20),
            scenario="budget",
        )
    ).set_index("total_code")
    assert frame.loc["total_costs", ["total", "parts_sum"]].tolist() == [300, 300]
    assert frame.loc["total_costs", "complete"]  # financial_costs is a line left out when zero
    assert frame.loc["interventions_total", "parts_sum"] == 50  # item-level parts are summed
    assert "intervention" not in frame.index  # printed per item: a part, never a total


def test_a_total_with_an_unprinted_part_is_incomplete():
    frame = rules.budget_sums(
        facts(
            ("total_costs", "", 4057),
            ("office_total", "", 1402),
            ("premises_total", "", 50),
            ("admin_total", "", 382),
            ("interventions_total", "", 2062),
        )
    )
    row = frame.set_index("total_code").loc["total_costs"]
    assert row["parts_sum"] == 3896 and not row["complete"]
    assert row["missing_parts"] == "board_and_office_total"


def test_region_and_municipalities_together_or_split_are_both_complete():
    together = rules.budget_sums(
        facts(
            ("contributions_total", "", 100),
            ("contribution_state", "", 50),
            ("contribution_region_municipalities", "", 50),
        )
    )
    split = rules.budget_sums(
        facts(
            ("contributions_total", "", 100),
            ("contribution_state", "", 50),
            ("contribution_region", "", 25),
            ("contribution_municipality", "lycksele", 25),
        )
    )
    assert together["complete"].all() and split["complete"].all()
    assert together["parts_sum"].tolist() == split["parts_sum"].tolist() == [100]


def test_a_conflict_anywhere_in_the_group_makes_it_known():
    frame = rules.budget_sums(
        facts(
            ("board_and_office_total", "", 667, "conflict"),
            ("board_total", "", 622),
            ("office_total", "", 65),
        )
    )
    assert frame[["total", "parts_sum", "known_conflict"]].values.tolist() == [[667, 687, True]]


def test_the_balance_sheet_sides_per_federation_year_and_scenario():
    frame = rules.statement_balance(
        facts(("br_assets_total", "", 2751000), ("br_equity_and_liabilities_total", "", 2750000, "conflict"))
    )
    assert frame[["difference", "known_conflict"]].values.tolist() == [[-1000, True]]


def test_empty_facts_give_empty_frames_with_every_column():
    empty = facts(("total_costs", "", 1)).iloc[0:0]
    for rule, column in [
        (rules.participant_breakdowns, "parts_sum"),
        (rules.exit_breakdowns, "exits_by_codes"),
        (rules.survey_answers, "answers"),
        (rules.budget_sums, "complete"),
        (rules.statement_balance, "difference"),
    ]:
        frame = rule(empty)
        assert frame.empty and column in frame.columns and "known_conflict" in frame.columns, rule.__name__


@pytest.mark.parametrize(
    ("total", "equity_used", "within"),
    [
        (3993000, 268000, True),  # 3 724 + 268 printed as 3 993 tkr: rounding
        (3992000, 268000, False),  # exact: nothing to explain
        (3994000, 268000, False),  # 2 000 kr off three figures of 500 kr each
        (3993000, 268500, False),  # a figure in kronor: nothing is rounded
    ],
)
def test_a_tkr_total_is_within_rounding_by_500_kr_a_figure(total, equity_used, within):
    frame = rules.budget_sums(
        facts(
            ("total_available", "", total),
            ("contributions_total", "", 3724000),
            ("equity_used", "", equity_used),
        )
    )
    assert frame.set_index("total_code").loc["total_available", "within_rounding"] == within


def correction_version(code, item, value, scenario="outcome", corrected_at=None, federation="sodra_lappland"):
    """A current row of marts.fct_fact_versions; `corrected_at` makes it line N of a corrections file."""
    return {
        **facts((code, item, value), federation=federation, scenario=scenario).iloc[0].to_dict(),
        "record_type": "participants",
        "status": "corrected" if corrected_at else "verified",
        "origin": "correction" if corrected_at else "reported",
        "is_current": True,
        "_source_file": "fix.corrections.csv" if corrected_at else "ar.facts.csv",
        "_source_line": corrected_at or 7,
        "document_title": "Årsredovisning 2025",  # a column the rules do not read
    }


def test_corrections_of_a_group_are_joined_in_order_and_a_group_without_scenario_is_one_too():
    versions = pd.DataFrame(
        [
            correction_version("participants_total", "", 40),
            correction_version("participants_gender", "male", 22, corrected_at=9),
            correction_version("participants_gender", "female", 18, corrected_at=3),
            correction_version("participants_total", "", 30, scenario=None, corrected_at=12),
            correction_version("participants_gender", "female", 14, scenario=None),
            correction_version("participants_total", "", 5, federation="ovre_osterbo"),  # nothing corrected
            correction_version("participants_gender", "female", 5, federation="ovre_osterbo"),
        ]
    )
    frame = rules.correction_breakdowns(versions)
    found = [
        (
            row.correction,
            row.federation_id,
            None if pd.isna(row.scenario) else row.scenario,
            row.rule,
            row.total,
            row.parts,
        )
        for row in frame.itertuples()
    ]
    assert found == [
        ("fix.corrections.csv:3; fix.corrections.csv:9", "sodra_lappland", "outcome", "gender", 40.0, 40.0),
        ("fix.corrections.csv:12", "sodra_lappland", None, "gender", 30.0, 14.0),
    ]
