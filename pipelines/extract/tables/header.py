"""Column headers: what each column of a table holds, read from its heading, never from its position.

A heading is a year (`2025`), a date meaning that year's end (`2025-12-31`,
`31 dec 2025`), a scenario word with or without a year (`Budget 2025`,
`Plan`, `Utfall jan-dec 2025`, `Bokslut`, `Prognos`, `Aktuell budget`), a
deviation (`Avvikelse`, `Diff`), a share (`%`, `Andel`, `Procent`,
`Fördelning i %`), a note column (`Not`), or a count (`Antal`, `Kvinnor`,
`Män`, `Totalt`). The header is the run of such headings that ends a line;
what stands before it is the corner (`Belopp i tkr`, `Kön`, `Not 1
Verksamhetens intäkter`), which may state the unit. A year range
(`2024–2025`) is a title, never a column, which is how a stale title printed
in front of the real header is left out. A heading may be printed on two
lines (`Budget` above `2026`): `stack` joins them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from pipelines.extract.label_text import as_letters
from pipelines.extract.model import Line
from pipelines.extract.tables.segments import Cut

SCENARIOS = {
    "budget": "budget",
    "arsbudget": "budget",
    "budgetar": "budget",
    "plan": "plan",
    "planerat": "plan",
    "utfall": "outcome",
    "bokslut": "outcome",
    "redovisning": "outcome",
    "prognos": "forecast",
}
SCENARIO_PREFIXES = {"aktuell", "reviderad", "ursprunglig", "faststalld", "justerad", "arets", "helars"}
QUALIFIERS = {
    "jan-dec",
    "jan",
    "dec",
    "helar",
    "ack",
    "ackumulerat",
    "period",
    "perioden",
    "tom",
    "t.o.m",
    "t.o.m.",
    "heltal",
    "helarsprognos",
    "mot",
    "i",
    "per",
    "utfall-budget",
    "budget-utfall",
}
DEVIATIONS = {"avvikelse", "avv", "diff", "differens", "skillnad", "avvikelser"}
SHARES = {"%", "andel", "procent", "fordelning", "andel%", "(%)"}
NOTES = {"not", "noter", "notnr", "not.", "nr"}
QUESTIONS = {"fraga", "frage"}
MEASURES = {
    "antal": "count",
    "kvinnor": "female",
    "kvinna": "female",
    "man": "male",
    "man.": "male",
    "totalt": "total",
    "total": "total",
    "summa": "total",
    "ja": "yes",
    "nej": "no",
    "delvis": "partly",
    "belopp": "amount",
    "kronor": "amount",
}
UNITS = {
    "tkr": "tkr",
    "(tkr)": "tkr",
    "kr": "kr",
    "(kr)": "kr",
    "sek": "kr",
    "mkr": "mkr",
    "tusentals": "tkr",
}
MONTHS = {
    "jan": 1,
    "januari": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "maj": 5,
    "jun": 6,
    "juni": 6,
    "jul": 7,
    "juli": 7,
    "aug": 8,
    "augusti": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
    "december": 12,
}
_YEAR = re.compile(r"^(19[89]\d|20\d\d)$")
_DATE = re.compile(r"^(19[89]\d|20\d\d)[-./](\d\d)[-./](\d\d)$|^(\d\d)[-./](\d\d)[-./](19[89]\d|20\d\d)$")
_TOKEN = re.compile(r"\S+")
_RANGE = re.compile(r"^(19|20)\d\d\s*[-–—/]\s*((19|20)?\d\d)$")


@dataclass(frozen=True)
class Column:
    """One column's meaning. `role`: value, note, deviation, share or text."""

    heading: str
    role: str = "value"
    year: int | None = None
    scenario: str | None = None  # budget | plan | outcome | forecast | None (from the year alone)
    measure: str | None = None  # count, female, male, total, yes, no, partly, amount
    unit: str | None = None  # tkr | kr | mkr | % as the heading prints it
    dated: bool = False  # a date heading: the balance at that day, an outcome
    x0: float = 0.0
    x1: float = 0.0

    @property
    def bare_year(self) -> bool:
        return self.role == "value" and self.year is not None and self.scenario is None


