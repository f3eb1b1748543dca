"""The figures of one printed table row: where the label ends and how the digits split into cells.

OCR and PDF text layers print a row as `Verksamhetens kostnader 2 -4 057 -4 244`
with single spaces everywhere, so a space may separate thousands or columns. A
row is therefore read as a run of digit groups and split into exactly as many
cells as the table has columns (plus an optional note reference); when more
than one split fits, the row is ambiguous and nothing is guessed.

A lone `-` in a figure column is printed nil (zero). OCR prints the footnoted
zero `0*` as `o*`; that is read as zero and the cell says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_MINUS = str.maketrans({"−": "-", "–": "-"})
_FIRST = re.compile(r"^([+-]?)(\d+)([.,]\d+)?(%?)(\*?)$")
_GROUP = re.compile(r"^(\d{3})([.,]\d+)?(%?)(\*?)$")
_NIL = {"-"}
_OCR_ZERO = re.compile(r"^[oO]\*?$")
_NOISE = re.compile(r"^[|\[\]{}]+$")
_NOTE_WORDS = {"not", "noter"}
_MAX_READINGS = 6


@dataclass(frozen=True)
class Cell:
    """One printed figure. `remark` says how it was read when that is not plain digits."""

    value: Decimal
    text: str
    percent: bool = False
    remark: str | None = None


@dataclass(frozen=True)
class RowText:
    """A line cut into its label and the figure tokens that follow it. `wide` marks tokens printed
    after a run of spaces: in a layout text layer those separate columns."""

    label: str
    figures: tuple[str, ...]
    note_marked: bool = False  # the figures were introduced by `Not`
    wide: tuple[bool, ...] = ()
    ends: tuple[int, ...] = ()  # where each figure token ends on the line


@dataclass(frozen=True)
class Split:
    """One reading of a row's figures. `alternatives`: every distinct reading, when there are several
    (the first is the likelier: a leading small number is a note when the table has a note column)."""

    note: int | None
    cells: tuple[Cell, ...]
    alternatives: tuple[Split, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.alternatives) > 1


def tokens_of(text: str) -> list[str]:
    """Whitespace tokens with minus signs unified, `|`-style OCR noise dropped and `%` glued to its number."""
    return [token for token, _, _ in _spaced_tokens(text)]


def _spaced_tokens(text: str) -> list[tuple[str, bool, int]]:
    """Tokens as `tokens_of`, each with whether a run of two or more spaces came before it and
    where it ends on the line."""
    tokens: list[tuple[str, bool, int]] = []
    wide_gap = False
    for match in re.finditer(r"(\s*)(\S+)", text.translate(_MINUS)):
        gap, token = match.groups()
        wide_gap = wide_gap or len(gap.replace("\t", "  ")) >= 2
        if _NOISE.match(token):
            continue
        if token == "%" and tokens:
            tokens[-1] = (tokens[-1][0] + "%", tokens[-1][1], match.end())
            continue
        tokens.append((token, wide_gap and bool(tokens), match.end()))
        wide_gap = False
    return tokens


def is_figure_token(token: str) -> bool:
    return bool(_FIRST.match(token) or token in _NIL or _OCR_ZERO.match(token))


def _has_digit(token: str) -> bool:
    return any(char.isdigit() for char in token)


def cut_row(text: str) -> RowText:
    """`'Verksamhetens intakter 1 4052 3998'` → label `Verksamhetens intakter`, figures `1 4052 3998`.

    The figures are the trailing run of figure-like tokens; a run of only `-` or
    `o` without a digit counts only when every token is a nil dash (`Skatteintakter - -`).
    """
    spaced = _spaced_tokens(text)
    tokens = [token for token, _, _ in spaced]
    start = len(tokens)
    while start > 0 and is_figure_token(tokens[start - 1]):
        start -= 1
    figures = tokens[start:]
    if not any(_has_digit(token) for token in figures) and not all(token in _NIL for token in figures):
        start, figures = len(tokens), []
    label_tokens = tokens[:start]
    note_marked = bool(label_tokens) and label_tokens[-1].lower().strip(".") in _NOTE_WORDS and bool(figures)
    if note_marked:
        label_tokens = label_tokens[:-1]
    label = " ".join(label_tokens).strip(" -–•·:")
    wide = tuple(gap for _, gap, _ in spaced[start:])
    ends = tuple(end for _, _, end in spaced[start:])
    return RowText(label, tuple(figures), note_marked, wide, ends)


def split_cells(
    figures: tuple[str, ...], count: int, note: str = "optional", wide: tuple[bool, ...] = ()
) -> Split | None:
    """Split figure tokens into `count` cells, after an optional leading note number.

    `note` is `never`, `optional` (the table has a note column; a row may leave it
    empty) or `required` (the row printed `Not`). When the text layer separates
    columns by runs of spaces (`wide`), each gap-separated chunk is one cell.
    Returns None when no split fits; several distinct splits come back as
    `alternatives` for the table's arithmetic to choose from.
    """
    splits = [s for s in _splits(list(figures), count, note != "never") if note != "required" or s.note]
    if any(wide):
        splits = [s for s in splits if _respects_gaps(s, wide)]
    splits.sort(key=lambda s: s.note is None)
    distinct: dict[tuple, Split] = {}
    for split in splits:
        distinct.setdefault((split.note, tuple(c.value for c in split.cells)), split)
    if not distinct or len(distinct) > _MAX_READINGS:
        return None
    readings = tuple(distinct.values())
    first = readings[0]
    return first if len(readings) == 1 else Split(first.note, first.cells, readings)


def _respects_gaps(split: Split, wide: tuple[bool, ...]) -> bool:
    """In a layout text layer (runs of spaces around the figures) every gap-separated chunk is one
    cell: a cell never spans a gap and a single space never separates two cells."""
    widths = ([1] if split.note is not None else []) + [len(cell.text.split()) for cell in split.cells]
    starts, position = set(), 0
    for width in widths:
        starts.add(position)
        position += width
    gaps = {position for position, gap in enumerate(wide) if gap} | {0}
    return starts == gaps


def _splits(tokens: list[str], count: int, allow_note: bool) -> list[Split]:
    found: list[Split] = []
    for cells in _cell_runs(tokens, count):
        found.append(Split(None, tuple(cells)))
    if allow_note and tokens and re.fullmatch(r"\d{1,2}", tokens[0]) and int(tokens[0]) > 0:
        for cells in _cell_runs(tokens[1:], count):
            found.append(Split(int(tokens[0]), tuple(cells)))
    return found


def _cell_runs(tokens: list[str], count: int) -> list[list[Cell]]:
    """Every way to read `tokens` as exactly `count` consecutive cells."""
    if count == 0:
        return [[]] if not tokens else []
    if len(tokens) < count:
        return []
    runs: list[list[Cell]] = []
    for width in range(1, len(tokens) - count + 2):
        cell = _cell(tokens[:width])
        if cell is None:
            continue
        for rest in _cell_runs(tokens[width:], count - 1):
            runs.append([cell, *rest])
    return runs


def _cell(tokens: list[str]) -> Cell | None:
    """One cell from one token, or from a leading token and thousands groups (`-4 057`, `2516 000`)."""
    text = " ".join(tokens)
    if len(tokens) == 1:
        token = tokens[0]
        if token in _NIL:
            return Cell(Decimal(0), text, remark="printed as -")
        if _OCR_ZERO.match(token):
            return Cell(Decimal(0), text, remark=f"printed {token} (OCR for 0)")
    first = _FIRST.match(tokens[0])
    if first is None:
        return None
    sign, digits, decimals, percent, star = first.groups()
    if len(digits) > 1 and digits.startswith("0"):
        return None  # `057` is a thousands group, never the start of a figure
    if len(tokens) > 1:
        if decimals or percent or star or not _groups_may_follow(digits, tokens[1]):
            return None
        for index, token in enumerate(tokens[1:], start=1):
            group = _GROUP.match(token)
            last = index == len(tokens) - 1
            if group is None or (not last and any(group.groups()[1:])):
                return None
            digits += group.group(1)
            if last:
                decimals, percent, star = group.group(2), group.group(3), group.group(4)
    number = Decimal(digits + (decimals or "").replace(",", "."))
    value = -number if sign == "-" else number
    remark = f"printed {text}" if star else None
    return Cell(value, text, percent=bool(percent), remark=remark)


def _groups_may_follow(lead: str, group: str) -> bool:
    """`4 057` is one figure; `4052 398` is not. A lead over three digits is allowed only before `000`-like
    groups that cannot stand alone (`2516 000`, where OCR lost a space)."""
    if lead == "0":
        return False
    return len(lead) <= 3 or group.startswith("0")


def chunk_cells(row: RowText) -> list[tuple[Cell, int]] | None:
    """In a layout text layer, each gap-separated chunk of figures as one cell, with where it ends;
    None when a chunk is not one figure."""
    chunks: list[list[int]] = []
    for index, gap in enumerate(row.wide):
        if gap or not chunks:
            chunks.append([])
        chunks[-1].append(index)
    cells = []
    for chunk in chunks:
        cell = _cell([row.figures[i] for i in chunk])
        if cell is None:
            return None
        cells.append((cell, row.ends[chunk[-1]]))
    return cells
