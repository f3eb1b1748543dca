"""Every contract rule of the fact loader, on tiny inline files."""

from decimal import Decimal

import pytest

from pipelines.foundation.reference import load_reference
from pipelines.ingest.facts import FACT_COLUMNS, parse_facts

HEADER = ",".join(FACT_COLUMNS) + ",message"
GOOD = (
    "budget_line,sodra_lappland,2024,budget,contribution_municipality,lycksele,326000,sek,"
    "- Lycksele kommun,plan.txt,501,verified,"
)


def parse(*rows, header=HEADER, federation=None):
    text = "\n".join([header, *rows]) + "\n"
    return parse_facts(text, "landing/x.facts.csv", load_reference(), federation)


def test_a_good_row_loads_with_its_lineage():
    facts, rejections = parse(GOOD)
    assert rejections == []
    (fact,) = facts
    assert fact.value == Decimal("326000")
    assert (fact.code, fact.item, fact.fiscal_year, fact.line) == (
        "contribution_municipality",
        "lycksele",
        2024,
        2,
    )
    assert (fact.source_file, fact.source_line, fact.message) == ("plan.txt", "501", None)


def test_the_message_column_is_optional():
    facts, rejections = parse(GOOD.rstrip(","), header=",".join(FACT_COLUMNS))
    assert rejections == [] and len(facts) == 1


def test_a_wrong_header_rejects_the_file_at_line_1():
    facts, rejections = parse(GOOD, header="a,b,c")
    assert facts == []
    assert rejections[0].line == 1 and "header" in rejections[0].reason


def replace(field: str, value: str) -> str:
    cells = GOOD.split(",")
    cells[(*FACT_COLUMNS, "message").index(field)] = value
    return ",".join(cells)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("record_type", "budget", "record_type 'budget' is not one of"),
        ("federation_id", "umea", "unknown federation_id 'umea'"),
        ("fiscal_year", "24", "fiscal_year '24' is not a year"),
        ("scenario", "forecast", "scenario 'forecast' is not one of"),
        ("code", "salaries", "unknown code 'salaries' for record_type budget_line"),
        ("item", "umea", "item 'umea' is not a member of sodra_lappland"),
        ("value", "3752 kr", "value '3752 kr' is not a number"),
        ("value", "326000.5", "value '326000.5' is not whole kronor"),
        ("value", "-326000", "is negative; costs and income are magnitudes"),
        ("unit", "tkr", "unit 'tkr' is not one of"),
        ("unit", "count", "unit 'count' does not fit code contribution_municipality"),
        ("source_line", "p5", "source_line 'p5' is not a line, page:line or sheet!row"),
        ("status", "ok", "status 'ok' is not one of"),
        ("status", "conflict", "status conflict needs a message"),
    ],
)
def test_each_broken_rule_is_rejected_with_line_and_reason(field, value, reason):
    facts, rejections = parse(GOOD, replace(field, value))
    assert len(facts) == 1, "the good row still loads"
    (rejection,) = rejections
    assert rejection.line == 3
    assert reason in rejection.reason
    assert rejection.raw_content == replace(field, value)
    assert str(rejection).startswith("landing/x.facts.csv:3: ")


def test_a_result_may_be_negative_and_a_page_line_is_accepted():
    row = "budget_line,sodra_lappland,2025,outcome,result,,-206000,sek,Resultat,ar.pdf,12:4,verified,"
    facts, rejections = parse(row)
    assert rejections == [] and facts[0].value == Decimal("-206000")
    assert facts[0].source_line == "12:4"


def test_a_conflict_keeps_the_printed_value_and_its_message():
    row = (
        "budget_line,solleftea,2025,plan,board_and_office_total,,667000,sek,Summa,vp.txt,304,"
        'conflict,"printed 667000, parts sum to 687000"'
    )
    facts, rejections = parse(row)
    assert rejections == []
    assert facts[0].value == Decimal("667000")
    assert facts[0].message == "printed 667000, parts sum to 687000"


@pytest.mark.parametrize(
    ("code", "item", "ok"),
    [
        ("intervention", "en_vag_vidare", True),
        ("intervention", "En väg vidare", False),
        ("other_income", "", False),
        ("total_costs", "", True),
        ("total_costs", "extra", False),
    ],
)
def test_items_follow_the_contract(code, item, ok):
    row = f"budget_line,sodra_lappland,2024,budget,{code},{item},1000,sek,x,vp.txt,1,verified,"
    facts, rejections = parse(row)
    assert bool(facts) is ok and bool(rejections) is not ok


@pytest.mark.parametrize(
    ("record_type", "code", "item", "unit", "value", "ok"),
    [
        ("participants", "participants_gender", "female", "count", "18", True),
        ("participants", "participants_gender", "kvinna", "count", "18", False),
        ("participants", "participants_age", "20-29", "count", "5", True),
        ("participants", "participants_total", "", "count", "-1", False),
        ("participants", "participants_total", "", "count", "4.5", False),
        ("survey", "yes", "board:fraga_1", "count", "7", True),
        ("survey", "yes", "members:fraga_1", "count", "7", False),
        ("indicator", "target", "individual:goal_1", "pct", "70", True),
        ("indicator", "target", "working_methods:goal_2_1", "count", "4", True),
        ("indicator", "actual", "individual:goal_1", "pct", "180", False),
        ("indicator", "target", "individual", "pct", "70", False),
        ("statement", "kf_soliditet", "", "pct", "85", True),
        ("statement", "rr_result", "", "sek", "-206000", True),
        ("statement", "rr_operating_costs", "", "sek", "-4244000", False),
    ],
)
def test_units_and_qualifiers_per_record_type(record_type, code, item, unit, value, ok):
    row = f"{record_type},sodra_lappland,2025,outcome,{code},{item},{value},{unit},x,ar.txt,9,verified,"
    facts, rejections = parse(row)
    assert bool(facts) is ok, rejections


def test_a_fact_for_another_federation_than_its_folder_is_rejected():
    facts, rejections = parse(GOOD, federation="solleftea")
    assert facts == []
    assert "does not match its landing folder 'solleftea'" in rejections[0].reason


def test_short_rows_and_blank_lines():
    facts, rejections = parse(GOOD, "", "budget_line,sodra_lappland")
    assert len(facts) == 1
    assert rejections[0].line == 4 and "has 2 fields" in rejections[0].reason
