"""Markdown as a converter writes it: `#` headings, prose, tables as tab-separated rows."""

from __future__ import annotations

import random
import re

from pipelines.synth.document import Document, Table
from pipelines.synth.layouts import pdftotext
from pipelines.synth.layouts.common import CHILD, Printed, extra_column, facts_of, tkr, walk
from pipelines.synth.layouts.style import Style, choose_style, styled

NAME = "markdown"
SUFFIX = ".md"
_NUMBERED = re.compile(r"^\d(\.\d)?\.? ")


def render(document: Document, rng: random.Random, style: Style | None = None) -> Printed:
    style = style or choose_style(rng)

    def table(printed: Printed, block: Table) -> None:
        _table(printed, styled(block, style), style)

    return walk(document, table, _heading, lambda title: [_heading(f"## {title}"), ""] if title else [])


def _heading(text: str) -> str:
    """Numbered headings become markdown headings, their number dropped (`## Balansräkning`)."""
    if _NUMBERED.match(text.removeprefix("## ")):
        return "## " + _NUMBERED.sub("", text.removeprefix("## "))
    return text


def _table(printed: Printed, table: Table, style: Style) -> None:
    headings = list(table.columns) + ([table.extra] if table.extra else [])
    notes = ["Not"] if table.notes else []
    printed.add("\t".join([table.corner, *notes, *headings]))
    for row, extra in zip(table.rows, extra_column(table), strict=True):
        label = (CHILD.lstrip() if row.child else "") + row.label
        if row.heading:
            printed.add("\t".join([label] + [""] * (len(notes) + len(headings))))
            continue
        cells = [tkr(cell, style=style) if cell else "" for cell in row.cells] + (
            [extra] if table.extra else []
        )
        printed.add("\t".join([label, *([row.note] if notes else []), *cells]), facts_of(row))


write = pdftotext.write
