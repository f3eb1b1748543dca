"""A failed check in words, with its numbers (pipelines/quality/findings.py)."""

from pipelines.foundation.swedish_format import plain
from pipelines.quality.findings import dbt_test_finding, expectation_findings

NAMES = {"sodra_lappland": "Södra Lappland", "solleftea": "Sollefteå"}


def sentences(expectation, observed, suite="s", table="marts.t"):
    found = expectation_findings(
        suite, table, expectation, "warning", "Why it matters. More.", observed, NAMES
    )
    return [plain(finding.text) for finding in found]


def test_equity_above_the_recommendation_reads_as_the_board_would_say_it():
    observed = {
        "element_count": 2,
        "unexpected_count": 1,
        "failing": [
            {
                "federation_id": "sodra_lappland",
                "fiscal_year": 2025,
                "equity_pct": 53.64,
                "recommended_max_pct": 20,
            }
        ],
    }
    assert sentences("equity_within_recommendation", observed) == [
        "Södra Lappland 2025: equity 53,6 % of member contributions, above the recommended 20 %"
    ]


def test_a_printed_total_against_its_parts_gives_both_numbers():
    observed = {
        "unexpected_count": 1,
        "element_count": 3,
        "failing": [
            {
                "federation_id": "solleftea",
                "fiscal_year": 2025,
                "scenario": "plan",
                "total_code": "board_and_office_total",
                "part_codes": "board_total, office_total",
                "missing_parts": "",
                "total": 667000,
                "parts_sum": 687000,
            }
        ],
    }
    assert sentences("known_conflicts", observed) == [
        "Sollefteå 2025 plan: board_and_office_total printed as 667 000 kr, its parts sum to 687 000 kr"
    ]


def test_a_financing_share_off_the_statute_names_the_share():
    observed = {
        "unexpected_count": 1,
        "element_count": 9,
        "failing": [
            {"federation_id": "solleftea", "fiscal_year": 2024, "scenario": "budget", "state_pct": 47.5}
        ],
    }
    assert sentences("state_share_near_50", observed) == [
        "Sollefteå 2024 (budget): the state pay 47,5 % of member contributions, the statute says 50 %"
    ]


def test_an_unknown_check_still_names_the_row_and_its_values_and_more_rows_are_counted():
    observed = {
        "unexpected_count": 3,
        "element_count": 10,
        "failing": [{"federation_id": "okand", "fiscal_year": 2024, "participants": 1234}],
    }
    assert sentences("some_new_rule", observed) == [
        "okand 2024: why it matters (participants 1 234)",
        "marts.t: 2 more rows like these (see ops.dq_results)",
    ]


def test_a_check_that_could_not_run_says_so():
    assert sentences("x", {"exception": "column missing"}) == [
        "marts.t: x could not be evaluated (column missing)"
    ]


def test_a_failed_dbt_test_names_model_column_and_rows():
    finding = dbt_test_finding("not_null", "rpt_equity", "federation_id", "fail", 2, "Got 2 results")
    assert (finding.severity, finding.source, finding.text) == (
        "error",
        "dbt",
        "rpt_equity.federation_id: 2 rows failed test not_null",
    )
    assert dbt_test_finding("accepted_values", "m", None, "warn", 1, "").severity == "warning"
