"""The bounds a federation's figures can plausibly have: beyond them a value is a typo, not a fact.

An absurd value (a year of 1899 or 2099, 10^15 kronor) must never be
published silently; the loaders refuse it with the bound it broke.

- **Years** (fiscal years, dates of documents, participants, registrations):
  from 2004, when the Finsam law (2003:1210) let the first federations start,
  to five years after the current one (a plan covers at most three years
  ahead; the margin allows a plan adopted early).
- **Amounts**: at most 1 000 000 000 kronor in any figure. A federation's
  yearly turnover is some millions to a few tens of millions of kronor, and
  the national funding of all federations together is about a billion; a
  single federation's figure beyond that is a slip of the keyboard (a tkr
  figure entered in kronor twice, a pasted account number).
- **Counts** (participants, exits, answers, staff): at most 1 000 000, far
  above all Finsam participants in a year (some 35 000).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

FIRST_YEAR = 2004
YEARS_AHEAD = 5
MAX_AMOUNT_SEK = Decimal(1_000_000_000)
MAX_COUNT = Decimal(1_000_000)


def last_year(today: date | None = None) -> int:
    return (today or date.today()).year + YEARS_AHEAD


def year_problem(year: int, what: str = "fiscal_year") -> str | None:
    """Why a year is implausible, or None."""
    if FIRST_YEAR <= year <= last_year():
        return None
    return f"{what} {year} is not a plausible year for a federation ({FIRST_YEAR}-{last_year()})"


def date_problem(when: date, what: str) -> str | None:
    """Why a date is implausible (its year out of bounds), or None."""
    if FIRST_YEAR <= when.year <= last_year():
        return None
    return f"{what} {when.isoformat()} is not a plausible date ({FIRST_YEAR}-01-01 to {last_year()}-12-31)"


def amount_problem(value: Decimal, unit: str, text: str) -> str | None:
    """Why an amount or a count is beyond any federation's, or None."""
    if unit == "sek" and abs(value) > MAX_AMOUNT_SEK:
        return (
            f"value {text!r} is beyond any federation's figure "
            f"(at most {MAX_AMOUNT_SEK:,} kr; a tkr figure entered in kronor?)".replace(",", " ")
        )
    if unit == "count" and value > MAX_COUNT:
        return f"value {text!r} is beyond any federation's count (at most {MAX_COUNT:,})".replace(",", " ")
    return None