@dataclass(frozen=True)
class Header:
    columns: tuple[Column, ...]
    corner: str  # what the line prints before the headings
    lines: tuple[Line, ...] = field(default_factory=tuple)
    # The body's full rows stand under the headings (each figure under its own column), so a figure's
    # position says its column; pdftotext often prints headings well away from their figures.
    aligned: bool = False

    @property
    def unit(self) -> str | None:
        """The unit the header states: in its corner (`Belopp i tkr`) or in a heading."""
        stated = unit_in(self.corner)
        return stated or next((c.unit for c in self.columns if c.unit in ("tkr", "kr", "mkr")), None)


class _Word(NamedTuple):
    """A word of a line (a tuple: a line's words are made for every line the finder reads)."""

    text: str  # folded: lower case, no accents, no surrounding punctuation but % ( ) -
    printed: str
    x0: float
    x1: float
    segment: int


@lru_cache(maxsize=1 << 16)  # words repeat across every table of a landing
def head_word(word: str) -> str:
    """A heading word as compared: accents gone, OCR's letters for å, ä, ö read as them (`Férdelning`)."""
    lowered = as_letters(word).replace("–", "-").replace("—", "-")
    return lowered.strip(",:;")


def unit_in(text: str) -> str | None:
    """The unit a caption or corner states: `Belopp i tkr` → tkr, `Belopp i kr` → kr."""
    folded = " " + " ".join(head_word(w) for w in text.split()) + " "
    if re.search(r"\b(tkr|tusentals kronor|tusental kronor|tusen kronor)\b", folded):
        return "tkr"
    if re.search(r"\b(mkr|miljoner kronor|mnkr)\b", folded):
        return "mkr"
    if re.search(r"(\(kr\)|\bkr\b|\bkronor\b|\bsek\b)", folded):
        return "kr"
    return None


def words_of(cut: Cut) -> list[_Word]:
    words = []
    for index, segment in enumerate(cut.segments):
        text = segment.text
        width = (segment.x1 - segment.x0) / max(len(text), 1)
        for head, printed, start, end in _tokens(text):
            words.append(_Word(head, printed, segment.x0 + start * width, segment.x0 + end * width, index))
    return words


@lru_cache(maxsize=1 << 12)  # cell texts (row labels) repeat across the documents of a landing
def _tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """The words of a cell's text: heading word, as printed, and where each starts and ends."""
    return tuple((head_word(m.group(0)), m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text))


_HEAD_WORDS = frozenset().union(
    SCENARIOS, SCENARIO_PREFIXES, QUALIFIERS, DEVIATIONS, SHARES, MEASURES, UNITS, MONTHS, NOTES
)


def _ends_in_heading_word(cut: Cut) -> bool:
    """Whether the line's last word may be a heading, as `_is_head_word` reads a last word (nothing
    follows it): a header is a run of heading words that ends the line."""
    for segment in reversed(cut.segments):
        tokens = _tokens(segment.text)
        if tokens:
            last = tokens[-1][0]
            return (
                bool(_YEAR.match(last) or _DATE.match(last))
                or last in _HEAD_WORDS
                or (last.isdigit() and len(last) <= 2)
            )
    return False


def _is_head_word(words: list[_Word], index: int) -> bool:
    word = words[index].text
    if _YEAR.match(word) or _DATE.match(word):
        return True
    if word in SCENARIOS or word in SCENARIO_PREFIXES or word in QUALIFIERS or word in DEVIATIONS:
        return True
    if word in SHARES or word in MEASURES or word in UNITS or word in MONTHS:
        return True
    following = words[index + 1].text if index + 1 < len(words) else ""
    if word in QUESTIONS and following.isdigit() and len(following) <= 2:
        return True  # `Fråga 1  Fråga 2`: questions as columns of a survey (a bare `Fråga` is a corner)
    if word.isdigit() and len(word) <= 2 and index > 0 and words[index - 1].text in QUESTIONS:
        return True
    if word in NOTES:  # `Not 1 Verksamhetens intäkter`: a note title, not a note column
        return not (following.isdigit() and len(following) <= 2)
    # `31 dec 2025`
    return word.isdigit() and len(word) <= 2 and index + 1 < len(words) and words[index + 1].text in MONTHS


