"""A cut line read as a table row: the label, and the figures that follow it.

The figures are the longest run of figure tokens that ends the line (digits,
signs, units, dashes for empty cells, a footnote star); what precedes them is
the label, without the marks that set a row off as a part (`- `, `• `, `varav`)
but with those marks remembered: a part is printed under the total it belongs
to. A `Not 4` (or a bare small number where a note column stands) before the
figures is a note reference, not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.tables.numbers import Atom, atoms_of, is_value_token
from pipelines.extract.tables.segments import Cut, Segment

_PART_MARK = re.compile(r"^\s*(?:[-–—•·*»]\s*|varav\s+|därav\s+|darav\s+)", re.IGNORECASE)
_NOTE = re.compile(r"^(?:not|note)\s*(\d{1,2})$", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class ValueCell:
    """The figures printed in one place: a whole cell (columnar lines) or a run of a spaced line."""

    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class RowText:
    label: str  # as printed, part marks and leaders removed
    printed_label: str  # as printed, marks kept
    label_x0: float
    cells: tuple[ValueCell, ...]  # in order; on columnar lines one per column, '' for an empty one
    part_mark: bool  # printed with `- `, `•`, `varav`: a part of the total above
    note: str | None = None  # a note reference printed before the figures (`Not 4`)
    columnar: bool = False

    @property
    def has_values(self) -> bool:
        return any(cell.text for cell in self.cells)

    def atoms(self) -> list[Atom] | None:
        """The figure atoms of the whole row, cells joined by a column gap."""
        return atoms_of("  ".join(cell.text for cell in self.cells if cell.text))


# Words a row's own number follows (`Fråga 2  25  2  2` is question 2, not a figure 2).
_NUMBERED = re.compile(r"^(?:fråga|fraga|frage|mål|mal|indikator|punkt|steg|nr|question)$", re.IGNORECASE)


def read_row(line_cut: Cut) -> RowText | None:
    """The row a line prints, or None for a line with no label and no figure."""
    segments = list(line_cut.segments)
    if not segments:
        return None
    if line_cut.columnar:
        return _columnar_row(segments)
    values: list[ValueCell] = []
    label_segments = list(segments)
    while label_segments:
        segment = label_segments[-1]
        tokens = segment.text.split(" ")
        keep = len(tokens)
        while keep > 0 and is_value_token(tokens[keep - 1]):
            keep -= 1
        if (
            0 < keep < len(tokens)
            and _NUMBERED.match(tokens[keep - 1])
            and re.fullmatch(r"\d{1,2}", tokens[keep])
        ):
            keep += 1  # `Fråga 1`, `Mål 3`: the number names the row
        if keep == len(tokens):
            break
        value_text = " ".join(tokens[keep:])
        if keep == 0:
            values.insert(0, ValueCell(value_text, segment.x0, segment.x1))
            label_segments.pop()
            continue
        kept = " ".join(tokens[:keep])
        split = segment.x0 + (segment.x1 - segment.x0) * (len(kept) + 1) / max(len(segment.text), 1)
        values.insert(0, ValueCell(value_text, split, segment.x1))
        label_segments[-1] = Segment(kept, segment.x0, split)
        break
    if values and not any(re.search(r"\d|^[-–—]+$|\s[-–—]+(\s|$)", cell.text) for cell in values):
        return _label_only(segments)  # `Belopp i tkr`: units without a figure belong to the label
    values, note = _note_first(label_segments, values)
    printed = "  ".join(segment.text for segment in label_segments)
    if not printed and not values:
        return None
    return RowText(
        label=clean_label(printed),
        printed_label=printed,
        label_x0=label_segments[0].x0 if label_segments else (values[0].x0 if values else 0),
        cells=tuple(values),
        part_mark=bool(_PART_MARK.match(printed)),
        note=note,
    )


def _columnar_row(segments: list[Segment]) -> RowText:
    first = segments[0]
    if first.text and not _is_figures(first.text):
        label, rest = first, segments[1:]
    else:
        label, rest = Segment("", first.x0, first.x0), segments
    cells = tuple(ValueCell(segment.text, segment.x0, segment.x1) for segment in rest)
    return RowText(
        label=clean_label(label.text),
        printed_label=label.text,
        label_x0=label.x0,
        cells=cells,
        part_mark=bool(_PART_MARK.match(label.text)),
        columnar=True,
    )


def _is_figures(text: str) -> bool:
    return all(is_value_token(token) for token in text.split(" ")) and bool(re.search(r"\d|^[-–—]$", text))


def _label_only(segments: list[Segment]) -> RowText:
    printed = "  ".join(segment.text for segment in segments)
    return RowText(clean_label(printed), printed, segments[0].x0, (), bool(_PART_MARK.match(printed)))


def _note_first(label_segments: list[Segment], values: list[ValueCell]) -> tuple[list[ValueCell], str | None]:
    """`Not 4 296 385`: the label's last words `Not 4` make a note reference, not a label."""
    if not label_segments:
        return values, None
    last = label_segments[-1]
    words = last.text.split(" ")
    if words[-1].lower() in ("not", "note") and values:
        first, *rest = values[0].text.split(" ")
        if first.isdigit() and len(first) <= 2:
            remaining = " ".join(words[:-1])
            if remaining:
                label_segments[-1] = Segment(remaining, last.x0, last.x0 + len(remaining))
            else:
                label_segments.pop()
            cell = values[0]
            values = ([ValueCell(" ".join(rest), cell.x0, cell.x1)] if rest else []) + values[1:]
            return values, first
    if len(words) >= 2 and _NOTE.match(" ".join(words[-2:])):
        note = words[-1]
        remaining = " ".join(words[:-2])
        if remaining:
            label_segments[-1] = Segment(remaining, last.x0, last.x0 + len(remaining))
        else:
            label_segments.pop()
        return values, note
    return values, None


def clean_label(text: str) -> str:
    """The label as printed, without leading part marks and numbering bullets, or stray pipes."""
    text = text.replace("|", " ")
    text = _PART_MARK.sub("", text)
    text = re.sub(r"^\s*[-–—•·]+\s*", "", text)
    return " ".join(text.split()).strip(" :")


def has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))
