"""Suppression rules of the NNS export on tiny inline tables: small counts, complements, shares, text."""

from decimal import Decimal

import pyarrow as pa
import pytest

from pipelines.export.cells import COMPLEMENTARY, SMALL_COUNT, Relation, recomputable, suppress_cells
from pipelines.export.privacy import ExitCategories, may_be_hidden, suppress_tables

FEDERATION = {"federation_id": "demo", "fiscal_year": 2025, "scenario": "outcome"}


def facts(record_type: str, rows: list[tuple], **extra) -> pa.Table:
    """A tiny fct_ table: (code, item, value[, raw_label]) per row."""
    records = []
    for code, item, value, *label in rows:
        record = {**FEDERATION, "record_type": record_type, "code": code, "item": item}
        record |= {
            "value": None if value is None else Decimal(value),
            "raw_label": label[0] if label else code,
        }
        records.append(record | extra)
    return pa.Table.from_pylist(records)


def shown(table: pa.Table, column: str = "value", key: str = "item") -> dict:
    return {row[key]: row[column] for row in table.to_pylist()}


def notes(table: pa.Table, key: str = "item") -> dict:
    return {row[key]: row["suppressed"] for row in table.to_pylist()}


def test_a_3_and_a_2_in_a_group_are_both_hidden_and_the_total_still_shown():
    ages = [("participants_age", band, n) for band, n in (("20-29", 3), ("30-39", 2), ("40-49", 20))]
    table = facts("participants", [("participants_total", "", 25), *ages])
    safe = suppress_tables({"fct_participants": table})["fct_participants"]
    assert shown(safe) == {"": 25, "20-29": None, "30-39": None, "40-49": 20}
    assert notes(safe)["20-29"] == "value:small_count"
    assert notes(safe)["30-39"] == "value:small_count"
    assert notes(safe)[""] is None and notes(safe)["40-49"] is None


def test_a_single_small_count_hides_the_next_smallest_non_zero_cell_too():
    ages = [
        ("participants_age", band, n) for band, n in (("16-19", 0), ("20-29", 3), ("30-39", 9), ("40-49", 13))
    ]
    table = facts("participants", [("participants_total", "", 25), *ages])
    safe = suppress_tables({"fct_participants": table})["fct_participants"]
    assert shown(safe) == {"": 25, "16-19": 0, "20-29": None, "30-39": None, "40-49": 13}
    assert notes(safe)["30-39"] == "value:complementary"


def test_zeros_stay_visible_and_a_group_without_small_counts_is_untouched():
    genders = [("participants_gender", g, n) for g, n in (("female", 18), ("male", 22), ("unknown", 0))]
    table = facts("participants", [("participants_total", "", 40), *genders])
    safe = suppress_tables({"fct_participants": table})["fct_participants"]
    assert shown(safe) == {"": 40, "female": 18, "male": 22, "unknown": 0}
    assert set(notes(safe).values()) == {None}


def test_a_small_total_is_hidden_with_its_parts():
    genders = [("participants_gender", g, n) for g, n in (("female", 1), ("male", 2), ("unknown", 0))]
    table = facts("participants", [("participants_total", "", 3), *genders])
    safe = suppress_tables({"fct_participants": table})["fct_participants"]
    assert shown(safe) == {"": None, "female": None, "male": None, "unknown": 0}


def test_survey_answers_and_their_shares():
    row = {"federation_id": "demo", "fiscal_year": 2025, "respondent_group": "board", "question": "fraga_1"}
    row |= {"sent": 10, "respondents": 8, "response_rate_pct": Decimal("80.00"), "answers": 8}
    row |= {"answered_yes": 7, "answered_partly": 1, "answered_no": 0}
    row |= {"yes_pct": Decimal("87.50"), "partly_pct": Decimal("12.50"), "no_pct": Decimal("0.00")}
    big = row | {"question": "fraga_2", "sent": 40, "respondents": 31, "answers": 31, "answered_yes": 25}
    big |= {"answered_partly": 4, "answered_no": 2, "response_rate_pct": Decimal("77.50")}
    big |= {"yes_pct": Decimal("80.65"), "partly_pct": Decimal("12.90"), "no_pct": Decimal("6.45")}
    safe = suppress_tables({"rpt_survey_results": pa.Table.from_pylist([row, big])})["rpt_survey_results"]
    small, large = safe.to_pylist()
    assert (small["answered_yes"], small["answered_partly"], small["answered_no"]) == (None, None, 0)
    assert (small["yes_pct"], small["partly_pct"], small["no_pct"]) == (None, None, None)
    assert small["answers"] == 8 and small["response_rate_pct"] == Decimal("80.00")  # 8 of 10 sent
    assert small["suppressed"] == (
        "answered_yes:complementary answered_partly:small_count "
        "yes_pct:small_base partly_pct:small_base no_pct:small_base"
    )
    assert (large["answered_yes"], large["answered_partly"], large["answered_no"]) == (25, None, None)
    assert large["yes_pct"] == Decimal("80.65") and large["partly_pct"] is None and large["no_pct"] is None
    assert (
        large["suppressed"]
        == "answered_partly:small_count answered_no:small_count partly_pct:derived no_pct:derived"
    )


