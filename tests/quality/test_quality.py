"""Every suite on tiny frames through Great Expectations: one that passes, and breakages that fail.

A breakage names the expectation it must fail and with which severity; a
warning must fail alone (no error), since warnings never block a refresh.
"""

from pathlib import Path

import pandas as pd
import pytest
from dagster import AssetCheckSeverity

from pipelines.defs.asset_checks import check_results
from pipelines.foundation.swedish_format import plain
from pipelines.quality.frames import build_frame
from pipelines.quality.gx_validator import Validator
from pipelines.quality.outcomes import SuiteOutcome
from pipelines.quality.run_findings import outcome_findings
from pipelines.quality.suites import Severity, load_suites

SUITES = {suite.name: suite for suite in load_suites()}
ERROR, WARNING = Severity.ERROR, Severity.WARNING


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def validate(validator: Validator, suite: str, rows: list[dict]) -> SuiteOutcome:
    return validator.validate(SUITES[suite], build_frame(SUITES[suite], pd.DataFrame(rows)))


def results(outcome: SuiteOutcome) -> dict:
    """The suite's check results by check name, with its findings in words."""
    names = {"sodra_lappland": "Södra Lappland"}
    found = outcome_findings(outcome, names)
    return {result.check_name: result for result in check_results(outcome, Path("index.html"), found)}


def failed(outcome: SuiteOutcome) -> dict[str, Severity]:
    return {failure.name: failure.severity for failure in outcome.failures()}


def fact(record_type, code, item, value, unit, status="verified", message=None, **other):
    return {
        "record_type": record_type,
        "federation_id": "sodra_lappland",
        "fiscal_year": 2025,
        "scenario": "outcome",
        "code": code,
        "item": item,
        "value": float(value),
        "unit": unit,
        "raw_label": code,
        "source_file": "arsredovisning-2025.txt",
        "source_line": "12",
        "status": status,
        "message": message,
        "_source_file": "sodra_lappland/x.facts.csv",
        "_source_line": 2,
        **other,
    }


def current(code, item, value, status="verified", origin="reported", **other):
    """A row of a marts fct_ table (only the columns the rules read)."""
    return {
        "federation_id": "sodra_lappland",
        "fiscal_year": 2025,
        "scenario": "outcome",
        "code": code,
        "item": item,
        "value": float(value),
        "status": status,
        "origin": origin,
        **other,
    }


def version(record_type, code, item, value, corrected_at=None, is_current=True):
    """A row of marts.fct_fact_versions; `corrected_at` makes it line N of a corrections file."""
    return {
        "record_type": record_type,
        **current(
            code,
            item,
            value,
            status="corrected" if corrected_at else "verified",
            origin="correction" if corrected_at else "reported",
        ),
        "is_current": is_current,
        "_source_file": "sodra_lappland/fix.corrections.csv"
        if corrected_at
        else "sodra_lappland/ar.facts.csv",
        "_source_line": corrected_at or 7,
    }


def report(**columns):
    return {"federation_id": "sodra_lappland", "fiscal_year": 2025, **columns}


def day(text):
    return pd.Timestamp(text) if text else pd.NaT


FACTS = [
    fact("budget_line", "total_costs", "", 4244000, "sek"),
    fact("budget_line", "contribution_municipality", "lycksele", 326000, "sek"),
    fact("budget_line", "result", "", -206000, "sek"),  # signed: may be negative
    fact("statement", "kf_soliditet", "", 85, "pct"),
    fact("participants", "participants_total", "", 40, "count"),
    fact("indicator", "target", "economy:goal_1", 1, "bool", "unverified"),
    fact(
        "statement",
        "br_equity_and_liabilities_total",
        "",
        2751000,
        "sek",
        "conflict",
        "printed 2751000, parts 2750000",
    ),
]

