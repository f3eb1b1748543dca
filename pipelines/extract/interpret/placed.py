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
from pipelines.extract.reconcile.checks import Check, Slot, score
from pipelines.extract.tables.model import Row
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
    rows = [p for p in placed if p.readings]
    open_rows = [p for p in rows if len(p.readings) > 1 or len(p.codes) > 1]
    options = [[(code, reading) for code in (p.codes or [None]) for reading in p.readings] for p in open_rows]
    combinations = 1
    for option in options:
        combinations *= len(option)
    fixed = {id(p): ((p.codes or [None])[0], p.readings[0]) for p in rows}
    if combinations > MAX_COMBINATIONS:
        options = [option[:1] for option in options]
    best: tuple | None = None
    scored: list[tuple[int, tuple]] = []
    for combination in product(*options):
        chosen = dict(fixed)
        for p, pick in zip(open_rows, combination, strict=True):
            chosen[id(p)] = pick
        slots, checks = _evaluate(rows, chosen, targets, multiplier, checker, value_of)
        total = sum(score(found) for found in checks.values())
        scored.append((total, combination))
        if best is None or total > best[0]:
            best = (total, combination, slots, checks, chosen)
    _, combination, slots, checks, chosen = best
    ambiguous = _unsettled(open_rows, scored, best[0])
    return Choice(
        codes={p.index: chosen[id(p)][0] for p in rows},
        readings={p.index: chosen[id(p)][1] for p in rows},
        checks=checks,
        slots=slots,
        ambiguous=ambiguous,
        slot_of={p.index: position for position, p in enumerate(rows)},
    )


def _evaluate(rows, chosen, targets, multiplier, checker, value_of):
    slots: dict[Target, list[Slot]] = {}
    checks: dict[Target, list[Check]] = {}
    for column, target in enumerate(targets):
        if target is None:
            continue
        column_slots = []
        for p in rows:
            match, reading = chosen[id(p)]
            value = reading[column] if column < len(reading) else None
            amount = None if value is None else value_of(match, value.amount * multiplier)
            column_slots.append(
                Slot(p.index, match.code if match else None, amount, p.row.label, p.parent_hint)
            )
        slots[target] = column_slots
        checks[target] = checker(column_slots, target)
    return slots, checks


def _unsettled(open_rows: list[Placed], scored: list[tuple[int, tuple]], best: int) -> set[int]:
    """Rows whose figures differ between equally good combinations (their codes may differ: first wins)."""
    winners = [combination for total, combination in scored if total == best]
    unsettled = set()
    for position, p in enumerate(open_rows):
        readings = {tuple(None if v is None else v.amount for v in combo[position][1]) for combo in winners}
        if len(readings) > 1:
            unsettled.add(p.index)
    return unsettled
