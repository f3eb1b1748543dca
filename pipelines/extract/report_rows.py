"""A table's rows: what each row means (its code and item) and the figures placed on it.

Codes come from the vocabulary of the table's kind. In a driftredovisning the
rows under a group row (`- Lycksele kommun` under `Finansiering från medlemmar`,
`- Revision` under `Övriga administrativa kostnader`) take their meaning from the
group: a member's contribution, other income, an intervention, a listed sub-row.
Section words (`Omsättningstillgångar`, `SKULDER`) are headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.model import Line, UnreadRegion
from pipelines.extract.report_arithmetic import HEADING, Slot
from pipelines.extract.report_cells import Cell, Split
from pipelines.extract.report_columns import Column
from pipelines.extract.report_vocabulary import (
    FUNDING_GROUPS,
    GROUP_CHILDREN,
    HEADINGS,
    INTERVENTION_GROUPS,
    LABELS,
    RARE,
    RECORD_TYPE,
    UNALLOCATED,
    closest,
    identities,
)
from pipelines.extract.text import fold, slugify
from pipelines.reference import load_reference

_HEADINGS = {heading: heading for heading in HEADINGS}
_MEMBER_WORDS = re.compile(r"\b(kommun|kommuner|region|landsting|forsakringskassan|arbetsformedlingen)\b")


@dataclass(frozen=True)
class Figure:
    """A printed figure placed on its row and column; `certain` False when its row is a best guess."""

    cell: Cell
    line: Line
    certain: bool = True
    remark: str | None = None


@dataclass
class Row:
    """One printed row: its label as printed (continuation lines joined, dash dropped), its code and
    item, and its figures by column index."""

    label: str
    line: Line
    code: str | None = None
    item: str = ""
    child: bool = False
    heading: bool = False
    figures: dict[int, Figure] = field(default_factory=dict)
    readings: tuple[Split, ...] = ()  # when the figures split more than one way
    unreadable: bool = False  # figures printed but not read
    missing: set[int] = field(default_factory=set)  # columns whose figure here is unreadable or unplaced


@dataclass
class Table:
    """A table section read: its kind, columns, rows, the unit its header states (a hint only) and
    what could not be read."""

    kind: str
    title: Line
    columns: list[Column]
    rows: list[Row]
    unit_hint: int | None = None
    unread: list[UnreadRegion] = field(default_factory=list)

    def incomplete_columns(self) -> set[int]:
        """Columns with a figure we could not read or give a code: their totals cannot be complete."""
        found: set[int] = set()
        for row in self.rows:
            if row.unreadable:
                found.update(range(len(self.columns)))
            elif not row.code and not row.heading:
                found.update(index for index, figure in row.figures.items() if figure.cell.value)
            found.update(row.missing)
        return found


def code_rows(kind: str, rows: list[Row], members: dict[str, tuple[str, str]]) -> None:
    """Give each row its code (and item) from the vocabulary of its table kind; in a
    driftredovisning, rows under a group row take their meaning from the group."""
    parent: Row | None = None
    for row in rows:
        row.heading, code = _heading_or_code(row.label, LABELS[kind])
        if kind == "drift" and parent is not None and (row.child or code is None):
            child, item = _child_code(parent.code, row.label, members, free=row.child)
            if child is not None or row.child:
                row.code, row.item, row.child = child, item, True
                continue
        row.code = code
        if kind == "drift" and code is not None:
            parent = row
    if kind == "drift":
        _recode_funding(rows)


def _heading_or_code(label: str, vocabulary: dict[str, str]) -> tuple[bool, str | None]:
    """Whether the label is a section heading, and its code. A heading word that matches as well as
    any code wins (`Anläggningstillgångar` is not `Summa anläggningstillgångar`)."""
    code, score = closest(label, vocabulary)
    heading_score = closest(label, _HEADINGS)[1]
    if heading_score >= 0.9 and heading_score >= score:
        return True, None
    return _all_capitals(label), code


def _all_capitals(label: str) -> bool:
    letters = [char for char in label if char.isalpha()]
    return len(letters) >= 4 and all(char.isupper() for char in letters)


def _child_code(parent: str | None, label: str, members, free: bool) -> tuple[str | None, str]:
    """A group row's meaning: member funding, other income, an intervention, or a listed sub-row."""
    if parent in FUNDING_GROUPS:
        member = closest(label, members)[0] if members else _member_by_word(label)
        if member is None and members and _MEMBER_WORDS.search(fold(label)):
            return None, ""  # a member we do not know (`Övriga kommuner`): not other income
        if member is not None:
            member_id, member_type = member
            code = {
                "state": "contribution_state",
                "region": "contribution_region",
                "municipality": "contribution_municipality",
            }[member_type]
            return code, member_id if member_type == "municipality" else ""
        return ("other_income", slugify(label)) if free else (None, "")
    if parent in INTERVENTION_GROUPS:
        if closest(label, UNALLOCATED)[0]:
            return "unallocated", ""
        return ("intervention", slugify(label)) if free else (None, "")
    family = GROUP_CHILDREN.get(parent or "")
    return (closest(label, family)[0], "") if family else (None, "")


def _member_by_word(label: str) -> tuple[str, str] | None:
    """Without a member list: `X kommun` is a municipality, a region a region, the agencies the state."""
    folded = fold(label)
    if folded.endswith(" kommun"):
        return slugify(folded.removesuffix(" kommun")), "municipality"
    if folded.startswith(("region ", "landsting")):
        return slugify(folded), "region"
    if folded.startswith(("forsakringskassan", "arbetsformedlingen", "staten")):
        return slugify(folded), "state"
    return None


def _recode_funding(rows: list[Row]) -> None:
    """A funding row whose group includes non-member income is total income, not member funding."""
    for index, row in enumerate(rows):
        if row.code not in FUNDING_GROUPS:
            continue
        group = []
        for child in rows[index + 1 :]:
            if not child.child:
                break
            group.append(child.code)
        if group:
            row.code = "income_total" if "other_income" in group else "contributions_total"


def slots_for(kind: str, rows: list[Row]) -> list[Slot]:
    """Rows as pairing slots. When arithmetic cannot tell rows apart, a lone figure is likelier on a
    total (a group with empty sub-rows prints its sum) than on a part, a part than a rarely used
    row, and any of those than a row without code or a heading."""
    codes = load_reference().codes
    record_type = RECORD_TYPE[kind]
    totals = {identity.total for identity in identities()}
    slots = []
    for row in rows:
        code = codes.get((record_type, row.code)) if row.code else None
        if code is None:
            slots.append(Slot(row.code, HEADING if row.heading else 3))
        elif row.code in RARE:
            slots.append(Slot(row.code, 2, code.is_magnitude))
        else:
            slots.append(Slot(row.code, 0 if row.code in totals else 1, code.is_magnitude))
    return slots
