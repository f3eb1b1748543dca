"""A fact CSV's `value` cell, written by hand or by a spreadsheet in Swedish notation.

(A document's printed figures, with their column ambiguities and units, are
read by extract/tables/numbers.py.) Thousands are separated by a space, a non-breaking space or nothing; the
decimal mark is a comma (a dot is accepted from machine-written CSVs); the
minus sign may be `-`, `−` or `–`. Anything else is not a number: we never
guess.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-"})
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED = re.compile(r"^-?\d{1,3}( \d{3})+([.,]\d+)?$")
_PLAIN = re.compile(r"^-?\d+([.,]\d+)?$")


class NotANumber(ValueError):
    """The text is not a number in any notation we accept."""


def parse_number(text: str) -> Decimal:
    """`'3 752'` → 3752, `'17,20'` → 17.20, `'−206'` → -206."""
    cleaned = _SPACES.sub(" ", text.strip().translate(_MINUS_SIGNS)).replace("- ", "-")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    if not (_PLAIN.match(cleaned) or _GROUPED.match(cleaned)):
        raise NotANumber(f"{text!r} is not a number")
    try:
        return Decimal(cleaned.replace(" ", "").replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the patterns above exclude it
        raise NotANumber(f"{text!r} is not a number") from error
