"""How far an OCR'd figure can be trusted: Tesseract's confidence, and arithmetic chance could satisfy.

The last step for a document with OCR'd lines (cells with a confidence):
- a figure read with a confidence below `LOW_CONFIDENCE` is `unverified`,
  the confidence in its message, whatever the arithmetic said: a misread
  digit can make a total contradict its parts (a false `conflict`) as well
  as leave it unchecked;
- a `verified` figure stays verified only when at most one figure of its
  table, year and scenario (all a check can have used) was read unsure, and
  there are at least three figures: a check that holds with one unsure
  figure confirms it (a misreading would break the sum), but two misread
  figures can make up for each other, and with two figures the check is a
  total against its only part, which one misreading repeated in both lines
  (the same glyphs in the same font) satisfies by chance;
- a `conflict` (a printed total against its parts) in a group with a figure
  read unsure is `unverified`: the contradiction may be OCR's.

A figure's confidence is that of the cell that prints it (the cell whose
value is the fact's, in the document's units), else the least of the line's
figure cells.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from pipelines.extract.model import Document, ExtractedFact, Extraction, Line
from pipelines.extract.tables.numbers import parse_value
from pipelines.extract.tables.table import Table

LOW_CONFIDENCE = 0.80
FEWEST_FOR_A_CHECK = 3
MOST_UNSURE = 1  # unsure figures a holding check can carry and still verify
_SCALES = (Decimal(1), Decimal(1000), Decimal(1_000_000))


def distrust_ocr(document: Document, extraction: Extraction, tables: list[Table]) -> Extraction:
    scanned = {line.ref: line for line in document.lines if _ocr(line)}
    if not scanned:
        return extraction
    table_of = {line.ref: index for index, table in enumerate(tables) for line in table.lines}
    confidence = {
        id(fact): figure_confidence(fact, scanned.get(fact.source_line)) for fact in extraction.facts
    }
    groups: dict[tuple, list[ExtractedFact]] = defaultdict(list)
    for fact in extraction.facts:
        groups[_group(fact, table_of)].append(fact)
    facts = []
    for fact in extraction.facts:
        own = confidence[id(fact)]
        if own is None:
            facts.append(fact)
        elif own < LOW_CONFIDENCE:
            facts.append(fact.with_status("unverified", _joined(_low(own), fact)))
        elif fact.status == "verified":
            facts.append(_checked(fact, groups[_group(fact, table_of)], confidence))
        elif fact.status == "conflict":
            facts.append(_contradicted(fact, groups[_group(fact, table_of)], confidence))
        else:
            facts.append(fact)
    return Extraction(facts=facts, review=extraction.review)


def figure_confidence(fact: ExtractedFact, line: Line | None) -> float | None:
    """The confidence of the cell printing `fact`'s value on its line; None off OCR'd lines."""
    if line is None:
        return None
    figures = [cell for cell in line.cells if cell.confidence is not None and re.search(r"\d", cell.text)]
    if not figures:
        return None
    matching = [cell.confidence for cell in figures if _prints(cell.text, fact.value)]
    return min(matching or [cell.confidence for cell in figures])


def _checked(
    fact: ExtractedFact, group: list[ExtractedFact], confidence: dict[int, float | None]
) -> ExtractedFact:
    unsure = _unsure(group, confidence)
    if len(unsure) > MOST_UNSURE:
        (least, line), (_next, other) = sorted(unsure)[:2]
        message = (
            f"OCR: the check that verified it uses figures read unsure (confidence {least:.2f} at line "
            f"{line}, and at line {other}), whose misreadings could make up for each other"
        )
        return fact.with_status("unverified", _joined(message, fact))
    if len(group) < FEWEST_FOR_A_CHECK:
        message = "OCR: verified only against one other figure, which the same misreading would satisfy too"
        return fact.with_status("unverified", _joined(message, fact))
    return fact


def _contradicted(fact: ExtractedFact, group: list[ExtractedFact], confidence: dict[int, float | None]):
    """A printed total that contradicts parts OCR read unsure may contradict only a misreading."""
    unsure = _unsure(group, confidence)
    if not unsure:
        return fact
    least, line = min(unsure)
    message = f"OCR: the contradiction may be a misreading (confidence {least:.2f} at line {line})"
    return fact.with_status("unverified", _joined(message, fact))


def _unsure(group: list[ExtractedFact], confidence: dict[int, float | None]) -> list[tuple[float, str]]:
    return [
        (confidence[id(other)], other.source_line)
        for other in group
        if confidence[id(other)] is not None and confidence[id(other)] < LOW_CONFIDENCE
    ]


def _group(fact: ExtractedFact, table_of: dict[str, int]) -> tuple:
    table = table_of.get(fact.source_line)
    where = table if table is not None else f"line {fact.source_line}"
    return (where, fact.record_type, fact.fiscal_year, fact.scenario)


def _prints(text: str, value: Decimal) -> bool:
    read = parse_value(text)
    return read is not None and any(abs(read.amount) * scale == abs(value) for scale in _SCALES)


def _low(confidence: float) -> str:
    return f"OCR confidence {confidence:.2f} (below {LOW_CONFIDENCE:.2f}): compare the figure with the scan"


def _joined(message: str, fact: ExtractedFact) -> str:
    return f"{message}; {fact.message}" if fact.message else message


def _ocr(line: Line) -> bool:
    return bool(line.cells) and any(cell.confidence is not None for cell in line.cells)
