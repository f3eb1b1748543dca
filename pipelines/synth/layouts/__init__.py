"""The printed layouts of a generated document, one module each, all read by `pipelines/extract/`.

Every layout renders a `document.Document` to `Printed` (lines, and which fact each
line prints), and `write` puts it in a file and returns the line references the
extractor will give (`12`, or `3:12` for page 3 of a PDF).
"""

from __future__ import annotations

import random

from pipelines.synth.layouts import kronor, markdown, ocr, pdf, pdftotext
from pipelines.synth.layouts.scan import SCAN_150, SCAN_300
from pipelines.synth.layouts.word import DOCX, DOCX_MERGED
from pipelines.synth.layouts.workbook import XLSX, XLSX_YEARS

# Workbooks, Word files and scans are made on request (tests, the benchmark, the sample), never chosen below.
LAYOUTS = {
    layout.NAME: layout
    for layout in (
        *(pdftotext, markdown, ocr, kronor, pdf),
        *(XLSX, XLSX_YEARS, DOCX, DOCX_MERGED, SCAN_300, SCAN_150),
    )
}
# Shares of documents per layout: mostly text, some markdown and OCR, about a tenth PDF.
_WEIGHTS = {"pdftotext": 35, "markdown": 20, "ocr": 20, "kronor": 15, "pdf": 10}


def choose_layout(rng: random.Random) -> str:
    names = sorted(_WEIGHTS)
    return rng.choices(names, weights=[_WEIGHTS[name] for name in names])[0]