VALID = {
    "raw_facts": FACTS,
    "raw_extracted_facts": FACTS,
    "raw_participants": [
        {
            "federation_id": "sodra_lappland",
            "participant_ref": "SL25-001",
            "intervention": "Samordningsfunktion",
            "gender": "female",
            "age_band": "20-29",
            "start_date": day("2025-01-10"),
            "end_date": day("2025-06-01"),
            "exit_code": "studies",
            "_source_file": "sodra_lappland/x.participants.csv",
            "_source_line": 2,
        },
        {
            "federation_id": "sodra_lappland",
            "participant_ref": "SL25-002",
            "intervention": "Samordningsfunktion",
            "gender": "male",
            "age_band": "30-39",
            "start_date": day("2025-02-01"),
            "end_date": day(None),
            "exit_code": None,
            "_source_file": "sodra_lappland/x.participants.csv",
            "_source_line": 3,
        },
    ],
    "raw_documents": [
        report(source_file="plan-2024.txt", document_kind="verksamhetsplan", document_date=day("2023-11-30"))
        | {"_source_file": "sodra_lappland/documents.csv", "_source_line": 2},
        report(source_file="ar-2025.txt", document_kind="arsredovisning", document_date=day(None))
        | {"_source_file": "sodra_lappland/documents.csv", "_source_line": 3},
    ],
    "fct_budget_lines": [
        current("total_costs", "", 300),
        current("board_total", "", 100),
        current("office_total", "", 50),
        current("premises_total", "", 50),
        current("admin_total", "", 50),
        current("interventions_total", "", 50),
        current("intervention", "en_vag_vidare", 50),
    ],
    "fct_statements": [
        current("br_assets_total", "", 2751000),
        current("br_equity_and_liabilities_total", "", 2750000),  # 1 tkr of rounding
    ],
    "fct_participants": [
        current("participants_total", "", 40),
        current("participants_gender", "female", 18),
        current("participants_gender", "male", 22),
        current("participants_age", "20-29", 15),
        current("participants_age", "30-39", 25),
    ],
    "fct_outcomes": [
        current("exits_total", "", 10),
        current("studies", "", 4),
        current("work_subsidized", "", 6),
    ],
    "fct_surveys": [
        current("sent", "board:all", 10),
        current("respondents", "board:all", 8),
        current("yes", "board:fraga_1", 7),
        current("partly", "board:fraga_1", 1),
        current("no", "board:fraga_1", 0),
    ],
    "rpt_equity": [
        report(
            equity_sek=500000.0,
            equity_basis="br_equity_total",
            contributions_sek=3678000.0,
            equity_pct=13.59,
            recommended_max_pct=20.0,
            exceeds_recommendation=False,
            total_assets_sek=2314000.0,
            soliditet_pct=21.61,
            soliditet_printed_pct=22.0,
        )
    ],
    "rpt_financing_split": [
        report(
            scenario="outcome",
            contributions_sek=3678000.0,
            state_pct=50.0,
            region_pct=25.0,
            municipalities_pct=25.0,
            region_municipalities_pct=50.0,
        )
    ],
    "rpt_cost_per_participant": [
        report(
            total_costs_sek=4244000.0,
            individual_costs_sek=2516000.0,
            participants=40,
            cost_per_participant_sek=106100.0,
            individual_cost_per_participant_sek=62900.0,
            participants_source="reported",
        )
    ],
    "rpt_goal_fulfilment": [
        report(indicators_assessed=7, met=5, partial=1, not_met=1, unknown=2, fulfilment_pct=78.57)
    ],
    "rpt_exit_outcomes": [
        report(
            exits=40,
            exits_source="reported",
            positive_exits=16,
            work_pct=35.0,
            studies_pct=5.0,
            positive_exit_pct=40.0,
        )
    ],
    "rpt_exit_outcomes_by_intervention": [
        report(
            intervention="samordningsfunktion",
            exits=28,
            positive_exits=10,
            work_pct=32.14,
            studies_pct=3.57,
            positive_exit_pct=35.71,
        )
    ],
    "rpt_survey_results": [
        report(
            respondent_group="board",
            question="fraga_1",
            sent=10,
            response_rate_pct=80.0,
            yes_pct=87.5,
            partly_pct=12.5,
            no_pct=0.0,
        )
    ],
    "rpt_budget_vs_outcome": [
        report(code="total_costs", item="", budget_sek=4346000.0, outcome_sek=4244000.0),
        report(code="result", item="", budget_sek=-368000.0, outcome_sek=-206000.0),
        report(code="contribution_municipality", item="lycksele", budget_sek=326000.0, outcome_sek=326000.0),
    ],
    "rpt_federation_year": [
        report(
            total_costs_sek=4244000.0,
            participants=40,
            exits=40,
            soliditet_pct=85.26,
            fulfilment_pct=78.57,
            state_pct=50.0,
            region_pct=25.0,
            municipalities_pct=25.0,
            region_municipalities_pct=50.0,
            work_pct=35.0,
            studies_pct=5.0,
            positive_exit_pct=40.0,
        )
    ],
    "rpt_data_quality": [report(facts=184, fact_versions=310, conflicts=0)],
    "corrections": [  # marts.fct_fact_versions: an analyst corrected the women to 18 and the exits to 10
        version("participants", "participants_total", "", 40),
        version("participants", "participants_gender", "female", 18, corrected_at=3),
        version("participants", "participants_gender", "female", 17, is_current=False),
        version("participants", "participants_gender", "male", 22),
        version("outcome", "exits_total", "", 10, corrected_at=4),
        version("outcome", "studies", "", 4),
        version("survey", "sent", "board:all", 10),
        version("survey", "respondents", "board:all", 8, corrected_at=5),
        version("survey", "yes", "board:fraga_1", 7),
        version("survey", "no", "board:fraga_1", 1),
    ],
    "ops_corrections": [
        {
            "source_file": "sodra_lappland/fix.corrections.csv",
            "line": 2,
            "federation_id": "sodra_lappland",
            "fiscal_year": 2025,
            "scenario": "outcome",
            "record_type": "participants",
            "code": "participants_total",
            "item": "",
            "corrects_reported_fact": True,
        }
    ],
    "rpt_indicator_status": [
        report(item="individual:goal_1", goal_area="individual", unit="pct", target=70.0, actual=80.0)
        | {"fulfilment": "met", "assessment_value": None},
        report(item="economy:goal_1", goal_area="economy", unit="count", target=2.0, actual=2.0)
        | {"fulfilment": "met", "assessment_value": 100.0},
    ],
    "rpt_participant_reconciliation": [
        report(record_type="participants", code="participants_total", item="", reconciliation="match")
        | {"reported_value": 40.0, "records_value": 40.0},
        report(record_type="outcome", code="studies", item="", reconciliation="reported_only")
        | {"reported_value": 2.0, "records_value": None},
    ],
}


