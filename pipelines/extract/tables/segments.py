"""A line cut into the pieces of text its layout separates: cells, with where each begins and ends.

Where the reader knows positions (PDF, later spreadsheets, Word, OCR boxes)
its cells are taken as they are. Plain text is cut at tabs, at `|` of pipe
and grid tables (their `|---|` and `+---+` rules are no content), at runs of
two or more spaces, and at dotted leaders (`Kansli ........ 694 000`), which
never reach a label. A single space, a no-break space or a thin space never
cuts: it may be a thousands separator.

`columnar` lines (tab, pipe, grid, spreadsheet) keep their empty cells, and
a cell's x is its column number; a reader's cells numbered by column leave
the empty ones out, and their numbers keep each figure under its heading
(pipelines/extract/interpret/columns.py). Elsewhere x is a character column (or points) and
empty cells do not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.model import Line

_WIDE_GAP = re.compile(r" {2,}|\t| \| |(?<=\S)\|(?=\s)|\s*(?:\.{3,}|…+)\s*")
_RULE = re.compile(
    r"^\s*[|+]?(?:\s*:?-{2,}:?\s*[|+])+\s*:?-*:?\s*$|^\s*\+[-=+:]+\+\s*$|^\s*-{3,}(?:\s+-{2,})*\s*$"
)


@dataclass(frozen=True)
class Segment:
    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Cut:
    """A line's segments; `columnar` when positions are column numbers and empty cells count."""

    segments: tuple[Segment, ...]
    columnar: bool = False
    rule: bool = False  # a table rule (`|---|---|`, `+----+`): layout, no content

    @property
    def text(self) -> str:
        return "  ".join(segment.text for segment in self.segments if segment.text)


def cut(line: Line) -> Cut:
    if line.cells is not None:
        segments = tuple(Segment(" ".join(c.text.split()), c.x0, c.x1) for c in line.cells if c.text.strip())
        return Cut(segments, columnar=_numbered_columns(line))
    text = line.text.replace("\r", "")
    if _RULE.match(text) and text.strip():
        return Cut((), rule=True)
    if "\t" in text and sum(1 for piece in text.split("\t") if piece.strip()) >= 2:
        pieces = text.split("\t")
        if all(re.fullmatch(r"[-=:+ ]*", piece) for piece in pieces):
            return Cut((), rule=True)  # `--  --  ---`: a markdown rule drawn with tabs
        return Cut(_columns(pieces), columnar=True)
    text = text.replace("\t", "    ")  # a tab that only indents
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return Cut(_columns(stripped.strip("|").split("|")), columnar=True)
    return Cut(tuple(_spaced(text)))


def _numbered_columns(line: Line) -> bool:
    """Cells at whole-number positions one apart are spreadsheet or Word columns, not page positions."""
    cells = line.cells or ()
    return bool(cells) and all(c.x0 == int(c.x0) and c.x1 == c.x0 + 1 for c in cells)


def _columns(pieces: list[str]) -> tuple[Segment, ...]:
    segments = [Segment(" ".join(piece.split()), index, index + 1) for index, piece in enumerate(pieces)]
    while segments and not segments[-1].text:
        segments.pop()
    return tuple(segments)


def _spaced(text: str) -> list[Segment]:
    segments, start = [], 0
    for gap in _WIDE_GAP.finditer(text):
        _add(segments, text, start, gap.start())
        start = gap.end()
    _add(segments, text, start, len(text))
    return segments


def _add(segments: list[Segment], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if piece.strip():
        offset = len(piece) - len(piece.lstrip())
        segments.append(Segment(piece.strip(), start + offset, start + len(piece.rstrip())))
