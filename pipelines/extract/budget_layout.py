"""Budget table layout: which line is the column header, and how a row's figures may be read.

Pure text in, typed records out. Two things make budget rows hard:

- A header line may carry a stale title in front of the real columns
  (`Budget 2023 plan 2024–2025 Budget 2023 Budget 2024 Plan 2025 Plan 2026`):
  only the last unbroken run of columns that ends the line is the header.
- The thousands separator is a single space, and pdftotext sometimes leaves a
  single space between two columns as well (`0 956` may be 956 or 0 and 956).
  So a row is not parsed into one reading: every reading that groups its digit
  runs into numbers the Swedish way is enumerated, and the caller keeps those
  with as many values as the table has columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, pairwise

from pipelines.ingest.numbers import parse_number

SCENARIO_WORDS = {
    "aktuell budget": "budget",
    "reviderad budget": "budget",
    "budget": "budget",
    "plan": "plan",
    "utfall": "outcome",
    "bokslut": "outcome",
    "prognos": None,  # a forecast is none of the contract's scenarios: its column is not read
}
_SCENARIO_PATTERN = r"aktuell\s+budget|reviderad\s+budget|budget|plan|utfall|bokslut|prognos"
_COLUMN = re.compile(
    rf"(?:(?P<word>{_SCENARIO_PATTERN})\s+)?"
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)(?P<range>\s*[-–—]\s*(?:19|20)?\d\d(?!\d))?",
    re.IGNORECASE,
)
_COLUMN_GAP = re.compile(r"^[\s|]*$")
_NUMBER = re.compile(r"^[-−–]?\d+(?:,\d+)?$")
_TAIL = re.compile(r"^\d{3}(?:,\d+)?$")
_HEAD = re.compile(r"^[-−–]?(?:0|[1-9]\d*)(?:,\d+)?$")
_MINUS = re.compile(r"^[-−–]$")
_SOFT_GAP = re.compile(r"^[ \u00a0\u202f]$")
MAX_AMBIGUOUS_BOUNDARIES = 16  # 2**16 readings at most; more is not a table row we should guess at


@dataclass(frozen=True)
class Column:
    """One value column: the year it is about and its scenario (None: a column we do not read)."""

    year: int
    scenario: str | None
    heading: str
    bare: bool = False  # a year without a scenario word: the scenario was inferred


@dataclass(frozen=True)
class Atom:
    """A run of digits in a row; `soft_before` when one plain space separates it from the previous atom."""

    text: str
    soft_before: bool


@dataclass(frozen=True)
class RowText:
    """A printed row split into its label and the digit runs that follow it."""

    label: str
    atoms: tuple[Atom, ...]
    units: frozenset[str]  # 'kr', 'tkr', '%' as printed after the figures
    cells: tuple[str, ...] | None  # value cells when the row is tab or pipe separated


@dataclass(frozen=True)
class Reading:
    """One way to read a row: a value per column (None: the cell is empty), and the splits worth saying.

    A note is `(left column, right column, 'split "0 956" as 0 | 956')`: two figures one space
    apart, the second of three digits, read as two values although they look like one number.
    """

    values: tuple[Decimal | None, ...]
    notes: tuple[tuple[int, int, str], ...] = ()


def header_columns(text: str, plan_year: int | None, above: str = "") -> list[Column] | None:
    """The columns a header line announces, or None when the line is no header.

    The header is the last run of year columns that ends the line; a range
    (`plan 2024–2025`), a repeated column or a word breaks a run, which is how a
    stale title printed in front of the real header is left out. Worded columns
    (`Budget 2024`) make a header on their own; bare years need at least two
    consecutive ones, and take their scenario from the line `above` when it holds
    one scenario word per column (a header printed on two lines), else from the
    plan's first year (budget) and the later ones (plan); earlier bare years are not read.
    """
    runs: list[list[re.Match]] = []
    previous_end = None
    for match in _COLUMN.finditer(text):
        joined = previous_end is not None and _COLUMN_GAP.match(text[previous_end : match.start()])
        if match.group("range") or not joined or not runs or not _continues(runs[-1], match):
            runs.append([])
        if not match.group("range"):
            runs[-1].append(match)
        previous_end = match.end()
    runs = [run for run in runs if run]
    if not runs or text[runs[-1][-1].end() :].strip(" \t|"):
        return None
    run = runs[-1]
    if not any(match.group("word") for match in run) and not _consecutive_years(run):
        return None
    first_year = _first_plan_year(run, plan_year)
    columns = [_column(match, first_year) for match in run]
    words = _scenario_words(above)
    if len(words) == len(columns) and not any(match.group("word") for match in run):
        columns = [
            Column(c.year, SCENARIO_WORDS[w], f"{w} {c.year}") for c, w in zip(columns, words, strict=True)
        ]
    return columns


def _consecutive_years(run: list[re.Match]) -> bool:
    years = [int(match.group("year")) for match in run]
    return len(years) >= 2 and all(later == earlier + 1 for earlier, later in pairwise(years))


def _scenario_words(text: str) -> list[str]:
    """`Utfall   Budget   Plan`: the words of a header's upper line; nothing when it holds anything else."""
    words = re.findall(rf"{_SCENARIO_PATTERN}|\S+", text.lower())
    words = [" ".join(word.split()) for word in words]
    return words if words and all(word in SCENARIO_WORDS for word in words) else []


