"""Cell suppression: which person counts to hide so that no count from 1 to 4 can be read or recomputed.

Pure: cell values and the sums that tie them together in, the hidden cells and
why out. A cell is one published number about persons (a count in one table
column, wherever else it is shown); a `Relation` says that two sums of cells
are equal (a total and its parts, or one figure shown twice).

1. Primary suppression: every count from 1 to 4 is hidden (`small_count`).
2. Complementary suppression (`complementary`): while a relation has exactly
   one hidden cell, its smallest non-zero visible cell is hidden too, parts
   before totals. Zeros stay visible: they tell nothing the total does not.
3. An audit over all relations at once (linear algebra over the rationals)
   finds small counts that nested or overlapping relations still give away
   (a total, its sub-total and their parts); each one gets another
   complementary cell, and 2-3 repeat until none is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

SMALL_COUNT = "small_count"
COMPLEMENTARY = "complementary"
SMALLEST_SHOWN = 5  # counts 1 to SMALLEST_SHOWN - 1 are hidden


@dataclass(frozen=True)
class Relation:
    """sum(total) == sum(parts): a total and its parts, or the same figure shown twice."""

    total: tuple
    parts: tuple

    @classmethod
    def of(cls, total: Iterable, parts: Iterable) -> Relation:
        return cls(tuple(sorted(total, key=repr)), tuple(sorted(parts, key=repr)))

    @property
    def cells(self) -> tuple:
        return self.total + self.parts


class SuppressionError(RuntimeError):
    """No cell is left to hide, yet a small count can still be recomputed."""


def is_small(value: Decimal | int | None) -> bool:
    return value is not None and 0 < value < SMALLEST_SHOWN


def suppress_cells(values: Mapping, relations: Iterable[Relation]) -> dict:
    """The cells to hide, each with its reason (`small_count` or `complementary`)."""
    usable = {r for r in relations if r.total and r.parts and all(c in values for c in r.cells)}
    relations = sorted(usable, key=repr)
    hidden = {cell: SMALL_COUNT for cell in sorted(values, key=repr) if is_small(values[cell])}
    while True:
        _close_groups(values, relations, hidden)
        exposed = recomputable(relations, hidden, [c for c, why in hidden.items() if why == SMALL_COUNT])
        if not exposed:
            return hidden
        complement = _complement_for(exposed[0], values, relations, hidden)
        if complement is None:
            raise SuppressionError(f"{exposed[0]} can be recomputed and nothing is left to hide")
        hidden[complement] = COMPLEMENTARY


def _close_groups(values: Mapping, relations: list[Relation], hidden: dict) -> None:
    """Until no relation has exactly one hidden cell: hide the smallest non-zero visible one beside it."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if sum(cell in hidden for cell in relation.cells) != 1:
                continue
            candidate = _smallest_visible(relation, values, hidden)
            if candidate is not None:
                hidden[candidate] = COMPLEMENTARY
                changed = True


def _smallest_visible(relation: Relation, values: Mapping, hidden: Mapping):
    visible = [cell for cell in relation.cells if cell not in hidden]
    if not visible:
        return None
    parts = set(relation.parts)

    def rank(cell):
        value = values[cell]
        return (value == 0, cell not in parts, value, repr(cell))

    return min(visible, key=rank)


def _complement_for(exposed, values: Mapping, relations: list[Relation], hidden: Mapping):
    """A visible cell to hide next to `exposed`: in its own relations first, then further out."""
    reached, frontier, seen = {exposed}, [exposed], set()
    while frontier:
        touching = [r for r in relations if r not in seen and any(c in frontier for c in r.cells)]
        seen.update(touching)
        candidates = [c for r in touching if (c := _smallest_visible(r, values, hidden)) is not None]
        if candidates:
            return min(candidates, key=lambda cell: (values[cell] == 0, values[cell], repr(cell)))
        frontier = [c for r in touching for c in r.cells if c in hidden and c not in reached]
        reached.update(frontier)
    return None


def recomputable(relations: Iterable[Relation], hidden: Iterable, cells: Iterable) -> list:
    """Which of `cells` (all hidden) follow from the visible cells and the relations.

    Each relation is a linear equation in the hidden cells (the visible ones are
    known numbers). A hidden cell is recomputable exactly when its unit vector
    lies in the span of those equations: in the fully reduced row echelon form,
    its pivot row has no other entry.
    """
    hidden = set(hidden)
    pivots: dict = {}
    for relation in relations:
        row: dict = {}
        for sign, side in ((1, relation.total), (-1, relation.parts)):
            for cell in side:
                if cell in hidden:
                    row[cell] = row.get(cell, 0) + sign
        _add_row(pivots, {cell: Fraction(c) for cell, c in row.items() if c})
    determined = {cell for cell, row in pivots.items() if len(row) == 1}
    return sorted((cell for cell in cells if cell in determined), key=repr)


def _add_row(pivots: dict, row: dict) -> None:
    for column, pivot_row in pivots.items():
        if column in row:
            row = _minus(row, pivot_row, row[column])
    if not row:
        return
    column = min(row, key=repr)
    row = {cell: value / row[column] for cell, value in row.items()}
    for other, pivot_row in list(pivots.items()):
        if column in pivot_row:
            pivots[other] = _minus(pivot_row, row, pivot_row[column])
    pivots[column] = row


def _minus(row: dict, other: dict, factor: Fraction) -> dict:
    result = dict(row)
    for cell, value in other.items():
        result[cell] = result.get(cell, 0) - factor * value
    return {cell: value for cell, value in result.items() if value}
