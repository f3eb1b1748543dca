"""The identities of a table laid on its rows, and how a placement of figures scores against them.

Each identity (a total and its parts, see report_vocabulary) whose total has a
row becomes a link between rows. Reading the rows in order, a link collects its
printed total and the running sum of its parts, and is scored when its last row
has been read: +2 per column when the total equals its parts, +1 within
rounding, −2 when contradicted, nothing when it cannot be checked (no part
printed, or a figure unreadable). A part without a printed figure is replaced by
its own parts. A figure that also appears in another statement (the year's
result, the closing cash) or that names its row by a note reference scores the
same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from pipelines.extract.report_vocabulary import Identity

HEADING = 4
_CLOSED = ()


@dataclass(frozen=True)
class Slot:
    """A label row that may receive a figure. `preference`: 0 a total, 1 a part, 2 a rarely used row,
    3 a row without contract code, 4 a heading (smaller is likelier). `anchors`: per block and column,
    the same quantity as already read from another statement, in kronor (None when unknown)."""

    code: str | None
    preference: int
    magnitude: bool = False
    anchors: tuple[tuple[Decimal | None, ...], ...] = ()


@dataclass(frozen=True)
class Token:
    """One printed line of figures: a value per column of its block, None where unreadable.
    `rows`: the rows its note reference (`Not 7`) names, when it printed one."""

    values: tuple[Decimal | None, ...]
    blank_before: bool = False
    rows: frozenset[int] | None = None


@dataclass(frozen=True)
class Link:
    """An identity laid on rows: row `total` = Σ coefficient × row, closed once row `last` is read."""

    total: int
    parts: tuple[tuple[int, int], ...]
    last: int
    primary: bool
    depth: int = 0


def links_for(slots: list[Slot], identities: tuple[Identity, ...]) -> list[Link]:
    """Identities whose total is printed on exactly one row, with their parts resolved to rows."""
    rows_of: dict[str, list[int]] = defaultdict(list)
    for index, slot in enumerate(slots):
        if slot.code:
            rows_of[slot.code].append(index)
    first_by_total: dict[str, Identity] = {}
    for identity in identities:
        first_by_total.setdefault(identity.total, identity)
    raw: list[tuple[int, tuple[tuple[int, int], ...]]] = []
    for identity in identities:
        totals = rows_of.get(identity.total, [])
        if len(totals) != 1:
            continue
        parts = [
            (coefficient, row)
            for coefficient, row in _expand(identity, rows_of, first_by_total, 1, 0)
            if row != totals[0]
        ]
        if parts:
            raw.append((totals[0], tuple(parts)))
    return _finish_links(raw)


def _expand(identity, rows_of, first_by_total, sign: int, depth: int) -> list[tuple[int, int]]:
    """Parts as rows; a part without a row of its own is replaced by its own parts."""
    found: list[tuple[int, int]] = []
    for coefficient, code in identity.parts:
        if code in rows_of:
            found.extend((sign * coefficient, row) for row in rows_of[code])
        elif code in first_by_total and depth < 4:
            found.extend(
                _expand(first_by_total[code], rows_of, first_by_total, sign * coefficient, depth + 1)
            )
    return found


def _finish_links(raw: list[tuple[int, tuple[tuple[int, int], ...]]]) -> list[Link]:
    primary_of: dict[int, int] = {}
    for index, (total, _) in enumerate(raw):
        primary_of.setdefault(total, index)
    last = [max(total, *(row for _, row in parts)) for total, parts in raw]
    depth = [0] * len(raw)
    for _ in range(len(raw)):  # a part that is another link's total closes after that link
        for index, (_, parts) in enumerate(raw):
            for _, row in parts:
                inner = primary_of.get(row)
                if inner is not None and inner != index:
                    last[index] = max(last[index], last[inner])
                    depth[index] = max(depth[index], depth[inner] + 1)
    return [
        Link(total, parts, last[index], primary_of[total] == index, depth[index])
        for index, (total, parts) in enumerate(raw)
    ]


class RowArithmetic:
    """Reads a table row by row. The state between rows holds, per link, the printed total seen so far,
    the running sum of its parts per column and how many parts were printed; `step` moves it past one
    row. Search states with the same figures still needed are the same state."""

    def __init__(self, slots: list[Slot], links: list[Link], block: int = 0):
        self.slots = slots
        self.anchors = {
            row: slot.anchors[block]
            for row, slot in enumerate(slots)
            if block < len(slot.anchors) and any(a is not None for a in slot.anchors[block])
        }
        self.links = links
        self.totals = defaultdict(list)
        self.primary: dict[int, int] = {}
        self.parents = defaultdict(list)
        self.closing = defaultdict(list)
        for index, link in enumerate(links):
            self.totals[link.total].append(index)
            if link.primary:
                self.primary[link.total] = index
            for coefficient, row in link.parts:
                self.parents[row].append((index, coefficient))
            self.closing[link.last].append(index)
        for row in self.closing:
            self.closing[row].sort(key=lambda index: links[index].depth)

    def step(self, row: int, value, accs: tuple) -> tuple[int, tuple]:
        """Read `value` (None when the row is empty) on `row`; return the score of identities closed."""
        accs = list(accs)
        if value is not None and self.slots[row].magnitude:
            value = tuple(None if v is None else abs(v) for v in value)
        for index in self.totals[row]:
            _, sums, count = accs[index]
            accs[index] = (value, sums, count)
        if row not in self.primary:
            self._push(row, value, accs)
        score = _anchored(value, self.anchors.get(row))
        for index in self.closing[row]:
            total, sums, count = accs[index]
            score += _check(total, sums, count)
            accs[index] = _CLOSED
            if self.links[index].primary:
                effective = total if total is not None else (sums if count else None)
                self._push(self.links[index].total, effective, accs)
        return score, tuple(accs)

    def ceilings(self, width: int, noted: int) -> list[int]:
        """Per row, the most score still to gain after it: every open identity and anchor holding."""
        ceiling = [noted] * (len(self.slots) + 1)
        for row in range(len(self.slots) + 1):
            ceiling[row] += sum(2 * width for link in self.links if link.last >= row)
            ceiling[row] += sum(2 * width for anchored in self.anchors if anchored >= row)
        return ceiling

    def _push(self, row: int, value, accs: list) -> None:
        if value is None:
            return
        for index, coefficient in self.parents[row]:
            if accs[index] == _CLOSED:
                continue
            total, sums, count = accs[index]
            sums = tuple(
                None if s is None or v is None else s + coefficient * v
                for s, v in zip(sums, value, strict=False)
            )
            accs[index] = (total, sums, min(count + 1, 9))


def noted(token: Token, row: int) -> int:
    """A figure printed with a note reference belongs on the row the note is titled after."""
    if not token.rows:
        return 0
    return 2 if row in token.rows else -2


def _anchored(value, anchors) -> int:
    """A figure against the same quantity in another statement (whose unit is known: tkr or kr)."""
    if value is None or anchors is None:
        return 0
    score = 0
    for printed, known in zip(value, anchors, strict=False):
        if printed is not None and known is not None:
            score += 2 if known in (printed, printed * 1000) else -2
    return score


def _check(total, sums, count: int) -> int:
    """One closed identity, per column: +2 exact, +1 within rounding (half a unit per part, at least
    one), −2 contradicted, 0 when its total or a part is missing or unreadable."""
    if total is None or not count:
        return 0
    score = 0
    tolerance = max(1, count // 2)
    for printed, summed in zip(total, sums, strict=False):
        if printed is None or summed is None:
            continue
        gap = abs(printed - summed)
        score += 2 if gap == 0 else 1 if gap <= tolerance else -2
    return score


def score_rows(slots: list[Slot], links: list[Link], values: list[tuple | None]) -> int:
    """The arithmetic score of one complete table: a figure tuple (per column) or None per row."""
    lookup = RowArithmetic(slots, links)
    width = max((len(value) for value in values if value), default=1)
    accs = tuple((None, (0,) * width, 0) for _ in links)
    total = 0
    for row, value in enumerate(values):
        gained, accs = lookup.step(row, value, accs)
        total += gained
    return total