def edit(index, **changes):
    return lambda rows: [row | changes if position == index else row for position, row in enumerate(rows)]


def drop(*codes):
    return lambda rows: [row for row in rows if row["code"] not in codes]


def twice(index):
    return lambda rows: [*rows, rows[index]]


BREAKAGES = [
    ("corrections", "women above all", edit(1, value=19.0), "corrected_parts_within_total", ERROR),
    ("corrections", "exits above participants", edit(4, value=41.0), "corrected_parts_within_total", ERROR),
    ("corrections", "answers above respondents", edit(7, value=7.0), "corrected_parts_within_total", ERROR),
    ("corrections", "respondents above sent", edit(7, value=11.0), "corrected_parts_within_total", ERROR),
    (
        "ops_corrections",
        "corrects nothing",
        edit(0, corrects_reported_fact=False),
        "corrections_replace_reported_facts",
        WARNING,
    ),
    ("raw_facts", "unknown federation", edit(0, federation_id="umea"), "federation_in_seeds", ERROR),
    (
        "raw_facts",
        "code of another record type",
        edit(0, code="br_cash"),
        "code_in_seeds_for_record_type",
        ERROR,
    ),
    ("raw_facts", "member of no federation", edit(1, item="umea"), "member_in_seeds", ERROR),
    ("raw_facts", "negative cost", edit(0, value=-4244000.0), "magnitudes_not_negative", ERROR),
    ("raw_facts", "negative count", edit(4, value=-1.0), "counts_not_negative", ERROR),
    ("raw_facts", "percentage as 120", edit(3, value=120.0), "percentages_0_to_100", ERROR),
    ("raw_facts", "bool as 2", edit(5, value=2.0), "bools_0_or_1", ERROR),
    ("raw_facts", "conflict without message", edit(6, message=None), "conflict_has_message", ERROR),
    ("raw_facts", "unknown scenario", edit(0, scenario="forecast"), "scenario_in_contract", ERROR),
    ("raw_facts", "unknown unit", edit(0, unit="tkr"), "unit_in_contract", ERROR),
    ("raw_facts", "NULL item", edit(0, item=None), "item_never_null", ERROR),
    (
        "raw_extracted_facts",
        "extractor says corrected",
        edit(0, status="corrected"),
        "status_in_contract",
        ERROR,
    ),
    ("raw_extracted_facts", "negative income", edit(1, value=-1.0), "magnitudes_not_negative", ERROR),
    ("raw_participants", "unknown gender", edit(0, gender="f"), "gender_in_contract", ERROR),
    ("raw_participants", "unknown age band", edit(0, age_band="15-19"), "age_band_in_contract", ERROR),
    ("raw_participants", "unknown exit", edit(0, exit_code="job"), "exit_code_in_seeds", ERROR),
    (
        "raw_participants",
        "ends before start",
        edit(0, end_date=day("2024-12-31")),
        "end_not_before_start",
        ERROR,
    ),
    ("raw_participants", "ended without exit", edit(0, exit_code=None), "ended_with_exit_code", WARNING),
    ("raw_participants", "record twice", twice(0), "record_once", WARNING),
    ("raw_documents", "unknown kind", edit(0, document_kind="plan"), "document_kind_known", ERROR),
    ("raw_documents", "listed twice", twice(0), "listed_once", ERROR),
    ("fct_budget_lines", "parts above total", edit(1, value=150.0), "parts_not_above_total", ERROR),
    ("fct_budget_lines", "every part printed, short", edit(1, value=90.0), "parts_sum_to_total", ERROR),
    (
        "fct_budget_lines",
        "board row not printed",
        drop("board_total"),
        "parts_sum_to_total_with_unprinted_parts",
        WARNING,
    ),
    (
        "fct_budget_lines",
        "printed conflict",
        edit(0, value=310.0, status="conflict"),
        "known_conflicts",
        WARNING,
    ),
    ("fct_statements", "does not balance", edit(1, value=2748000.0), "balance_sheet_balances", ERROR),
    (
        "fct_statements",
        "printed conflict",
        edit(1, value=2748000.0, status="conflict"),
        "known_conflicts",
        WARNING,
    ),
    ("fct_participants", "gender short of total", edit(2, value=21.0), "breakdown_sums_to_total", ERROR),
    (
        "fct_participants",
        "corrected age",
        edit(3, value=14.0, status="corrected"),
        "known_conflicts",
        WARNING,
    ),
    ("fct_outcomes", "codes short of exits", edit(1, value=3.0), "exits_by_outcome_sum_to_all_exits", ERROR),
    ("fct_surveys", "answers over respondents", edit(4, value=1.0), "answers_equal_respondents", ERROR),
    ("fct_surveys", "respondents over sent", edit(0, value=7.0), "respondents_at_most_sent", ERROR),
    (
        "rpt_equity",
        "equity 54 % of contributions",
        edit(0, equity_pct=54.0, exceeds_recommendation=True),
        "equity_within_recommendation",
        WARNING,
    ),
    ("rpt_equity", "soliditet over 100", edit(0, soliditet_pct=120.0), "soliditet_0_to_100", ERROR),
    (
        "rpt_equity",
        "negative contributions",
        edit(0, contributions_sek=-1.0),
        "contributions_not_negative",
        ERROR,
    ),
    ("rpt_equity", "year twice", twice(0), "one_row_per_federation_year", ERROR),
    (
        "rpt_financing_split",
        "state 48",
        edit(0, state_pct=48.0, region_pct=27.0, region_municipalities_pct=52.0),
        "state_share_near_50",
        WARNING,
    ),
    ("rpt_financing_split", "share over 100", edit(0, region_pct=125.0), "region_pct_0_to_100", ERROR),
    (
        "rpt_cost_per_participant",
        "negative cost",
        edit(0, total_costs_sek=-5.0),
        "total_costs_not_negative",
        ERROR,
    ),
    (
        "rpt_cost_per_participant",
        "individual over total",
        edit(0, individual_costs_sek=5000000.0),
        "individual_costs_within_total_costs",
        WARNING,
    ),
    ("rpt_goal_fulfilment", "fulfilment 120", edit(0, fulfilment_pct=120.0), "fulfilment_0_to_100", ERROR),
    ("rpt_goal_fulfilment", "more met than assessed", edit(0, met=8), "met_within_assessed", ERROR),
    ("rpt_exit_outcomes", "work 101 %", edit(0, work_pct=101.0), "work_pct_0_to_100", ERROR),
    (
        "rpt_exit_outcomes",
        "positive over exits",
        edit(0, positive_exits=41),
        "positive_exits_within_exits",
        ERROR,
    ),
    ("rpt_exit_outcomes", "mixed source", edit(0, exits_source="both"), "exits_source_known", ERROR),
    (
        "rpt_exit_outcomes_by_intervention",
        "negative share",
        edit(0, studies_pct=-1.0),
        "studies_pct_0_to_100",
        ERROR,
    ),
    (
        "rpt_survey_results",
        "response rate 120",
        edit(0, response_rate_pct=120.0),
        "response_rate_0_to_100",
        ERROR,
    ),
    (
        "rpt_survey_results",
        "unknown group",
        edit(0, respondent_group="public"),
        "respondent_group_in_contract",
        ERROR,
    ),
    (
        "rpt_budget_vs_outcome",
        "negative budgeted cost",
        edit(0, budget_sek=-1.0),
        "budget_magnitudes_not_negative",
        ERROR,
    ),
    ("rpt_budget_vs_outcome", "unknown code", edit(0, code="salaries"), "code_in_seeds", ERROR),
    ("rpt_federation_year", "soliditet 101", edit(0, soliditet_pct=101.0), "soliditet_0_to_100", ERROR),
    (
        "rpt_federation_year",
        "negative participants",
        edit(0, participants=-1),
        "participants_not_negative",
        ERROR,
    ),
    ("rpt_data_quality", "open conflicts", edit(0, conflicts=2), "no_unresolved_conflicts", WARNING),
    (
        "rpt_data_quality",
        "more facts than versions",
        edit(0, facts=400),
        "current_facts_within_versions",
        ERROR,
    ),
    ("rpt_indicator_status", "assessment 75", edit(1, assessment_value=75.0), "assessment_0_50_100", ERROR),
    ("rpt_indicator_status", "actual 130 %", edit(0, actual=130.0), "pct_actual_0_to_100", ERROR),
    (
        "rpt_indicator_status",
        "negative count target",
        edit(1, target=-1.0),
        "count_target_not_negative",
        ERROR,
    ),
    (
        "rpt_participant_reconciliation",
        "report and records differ",
        edit(0, reconciliation="mismatch"),
        "published_matches_records",
        WARNING,
    ),
    (
        "rpt_participant_reconciliation",
        "unknown reconciliation",
        edit(0, reconciliation="close"),
        "reconciliation_known",
        ERROR,
    ),
]


