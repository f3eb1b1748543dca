"""Scanned reports: the pdftotext layout typeset in Helvetica on A4 (synth/typeset.py), then scanned
(synth/scanner.py) at 300 or 150 dpi, turned by about a degree. No text layer: the extractor OCRs it.
"""

from __future__ import annotations

import random
from pathlib import Path

from pipelines.synth.document import Document
from pipelines.synth.layouts import pdftotext
from pipelines.synth.layouts.common import Printed
from pipelines.synth.scanner import scanned_pdf
from pipelines.synth.typeset import typeset_pdf


class ScanLayout:
    SUFFIX = ".pdf"

    def __init__(self, name: str, dpi: int, degrees: float):
        self.NAME, self.dpi, self.degrees = name, dpi, degrees

    def render(self, document: Document, rng: random.Random) -> Printed:
        return pdftotext.render(document, rng)

    def write(self, printed: Printed, path: Path) -> list[str]:
        """Refs as the text layer would count lines; OCR may count a page's lines differently, so the
        benchmark and tests compare keys and values, not refs."""
        pdf, refs = typeset_pdf(printed.lines)
        path.write_bytes(scanned_pdf(pdf, self.dpi, self.degrees, seed=len(printed.lines)))
        return refs


SCAN_300 = ScanLayout("scan_300", 300, 0.8)
SCAN_150 = ScanLayout("scan_150", 150, -1.2)
