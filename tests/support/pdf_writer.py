"""A minimal PDF writer for test fixtures and the bundled sample: monospaced text pages.

Text-layer PDFs of known content, a PDF without text (as a scanned one), and a
truncated PDF, without a PDF library: the file format's core is small.
"""

from __future__ import annotations

from pathlib import Path

LINES_PER_PAGE = 60


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(lines: list[str]) -> bytes:
    body = [b"BT /F1 9 Tf 11 TL 40 800 Td"]
    for line in lines:
        body.append(b"(" + _escape(line) + b") Tj T*")
    body.append(b"ET")
    return b"\n".join(body)


def _drawing_stream() -> bytes:
    return b"0.5 g 40 400 500 300 re f"


def pdf_bytes(pages: list[list[str]] | None, *, without_text: bool = False) -> bytes:
    """One page per list of lines; `without_text` draws a grey box instead (a 'scan')."""
    pages = pages or [[]]
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    font_number = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, lines in enumerate(pages):
        content_number = 4 + 2 * index
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_number} 0 R "
            f"/Resources << /Font << /F1 {font_number} 0 R >> >> >>".encode()
        )
        stream = _drawing_stream() if without_text else _page_stream(lines)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


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
