"""Where an annual report's tables are, and what each of their lines is.

A table section opens at its title (`3. Balansräkning`, OCR damage included) and
ends at the next title, numbered heading or paragraph of prose. Inside it every
line is a column header (`Not 2024 2025`, `Utfall` / `2024`), a row with its
figures on the same line, a line of figures only, a label without figures, or
prose. Page furniture (the federation's name on every page, signing boxes) is
skipped like a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.model import Document, Line
from pipelines.extract.report_cells import RowText, cut_row
from pipelines.extract.report_vocabulary import STOP_TITLES, TITLES, likeness
from pipelines.extract.text import fold
from pipelines.reference import load_federation_names

_NUMBERING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+")
_NUMBERED_HEADING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÅÄÖ][a-zåäöé]")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NOTE_HEADING = re.compile(r"^(\d{1,2})\.\s+([A-ZÅÄÖa-zåäö].*)$")
_FURNITURE = ("signering av justerare", "pa varje sida")
_HEADER_WORDS = {
    "belopp", "i", "tkr", "kr", "mkr", "kronor", "not", "noter", "utfall", "bokslut", "budget", "aktuell",
    "avvikelse", "differens", "diff", "jan", "dec", "januari", "december", "helar", "ar", "prognos", "plan",
    "procent", "andel", "period", "perioden", "ack", "tom", "t", "o", "m", "arsbudget", "mot", "och",
}  # fmt: skip
_COLUMN_WORDS = {
    "utfall",
    "bokslut",
    "budget",
    "arsbudget",
    "avvikelse",
    "prognos",
    "plan",
    "procent",
    "belopp",
}
_MAX_SECTION_LINES = 300
_PROSE_WORDS = 10
_JUNK_MAX_CHARS = 12
DASHES = ("-", "–", "—", "•", "·")


@dataclass(frozen=True)
class Header:
    """A column-header line: its words in order (years included), the years it names, note column,
    unit, and where each year ends on the line (figures in a layout text layer end below it)."""

    words: tuple[str, ...]
    years: tuple[int, ...]
    note: bool
    unit: int | None  # 1000 when it says tkr, 1 when kr
    year_ends: tuple[int, ...] = ()


@dataclass(frozen=True)
class Item:
    """One non-blank line of a table section."""

    line: Line
    kind: str  # header | row | values | label | prose
    blank_before: bool
    header: Header | None = None
    row: RowText | None = None


@dataclass(frozen=True)
class Section:
    kind: str
    title: Line
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Segment:
    """Consecutive lines of a section that belong together: a column header (`header`), a header
    with the figure lines under it (`block`), or one `row`, `label` or `values` line."""

    kind: str
    item: Item | None = None
    headers: tuple[Header, ...] = ()
    values: tuple[Item, ...] = ()


def find_sections(document: Document) -> list[Section]:
    """Every table section of a kind we read, in document order."""
    furniture = _furniture_names(document)
    lines = document.lines
    sections: list[Section] = []
    for position, line in enumerate(lines):
        kind = title_kind(line.text)
        if kind is None or kind == "stop":
            continue
        items = _section_items(lines, position + 1, furniture, document.fiscal_year)
        if items:
            sections.append(Section(kind, line, tuple(items)))
    return sections


def note_titles(document: Document) -> dict[int, str]:
    """Numbered note headings after a `Noter` title (`7. Kortfristiga skulder`): note number → title.

    A figure line printed with `Not 7` belongs to the row that note is about.
    """
    titles: dict[int, str] = {}
    in_notes = False
    for line in document.lines:
        text = line.text.strip()
        if title_kind(text) == "stop" and fold(_NUMBERING.sub("", text)).startswith("noter"):
            in_notes = True
            continue
        match = _NOTE_HEADING.match(text) if in_notes else None
        if match and not any(char.isdigit() for char in match.group(2)):
            titles.setdefault(int(match.group(1)), match.group(2).strip())
    return titles


@lru_cache(maxsize=4096)
def title_kind(text: str) -> str | None:
    """The table kind a title line opens, `stop` for other report headings, None for any other line."""
    folded = fold(_NUMBERING.sub("", text))
    if not folded or len(folded.split()) > 8 or any(char.isdigit() for char in folded):
        return None
    if header_of(text) is not None:
        return None
    for kind, titles in (*TITLES.items(), ("stop", STOP_TITLES)):
        for title in titles:
            head = " ".join(folded.split()[: len(title.split())])
            if likeness(head, title) >= 0.85:
                return kind
    return None


def header_of(text: str, fiscal_year: int | None = None) -> Header | None:
    """A column header: only header words and years (`2025 Jan-dec 2025 budget 2024`), or column
    words beside one label-column title (`Kostnadsindelning Belopp i tkr Procent`)."""
    words = fold(text).split()
    if not words:
        return None
    years = tuple(int(word) for word in words if _YEAR.match(word) and _plausible(int(word), fiscal_year))
    others = [word for word in words if not (_YEAR.match(word) and _plausible(int(word), fiscal_year))]
    if any(any(char.isdigit() for char in word) for word in others):
        return None
    unknown = [word for word in others if word not in _HEADER_WORDS]
    column_words = [word for word in others if word in _COLUMN_WORDS]
    if not ((years and not unknown) or (column_words and len(unknown) <= 1)):
        return None
    unit = 1000 if "tkr" in others else 1 if ("kr" in others or "kronor" in others) else None
    ends = tuple(
        match.end()
        for match in re.finditer(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)
        if _plausible(int(match.group()), fiscal_year)
    )
    return Header(tuple(words), years, "not" in others or "noter" in others, unit, ends)


def _plausible(year: int, fiscal_year: int | None) -> bool:
    return fiscal_year is None or fiscal_year - 12 <= year <= fiscal_year + 4


@dataclass(frozen=True)
class _Furniture:
    """Lines that start with `prefixes`, and the federation's name alone or with a page number."""

    prefixes: tuple[str, ...]
    names: tuple[str, ...]


