"""The last step: each figure once, and a review row for every figure a person should look at.

A key printed twice with the same value is kept once, from its first
printing; printed again with another value, the first is kept and the second
goes to review with both numbers.
"""

from __future__ import annotations

from pipelines.extract.interpret.emit import Read, review_row
from pipelines.extract.model import PRINTED_AGAIN, Document, ExtractedFact, Extraction


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
