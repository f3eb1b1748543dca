"""PDFs for test fixtures and the bundled sample: monospaced A4 text pages, and damaged ones.

Text-layer PDFs of known content, a PDF without text (as a scanned one), an
encrypted one and one without pages, written by pipelines/synth/minimal_pdf.py.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.synth.minimal_pdf import LINES_PER_PAGE, assembled, escaped


def _page_stream(lines: list[str]) -> bytes:
    body = [b"BT /F1 9 Tf 11 TL 40 800 Td"]
    for line in lines:
        body.append(b"(" + escaped(line) + b") Tj T*")
    body.append(b"ET")
    return b"\n".join(body)


def _drawing_stream() -> bytes:
    return b"0.5 g 40 400 500 300 re f"


def pdf_bytes(pages: list[list[str]] | None, *, without_text: bool = False) -> bytes:
    """One A4 page per list of lines; `without_text` draws a grey box instead (a 'scan')."""
    streams = [_drawing_stream() if without_text else _page_stream(lines) for lines in pages or [[]]]
    return assembled(streams, "Courier", "0 0 595 842")


def write_text_pdf(path: Path, lines: list[str]) -> Path:
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    path.write_bytes(pdf_bytes(pages))
    return path


def encrypted_pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF whose standard security handler wants a password we do not have (RC4, revision 2)."""
    security = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
    )
    return pdf_bytes(pages).replace(b"/Root 1 0 R >>", b"/Root 1 0 R " + security + b" >>")


def pageless_pdf_bytes() -> bytes:
    """A well-formed PDF whose page tree is empty (the byte offsets kept)."""
    return pdf_bytes([["x"]]).replace(b"/Kids [3 0 R] /Count 1", b"/Kids []      /Count 0")
