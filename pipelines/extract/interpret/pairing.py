"""Pairing a block of labels with the blocks of figures OCR printed after them, by the table's arithmetic.

OCR often prints a table's labels in one block and each column's figures in
a later one, with no trace of which figure stood on which row; a row
without a figure leaves no gap. Figures keep their order, so a pairing is an
order-preserving placement of each block's figure lines on the rows. Every
placement is scored: a total that equals its parts (`reconcile`) counts
most; weaker clues break ties: a `Not 5` before a figure names its row (the
notes' titles say which), figures printed without a blank line between them
sit on neighbouring rows, a rarely used line (`Förråd`,
`Resultatutjämningsreserv`) or a heading is unlikely to carry one. The search
keeps the best few hundred partial placements row by row (a beam).

A row whose figure differs between equally good placements is *uncertain*:
its facts are never verified. A figure line OCR garbled keeps its place and
sends its row to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import product

from rapidfuzz import fuzz, process

from pipelines.extract.interpret.counts import age_band
from pipelines.extract.interpret.kinds import table_kind
from pipelines.extract.interpret.units import table_unit
from pipelines.extract.label_text import fold, squash
from pipelines.extract.model import Document, Line
from pipelines.extract.reconcile.checks import Slot, budget_checks, score, statement_checks
from pipelines.extract.tables.header import Column, Header
from pipelines.extract.tables.numbers import Value, atoms_of, readings
from pipelines.extract.tables.rows import ValueCell
from pipelines.extract.tables.table import Row, Table, ValueBlock
from pipelines.extract.vocabulary import RECORD_TYPES, Match, Vocabulary, table_titles

BEAM = 400
HOLDS, FAILS = 2.0, -1.0
HEADING, RARE, UNKNOWN = -2.0, -0.4, -0.2
NOTE_MATCH, NOTE_MISMATCH, NEIGHBOURS = 1.5, -0.5, -0.3
SKIP = -0.01  # a row left without a figure: allowed, slightly less likely than one that has one
AFTER_BLANK = 0.2  # a figure printed after a blank line on a row printed after one
ALIKE, LONE = 0.6, -0.2  # a row's figures across the years: alike, or one alone
TIE = 0.05  # placements this close are equally good: rows they disagree on are uncertain
# A figure that could stand on the next row with every total as it is, at less cost in layout clues
# than a rarely used line's, is uncertain there: the clues are too weak to verify it.
MOVE_MARGIN = 0.35
HEADING_WORDS = {
    "tillgangar",
    "anlaggningstillgangar",
    "omsattningstillgangar",
    "eget kapital",
    "eget kapital och skulder",
    "eget kapital avsattningar och skulder",
    "avsattningar",
    "skulder",
    "panter och ansvarsforbindelser",
    "drift",
    "finansiering",
    "intakter",
    "kostnader",
}
RARE_CODES = {
    "br_inventory",
    "br_equity_reserve",
    "_br_infrastructure",
    "br_liabilities_long",
    "_br_provisions_pensions",
    "_br_provisions_other",
}
MAX_CODE_CHOICES = 16
STATEMENTS = ("income_statement", "balance_sheet", "cash_flow", "key_figures", "cost_distribution")
COUNTS = {"participants": "participants_total", "exits": "exits_total"}  # kind → its total's code
_COUNT_HEADINGS = {"antal", "antal individer", "antal deltagare"}
_NOTE_TITLE = re.compile(r"^\s*(?:not\s+)?(\d{1,2})\.?\s+([^\d].{2,60})$", re.IGNORECASE)


@dataclass
class _Label:
    code: str | None
    heading: bool
    rare: bool
    label: str
    parent_hint: str | None = None
    alternatives: tuple[str, ...] = ()  # other codes the label may mean: the arithmetic chooses
    blank_before: bool = False  # printed after a blank line: a figure printed after one is likely its


@dataclass
class _State:
    used: int  # figure lines placed so far
    score: float
    placed: tuple[int | None, ...] = ()  # per row: the figure line on it
    last_row: int = -1
    base: float = 0.0  # the score without the other years' figures
    sums: tuple = ()  # per check: (the total's figures or None, the parts' sums, a part unreadable)


@dataclass
class _Figures:
    lines: list[Line]
    values: list[tuple[Value | None, ...] | None]  # per line; None: unreadable
    notes: list[str | None]
    blank_before: list[bool]
    width: int
    header: Header


def paired(table: Table, document: Document, vocabulary: Vocabulary, lines: list[Line]) -> Table:
    """The table with each label row carrying the figures placed on it; unchanged when none can be."""
    if not table.rows:
        return table
    table = _title_to_caption(table, vocabulary)
    kind = table_kind(table, document, vocabulary)
    if kind != "budget" and kind not in STATEMENTS and kind not in COUNTS:
        return table
    if kind in COUNTS:
        table = _count_blocks(table)
    if any(block.header is None for block in table.blocks):
        return table
    labels = _labels(table, kind, document, vocabulary)
    _layout(labels, table.rows, lines)
    figures = [_figures(block) for block in table.blocks]
    if any(f is None for f in figures):
        return table
    amounts = [v.amount for f in figures for vs in f.values if vs for v in vs if v is not None]
    multiplier, _ = table_unit(table, lines, amounts)
    titles = note_titles(lines)
    best = None
    for choice in _code_choices(labels):
        first = [_place(choice, f, kind, titles, multiplier) for f in figures]
        if any(placement is None for placement in first):
            continue
        second = [
            _place(choice, f, kind, titles, multiplier, _reference(figures, first, index))
            for index, f in enumerate(figures)
        ]
        options = [
            [a] + ([b] if b is not None and b.placed != a.placed else [])
            for a, b in zip(first, second, strict=True)
        ]
        score, placements = _jointly(options, figures)
        if best is None or score > best[0]:
            best = (score, placements, choice)
    if best is None:
        return table
    _, chosen, labels = best
    rounding = multiplier if multiplier >= 1000 else Decimal(0)
    if any(_guessed(labels, f, p, kind, multiplier, rounding) for f, p in zip(figures, chosen, strict=True)):
        return table
    placements = [
        _with_moves_uncertain(
            placement, labels, f, kind, (multiplier, rounding), titles, _reference(figures, chosen, index)
        )
        for index, (placement, f) in enumerate(zip(chosen, figures, strict=True))
    ]
    return _rebuilt(table, figures, placements)


def _with_moves_uncertain(
    placement: _Placement,
    labels: list[_Label],
    figures: _Figures,
    kind: str,
    units: tuple[Decimal, Decimal],
    titles: dict[str, str],
    reference: dict[int, Decimal],
) -> _Placement:
    """Rows whose figure could as well stand on a neighbouring empty row with every total as it is
    (`Årets resultat` or `Resultatutjämningsreserv` below it) and nearly as well by the layout: the
    arithmetic did not choose, and the clues that did are weak."""
    multiplier, rounding = units
    placed = list(placement.placed)
    base = _arithmetic(labels, figures, placed, kind, multiplier, rounding)
    layout = _layout_score(labels, figures, placed, titles, reference)
    uncertain = set(placement.uncertain)
    for row, line in enumerate(placed):
        if line is None:
            continue
        for step in (-1, 1):
            other = row + step
            if not 0 <= other < len(placed) or placed[other] is not None or labels[other].heading:
                continue
            moved = list(placed)
            moved[row], moved[other] = None, line
            if _arithmetic(labels, figures, moved, kind, multiplier, rounding) < base:
                continue
            if layout - _layout_score(labels, figures, moved, titles, reference) < MOVE_MARGIN:
                uncertain |= {row, other}
    return replace(placement, uncertain=frozenset(uncertain))


def _layout_score(
    labels: list[_Label],
    figures: _Figures,
    placed: list,
    titles: dict[str, str],
    reference: dict[int, Decimal],
) -> float:
    """The priors of a placement: what layout, wording and the other years say, without the arithmetic."""
    state = _State(0, 0.0)
    total = 0.0
    for row, (label, line) in enumerate(zip(labels, placed, strict=True)):
        if line is None:
            total += SKIP if label.code and not label.heading else 0.0
        else:
            total += _prior(label, figures, state, row, titles) + (HEADING if label.heading else 0.0)
            total += _alike([_first(figures, line), reference.get(row)]) if reference else 0.0
            state = _State(state.used + 1, 0.0, last_row=row)
    return total


def _arithmetic(labels, figures: _Figures, placed: list, kind: str, multiplier, rounding) -> int:
    """How many totals hold (less those that fail) with the figure lines on these rows."""
    total = 0
    for column in range(figures.width):
        slots = []
        for row, label in enumerate(labels):
            if label.heading and placed[row] is None:
                continue
            line = placed[row]
            reading = None if line is None else figures.values[line]
            value = None if reading is None else reading[column]
            amount = None if value is None else _signed(label.code, value.amount) * multiplier
            empty = line is None or (reading is not None and value is None)
            slots.append(Slot(row, label.code, amount, label.label, label.parent_hint, empty))
        total += score(_checks(slots, kind, rounding))
    return total


def _guessed(
    labels: list[_Label], figures: _Figures, placement: _Placement, kind, multiplier, rounding
) -> bool:
    """Fewer figures than rows that take one, and no total holding to say which rows: a guess."""
    left_empty = any(
        line is None and label.code is not None and not label.heading
        for label, line in zip(labels, placement.placed, strict=True)
    )
    return (
        left_empty and _arithmetic(labels, figures, list(placement.placed), kind, multiplier, rounding) <= 0
    )


def _count_blocks(table: Table) -> Table:
    """`Antal` printed over a block of counts is its header (a count needs no year: the report's)."""
    rows = list(table.rows)
    if rows and fold(rows[-1].label) in _COUNT_HEADINGS:
        rows.pop()
    header = Header((Column("Antal", "value", measure="count"),), "")
    blocks = [block if block.header is not None else replace(block, header=header) for block in table.blocks]
    return replace(table, rows=rows, blocks=blocks)


def _title_to_caption(table: Table, vocabulary: Vocabulary) -> Table:
    """`Balansräkning` printed first among the labels is the table's title: it carries no figure (a
    title that is also a row's label, `Verksamhetens intäkter`, stays a row)."""
    titles = {title for words in table_titles().values() for title in words if title}
    rows = list(table.rows)
    caption = list(table.caption)
    while rows and fold(rows[0].label) in titles and not _a_label(rows[0].label, vocabulary):
        caption.append(rows.pop(0).line)
    return replace(table, rows=rows, caption=caption) if len(rows) < len(table.rows) else table


def _a_label(text: str, vocabulary: Vocabulary) -> bool:
    return any(vocabulary.lookup(kind, text) for kind in RECORD_TYPES)


def _layout(labels: list[_Label], rows: list[Row], lines: list[Line]) -> None:
    """Where a blank line stands before a label."""
    for label, row in zip(labels, rows, strict=True):
        first = (row.label_lines or (row.line,))[0].index
        label.blank_before = first > 0 and not lines[first - 1].text.strip()


def _reference(figures: list[_Figures], placements: list, block: int) -> dict[int, Decimal]:
    """Per row, the first figure the other blocks placed on it (the same row in another year)."""
    found: dict[int, Decimal] = {}
    for index, (f, placement) in enumerate(zip(figures, placements, strict=True)):
        if index == block:
            continue
        for row, line in enumerate(placement.placed):
            value = _first(f, line)
            if value is not None:
                found.setdefault(row, value)
    return found


def _jointly(options: list[list[_Placement]], figures: list[_Figures]) -> tuple[float, list[_Placement]]:
    """The blocks' placements chosen together: a row's figures should be there, and alike, in every year."""
    best: tuple[float, list[_Placement]] | None = None
    for combination in product(*options):
        score = sum(option.score for option in combination)
        for row in range(len(combination[0].placed)):
            values = [_first(f, option.placed[row]) for f, option in zip(figures, combination, strict=True)]
            score += _alike(values)
        if best is None or score > best[0]:
            best = (score, list(combination))
    return best


def _alike(values: list[Decimal | None]) -> float:
    """Figures of one row across the years: alike adds, unlike subtracts, a lone one subtracts a little."""
    if len(values) < 2:
        return 0.0
    present = [abs(value) for value in values if value is not None]
    if not present:
        return 0.0
    if len(present) < len(values):
        return LONE
    low, high = min(present), max(present)
    return ALIKE * (float(low / high if high else 1) - 0.5)


def _first(figures: _Figures, line: int | None) -> Decimal | None:
    if line is None or figures.values[line] is None:
        return None
    value = figures.values[line][0]
    return None if value is None else value.amount


def _code_choices(labels: list[_Label]) -> list[list[_Label]]:
    """Every choice of code for the labels the vocabulary lists twice (a few at most)."""
    choices = [list(labels)]
    for index, label in enumerate(labels):
        for code in label.alternatives:
            if len(choices) >= MAX_CODE_CHOICES:
                return choices
            choices += [
                [*choice[:index], replace(label, code=code), *choice[index + 1 :]] for choice in choices
            ]
    return choices[:MAX_CODE_CHOICES]


def _labels(table: Table, kind: str, document: Document, vocabulary: Vocabulary) -> list[_Label]:
    if kind == "budget":
        from pipelines.extract.interpret.budget import place_rows

        rows = [replace(row, cells=(ValueCell("0", 0, 0),)) for row in table.rows]
        placed = {p.index: p for p in place_rows(Table(None, rows=rows), document, vocabulary)}
        found = []
        for index, row in enumerate(table.rows):
            p = placed.get(index)
            code = p.codes[0].code if p and p.codes else None
            others = tuple(match.code for match in p.codes[1:]) if p else ()
            hint = p.parent_hint if p else None
            found.append(_Label(code, _heading(row.label, code), False, row.label, hint, others))
        return found
    found = []
    for row in table.rows:
        codes = vocabulary.lookup(kind, row.label)
        band = age_band(row.label) if kind == "participants" else None
        codes = [Match("participants_age", band, 100.0, None)] if band else codes
        code = codes[0].code if codes else None
        others = tuple(match.code for match in codes[1:])
        found.append(_Label(code, _heading(row.label, code), code in RARE_CODES, row.label, None, others))
    return found


def _heading(label: str, code: str | None) -> bool:
    """A section heading (`TILLGÅNGAR`, `Avsättningar`) carries no figure of its own."""
    if code is not None:
        return False
    folded = fold(label)
    letters = re.sub(r"[^A-Za-zÅÄÖåäö]", "", label)
    alike = process.extractOne(folded, HEADING_WORDS, scorer=fuzz.ratio, score_cutoff=85)
    return alike is not None or (letters.isupper() and len(letters) > 3) or label.rstrip().endswith(":")


def _figures(block: ValueBlock) -> _Figures | None:
    columns = [c for c in block.header.columns if c.role == "value"]
    if not columns:
        return None
    values = []
    for cells in block.cells:
        if cells is None:
            values.append(None)
            continue
        atoms = atoms_of("  ".join(cell.text for cell in cells if cell.text))
        found = readings(atoms, len(columns)) if atoms else []
        found = found or (readings(atoms, len(columns), relaxed=True) if atoms else [])
        values.append(found[0] if len(found) == 1 else None)
    header = Header(tuple(columns), block.header.corner, block.header.lines)
    return _Figures(block.lines, values, block.notes, block.blank_before, len(columns), header)


def note_titles(lines: list[Line]) -> dict[str, str]:
    """Note number → its title, from the notes section (`Not 5 Kassa och bank`, `5. Fordringar`)."""
    titles: dict[str, str] = {}
    in_notes = False
    for line in lines:
        folded = fold(line.text)
        if re.match(r"^(\d+\.?\s*)?noter$", folded):
            in_notes = True
            continue
        match = _NOTE_TITLE.match(line.text.strip())
        if match and (in_notes or line.text.strip().lower().startswith("not")):
            title = re.sub(r"\s+(19|20)\d\d.*$", "", match.group(2)).strip()
            titles.setdefault(match.group(1), title)
    return titles


@dataclass(frozen=True)
class _Placement:
    placed: tuple[int | None, ...]  # per row: the figure line on it
    uncertain: frozenset[int]  # rows whose figure another equally good placement changes
    score: float  # arithmetic and layout, without the other years' figures


def _place(
    labels: list[_Label],
    figures: _Figures,
    kind: str,
    titles: dict[str, str],
    multiplier: Decimal,
    reference: dict[int, Decimal] | None = None,
) -> _Placement | None:
    """The best placement of the figure lines on the rows; with `reference`, rows whose figure in
    another year is alike are preferred.

    Row by row, a state is what has been placed and what the checks still open have summed so far;
    states equal in both are one (dynamic programming), and the best few hundred are kept.
    """
    search = _Search(labels, figures, kind, multiplier)
    zero = tuple(Decimal(0) for _ in range(figures.width))
    states = [_State(0, 0.0, sums=tuple((None, zero, False) for _ in search.checks))]
    count = len(figures.values)
    for row, label in enumerate(labels):
        following: list[_State] = []
        for state in states:
            if len(labels) - row - 1 >= count - state.used:
                skipped = SKIP if label.code and not label.heading else 0.0
                following.append(search.step(state, row, None, skipped, skipped))
            if state.used < count:
                gained = _prior(label, figures, state, row, titles) + (HEADING if label.heading else 0.0)
                guided = _alike([_first(figures, state.used), reference.get(row)]) if reference else 0.0
                following.append(search.step(state, row, state.used, gained + guided, gained))
        states = search.pruned(following, row)
    finals = sorted((state for state in states if state.used == count), key=lambda s: -s.score)
    if not finals:
        return None
    best = finals[0]
    tied = [state for state in finals if best.score - state.score < TIE]
    uncertain = frozenset(
        row for row in range(len(labels)) if len({_value_key(figures, s.placed[row]) for s in tied}) > 1
    )
    return _Placement(best.placed, uncertain, best.base)


class _Search:
    """The checks of a block table and how each decided row moves them along."""

    def __init__(self, labels: list[_Label], figures: _Figures, kind: str, multiplier: Decimal):
        self.labels, self.figures = labels, figures
        self.checks = _structure(labels, kind)
        self.rounding = Decimal(1) if multiplier >= 1000 else Decimal(0)
        self.roles: dict[int, list[tuple[int, int | None]]] = {}  # row → (check, sign; None: the total)
        for index, (_, rows, check) in enumerate(self.checks):
            self.roles.setdefault(rows[0], []).append((index, None))
            for row, sign in zip(rows[1:], check.signs, strict=True):
                self.roles.setdefault(row, []).append((index, sign))
        self.completing: dict[int, list[int]] = {}
        for index, (completion, _, _) in enumerate(self.checks):
            self.completing.setdefault(completion, []).append(index)
        self.pending = [
            [i for i, (completion, rows, _) in enumerate(self.checks) if min(rows) <= row < completion]
            for row in range(len(labels))
        ]

    def step(self, state: _State, row: int, line: int | None, gained: float, base: float) -> _State:
        sums = list(state.sums)
        if line is not None:
            reading = self.figures.values[line]
            for index, sign in self.roles.get(row, ()):
                total, parts, unreadable = sums[index]
                if reading is None:
                    sums[index] = (total, parts, True)
                    continue
                values = tuple(
                    Decimal(0) if v is None else _signed(self.labels[row].code, v.amount) for v in reading
                )
                if sign is None:
                    sums[index] = (values, parts, unreadable)
                else:
                    added = tuple(p + sign * v for p, v in zip(parts, values, strict=True))
                    sums[index] = (total, added, unreadable)
        checked = sum(self._scored(sums[index]) for index in self.completing.get(row, ()))
        used = state.used + (line is not None)
        last = row if line is not None else state.last_row
        placed = (*state.placed, line)
        return _State(
            used, state.score + gained + checked, placed, last, state.base + base + checked, tuple(sums)
        )

    def _scored(self, entry) -> float:
        total, parts, unreadable = entry
        if total is None or unreadable:
            return 0.0
        tolerance = self.rounding * max(1, len(parts) // 2)
        return sum(HOLDS if abs(t - p) <= tolerance else FAILS for t, p in zip(total, parts, strict=True))

    def pruned(self, states: list[_State], row: int) -> list[_State]:
        """One state per (figures used, placed on this row or not, sums of the checks still open)."""
        pending = self.pending[row]
        best: dict[tuple, _State] = {}
        for state in states:
            key = (state.used, state.last_row == row, tuple(state.sums[i] for i in pending))
            if key not in best or state.score > best[key].score:
                best[key] = state
        return sorted(best.values(), key=lambda s: -s.score)[:BEAM]


def _value_key(figures: _Figures, line: int | None):
    if line is None:
        return tuple(Decimal(0) for _ in range(figures.width))
    values = figures.values[line]
    if values is None:
        return ("unreadable", line)
    return tuple(Decimal(0) if v is None else v.amount for v in values)


def _prior(label: _Label, figures: _Figures, state: _State, row: int, titles: dict[str, str]) -> float:
    score = 0.0
    if label.rare:
        score += RARE
    if label.code is None:
        score += UNKNOWN
    note = figures.notes[state.used]
    if note and note in titles:
        alike = squash(titles[note])[:12] in squash(label.label) or squash(label.label) in squash(
            titles[note]
        )
        score += NOTE_MATCH if alike else NOTE_MISMATCH
    if (
        state.used > 0
        and not figures.blank_before[state.used]
        and state.last_row >= 0
        and row - state.last_row > 1
    ):
        score += NEIGHBOURS
    if figures.blank_before[state.used] and label.blank_before:
        score += AFTER_BLANK
    return score


def _structure(labels: list[_Label], kind: str) -> list[tuple[int, list[int]]]:
    """Which rows each check involves (from the codes alone), and when all of them are decided."""
    slots = [
        Slot(row, label.code, Decimal(1), label.label, label.parent_hint) for row, label in enumerate(labels)
    ]
    slots = [slot for slot, label in zip(slots, labels, strict=True) if not label.heading]
    checks = _checks(slots, kind)
    found = []
    for check in checks:
        rows = [slots[check.total].row, *(slots[index].row for index in check.parts)]
        found.append((max(rows), rows, check))
    return found


def _checks(slots: list[Slot], kind: str, rounding: Decimal = Decimal(0)) -> list:
    from pipelines.extract.interpret.counts import count_checks

    if kind == "budget":
        return budget_checks(slots, rounding=rounding)
    if kind in COUNTS:
        return count_checks(slots, COUNTS[kind])
    return statement_checks(slots, rounding=rounding)


def _signed(code: str | None, amount: Decimal) -> Decimal:
    """As the interpreters keep it: costs and income as magnitudes, results and statement lines signed."""
    from pipelines.extract.reconcile.identities import MAGNITUDES

    if code is None or code == "result":
        return amount
    if code in MAGNITUDES:
        return abs(amount)
    if code.startswith(("rr_", "br_", "cf_", "kf_", "cd_", "_")):
        return amount
    return abs(amount)


def _rebuilt(table: Table, figures: list[_Figures], placements) -> Table:
    """A table with one row per label and its figures in the blocks' columns, ready to interpret."""
    columns = tuple(column for f in figures for column in f.header.columns)
    rows: list[Row] = []
    for index, row in enumerate(table.rows):
        cells, lines, uncertain, unreadable = [], [], False, False
        for f, placement in zip(figures, placements, strict=True):
            line = placement.placed[index]
            uncertain = uncertain or index in placement.uncertain
            for column in range(f.width):
                if line is None:
                    cells.append(ValueCell("", 0, 0))
                    lines.append(None)
                    continue
                reading = f.values[line]
                unreadable = unreadable or reading is None
                value = None if reading is None else reading[column]
                garbled = f.lines[line].text.strip() if reading is None and column == 0 else ""
                cells.append(ValueCell(value.text if value is not None else garbled, 0, 0))
                lines.append(f.lines[line])
        first = next((line for line in lines if line is not None), row.line)
        rows.append(
            replace(
                row,
                cells=tuple(cells) if any(c.text for c in cells) or unreadable else (),
                line=first,
                columnar=True,
                cell_lines=tuple(lines),
                uncertain=uncertain,
                unreadable=unreadable,
            )
        )
    header = Header(
        columns, figures[0].header.corner, tuple(line for f in figures for line in f.header.lines)
    )
    return Table(header, rows=rows, caption=table.caption, unit=table.unit, unit_source=table.unit_source)