def _continues(run: list[re.Match], match: re.Match) -> bool:
    if not run:
        return True
    last = run[-1]
    key = (int(match.group("year")), _word(match))
    seen = {(int(m.group("year")), _word(m)) for m in run}
    return int(match.group("year")) >= int(last.group("year")) and key not in seen


def _word(match: re.Match) -> str:
    return " ".join(match.group("word").lower().split()) if match.group("word") else ""


def _first_plan_year(run: list[re.Match], plan_year: int | None) -> int:
    return plan_year if plan_year is not None else int(run[0].group("year"))


def _column(match: re.Match, first_year: int) -> Column:
    """A bare year before the plan's first year may be an outcome or an old budget: not read."""
    year = int(match.group("year"))
    word = _word(match)
    if word:
        return Column(year, SCENARIO_WORDS[word], match.group(0).strip())
    scenario = "budget" if year == first_year else "plan" if year > first_year else None
    return Column(year, scenario, match.group(0).strip(), bare=True)


def split_row(text: str) -> RowText | None:
    """`' - Malå kommun 79 79'` → label `Malå kommun`, atoms 79, 79; None when no figure ends the line."""
    cells = _cells(text)
    tokens = list(re.finditer(r"\S+", text))
    index = len(tokens)
    units: set[str] = set()
    while index > 0:
        token = _strip_cell_marks(tokens[index - 1].group(0))
        unit = _unit(token)
        if token and not _NUMBER.match(token) and unit is None:
            break
        if unit:
            units.add(unit)
        index -= 1
    while index < len(tokens) and not _NUMBER.match(_strip_cell_marks(tokens[index].group(0))):
        index += 1  # units before the first figure belong to the label
    if index >= len(tokens):
        return None
    start = tokens[index].start()
    if (
        index > 0
        and _MINUS.match(tokens[index - 1].group(0))
        and _SOFT_GAP.match(text[tokens[index - 1].end() : start])
    ):
        start = tokens[index - 1].start()
    label = clean_label(text[:start])
    if not re.search(r"[^\W\d_]", label):
        return None
    return RowText(label, _atoms(text[start:]), frozenset(units), _value_cells(cells))


def clean_label(text: str) -> str:
    """The label as printed, without leading dashes, bullets, pipes and surrounding space."""
    return re.sub(r"^[\s\-–—•·|*]+", "", text).rstrip(" \t|:")


def _strip_cell_marks(token: str) -> str:
    return token.strip("|")


def _unit(token: str) -> str | None:
    lowered = token.lower().rstrip(".")
    if lowered in ("kr", "sek", ":-"):
        return "kr"
    if lowered == "tkr":
        return "tkr"
    if lowered == "%":
        return "%"
    return None


def _atoms(values: str) -> tuple[Atom, ...]:
    atoms: list[Atom] = []
    previous_end = None
    sign = ""
    for token in re.finditer(r"[^\s|]+", values):
        word = token.group(0)
        gap = values[previous_end : token.start()] if previous_end is not None else ""
        previous_end = token.end()
        if _MINUS.match(word):
            sign = "-"
            continue
        if not _NUMBER.match(word):
            atoms.append(Atom("", False))  # a unit: a hard boundary
            continue
        atoms.append(Atom(sign + word, bool(_SOFT_GAP.match(gap)) and not sign and atoms != []))
        sign = ""
    return _drop_unit_marks(atoms)