def test_every_suite_has_a_passing_frame_and_a_breakage():
    assert set(VALID) == set(SUITES)
    assert {suite for suite, *_ in BREAKAGES} == set(SUITES)


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_valid_frame_passes(validator, suite):
    outcome = validate(validator, suite, VALID[suite])
    assert outcome.passed, {failure.name: failure.observed_text() for failure in outcome.failures()}
    assert len(outcome.expectations) == len(SUITES[suite].expectations)


@pytest.mark.parametrize(
    ("suite", "change", "expectation", "severity"),
    [
        pytest.param(suite, change, name, severity, id=f"{suite}: {label}")
        for suite, label, change, name, severity in BREAKAGES
    ],
)
def test_breakage_fails_its_expectation(validator, suite, change, expectation, severity):
    outcome = validate(validator, suite, change(VALID[suite]))
    assert failed(outcome).get(expectation) is severity, failed(outcome)
    if severity is WARNING:  # a warning never comes with an error: it must not block
        assert outcome.severity is WARNING, failed(outcome)


def test_gender_parts_not_summing_to_the_total_names_the_federation_year(validator):
    outcome = validate(validator, "fct_participants", edit(2, value=21.0)(VALID["fct_participants"]))
    (failure,) = outcome.failures()
    assert failure.observed["failing"] == [
        {
            "federation_id": "sodra_lappland",
            "fiscal_year": 2025,
            "scenario": "outcome",
            "basis": "reported",
            "breakdown": "gender",
            "total": 40,
            "parts_sum": 39,
        }
    ]
    assert "federation_id=sodra_lappland, fiscal_year=2025" in failure.observed_text()


