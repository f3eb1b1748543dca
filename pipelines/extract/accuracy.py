"""Extraction measured against a hand transcription: right key and right value, or not.

Used by the golden tests and the benchmark. A figure counts as found when the
extractor gives the same key (record_type, federation, year, scenario, code,
item) with the same value; a `verified` fact with a wrong value is the worst
error there is and is listed apart.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipelines.extract.model import ExtractedFact

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
