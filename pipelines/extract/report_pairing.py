"""Pairing a block of row labels with a later block of figures, by the arithmetic the table must satisfy.

OCR often prints a table's labels in one block and each column's figures in
another, with no trace of which figure stood on which row; rows without a
figure leave no gap. Figures keep their order, so a pairing is an
order-preserving placement of the figures on the rows. Every placement is
scored by the table's arithmetic (report_arithmetic) and all the best are
kept: a row is *certain* when every best placement gives it the same figure
(an empty row reads as zero).

Only among equally good placements do weaker clues choose, in this order:
figures printed without a blank line between them sit on adjacent rows; a
lone figure is likelier on a total than on a part, on a part than on a rarely
used or uncoded row or a heading; earlier rows first. When a table has one
block per year, the blocks are chosen together first: every printed row
should carry a figure in some year, and a row's figures should look alike from
year to year. A figure placed by these clues is never certain.

The search is dynamic programming over the rows (a state is what the open
identities still need), pruned by a score that a quick beam pass shows to be
reachable; ties are kept, so certainty is exact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from pipelines.extract.report_arithmetic import HEADING, Link, RowArithmetic, Slot, Token, links_for, noted
from pipelines.extract.report_vocabulary import Identity

_JOINT_LIMIT = 20000
_PATH_LIMIT = 3000
_BEAM = 64


@dataclass(frozen=True)
class Placement:
    """The chosen pairing of one block: per row the token placed on it (or None), and whether every
    arithmetically best pairing agrees on that row's figure."""

    tokens: tuple[int | None, ...]
    certain: tuple[bool, ...]


class _Search:
    """The arithmetic search over one block: per row, the states reached with their best score."""

    def __init__(self, slots: list[Slot], links: list[Link], tokens: list[Token], block: int = 0):
        self.slots, self.tokens = slots, tokens
        self.rows, self.needed = len(slots), len(tokens)
        lookup = RowArithmetic(slots, links, block)
        reachable = self._layers(lookup, _BEAM, None)[-1]
        floor = max((score for score, _ in reachable.values()), default=None)
        self.layers = self._layers(lookup, None, floor)
        self.transitions = self._optimal_transitions()

    def _layers(self, lookup: RowArithmetic, beam: int | None, floor: int | None) -> list[dict]:
        """States after each row with their best score. With `beam`, only that many best states are
        kept (a quick pass for a score that is surely reachable); with `floor`, states that cannot
        reach it even if every remaining identity holds are dropped."""
        width = len(self.tokens[0].values)
        values = [tuple(_plain(v) for v in token.values) for token in self.tokens]
        ceiling = lookup.ceilings(width, sum(2 for token in self.tokens if token.rows))
        start = (0, tuple((None, (0,) * width, 0) for _ in lookup.links))
        layers: list[dict] = [{start: (0, [])}]
        for row in range(self.rows):
            layer: dict = {}
            limit = None if floor is None else floor - ceiling[row + 1]
            for state, (score, _) in layers[-1].items():
                placed, accs = state
                if self.rows - row - 1 >= self.needed - placed:
                    gained, after = lookup.step(row, None, accs)
                    if limit is None or score + gained >= limit:
                        _keep(layer, (placed, after), score + gained, (state, False))
                if placed < self.needed:
                    gained, after = lookup.step(row, values[placed], accs)
                    gained += noted(self.tokens[placed], row)
                    if limit is None or score + gained >= limit:
                        _keep(layer, (placed + 1, after), score + gained, (state, True))
            if beam is not None and len(layer) > beam:
                kept = sorted(layer.items(), key=lambda entry: -entry[1][0])[:beam]
                layer = dict(kept)
            layers.append(layer)
        return layers

    def _optimal_transitions(self) -> list[list[tuple]]:
        """Per row, the (state before, took a token, state after) steps that lie on a best placement."""
        final = self.layers[-1]
        best = max(score for score, _ in final.values())
        current = {state for state, (score, _) in final.items() if score == best}
        transitions: list[list[tuple]] = [[] for _ in range(self.rows)]
        for row in range(self.rows, 0, -1):
            previous_states = set()
            for state in current:
                for previous, took in self.layers[row][state][1]:
                    transitions[row - 1].append((previous, took, state))
                    previous_states.add(previous)
            current = previous_states
        return transitions

    def certain(self) -> list[bool]:
        """A row is certain when every best placement gives it the same figure (empty reads as zero)."""
        zero = tuple(Decimal(0) for _ in self.tokens[0].values)
        flags = []
        for row in range(self.rows):
            seen = {
                self.tokens[before[0]].values if took else zero for before, took, _ in self.transitions[row]
            }
            flags.append(len(seen) == 1)
        return flags

    def step_cost(self, row: int, placed: int, took: bool) -> tuple[int, int, int]:
        """Weaker clues as an additive cost (smaller is better): a row skipped between two figures
        printed without a blank line between them, a less likely row used, a later row used."""
        preference = self.slots[row].preference
        if took:
            return (0, preference, row)
        between = 0 < placed < self.needed and not self.tokens[placed].blank_before
        return (1 if between and preference < HEADING else 0, 0, 0)

    def cheapest(self) -> tuple[int | None, ...]:
        """The best placement by the weaker clues."""
        costs: dict = {key: ((0, 0, 0), None) for key in self.layers[0]}
        for row in range(self.rows):
            following: dict = {}
            for before, took, after in self.transitions[row]:
                if before not in costs:
                    continue
                step = self.step_cost(row, before[0], took)
                cost = tuple(a + b for a, b in zip(costs[before][0], step, strict=False))
                if after not in following or cost < following[after][0]:
                    following[after] = (cost, (before, took, costs[before][1]))
            costs = following
        _, chain = min(costs.values(), key=lambda entry: entry[0])
        placement: list[int | None] = []
        while chain is not None:
            before, took, chain = chain
            placement.append(before[0] if took else None)
        return tuple(reversed(placement))

    def enumerate(self, cap: int) -> list[tuple[int | None, ...]] | None:
        """Every best placement, or None when there are more than `cap`."""
        by_after: dict = defaultdict(list)
        for row, steps in enumerate(self.transitions):
            for before, took, after in steps:
                by_after[(row, after)].append((before, took))
        ends = {after for _, _, after in self.transitions[-1]} if self.rows else set()
        stack = [(self.rows - 1, state, ()) for state in ends]
        found: list[tuple[int | None, ...]] = []
        while stack:
            row, state, suffix = stack.pop()
            for before, took in by_after[(row, state)]:
                path = (before[0] if took else None, *suffix)
                if row == 0:
                    found.append(path)
                    if len(found) > cap:
                        return None
                else:
                    stack.append((row - 1, before, path))
        return found

    def cost(self, placement: tuple[int | None, ...]) -> tuple[int, int, int]:
        total, placed = (0, 0, 0), 0
        for row, token in enumerate(placement):
            total = tuple(
                a + b for a, b in zip(total, self.step_cost(row, placed, token is not None), strict=False)
            )
            placed += token is not None
        return total


