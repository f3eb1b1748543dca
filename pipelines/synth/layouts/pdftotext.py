"""Plain text as `pdftotext -layout` prints a PDF: columns kept apart by runs of spaces, amounts in tkr.

The document's style (`style.py`) says how its numbers, headers and wordings are
typeset and whether its pages carry a running header and a page number.
"""

from __future__ import annotations

import random
from pathlib import Path

from pipelines.synth.document import Document
from pipelines.synth.layouts.common import Printed, aligned, tkr, walk
from pipelines.synth.layouts.style import Style, choose_style

NAME = "pdftotext"
SUFFIX = ".txt"


def render(
    document: Document, rng: random.Random, style: Style | None = None, form_feed: bool = True
) -> Printed:
    style = style or choose_style(rng)
    printed = walk(
        document, lambda out, table: aligned(out, table, lambda cell: tkr(cell, style=style), style=style)
    )
    return paged(printed, document, style.paged, form_feed)


def paged(printed: Printed, document: Document, paged: bool, form_feed: bool = True) -> Printed:
    """With a running header (the federation's name and the title) and page numbers, when paged."""
    if not paged:
        return printed
    return printed.paged(f"{printed.lines[0]} – {document.title}", form_feed)


def write(printed: Printed, path: Path) -> list[str]:
    path.write_text("\n".join(printed.lines) + "\n", encoding="utf-8")
    return [str(index + 1) for index in range(len(printed.lines))]
