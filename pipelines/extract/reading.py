"""Files to numbered lines: text and markdown as they are, PDF through its text layer (pdf_layout.py)."""

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
    import pypdfium2

    from pipelines.extract.pdf_layout import layout_lines, page_chars

    lines: list[Line] = []
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise UnreadableDocument(f"{path.name}: the PDF cannot be read ({error})") from error
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
