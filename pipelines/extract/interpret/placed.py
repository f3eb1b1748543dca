"""A table's rows as an interpreter placed them, and the choice among what the printing leaves open.

Each row with figures gets its possible codes (several when the vocabulary
lists a label twice, none when no label matched) and its possible readings
(several when a single space may separate two columns or group thousands).
`choose` tries the combinations and keeps the one under which most totals
agree with their parts (`reconcile.checks.score`); a row whose choice the
arithmetic does not settle keeps its first code, and an ambiguous reading
goes to review instead of being guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from pipelines.extract.interpret.columns import Reading, Target
from pipelines.extract.reconcile.checks import Check, Slot, score, verified_slots
from pipelines.extract.tables.table import Row
from pipelines.extract.vocabulary import Match

MAX_COMBINATIONS = 4096


@dataclass
class Placed:
    row: Row
    index: int  # the row's position among the table's rows
    codes: list[Match] = field(default_factory=list)  # empty: no label matched
    readings: list[Reading] = field(default_factory=list)
    parent_hint: str | None = None
    item: str = ""  # an item the interpreter derived (an intervention's slug, a member's id)
    tentative: Match | None = None  # a code for an unknown label, taken only when the totals then agree
    reason: str | None = None  # why the row is not read, when it is not


@dataclass(frozen=True)
class Choice:
    codes: dict[int, Match | None]  # placed index → chosen code (None: unplaced)
    readings: dict[int, Reading]
    checks: dict[Target, list[Check]]
    slots: dict[Target, list[Slot]]
    ambiguous: set[int]  # placed rows whose figures the arithmetic could not settle
    slot_of: dict[int, int]  # placed row index → its slot in every column's slots


Checker = Callable[[list[Slot], Target], list[Check]]


def choose(
    placed: list[Placed],
    targets: list[Target | None],
    multiplier: Decimal,
    checker: Checker,
    value_of: Callable[[Match | None, Decimal], Decimal] = lambda match, amount: amount,
) -> Choice:
    rows = [p for p in placed if p.readings or p.row.has_values]
    open_rows = [p for p in rows if len(p.readings) > 1 or len(_candidates(p)) > 1]
    options = [[(code, reading) for code in _candidates(p) for reading in p.readings] for p in open_rows]
    combinations = 1
    for option in options:
        combinations *= len(option)
    fixed = {id(p): (_candidates(p)[0], p.readings[0] if p.readings else None) for p in rows}
    if combinations > MAX_COMBINATIONS:
        options = [option[:1] for option in options]
    best: tuple | None = None
    scored: list[tuple[int, tuple]] = []
    made: dict[tuple[int, int, int], Slot] = {}  # a row's slot in a column under a pick, made once
    for combination in product(*options):
        chosen = dict(fixed)
        for p, pick in zip(open_rows, combination, strict=True):
            chosen[id(p)] = pick
        slots, checks = _evaluate(rows, chosen, targets, multiplier, checker, value_of, made)
        total = sum(score(found) for found in checks.values())
        scored.append((total, combination))
        if best is None or total > best[0]:
            best = (total, combination, slots, checks, chosen)
    _, combination, slots, checks, chosen = best
    ambiguous = _unsettled(open_rows, scored, best[0])
    slot_of = {p.index: position for position, p in enumerate(rows)}
    codes = {p.index: chosen[id(p)][0] for p in rows}
    for p in rows:
        if p.tentative is not None and codes[p.index] is None and _adds_up(slot_of[p.index], checks):
            codes[p.index] = p.tentative
    return Choice(
        codes=codes,
        readings={p.index: chosen[id(p)][1] for p in rows if p.readings},
        checks=checks,
        slots=slots,
        ambiguous=ambiguous,
        slot_of=slot_of,
    )


def _adds_up(slot: int, checks: dict[Target, list[Check]]) -> bool:
    """The row is a part of a total that holds in every column where it is checked at all."""
    checked = [found for found in checks.values() if any(slot in check.parts for check in found)]
    return bool(checked) and all(slot in verified_slots(found) for found in checked)


def _candidates(p: Placed) -> list[Match | None]:
    """The codes a row may take, the first the default (an unknown label's tentative code is decided
    after the choice, by whether the total it is counted in holds)."""
    return list(p.codes) or [None]


def _evaluate(rows, chosen, targets, multiplier, checker, value_of, made):
    """`made`: the slots made so far in this choice, by (row, pick, column); the picks of a choice are
    the same objects in every combination, and a slot depends on its row and pick alone."""
    slots: dict[Target, list[Slot]] = {}
    checks: dict[Target, list[Check]] = {}
    for column, target in enumerate(targets):
        if target is None:
            continue
        column_slots = []
        for p in rows:
            pick = chosen[id(p)]
            key = (id(p), id(pick), column)
            slot = made.get(key)
            if slot is None:
                slot = made[key] = _slot(p, pick, column, multiplier, value_of)
            column_slots.append(slot)
        slots[target] = column_slots
        checks[target] = checker(column_slots, target)
    return slots, checks


def _slot(p: Placed, pick: tuple, column: int, multiplier: Decimal, value_of) -> Slot:
    match, reading = pick
    value = reading[column] if reading is not None and column < len(reading) else None
    amount = None if value is None else value_of(match, value.amount * multiplier)
    empty = value is None and reading is not None and not p.row.unreadable
    return Slot(p.index, match.code if match else None, amount, p.row.label, p.parent_hint, empty)


def _unsettled(open_rows: list[Placed], scored: list[tuple[int, tuple]], best: int) -> set[int]:
    """Rows whose figures differ between equally good combinations (their codes may differ: first wins)."""
    winners = [combination for total, combination in scored if total == best]
    unsettled = set()
    for position, p in enumerate(open_rows):
        readings = {tuple(None if v is None else v.amount for v in combo[position][1]) for combo in winners}
        if len(readings) > 1:
            unsettled.add(p.index)
    return unsettled
