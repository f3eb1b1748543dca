"""Words Tesseract read on a page, as the reader contract's lines: one per text line, a cell per phrase.

Tesseract is asked for one uniform block (tesseract.py), so a table row,
however wide its gaps, comes back as one text line. Its words are joined into
phrases as the PDF reader joins characters: a gap wider than about a word's
height starts a new cell, which is how columns survive. A cell's confidence is
its least confident word's (a figure is only as sure as its worst digit group).

Specks of dirt come back as words too: punctuation (`|`, `:`, `_`, `"`), a
glyph far smaller than the text, a letter or two read with little confidence
standing alone, or a dot stuck to a figure (`2852.`). A cell of figures with
the letter O for a zero is mended (`762 O00 kr`), at half its confidence. They are left
out, so they neither become a column of their own nor split a label from its
figures. Punctuation alone never means anything in a table but a dash (an
empty cell) or a percent sign, which are kept when read with confidence. A
word with a digit is never left out: an unsure figure is kept, with its
confidence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from statistics import median

from pipelines.extract.model import Cell, Line
from pipelines.extract.readers.pdf_layout import X_DENSITY
from pipelines.extract.readers.tesseract import OcrWord
from pipelines.extract.tables.numbers import is_value_token

PHRASE_GAP = 1.0  # a gap wider than this many word heights separates cells
SURE_MARK = 60  # confidence from which a dash or a percent sign standing alone is kept
UNSURE_LETTERS = 35  # confidence below which one or two letters standing alone are dirt
MENDED_TRUST = 0.5  # a figure mended from letters is taken at half the confidence it was read with
SPECK_HEIGHT = 0.4  # a letter or digit less than this share of a word's height high is a speck
_FIGURE_EDGES = ".,:;'\"|_!`´"  # stuck to a figure's ends, these are specks: `2852.` is 2852
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
        cells = _cells(_without_specks(sorted(row, key=lambda word: word.x0), gap, height), gap, dpi)
        if not cells:
            continue
        number = len(lines) + 1
        lines.append(Line(first_index + len(lines), f"{page}:{number}", _text(cells), page, cells))
    return lines


def _without_specks(row: list[OcrWord], gap: float, height: float) -> list[OcrWord]:
    kept = []
    for position, word in enumerate(row):
        if re.search(r"\w", word.text) and word.y1 - word.y0 < SPECK_HEIGHT * height:
            continue  # a glyph this small is dust, whatever Tesseract read in it
        if re.search(r"\d", word.text):
            text = word.text.strip(_FIGURE_EDGES)
            kept.append(replace(word, text=text) if text != word.text else word)
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
    cells = []
    for group in groups:
        text, mended = mended_figures(" ".join(word.text for word in group))
        confidence = min(word.confidence for word in group) / 100 * (MENDED_TRUST if mended else 1)
        cells.append(
            Cell(text, round(group[0].x0 * scale, 1), round(group[-1].x1 * scale, 1), round(confidence, 2))
        )
    return tuple(cells)


def mended_figures(text: str) -> tuple[str, bool]:
    """A cell of figures with OCR's usual slips undone: the letter O read for a zero (`762 O00 kr`,
    `O kr`), a speck read as a dash before a signed figure (`- −350 000`). Only a cell that is figures
    once mended is mended; the bool says whether anything was."""
    tokens = text.split(" ")
    digits = [
        re.sub(r"[Oo]", "0", token) if re.fullmatch(r"[-−–—(]?[\dOo]+\)?", token) else token
        for token in tokens
    ]
    if len(digits) > 1 and digits[0] in ("-", "–", "—", "−") and re.match(r"[-−–—]\d", digits[1]):
        digits = digits[1:]
    if digits == tokens or not any(re.search(r"\d", token) for token in digits):
        return text, False
    if not all(is_value_token(token) for token in digits):
        return text, False
    return " ".join(digits), True


def _text(cells: tuple[Cell, ...]) -> str:
    """The line laid out in fixed width as the PDF reader lays out a text layer, two spaces at least
    between cells, so a person (and the text readers' column rules) sees the columns."""
    text = ""
    for cell in cells:
        column = round(cell.x0 / X_DENSITY)
        text += " " * (max(column - len(text), 2) if text else column) + cell.text
    return text