def test_an_impossible_correction_names_its_file_line_and_both_numbers(validator):
    outcome = validate(validator, "corrections", edit(1, value=19.0)(VALID["corrections"]))
    (failure,) = outcome.failures()
    assert failure.severity is ERROR
    assert failure.observed["failing"] == [
        {
            "correction": "sodra_lappland/fix.corrections.csv:3",
            "federation_id": "sodra_lappland",
            "fiscal_year": 2025,
            "scenario": "outcome",
            "basis": "reported",
            "rule": "gender",
            "question": "",
            "total_code": "participants_total",
            "total": 40,
            "parts": 41,
        }
    ]


def test_a_printed_contradiction_without_a_correction_is_not_the_corrections_business(validator):
    rows = [
        version("participants", "participants_total", "", 40),
        version("participants", "participants_gender", "male", 45),
    ]
    outcome = validate(validator, "corrections", rows)
    assert outcome.passed and outcome.rows == 0


def test_a_negative_cost_is_a_blocking_error(validator):
    outcome = validate(validator, "raw_facts", edit(0, value=-4244000.0)(VALID["raw_facts"]))
    result = results(outcome)["gx_raw_facts"]
    assert not result.passed and result.severity == AssetCheckSeverity.ERROR
    assert result.metadata["failed"].value == 1
    assert "magnitudes_not_negative" in result.metadata["failures"].value


