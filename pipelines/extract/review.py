"""The last step: each figure once, and a review row for every figure a person should look at.

A key printed twice with the same value is kept once, from its first
printing; printed again with another value, the first is kept and the second
goes to review with both numbers. `write_review_csv` is what `finsam extract
--review OUT.csv` writes; the refresh keeps the same rows in
`raw.extraction_review` (`ops.extraction_review`).
"""

from __future__ import annotations

import csv
from typing import TextIO

from pipelines.extract.interpret.emit import Read, review_row
from pipelines.extract.model import PRINTED_AGAIN, Document, ExtractedFact, Extraction, ReviewRow

REVIEW_COLUMNS = (
    "source_file",
    "source_line",
    "raw_label",
    "raw_values",
    "reason",
    "federation_id",
    "fiscal_year",
)


def finished(document: Document, read: Read, consumed: set[str] = frozenset()) -> Extraction:
    """`consumed`: lines a reader of charts or prose took whole (a chart's legend is no table)."""
    facts: list[ExtractedFact] = []
    first: dict[tuple, ExtractedFact] = {}
    review = [row for row in read.review if row.source_line not in consumed or not row.raw_label]
    for fact in read.facts:
        earlier = first.get(fact.key)
        if earlier is None:
            first[fact.key] = fact
            facts.append(fact)
        elif earlier.value != fact.value:
            reason = (
                f"{PRINTED_AGAIN}: {fact.code} {fact.item} {fact.scenario} {fact.fiscal_year} is {fact.value} here "
                f"and {earlier.value} at line {earlier.source_line}; the first printing is kept"
            )
            review.append(review_row(document, fact.source_line, fact.raw_label, str(fact.value), reason))
    return Extraction(facts=facts, review=review)


def write_review_csv(rows: list[ReviewRow], stream: TextIO) -> None:
    """The review list as CSV: `source_line` in the facts' form (`12`, `3:12`)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for row in rows:
        writer.writerow(["" if getattr(row, name) is None else getattr(row, name) for name in REVIEW_COLUMNS])
