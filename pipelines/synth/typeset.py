"""Printed lines set on A4 pages in Helvetica, columns where the fixed-width layout put them.

The layouts (`layouts/`) lay a document out in fixed width: a label at the
left, each figure right-aligned under its heading. Typeset in a proportional
font the way a word processor prints a report: a figure's right edge stays
where its column ends, a label starts where it started. Helvetica is one of
the PDF's standard fonts, so the file embeds none and every renderer draws
the same glyphs (scanner.py renders these pages to make scans).
"""

from __future__ import annotations

import re

from pipelines.synth.minimal_pdf import assembled, escaped, page_refs

LINES_PER_PAGE = 52
FONT_SIZE = 9
LEADING = 14
_LEFT, _TOP, _RIGHT = 56.0, 786.0, 539.0  # points on an A4 page (595 x 842)
_WIDTHS = {ch: 556 for ch in "0123456789"} | {" ": 278, "-": 333, ",": 278, ".": 278, "%": 889}
_FIGURE = re.compile(r"^[-−–(]?\d[\d ,.]*\)?\s?(?:%|kr|tkr)?$")


def typeset_pdf(lines: list[str]) -> tuple[bytes, list[str]]:
    """The PDF, and each line's reference as the PDF reader (or OCR) counts it: `page:line`."""
    pages = [lines[start : start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    pitch = min(5.2, (_RIGHT - _LEFT) / max([len(line) for line in lines] + [1]))
    return assembled([_stream(page, pitch) for page in pages], "Helvetica", "0 0 595 842"), page_refs(pages)


def _stream(lines: list[str], pitch: float) -> bytes:
    parts = []
    for row, line in enumerate(lines):
        y = _TOP - row * LEADING
        for run in re.finditer(r"\S+(?: \S+)*", line):
            text = run.group(0)
            if run.start() > 0 and _FIGURE.match(text):
                x = _LEFT + run.end() * pitch - _width(text)
            else:
                x = _LEFT + run.start() * pitch
            parts.append(b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET" % (FONT_SIZE, x, y, escaped(text)))
    return b"\n".join(parts)


def _width(text: str) -> float:
    return sum(_WIDTHS.get(char, 556) for char in text) * FONT_SIZE / 1000
