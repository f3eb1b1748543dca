"""PDF: per page, the non-blank lines, each with its phrases at their x positions.

A page with a text layer is read from it; a scanned page (an image, next to no
text) is OCR'd (scan.py, ocr_lines.py), so a PDF with some pages of each is
read page by page. Both kinds of page give the same lines and refs.

`ref` is `page:line`, the line counted among the page's non-blank lines (what
a text-layer viewer or `pdftotext` without layout shows). `text` is the line
laid out in fixed width (pdf_layout.py, pdfplumber's layout rules), for
display and prose; `cells` are its phrases with x in points, which is what
the table finder reads columns from: a PDF keeps a column gap as a gap in x
even where a fixed-width rendering has room for only one space.
"""

from __future__ import annotations

from pathlib import Path
from statistics import median

from pipelines.extract.model import Cell, Line
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.ocr_lines import page_lines
from pipelines.extract.readers.pdf_layout import PdfChar, cluster_lines, page_chars, place_words

PDF_MAGIC = b"%PDF-"
WORD_GAP = 3.0  # points: characters this close, with no space between, are one word
PHRASE_GAP_EM = 0.8  # a gap wider than this many character heights separates phrases (columns)


def read_pdf(path: Path, ocr_cache: Path | None = None) -> list[Line]:
    """Page by page: a page's text layer where it has one, OCR (scan.py) where it is a scan.

    `ocr_cache`: the folder OCR'd pages are kept in between refreshes (ocr_cache.py)."""
    import pypdfium2

    from pipelines.extract.readers.scan import is_scanned, read_scanned

    _check_is_pdf(path)
    pages: list[list[tuple[str, tuple[Cell, ...]]] | None] = []  # None: a scanned page
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise UnreadableDocument(f"{path.name}: {_pdf_problem(path, error)}") from error
    if len(document) == 0:
        document.close()
        raise UnreadableDocument(f"{path.name}: the PDF has no pages")
    try:
        for page_number in range(1, len(document) + 1):
            page = document[page_number - 1]
            chars = page_chars(page)
            scanned = is_scanned(page, sum(1 for char in chars if not char.text.isspace()))
            page.close()
            pages.append(None if scanned else _text_layer(chars))
    except pypdfium2.PdfiumError as error:
        raise UnreadableDocument(f"{path.name}: the PDF cannot be read ({error})") from error
    finally:
        document.close()
    scanned_pages = [number for number, page in enumerate(pages, start=1) if page is None]
    scans = read_scanned(path, scanned_pages, ocr_cache)
    lines: list[Line] = []
    for page_number, page in enumerate(pages, start=1):
        if page is None:
            scan = scans[page_number]
            lines += page_lines(list(scan.words), scan.dpi, page_number, len(lines))
            continue
        for number, (text, cells) in enumerate(page, start=1):
            lines.append(Line(len(lines), f"{page_number}:{number}", text, page_number, cells))
    if not lines:
        reason = "OCR found no text on its scanned pages" if scans else "it has no text and no scanned page"
        raise UnreadableDocument(f"{path.name}: the PDF has no text layer, and {reason}")
    return lines


def _text_layer(chars: list[PdfChar]) -> list[tuple[str, tuple[Cell, ...]]]:
    """The page's non-blank lines: fixed-width text and phrases."""
    found = []
    for cluster in cluster_lines(chars):
        text = place_words(cluster.chars).rstrip()
        if text.strip():
            found.append((text, phrases(cluster.chars)))
    return found


def _check_is_pdf(path: Path) -> None:
    """A PDF starts with %PDF- within its first kilobyte; anything else only carries the name."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty")
    if PDF_MAGIC in head:
        return
    looks_like = "a web page (HTML)" if b"<html" in head.lower() or b"<!doctype" in head.lower() else None
    what = f"it is {looks_like}" if looks_like else "it does not start as a PDF does"
    raise UnreadableDocument(f"{path.name}: not a PDF although named so: {what}; a download that failed?")


def _pdf_problem(path: Path, error: Exception) -> str:
    """Why PDFium could not open a PDF, in words: encrypted, without pages, or damaged.

    PDFium's own error code is process-wide and may be left over from an
    earlier file, so the file is asked again with pdfminer (pdfplumber's
    parser), only on this rare path.
    """
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            pages = resolve1(resolve1(document.catalog.get("Pages")) or {})
            count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return "the PDF is encrypted (password-protected); save or print it without a password"
    except Exception:  # noqa: BLE001 - pdfminer fails in many ways on a damaged file; PDFium's words stand
        count = None
    if count == 0:
        return "the PDF has no pages"
    return f"the PDF cannot be read ({error})"


def phrases(chars: list[PdfChar]) -> tuple[Cell, ...]:
    """Words joined by ordinary spaces; a gap wider than `PHRASE_GAP_EM` heights starts a new cell."""
    heights = [char.bottom - char.top for char in chars if not char.text.isspace()]
    if not heights:
        return ()
    gap = max(PHRASE_GAP_EM * median(heights), WORD_GAP)
    cells: list[list] = []  # [x0, x1, text]
    previous_x1, after_space = None, False
    for char in sorted(chars, key=lambda c: c.x0):
        if char.text.isspace():
            after_space = True
            continue
        if previous_x1 is None or char.x0 - previous_x1 > gap:
            cells.append([char.x0, char.x1, char.text])
        else:
            joiner = " " if after_space or char.x0 - previous_x1 > WORD_GAP else ""
            cells[-1][1], cells[-1][2] = max(cells[-1][1], char.x1), cells[-1][2] + joiner + char.text
        previous_x1, after_space = max(previous_x1 or char.x1, char.x1), False
    return tuple(Cell(text, x0, x1) for x0, x1, text in cells)