def exit_outcomes(exits: int, work: int, studies: int, **extra) -> dict:
    positive = work + studies
    row = {"federation_id": "demo", "fiscal_year": 2025, "exits": exits, "exits_basis": "printed_total"}
    row |= {"exits_source": "reported", "exits_by_codes": exits, "exits_to_work": work}
    row |= {"exits_to_studies": studies, "positive_exits": positive}
    shares = {"work_pct": work, "studies_pct": studies, "positive_exit_pct": positive}
    return row | {k: (Decimal(100 * v) / exits).quantize(Decimal("0.01")) for k, v in shares.items()} | extra


def test_shares_over_fewer_than_10_exits_are_hidden_and_the_counts_stay():
    table = pa.Table.from_pylist([exit_outcomes(8, work=5, studies=0)])
    (row,) = suppress_tables({"rpt_exit_outcomes": table})["rpt_exit_outcomes"].to_pylist()
    assert (row["exits"], row["exits_to_work"], row["exits_to_studies"]) == (8, 5, 0)
    assert (row["work_pct"], row["studies_pct"], row["positive_exit_pct"]) == (None, None, None)
    assert row["suppressed"] == "work_pct:small_base studies_pct:small_base positive_exit_pct:small_base"


def test_costs_per_participant_need_10_participants():
    rows = [
        {"federation_id": f, "fiscal_year": 2025, "total_costs_sek": Decimal(4244000), "participants": n}
        | {"cost_per_participant_sek": Decimal(4244000 // n), "individual_cost_per_participant_sek": None}
        for f, n in (("few", 7), ("tiny", 3), ("many", 40))
    ]
    safe = suppress_tables({"rpt_cost_per_participant": pa.Table.from_pylist(rows)})[
        "rpt_cost_per_participant"
    ]
    by = {row["federation_id"]: row for row in safe.to_pylist()}
    assert by["few"]["participants"] == 7 and by["few"]["cost_per_participant_sek"] is None
    assert by["few"]["suppressed"] == "cost_per_participant_sek:small_base"
    assert by["tiny"]["participants"] is None
    assert by["tiny"]["suppressed"] == "participants:small_count cost_per_participant_sek:small_base"
    assert by["many"]["cost_per_participant_sek"] == Decimal(106100) and by["many"]["suppressed"] is None


def test_one_count_in_several_tables_is_hidden_everywhere_and_nested_sums_give_nothing_away():
    codes = [("exits_total", "", 40), ("work_subsidized", "", 6), ("work_unsubsidized", "", 8)]
    codes += [("studies", "", 2), ("dropped_other", "", 24)]
    tables = {
        "fct_outcomes": facts("outcome", codes, origin="reported"),
        "rpt_exit_outcomes": pa.Table.from_pylist([exit_outcomes(40, work=14, studies=2)]),
    }
    safe = suppress_tables(tables, ExitCategories.from_seed())
    outcomes = shown(safe["fct_outcomes"], key="code")
    (report,) = safe["rpt_exit_outcomes"].to_pylist()
    assert (
        outcomes["studies"] is None and report["exits_to_studies"] is None and report["studies_pct"] is None
    )
    # positive = work + studies, and work = subsidised + unsubsidised: two sums, so two more cells go
    assert report["positive_exits"] == 16 and report["exits_to_work"] is None and report["work_pct"] is None
    assert outcomes["work_subsidized"] is None and outcomes["work_unsubsidized"] == 8
    assert outcomes["exits_total"] == 40 and outcomes["dropped_other"] == 24


def test_labels_that_quote_a_hidden_count_go_with_it():
    rows = [("respondents", "board:all", 8, "varav 8 svarade"), ("yes", "board:fraga_1", 7, "Ja 7 individer")]
    rows += [
        ("partly", "board:fraga_1", 1, "Delvis 1 individer"),
        ("no", "board:fraga_1", 0, "Nej 0 individer"),
    ]
    safe = suppress_tables({"fct_surveys": facts("survey", rows)})["fct_surveys"]
    labels = {row["code"]: row["raw_label"] for row in safe.to_pylist()}
    assert labels == {"respondents": "varav 8 svarade", "yes": None, "partly": None, "no": "Nej 0 individer"}
    assert {row["code"]: row["suppressed"] for row in safe.to_pylist()}["partly"] == (
        "value:small_count raw_label:derived"
    )


def test_an_age_band_label_is_not_a_count():
    ages = [
        ("participants_age", band, n, f"{band} AR") for band, n in (("60-65", 2), ("20-29", 5), ("30-39", 9))
    ]
    table = facts("participants", [("participants_total", "", 16, "Antal"), *ages])
    safe = suppress_tables({"fct_participants": table})["fct_participants"]
    assert shown(safe, "raw_label")["60-65"] == "60-65 AR"


def test_free_text_quoting_k_of_n_persons_is_hidden_in_any_table():
    rows = [
        {**FEDERATION, "record_type": "indicator", "code": "actual", "item": f"i:{n}", "message": text}
        for n, text in enumerate(
            ["board 7 of 8 said yes", "also chart (25 of 31)", "3 av 40 deltagare", None]
        )
    ]
    safe = suppress_tables({"fct_indicators": pa.Table.from_pylist(rows)})["fct_indicators"]
    assert [row["message"] for row in safe.to_pylist()] == [None, "also chart (25 of 31)", None, None]
    assert [row["suppressed"] for row in safe.to_pylist()] == [
        "message:quoted_count",
        None,
        "message:quoted_count",
        None,
    ]


def test_every_table_gets_a_suppressed_column_and_keeps_its_columns_and_types():
    table = pa.table({"federation_id": ["demo"], "fiscal_year": pa.array([2025], pa.int32())})
    safe = suppress_tables({"rpt_equity": table})["rpt_equity"]
    assert safe.column_names == ["federation_id", "fiscal_year", "suppressed"]
    assert safe.schema.field("fiscal_year").type == pa.int32()
    assert safe.column("suppressed").to_pylist() == [None]


def test_only_declared_columns_can_be_hidden():
    assert may_be_hidden("rpt_equity", ["equity_sek", "equity_pct"]) == set()
    assert may_be_hidden("fct_budget_lines", ["value", "raw_label", "message"]) == {"raw_label", "message"}
    assert "answered_yes" in may_be_hidden("rpt_survey_results", ["answered_yes", "question"])


# the cell level: relations, the group rule and the audit


def test_the_group_rule_on_cells():
    values = {"total": 25, "a": 3, "b": 9, "c": 13}
    hidden = suppress_cells(values, [Relation.of(["total"], ["a", "b", "c"])])
    assert hidden == {"a": SMALL_COUNT, "b": COMPLEMENTARY}


def test_the_audit_finds_what_two_overlapping_sums_give_away():
    relations = [Relation.of(["positive"], ["work", "studies"]), Relation.of(["work"], ["ws", "wu"])]
    assert recomputable(relations, {"studies", "ws", "work"}, ["studies"]) == []
    # ... but hiding only studies and wu (each sum has two hidden cells?) no: work is visible
    assert recomputable(relations, {"studies"}, ["studies"]) == ["studies"]
    # ws and wu hidden, work visible: studies = positive - work is still recomputable
    assert recomputable(relations, {"studies", "ws", "wu"}, ["studies"]) == ["studies"]
    values = {"positive": 16, "work": 14, "studies": 2, "ws": 6, "wu": 8}
    hidden = suppress_cells(values, relations)
    assert recomputable(relations, hidden, ["studies"]) == []
    assert hidden["studies"] == SMALL_COUNT


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_counts_1_to_4_are_small_and_0_and_5_are_not(small):
    hidden = suppress_cells({"x": small, "zero": 0, "five": 5}, [])
    assert hidden == {"x": SMALL_COUNT}


def test_indicator_results_in_percent_are_hidden_because_their_base_is_unknown():
    table = pa.Table.from_pylist(
        [
            {
                "federation_id": "sodra_lappland",
                "fiscal_year": 2025,
                "code": "target",
                "item": "working_methods:goal_1_1",
                "value": Decimal("80"),
                "unit": "pct",
                "message": None,
            },
            {
                "federation_id": "sodra_lappland",
                "fiscal_year": 2025,
                "code": "actual",
                "item": "working_methods:goal_1_1",
                "value": Decimal("87"),
                "unit": "pct",
                "message": "board: 87 %",
            },
            {
                "federation_id": "sodra_lappland",
                "fiscal_year": 2025,
                "code": "actual",
                "item": "working_methods:goal_2_1",
                "value": Decimal("4"),
                "unit": "count",
                "message": None,
            },
        ]
    )
    safe = suppress_tables({"fct_indicators": table})["fct_indicators"].to_pylist()
    assert [row["value"] for row in safe] == [Decimal("80"), None, Decimal("4")]
    assert safe[1]["message"] is None
    assert safe[1]["suppressed"] == "value:unknown_base message:unknown_base"
    assert safe[0]["suppressed"] is None and safe[2]["suppressed"] is None
