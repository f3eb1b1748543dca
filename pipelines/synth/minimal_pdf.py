"""The smallest PDF that carries a text layer: Courier pages, one text object per page.

Monospaced glyphs keep the layout's columns where they were. Each glyph advances
7.25 pt and each line 13 pt, the grid pdfplumber's layout extraction maps back to
characters and lines (its x and y density), so the runs of spaces the extractor
reads columns by come back as they were written. The page is A3, wide enough for
a hundred characters at that pitch.
"""

from __future__ import annotations

LINES_PER_PAGE = 60
_FONT_SIZE = 12  # Courier is 0.6 em wide: 7.2 pt, and 0.05 pt character spacing makes 7.25
_CHARACTER_SPACING = b"0.05"
_LEADING = 13
_PAGE = "0 0 842 1191"


def escaped(text: str) -> bytes:
    """A PDF string's bytes in WinAnsi (å, ä, ö and – survive), with its special characters escaped."""
    encoded = text.replace("\u2212", "\u2013").encode("cp1252", errors="replace")  # no minus sign in WinAnsi
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[str]) -> bytes:
    parts = [b"BT /F1 %d Tf %s Tc %d TL 36 1140 Td" % (_FONT_SIZE, _CHARACTER_SPACING, _LEADING)]
    parts += [b"(" + escaped(line) + b") Tj T*" for line in lines]
    parts.append(b"ET")
    return b"\n".join(parts)


def text_pdf(pages: list[list[str]]) -> bytes:
    """One PDF page per list of lines (WinAnsi, so å, ä, ö and – survive)."""
    return assembled([_content(lines) for lines in pages or [[]]], "Courier", _PAGE)


def assembled(streams: list[bytes], base_font: str, media_box: str) -> bytes:
    """A PDF of one page per content stream, every page in one standard font (`/F1`), none embedded."""
    font = 3 + 2 * len(streams)
    kids = " ".join(f"{3 + 2 * index} 0 R" for index in range(len(streams)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>".encode(),
    ]
    for index, stream in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [{media_box}] /Contents {4 + 2 * index} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(
        f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font} /Encoding /WinAnsiEncoding >>".encode()
    )
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


def page_refs(pages: list[list[str]]) -> list[str]:
    """Each printed line's ref as the PDF reader counts it: `page:line` among the page's non-blank lines
    (a blank line takes the ref of the line before it)."""
    refs = []
    for page_number, page in enumerate(pages, start=1):
        counted = 0
        for text in page:
            counted += bool(text.strip())
            refs.append(f"{page_number}:{max(counted, 1)}")
    return refs
