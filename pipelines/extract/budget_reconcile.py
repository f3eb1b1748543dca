"""Budget totals against their parts, and the year's result against income minus costs.

Like `reconcile.reconcile_totals` (the code hierarchy of seeds/codes.csv, a
missing part replaced by its own parts), with what budgets need beyond it:

- `board_and_office_total` is the sum of `board_total` and `office_total`
  (codes.csv hangs all three directly under `total_costs`);
- `result` is checked as income minus costs; where a cost total contradicts
  its own parts, the parts stand in for it;
- a `Blocked` code is one whose row was printed but not read: every check
  that would need it is skipped, so a row we could not read never makes a
  total look wrong (or right).

Checks are found first (`find_checks`) and applied second (`apply_checks`), so
the table reader can try several readings of an ambiguous row against the
same checks before it keeps one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipelines.extract.model import ExtractedFact
from pipelines.settings import SEEDS_DIR

_PARENT_OVERRIDES = {"board_total": "board_and_office_total", "office_total": "board_and_office_total"}
_NOT_SUMMED = {"result", "equity_closing", "cash_closing"}
ANY_CODE = "*"


@dataclass(frozen=True)
class Check:
    """`printed` (the fact at `total`) against `computed` from the facts at `parts`."""

    total: int
    parts: tuple[int, ...]
    printed: Decimal
    computed: Decimal
    kind: str  # 'sum' or 'result'

    @property
    def holds(self) -> bool:
        return self.printed == self.computed

    def message(self) -> str:
        if self.kind == "result":
            return f"printed {_plain(self.printed)}, income minus costs is {_plain(self.computed)}"
        return f"printed {_plain(self.printed)}, parts sum to {_plain(self.computed)}"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


@lru_cache(maxsize=1)
def _children() -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = defaultdict(list)
    with (SEEDS_DIR / "codes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["record_type"] != "budget_line":
                continue
            parent = _PARENT_OVERRIDES.get(row["code"], row["usual_parent"])
            if parent:
                children[parent].append(row["code"])
    return {parent: tuple(codes) for parent, codes in children.items()}


def children_of(code: str) -> tuple[str, ...]:
    return _children().get(code, ())


def parent_of(code: str) -> str | None:
    return next((parent for parent, codes in _children().items() if code in codes), None)


Blocked = set[tuple[int, str, str]]  # (fiscal_year, scenario, code or ANY_CODE)


def find_checks(facts: list[ExtractedFact], blocked: Blocked | None = None) -> list[Check]:
    """Every total-versus-parts and result check the budget lines in `facts` allow."""
    blocked = blocked or set()
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, fact in enumerate(facts):
        if fact.record_type == "budget_line":
            groups[(fact.federation_id, fact.fiscal_year, fact.scenario)].append(index)
    checks: list[Check] = []
    for (_, year, scenario), indexes in groups.items():
        if (year, scenario, ANY_CODE) in blocked:
            continue
        column = _Column(facts, indexes, {code for y, s, code in blocked if (y, s) == (year, scenario)})
        sums = column.sum_checks()
        checks.extend(sums)
        checks.extend(column.result_check({check.total for check in sums if not check.holds}))
    return checks


class _Column:
    """The facts of one year and scenario, by code."""

    def __init__(self, facts: list[ExtractedFact], indexes: list[int], blocked: set[str]):
        self.facts = facts
        self.by_code: dict[str, list[int]] = defaultdict(list)
        for index in indexes:
            self.by_code[facts[index].code].append(index)
        self.blocked = blocked

    def sum_checks(self) -> list[Check]:
        checks = []
        for code, totals in self.by_code.items():
            if code in _NOT_SUMMED or len(totals) != 1 or code in self.blocked:
                continue
            parts = self._parts(code)
            if parts:
                printed = self.facts[totals[0]].value
                checks.append(Check(totals[0], tuple(parts), printed, self._sum(parts), "sum"))
        return checks

    def _parts(self, code: str) -> list[int] | None:
        """The facts that add up to `code`; None when a part was printed but not read."""
        found: list[int] = []
        for child in children_of(code):
            if child in self.blocked:
                return None
            if child in self.by_code:
                found.extend(self.by_code[child])
                continue
            below = self._parts(child)
            if below is None:
                return None
            found.extend(below)
        return found

    def _sum(self, indexes: list[int]) -> Decimal:
        return sum((self.facts[index].value for index in indexes), Decimal(0))

    def result_check(self, conflicting: set[int]) -> list[Check]:
        results = self.by_code.get("result", [])
        if len(results) != 1 or "result" in self.blocked:
            return []
        try:
            income = self._value("income_total", conflicting)
            financial = self._value("financial_income", conflicting) or (Decimal(0), [])
            costs = self._value("total_costs", conflicting)
            equity = self._value("equity_used", conflicting)
        except _Unknown:
            return []
        if income is None or costs is None:
            return []
        terms = income[1] + financial[1] + costs[1]
        computed = income[0] + financial[0] - costs[0]
        printed = self.facts[results[0]].value
        if equity is not None and printed == computed + equity[0]:
            return [Check(results[0], tuple(terms + equity[1]), printed, printed, "result")]
        return [Check(results[0], tuple(terms), printed, computed, "result")]

    def _value(self, code: str, conflicting: set[int]) -> tuple[Decimal, list[int]] | None:
        """A code's amount and the facts it comes from: its own fact, else (or when that contradicts
        its parts) the sum of its parts; None when nothing of it is printed.

        Raises _Unknown when a row that belongs to it was printed but not read.
        """
        if code in self.blocked:
            raise _Unknown(code)
        own = self.by_code.get(code, [])
        if len(own) == 1 and own[0] not in conflicting:
            return self.facts[own[0]].value, own
        if len(own) > 1 and not children_of(code):
            return self._sum(own), own
        present = [value for child in children_of(code) if (value := self._value(child, conflicting))]
        if not present:
            return None
        return sum((value for value, _ in present), Decimal(0)), [i for _, used in present for i in used]


class _Unknown(Exception):
    """A code's amount depends on a row that was printed but not read."""


def apply_checks(facts: list[ExtractedFact], checks: list[Check]) -> list[ExtractedFact]:
    """Totals that hold and their parts become verified; a total that does not becomes conflict."""
    updated = list(facts)
    for check in checks:
        if check.holds:
            continue
        fact = updated[check.total]
        updated[check.total] = fact.with_status("conflict", check.message())
    for check in checks:
        if not check.holds:
            continue
        for index in (check.total, *check.parts):
            if updated[index].status != "conflict":
                updated[index] = updated[index].with_status("verified", updated[index].message)
    return updated