def _drop_unit_marks(atoms: list[Atom]) -> tuple[Atom, ...]:
    """Units separate figures absolutely: the figure after a unit is never a thousands group."""
    kept: list[Atom] = []
    hard = False
    for atom in atoms:
        if not atom.text:
            hard = True
            continue
        kept.append(Atom(atom.text, atom.soft_before and not hard))
        hard = False
    return tuple(kept)


def _cells(text: str) -> tuple[str, ...] | None:
    if "\t" in text:
        return tuple(cell.strip() for cell in text.split("\t"))
    if text.strip().startswith("|") and text.count("|") >= 3:
        return tuple(cell.strip() for cell in text.strip().strip("|").split("|"))
    return None


def _value_cells(cells: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if cells is None:
        return None
    values = list(cells[1:])
    while values and not values[-1]:
        values.pop()
    return tuple(values)


def row_readings(row: RowText, count: int) -> list[Reading]:
    """Every reading of `row` with exactly `count` values.

    Tab or pipe separated rows with one cell per column are read cell by cell;
    everything else by grouping the row's digit runs (see `groupings`).
    """
    if row.cells is not None and len(row.cells) == count:
        cells = _cell_reading(row.cells)
        if cells is not None:
            return [cells]
    found = [_reading(row.atoms, groups) for groups in groupings(row.atoms, count)]
    noteworthy = len(found) > 1 or any(not atom.soft_before for atom in row.atoms[1:])
    return found if noteworthy else [Reading(reading.values) for reading in found]


def groupings(atoms: tuple[Atom, ...], count: int) -> list[tuple[tuple[int, ...], ...]]:
    """Every grouping of `atoms` into exactly `count` Swedish numbers (atom indexes per number).

    Atoms may join only across one plain space, only when the next atom is
    three digits, and only behind a head of one to three digits that is not 0.
    """
    joinable = [i for i in range(1, len(atoms)) if _may_join(atoms, i)]
    needed = len(atoms) - count
    if len(joinable) > MAX_AMBIGUOUS_BOUNDARIES or not 0 <= needed <= len(joinable):
        return []
    found = []
    for joins in combinations(joinable, needed):
        groups = _grouped(atoms, set(joins))
        if groups is not None:
            found.append(groups)
    return found


def _may_join(atoms: tuple[Atom, ...], index: int) -> bool:
    return atoms[index].soft_before and bool(_TAIL.match(atoms[index].text))


def _grouped(atoms: tuple[Atom, ...], joins: set[int]) -> tuple[tuple[int, ...], ...] | None:
    groups: list[list[int]] = []
    for index in range(len(atoms)):
        if index in joins:
            groups[-1].append(index)
        else:
            groups.append([index])
    for group in groups:
        head = atoms[group[0]].text.lstrip("-−–")
        if not _HEAD.match(head):
            return None
        if len(group) > 1 and (len(head) > 3 or head == "0" or "," in head):
            return None
        if any("," in atoms[i].text for i in group[:-1]):
            return None
    return tuple(tuple(group) for group in groups)


def _reading(atoms: tuple[Atom, ...], groups: tuple[tuple[int, ...], ...]) -> Reading:
    values = tuple(parse_number(" ".join(atoms[i].text for i in group)) for group in groups)
    notes = []
    for position, (left, right) in enumerate(pairwise(groups)):
        atom = atoms[right[0]]
        if atom.soft_before and _TAIL.match(atom.text):
            pair = f"{atoms[left[-1]].text} {atom.text}"
            notes.append(
                (position, position + 1, f'split "{pair}" as {values[position]} | {values[position + 1]}')
            )
    return Reading(values, tuple(notes))


def _cell_reading(cells: tuple[str, ...]) -> Reading | None:
    values: list[Decimal | None] = []
    for cell in cells:
        if not cell:
            values.append(None)
            continue
        words = cell.split()
        if not all(_NUMBER.match(word) or _MINUS.match(word) or _unit(word) for word in words):
            return None
        atoms = _atoms(cell)
        groups = groupings(atoms, 1)
        if len(groups) != 1:
            return None
        values.append(_reading(atoms, groups[0]).values[0])
    return Reading(tuple(values))
