"""A PDF page's text layer as fixed-width lines, the way pdfplumber's `layout=True` lays it out.

The extractors read tables by column position, so a PDF page must become the
same grid of characters pdfplumber's layout mode gives (one column per 7.25 pt,
one line per 13 pt, characters within 3 pt joined into words). pdfplumber gets
there through pdfminer in pure Python, about 0.15 s a page here; pdfium (C++,
already installed with pdfplumber) hands over the characters and their boxes
some 15 times faster. The layout rules below are pdfplumber's; a test checks
both give the same lines on generated PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

X_DENSITY = 7.25  # points per character column
TOLERANCE = 3.0  # points: same line, same word


@dataclass(frozen=True)
class PdfChar:
    top: float  # distance from the top of the page
    x0: float
    x1: float
    text: str
    bottom: float = 0.0


@dataclass
class _Line:
    top: float
    chars: list[PdfChar] = field(default_factory=list)


def page_chars(page) -> list[PdfChar]:
    """The characters of a pypdfium2 page with their loose boxes (font ascent to descent).

    pdfium's raw calls per character, one box reused: pypdfium2's `get_text_range(i, 1)` and
    `get_charbox` made a buffer, a box and three more calls for each, 40 % of the page's time.
    A control character or one beyond UCS-2 is still read through `get_text_range`, which
    translates it as pdfium's text does (0x02 becomes U+FFFE); a character pdfium leaves out of
    its text is left out here too. Both give the same characters (tests/extract/test_pdf_layout.py).
    """
    import pypdfium2.raw as pdfium_c  # here, as in pdf.py: loading the definitions needs no PDF library
    from pypdfium2 import PdfiumError

    height = page.get_height()
    text_page = page.get_textpage()
    try:
        chars = []
        box = pdfium_c.FS_RECTF()
        for index in range(pdfium_c.FPDFText_CountChars(text_page)):
            if pdfium_c.FPDFText_GetTextIndexFromCharIndex(text_page, index) == -1:
                continue  # not in pdfium's text
            code = pdfium_c.FPDFText_GetUnicode(text_page, index)
            text = text_page.get_text_range(index, 1) if code < 0x20 or code > 0xFFFF else chr(code)
            if not text or text in "\r\n":
                continue  # pdfium's generated line breaks are not characters on the page
            if not pdfium_c.FPDFText_GetLooseCharBox(text_page, index, box):
                raise PdfiumError(f"no box for character {index}")
            chars.append(PdfChar(height - box.top, box.left, box.right, text, height - box.bottom))
        return chars
    finally:
        text_page.close()


def cluster_lines(chars: list[PdfChar]) -> list[_Line]:
    """Characters whose tops lie within the tolerance of the previous one share a line."""
    lines: list[_Line] = []
    last_top = None
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        if last_top is None or char.top - last_top > TOLERANCE:
            lines.append(_Line(char.top))
        lines[-1].chars.append(char)
        last_top = char.top
    return lines


def place_words(chars: list[PdfChar]) -> str:
    words: list[list] = []  # [x0, x1, text]
    after_space = True
    for char in sorted(chars, key=lambda c: c.x0):
        if char.text.isspace():
            after_space = True
            continue
        if words and not after_space and char.x0 - words[-1][1] <= TOLERANCE:
            words[-1][1] = char.x1
            words[-1][2] += char.text
        else:
            words.append([char.x0, char.x1, char.text])
        after_space = False
    text = ""
    for x0, _x1, word in words:
        column = round(x0 / X_DENSITY)
        text += " " * max(min(1, len(text)), column - len(text)) + word
    return text
