"""Privacy rules of the NNS export, applied to the marts as Arrow tables.

`suppress_tables` is pure: the marts in, the same tables out with hidden cells
NULL and a `suppressed` column that names each hidden column and why. It maps
every person count of every table to one cell (the same number shown in
several tables is one cell, hidden everywhere or nowhere), ties the cells
together with the sums the tables imply, lets `cells.suppress_cells` decide,
and hides what the decision implies:

- counts of participants, exits and survey answers from 1 to 4 (`small_count`),
  and the cells that keep them from being recomputed (`complementary`);
- shares and per-participant figures over fewer than 10 persons (`small_base`);
- shares, differences, labels and record line ranges that would give a hidden
  count away (`derived`);
- free text quoting "k of n" persons with k or n - k from 1 to 4, or n under 10
  (`quoted_count`), in every table;
- indicator results in percent, shares of surveyed groups whose size the export
  does not carry (`unknown_base`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.export.cells import is_small, suppress_cells
from pipelines.export.column_rows import ColumnRows
from pipelines.export.person_cells import (
    FREE_TEXT,
    HANDLERS,
    PERSON_RECORD_TYPES,
    CellMap,
    ExitCategories,
    add_sums,
)

__all__ = ["PERSON_RECORD_TYPES", "ExitCategories", "may_be_hidden", "suppress_tables"]

SUPPRESSED = "suppressed"
SMALL_BASE = "small_base"
DERIVED = "derived"
QUOTED_COUNT = "quoted_count"
UNKNOWN_BASE = "unknown_base"
# Indicator results in percent are mostly shares of a small surveyed group (a board of 8, say)
# whose size the export does not carry, so such a share could give a small count away.
INDICATOR_SHARES = {"fct_indicators": "value", "fct_fact_versions": "value", "rpt_indicator_status": "actual"}
SMALLEST_BASE = 10  # shares and per-participant figures need at least this many persons
_FACT_TEXTS = ("raw_label", "message", "source_line")
_EXIT_SHARES = ("work_pct", "studies_pct", "positive_exit_pct")
_COSTS_PER_PARTICIPANT = ("cost_per_participant_sek", "individual_cost_per_participant_sek")
PERSON_COUNTS = {
    "fct_participants": ("value", "records_value"),
    "fct_outcomes": ("value", "records_value"),
    "fct_surveys": ("value",),
    "fct_fact_versions": ("value", "records_value"),  # rows of record_type participants, outcome, survey
    "rpt_participant_reconciliation": ("reported_value", "records_value"),
    "rpt_cost_per_participant": ("participants",),
    "rpt_federation_year": ("participants", "exits"),
    "rpt_exit_outcomes": ("exits", "exits_by_codes", "exits_to_work", "exits_to_studies", "positive_exits"),
    "rpt_exit_outcomes_by_intervention": ("exits", "exits_to_work", "exits_to_studies", "positive_exits"),
    "rpt_survey_results": (
        "sent",
        "respondents",
        "answers",
        "answered_yes",
        "answered_partly",
        "answered_no",
    ),
}
HIDDEN_WITH_COUNTS = {  # shares, per-participant figures, differences, labels and lineage
    "fct_participants": _FACT_TEXTS,
    "fct_outcomes": _FACT_TEXTS,
    "fct_surveys": _FACT_TEXTS,
    "fct_fact_versions": _FACT_TEXTS,
    "rpt_participant_reconciliation": ("records_minus_reported",),
    "rpt_cost_per_participant": _COSTS_PER_PARTICIPANT,
    "rpt_federation_year": _COSTS_PER_PARTICIPANT + _EXIT_SHARES,
    "rpt_exit_outcomes": _EXIT_SHARES,
    "rpt_exit_outcomes_by_intervention": _EXIT_SHARES,
    "rpt_survey_results": ("response_rate_pct", "yes_pct", "partly_pct", "no_pct"),
    "fct_indicators": ("value", "message"),
    "rpt_indicator_status": ("actual",),
}
K_OF_N = re.compile(r"\b(\d+)\s+(?:of|av)\s+(\d+)\b", re.IGNORECASE)


def may_be_hidden(table: str, columns) -> set[str]:
    """The columns of `table` that suppression can set to NULL."""
    hideable = {*PERSON_COUNTS.get(table, ()), *HIDDEN_WITH_COUNTS.get(table, ()), *FREE_TEXT}
    return hideable & set(columns)


def _decide(cell_map: CellMap) -> tuple[dict, dict]:
    """Run the cell suppression one federation-year at a time (no sum crosses them)."""
    values = {}
    for cell, seen in cell_map.values.items():
        small = [value for value in seen if is_small(value)]
        values[cell] = min(small or seen)
    by_year: dict = defaultdict(lambda: ({}, []))
    for cell, value in values.items():
        by_year[cell[1:3]][0][cell] = value
    for relation in cell_map.relations:
        by_year[relation.cells[0][1:3]][1].append(relation)
    hidden = {}
    for key in sorted(by_year, key=repr):
        cells, relations = by_year[key]
        hidden.update(suppress_cells(cells, relations))
    return values, hidden


def suppress_tables(
    tables: Mapping[str, pa.Table], categories: ExitCategories | None = None
) -> dict[str, pa.Table]:
    """Every table with its hidden cells NULL and a `suppressed` column (NULL when nothing is hidden)."""
    cell_map = CellMap(categories or ExitCategories.from_seed())
    records = {name: ColumnRows(table) for name, table in tables.items()}
    for name in sorted(records):
        if name in HANDLERS:
            HANDLERS[name](cell_map, name, records[name])
    add_sums(cell_map)
    values, hidden = _decide(cell_map)
    reasons = _reasons(cell_map, values, hidden, records)
    return {name: _apply(table, reasons.get(name, {})) for name, table in tables.items()}


def _reasons(cell_map: CellMap, values: Mapping, hidden: Mapping, records: Mapping) -> dict:
    """table -> row -> column -> why it is hidden."""
    reasons: dict = defaultdict(lambda: defaultdict(dict))

    def hide(table: str, row: int, column: str, why: str) -> None:
        if records[table][row].get(column) is not None:
            reasons[table][row].setdefault(column, why)

    for (table, row, column), cell in cell_map.shown.items():
        if cell in hidden:
            hide(table, row, column, hidden[cell])
    for table, row, column, numerator, denominator, base in cell_map.ratios:
        if base is not None and base < SMALLEST_BASE:
            hide(table, row, column, SMALL_BASE)
        elif numerator in hidden or denominator in hidden:
            hide(table, row, column, DERIVED)
    for table, row, column, cells in cell_map.dependent:
        if any(cell in hidden for cell in cells):
            hide(table, row, column, DERIVED)
    for table, row, column, cell in cell_map.labels:
        if cell in hidden and values[cell] in _numbers_in(records[table][row][column]):
            hide(table, row, column, DERIVED)
    for table, row, column in _indicator_shares(records):
        hide(table, row, column, UNKNOWN_BASE)
        if "message" in records[table][row]:
            hide(table, row, "message", UNKNOWN_BASE)
    for table, rows in records.items():
        for column in FREE_TEXT:
            if column not in rows.names:
                continue
            for row, text in enumerate(rows.column(column)):
                if text and _quotes_small_count(text):
                    hide(table, row, column, QUOTED_COUNT)
    return reasons


def _indicator_shares(records: Mapping):
    """(table, row, column) of every indicator result given in percent."""
    for table, column in INDICATOR_SHARES.items():
        for row, record in enumerate(records.get(table, ())):
            if record.get("unit") != "pct":
                continue
            if table == "rpt_indicator_status" or (
                record.get("record_type", "indicator") == "indicator" and record.get("code") == "actual"
            ):
                yield table, row, column


def _numbers_in(text: str | None) -> set[Decimal]:
    return {Decimal(number) for number in re.findall(r"\d+", text or "")}


def _quotes_small_count(text: str | None) -> bool:
    for k, n in K_OF_N.findall(text or ""):
        k, n = int(k), int(n)
        if n < SMALLEST_BASE or is_small(k) or is_small(n - k):
            return True
    return False


def _apply(table: pa.Table, reasons: Mapping) -> pa.Table:
    """The table with each hidden cell NULL, and the `suppressed` column; columns with nothing
    hidden are kept as they are."""
    hidden_rows: dict[str, list[int]] = defaultdict(list)
    notes = [None] * table.num_rows
    for row, hidden in reasons.items():
        for column in hidden:
            hidden_rows[column].append(row)
        notes[row] = " ".join(f"{c}:{hidden[c]}" for c in table.column_names if c in hidden)
    arrays = []
    for name in table.column_names:
        column = table.column(name)
        if name in hidden_rows:
            mask = [False] * table.num_rows  # a list, not numpy: pyarrow would import pandas for it
            for row in hidden_rows[name]:
                mask[row] = True
            column = pc.if_else(pa.array(mask, pa.bool_()), pa.scalar(None, column.type), column)
        arrays.append(column)
    arrays.append(pa.array(notes, type=pa.string()))
    return pa.Table.from_arrays(arrays, names=[*table.column_names, SUPPRESSED]).combine_chunks()
