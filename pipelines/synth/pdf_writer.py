"""The smallest PDF that carries a text layer: Courier pages, one text object per page.

Monospaced glyphs keep the layout's columns where they were, so pdfplumber's
layout extraction gives back the runs of spaces the extractor reads columns by.
"""

from __future__ import annotations

LINES_PER_PAGE = 60
_FONT_SIZE = 8
_LEADING = 13


def _escaped(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[str]) -> bytes:
    parts = [b"BT /F1 %d Tf %d TL 30 810 Td" % (_FONT_SIZE, _LEADING)]
    parts += [b"(" + _escaped(line) + b") Tj T*" for line in lines]
    parts.append(b"ET")
    return b"\n".join(parts)


def text_pdf(pages: list[list[str]]) -> bytes:
    """One PDF page per list of lines (WinAnsi, so å, ä, ö and – survive)."""
    pages = pages or [[]]
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * index} 0 R" for index in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
    ]
    for index, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * index} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        stream = _content(lines)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(out)
