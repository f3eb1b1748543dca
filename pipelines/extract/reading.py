"""Files to numbered lines: plain text and markdown as they are, PDF through its text layer."""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.model import Line

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PDF_SUFFIXES = (".pdf",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES


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
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if _is_cp1252(data) else None
        if text is None:
            raise UnreadableDocument(f"{path.name}: not UTF-8 or Windows-1252 text") from None
    return [Line(index, str(index + 1), raw) for index, raw in enumerate(text.splitlines())]


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _pdf_lines(path: Path) -> list[Line]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    lines: list[Line] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page_number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text(layout=True, keep_blank_chars=False) or ""
                page_lines = [raw.rstrip() for raw in text.splitlines()]
                while page_lines and not page_lines[-1].strip():
                    page_lines.pop()
                while page_lines and not page_lines[0].strip():  # the top margin is not a line
                    page_lines.pop(0)
                for line_number, raw in enumerate(page_lines, start=1):
                    lines.append(Line(len(lines), f"{page_number}:{line_number}", raw))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise UnreadableDocument(f"{path.name}: the PDF cannot be read ({error})") from error
    except Exception as error:  # pdfminer raises many private types for truncated files
        if type(error).__module__.startswith(("pdfminer", "pdfplumber")):
            raise UnreadableDocument(f"{path.name}: the PDF cannot be read ({error})") from error
        raise
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument(
            f"{path.name}: the PDF has no text layer (a scanned document?); "
            "run OCR first or transcribe it as a facts CSV"
        )
    return lines
