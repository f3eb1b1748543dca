"""Extraction measured against a transcription: right key and right value, or not.

Two kinds of answer key:

- a fact CSV in the contract's columns (the hand transcriptions in landing/,
  the truth files `finsam synth` writes): `read_expected` + `measure`, keys
  compared exactly;
- a truth file with the extra columns `grade`, `expected_status`, `item_alt`
  and `scenario_alt` (the development documents' truth files): `read_truth` + `score`, where an
  item may be written any of the accepted ways (`*:` standing for any goal
  area) and a scenario either way.

A figure counts as found when a fact has its key and its value; a `verified`
fact with a wrong value is the worst error there is and is listed apart. A
figure is *accounted for* when it was found, or when a fact or a review row
sits on the line that prints it: the reader said something about it. A truth
file may cite a figure by the line of its row's name rather than the line its
digits are on (a goal map's goal, its target printed lines further down): the
line that prints it is then the first line from there that does
(`printing_line`).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipelines.extract.model import ExtractedFact, Line

MEASURED_RECORD_TYPES = ("budget_line", "statement", "participants", "outcome", "survey")


@dataclass
class Accuracy:
    expected: int = 0
    found: int = 0
    wrong: list[tuple] = field(default_factory=list)  # (key, expected, extracted, status)
    missing: list[tuple] = field(default_factory=list)
    extra: list[tuple] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def wrong_but_verified(self) -> list[tuple]:
        return [entry for entry in self.wrong if entry[3] == "verified"]

    def report(self) -> str:
        lines = [f"{self.found}/{self.expected} figures right ({self.rate:.1%})"]
        lines += [
            f"  wrong   {key}: expected {exp}, got {got} ({status})" for key, exp, got, status in self.wrong
        ]
        lines += [f"  missing {key}: expected {value}" for key, value in self.missing]
        lines += [f"  extra   {key}: {value}" for key, value in self.extra]
        return "\n".join(lines)


def read_expected(paths: list[Path], source_file: str) -> dict[tuple, Decimal]:
    """Hand-transcribed facts of one document from fact CSVs (first printing of a key wins)."""
    expected: dict[tuple, Decimal] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["source_file"] != source_file:
                    continue
                key = (
                    row["record_type"],
                    row["federation_id"],
                    int(row["fiscal_year"]),
                    row["scenario"],
                    row["code"],
                    row["item"],
                )
                expected.setdefault(key, Decimal(row["value"]))
    return expected


def measure(
    extracted: list[ExtractedFact],
    expected: dict[tuple, Decimal],
    record_types: tuple[str, ...] = MEASURED_RECORD_TYPES,
) -> Accuracy:
    got: dict[tuple, ExtractedFact] = {}
    for fact in extracted:
        if fact.record_type in record_types:
            got.setdefault(fact.key, fact)
    result = Accuracy()
    for key, value in sorted(expected.items(), key=str):
        if key[0] not in record_types:
            continue
        result.expected += 1
        fact = got.get(key)
        if fact is None:
            result.missing.append((key, value))
        elif fact.value == value:
            result.found += 1
        else:
            result.wrong.append((key, value, fact.value, fact.status))
    result.extra = [(key, fact.value) for key, fact in sorted(got.items(), key=str) if key not in expected]
    return result


# --- truth files with accepted alternatives ----------------------------------------------------------------


@dataclass(frozen=True)
class TruthFigure:
    """One printed figure of a truth file, with every way its key may be written."""

    record_type: str
    federation_id: str
    fiscal_year: int
    scenarios: tuple[str, ...]
    code: str
    items: tuple[str, ...]  # the item, then its accepted alternatives; `*:x` is x under any goal area
    value: Decimal
    source_file: str
    source_line: str
    expected_status: str
    grade: str

    def accepts_key(self, fact: ExtractedFact) -> bool:
        if (fact.record_type, fact.federation_id, fact.fiscal_year, fact.code) != (
            self.record_type,
            self.federation_id,
            self.fiscal_year,
            self.code,
        ):
            return False
        return fact.scenario in self.scenarios and any(_item_accepts(item, fact.item) for item in self.items)


def _item_accepts(accepted: str, item: str) -> bool:
    if accepted.startswith("*:"):
        return item.split(":", 1)[-1] == accepted[2:]
    return accepted == item


def read_truth(path: Path) -> list[TruthFigure]:
    """A truth file; plain fact CSVs (no alternative columns) read as truth files without alternatives."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [_figure(row) for row in csv.DictReader(handle)]


