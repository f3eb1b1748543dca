"""Figures the annual report states in running text rather than in a table.

The member contributions' total (`Årets tilldelning från förbundsmedlemmarna uppgick
till 3 678 000 kronor`) becomes contributions_total; amounts the text gives for ESF
money tell which non-member income row is ESF. Amounts carry their own unit
(`kronor`, `kr`, `tkr`, `mkr`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from pipelines.extract.model import Document
from pipelines.extract.report_checks import Candidate
from pipelines.extract.text import fold
from pipelines.ingest.numbers import NotANumber, parse_number

_AMOUNT = re.compile(r"(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)\s*(kronor|kr|tkr|mkr|miljoner)\b", re.IGNORECASE)
_UNIT_WORDS = {"kronor": 1, "kr": 1, "tkr": 1000, "mkr": 1_000_000, "miljoner": 1_000_000}
_CONTRIBUTION_WORDS = ("medlem", "huvudm", "driftsbidrag", "driftbidrag")
_LEAD_IN = re.compile(r"(\s+(uppgick|till|var|pa|på|om|med|totalt))+\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def prose_contributions(document: Document) -> list[Candidate]:
    """`Årets tilldelning från förbundsmedlemmarna uppgick till 3 678 000 kronor` → contributions_total."""
    found: list[Candidate] = []
    for line in document.lines:
        folded = fold(line.text)
        if "tilldelning" not in folded or not any(word in folded for word in _CONTRIBUTION_WORDS):
            continue
        start = line.text.lower().find("tilldelning")
        match = _AMOUNT.search(line.text, start)
        amount = _amount(match)
        years = set(_YEAR.findall(line.text))
        year = int(years.pop()) if len(years) == 1 else document.fiscal_year
        if amount is None or year is None:
            continue
        label = _LEAD_IN.sub("", line.text[: match.start()].split(". ")[-1]).strip()
        found.append(
            Candidate(
                "budget_line", "contributions_total", "", year, "outcome", amount, "sek", label, line.ref, -1
            )
        )
    return _agreeing(found)


def _agreeing(found: list[Candidate]) -> list[Candidate]:
    """One figure per year; when the prose states different ones, the first is kept and doubted."""
    by_year: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in found:
        by_year[candidate.year].append(candidate)
    kept = []
    for same in by_year.values():
        first = same[0]
        others = {c.value for c in same[1:]} - {first.value}
        if others:
            first.certain = False
            first.remarks.append(f"the text also states {', '.join(str(v) for v in sorted(others))}")
        kept.append(first)
    return kept


def _amount(match: re.Match | None) -> Decimal | None:
    if match is None:
        return None
    try:
        return parse_number(match.group(1)) * _UNIT_WORDS[match.group(2).lower()]
    except NotANumber:
        return None


def esf_amounts(document: Document) -> set[Decimal]:
    """Amounts the text gives for ESF money (`320 000 kr ESF medel`)."""
    amounts: set[Decimal] = set()
    for line in document.lines:
        if "esf" in fold(line.text).split():
            amounts.update(
                parse_number(m.group(1)) * _UNIT_WORDS[m.group(2).lower()]
                for m in _AMOUNT.finditer(line.text)
            )
    return amounts


def name_esf(candidates: list[Candidate], amounts: set[Decimal]) -> None:
    """A non-member income row is ESF money when the text gives ESF the same amount in some year."""
    rows: dict[tuple, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.code == "other_income":
            rows[(candidate.table, candidate.raw_label)].append(candidate)
    for same_row in rows.values():
        if any(candidate.value in amounts for candidate in same_row):
            for candidate in same_row:
                candidate.remarks.append(f"printed as {candidate.raw_label}; the text names it ESF money")
                candidate.item = "esf"