def _plain(value: Decimal | None):
    """Whole figures as int: the search adds them many times."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def _keep(layer: dict, state, score: int, back) -> None:
    known = layer.get(state)
    if known is None or score > known[0]:
        layer[state] = (score, [back])
    elif score == known[0]:
        known[1].append(back)


def pair_blocks(
    slots: list[Slot], identities: tuple[Identity, ...], blocks: list[list[Token]]
) -> list[Placement | None]:
    """Pair each block (one per column group, in column order) with the rows; None where impossible."""
    links = links_for(slots, identities)
    searches = [
        _Search(slots, links, tokens, block) if 0 < len(tokens) <= len(slots) else None
        for block, tokens in enumerate(blocks)
    ]
    chosen = [search.cheapest() if search else None for search in searches]
    certain = [search.certain() if search else None for search in searches]
    usable = [index for index, search in enumerate(searches) if search]
    if len(usable) > 1:
        joint = _choose_jointly(slots, [searches[i] for i in usable], [certain[i] for i in usable])
        for index, placement in zip(usable, joint or [], strict=False):
            chosen[index] = placement
    return [
        None if placement is None else Placement(placement, tuple(certain[index]))
        for index, placement in enumerate(chosen)
    ]


def _choose_jointly(slots, searches, certain) -> list[tuple[int | None, ...]] | None:
    """Choose the blocks' placements together on the rows the arithmetic leaves open; None when
    there is nothing to choose or too much."""
    contested = [
        row
        for row, slot in enumerate(slots)
        if slot.code and slot.preference < HEADING and any(not flags[row] for flags in certain)
    ]
    if not contested:
        return None
    shortlists = []
    for search in searches:
        paths = search.enumerate(_PATH_LIMIT)
        if paths is None:
            return None
        shortlists.append(_by_signature(paths, contested, search))
    combinations = 1
    for shortlist in shortlists:
        combinations *= len(shortlist)
    if combinations > _JOINT_LIMIT:
        return None
    best = min(product(*shortlists), key=lambda combo: _joint_key(combo, searches, contested))
    return [path for path, _ in best]


def _by_signature(paths, contested, search: _Search) -> list[tuple[tuple, tuple]]:
    """One placement (the cheapest by weaker clues) per distinct set of figures on the contested rows,
    with its cost."""
    best: dict[tuple, tuple] = {}
    for path in paths:
        signature = tuple(None if path[row] is None else search.tokens[path[row]].values for row in contested)
        cost = search.cost(path)
        if signature not in best or cost < best[signature][1]:
            best[signature] = (path, cost)
    return list(best.values())


def _joint_key(combo, searches, contested) -> tuple:
    """Smaller is better. Each contested row scores its likeness between neighbouring years (ratio of
    the smaller to the larger figure, less one half: alike adds, unlike subtracts) and loses one half
    when no year gives it a figure; then the weaker clues of each block."""
    score = Decimal(0)
    for row in contested:
        if all(path[row] is None for path, _ in combo):
            score -= Decimal("0.5")
    for (left, _), (right, _), left_search, right_search in zip(
        combo, combo[1:], searches, searches[1:], strict=False
    ):
        for row in contested:
            if left[row] is None or right[row] is None:
                continue
            a = left_search.tokens[left[row]].values[0]
            b = right_search.tokens[right[row]].values[0]
            if a is None or b is None:
                continue
            high = max(abs(a), abs(b))
            score += (1 if high == 0 else min(abs(a), abs(b)) / high) - Decimal("0.5")
    costs = [cost for _, cost in combo]
    return (-score, tuple(sum(parts) for parts in zip(*costs, strict=False)))
