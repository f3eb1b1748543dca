"""Budget tables in a document: found by their year header, read row by row, settled by their totals.

A table starts at a header line (see `budget_layout.header_columns`); a later
header before the first figure replaces it (a stale title row). It runs while
rows with figures keep coming, headings and blank lines in between allowed.

Rows whose spacing allows several readings with the right number of values are
settled by the totals: the reading under which every check it takes part in
holds, if exactly one does. Otherwise the row is reported unread and every
check that needs it is skipped, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from math import prod

from pipelines.extract.budget_labels import LabelMapper, Mapping
from pipelines.extract.budget_layout import (
    Column,
    Reading,
    clean_label,
    header_columns,
    row_readings,
    split_row,
)
from pipelines.extract.budget_reconcile import ANY_CODE, Blocked, Check, children_of, find_checks
from pipelines.extract.model import Document, ExtractedFact, Line, UnreadRegion
from pipelines.extract.text import fold
from pipelines.reference import load_reference

MAX_GAP = 4  # printed lines without figures a table may have between two rows
MAX_BLANK = 8  # blank lines in a row a table may have between two rows
MAX_COMBINATIONS = 4096
_TKR_WORDS = re.compile(r"\b(tkr|tusental kronor|tusen kronor|belopp i tkr)\b")
_PAGE_MARK = re.compile(r"^(sida|page|s)( \d+ (av|of))?$")  # `Sida 11 av 12` between two rows of a table
_KRONOR_TABLE = 100_000  # a bare figure this large is not in thousands


@dataclass
class TableRow:
    line: Line
    label: str
    mapping: Mapping | None
    readings: list[Reading]
    units: frozenset[str]
    group: str | None = None  # the total the row was printed under, as far as the labels tell


@dataclass
class Table:
    header: Line
    columns: list[Column]
    rows: list[TableRow] = field(default_factory=list)

    @property
    def last(self) -> Line:
        return self.rows[-1].line if self.rows else self.header


@dataclass
class TableFacts:
    """What one table yields: facts, rows not read, and the checks that must not use them."""

    facts: list[ExtractedFact] = field(default_factory=list)
    notes: dict[int, list[str]] = field(default_factory=dict)  # fact index → split notes
    unread: list[UnreadRegion] = field(default_factory=list)
    blocked: Blocked = field(default_factory=set)
    lines: tuple[int, int] = (0, 0)


def find_tables(document: Document) -> list[Table]:
    builder = _TableBuilder(document)
    for line in document.lines:
        builder.feed(line)
    return builder.finish()


class _TableBuilder:
    """Walks the lines once: a header opens a table, figures extend it, a long gap or prose ends it."""

    def __init__(self, document: Document):
        self.document = document
        self.tables: list[Table] = []
        self.current: Table | None = None
        self.mapper = LabelMapper(document.federation_id or "")
        self.gap = 0  # printed lines without figures since the last row
        self.blank = 0  # blank lines in a row
        self.pending: Line | None = None  # a label line without figures: a heading, or a label wrapped

    def feed(self, line: Line) -> None:
        columns = self._header(line)
        if columns:
            self._close()
            self.current = Table(line, _unique_columns(columns))
            self.mapper = LabelMapper(self.document.federation_id or "")
            _heading_of_header(line.text, columns, self.mapper)
            return
        if self.current is None:
            return
        row = split_row(line.text)
        if row is not None and _PAGE_MARK.match(fold(row.label)):
            return  # a page break inside the table changes nothing
        if row is None or "%" in row.units:
            self._no_figures(line)
            return
        self.gap = self.blank = 0
        label = self._unwrapped(line, row.label)
        mapping = self.mapper.row(label)
        readings = row_readings(row, len(self.current.columns))
        self.current.rows.append(TableRow(line, label, mapping, readings, row.units, self.mapper.group))

    def _header(self, line: Line) -> list[Column] | None:
        """A header line's columns; inside a table, a known row whose figures look like years stays a row."""
        above = [prev.text for prev in self.document.text_of(line.index - 2, line.index) if prev.text.strip()]
        columns = header_columns(line.text, self.document.fiscal_year, above[-1] if above else "")
        if not columns or not any(column.scenario for column in columns):
            return None
        row = split_row(line.text)
        if (
            all(column.bare for column in columns)
            and self.current is not None
            and len(columns) == len(self.current.columns)
            and row is not None
            and self.mapper.knows(row.label)
        ):
            return None
        return columns

    def _no_figures(self, line: Line) -> None:
        self._flush_heading()
        printed = bool(line.text.strip())
        self.gap += printed
        self.blank = 0 if printed else self.blank + 1
        if self.gap > MAX_GAP or self.blank > MAX_BLANK or _is_prose(line.text):
            self._close()
        elif line.text.strip():
            self.pending = line

    def _unwrapped(self, line: Line, label: str) -> str:
        """`Kompetenshöjande insats` / `personal  20 000 kr`: a lower-case row continues the label above."""
        pending, self.pending = self.pending, None
        if pending is None:
            return label
        wrapped = clean_label(pending.text)
        continues = label[:1].islower() and not line.text.lstrip().startswith(("-", "–", "•"))
        if continues and wrapped == pending.text.strip() and not self.mapper.knows(wrapped):
            return f"{wrapped} {label}"
        self.mapper.heading(wrapped)
        return label

    def _flush_heading(self) -> None:
        if self.pending is not None:
            self.mapper.heading(clean_label(self.pending.text))
            self.pending = None

    def _close(self) -> None:
        self.pending = None
        if self.current is not None and self.current.rows:
            self.tables.append(self.current)
        self.current = None
        self.gap = self.blank = 0

    def finish(self) -> list[Table]:
        self._close()
        return self.tables


