"""Units checked across an annual report's tables: a header that states the wrong unit is overruled.

An annual report prints the same quantity in several places (the result in
the income statement, the cash flow and the balance sheet; the costs in
the income statement and the cost distribution). When every such figure of a
table is exactly a thousand times too large or too small against the
income statement and balance sheet, the table's stated unit is wrong
(`Belopp i kr.` over figures in tkr) and its amounts are corrected, with a
message saying so. A table with no such partner keeps its unit.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pipelines.extract.interpret.emit import Read
from pipelines.extract.reconcile.identities import partners

REFERENCE_PREFIXES = ("rr_", "br_")
FACTORS = (Decimal(1000), Decimal("0.001"))


def reconcile_units(reads: list[Read]) -> None:
    """Rescale, in place, the money facts of a table whose every cross-table partner says so."""
    reference = {
        (fact.code, fact.fiscal_year): fact.value
        for read in reads
        for fact in read.facts
        if fact.unit == "sek" and fact.code.startswith(REFERENCE_PREFIXES) and fact.scenario == "outcome"
    }
    if not reference:
        return
    for read in reads:
        money = [fact for fact in read.facts if fact.unit == "sek" and fact.scenario == "outcome"]
        if not money or all(fact.code.startswith(REFERENCE_PREFIXES) for fact in money):
            continue
        factor = _factor(money, reference)
        if factor is None:
            continue
        unit = "tkr" if factor > 1 else "kronor"
        note = f"figures read in {unit}: they match the income statement and balance sheet so"
        read.facts[:] = [
            replace(fact, value=(fact.value * factor).normalize() + 0, message=_joined(fact.message, note))
            if fact.unit == "sek"
            else fact
            for fact in read.facts
        ]


def _factor(facts, reference) -> Decimal | None:
    seen: set[Decimal] = set()
    for fact in facts:
        for code, shift in partners(fact.code):
            other = reference.get((code, fact.fiscal_year + shift))
            if other is None or other == 0 or fact.value == 0:
                continue
            if abs(fact.value) == abs(other):
                seen.add(Decimal(1))
            for factor in FACTORS:
                if abs(fact.value) * factor == abs(other):
                    seen.add(factor)
    if len(seen) == 1 and (factor := next(iter(seen))) != 1:
        return factor
    return None


def _joined(message: str | None, note: str) -> str:
    return f"{message}; {note}" if message else note
