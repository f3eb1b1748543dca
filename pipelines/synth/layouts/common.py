"""What every layout shares: the printed lines with their facts, number formats, aligned tables."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.synth.document import Cell, Document, Fact, Prose, Row, Table
from pipelines.synth.layouts.style import PAGE_LINES, PLAIN, Style, stacked, styled

CHILD = " - "


@dataclass
class Printed:
    lines: list[str] = field(default_factory=list)
    facts: list[tuple[int, Fact]] = field(default_factory=list)  # 0-based line index, fact

    def add(self, text: str, facts: tuple[Fact, ...] | list[Fact] = ()) -> None:
        self.facts.extend((len(self.lines), fact) for fact in facts)
        self.lines.append(text.rstrip())

    def prose(self, block: Prose, transform: Callable[[str], str] = str) -> None:
        stated = dict(block.facts)
        for index, text in enumerate(block.lines):
            self.add(transform(text), [stated[index]] if index in stated else [])

    def paged(self, running_header: str, form_feed: bool = True) -> Printed:
        """The lines cut into pages of PAGE_LINES, each headed by the running header and ended by its
        number, as a PDF's text layer prints them; a page may end inside a table. `form_feed` starts
        each later page with one, as pdftotext does."""
        chunks = [self.lines[start : start + PAGE_LINES] for start in range(0, len(self.lines), PAGE_LINES)]
        out = Printed()
        position: dict[int, int] = {}
        for number, chunk in enumerate(chunks, start=1):
            out.add(("\f" if form_feed and number > 1 else "") + running_header)
            out.add("")
            for offset, text in enumerate(chunk):
                position[(number - 1) * PAGE_LINES + offset] = len(out.lines)
                out.add(text)
            out.add("")
            out.add(f"Sida {number} av {len(chunks)}")
        out.facts = [(position[index], fact) for index, fact in self.facts]
        return out


def grouped(number: int, style: Style = PLAIN) -> str:
    """`-4057` → `-4 057`: Swedish thousands groups and the minus as the style prints them."""
    return style.number(number)


def tkr(cell: Cell, groups: bool = True, style: Style = PLAIN) -> str:
    """A cell as printed in a tkr table (money in thousands), counts and percents as they are."""
    if cell.unit == "pct":
        return f"{cell.printed}%"
    if cell.unit != "sek":  # counts as `1029`: a grouped `1 029` reads as two counts to the extractor
        return str(cell.printed)
    value = cell.printed // 1000  # money is whole thousands
    return grouped(value, style) if groups else str(value)


def kronor(cell: Cell, suffix: str = "", style: Style = PLAIN) -> str:
    if cell.unit != "sek":
        return tkr(cell)
    return grouped(cell.printed, style) + suffix


def percent_of(cell: Cell, total: int) -> str:
    """The share printed in a `Procent` column: two decimals, decimal comma."""
    share = cell.printed * 100 / total if total else 0
    return f"{share:.2f}".replace(".", ",") + "%"


def facts_of(row: Row) -> list[Fact]:
    return [cell.fact for cell in row.cells if cell is not None and cell.fact is not None]


def extra_column(table: Table) -> list[str]:
    """The unread column's text per row (`Procent`): shares of the table's last (total) row."""
    if not table.extra:
        return ["" for _ in table.rows]
    total = table.rows[-1].cells[0].printed
    return [percent_of(row.cells[0], total) if row.cells else "" for row in table.rows]


def aligned(
    printed: Printed,
    table: Table,
    fmt: Callable[[Cell], str],
    corner: str | None = None,
    style: Style = PLAIN,
) -> None:
    """A layout text layer: labels left, each column right-aligned under its heading, wide gaps."""
    table = styled(table, style)
    labels = [(CHILD if row.child else "") + row.label for row in table.rows]
    texts = [[fmt(cell) if cell else "" for cell in row.cells] for row in table.rows]
    extras = extra_column(table)
    headings = list(table.columns) + ([table.extra] if table.extra else [])
    widths = [
        max([len(heading)] + [len(row[i]) for row in texts if i < len(row)]) + 4
        for i, heading in enumerate(table.columns)
    ]
    if table.extra:
        widths.append(max(len(table.extra), *(len(text) for text in extras)) + 4)
    note_width = 6 if table.notes else 0
    label_width = max(len(text) for text in [*labels, corner or table.corner]) + 3
    head = (corner if corner is not None else table.corner).ljust(label_width)
    head += "Not".rjust(note_width - 2).ljust(note_width) if table.notes else ""
    two_lines = stacked(head, list(table.columns)) if style.stacked_header and not table.extra else None
    if two_lines is not None:  # `Budget` above `2026`
        words, years = two_lines
        printed.add(" " * len(head) + "".join(h.rjust(w) for h, w in zip(words, widths, strict=True)))
        headings = years
    printed.add(head + "".join(h.rjust(w) for h, w in zip(headings, widths, strict=True)))
    for row, label, cells, extra in zip(table.rows, labels, texts, extras, strict=True):
        if row.heading:
            printed.add(label)
            continue
        line = label.ljust(label_width)
        line += row.note.rjust(note_width - 2).ljust(note_width) if table.notes else ""
        line += "".join(text.rjust(width) for text, width in zip([*cells, extra], widths, strict=False))
        printed.add(line, facts_of(row))


def walk(
    document: Document,
    table: Callable[[Printed, Table], None],
    transform: Callable[[str], str] = str,
    title: Callable[[str], list[str]] | None = None,
) -> Printed:
    """Prose through `transform`, each table through `table`, its title (`title`'s lines) above it."""
    printed = Printed()
    for block in document.blocks:
        if isinstance(block, Prose):
            printed.prose(block, transform)
            continue
        for line in title(block.title) if title else [transform(block.title)] if block.title else []:
            printed.add(line)
        table(printed, block)
    return printed


def without_clock(path: Path) -> None:
    """An Office zip rewritten with every entry dated 1980: the same content is the same bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            target.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
