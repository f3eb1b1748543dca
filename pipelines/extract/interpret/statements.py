"""Statements of an annual report by their known structure: income statement, balance sheet, cash flow,
five-year overview and cost distribution.

Each row's label is looked up among the lines of its statement's form
(`seeds/label_vocabulary.csv`: `Årets resultat` is rr_result in the income
statement, br_equity_result in the balance sheet, cf_result in the cash
flow), in whatever order and wording the document prints them, and the
form's identities (`reconcile.identities`) check what was read. Costs are
kept as magnitudes (`Verksamhetens kostnader -4 312` is 4 312 000), results and
changes with their sign. A table whose labels and figures OCR printed apart is
paired first (`pairing.py`).
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.extract.interpret.columns import caption_year, row_readings, target_of
from pipelines.extract.interpret.emit import Read, emit
from pipelines.extract.interpret.placed import Placed, choose
from pipelines.extract.interpret.units import table_unit
from pipelines.extract.model import Document, Line
from pipelines.extract.reconcile.checks import statement_checks
from pipelines.extract.reconcile.identities import MAGNITUDES
from pipelines.extract.tables.table import Table
from pipelines.extract.vocabulary import Match, Vocabulary

PERCENT_CODES = {"kf_soliditet"}
COUNT_CODES = {"kf_employees"}


def read_statement(
    table: Table, document: Document, vocabulary: Vocabulary, lines: list[Line], kind: str
) -> Read:
    caption = caption_year(f"{table.caption_text} {table.header.corner}", document)
    targets = [target_of(column, document, caption) for column in table.header.columns]
    placed = place_statement_rows(table, vocabulary, kind)
    amounts = [
        v.amount
        for p in placed
        for r in p.readings
        for v in r
        if v is not None
        and not v.is_percent
        and not (p.codes and p.codes[0].code in PERCENT_CODES | COUNT_CODES)
    ]
    multiplier, _ = table_unit(table, lines, amounts)

    def value_of(match: Match | None, amount: Decimal) -> Decimal:
        return statement_value(match, amount, multiplier)

    rounding = multiplier if multiplier >= 1000 else Decimal(0)
    choice = choose(
        placed,
        targets,
        Decimal(1),
        lambda slots, target: statement_checks(slots, rounding=rounding),
        value_of,
    )
    return _split_units(document, placed, choice, targets, value_of)


def statement_value(match: Match | None, amount: Decimal, multiplier: Decimal) -> Decimal:
    """Money to kronor (a magnitude for costs); soliditet in percent and staff as counts as printed."""
    if match is not None and match.code in PERCENT_CODES | COUNT_CODES:
        return amount
    value = amount * multiplier
    return abs(value) if match is not None and match.code in MAGNITUDES else value


def place_statement_rows(table: Table, vocabulary: Vocabulary, kind: str) -> list[Placed]:
    placed = []
    for index, row in enumerate(table.rows):
        if row.heading:
            continue
        placed.append(
            Placed(
                row, index, codes=vocabulary.lookup(kind, row.label), readings=row_readings(row, table.header)
            )
        )
    return placed


def _split_units(document, placed, choice, targets, value_of) -> Read:
    """Money rows in sek; soliditet in pct and staff in count, each fact with its own unit."""
    read = Read()
    groups = {"sek": [], "pct": [], "count": []}
    for p in placed:
        code = choice.codes.get(p.index)
        unit = (
            "pct"
            if code and code.code in PERCENT_CODES
            else "count"
            if code and code.code in COUNT_CODES
            else "sek"
        )
        groups[unit].append(p)
    for unit, members in groups.items():
        if members:
            read.extend(emit(document, members, choice, targets, "statement", unit, value_of, Decimal(1)))
    return read