def test_financing_49_26_25_is_on_the_1_point_tolerance_and_passes(validator):
    # abs(49 - 50) = 1 is within the tolerance, as in the model's deviates_from_statute
    split = edit(0, state_pct=49.0, region_pct=26.0, municipalities_pct=25.0, region_municipalities_pct=51.0)
    assert validate(validator, "rpt_financing_split", split(VALID["rpt_financing_split"])).passed


def test_financing_beyond_1_point_is_a_warning_not_an_error(validator):
    split = edit(0, state_pct=48.9, region_pct=26.1, municipalities_pct=25.0, region_municipalities_pct=51.1)
    outcome = validate(validator, "rpt_financing_split", split(VALID["rpt_financing_split"]))
    assert failed(outcome) == {
        "state_share_near_50": WARNING,
        "region_share_near_25": WARNING,
        "region_municipalities_share_near_50": WARNING,
    }
    checked = results(outcome)
    assert checked["gx_rpt_financing_split"].passed  # no error: the blocking check passes
    result = checked["gx_rpt_financing_split_warnings"]
    assert not result.passed and result.severity == AssetCheckSeverity.WARN


def test_equity_54_percent_over_the_20_percent_recommendation_is_a_warning(validator):
    equity = edit(0, equity_pct=54.0, exceeds_recommendation=True)
    outcome = validate(validator, "rpt_equity", equity(VALID["rpt_equity"]))
    assert failed(outcome) == {"equity_within_recommendation": WARNING}
    assert outcome.failures()[0].observed["failing"][0]["equity_pct"] == 54
    checked = results(outcome)
    assert checked["gx_rpt_equity"].passed and checked["gx_rpt_equity"].severity == AssetCheckSeverity.ERROR
    warning = checked["gx_rpt_equity_warnings"]
    assert not warning.passed and warning.severity == AssetCheckSeverity.WARN
    assert plain(warning.description) == (
        "1 warning: Södra Lappland 2025: equity 54 % of member contributions, above the recommended 20 %"
    )
    assert plain(warning.metadata["findings"].value) == (
        "- Södra Lappland 2025: equity 54 % of member contributions, above the recommended 20 %"
    )


