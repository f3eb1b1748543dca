"""Every person count of every mart table as a cell, and the sums that tie the cells together.

One number shown in several tables is one cell: a current fact, the count from
participant records, a superseded document's figure, or a derived figure of
a report (exits to work, answers to a question, exits of an intervention).
`CellMap` collects, per table row and column, which cell it shows, which
shares and per-participant figures rest on which cells, and which texts
quote them; then `add_sums` adds the sums the tables imply (a total and its
breakdown, positive exits and their parts, interventions and all exits).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pipelines.export.cells import Relation
from pipelines.export.column_rows import ColumnRows
from pipelines.foundation.settings import SEEDS_DIR

PERSON_RECORD_TYPES = ("participants", "outcome", "survey")
CURRENT, RECORDS = "current", "records"
FREE_TEXT = ("raw_label", "message")
ANSWER_CODES = ("yes", "partly", "no")
EXIT_MEASURES = ("exits", "by_codes", "to_work", "to_studies", "positive")
PARTICIPANTS_TOTAL = {"code": "participants_total", "item": ""}


@dataclass(frozen=True)
class ExitCategories:
    """Outcome codes by what they count as (seeds/outcome_categories.csv)."""

    work: frozenset[str]
    studies: frozenset[str]
    positive: frozenset[str]

    @property
    def positive_is_work_or_studies(self) -> bool:
        return self.positive == self.work | self.studies

    @classmethod
    def from_rows(cls, rows) -> ExitCategories:
        """Rows of (outcome_code, sus_category, positive_exit)."""
        rows = list(rows)
        return cls(
            frozenset(code for code, category, _ in rows if category == "work"),
            frozenset(code for code, category, _ in rows if category == "studies"),
            frozenset(code for code, _, positive in rows if positive in (True, "true")),
        )

    @classmethod
    def from_seed(cls, path: Path = SEEDS_DIR / "outcome_categories.csv") -> ExitCategories:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle)
            return cls.from_rows((r["outcome_code"], r["sus_category"], r["positive_exit"]) for r in rows)


@dataclass
class CellMap:
    """Which cell every person figure of every table shows, and how the cells add up."""

    categories: ExitCategories
    values: dict = field(default_factory=lambda: defaultdict(set))
    relations: set = field(default_factory=set)
    shown: dict = field(default_factory=dict)  # (table, row, column) -> cell
    ratios: list = field(default_factory=list)  # (table, row, column, numerator, denominator, base)
    dependent: list = field(default_factory=list)  # (table, row, column, cells): hidden with any of them
    labels: list = field(default_factory=list)  # (table, row, column, cell): hidden when it quotes the cell
    exit_rows: dict = field(default_factory=dict)  # (federation, year) -> (view, basis)
    interventions: dict = field(default_factory=lambda: defaultdict(list))

    def show(self, table: str, row: int, column: str, cell: tuple, value) -> None:
        if value is not None:
            self.values[cell].add(Decimal(value))
            self.shown[(table, row, column)] = cell

    def equal(self, one: tuple, other: tuple) -> None:
        self.relations.add(Relation.of([one], [other]))

    def sums(self, total, parts) -> None:
        self.relations.add(Relation.of(total, parts))

    def share(self, table: str, row: int, column: str, numerator, denominator, record: Mapping, base: str):
        """A share column: it shows its numerator as soon as the base is known."""
        value, base_value = record[column], record[base]
        if value is not None and base_value is not None and numerator is not None:
            implied = (Decimal(value) * Decimal(base_value) / 100).quantize(Decimal(1), ROUND_HALF_UP)
            self.values[numerator].add(implied)
        self.ratios.append((table, row, column, numerator, denominator, base_value))


def _fact(record: Mapping, view: str, **given) -> tuple:
    def field_of(name: str):
        return given[name] if name in given else record[name]

    return (
        "fact",
        field_of("federation_id"),
        field_of("fiscal_year"),
        view,
        field_of("record_type"),
        field_of("scenario"),
        field_of("code"),
        field_of("item") or "",
    )


def _exit(record: Mapping, measure: str) -> tuple:
    return ("exit", record["federation_id"], record["fiscal_year"], measure)


def _by_intervention(record: Mapping, measure: str) -> tuple:
    return ("exit_by", record["federation_id"], record["fiscal_year"], record["intervention"], measure)


def _linked_texts(cell_map: CellMap, table: str, index: int, record: Mapping, cell: tuple) -> None:
    for column in FREE_TEXT:
        if column in record:
            cell_map.labels.append((table, index, column, cell))
    if record.get("origin") == "participant_records":  # a single line number would be a count of 1
        cell_map.dependent.append((table, index, "source_line", (cell,)))


def _records_of(cell_map: CellMap, table: str, index: int, record: Mapping, current: tuple) -> None:
    records = _fact(record, RECORDS)
    cell_map.show(table, index, "records_value", records, record.get("records_value"))
    from_records = record.get("origin") == "participant_records" and record.get("is_current", True)
    if record.get("reconciliation") == "match" or from_records:
        cell_map.equal(current, records)


def _facts(cell_map: CellMap, table: str, records: ColumnRows) -> None:
    """fct_participants, fct_outcomes, fct_surveys: one current fact per row."""
    for index, record in records.rows_where("record_type", PERSON_RECORD_TYPES):
        current = _fact(record, CURRENT)
        cell_map.show(table, index, "value", current, record["value"])
        _records_of(cell_map, table, index, record, current)
        _linked_texts(cell_map, table, index, record, current)


def _versions(cell_map: CellMap, table: str, records: ColumnRows) -> None:
    """fct_fact_versions: superseded versions are cells of their own document (or the records)."""
    for index, record in records.rows_where("record_type", PERSON_RECORD_TYPES):
        current = _fact(record, CURRENT)
        if record["is_current"]:
            cell = current
        elif record["origin"] == "participant_records":
            cell = _fact(record, RECORDS)
        else:
            cell = _fact(record, f"document:{record['source_file']}")
        cell_map.show(table, index, "value", cell, record["value"])
        if cell != current and record.get("values_disagree") is False:
            cell_map.equal(cell, current)
        _records_of(cell_map, table, index, record, current)
        _linked_texts(cell_map, table, index, record, cell)


def _reconciliation(cell_map: CellMap, table: str, records: ColumnRows) -> None:
    for index, record in enumerate(records):
        current = _fact(record, CURRENT, scenario="outcome")
        records_cell = _fact(record, RECORDS, scenario="outcome")
        cell_map.show(table, index, "reported_value", current, record["reported_value"])
        cell_map.show(table, index, "records_value", records_cell, record["records_value"])
        cell_map.dependent.append((table, index, "records_minus_reported", (current, records_cell)))
        if record["reconciliation"] == "match":
            cell_map.equal(current, records_cell)


def _participants(cell_map: CellMap, table: str, records: ColumnRows) -> None:
    """rpt_cost_per_participant, rpt_federation_year: participants and the costs per participant."""
    for index, record in enumerate(records):
        cell = _fact(record, CURRENT, record_type="participants", scenario="outcome", **PARTICIPANTS_TOTAL)
        cell_map.show(table, index, "participants", cell, record["participants"])
        for column in ("cost_per_participant_sek", "individual_cost_per_participant_sek"):
            cell_map.ratios.append((table, index, column, None, cell, record["participants"]))


def _exits(cell_map: CellMap, table: str, records: ColumnRows) -> None:
    """rpt_exit_outcomes and the exit columns of rpt_federation_year."""
    columns = {"exits_by_codes": "by_codes", "exits_to_work": "to_work", "exits_to_studies": "to_studies"}
    columns |= {"positive_exits": "positive", "exits": "exits"}
    for index, record in enumerate(records):
        for column, measure in columns.items():
            if column in record:
                cell_map.show(table, index, column, _exit(record, measure), record[column])
        exits = _exit(record, "exits")
        for column, measure in (("work_pct", "to_work"), ("studies_pct", "to_studies")):
            cell_map.share(table, index, column, _exit(record, measure), exits, record, "exits")
        cell_map.share(table, index, "positive_exit_pct", _exit(record, "positive"), exits, record, "exits")
        if "exits_source" in record:
            view = RECORDS if record["exits_source"] == "participant_records" else CURRENT
            cell_map.exit_rows[(record["federation_id"], record["fiscal_year"])] = (
                view,
                record["exits_basis"],
            )


def _exits_by_intervention(cell_map: CellMap, table: str, records: ColumnRows) -> None:
    measures = {"exits": "exits", "exits_to_work": "to_work", "exits_to_studies": "to_studies"}
    measures["positive_exits"] = "positive"
    for index, record in enumerate(records):
        for column, measure in measures.items():
            cell_map.show(table, index, column, _by_intervention(record, measure), record[column])
        exits = _by_intervention(record, "exits")
        for column, measure in (("work_pct", "to_work"), ("studies_pct", "to_studies")):
            cell_map.share(table, index, column, _by_intervention(record, measure), exits, record, "exits")
        positive = _by_intervention(record, "positive")
        cell_map.share(table, index, "positive_exit_pct", positive, exits, record, "exits")
        if cell_map.categories.positive_is_work_or_studies:
            parts = [_by_intervention(record, "to_work"), _by_intervention(record, "to_studies")]
            cell_map.sums([positive], parts)
        cell_map.interventions[(record["federation_id"], record["fiscal_year"])].append(
            record["intervention"]
        )


def _surveys(cell_map: CellMap, table: str, records: ColumnRows) -> None:
    answers = {"answered_yes": "yes", "answered_partly": "partly", "answered_no": "no"}
    for index, record in enumerate(records):
        group, question = record["respondent_group"], record["question"]

        def fact(code: str, item: str, record=record) -> tuple:
            return _fact(record, CURRENT, record_type="survey", scenario="outcome", code=code, item=item)

        sent, respondents = fact("sent", f"{group}:all"), fact("respondents", f"{group}:all")
        total = ("answers", record["federation_id"], record["fiscal_year"], group, question)
        cell_map.show(table, index, "sent", sent, record["sent"])
        cell_map.show(table, index, "respondents", respondents, record["respondents"])
        cell_map.show(table, index, "answers", total, record["answers"])
        cell_map.share(table, index, "response_rate_pct", respondents, sent, record, "sent")
        parts = []
        for column, code in answers.items():
            cell = fact(code, f"{group}:{question}")
            parts.append(cell)
            cell_map.show(table, index, column, cell, record[column])
            cell_map.share(table, index, f"{code}_pct", cell, total, record, "answers")
        cell_map.sums([total], parts)


HANDLERS = {
    "fct_participants": _facts,
    "fct_outcomes": _facts,
    "fct_surveys": _facts,
    "fct_fact_versions": _versions,
    "rpt_participant_reconciliation": _reconciliation,
    "rpt_cost_per_participant": _participants,
    "rpt_federation_year": lambda cell_map, table, records: (
        _participants(cell_map, table, records),
        _exits(cell_map, table, records),
    ),
    "rpt_exit_outcomes": _exits,
    "rpt_exit_outcomes_by_intervention": _exits_by_intervention,
    "rpt_survey_results": _surveys,
}


def add_sums(cell_map: CellMap) -> None:
    """The sums the tables imply, over every cell collected."""
    index = _fact_index(cell_map)
    _table_sums(cell_map, index)
    _exit_sums(cell_map, index)


def _fact_index(cell_map: CellMap) -> dict:
    """(federation, year, view, record_type, scenario) -> {(code, item): cell} of every fact cell."""
    index: dict = defaultdict(dict)
    for cell in cell_map.values:
        if cell[0] == "fact":
            _, federation, year, view, record_type, scenario, code, item = cell
            index[(federation, year, view, record_type, scenario)][(code, item)] = cell
    return index


def _table_sums(cell_map: CellMap, index: dict) -> None:
    """The sums every view of the facts holds: totals and their breakdowns."""
    for (_, _, _, record_type, _), cells in sorted(index.items()):
        if record_type == "participants":
            total = cells.get(("participants_total", ""))
            for breakdown in ("participants_gender", "participants_age"):
                parts = [cell for (code, _), cell in sorted(cells.items()) if code == breakdown]
                if total and parts:
                    cell_map.sums([total], parts)
        elif record_type == "outcome" and ("exits_total", "") in cells:
            parts = [cell for (code, _), cell in sorted(cells.items()) if code != "exits_total"]
            cell_map.sums([cells[("exits_total", "")]], parts)
        elif record_type == "survey":
            for (code, item), respondents in sorted(cells.items()):
                if code != "respondents" or not item.endswith(":all"):
                    continue
                prefix = item.removesuffix("all")
                questions = {i for (c, i) in cells if c in ANSWER_CODES and i.startswith(prefix)}
                for question in sorted(questions):
                    answers = [cells[(c, question)] for c in ANSWER_CODES if (c, question) in cells]
                    cell_map.sums([respondents], answers)


def _exit_sums(cell_map: CellMap, index: dict) -> None:
    """rpt_exit_outcomes and rpt_exit_outcomes_by_intervention against the exit codes they sum."""
    categories = cell_map.categories

    def codes(cells: dict, wanted) -> list:
        return [cell for (code, _), cell in sorted(cells.items()) if wanted(code)]

    for (federation, year), (view, basis) in sorted(cell_map.exit_rows.items()):
        cells = index.get((federation, year, view, "outcome", "outcome"), {})
        exit_cell = {m: ("exit", federation, year, m) for m in EXIT_MEASURES}
        cell_map.sums([exit_cell["to_work"]], codes(cells, categories.work.__contains__))
        cell_map.sums([exit_cell["to_studies"]], codes(cells, categories.studies.__contains__))
        cell_map.sums([exit_cell["positive"]], codes(cells, categories.positive.__contains__))
        if categories.positive_is_work_or_studies:
            cell_map.sums([exit_cell["positive"]], [exit_cell["to_work"], exit_cell["to_studies"]])
        cell_map.sums([exit_cell["by_codes"]], codes(cells, lambda code: code != "exits_total"))
        if basis == "printed_total" and ("exits_total", "") in cells:
            cell_map.equal(exit_cell["exits"], cells[("exits_total", "")])
        elif basis == "sum_of_codes":
            cell_map.equal(exit_cell["exits"], exit_cell["by_codes"])
    wanted = {"exits": {"exits_total"}.__contains__, "to_work": categories.work.__contains__}
    wanted |= {"to_studies": categories.studies.__contains__, "positive": categories.positive.__contains__}
    for (federation, year), interventions in sorted(cell_map.interventions.items()):
        cells = index.get((federation, year, RECORDS, "outcome", "outcome"), {})
        for measure, belongs in wanted.items():
            per_intervention = [("exit_by", federation, year, i, measure) for i in interventions]
            cell_map.sums(codes(cells, belongs), per_intervention)
