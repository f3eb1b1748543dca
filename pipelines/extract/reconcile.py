"""Totals against their parts, by the code hierarchy in seeds/codes.csv (`usual_parent`).

A printed total is compared with the sum of its printed parts; where a part is
missing its own parts stand in for it (a plan without `income_total` still
adds `contributions_total` and `other_income` up to `total_available`).
Totals that add up, and their parts, become `verified`; a total that does not
becomes `conflict` with both numbers. Nothing is changed but the status.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from pipelines.extract.model import ExtractedFact
from pipelines.reference import load_reference

# Codes whose parts are not the same record's children (a cross-check, not a sum).
_NOT_SUMMED = {"result", "equity_closing", "cash_closing"}


@lru_cache(maxsize=1)
def _children() -> dict[tuple[str, str], list[str]]:
    children: dict[tuple[str, str], list[str]] = defaultdict(list)
    import csv

    from pipelines.settings import SEEDS_DIR

    with (SEEDS_DIR / "codes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["usual_parent"]:
                children[(row["record_type"], row["usual_parent"])].append(row["code"])
    return dict(children)


def reconcile_totals(facts: list[ExtractedFact], record_type: str = "budget_line") -> list[ExtractedFact]:
    """Set status on `facts` of one record type by comparing every total with its parts."""
    load_reference()
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, fact in enumerate(facts):
        if fact.record_type == record_type:
            groups[(fact.federation_id, fact.fiscal_year, fact.scenario)].append(index)
    updated = list(facts)
    for indexes in groups.values():
        by_code: dict[str, list[int]] = defaultdict(list)
        for index in indexes:
            by_code[facts[index].code].append(index)
        for code, totals in by_code.items():
            if code in _NOT_SUMMED or len(totals) != 1:
                continue
            parts = _parts(record_type, code, by_code)
            if not parts:
                continue
            total = facts[totals[0]]
            summed = sum((facts[i].value for i in parts), Decimal(0))
            if summed == total.value:
                for index in (totals[0], *parts):
                    if updated[index].status != "conflict":
                        updated[index] = updated[index].with_status("verified", updated[index].message)
            else:
                message = f"printed {int(total.value)}, parts sum to {int(summed)}"
                updated[totals[0]] = total.with_status("conflict", message)
    return updated


def _parts(record_type: str, code: str, present: dict[str, list[int]]) -> list[int]:
    found: list[int] = []
    for child in _children().get((record_type, code), []):
        if child in present:
            found.extend(present[child])
        else:
            found.extend(_parts(record_type, child, present))
    return found