def parse_header(cut: Cut, line: Line | None = None) -> Header | None:
    """The header a line prints, or None when it prints none."""
    if not _ends_in_heading_word(cut):
        return None  # most lines: the same answer as reading all their words, for the price of one
    words = words_of(cut)
    start = len(words)
    while start > 0 and _is_head_word(words, start - 1):
        start -= 1
    if start == len(words):
        return None
    if start > 0 and re.fullmatch(r"[-−–+(]?\d[\d.,]*\)?%?\*?", words[start - 1].text):
        return None  # `Studier 3 9 %`: a figure before the headings makes the line a row
    if start > 0 and len(cut.segments) > 1:
        # a column heading never shares its cell with other words: `Inskrivna i SamCoach 2024   Antal`
        stop_segment = words[start - 1].segment
        while start < len(words) and words[start].segment == stop_segment:
            start += 1
    heads = words[start:]
    if not heads:
        return None
    columns, units = _corner_units(_columns(heads))
    corner = " ".join([*(word.printed for word in words[:start]), *units])
    header = Header(tuple(columns), corner, (line,) if line else ())
    return header if _plausible(header) else None


def _columns(words: list[_Word]) -> list[Column]:
    columns: list[Column] = []
    current: dict | None = None
    previous = ""

    def start(**values) -> None:
        nonlocal current
        if current is not None:
            columns.append(_column(current))
        current = {"heading": "", "x0": word.x0, "x1": word.x1, **values}

    for position, word in enumerate(words):
        text = word.text
        if _YEAR.match(text) or _DATE.match(text):
            year, dated = _year_of(text)
            if (
                current is not None
                and current.get("year") is None
                and current["role"] == "value"
                and (current.get("scenario") or current.get("dated"))
            ):
                current["year"], current["dated"] = year, dated or current.get("dated", False)
            else:
                start(role="value", year=year, dated=dated)
        elif text.isdigit() and position + 1 < len(words) and words[position + 1].text in MONTHS:
            start(role="value", dated=True)  # `31 dec 2025`: the year follows
        elif text in MONTHS and current is not None and current.get("dated"):
            pass
        elif text in SCENARIO_PREFIXES:
            if current is None or current.get("year") is not None or current.get("scenario"):
                start(role="value", scenario=None, prefixed=True)
        elif text in SCENARIOS:
            if _qualifies_deviation(current, text):
                current.setdefault("compared", []).append(text)
            elif current is not None and current.get("prefixed") and not current.get("scenario"):
                current["scenario"] = SCENARIOS[text]
            else:
                start(role="value", scenario=SCENARIOS[text])
        elif text in DEVIATIONS:
            start(role="deviation")
        elif text in SHARES:
            if (
                current is not None
                and current["role"] == "share"
                and previous in ("i", "fordelning", "andel")
            ):
                pass
            else:
                start(role="share", unit="%")
        elif text in QUESTIONS:
            start(role="value", measure="question")
        elif text.isdigit() and previous in QUESTIONS:
            pass  # the question's number: part of its heading
        elif text in NOTES:
            start(role="note")
        elif text in MEASURES:
            measure = MEASURES[text]
            if current is not None and current.get("measure") == "count" and previous == "antal":
                current["measure"] = measure
            else:
                start(role="value", measure=measure)
        elif text in UNITS and current is not None:
            current["unit"] = UNITS[text]
        # qualifiers (`jan-dec`, `helår`, `i`) only widen the heading
        if current is not None:
            current["heading"] = (current["heading"] + " " + word.printed).strip()
            current["x1"] = word.x1
        previous = text
    if current is not None:
        columns.append(_column(current))
    return columns


_COLUMN_FIELDS = {"heading", "role", "year", "scenario", "measure", "unit", "dated", "x0", "x1"}


def _column(values: dict) -> Column:
    return Column(**{key: value for key, value in values.items() if key in _COLUMN_FIELDS})


def _qualifies_deviation(current: dict | None, text: str) -> bool:
    """`Avvikelse utfall budget`, `Diff mot budget`: the scenarios a deviation compares are no columns."""
    if current is None or current["role"] != "deviation" or text not in ("utfall", "budget"):
        return False
    compared = current.get("compared", [])
    return len(compared) < 2 and text not in compared


def _year_of(text: str) -> tuple[int, bool]:
    match = _DATE.match(text)
    if match:
        return int(match.group(1) or match.group(6)), True
    return int(text), False


def _corner_units(columns: list[Column]) -> tuple[list[Column], list[str]]:
    """`Belopp i tkr 2024 2023`: with year columns, an amount heading without a year is the corner."""
    if not any(column.year for column in columns):
        return columns, []
    corner = [c for c in columns if c.measure == "amount" and c.year is None and c.role == "value"]
    return [c for c in columns if c not in corner], [c.heading for c in corner]


