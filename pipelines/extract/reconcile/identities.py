"""What must add up: the statement forms of the law on municipal accounting (LKBR), and the budget tree.

The income statement, balance sheet and cash flow of an annual report follow
LKBR's forms, so their identities are known in advance, whatever the
wording and order a document prints them in. Codes starting with `_` are
lines the contract has no code for (tax revenue, the cash-flow
adjustments): they take part in the arithmetic and are never emitted.

A budget's totals are the code tree of `seeds/codes.csv` (`usual_parent`):
a total equals the parts printed under it, a missing intermediate total's
parts standing in for it. A document that groups board and office under
`Summa styrelse och kansli` makes that group the parent of both.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from pipelines.foundation.reference import GROUPING_PARENTS
from pipelines.foundation.settings import SEEDS_DIR


@dataclass(frozen=True)
class Identity:
    """`total = Σ sign × part`. `strict`: a mismatch is a conflict, else only a missed check."""

    total: str
    parts: tuple[tuple[int, str], ...]
    strict: bool = True

    @property
    def pure_sum(self) -> bool:
        return all(sign == 1 for sign, _ in self.parts)


def _sum(total: str, *parts: str, strict: bool = True) -> Identity:
    return Identity(total, tuple((-1, p[1:]) if p.startswith("-") else (1, p) for p in parts), strict)


STATEMENT_IDENTITIES: tuple[Identity, ...] = (
    _sum("rr_net_operating_costs", "rr_operating_income", "-rr_operating_costs", "-rr_depreciation"),
    _sum("_rr_operating_result", "rr_net_operating_costs", "_rr_tax", "_rr_grants"),
    _sum("rr_result_after_financial", "_rr_operating_result", "rr_financial_income", "-rr_financial_costs"),
    _sum("rr_result", "rr_result_after_financial", "rr_extraordinary"),
    _sum("br_fixed_assets_total", "br_intangible_assets", "br_tangible_assets", "br_financial_assets"),
    _sum("br_current_assets_total", "br_inventory", "br_receivables", "br_cash"),
    _sum("br_assets_total", "br_fixed_assets_total", "_br_infrastructure", "br_current_assets_total"),
    _sum("br_equity_total", "br_equity_result", "br_equity_reserve", "br_equity_other"),
    _sum("br_provisions_total", "_br_provisions_pensions", "_br_provisions_other"),
    _sum("br_liabilities_total", "br_liabilities_long", "br_liabilities_short"),
    _sum("br_equity_and_liabilities_total", "br_equity_total", "br_provisions_total", "br_liabilities_total"),
    _sum("br_equity_and_liabilities_total", "br_assets_total"),
    _sum("_cf_before_working_capital", "cf_result", "_cf_adjustments"),
    _sum(
        "cf_operating",
        "_cf_before_working_capital",
        "cf_change_current_assets",
        "cf_change_short_liabilities",
    ),
    _sum("cf_year", "cf_operating", "_cf_investing", "_cf_financing"),
    _sum("cf_cash_closing", "cf_cash_opening", "cf_year"),
    _sum("cd_total", "cd_administration", "cd_individual", "cd_structural"),
    # a five-year overview leaves out the financial items: a mismatch is no contradiction
    _sum("kf_result", "kf_operating_income", "-kf_operating_costs", strict=False),
)

# Statement codes printed as magnitudes (costs without their minus); all others keep their sign.
MAGNITUDES = frozenset(
    {"rr_operating_costs", "rr_depreciation", "rr_financial_costs", "kf_operating_costs", "cd_total"}
)

# The same quantity printed in two places of an annual report: (code, code `shift` years later).
SAME_QUANTITY: tuple[tuple[str, str, int], ...] = (
    ("kf_operating_income", "rr_operating_income", 0),
    ("kf_operating_costs", "rr_operating_costs", 0),
    ("kf_result", "rr_result", 0),
    ("br_equity_result", "rr_result", 0),
    ("cf_result", "rr_result", 0),
    ("br_cash", "cf_cash_closing", 0),
    ("cf_cash_closing", "cf_cash_opening", 1),
    ("cd_total", "rr_operating_costs", 0),
    ("total_costs", "rr_operating_costs", 0),
    ("income_total", "rr_operating_income", 0),
    ("result", "rr_result", 0),
    ("equity_closing", "br_equity_total", 0),
    ("cash_closing", "br_cash", 0),
)


@lru_cache(maxsize=1)
def budget_parents() -> dict[str, tuple[str, ...]]:
    """Budget code → its possible parents, nearest first (`board_total` → board_and_office_total,
    total_costs)."""
    usual: dict[str, str] = {}
    with (SEEDS_DIR / "codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["record_type"] == "budget_line" and row["usual_parent"]:
                usual[row["code"]] = row["usual_parent"]
    chains: dict[str, tuple[str, ...]] = {}
    for code in usual:
        chain: list[str] = []
        current = code
        if code in GROUPING_PARENTS:
            chain.append(GROUPING_PARENTS[code])
        while current in usual:
            current = usual[current]
            chain.append(current)
        chains[code] = tuple(chain)
    return chains


@lru_cache(maxsize=1)
def budget_sections() -> dict[str, str]:
    """Budget code → its section in seeds/codes.csv (income, cost, result, equity)."""
    with (SEEDS_DIR / "codes.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: row["section"]
            for row in csv.DictReader(handle)
            if row["record_type"] == "budget_line"
        }


def budget_totals() -> frozenset[str]:
    """Budget codes that are the total of other codes."""
    return frozenset(parent for chain in budget_parents().values() for parent in chain)


def partners(code: str) -> list[tuple[str, int]]:
    """Codes that print the same quantity as `code`, with the year offset to look them up at."""
    found = [(right, shift) for left, right, shift in SAME_QUANTITY if left == code]
    return found + [(left, -shift) for left, right, shift in SAME_QUANTITY if right == code]
