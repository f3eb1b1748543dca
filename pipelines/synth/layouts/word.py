"""Word files as federations write plans and reports, made with python-docx.

Two layouts:
- `docx`: prose as paragraphs (lines joined up to a blank line), each table's title as a paragraph, tables as
  Word tables with one header row;
- `docx_merged`: as `docx`, but a heading of scenario and year is printed on
  two rows (`Budget` merged over its years, the years below), the corner cell
  merged down both rows, and a table's heading rows (`Finansiering`) merged
  across the table's width.

Amounts in tkr with thousands groups, parts' labels with a dash, as the text
layouts print them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.synth.document import Document, Prose, Table
from pipelines.synth.layouts.common import CHILD, Printed, extra_column, facts_of, tkr, without_clock

_WORD_AND_YEAR = re.compile(r"^(\D+?) ((?:19|20)\d\d)$")


@dataclass
class WordTable:
    header: list[list[str]]  # one or two rows
    rows: list[list[str]]
    merged_rows: set[int] = field(default_factory=set)  # rows whose label spans the table


@dataclass
class WordDocument(Printed):
    blocks: list[str | WordTable] = field(default_factory=list)


class WordLayout:
    SUFFIX = ".docx"

    def __init__(self, name: str, merged: bool):
        self.NAME = name
        self.merged = merged

    def render(self, document: Document, rng: random.Random) -> WordDocument:
        word = WordDocument()
        for block in document.blocks:
            if isinstance(block, Prose):
                for text, facts in _paragraphs(block):
                    word.add(text, facts)
                    word.blocks.append(text)
                continue
            if block.title:
                word.add(block.title)
                word.blocks.append(block.title)
            word.blocks.append(self._table(block, word))
        return word

    def _table(self, table: Table, word: WordDocument) -> WordTable:
        notes = ["Not"] if table.notes else []
        headings = [*notes, *table.columns, *([table.extra] if table.extra else [])]
        split = [_WORD_AND_YEAR.match(heading) for heading in headings]
        if self.merged and any(split):
            header = [
                [table.corner or "", *(m.group(1) if m else h for m, h in zip(split, headings, strict=True))],
                ["", *(m.group(2) if m else "" for m in split)],
            ]
        else:
            header = [[table.corner or "", *headings]]
        made = WordTable(header, [])
        for cells in header:
            word.add("\t".join(cells))
        for row, extra in zip(table.rows, extra_column(table), strict=True):
            label = (CHILD.lstrip() if row.child else "") + row.label
            if row.heading:
                if self.merged:
                    made.merged_rows.add(len(made.rows))
                made.rows.append([label] + [""] * len(headings))
                word.add(label)
                continue
            cells = [tkr(cell) if cell else "" for cell in row.cells] + ([extra] if table.extra else [])
            made.rows.append([label, *([row.note] if notes else []), *cells])
            word.add("\t".join(made.rows[-1]), facts_of(row))
        return made

    def write(self, printed: WordDocument, path: Path) -> list[str]:
        """Refs in the order of `printed.lines`: a paragraph's number, or `Tabell t!r`."""
        import docx

        document = docx.Document()
        refs: list[str] = []
        paragraphs = tables = 0
        for block in printed.blocks:
            if isinstance(block, str):
                paragraphs += 1
                document.add_paragraph(block)
                refs.append(str(paragraphs))
                continue
            tables += 1
            rows = [*block.header, *block.rows]
            grid = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row_index, cells in enumerate(rows):
                for column, text in enumerate(cells):
                    if text:
                        grid.cell(row_index, column).text = text
                refs.append(f"Tabell {tables}!{row_index + 1}")
            _merge(grid, block)
        document.core_properties.created = document.core_properties.modified = datetime(2000, 1, 1)
        document.save(str(path))
        without_clock(path)
        return refs


def _paragraphs(prose: Prose) -> list[tuple[str, list]]:
    """The prose's lines joined into paragraphs (a blank line ends one), with the facts they state."""
    stated = dict(prose.facts)
    found: list[tuple[str, list]] = []
    current: list[str] = []
    facts: list = []
    for index, text in enumerate([*prose.lines, ""]):
        if text.strip():
            current.append(text.strip())
            facts += [stated[index]] if index in stated else []
        elif current:
            found.append((" ".join(current), facts))
            current, facts = [], []
    return found


def _merge(grid, block: WordTable) -> None:
    """Two header rows: the corner merged down, each scenario word merged over its run of years; a
    heading row merged across the table."""
    if len(block.header) == 2:
        grid.cell(0, 0).merge(grid.cell(1, 0))
        upper = block.header[0]
        start = 1
        while start < len(upper):
            end = start
            while end + 1 < len(upper) and upper[end + 1] == upper[start] and block.header[1][end + 1]:
                end += 1
            if end > start:
                merged = grid.cell(0, start).merge(grid.cell(0, end))
                merged.text = upper[start]
            start = end + 1
    width = len(block.header[0])
    for row in block.merged_rows:
        at = len(block.header) + row
        merged = grid.cell(at, 0).merge(grid.cell(at, width - 1))
        merged.text = block.rows[row][0]


DOCX = WordLayout("docx", merged=False)
DOCX_MERGED = WordLayout("docx_merged", merged=True)