def _furniture_names(document: Document) -> _Furniture:
    names = load_federation_names().get(document.federation_id, ()) if document.federation_id else ()
    return _Furniture(_FURNITURE, tuple(names))


def _is_furniture(text: str, furniture: _Furniture) -> bool:
    """A row `Sollefteå kommun  1 234` is a member, not the page header `Sollefteå 12`."""
    folded = fold(text)
    if not folded:
        return False
    if folded.startswith(furniture.prefixes):
        return True
    return any(
        folded == name or (folded.startswith(name + " ") and folded[len(name) :].strip().isdigit())
        for name in furniture.names
    )


def _section_items(lines, start: int, furniture: _Furniture, fiscal_year: int | None) -> list[Item]:
    items: list[Item] = []
    blank = False
    for line in lines[start : start + _MAX_SECTION_LINES]:
        if not line.text.strip() or _is_furniture(line.text, furniture):
            blank = True
            continue
        if title_kind(line.text) is not None or _NUMBERED_HEADING.match(line.text):
            break
        item = classify_line(line, blank, fiscal_year)
        if item.kind == "prose":
            if any(existing.kind in ("row", "values") for existing in items):
                break
            blank = True
            continue
        items.append(item)
        blank = False
    return items


def classify_line(line: Line, blank_before: bool, fiscal_year: int | None = None) -> Item:
    header = header_of(line.text, fiscal_year)
    if header is not None:
        return Item(line, "header", blank_before, header=header)
    row = cut_row(line.text)
    if row.figures:
        return Item(line, "row" if row.label else "values", blank_before, row=row)
    if len(line.text.split()) >= _PROSE_WORDS:
        return Item(line, "prose", blank_before)
    return Item(line, "label", blank_before, row=row)


def segments(items: tuple[Item, ...]) -> list[Segment]:
    """A section's lines grouped: header lines together, and the figure lines that follow a header
    (short junk lines between figures count as unreadable figures) as its block."""
    found: list[Segment] = []
    index = 0
    while index < len(items):
        if items[index].kind != "header":
            found.append(Segment(items[index].kind, items[index]))
            index += 1
            continue
        group = []
        while index < len(items) and items[index].kind == "header":
            group.append(items[index])
            index += 1
        values, index = _value_run(items, index)
        headers = tuple(item.header for item in group)
        found.append(Segment("block" if values else "header", group[0], headers, tuple(values)))
    return found


def _value_run(items: tuple[Item, ...], index: int) -> tuple[list[Item], int]:
    run: list[Item] = []
    while index < len(items):
        item = items[index]
        if run and _lone_year(item) and _more_values(items, index):
            item = Item(item.line, "values", item.blank_before, row=cut_row(item.line.text))
        junk = item.kind == "label" and bool(run) and _is_junk(item) and _more_values(items, index)
        if item.kind != "values" and not junk:
            break
        run.append(item)
        index += 1
    return run, index


def _lone_year(item: Item) -> bool:
    """`2062` inside a column of figures is a figure, not a new column header."""
    return item.kind == "header" and len(item.header.words) == 1 and len(item.header.years) == 1


def _is_junk(item: Item) -> bool:
    return len(item.line.text.strip()) <= _JUNK_MAX_CHARS and len(item.line.text.split()) <= 3


def _more_values(items: tuple[Item, ...], index: int) -> bool:
    for item in items[index + 1 :]:
        if item.kind == "values":
            return True
        if not (item.kind == "label" and _is_junk(item)):
            return False
    return False


def continues(text: str, previous: str) -> bool:
    """A label line that continues the one above: starts in lower case or with `och`, or follows a
    line ending in a comma or `och` (`Summa eget kapital,` / `avsättningar` / `och skulder`)."""
    words = text.split()
    if not words or text.lstrip().startswith(DASHES):
        return False
    first = words[0]
    if first[0].islower() or first.lower() in ("och", "av", "samt"):
        return True
    return previous.rstrip().endswith((",", " och", " OCH"))


def is_dashed(text: str) -> bool:
    """`- Lycksele kommun`: a sub-row of the group row above it."""
    return text.lstrip().startswith(DASHES)


def undashed(text: str) -> str:
    """The label as printed, without the leading dash of a sub-row."""
    return text.strip().lstrip("".join(DASHES) + " ").strip()
