"""The shapes extraction works with: a document's lines, the facts it yields, what it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.ingest.facts import FACT_COLUMNS, OPTIONAL_COLUMNS

FACT_FIELDS = FACT_COLUMNS + OPTIONAL_COLUMNS  # the contract's columns, message last


@dataclass(frozen=True)
class Line:
    """One printed line. `ref` is what provenance shows: `12`, or `3:12` (page 3, line 12) for PDF."""

    index: int  # 0-based position in Document.lines
    ref: str
    text: str


@dataclass(frozen=True)
class Document:
    source_file: str
    lines: tuple[Line, ...]
    federation_id: str | None = None
    kind: str | None = None  # verksamhetsplan | arsredovisning
    fiscal_year: int | None = None  # the plan's first budget year, or the report's year
    document_date: str | None = None  # ISO date of adoption or signature, when printed
    unit_multiplier: int = 1000  # 1000 when tables are in tkr, 1 when in kr

    def text_of(self, start: int, stop: int) -> list[Line]:
        return list(self.lines[max(start, 0) : max(stop, 0)])


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
        from dataclasses import replace

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


@dataclass(frozen=True)
class UnreadRegion:
    """A stretch that looked like a table but could not be read with certainty."""

    first_line: str
    last_line: str
    reason: str

    def __str__(self) -> str:
        span = self.first_line if self.first_line == self.last_line else f"{self.first_line}-{self.last_line}"
        return f"lines {span}: {self.reason}"


@dataclass
class Extraction:
    facts: list[ExtractedFact] = field(default_factory=list)
    unread: list[UnreadRegion] = field(default_factory=list)
    personal_data_lines: list[str] = field(default_factory=list)  # refs of lines masked before reading

    def extend(self, other: Extraction) -> Extraction:
        self.facts.extend(other.facts)
        self.unread.extend(other.unread)
        self.personal_data_lines.extend(other.personal_data_lines)
        return self
