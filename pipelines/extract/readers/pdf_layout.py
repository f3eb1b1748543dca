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
    """The characters of a pypdfium2 page with their loose boxes (font ascent to descent)."""
    height = page.get_height()
    text_page = page.get_textpage()
    try:
        chars = []
        for index in range(text_page.count_chars()):
            text = text_page.get_text_range(index, 1)
            if not text or text in "\r\n":
                continue  # pdfium's generated line breaks are not characters on the page
            left, bottom, right, top = text_page.get_charbox(index, loose=True)
            chars.append(PdfChar(height - top, left, right, text, height - bottom))
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
