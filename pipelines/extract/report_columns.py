"""What a table's column header says: each column's scenario and year, a note column, the unit.

Headers come as `Not 2024 2025`, `Bokslut Bokslut` over `2024 2025`, `Utfall` over
`2024` above a block of figures, or `Utfall jan-dec  Aktuell budget  Avvikelse
utfall  Bokslut helår` over `2025 Jan-dec 2025 budget 2024`. Column words give
the scenario (`Utfall`, `Bokslut` outcome; `Budget`, `Aktuell budget` budget;
`Plan` plan); a deviation, percent or forecast column is kept in the count of
figures but not read. A year printed right after its column word belongs to it;
otherwise the years are dealt out to the columns that take a year, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.report_layout import Header

_VALUE_KINDS = {"outcome", "budget", "plan"}
_YEAR_WORD = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Column:
    """A figure column. `scenario` None: a column we do not read (deviation, percent, forecast)."""

    scenario: str | None
    year: int | None


@dataclass(frozen=True)
class ColumnHeader:
    """What a header group says: the columns, whether there is a note column, the unit it states
    (1000 tkr, 1 kr; not trusted, a hint), and where each dated column's year ends on its line."""

    columns: tuple[Column, ...]
    note: bool
    unit: int | None
    positions: dict[int, int]


def columns_of(headers: tuple[Header, ...], year: int | None) -> ColumnHeader | None:
    """The columns a header group names; None when its words and years cannot be matched up.
    `year`: for columns whose header prints no year."""
    note = any(h.note for h in headers)
    unit = next((h.unit for h in headers if h.unit), None)
    years = [y for h in headers for y in h.years]
    named = max((_column_kinds(h.words) for h in headers), key=_scenario_count, default=[])
    kinds = [kind for kind, _ in named]
    if any(kind in _VALUE_KINDS for kind in kinds):
        named = [(kind, named_year) for kind, named_year in named if kind != "amount"]
        kinds = [kind for kind, _ in named]
    values = [k for k in kinds if k in _VALUE_KINDS]
    columns: list[Column] | None
    if values and all(named_year for kind, named_year in named if kind in _VALUE_KINDS):
        columns = [Column(_scenario(kind), named_year) for kind, named_year in named]
    elif not years:
        columns = [Column(_scenario(k), year) for k in kinds] if kinds else None
    elif not values:
        columns = [Column("outcome", y) for y in years] + [Column(None, None) for k in kinds if k != "amount"]
    elif len(years) == len(kinds):
        columns = [Column(_scenario(k), y) for k, y in zip(kinds, years, strict=False)]
    elif len(years) == len(values):
        pending = iter(years)
        columns = [Column(_scenario(k), next(pending) if k in _VALUE_KINDS else None) for k in kinds]
    elif len(values) == 1 and len(kinds) == 1:
        columns = [Column(values[0], y) for y in years]
    else:
        columns = None
    if columns is None:
        return None
    return ColumnHeader(tuple(columns), note, unit, _year_positions(headers, columns))


def _year_positions(headers: tuple[Header, ...], columns: list[Column]) -> dict[int, int]:
    """Column index → where its year ends on the header line, when one line names every dated column."""
    dated = [index for index, column in enumerate(columns) if column.year is not None]
    for header in headers:
        if dated and len(header.year_ends) == len(dated):
            return dict(zip(dated, header.year_ends, strict=False))
    return {}


def _scenario(kind: str) -> str | None:
    return "outcome" if kind == "amount" else kind if kind in _VALUE_KINDS else None


def _scenario_count(named: list[tuple[str, int | None]]) -> int:
    return sum(1 for kind, _ in named if kind != "amount")


def _column_kinds(words: tuple[str, ...]) -> list[tuple[str, int | None]]:
    """`belopp tkr utfall jan dec aktuell budget avvikelse utfall bokslut helar` →
    outcome, budget, deviation, outcome; a year right after a column word (`utfall 2025`) is its year."""
    kinds: list[list] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if _YEAR_WORD.match(word):
            if kinds and kinds[-1][1] is None and kinds[-1][0] != "deviation":
                kinds[-1][1] = int(word)
            continue
        if word in ("avvikelse", "differens", "diff"):
            kinds.append(["deviation", None])
            while index < len(words) and words[index] in ("utfall", "budget", "mot", "och"):
                if index + 1 < len(words) and _YEAR_WORD.match(words[index + 1]):
                    break  # `Avvikelse  Utfall 2024`: the next column, not part of this one
                index += 1
        elif word == "aktuell" and index < len(words) and words[index] == "budget":
            kinds.append(["budget", None])
            index += 1
        elif word in ("budget", "arsbudget"):
            kinds.append(["budget", None])
        elif word in ("utfall", "bokslut"):
            kinds.append(["outcome", None])
        elif word == "plan":
            kinds.append(["plan", None])
        elif word in ("prognos", "procent", "andel"):
            kinds.append(["skip", None])
        elif word == "belopp":
            kinds.append(["amount", None])
    return [(kind, named_year) for kind, named_year in kinds]
