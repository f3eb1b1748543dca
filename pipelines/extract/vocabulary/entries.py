"""The vocabulary's records: a label → code entry, a lookup's match, a refused mapping row; and which
record type each table kind's facts are."""

from __future__ import annotations

from dataclasses import dataclass

RECORD_TYPES = {
    "budget": "budget_line",
    "income_statement": "statement",
    "balance_sheet": "statement",
    "cash_flow": "statement",
    "key_figures": "statement",
    "cost_distribution": "statement",
    "participants": "participants",
    "exits": "outcome",
    "survey": "survey",
}


@dataclass(frozen=True)
class Entry:
    table_kind: str
    label: str
    code: str
    item: str = ""
    under: str = ""
    match: str = "exact"  # exact | contains
    source: str = ""  # `seeds/label_vocabulary.csv:12` or `landing/label_mappings.csv:3`


@dataclass(frozen=True)
class Match:
    code: str
    item: str
    score: float  # 100 exact; a close spelling's rapidfuzz ratio
    entry: Entry


@dataclass(frozen=True)
class MappingProblem:
    """A row of landing/label_mappings.csv that was not taken, with where and why."""

    source_file: str
    line: int
    reason: str
    raw: str
