"""Files to numbered lines: text and markdown as they are, PDF through its text layer (pdf_layout.py).

The suffixes read are listed in pipelines/ingest/file_kinds.py, the one list
of what the landing reads. A file named .pdf that is not a PDF (a web page
saved from a failed download), an encrypted PDF and one without pages are
refused with the reason.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.model import Line
from pipelines.ingest.file_kinds import DOCUMENT_SUFFIXES, PDF_SUFFIXES
from pipelines.ingest.file_kinds import TEXT_DOCUMENT_SUFFIXES as TEXT_SUFFIXES
from pipelines.ingest.problems import UnreadableFile
from pipelines.ingest.text_files import read_landing_text

PDF_MAGIC = b"%PDF-"


class UnreadableDocument(Exception):
    """The file cannot be turned into text lines; the message says why."""


def read_lines(path: Path) -> list[Line]:
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _pdf_lines(path)
    if suffix in TEXT_SUFFIXES:
        return _text_lines(path)
    raise UnreadableDocument(f"{path.name}: not a document type we read ({', '.join(DOCUMENT_SUFFIXES)})")


def _text_lines(path: Path) -> list[Line]:
    """In the encodings the loaders read (UTF-8, Windows-1252, UTF-16 with a BOM); binary is refused."""
    try:
        text = read_landing_text(path, path.name).text
    except UnreadableFile as error:
        reason = "the file is empty" if error.reason == "is empty" else error.reason
        raise UnreadableDocument(f"{path.name}: {reason}") from error
    return [Line(index, str(index + 1), raw) for index, raw in enumerate(text.splitlines())]


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


def _pdf_lines(path: Path) -> list[Line]:
    import pypdfium2

    from pipelines.extract.pdf_layout import layout_lines, page_chars

    _check_is_pdf(path)
    lines: list[Line] = []
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
            page_lines = layout_lines(page_chars(page))
            page.close()
            while page_lines and not page_lines[-1].strip():
                page_lines.pop()
            for line_number, raw in enumerate(page_lines, start=1):
                lines.append(Line(len(lines), f"{page_number}:{line_number}", raw))
    except pypdfium2.PdfiumError as error:
        raise UnreadableDocument(f"{path.name}: the PDF cannot be read ({error})") from error
    finally:
        document.close()
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument(
            f"{path.name}: the PDF has no text layer (a scanned document?); "
            "run OCR first or transcribe it as a facts CSV"
        )
    return lines
