"""One document in, facts out: read, mask personal data, classify, run the extractors of its kind.

Lines that hold what looks like a personnummer are masked before anything
reads them, so no fact, label, message or summary can carry one; the
extraction names those lines (`personal_data_lines`) for the quarantine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipelines.extract.classify import classify
from pipelines.extract.model import Document, Extraction, Line
from pipelines.extract.reading import read_lines
from pipelines.ingest.personal_data import mask_personal_data


def _extractors() -> dict[str, list[Callable[[Document], Extraction]]]:
    from pipelines.extract.annual_report import extract_annual_report
    from pipelines.extract.budget import extract_budget
    from pipelines.extract.report_outcomes import extract_report_outcomes

    return {
        "verksamhetsplan": [extract_budget],
        "arsredovisning": [extract_annual_report, extract_report_outcomes],
    }


def extract_document(
    path: Path, federation_id: str | None = None, fiscal_year: int | None = None
) -> tuple[Document, Extraction]:
    """Raises UnreadableDocument or UnclassifiableDocument when the file is not one we can read."""
    lines, masked = masked_lines(read_lines(path))
    document = classify(mask_personal_data(path.name), lines, federation_id, fiscal_year)
    extraction = Extraction(personal_data_lines=masked)
    for extract in _extractors()[document.kind]:
        extraction.extend(extract(document))
    return document, extraction


def masked_lines(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """The lines with personnummer-like numbers masked, and the refs of the lines that held one."""
    masked: list[str] = []
    result = []
    for line in lines:
        text = mask_personal_data(line.text)
        if text != line.text:
            masked.append(line.ref)
            line = replace(line, text=text)
        result.append(line)
    return result, masked
