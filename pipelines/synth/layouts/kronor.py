"""Plain text with amounts in kronor: `1 416 000 kr` in plans (as some federations print them),
bare kronor under `Belopp i kr` in annual reports."""

from __future__ import annotations

import random
from dataclasses import replace

from pipelines.synth.document import Document, Table
from pipelines.synth.layouts import pdftotext
from pipelines.synth.layouts.common import Printed, aligned, kronor, walk
from pipelines.synth.layouts.style import Style, choose_style

NAME = "kronor"
SUFFIX = ".txt"


def render(document: Document, rng: random.Random, style: Style | None = None) -> Printed:
    style = style or choose_style(rng)
    suffix = " kr" if document.kind == "verksamhetsplan" else ""
    corner = "Belopp i kronor" if document.kind == "verksamhetsplan" else "Belopp i kr"

    def table(printed: Printed, block: Table) -> None:
        # The cost distribution keeps its `Belopp i tkr` over kronor, a slip real reports make.
        columns = (
            block.columns
            if block.kind == "costs"
            else tuple(corner if column == "Belopp i tkr" else column for column in block.columns)
        )
        block = replace(
            block, columns=columns, corner=corner if block.corner == "Belopp i tkr" else block.corner
        )
        aligned(printed, block, lambda cell: kronor(cell, suffix, style), style=style)

    return pdftotext.paged(walk(document, table), document, style.paged)


write = pdftotext.write
