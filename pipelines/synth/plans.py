"""A verksamhetsplan: a few paragraphs and the budget table (budget year and two plan years).

Rows and labels follow what real plans print (members' contributions under
`Finansiering från medlemmar`, board and office detail, one row per intervention);
a small share of plans print a total that contradicts its parts, recorded as `conflict`.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

from pipelines.synth.budget_rows import STATE_LABELS, cost_rows, member_rows
from pipelines.synth.document import Cell, Document, Prose, Row, Table, fact, money
from pipelines.synth.economy import PLAN_YEARS, Economy, Lines
from pipelines.synth.federations import Federation
from pipelines.synth.prose import plan_paragraphs

CONFLICT_SHARE = 0.05


class _Column:
    """Facts of one column of the table: one year and scenario."""

    def __init__(self, federation: Federation, year: int, scenario: str, lines: Lines):
        self.federation, self.year, self.scenario, self.lines = federation, year, scenario, lines

    def cell(self, code: str, value: int, label: str, item: str = "") -> Cell:
        made = fact(
            "budget_line",
            self.federation.federation_id,
            self.year,
            self.scenario,
            code,
            item,
            abs(value) if code != "result" else value,
            "sek",
            label,
        )
        return money(value, made)


def plan_document(federation: Federation, economy: Economy, year: int, rng: random.Random) -> Document:
    columns = [
        _Column(federation, plan_year, "budget" if plan_year == year else "plan", economy.budgets[plan_year])
        for plan_year in range(year, year + PLAN_YEARS + 1)
    ]
    style = rng.choices(("worded", "last_year", "stale_title", "bare_years"), weights=(50, 20, 15, 15))[0]
    if style == "last_year":  # last year's budget beside this one, as plans often print it
        columns.insert(0, _Column(federation, year - 1, "budget", economy.budgets[year - 1]))
    headings = tuple(f"{'Budget' if c.scenario == 'budget' else 'Plan'} {c.year}" for c in columns)
    table = Table(
        kind="plan",
        title="Budget",
        columns=tuple(str(c.year) for c in columns) if style == "bare_years" else headings,
        rows=tuple(_rows(federation, columns, rng)),
        # A stale title left in front of the real header, as in plans copied from last year's.
        corner=f"Budget {year - 1} plan {year}–{year + 1}" if style == "stale_title" else "Belopp i tkr",
    )
    if rng.random() < CONFLICT_SHARE:
        table = _with_conflict(table, rng)
    adopted = date(year - 1, rng.choice((10, 11, 12)), rng.randint(1, 28)).isoformat()
    stem = f"{federation.federation_id.replace('_', '-')}_verksamhetsplan-{year}"
    prose = Prose(tuple(plan_paragraphs(federation, year, adopted, rng)))
    return Document(
        stem,
        "verksamhetsplan",
        federation.federation_id,
        year,
        adopted,
        f"Verksamhetsplan {year}",
        (prose, table),
    )


def _rows(federation: Federation, columns: list[_Column], rng: random.Random) -> list[Row]:
    def row(label: str, code: str, amount_of, item: str = "", child: bool = False) -> Row:
        return Row(label, tuple(c.cell(code, amount_of(c.lines), label, item) for c in columns), child)

    rows = [Row("Finansiering")]
    rows.append(row("Finansiering från medlemmar", "contributions_total", _contributions, child=True))
    rows += member_rows(row, federation, rng.choice(STATE_LABELS))
    if any(c.lines.equity_used for c in columns):
        label = rng.choice((f"{federation.short} eget kapital", "Eget kapital", "Disponibelt eget kapital"))
        rows.append(row(label, "equity_used", lambda x: x.equity_used, child=True))
    if any(c.lines.esf for c in columns):
        rows.append(row(rng.choice(("ESF-medel", "ESF medel")), "other_income", lambda x: x.esf, "esf", True))
    rows.append(row("Summa medel att disponera", "total_available", lambda x: x.available))
    rows += cost_rows(row, [c.lines for c in columns], "Kansli och administration - personal", rent_row=True)
    if rng.random() < 0.5:
        rows.append(row("Årets resultat", "result", lambda x: x.result))
    return rows


def _contributions(lines: Lines) -> int:
    return lines.contributions


MIN_CONFLICT_TKR = 10  # beyond the rounding of the ten or so figures a total sums


def _with_conflict(table: Table, rng: random.Random) -> Table:
    """One top-level total printed off by a little: the printed value is the fact, marked conflict.

    A little, but more than rounding explains: in a table printed in tkr each
    figure may be 500 kr off, so a total one or two units off its parts is a
    document's rounding (the extractor verifies it), not a contradiction.
    """
    codes = ("total_costs", "total_available")
    rows = list(table.rows)
    target = rng.choice([i for i, r in enumerate(rows) if r.cells and r.cells[0].fact.code in codes])
    column = rng.randrange(len(table.columns))
    cell = rows[target].cells[column]
    printed = cell.printed + rng.choice((-1, 1)) * rng.randint(MIN_CONFLICT_TKR, 40) * 1000
    message = f"printed {printed}, parts sum to {cell.printed}"
    printed_fact = replace(cell.fact, value=Decimal(printed), status="conflict", message=message)
    cells = list(rows[target].cells)
    cells[column] = Cell(printed, cell.unit, printed_fact)
    rows[target] = Row(rows[target].label, tuple(cells), rows[target].child)
    return Table(table.kind, table.title, table.columns, tuple(rows), table.corner)
