"""Totals against the parts that were read, column by column; what holds verifies, what does not conflicts.

A column of a table is a list of slots in printed order: a row's code (or
None for a row no label could place) and its figure. A row that could not be
placed still has an amount, so it is counted where it is printed: under the
total whose parts surround it. That is how an unknown row inside a table
keeps a consistent table consistent instead of turning it into false
conflicts; the row itself goes to review.

`Check.holds` is exact: documents print totals of the figures they print.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipelines.extract.label_text import closes_a_sum
from pipelines.extract.reconcile.identities import (
    STATEMENT_IDENTITIES,
    Identity,
    budget_parents,
    budget_sections,
)

# Which rows add up to which: the same for every column of a table and every reading of its figures
# (only the codes, the printed order and the labels decide it), so it is found once per layout.
LAYOUT_MEMO = 1024
Parts = tuple[tuple[int, int], ...]  # (slot, sign) of each part of a total
Layout = tuple[tuple[int, str | None, str, str | None], ...]  # (row, code, label, parent_hint) per slot


@dataclass(frozen=True)
class Slot:
    row: int  # the row's position in the table
    code: str | None  # None: a row no label could place
    value: Decimal | None  # None: unreadable
    label: str = ""
    parent_hint: str | None = None  # for an unplaced row: the total it is printed among
    empty: bool = False  # nothing printed in this column (value None): adds nothing, but is no total


@dataclass(frozen=True)
class Check:
    total: int  # slot index
    parts: tuple[int, ...]
    signs: tuple[int, ...]
    printed: Decimal | None
    computed: Decimal | None  # None when a part could not be read
    strict: bool = True
    kind: str = "sum"  # sum | result
    tolerance: Decimal = Decimal(0)  # rounding: a table in tkr prints totals of unrounded parts

    @property
    def holds(self) -> bool:
        if self.printed is None or self.computed is None:
            return False
        return abs(self.printed - self.computed) <= self.tolerance

    @property
    def fails(self) -> bool:
        return self.strict and self.printed is not None and self.computed is not None and not self.holds


def _check(
    slots: list[Slot],
    total: int,
    parts: Parts,
    strict: bool = True,
    kind: str = "sum",
    rounding: Decimal = Decimal(0),
) -> Check:
    """`rounding`: the unit of a rounded table (1000 in tkr): half of it per part may be lost."""
    values = [Decimal(0) if slots[index].empty else slots[index].value for index, _ in parts]
    computed = (
        None
        if any(v is None for v in values)
        else sum((sign * value for (_, sign), value in zip(parts, values, strict=True)), Decimal(0))
    )
    # A part left empty may be a figure read into the wrong column: the check may verify, never conflict.
    strict = strict and not any(slots[index].empty for index, _ in parts)
    return Check(
        total,
        tuple(index for index, _ in parts),
        tuple(sign for _, sign in parts),
        slots[total].value,
        computed,
        strict,
        kind,
        rounding * max(1, len(parts) // 2) if len(parts) > 1 else Decimal(0),
    )


# --- budgets: the code tree ---------------------------------------------------------------------------------


def budget_checks(
    slots: list[Slot], result_checked: bool = True, rounding: Decimal = Decimal(0)
) -> list[Check]:
    """Every total against the parts printed under it; the result against income less costs."""
    return [
        _check(slots, total, parts, kind=kind, rounding=rounding)
        for total, parts, kind in _budget_sums(_layout(slots), result_checked)
    ]


def _layout(slots: list[Slot]) -> Layout:
    return tuple((slot.row, slot.code, slot.label, slot.parent_hint) for slot in slots)


def _unvalued(layout: Layout) -> list[Slot]:
    return [Slot(row, code, None, label, hint) for row, code, label, hint in layout]


@lru_cache(maxsize=LAYOUT_MEMO)
def _budget_sums(layout: Layout, result_checked: bool) -> tuple[tuple[int, Parts, str], ...]:
    """(total, parts, kind) of every check of a budget column."""
    slots = _unvalued(layout)
    present: dict[str, list[int]] = {}
    for index, slot in enumerate(slots):
        if slot.code is not None:
            present.setdefault(slot.code, []).append(index)
    parent = {index: _budget_parent(slots, index, present) for index in range(len(slots))}
    children: dict[int, list[int]] = {}
    for index, owner in parent.items():
        if owner is not None:
            children.setdefault(owner, []).append(index)
    _unknowns_among_parts(slots, parent, children)
    sums = [(total, tuple((p, 1) for p in parts), "sum") for total, parts in sorted(children.items())]
    if result_checked:
        result = _result_sum(slots, parent, present)
        if result is not None:
            sums.append((*result, "result"))
    return tuple(sums)


def _unknowns_among_parts(slots: list[Slot], parent: dict, children: dict[int, list[int]]) -> None:
    """A row no label placed, printed among a total's parts, is counted in the innermost such total."""
    spans = {
        total: (min(slots[i].row for i in [total, *parts]), max(slots[i].row for i in [total, *parts]))
        for total, parts in children.items()
    }
    for index, slot in enumerate(slots):
        if slot.code is not None or parent[index] is not None:
            continue
        around = [(high - low, total) for total, (low, high) in spans.items() if low < slot.row < high]
        if around:
            children[min(around)[1]].append(index)