def _unique_columns(columns: list[Column]) -> list[Column]:
    """Two columns for one year and scenario (`Budget 2023`, `Aktuell budget 2023`): the later one counts."""
    seen: set[tuple[int, str | None]] = set()
    kept: list[Column] = []
    for column in reversed(columns):
        key = (column.year, column.scenario)
        kept.append(column if key not in seen else Column(column.year, None, column.heading))
        seen.add(key)
    return list(reversed(kept))


def _heading_of_header(text: str, columns: list[Column], mapper: LabelMapper) -> None:
    """`Verksamhetens intäkter  2024 2025 2026`: the words before the years are a heading too."""
    first = text.find(columns[0].heading)
    if first > 0 and re.search(r"[^\W\d_]", text[:first]):
        mapper.heading(text[:first].strip())


def _is_prose(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 80 or (len(stripped) > 40 and stripped.endswith("."))


def table_unit(document: Document, table: Table) -> int:
    """1000 when the table is in tkr, 1 when in kronor: said in the table, else told by the figures' size.

    Only rows with one reading count: `1 245 717` may be 245717 under a reading the totals later reject.
    """
    above = [line.text for line in document.text_of(table.header.index - 3, table.header.index + 1)]
    if any(_TKR_WORDS.search(fold(text)) for text in above) or any("tkr" in row.units for row in table.rows):
        return 1000
    if any("kr" in row.units for row in table.rows):
        return 1
    certain = [row.readings[0] for row in table.rows if len(row.readings) == 1]
    largest = max(
        (abs(value) for reading in certain for value in reading.values if value), default=Decimal(0)
    )
    return 1 if largest >= _KRONOR_TABLE else 1000


Settled = dict[int, Reading]  # row position → the reading kept


def read_table(document: Document, table: Table) -> TableFacts:
    """Facts of one table, each ambiguous row settled by the totals or reported."""
    return _TableReader(document, table, table_unit(document, table)).read()


@dataclass
class _TableReader:
    document: Document
    table: Table
    unit: int

    def read(self) -> TableFacts:
        result = TableFacts(lines=(self.table.header.index, self.table.last.index))
        if sum(1 for row in self.table.rows if not row.readings) * 2 > len(self.table.rows):
            columns = self.table.columns
            headings = ", ".join(column.heading for column in columns)
            reason = (
                f"the header announces {len(columns)} columns ({headings}); most rows have another number"
            )
            result.unread.append(UnreadRegion(self.table.header.ref, self.table.last.ref, reason))
            self._block(result.blocked, None)
            return result
        settled: dict[int, Reading] = {}
        ambiguous: list[int] = []
        for position, row in enumerate(self.table.rows):
            reason = _unreadable(row, len(self.table.columns))
            if reason:
                result.unread.append(UnreadRegion(row.line.ref, row.line.ref, reason))
                self._block(result.blocked, row.mapping or _somewhere_under(row.group))
            elif len(row.readings) == 1:
                settled[position] = row.readings[0]
            else:
                ambiguous.append(position)
        settled.update(self._settle(settled, ambiguous, result))
        for position in sorted(settled):
            self._emit(position, settled[position], result)
        return result

    def _block(self, blocked: Blocked, mapping: Mapping | None) -> None:
        for column in self.table.columns:
            if column.scenario:
                blocked.add((column.year, column.scenario, mapping.code if mapping else ANY_CODE))

    def _settle(
        self, settled: dict[int, Reading], ambiguous: list[int], result: TableFacts
    ) -> dict[int, Reading]:
        """Readings of the ambiguous rows under which all their checks hold: all together, else one by one.

        A row no reading settles is reported, and the checks that would need it are blocked.
        """
        if not ambiguous:
            return {}
        chosen = self._consistent(settled, ambiguous, result.blocked)
        if not chosen:
            for position in ambiguous:
                others: Blocked = set()
                for other in ambiguous:
                    if other != position:
                        self._block(others, self.table.rows[other].mapping)
                chosen.update(self._consistent(settled, [position], result.blocked | others))
        for position in ambiguous:
            if position not in chosen:
                row = self.table.rows[position]
                options = " or ".join(
                    " | ".join(_plain(v) for v in reading.values) for reading in row.readings
                )
                reason = (
                    f'"{row.label}": its spacing allows {options}; the printed totals do not single one out'
                )
                result.unread.append(UnreadRegion(row.line.ref, row.line.ref, reason))
                self._block(result.blocked, row.mapping)
        return chosen

    def _consistent(
        self, settled: dict[int, Reading], ambiguous: list[int], blocked: Blocked
    ) -> dict[int, Reading]:
        """The one combination of readings under which every check it takes part in holds, else nothing."""
        options = [self.table.rows[position].readings for position in ambiguous]
        if prod(len(readings) for readings in options) > MAX_COMBINATIONS:
            return {}
        lines = {self.table.rows[position].line.ref for position in ambiguous}
        fitting = []
        for combination in product(*options):
            trial = TableFacts()
            for position, reading in [*settled.items(), *zip(ambiguous, combination, strict=True)]:
                self._emit(position, reading, trial)
            if _all_hold(trial.facts, find_checks(trial.facts, blocked), lines):
                fitting.append(combination)
        return dict(zip(ambiguous, fitting[0], strict=True)) if len(fitting) == 1 else {}

    def _emit(self, position: int, reading: Reading, out: TableFacts) -> None:
        row = self.table.rows[position]
        code = load_reference().codes[("budget_line", row.mapping.code)]
        notes_by_column: dict[int, list[str]] = {}
        for left, right, note in reading.notes:
            notes_by_column.setdefault(left, []).append(note)
            notes_by_column.setdefault(right, []).append(note)
        for number, (column, value) in enumerate(zip(self.table.columns, reading.values, strict=True)):
            if value is None or column.scenario is None:
                continue
            amount = value * self.unit
            if number in notes_by_column:
                out.notes[len(out.facts)] = notes_by_column[number]
            out.facts.append(
                ExtractedFact(
                    record_type="budget_line",
                    federation_id=self.document.federation_id or "",
                    fiscal_year=column.year,
                    scenario=column.scenario,
                    code=row.mapping.code,
                    item=row.mapping.item,
                    value=abs(amount) if code.is_magnitude else amount,
                    unit="sek",
                    raw_label=row.label,
                    source_file=self.document.source_file,
                    source_line=row.line.ref,
                )
            )


def _somewhere_under(group: str | None) -> Mapping | None:
    """An unknown row under a group total stands for one of its parts: only that total's check must wait."""
    parts = children_of(group) if group else ()
    return Mapping(parts[0]) if parts else None


def _unreadable(row: TableRow, count: int) -> str | None:
    if row.mapping is None:
        return f'"{row.label}": not a budget line we know (no code for this label)'
    if not row.readings:
        return f'"{row.label}": its figures cannot be read as {count} values'
    return None


def _all_hold(facts: list[ExtractedFact], checks: list[Check], lines: set[str]) -> bool:
    """Every check touching a fact from `lines` holds, and each of those lines is in at least one."""
    touched: set[str] = set()
    for check in checks:
        involved = {facts[index].source_line for index in (check.total, *check.parts)} & lines
        if involved and not check.holds:
            return False
        touched |= involved
    return touched == lines


def _plain(value: Decimal | None) -> str:
    return "–" if value is None else format(value.normalize(), "f") if value else "0"