def _figure(row: dict[str, str]) -> TruthFigure:
    scenarios = (row["scenario"], *(s for s in (row.get("scenario_alt") or "").split("|") if s))
    items = (row["item"], *(i for i in (row.get("item_alt") or "").split("|") if i))
    return TruthFigure(
        record_type=row["record_type"],
        federation_id=row["federation_id"],
        fiscal_year=int(row["fiscal_year"]),
        scenarios=scenarios,
        code=row["code"],
        items=items,
        value=Decimal(row["value"]),
        source_file=row["source_file"],
        source_line=row["source_line"],
        expected_status=row.get("expected_status") or row.get("status") or "",
        grade=row.get("grade") or "",
    )


@dataclass
class Score:
    """One document against its truth figures."""

    expected: int = 0
    found: int = 0
    accounted: int = 0
    status_agrees: int = 0  # found figures whose status is the one a careful reader concludes
    conflicts_expected: int = 0
    conflicts_flagged: int = 0
    wrong_but_verified: list[tuple[TruthFigure, ExtractedFact]] = field(default_factory=list)
    wrong: list[tuple[TruthFigure, ExtractedFact]] = field(default_factory=list)
    missing: list[TruthFigure] = field(default_factory=list)
    by_grade: Counter = field(default_factory=Counter)  # grade → found
    expected_by_grade: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def accounted_rate(self) -> float:
        return self.accounted / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        for name in ("expected", "found", "accounted", "status_agrees", "conflicts_expected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.conflicts_flagged += other.conflicts_flagged
        self.wrong_but_verified += other.wrong_but_verified
        self.wrong += other.wrong
        self.missing += other.missing
        self.by_grade.update(other.by_grade)
        self.expected_by_grade.update(other.expected_by_grade)

    def report(self) -> str:
        lines = [f"{self.found}/{self.expected} figures right ({self.rate:.1%})"]
        lines += [
            f"  wrong   {_key(t)} line {t.source_line}: expected {t.value}, got {f.value} ({f.status})"
            for t, f in self.wrong
        ]
        lines += [f"  missing {_key(t)} line {t.source_line}: expected {t.value}" for t in self.missing]
        return "\n".join(lines)


def _key(figure: TruthFigure) -> str:
    scenario, item = figure.scenarios[0], figure.items[0]
    return f"{figure.record_type} {figure.fiscal_year} {scenario} {figure.code} {item}".strip()


PRINT_REACH = 20  # lines below a cited line that may hold its figure (a goal's measures, a wrapped row)


def printing_line(figure: TruthFigure, lines: Sequence[Line]) -> str:
    """The ref of the line that prints the figure: the cited line when its digits are there, else the first
    of the next `PRINT_REACH` lines that prints them; the cited line when none does (or no lines given)."""
    refs = [line.ref for line in lines]
    if figure.source_line not in refs:
        return figure.source_line
    start = refs.index(figure.source_line)
    printed = _printed_forms(figure.value)
    for line in lines[start : start + PRINT_REACH + 1]:
        if printed.search(line.text):
            return line.ref
    return figure.source_line


def _printed_forms(value: Decimal) -> re.Pattern:
    """The value's digits as documents print them: grouped by thousands with any separator, or in tkr."""
    whole = abs(int(value))
    forms = [str(whole)] + ([str(whole // 1000)] if whole >= 1000 and whole % 1000 == 0 else [])
    grouped = [_grouped_digits(form) for form in forms]
    return re.compile(r"(?<![\d])(?:" + "|".join(grouped) + r")(?![\d])")


def _grouped_digits(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return r"[\s\u00a0\u2009.]?".join(groups)


def score(
    facts: list[ExtractedFact], review_lines: set[str], truth: list[TruthFigure], lines: Sequence[Line] = ()
) -> Score:
    """`review_lines`: the source lines of the review rows the extraction wrote for this document;
    `lines`: the document's lines, to find the line that prints a figure the truth cites elsewhere."""
    result = Score()
    fact_lines = {fact.source_line for fact in facts}
    for figure in truth:
        result.expected += 1
        result.expected_by_grade[figure.grade] += 1
        candidates = [fact for fact in facts if figure.accepts_key(fact)]
        right = next((fact for fact in candidates if fact.value == figure.value), None)
        if right is not None:
            result.found += 1
            result.by_grade[figure.grade] += 1
            result.status_agrees += right.status == figure.expected_status
        elif candidates:
            result.wrong.append((figure, candidates[0]))
            result.wrong_but_verified += [(figure, f) for f in candidates if f.status == "verified"][:1]
        else:
            result.missing.append(figure)
        said = fact_lines | review_lines
        if right is not None or figure.source_line in said or printing_line(figure, lines) in said:
            result.accounted += 1
        if figure.expected_status == "conflict":
            result.conflicts_expected += 1
            result.conflicts_flagged += right is not None and right.status == "conflict"
    return result
