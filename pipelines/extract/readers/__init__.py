"""Readers: one per file format, each turning a document into numbered lines.

`read_lines(path)` is the one entry point (the report pages use it too, to show
a document with a line highlighted). Every reader keeps the same contract, and
a new format (a spreadsheet, a Word file, an OCR'd scan) plugs in by keeping it
too: its suffixes go into the landing's list of document suffixes
(`pipelines/foundation/file_kinds.py`) and its reader into `READERS`:

    read(path: Path) -> list[Line]

- Lines come in reading order; `index` is 0-based over the whole document.
- `ref` is the provenance every fact and review row carries: `12`, the line an
  editor or `grep -n` shows, or `3:12` (page 3, the 12th non-blank line) for a
  paged format (a scanned page too), `Budget 2026!12` (sheet and row) for a
  workbook of several sheets, `Tabell 2!3` (table and row) for a Word table.
- `page` is the page number (form feeds count pages in text; 1 otherwise).
- `text` is the line as a person reads it.
- `cells`, optional, is what a format knows about positions: a tuple of
  `Cell(text, x0, x1, confidence)`, left to right, each one phrase the format
  shows as a unit. The table finder then uses the cells as they are instead
  of splitting `text` on runs of spaces, and lines cells up by x. A PDF gives
  phrases with x in points; a spreadsheet reader would give one line per sheet
  row and one cell per non-empty cell with x0 = the column number and x1 =
  x0 + 1; a Word reader one line per table row with a cell per table cell
  (x0 = cell index) and plain lines for paragraphs; an OCR reader one line per
  text line with a cell per word group and its `confidence`. Nothing after the
  reader needs to change for any of them.

A file that cannot be read raises `UnreadableDocument` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.extract.model import Line
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.pdf import read_pdf
from pipelines.extract.readers.text import read_text
from pipelines.extract.readers.word import read_docx
from pipelines.extract.readers.workbook import read_workbook
from pipelines.foundation.file_kinds import (
    DOCUMENT_SUFFIXES,
    PDF_SUFFIXES,
    TEXT_DOCUMENT_SUFFIXES,
    WORD_SUFFIXES,
    WORKBOOK_SUFFIXES,
)

# The suffixes are the landing's own list (pipelines/foundation/file_kinds.py); each needs a reader here.
READERS: dict[str, Callable[[Path], list[Line]]] = {
    **dict.fromkeys(TEXT_DOCUMENT_SUFFIXES, read_text),
    **dict.fromkeys(PDF_SUFFIXES, read_pdf),  # text layers, and OCR for scanned pages
    **dict.fromkeys(WORKBOOK_SUFFIXES, read_workbook),
    **dict.fromkeys(WORD_SUFFIXES, read_docx),
}
assert set(READERS) == set(DOCUMENT_SUFFIXES), "every document suffix of file_kinds needs a reader"

__all__ = ["DOCUMENT_SUFFIXES", "PDF_SUFFIXES", "READERS", "UnreadableDocument", "read_lines"]


def read_lines(path: Path, ocr_cache: Path | None = None) -> list[Line]:
    """The document's numbered lines, with the provenance ref facts carry (`12` or `3:12`).

    `ocr_cache`: where a scanned PDF's OCR'd pages are kept between refreshes (ocr_cache.py).
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableDocument(f"{path.name}: not a document type we read ({', '.join(DOCUMENT_SUFFIXES)})")
    return read_pdf(path, ocr_cache) if reader is read_pdf else reader(path)
