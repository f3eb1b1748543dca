"""A PDF with a text layer: the pdftotext layout set in a monospaced font, 60 lines a page.

pdfplumber (`pipelines/extract/readers/pdf.py`) reads it back page by page, so a
figure's line reference is `page:line`, counting the page's non-blank lines.
"""

from __future__ import annotations

import random
from pathlib import Path

from pipelines.synth.document import Document
from pipelines.synth.layouts import pdftotext
from pipelines.synth.layouts.common import Printed
from pipelines.synth.layouts.style import Style
from pipelines.synth.minimal_pdf import LINES_PER_PAGE, page_refs, text_pdf

NAME = "pdf"
SUFFIX = ".pdf"


def render(document: Document, rng: random.Random, style: Style | None = None) -> Printed:
    return pdftotext.render(document, rng, style, form_feed=False)  # a PDF's pages are pages of their own


def write(printed: Printed, path: Path) -> list[str]:
    pages = [
        printed.lines[start : start + LINES_PER_PAGE]
        for start in range(0, len(printed.lines), LINES_PER_PAGE)
    ]
    path.write_bytes(text_pdf(pages))
    return page_refs(pages)
