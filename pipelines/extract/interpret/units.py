"""The money unit of a table: what it states, else what its figures' size says.

A table states its unit in its header or caption (`Belopp i tkr`), in a
sentence just above it (`Budgeten är upprättad i kronor`), or with its
figures (`1 416 000 kr`). A table that states nothing is in tkr when its
largest figure is small for a federation's budget (a federation spends
millions of kronor a year: `3 752` is tkr), in kronor when it is large.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.extract.model import Line
from pipelines.extract.tables.finder import stated_unit
from pipelines.extract.tables.table import Table

MULTIPLIERS = {"tkr": Decimal(1000), "kr": Decimal(1), "mkr": Decimal(1_000_000)}
KRONOR_FROM = 100_000  # an unstated table whose largest figure reaches this is in kronor


def table_unit(table: Table, lines: list[Line], amounts: list[Decimal]) -> tuple[Decimal, str]:
    """The multiplier to kronor, and where it came from; `amounts` are the table's figures as read."""
    unit, source = stated_unit(table, lines)
    if unit in MULTIPLIERS:
        return MULTIPLIERS[unit], f"{unit} ({source})"
    if amounts and max(abs(amount) for amount in amounts) >= KRONOR_FROM:
        return Decimal(1), "kr (figures of a budget's size in kronor)"
    return Decimal(1000), "tkr (figures too small to be kronor)"
