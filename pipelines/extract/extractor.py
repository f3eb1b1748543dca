"""One document in, facts out: read, classify, run the extractors of its kind, reconcile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.extract.classify import classify
from pipelines.extract.model import Document, Extraction
from pipelines.extract.reading import read_lines


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
    document = classify(path.name, read_lines(path), federation_id, fiscal_year)
    extraction = Extraction()
    for extract in _extractors()[document.kind]:
        extraction.extend(extract(document))
    return document, extraction
