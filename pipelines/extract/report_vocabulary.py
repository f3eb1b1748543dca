"""What an annual report's economy tables are called, what their rows mean, and what must add up.

Labels are folded Swedish (`fold`), matched through OCR damage with `best_match`.
Codes starting with `_` are rows the contract has no code for (tax revenue, the
cash-flow adjustments, …): they take part in the arithmetic but are never emitted.

The arithmetic is what lets the extractor pair labels with values when OCR
printed them in separate blocks, and what decides a fact's status.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from pipelines.extract.text import squash
from pipelines.settings import SEEDS_DIR

STATEMENT = "statement"
BUDGET_LINE = "budget_line"

# Table kind → folded titles that open it. A title is a short line starting with one of these.
TITLES: dict[str, tuple[str, ...]] = {
    "overview": (
        "oversikt over verksamhetens utveckling",
        "femarsoversikt",
        "flerarsoversikt",
        "fem ar i sammandrag",
    ),
    "income": ("resultatrakning",),
    "balance": ("balansrakning",),
    "cashflow": ("kassaflodesanalys", "kassaflodesrapport", "finansieringsanalys"),
    "costs": ("kostnadsfordelning", "kostnadsindelning"),
    "drift": ("driftredovisning", "driftsredovisning"),
}
# Titles that end a table section without opening one of ours.
STOP_TITLES = (
    "noter",
    "redovisningsprinciper",
    "forvaltningsberattelse",
    "styrelsens underskrift",
    "revisionsberattelse",
    "bilagor",
    "viktiga forhallanden",
    "handelser av vasentlig betydelse",
    "forvantad utveckling",
)
RECORD_TYPE = {
    "overview": STATEMENT,
    "income": STATEMENT,
    "balance": STATEMENT,
    "cashflow": STATEMENT,
    "costs": STATEMENT,
    "drift": BUDGET_LINE,
}

LABELS: dict[str, dict[str, str]] = {
    "overview": {
        "verksamhetens intakter": "kf_operating_income",
        "verksamhetens kostnader": "kf_operating_costs",
        "arets resultat": "kf_result",
        "soliditet": "kf_soliditet",
        "antal anstallda": "kf_employees",
    },
    "income": {
        "verksamhetens intakter": "rr_operating_income",
        "verksamhetens kostnader": "rr_operating_costs",
        "avskrivningar": "rr_depreciation",
        "verksamhetens nettokostnader": "rr_net_operating_costs",
        "verksamhetens nettokostnad": "rr_net_operating_costs",
        "skatteintakter": "_rr_tax",
        "generella statsbidrag och utjamning": "_rr_grants",
        "verksamhetens resultat": "_rr_operating_result",
        "finansiella intakter": "rr_financial_income",
        "finansiella kostnader": "rr_financial_costs",
        "resultat efter finansiella poster": "rr_result_after_financial",
        "extraordinara poster": "rr_extraordinary",
        "extraordinara poster netto": "rr_extraordinary",
        "arets resultat": "rr_result",
    },
    "balance": {
        "immateriella tillgangar": "br_intangible_assets",
        "immateriella anlaggningstillgangar": "br_intangible_assets",
        "materiella anlaggningstillgangar": "br_tangible_assets",
        "finansiella anlaggningstillgangar": "br_financial_assets",
        "summa anlaggningstillgangar": "br_fixed_assets_total",
        "bidrag till infrastruktur": "_br_infrastructure",
        "forrad": "br_inventory",
        "forrad lager och exploateringsfastigheter": "br_inventory",
        "fordringar": "br_receivables",
        "kortfristiga fordringar": "br_receivables",
        "kassa och bank": "br_cash",
        "summa omsattningstillgangar": "br_current_assets_total",
        "summa tillgangar": "br_assets_total",
        "arets resultat": "br_equity_result",
        "resultatutjamningsreserv": "br_equity_reserve",
        "ovrigt eget kapital": "br_equity_other",
        "summa eget kapital": "br_equity_total",
        "avsattningar for pensioner": "_br_provisions_pensions",
        "avsattningar for pensioner och liknande forpliktelser": "_br_provisions_pensions",
        "andra avsattningar": "_br_provisions_other",
        "summa avsattningar": "br_provisions_total",
        "langfristiga skulder": "br_liabilities_long",
        "kortfristiga skulder": "br_liabilities_short",
        "summa skulder": "br_liabilities_total",
        "summa eget kapital avsattningar och skulder": "br_equity_and_liabilities_total",
    },
    "cashflow": {
        "arets resultat": "cf_result",
        "justering for poster som ej paverkar rorelsekapitalet": "_cf_adjustments",
        "justering for ej likviditetspaverkande poster": "_cf_adjustments",
        "medel fran verksamheten fore forandring av rorelsekapital": "_cf_before_working_capital",
        "forandring av omsattningstillgangar": "cf_change_current_assets",
        "forandring av kortfristiga fordringar": "cf_change_current_assets",
        "forandring av kortfristiga skulder": "cf_change_short_liabilities",
        "kassaflode fran drift": "cf_operating",
        "kassaflode fran den lopande verksamheten": "cf_operating",
        "kassaflode fran investeringsverksamheten": "_cf_investing",
        "kassaflode fran finansieringsverksamheten": "_cf_financing",
        "arets kassaflode": "cf_year",
        "likvida medel vid arets borjan": "cf_cash_opening",
        "likvida medel vid arets slut": "cf_cash_closing",
    },
    "costs": {
        "administration": "cd_administration",
        "individinriktade insatser": "cd_individual",
        "strukturovergripande insatser": "cd_structural",
        "summa": "cd_total",
        "totalt": "cd_total",
        "summa kostnader": "cd_total",
    },
    "drift": {
        "nettokostnad": "total_costs",
        "nettokostnader": "total_costs",
        "bidrag intakt": "income_total",
        "bidrag intakter": "income_total",
        "verksamhetens intakter": "income_total",
        "resultat": "result",
        "arets resultat": "result",
        "utgaende eget kapital": "equity_closing",
        "likvida medel": "cash_closing",
        "finansiering fran medlemmar": "contributions_total",
        "summa driftbidrag": "contributions_total",
        "finansiella poster": "financial_income",
        "finansiella intakter": "financial_income",
        "eget kapital disponeras": "equity_used",
        "summa medel att disponera": "total_available",
        "styrelsen": "board_total",
        "kansli och administration": "office_total",
        "kansli": "office_total",
        "lokalkostnader": "premises_total",
        "ovriga administrativa kostnader": "admin_total",
        "projektkostnader": "interventions_total",
        "kostnader for insatser": "interventions_total",
        "summa styrelse och kansli": "board_and_office_total",
        "finansiella kostnader": "financial_costs",
        "summa kostnader": "total_costs",
    },
}

# Rows printed under a group row (`- Revision` under `Ovriga administrativa kostnader`): their
# meaning depends on the group. Funding and intervention groups are handled by name, not listed.
GROUP_CHILDREN: dict[str, dict[str, str]] = {
    "board_total": {
        "fasta arvoden": "board_fixed_fees",
        "sammantrades och ovriga arvoden": "board_meeting_fees",
        "ers forlorad arbetsfortjanst": "board_lost_earnings",
        "ersattning forlorad arbetsfortjanst": "board_lost_earnings",
        "reseersattning och traktamenten": "board_travel",
        "arbetsgivaravgifter": "board_payroll_tax",
        "ovrigt": "board_other",
    },
    "office_total": {
        "verkstallande tjansteperson": "office_director",
        "forbundschef": "office_director",
    },
    "premises_total": {"hyra kontor": "premises_rent", "hyra": "premises_rent"},
    "admin_total": {
        "kurs och konferens inkl resor": "admin_courses",
        "revision": "admin_audit",
        "administration": "admin_administration",
        "information": "admin_information",
        "ovrigt": "admin_other",
    },
}
FUNDING_GROUPS = {"contributions_total", "income_total"}
INTERVENTION_GROUPS = {"interventions_total"}
UNALLOCATED = {"ointecknade medel": "unallocated"}

# Section words that head a group of rows and normally carry no figure of their own.
HEADINGS = {
    "tillgangar",
    "anlaggningstillgangar",
    "omsattningstillgangar",
    "eget kapital avsattningar och skulder",
    "eget kapital",
    "avsattningar",
    "skulder",
    "panter och ansvarsforbindelser",
    "ansvarsforbindelser",
    "personalkostnader",
    "drift",
    "investeringar",
    "finansiering",
}
# Rows a Finsam federation seldom uses: when arithmetic cannot tell two rows apart, the other wins.
RARE = {"br_equity_reserve", "br_inventory"}


@dataclass(frozen=True)
class Identity:
    """`total = Σ coefficient × part`. Missing parts count as nothing; a missing part that is itself a
    total is replaced by its own parts.

    `strict`: a mismatch is a conflict (False: the table is a summary that may leave items out).
    `omits`: statement codes that, when nonzero the same year, the table does not show, so its
    parts cannot be complete.
    """

    total: str
    parts: tuple[tuple[int, str], ...]
    strict: bool = True
    omits: tuple[str, ...] = ()


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
    # The overview leaves out financial items: a mismatch is a remark, not a conflict.
    _sum("kf_result", "kf_operating_income", "-kf_operating_costs", strict=False),
)


@lru_cache(maxsize=1)
def budget_identities() -> tuple[Identity, ...]:
    """Budget-line totals from seeds/codes.csv (`usual_parent`), plus result = income − costs.

    A follow-up table's result leaves out the financial items the income statement shows for
    the same year, so those make its parts incomplete.
    """
    children: dict[str, list[str]] = {}
    with (SEEDS_DIR / "codes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["record_type"] == BUDGET_LINE and row["usual_parent"]:
                children.setdefault(row["usual_parent"], []).append(row["code"])
    sums = tuple(Identity(total, tuple((1, part) for part in parts)) for total, parts in children.items())
    result = Identity(
        "result",
        ((1, "income_total"), (1, "financial_income"), (-1, "total_costs")),
        omits=("rr_financial_income", "rr_financial_costs"),
    )
    return (*sums, result)


def identities() -> tuple[Identity, ...]:
    return STATEMENT_IDENTITIES + budget_identities()


# The same quantity printed in two places: (code, code printed `shift` years later). Outcome only.
SAME_QUANTITY: tuple[tuple[str, str, int], ...] = (
    ("kf_operating_income", "rr_operating_income", 0),
    ("kf_operating_costs", "rr_operating_costs", 0),
    ("kf_result", "rr_result", 0),
    ("br_equity_result", "rr_result", 0),
    ("cf_result", "rr_result", 0),
    ("br_cash", "cf_cash_closing", 0),
    ("cf_cash_closing", "cf_cash_opening", 1),
    ("br_cash", "cf_cash_opening", 1),
    ("cd_total", "rr_operating_costs", 0),
    ("total_costs", "rr_operating_costs", 0),
    ("income_total", "rr_operating_income", 0),
    ("result", "rr_result", 0),
    ("equity_closing", "br_equity_total", 0),
    ("cash_closing", "br_cash", 0),
)


def partners(code: str) -> list[tuple[str, int]]:
    """Codes printing the same quantity as `code`, with the year offset to look them up at."""
    found = [(right, shift) for left, right, shift in SAME_QUANTITY if left == code]
    return found + [(left, -shift) for left, right, shift in SAME_QUANTITY if right == code]


@lru_cache(maxsize=8192)
def _squashed(text: str) -> str:
    return squash(text)


@lru_cache(maxsize=1 << 18)  # the same printed labels meet the same vocabulary in every report
def likeness(label: str, key: str) -> float:
    """`similarity` (difflib's ratio on folded text without spaces), but cheap for labels that are
    obviously unlike: below 0.8 it may return an upper bound, which no threshold of ours accepts."""
    left, right = _squashed(label), _squashed(key)
    if left == right:
        return 1.0
    if not left or not right:
        return 0.0
    bound = 2 * min(len(left), len(right)) / (len(left) + len(right))
    if bound < 0.8:
        return bound
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    quick = matcher.quick_ratio()
    return quick if quick < 0.8 else matcher.ratio()


def closest(label: str, candidates: dict[str, str], threshold: float = 0.85) -> tuple[str | None, float]:
    """The value whose key is most like `label`, and how alike; None below `threshold`."""
    score, key = max(((likeness(label, key), key) for key in candidates), default=(0.0, ""))
    return (candidates[key], score) if score >= threshold else (None, score)
