"""Numbers as Swedish readers write them: `1 234 567 kr`, `53,6 %`, `−102 000 kr`.

A narrow no-break space groups thousands (it never wraps inside a number), a
comma marks decimals, a real minus sign leads negatives, and the unit follows
after a no-break space. None is shown as an en dash: a figure the documents
do not give, or one hidden to protect small counts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

THIN = "\u202f"  # narrow no-break space: the thousands separator
NBSP = "\u00a0"  # between a number and its unit
MINUS = "\u2212"
MISSING = "–"


def format_number(value: int | Decimal | float | None, decimals: int = 0) -> str:
    """1234567.891 with 2 decimals -> '1 234 567,89'; half up, as the marts round.

    A float goes through its text (0.1 is '0.1', not its binary expansion); a
    Decimal, as the marts give most figures, is used as it is.
    """
    if value is None:
        return MISSING
    exact = value if type(value) is Decimal else Decimal(str(value))
    number = exact.quantize(_step(decimals), rounding=ROUND_HALF_UP)
    text = f"{number:,f}".replace(",", THIN).replace(".", ",")
    return MINUS + text[1:] if number < 0 else text.removeprefix("-")  # −0 reads as 0


@cache
def _step(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def format_kronor(value: int | Decimal | None) -> str:
    """Whole kronor: '106 100 kr'."""
    return MISSING if value is None else f"{format_number(value)}{NBSP}kr"


def format_percent(value: Decimal | float | None, decimals: int | None = 1) -> str:
    """A percentage 0-100 as stored: '53,6 %'; with decimals=None, '20 %' for a whole number."""
    if value is None:
        return MISSING
    if decimals is None:
        decimals = 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 1
    return f"{format_number(value, decimals)}{NBSP}%"


def format_points(value: Decimal | float | None, decimals: int = 1) -> str:
    """A change of a percentage, signed: '+4,4 p.e.' (procentenheter)."""
    if value is None:
        return MISSING
    sign = "+" if Decimal(str(value)) > 0 else ""
    return f"{sign}{format_number(value, decimals)}{NBSP}p.e."


def format_count(value: int | Decimal | None) -> str:
    return format_number(value)


def plain(text: str) -> str:
    """The same text with ordinary spaces and hyphen-minus, for tests and CSV readers."""
    return text.replace(THIN, " ").replace(NBSP, " ").replace(MINUS, "-")


def short_federation_name(name_sv: str | None, federation_id: str) -> str:
    """'Samordningsförbundet i Sollefteå' -> 'Sollefteå': how a table or a sentence names it."""
    if not name_sv:
        return federation_id
    for prefix in ("Samordningsförbundet i ", "Samordningsförbundet ", "Finsam "):
        if name_sv.startswith(prefix):
            return name_sv[len(prefix) :]
    return name_sv
