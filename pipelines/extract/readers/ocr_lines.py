"""Words Tesseract read on a page, as the reader contract's lines: one per text line, a cell per phrase.

Tesseract is asked for one uniform block (tesseract.py), so a table row,
however wide its gaps, comes back as one text line. Its words are joined into
phrases as the PDF reader joins characters: a gap wider than about a word's
height starts a new cell, which is how columns survive. A cell's confidence is
its least confident word's (a figure is only as sure as its worst digit group).

Specks of dirt come back as words too: punctuation (`|`, `:`, `_`, `"`), or
a letter or two read with little confidence and standing alone. They are left
out, so they neither become a column of their own nor split a label from its
figures. Punctuation alone never means anything in a table but a dash (an
empty cell) or a percent sign, which are kept when read with confidence. A
word with a digit is never left out: an unsure figure is kept, with its
confidence.
"""

from __future__ import annotations

import re
from statistics import median

from pipelines.extract.model import Cell, Line
from pipelines.extract.readers.pdf_layout import X_DENSITY
from pipelines.extract.readers.tesseract import OcrWord

PHRASE_GAP = 1.0  # a gap wider than this many word heights separates cells
SURE_MARK = 60  # confidence from which a dash or a percent sign standing alone is kept
UNSURE_LETTERS = 35  # confidence below which one or two letters standing alone are dirt
POINTS_PER_INCH = 72


def page_lines(words: list[OcrWord], dpi: int, page: int, first_index: int) -> list[Line]:
    """The page's lines in reading order, `ref` `page:n` counting the page's non-empty lines."""
    if not words:
        return []
    height = median(word.y1 - word.y0 for word in words)
    gap = PHRASE_GAP * height
    by_line: dict[int, list[OcrWord]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    rows = sorted(by_line.values(), key=lambda row: median(word.y0 for word in row))
    lines: list[Line] = []
    for row in rows:
        cells = _cells(_without_specks(sorted(row, key=lambda word: word.x0), gap), gap, dpi)
        if not cells:
            continue
        number = len(lines) + 1
        lines.append(Line(first_index + len(lines), f"{page}:{number}", _text(cells), page, cells))
    return lines


def _without_specks(row: list[OcrWord], gap: float) -> list[OcrWord]:
    kept = []
    for position, word in enumerate(row):
        if re.search(r"\d", word.text):
            kept.append(word)
            continue
        letters = re.sub(r"[\W_]", "", word.text)
        if not letters and not (word.text in ("-", "–", "—", "%") and word.confidence >= SURE_MARK):
            continue
        if len(letters) <= 2 and word.confidence < UNSURE_LETTERS and _alone(row, position, gap):
            continue
        kept.append(word)
    return kept


def _alone(row: list[OcrWord], position: int, gap: float) -> bool:
    before = row[position - 1].x1 if position > 0 else None
    after = row[position + 1].x0 if position + 1 < len(row) else None
    word = row[position]
    return (before is None or word.x0 - before > gap) and (after is None or after - word.x1 > gap)


def _cells(row: list[OcrWord], gap: float, dpi: int) -> tuple[Cell, ...]:
    groups: list[list[OcrWord]] = []
    for word in row:
        if groups and word.x0 - groups[-1][-1].x1 <= gap:
            groups[-1].append(word)
        else:
            groups.append([word])
    scale = POINTS_PER_INCH / dpi
    return tuple(
        Cell(
            " ".join(word.text for word in group),
            round(group[0].x0 * scale, 1),
            round(group[-1].x1 * scale, 1),
            round(min(word.confidence for word in group) / 100, 2),
        )
        for group in groups
    )


def _text(cells: tuple[Cell, ...]) -> str:
    """The line laid out in fixed width as the PDF reader lays out a text layer, two spaces at least
    between cells, so a person (and the text readers' column rules) sees the columns."""
    text = ""
    for cell in cells:
        column = round(cell.x0 / X_DENSITY)
        text += " " * (max(column - len(text), 2) if text else column) + cell.text
    return text
