"""Tiny made-up documents for the extraction tests: text in, a classified Document, its extraction out."""

from __future__ import annotations

from decimal import Decimal
from textwrap import dedent

from pipelines.extract.extractor import extract
from pipelines.extract.model import Document, ExtractedFact, Extraction, Line


def document(
    text: str,
    kind: str = "verksamhetsplan",
    fiscal_year: int | None = 2031,
    federation_id: str = "sodra_lappland",
) -> Document:
    """Lines numbered from 1 as a text file's are; indentation common to all lines is dropped."""
    lines = dedent(text).strip("\n").split("\n")
    numbered = tuple(Line(index, str(index + 1), raw) for index, raw in enumerate(lines))
    return Document(f"{kind}.txt", numbered, federation_id, kind, fiscal_year)


def extraction_of(text: str, **fields) -> Extraction:
    return extract(document(text, **fields))


def facts_of(text: str, **fields) -> dict[tuple, ExtractedFact]:
    """(year, scenario, code, item) → fact."""
    return {(f.fiscal_year, f.scenario, f.code, f.item): f for f in extraction_of(text, **fields).facts}


def values_of(text: str, **fields) -> dict[tuple, Decimal]:
    return {key: fact.value for key, fact in facts_of(text, **fields).items()}


def plan(text: str, **fields) -> Extraction:
    return extraction_of(text, kind="verksamhetsplan", **fields)


def report(text: str, fiscal_year: int = 2025, **fields) -> Extraction:
    return extraction_of(text, kind="arsredovisning", fiscal_year=fiscal_year, **fields)


def review_lines(extraction: Extraction) -> list[str]:
    return [row.source_line for row in extraction.review]