def _budget_parent(slots: list[Slot], index: int, present: dict[str, list[int]]) -> int | None:
    slot = slots[index]
    if slot.code is None:
        if slot.parent_hint and slot.parent_hint in present:
            return _nearest(present[slot.parent_hint], slot.row, slots)
        return None
    for code in budget_parents().get(slot.code, ()):
        if code in present:
            return _nearest(present[code], slot.row, slots)
    return None


def _nearest(candidates: list[int], row: int, slots: list[Slot]) -> int:
    """The total a part is printed with, when its code's total is printed more than once: a `Summa` row
    closes the parts above it and any other total heads the parts below it, nearest first."""

    def rank(index: int) -> tuple[bool, int]:
        below_its_total = slots[index].row < row
        closing = closes_a_sum(slots[index].label)
        return (below_its_total == closing, abs(slots[index].row - row))

    return min(candidates, key=rank)


def _result_sum(
    slots: list[Slot], parent: dict[int, int | None], present: dict[str, list[int]]
) -> tuple[int, Parts] | None:
    """result = income − costs, each side the top-level rows of its section (a row no label placed
    counts on the side it is printed on)."""
    if "result" not in present:
        return None
    sections = budget_sections()
    result = present["result"][0]
    income, costs = [], []
    first_cost = min((s.row for s in slots if s.code and sections.get(s.code) == "cost"), default=None)
    for index, slot in enumerate(slots):
        if index == result or slot.row > slots[result].row:
            continue
        section = sections.get(slot.code) if slot.code else None
        owner = parent[index]
        owned = owner is not None and sections.get(slots[owner].code or "") not in (None, "equity")
        if owned and not (section == "income" and slots[owner].code == "total_available"):
            continue
        if slot.code in ("total_available", "equity_used"):
            continue
        if section == "income":
            income.append(index)
        elif (
            section == "cost"
            or slot.code is None
            and owner is None
            and first_cost is not None
            and slot.row > first_cost
        ):
            costs.append(index)
    if not income or not costs:
        return None
    return result, tuple([(index, 1) for index in income] + [(index, -1) for index in costs])


# --- statements: the LKBR identities ------------------------------------------------------------------------


def statement_checks(
    slots: list[Slot], identities: tuple[Identity, ...] = STATEMENT_IDENTITIES, rounding: Decimal = Decimal(0)
) -> list[Check]:
    layout = _layout(slots)
    sums = (
        _statement_sums(layout) if identities is STATEMENT_IDENTITIES else _identity_sums(layout, identities)
    )
    return [_check(slots, total, parts, strict, rounding=rounding) for total, parts, strict in sums]


@lru_cache(maxsize=LAYOUT_MEMO)
def _statement_sums(layout: Layout) -> tuple[tuple[int, Parts, bool], ...]:
    return _identity_sums(layout, STATEMENT_IDENTITIES)


def _identity_sums(layout: Layout, identities: tuple[Identity, ...]) -> tuple[tuple[int, Parts, bool], ...]:
    """(total, parts, strict) of every identity a statement column prints the total of."""
    slots = _unvalued(layout)
    present: dict[str, int] = {}
    for index, slot in enumerate(slots):
        if slot.code is not None:
            present.setdefault(slot.code, index)
    by_total: dict[str, list[Identity]] = {}
    for identity in identities:
        by_total.setdefault(identity.total, []).append(identity)
    sums = []
    for identity in identities:
        if identity.total not in present:
            continue
        parts = _expanded(identity, present, by_total, set())
        if not parts:
            continue
        total = present[identity.total]
        if identity.pure_sum:
            rows = [slots[total].row, *(slots[index].row for index, _ in parts)]
            low, high = min(rows), max(rows)
            parts += [
                (index, 1)
                for index, slot in enumerate(slots)
                if slot.code is None and low < slot.row < high and slot.parent_hint != "_heading"
            ]
        sums.append((total, tuple(parts), identity.strict))
    return tuple(sums)


def _expanded(identity: Identity, present: dict[str, int], by_total, seen: set[str]) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    for sign, code in identity.parts:
        if code in present:
            parts.append((present[code], sign))
            continue
        if code in seen:
            continue
        for inner in by_total.get(code, []):
            if inner.pure_sum or inner.total == code:
                expanded = _expanded(inner, present, by_total, seen | {code})
                parts += [(index, sign * inner_sign) for index, inner_sign in expanded]
                break
    return parts


# --- what the checks say about each slot --------------------------------------------------------------------


def score(checks: list[Check]) -> int:
    """How well a reading of a table adds up: checks that hold, less checks that fail."""
    return sum(1 for check in checks if check.holds) - sum(1 for check in checks if check.fails)


def verified_slots(checks: list[Check]) -> set[int]:
    found: set[int] = set()
    for check in checks:
        if check.holds:
            found.add(check.total)
            found.update(check.parts)
    return found


def conflicts(checks: list[Check]) -> dict[int, Check]:
    """Totals that contradict their parts and are not confirmed by another check."""
    holding = {check.total for check in checks if check.holds}
    return {check.total: check for check in checks if check.fails and check.total not in holding}
