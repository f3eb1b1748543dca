"""From placed rows and the chosen reading to facts with their status, and review rows for the rest.

A fact is `verified` when a check it takes part in holds, `conflict` when it is
a printed total contradicting the parts that were read (the message gives
both numbers), `unverified` otherwise. A row with figures that yields no fact
goes to review with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.extract.interpret.columns import Target
from pipelines.extract.interpret.placed import Choice, Placed
from pipelines.extract.model import (
    AMBIGUOUS_READING,
    UNKNOWN_LABEL,
    Document,
    ExtractedFact,
    ReviewRow,
)
from pipelines.extract.reconcile.checks import Check, conflicts, verified_slots
from pipelines.extract.tables.table import Table

UNREADABLE = "unreadable figure: OCR garbled what is printed for this row"
PLACED_BY_LAYOUT = "figure placed on this row by layout clues; the arithmetic allows another row"


@dataclass
class Read:
    facts: list[ExtractedFact] = field(default_factory=list)
    review: list[ReviewRow] = field(default_factory=list)
    lines: set[str] = field(default_factory=set)  # lines the interpreter accounted for
    skipped: set[str] = field(default_factory=set)  # lines read and knowingly left without a fact

    def extend(self, other: Read) -> Read:
        self.facts += other.facts
        self.review += other.review
        self.lines |= other.lines
        self.skipped |= other.skipped
        return self


def review_row(
    document: Document, line_ref: str, label: str, values: str, reason: str, year=None
) -> ReviewRow:
    return ReviewRow(
        source_file=document.source_file,
        source_line=line_ref,
        raw_label=label,
        raw_values=values,
        reason=reason,
        federation_id=document.federation_id,
        fiscal_year=year if year is not None else document.fiscal_year,
    )


def emit(
    document: Document,
    placed: list[Placed],
    choice: Choice,
    targets: list[Target | None],
    record_type: str,
    unit: str,
    value_of,
    multiplier: Decimal,
) -> Read:
    read = Read()
    position = choice.slot_of
    status: dict[Target, tuple[set[int], dict[int, Check]]] = {
        target: (verified_slots(checks), conflicts(checks)) for target, checks in choice.checks.items()
    }
    for p in placed:
        row = p.row
        read.lines.add(row.line.ref)
        if row.unreadable and not p.reason:
            p.reason = UNREADABLE
        if p.reason:
            read.review.append(
                review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, p.reason)
            )
            continue
        if not p.readings:
            continue
        match = choice.codes.get(p.index)
        if match is None:
            read.review.append(
                review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, UNKNOWN_LABEL)
            )
            continue
        if p.index in choice.ambiguous:
            readings = " or ".join(" | ".join(v.text if v else "-" for v in r) for r in p.readings)
            reason = f"{AMBIGUOUS_READING}: {readings}; no printed total settles it"
            read.review.append(
                review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, reason)
            )
            continue
        if match.code.startswith("_"):
            read.skipped.add(row.line.ref)  # a line of the statement forms the contract has no code for
            continue
        reading = choice.readings[p.index]
        for column, target in enumerate(targets):
            if target is None or column >= len(reading) or reading[column] is None:
                continue
            slot_index = position[p.index]
            verified, conflicting = status[target]
            slot_status, message = "unverified", None
            if slot_index in conflicting:
                slot_status, message = (
                    "conflict",
                    conflict_message(conflicting[slot_index], choice.slots[target]),
                )
            elif slot_index in verified and not row.uncertain:
                slot_status = "verified"
            if row.uncertain:
                message = PLACED_BY_LAYOUT
            value = value_of(match, reading[column].amount * multiplier)
            read.facts.append(
                ExtractedFact(
                    record_type=record_type,
                    federation_id=document.federation_id or "",
                    fiscal_year=target.year,
                    scenario=target.scenario,
                    code=match.code,
                    item=p.item or match.item,
                    value=_whole(value),
                    unit=unit,
                    raw_label=row.printed_label.strip(),
                    source_file=document.source_file,
                    source_line=_line_of(row, column),
                    status=slot_status,
                    message=message,
                )
            )
    return read


def _line_of(row, column: int) -> str:
    """The line that prints the figure: the row's, or its block's when OCR printed figures apart."""
    if column < len(row.cell_lines) and row.cell_lines[column] is not None:
        return row.cell_lines[column].ref
    return row.line.ref


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def conflict_message(check: Check, slots) -> str:
    printed = money(check.printed)
    if check.kind == "result":
        return f"printed {printed}; income less costs as printed is {money(check.computed)}"
    labels = ", ".join(slots[index].label for index in check.parts[:6])
    more = ", ..." if len(check.parts) > 6 else ""
    return f"printed {printed}; its parts ({labels}{more}) sum to {money(check.computed)}"


def money(value: Decimal | None) -> str:
    if value is None:
        return "?"
    whole = value == value.to_integral_value()
    text = f"{abs(value):,.0f}" if whole else f"{abs(value):,.2f}"
    return ("-" if value < 0 else "") + text.replace(",", " ")


def table_to_review(document: Document, table: Table, reason: str) -> Read:
    """Every row with figures of a table the reader cannot interpret, listed for review with one reason."""
    read = Read()
    for row in table.value_rows:
        read.lines.add(row.line.ref)
        read.review.append(
            review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, reason)
        )
    return read
