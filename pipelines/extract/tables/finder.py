"""The one table finder: a document's lines in, its tables out, whatever format the lines came from.

Every line is first told apart: blank, furniture (page header, footer, page
number, contents), a rule, a column header (one line, or two: `Budget`
above `2026`), a row (a label and figures), figures alone, a label alone,
a section heading (`3. Balansräkning`) or prose. A table is then a run of
header, row, figure and label lines; prose and section headings end it,
page furniture and blank lines do not (a table continued on the next page,
with or without its header repeated, is one table). A new header starts a
new table unless it repeats the open one's. Labels printed alone before
figures printed alone make a block table (OCR's way of printing a table:
labels first, then each column). Tab and pipe tables (`columnar` lines)
keep their cells by column.

The caption is what stands just above the table (its title, a unit line
such as `Belopp i tkr`); the unit is the one the header, the caption, a
sentence just above (`Beloppen anges i tusentals kronor`) or the figures
themselves (`1 416 000 kr`) state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipelines.extract.label_text import fold
from pipelines.extract.model import Line
from pipelines.extract.tables.furniture import furniture
from pipelines.extract.tables.header import Header, column_of_heading, parse_header, stack, unit_in
from pipelines.extract.tables.numbers import parse_value
from pipelines.extract.tables.rows import RowText, ValueCell, clean_label, has_letters, read_row
from pipelines.extract.tables.segments import Cut, cut
from pipelines.extract.tables.table import Row, Table, ValueBlock

BLANK, HEADER, ROW, VALUES, LABEL, HEADING, PROSE = (
    "blank",
    "header",
    "row",
    "values",
    "label",
    "heading",
    "prose",
)
PROSE_WORDS = 9  # a label this long is a sentence
# A sentence's verb or preposition right before its figure; a table's label does not end so.
_SENTENCE_BEFORE_FIGURE = {"blir", "ar", "till", "med", "uppgar", "cirka", "ca", "pa", "om", "var", "blev"}
CAPTION_REACH = 4  # lines above a table that may hold its caption
UNIT_REACH = 8  # lines above a table where a sentence may state its unit
SECTION_REACH = 60  # lines above a table where its section's unit line (`Belopp i tkr`) may stand
_SECTION = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+\S")
_UNIT_SENTENCE = re.compile(
    r"\b(?:i|anges i|angivna i|upprattad i|upprattade i|redovisas i)\s+(tusentals kronor|tkr|kronor|kr)\b"
)


@dataclass
class _Line:
    line: Line
    cut: Cut
    kind: str
    header: Header | None = None
    row: RowText | None = None
    end: int | None = None  # the last line of a label printed over several lines

    @property
    def last_index(self) -> int:
        return self.end if self.end is not None else self.line.index


def find_tables(lines: list[Line], federation_names: tuple[str, ...] = ()) -> list[Table]:
    cuts = [cut(line) for line in lines]
    skip = furniture(lines, federation_names, cuts)
    read = [_classify(line, line_cut, skip) for line, line_cut in zip(lines, cuts, strict=True)]
    _stack_headers(read)
    tables: list[Table] = []
    current: Table | None = None
    labels: list[_Line] = []  # label lines not yet placed: a caption, or the labels of a block table
    for position, entry in enumerate(read):
        kind = entry.kind
        if kind == BLANK:
            continue
        if kind in (PROSE, HEADING):
            current = _close(tables, current)
            labels = []
            continue
        if entry.cut.columnar and (kind != LABEL or entry.row.cells):
            current = _grid(tables, current, entry, read, position, labels)
            labels = []
            continue
        if kind == HEADER:
            if current is not None and _repeats(current, entry.header):
                continue  # the header printed again after a page break
            if current is not None and _opens_block(current, labels):
                current.blocks.append(ValueBlock(entry.header))
                continue
            if labels and _values_follow(read, position):
                current = _close(tables, current)
                current = _block_table(entry.header, labels, read, position)
                labels = []
                continue
            current = _close(tables, current)
            current = Table(entry.header, caption=_caption(read, position))
            labels = []
            continue
        if kind == VALUES:
            if current is None or (labels and not current.blocks):
                current = _close(tables, current)
                current = _block_table(None, labels, read, position) if labels else Table(None)
                if not current.caption:
                    current.caption = _caption(read, position)
                labels = []
            if current.blocks or not current.has_value_rows:
                if not current.blocks:
                    current.blocks.append(ValueBlock(None))
                _add_values(current.blocks[-1], entry, read, position)
            else:
                current.rows.append(_row(entry))
            continue
        if kind == ROW:
            if current is None:
                current = Table(None, caption=_caption(read, position))
            elif current.blocks or current.columnar:  # a spaced row after a grid is a table of its own
                current = _close(tables, current)
                current = Table(None, caption=_caption(read, position))
            _flush_labels(current, labels)
            labels = []
            _add_row(current, entry, read, position)
            continue
        # a label alone: a heading inside the table, a wrapped label, or a block table's label
        if (
            current is not None
            and current.has_value_rows
            and not labels
            and _continues_label(current.rows[-1], entry)
        ):
            current.rows[-1].label += " " + entry.row.label
            current.rows[-1].label_lines += (entry.line,)
            continue
        if current is not None and current.blocks and current.blocks[-1].lines and _garbled(entry):
            if entry.row.label.strip() in ("O", "o"):  # OCR's zero alone among figures
                zero = ValueCell("O*", entry.row.label_x0, entry.row.label_x0 + 1)
                _add_values(
                    current.blocks[-1], replace(entry, row=replace(entry.row, cells=(zero,))), read, position
                )
            else:
                _add_unreadable(current.blocks[-1], entry)  # OCR's remains of a figure: it keeps its place
            continue
        if labels and _wraps(labels[-1], entry):
            labels[-1] = _joined(labels[-1], entry)
            continue
        labels.append(entry)
    _close(tables, current)
    return tables


def _classify(line: Line, line_cut: Cut, skip: set[int]) -> _Line:
    if line.index in skip or line_cut.rule or not line_cut.segments:
        return _Line(line, line_cut, BLANK)
    header = None if line_cut.columnar else parse_header(line_cut, line)
    if header is not None:
        return _Line(line, line_cut, HEADER, header=header)
    row = read_row(line_cut)
    if row is None:
        return _Line(line, line_cut, BLANK)
    words = row.label.split()
    if row.has_values and _year_alone(row) and line_cut.columnar:
        return _Line(line, line_cut, LABEL, row=row)  # a sheet's `Belopp i tkr | 2025`: _grid decides
    if row.has_values and _year_alone(row):  # `Årsredovisning 2024`: a title, its year no figure
        year = next(cell.text for cell in row.cells if cell.text)
        title = replace(row, label=f"{row.label} {year}", cells=())
        return _Line(line, line_cut, LABEL, row=title)
    if row.has_values:
        if not row.label and not row.note:
            return _Line(line, line_cut, VALUES, row=row)
        if not row.label:
            return _Line(line, line_cut, VALUES, row=row)
        if not line_cut.columnar and _sentence(row.label, line.text):
            return _Line(line, line_cut, PROSE, row=row)
        return _Line(line, line_cut, ROW, row=row)
    if not line_cut.columnar and _sentence(row.label, line.text):
        return _Line(line, line_cut, PROSE, row=row)
    if not line_cut.columnar and _SECTION.match(line.text) and len(words) <= 8 and not row.part_mark:
        return _Line(line, line_cut, HEADING, row=row)
    if not line_cut.columnar and _unit_line(row.label):
        return _Line(line, line_cut, HEADING, row=row)  # `Belopp i tkr` opens a table as its caption
    if not has_letters(row.label) and not line_cut.columnar:
        return _Line(line, line_cut, BLANK)
    return _Line(line, line_cut, LABEL, row=row)


def _unit_line(label: str) -> bool:
    words = fold(label).split()
    return (
        0 < len(words) <= 5 and unit_in(label) is not None and words[0] in ("belopp", "beloppen", "tkr", "kr")
    )


def _year_alone(row: RowText) -> bool:
    texts = [cell.text for cell in row.cells if cell.text]
    return bool(row.label) and len(texts) == 1 and bool(re.fullmatch(r"(19|20)\d\d", texts[0]))


def _sentence(label: str, text: str) -> bool:
    """Prose: a long label, or one that reads as a sentence (a full stop, then a capital)."""
    words = label.split()
    if len(words) >= PROSE_WORDS:
        return True
    if len(words) >= 4 and fold(words[-1]) in _SENTENCE_BEFORE_FIGURE:
        return True  # `… medelstilldelning år 2031 blir 1 000 tkr`
    stripped = text.rstrip()
    ends = stripped.endswith(".") and not re.search(r"\b(?:m\.m|inkl|t\.ex|bl\.a|st)\.$", stripped)
    return len(words) >= 5 and (ends or bool(re.search(r"[a-zåäö]\. [A-ZÅÄÖ]", label)))


def _stack_headers(read: list[_Line]) -> None:
    """`Budget  Plan  Plan` above `2026  2027  2028`, blank lines between allowed: one header."""
    for position, entry in enumerate(read):
        if entry.kind != HEADER or any(c.year is not None for c in entry.header.columns):
            continue
        following = _next_content(read, position, reach=3)
        if following is None:
            continue
        merged = stack(entry.header, read[following].cut, read[following].line)
        if merged is not None:
            entry.header = merged
            read[following].kind = BLANK


def _next_content(read: list[_Line], position: int, reach: int) -> int | None:
    for index in range(position + 1, min(position + 1 + reach, len(read))):
        if read[index].kind != BLANK or read[index].cut.segments:
            return index if read[index].cut.segments else None
    return None


def _close(tables: list[Table], table: Table | None) -> None:
    if table is not None and (table.has_value_rows or any(block.lines for block in table.blocks)):
        if table.header is not None and not table.columnar:
            table.header = replace(table.header, aligned=_aligned(table))
        tables.append(table)
    return None


def _aligned(table: Table) -> bool:
    """Whether the rows that print a figure in every column print each under its own heading."""
    columns = [c for c in table.header.columns if c.role != "note"]
    if not columns or not all(c.x1 > c.x0 for c in columns):
        return False
    full = [row for row in table.value_rows if len([c for c in row.cells if c.text]) == len(columns)]
    if not full:
        return False
    for row in full:
        cells = [c for c in row.cells if c.text]
        for cell, column in zip(cells, columns, strict=True):
            under = [c for c in columns if min(c.x1, cell.x1) - max(c.x0, cell.x0) > 0]
            if under != [column]:
                return False
    return True


def _repeats(table: Table, header: Header) -> bool:
    """The same header again (its corner too): a table continued after a page break."""
    if table.header is None or not table.has_value_rows:
        return False
    key = [(c.role, c.year, c.scenario, c.measure) for c in table.header.columns]
    same = key == [(c.role, c.year, c.scenario, c.measure) for c in header.columns]
    return same and fold(table.header.corner) == fold(header.corner)


def _opens_block(table: Table, labels: list[_Line]) -> bool:
    """Another column's header after a block's figures: a further block of the same labels."""
    return bool(table.blocks) and not labels


def _values_follow(read: list[_Line], position: int) -> bool:
    index = _next_content(read, position, reach=6)
    while index is not None and read[index].kind == BLANK:
        index = _next_content(read, index, reach=6)
    return index is not None and read[index].kind == VALUES


def _block_table(header: Header | None, labels: list[_Line], read: list[_Line], position: int) -> Table:
    first = labels[0] if labels else None
    caption_at = read.index(first) if first is not None else position
    table = Table(None, caption=_caption(read, caption_at))
    for entry in labels:
        table.rows.append(_row(entry))
    table.blocks.append(ValueBlock(header))
    return table


def _flush_labels(table: Table, labels: list[_Line]) -> None:
    """Labels seen since the last row: headings inside the table, or a label wrapped before its row."""
    for entry in labels:
        table.rows.append(_row(entry))


def _add_row(table: Table, entry: _Line, read: list[_Line], position: int) -> None:
    row = _row(entry)
    previous = table.rows[-1] if table.rows else None
    if previous is not None and previous.heading and _wrapped_before(previous, row):
        table.rows.pop()
        row.label = f"{previous.label} {row.label}"
        row.printed_label = f"{previous.printed_label} {row.printed_label}"
        row.label_lines = (previous.line, *row.label_lines)
    table.rows.append(row)


def _wrapped_before(previous: Row, row: Row) -> bool:
    """`Generella statsbidrag och` / `utjämning  - -`: a label that goes on in lower case on the row."""
    first = row.label[:1]
    return bool(first) and first.islower() and not previous.part_mark and not previous.label.endswith(":")


def _continues_label(row: Row, entry: _Line) -> bool:
    """`Utgående eget  1973 0 1973 2179` / `kapital`: a lower-case fragment under a row goes on its label."""
    label = entry.row.label
    return (
        bool(label)
        and label[:1].islower()
        and len(label.split()) <= 3
        and entry.line.index - row.line.index <= 2
    )


_OPEN_ENDS = ("och", "samt", "for", "av", "i", "som", "med", "till", "eller", "mot", "pa", "fran", "inkl")


def _wraps(previous: _Line, entry: _Line) -> bool:
    """A label printed over two lines: the first ends open (`EGET KAPITAL,`, `... som inte`), or the
    second goes on in lower case or with `och`."""
    if entry.line.index - previous.last_index > 2 or entry.row.part_mark:
        return False
    before, after = previous.row.printed_label.rstrip(), entry.row.label
    last_word = fold(before).split()[-1:] or [""]
    first_word = fold(after).split()[:1] or [""]
    return (
        before.endswith((",", "-", "/", "–"))
        or last_word[0] in _OPEN_ENDS
        or after[:1].islower()
        or first_word[0] in ("och", "samt")
    )


def _joined(previous: _Line, entry: _Line) -> _Line:
    row = previous.row
    glue = "" if row.printed_label.rstrip().endswith(("-", "/")) and entry.row.label[:1].islower() else " "
    joined = replace(
        row,
        label=clean_label(f"{row.printed_label.rstrip()}{glue}{entry.row.printed_label.strip()}"),
        printed_label=f"{row.printed_label.rstrip()}{glue}{entry.row.printed_label.strip()}",
    )
    return _Line(previous.line, previous.cut, previous.kind, previous.header, joined, entry.line.index)


def _row(entry: _Line) -> Row:
    text = entry.row
    return Row(
        label=text.label,
        printed_label=text.printed_label,
        line=entry.line,
        cells=text.cells,
        part_mark=text.part_mark,
        indent=text.label_x0,
        note=text.note,
        columnar=text.columnar,
        label_lines=(entry.line,),
    )


def _add_values(block: ValueBlock, entry: _Line, read: list[_Line], position: int) -> None:
    previous = position - 1
    blank_before = previous >= 0 and not read[previous].cut.segments
    block.lines.append(entry.line)
    block.cells.append(entry.row.cells)
    block.notes.append(entry.row.note)
    block.blank_before.append(blank_before)


def _garbled(entry: _Line) -> bool:
    """`IR`, `o W hOOo`: too short and too odd to be a label, among figures printed alone."""
    letters = re.sub(r"[^A-Za-zÅÄÖåäö]", "", entry.row.label)
    return len(letters) <= 8 and not re.search(r"[a-zåäö]{4,}", entry.row.label)


def _add_unreadable(block: ValueBlock, entry: _Line) -> None:
    block.lines.append(entry.line)
    block.cells.append(None)
    block.notes.append(None)
    block.blank_before.append(False)


def _grid(
    tables: list[Table],
    current: Table | None,
    entry: _Line,
    read: list[_Line],
    position: int,
    labels: list[_Line],
) -> Table:
    """A tab or pipe line: the first of a run heads it, the others are its rows, until a line of
    headings only (`Kön | Antal`, `Belopp i tkr | 2024`) heads the next grid. `labels`, the lines
    alone on their row since the last (`Intäkter`), are headings inside the grid, or the next grid's
    caption."""
    cells = entry.cut.segments
    if current is not None and current.columnar:
        if not _heads_a_grid(cells):
            _flush_labels(current, labels)
            current.rows.append(_row(entry))
            return current
        if current.header is not None and _same_headings(current.header, cells):
            return current  # the header printed again (a page break, a repeated title row)
    _close(tables, current)
    headings = [cell.text for cell in cells]
    if _has_figures(cells[1:]) and not _all_headings(cells):
        table = Table(None, caption=_caption(read, position), columnar=True)
        table.rows.append(_row(entry))
        return table
    columns = tuple(column_of_heading(cell.text, cell.x0, cell.x1) for cell in cells)
    if len(columns) < 2 or not all(_dated_heading(column) for column in columns):
        columns = columns[1:]  # the first cell is the corner (`Belopp i tkr`), over the labels
    else:
        headings = ["", *headings]  # the corner cell is empty, and a reader left it out
    header = Header(columns, headings[0] if headings else "", (entry.line,))
    return Table(header, caption=_caption(read, position), columnar=True)


def _heads_a_grid(cells) -> bool:
    """Headings only after the label cell: `Kön | Antal`, `Belopp i tkr | 2024`. Years alone head a grid
    only under a corner that says so: `Individinriktade insatser | 2048` is a row of an amount."""
    if _has_figures(cells[1:]) or not _all_headings(cells) or not any(cell.text for cell in cells[1:]):
        return False
    if all(column_of_heading(cell.text).bare_year for cell in cells[1:] if cell.text):
        return not cells[0].text or _unit_line(cells[0].text)
    return True


def _same_headings(header: Header, cells) -> bool:
    return [column.heading for column in header.columns] == [
        cell.text for cell in cells[-len(header.columns) :]
    ]


def _dated_heading(column) -> bool:
    """A heading that names a year, a scenario or a date (`2031`, `Budget 2031`, `2031-12-31`)."""
    return column.role == "value" and (column.year is not None or column.scenario is not None or column.dated)


def _has_figures(cells) -> bool:
    """Whether cells hold figures (a row), not headings: a year alone is a heading."""
    return any(
        parse_value(cell.text) is not None and not re.fullmatch(r"(19|20)\d\d", cell.text) for cell in cells
    )


def _all_headings(cells) -> bool:
    return all(column_of_heading(cell.text).role != "text" for cell in cells[1:] if cell.text)


def _caption(read: list[_Line], position: int) -> list[Line]:
    """The short lines just above a table: its title and unit line, nearest last."""
    found: list[Line] = []
    index = position - 1
    while index >= 0 and position - index <= CAPTION_REACH + len(found):
        entry = read[index]
        if entry.kind in (ROW, VALUES, HEADER) and entry.line.index not in (line.index for line in found):
            break
        if entry.kind in (LABEL, HEADING) and len(entry.line.text.split()) <= PROSE_WORDS:
            found.insert(0, entry.line)
        elif entry.kind == PROSE:
            found.insert(0, entry.line)
            break
        index -= 1
    return found


def stated_unit(table: Table, lines: list[Line]) -> tuple[str | None, str]:
    """The unit a table states, and where: its header, caption, a sentence above, or its figures."""
    if table.header is not None and table.header.unit:
        return table.header.unit, "header"
    for block in table.blocks:
        if block.header is not None and block.header.unit:
            return block.header.unit, "header"
    for line in reversed(table.caption):
        unit = unit_in(line.text) if len(line.text.split()) <= 8 else _sentence_unit(line.text)
        if unit:
            return unit, f"caption line {line.ref}"
    first = table.first.index
    for offset, line in enumerate(reversed(lines[max(0, first - SECTION_REACH) : first])):
        unit = _sentence_unit(line.text) if offset < UNIT_REACH else None
        if unit is None and _unit_line(line.text.strip()):
            unit = unit_in(line.text)
        if unit:
            return unit, f"line {line.ref}"
        if _SECTION.match(line.text) and len(line.text.split()) <= 8:
            break  # a unit line of an earlier section is not this table's
    suffixes = {cell.text.split()[-1].lower() for row in table.value_rows for cell in row.cells if cell.text}
    if "tkr" in suffixes:
        return "tkr", "figures"
    if suffixes & {"kr", "kr."}:
        return "kr", "figures"
    return None, ""


def _sentence_unit(text: str) -> str | None:
    match = _UNIT_SENTENCE.search(fold(text))
    if not match:
        return None
    return "tkr" if match.group(1) in ("tusentals kronor", "tkr") else "kr"
