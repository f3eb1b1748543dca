"""What a document is: whose, which kind, which year, adopted when (a table's unit is its own: tables/).

Read from the content, OCR damage included; an explicit --federation or --year
wins. A document we cannot place gets a clear refusal, never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from pipelines.extract.label_text import fold
from pipelines.extract.model import Document, Line
from pipelines.extract.vocabulary.printed_names import printed_names


class UnclassifiableDocument(Exception):
    """The document's federation or kind cannot be told from its content."""


_REPORT_MARKERS = ("arsredovisning", "resultatrakning", "balansrakning", "kassaflodesanalys")
_PLAN_MARKERS = ("verksamhetsplan",)
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
_DATE = re.compile(r"(?<!\d)(20\d\d)[.\-](\d\d)[.\-](\d\d)(?!\d)")
_LAW_REFERENCE = re.compile(r"\b(19|20)\d\d \d{1,4}\b")
_DATE_WORDS = ("beslut", "reviderad", "datum", "faststalld", "antagen")


def classify(
    source_file: str,
    lines: list[Line],
    federation_id: str | None = None,
    fiscal_year: int | None = None,
    federation_names: Mapping[str, tuple[str, ...]] | None = None,
) -> Document:
    """`federation_names`: folded names per federation (vocabulary/printed_names.py), the contract's
    when not given."""
    folded = [fold(line.text) for line in lines]
    whole = "\n".join(folded)
    kind = _kind(whole)
    if kind is None:
        raise UnclassifiableDocument(
            f"{source_file}: neither a verksamhetsplan nor an årsredovisning "
            "(no such title, no income statement or balance sheet)"
        )
    federation = federation_id or _federation(whole, federation_names or printed_names().federations)
    if federation is None:
        raise UnclassifiableDocument(f"{source_file}: no known federation is named in it; pass --federation")
    document = Document(source_file=source_file, lines=tuple(lines), federation_id=federation, kind=kind)
    return replace(
        document,
        fiscal_year=fiscal_year or _fiscal_year(kind, folded),
        document_date=_document_date(lines, folded),
    )


def _kind(whole: str) -> str | None:
    report = sum(whole.count(marker) for marker in _REPORT_MARKERS)
    plan = sum(whole.count(marker) for marker in _PLAN_MARKERS)
    if report >= 2 and ("resultatrakning" in whole or "balansrakning" in whole):
        return "arsredovisning"
    if plan or "budget" in whole:
        return "verksamhetsplan" if plan or "plan" in whole else None
    return None


def _federation(whole: str, federation_names: Mapping[str, tuple[str, ...]]) -> str | None:
    counts = Counter()
    squashed = whole.replace(" ", "")
    for federation_id, names in federation_names.items():
        counts[federation_id] = sum(squashed.count(name.replace(" ", "")) for name in names)
    if not counts:
        return None
    (best, hits), *rest = counts.most_common()
    if hits == 0 or (rest and rest[0][1] == hits):
        return None
    return best


def _fiscal_year(kind: str, folded: list[str]) -> int | None:
    """A plan's title year (`verksamhetsplan 2024`, `arsbudget 2015`), else the year named most.

    Law references (`2003:1210`) are not years the document is about.
    """
    if kind == "verksamhetsplan":
        for text in folded[:40]:
            match = re.search(r"(?:verksamhetsplan|arsbudget)\D{0,20}(20\d\d|19\d\d)", text)
            if match:
                return int(match.group(1))
    years = Counter(int(year) for text in folded for year in _YEAR.findall(_LAW_REFERENCE.sub(" ", text)))
    return years.most_common(1)[0][0] if years else None


def _document_date(lines: list[Line], folded: list[str]) -> str | None:
    """The adoption or revision date; a signature's `Datum` only when nothing better is printed."""
    adopted, signed = [], []
    for line, text in zip(lines, folded, strict=True):
        words = [word for word in _DATE_WORDS if word in text]
        if not words:
            continue
        for year, month, day in _DATE.findall(line.text):
            try:
                when = date(int(year), int(month), int(day))
            except ValueError:
                continue
            (signed if words == ["datum"] else adopted).append(when)
    found = adopted or signed
    return max(found).isoformat() if found else None