def _plausible(header: Header) -> bool:
    columns = header.columns
    if not columns:
        return False
    years = [c.year for c in columns if c.year is not None]
    worded = [c for c in columns if c.scenario or c.dated]
    measures = [c for c in columns if c.measure or c.role in ("share", "deviation")]
    if any(
        c.role == "value" and c.year is None and not c.scenario and not c.measure and not c.dated
        for c in columns
    ):
        return False  # a scenario prefix with nothing after it
    if years and not measures and len(columns) < 2 and not any(c.scenario for c in columns):
        return False  # `Verksamhetsplan 2025`, `Lycksele 2025-03-20`: a title, a place and date
    bare = [c.year for c in columns if c.bare_year and not c.dated]
    if len(bare) >= 2 and len(bare) == len(columns) and not _consecutive(bare):
        return False  # `Staten 2040 2040 2080`: amounts that look like years, not years in a row
    answers = [c for c in columns if c.measure in ("yes", "no", "partly")]
    if 0 < len(answers) < 2:
        return False  # `har svarat ja`: one answer word is prose; `Ja  Nej  Delvis` heads a survey
    if not years and not worded:
        return len(measures) >= 2 or (len(measures) == 1 and bool(header.corner.strip()))
    return True


def _consecutive(years: list[int]) -> bool:
    """Years a header prints bare run one by one, up or down (`2021 … 2025`, `2025 2024`)."""
    steps = {later - earlier for earlier, later in zip(years, years[1:], strict=False)}
    return steps in ({1}, {-1})


def stack(upper: Header, lower_cut: Cut, lower_line: Line | None = None) -> Header | None:
    """A heading printed on two lines: the upper line's scenarios, the lower line's years.

    The lower line holds years (and qualifiers such as `jan-dec`) only. Years go
    to the upper line's scenario columns in order (a deviation or share column
    takes none), or, when the counts differ, each to the column above it.
    """
    if any(column.year is not None for column in upper.columns):
        return None
    words = words_of(lower_cut)
    if not words or not all(_is_head_word(words, index) for index in range(len(words))):
        return None
    years = [word for word in words if _YEAR.match(word.text) or _DATE.match(word.text)]
    takers = [i for i, c in enumerate(upper.columns) if c.role == "value" and c.measure != "amount"]
    if not years or not takers:
        return None
    if len(years) == len(takers):
        pairs = list(zip(takers, years, strict=True))
    else:
        pairs = _by_position(upper.columns, takers, years)
        if pairs is None:
            return None
    merged = list(upper.columns)
    for index, word in pairs:
        year, dated = _year_of(word.text)
        column = merged[index]
        merged[index] = replace(
            column,
            year=year,
            dated=dated or column.dated,
            heading=f"{column.heading} {word.printed}",
            x0=min(column.x0, word.x0),
            x1=max(column.x1, word.x1),
        )
    corner = " ".join(c.heading for c in merged if c.measure == "amount" and c.year is None)
    merged = [c for c in merged if not (c.measure == "amount" and c.year is None)]
    lines = upper.lines + ((lower_line,) if lower_line else ())
    return Header(tuple(merged), " ".join(t for t in (upper.corner, corner) if t), lines)


def _by_position(columns, takers: list[int], years: list[_Word]) -> list[tuple[int, _Word]] | None:
    """Each year to the scenario column it overlaps most; None when one column would take two."""
    pairs: dict[int, _Word] = {}
    for word in years:
        overlaps = [(min(columns[i].x1, word.x1) - max(columns[i].x0, word.x0), i) for i in takers]
        overlap, index = max(overlaps)
        if overlap <= 0 or index in pairs:
            return None
        pairs[index] = word
    return sorted(pairs.items())


def column_of_heading(text: str, x0: float = 0.0, x1: float = 0.0) -> Column:
    """The meaning of one cell's heading in a grid table (`Budget 2026`, `Målvärde`, `Andel %`)."""
    words = words_of(Cut((_segment(text, x0, x1),)))
    if words and all(_is_head_word(words, index) for index in range(len(words))):
        columns = _columns(words)
        if len(columns) == 1:
            return replace(columns[0], heading=text, x0=x0, x1=x1)
    return Column(text, role="text", x0=x0, x1=x1)


def _segment(text: str, x0: float, x1: float):
    from pipelines.extract.tables.segments import Segment

    return Segment(text, x0, x1)
