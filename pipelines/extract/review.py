"""The last step: each figure once, and a review row for every figure a person should look at.

A key printed twice with the same value is kept once, from its first
printing (or the first its table's arithmetic verified); printed again with
another value, the first is kept as a conflict naming both numbers and the
second goes to review. `write_review_csv` is what `finsam extract --review
OUT.csv` writes; the refresh keeps the same rows in
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
    first: dict[tuple, int] = {}  # key → position in facts
    review = [row for row in read.review if row.source_line not in consumed or not row.raw_label]
    for fact in read.facts:
        position = first.get(fact.key)
        if position is None:
            first[fact.key] = len(facts)
            facts.append(fact)
            continue
        earlier = facts[position]
        if earlier.value == fact.value:
            if earlier.status == "unverified" and fact.status == "verified":
                facts[position] = fact  # the printing its table's arithmetic checked is the one to show
            continue
        # The document contradicts itself: the first printing is kept, as a conflict naming both.
        said = f"printed {earlier.value} here and {fact.value} at line {fact.source_line}"
        message = f"{earlier.message}; {said}" if earlier.status == "conflict" and earlier.message else said
        facts[position] = earlier.with_status("conflict", message)
        reason = (
            f"{PRINTED_AGAIN}: {fact.code} {fact.item} {fact.scenario} {fact.fiscal_year} "
            f"is {fact.value} here and {earlier.value} at line {earlier.source_line}"
        )
        review.append(review_row(document, fact.source_line, fact.raw_label, str(fact.value), reason))
    return Extraction(facts=facts, review=review)


def write_review_csv(rows: list[ReviewRow], stream: TextIO) -> None:
    """The review list as CSV: `source_line` in the facts' form (`12`, `3:12`)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for row in rows:
        writer.writerow(["" if getattr(row, name) is None else getattr(row, name) for name in REVIEW_COLUMNS])
