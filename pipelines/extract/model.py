"""The shapes extraction works with: a document's lines, the facts it yields, what goes to review."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from pipelines.foundation.reference import FACT_COLUMNS, OPTIONAL_COLUMNS

FACT_FIELDS = FACT_COLUMNS + OPTIONAL_COLUMNS  # the contract's columns, message last


@dataclass(frozen=True)
class Cell:
    """A run of text a format shows as one unit, and where it sits on its line.

    x0/x1 are in the reader's own unit (PDF points, character columns, a
    spreadsheet's column number); only their order and gaps within one page
    matter. `confidence` is an OCR engine's word confidence, 0..1, when known.
    """

    text: str
    x0: float
    x1: float
    confidence: float | None = None


@dataclass(frozen=True)
class Line:
    """One printed line. `ref` is what provenance shows: `12`, or `3:12` (page 3, line 12) for PDF.

    `cells` is None for plain text (the table finder splits `text` on its
    spacing) and a tuple of cells when the format knows positions.
    """

    index: int  # 0-based position in Document.lines
    ref: str
    text: str
    page: int = 1
    cells: tuple[Cell, ...] | None = None


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Runs of printed lines between blank ones: a paragraph of prose, a block of a goal map."""
    found: list[list[Line]] = [[]]
    for line in lines:
        if line.text.strip():
            found[-1].append(line)
        elif found[-1]:
            found.append([])
    return [paragraph for paragraph in found if paragraph]


@dataclass(frozen=True)
class Document:
    source_file: str
    lines: tuple[Line, ...]
    federation_id: str | None = None
    kind: str | None = None  # verksamhetsplan | arsredovisning
    fiscal_year: int | None = None  # the plan's first budget year, or the report's year
    document_date: str | None = None  # ISO date of adoption or signature, when printed


@dataclass(frozen=True)
class ExtractedFact:
    record_type: str
    federation_id: str
    fiscal_year: int
    scenario: str
    code: str
    item: str
    value: Decimal
    unit: str
    raw_label: str
    source_file: str
    source_line: str
    status: str = "unverified"
    message: str | None = None

    def with_status(self, status: str, message: str | None = None) -> ExtractedFact:
        return replace(self, status=status, message=message)

    @property
    def key(self) -> tuple:
        return (
            self.record_type,
            self.federation_id,
            self.fiscal_year,
            self.scenario,
            self.code,
            self.item,
        )


# Why a row with figures did not become facts (the review list's `reason` starts with one of these).
UNKNOWN_LABEL = "unknown label"
AMBIGUOUS_COLUMN = "ambiguous column"
AMBIGUOUS_READING = "ambiguous reading"
NO_HEADER = "no column header"
NOT_PAIRED = "figures not paired with a label"
PRINTED_AGAIN = "printed again"


@dataclass(frozen=True)
class ReviewRow:
    """A row with figures that did not become facts, or a figure a person should look at."""

    source_file: str
    source_line: str  # the same form as the facts': `12` or `3:12`
    raw_label: str
    raw_values: str
    reason: str
    federation_id: str | None = None
    fiscal_year: int | None = None

    @property
    def line(self) -> int:
        """The line number of `source_line` (`12` of `3:12` or `Budget!12`), for the raw layer's lineage."""
        return line_number(self.source_line) or 0


def line_number(source_line: str) -> int | None:
    """The line (or row) a ref ends with: `12` of `12`, `3:12` and `Budget 2026!12`."""
    tail = source_line.rsplit("!", 1)[-1].split(":")[-1]
    return int(tail) if tail.isdigit() else None


@dataclass
class Extraction:
    facts: list[ExtractedFact] = field(default_factory=list)
    review: list[ReviewRow] = field(default_factory=list)
    personal_data_lines: list[str] = field(default_factory=list)  # refs of lines masked before reading

    def extend(self, other: Extraction) -> Extraction:
        self.facts.extend(other.facts)
        self.review.extend(other.review)
        self.personal_data_lines.extend(other.personal_data_lines)
        return self