def test_equity_above_100_percent_is_not_an_error(validator):
    equity = edit(0, equity_pct=180.0, exceeds_recommendation=True)
    outcome = validate(validator, "rpt_equity", equity(VALID["rpt_equity"]))
    assert outcome.severity is WARNING


def test_a_missing_column_fails_instead_of_passing(validator):
    rows = [
        {key: value for key, value in row.items() if key != "soliditet_pct"} for row in VALID["rpt_equity"]
    ]
    outcome = validate(validator, "rpt_equity", rows)
    assert failed(outcome)["soliditet_0_to_100"] is ERROR
    assert "could not be evaluated" in outcome.failures()[0].observed_text()


def plan_2020(total_available: float, equity_used: float) -> list[dict]:
    """Övre Österbo's generated plan for 2020, printed in tkr: 3 724 from members and the equity used."""
    return [
        current("total_available", "", total_available, scenario="budget"),
        current("contributions_total", "", 3724000, scenario="budget"),
        current("equity_used", "", equity_used, scenario="budget"),
    ]


def test_a_tkr_total_one_unit_off_its_parts_is_rounding_and_passes(validator):
    # 3 724 + 268 = 3 992 printed as 3 993: three figures rounded to whole tkr may be 1 500 kr off
    assert validate(validator, "fct_budget_lines", plan_2020(3993000, 268000)).passed


def test_a_tkr_total_off_by_more_than_its_rounding_is_a_blocking_error(validator):
    outcome = validate(validator, "fct_budget_lines", plan_2020(3994000, 268000))  # 2 000 kr off
    assert failed(outcome) == {"parts_sum_to_total": ERROR}


def test_a_total_in_kronor_is_held_to_the_krona(validator):
    outcome = validate(validator, "fct_budget_lines", plan_2020(3992500, 268000))  # not whole tkr
    assert failed(outcome) == {"parts_sum_to_total": ERROR}


def test_of_many_failing_rows_the_first_twenty_in_key_order_are_named(validator):
    """25 federation years over the recommendation, given newest first and federations reversed."""
    base = VALID["rpt_equity"][0]
    rows = [
        {**base, "federation_id": federation, "fiscal_year": year, "equity_pct": 30.0 + index}
        for index, (federation, year) in enumerate(
            (federation, year) for federation in ("zeta", "alfa") for year in range(2036, 2023, -1)
        )
    ]
    rows = [{**row, "exceeds_recommendation": True} for row in rows[:25]]
    outcome = validate(validator, "rpt_equity", rows)
    (failure,) = [found for found in outcome.failures() if found.name == "equity_within_recommendation"]
    assert failure.observed["unexpected_count"] == 25
    named = [(row["federation_id"], row["fiscal_year"]) for row in failure.observed["failing"]]
    # alfa's 12 years (2025–2036) first, oldest first, then zeta's from 2024 on
    assert named == [("alfa", year) for year in range(2025, 2037)] + [("zeta", y) for y in range(2024, 2032)]
    assert failure.observed["failing"][0] == {
        "federation_id": "alfa",
        "fiscal_year": 2025,
        "equity_pct": 54,  # the 25th row given: 30 + 24
        "recommended_max_pct": 20,
        "exceeds_recommendation": True,
    }
