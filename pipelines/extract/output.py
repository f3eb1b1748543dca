"""Extracted facts as the contract's fact CSV."""

from __future__ import annotations

import csv
from typing import TextIO

from pipelines.extract.model import FACT_FIELDS, ExtractedFact


def write_facts_csv(facts: list[ExtractedFact], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FACT_FIELDS)
    for fact in facts:
        row = [getattr(fact, name) for name in FACT_FIELDS]
        row[FACT_FIELDS.index("value")] = plain_number(fact.value)
        row[FACT_FIELDS.index("message")] = fact.message or ""
        writer.writerow(row)


def plain_number(value) -> str:
    """`3752000`, `17.2`, `-206000`: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")
